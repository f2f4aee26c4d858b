//! Checking the mailbox sections: the single `[mailbox]` form and the
//! `[[mailboxes]]` list, Maildir and IMAP.

use super::check::Checker;
use super::raw::{RawMailbox, S};
use super::{ImapAuth, ImapConfig, ImapSecurity, MailboxConfig, MailboxSource};
use std::collections::HashSet;
use std::time::Duration;

pub(super) fn mailboxes(
    c: &mut Checker,
    single: Option<RawMailbox>,
    list: Vec<RawMailbox>,
) -> Option<Vec<MailboxConfig>> {
    let raws: Vec<(String, RawMailbox)> = match (single, list.is_empty()) {
        (Some(one), true) => vec![("mailbox".to_owned(), one)],
        (None, false) => list
            .into_iter()
            .enumerate()
            .map(|(i, m)| (format!("mailboxes[{i}]"), m))
            .collect(),
        (None, true) => {
            let hint = "add a [mailbox] section (or [[mailboxes]] for several)";
            c.error("mailbox", None, "is missing".into(), hint);
            return None;
        }
        (Some(_), false) => {
            let msg = "and [[mailboxes]] cannot both be given".into();
            c.error("mailbox", None, msg, "move [mailbox] into the list");
            return None;
        }
    };
    let mut names = HashSet::new();
    let mut out = Vec::new();
    let mut ok = true;
    for (key, raw) in raws {
        let name = raw
            .name
            .as_ref()
            .map(|n| n.get_ref().clone())
            .unwrap_or_else(|| key.clone());
        if !names.insert(name.clone()) {
            let msg = format!("{name:?} is used twice");
            c.error(
                &format!("{key}.name"),
                raw.name.as_ref(),
                msg,
                "give each mailbox its own name",
            );
            ok = false;
        }
        let authserv_id = raw.authserv_id.as_ref().map(|id| id.get_ref().clone());
        match mailbox(c, &key, raw) {
            Some(source) => out.push(MailboxConfig {
                name,
                source,
                authserv_id,
            }),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn mailbox(c: &mut Checker, key: &str, raw: RawMailbox) -> Option<MailboxSource> {
    let poll = raw
        .poll_interval_ms
        .unwrap_or(match raw.kind.get_ref().as_str() {
            "imap" => 60_000,
            _ => 1000,
        });
    if poll == 0 {
        let k = format!("{key}.poll_interval_ms");
        c.error(&k, None, "must be more than 0".into(), "");
        return None;
    }
    let poll_interval = Duration::from_millis(poll);
    match raw.kind.get_ref().as_str() {
        "maildir" => {
            let path = c.required(&format!("{key}.path"), &raw.path, &raw.kind)?;
            Some(MailboxSource::Maildir {
                path: c.path(path.get_ref()),
                poll_interval,
            })
        }
        "imap" => imap(c, key, raw, poll_interval).map(|i| MailboxSource::Imap(Box::new(i))),
        other => {
            let msg = format!("unknown mailbox kind {other:?}");
            let k = format!("{key}.kind");
            c.error(&k, Some(&raw.kind), msg, "use \"maildir\" or \"imap\"");
            None
        }
    }
}

fn imap(
    c: &mut Checker,
    key: &str,
    raw: RawMailbox,
    poll_interval: Duration,
) -> Option<ImapConfig> {
    let host = c
        .required(&format!("{key}.host"), &raw.host, &raw.kind)?
        .get_ref()
        .clone();
    let username = c
        .required(&format!("{key}.username"), &raw.username, &raw.kind)?
        .get_ref()
        .clone();
    let security = match raw.security.as_ref().map(|s| s.get_ref().as_str()) {
        None | Some("tls") => ImapSecurity::Tls,
        Some("starttls") => ImapSecurity::StartTls,
        Some("none") => ImapSecurity::None,
        Some(other) => {
            let msg = format!("unknown security {other:?}");
            let hint = "use \"tls\", \"starttls\" or \"none\"";
            c.error(&format!("{key}.security"), raw.security.as_ref(), msg, hint);
            return None;
        }
    };
    let auth = match (&raw.password_env, &raw.oauth_token_command) {
        (Some(_), None) => {
            ImapAuth::Password(c.secret(&format!("{key}.password_env"), raw.password_env.as_ref())?)
        }
        (None, Some(command)) if !command.is_empty() => ImapAuth::OAuth2 {
            command: command.clone(),
        },
        _ => {
            let msg = "needs exactly one of password_env and oauth_token_command".into();
            let hint = "password_env = \"DSRD_IMAP_PASSWORD\", or oauth_token_command = [\"get-token\"] for Microsoft 365 and Google";
            c.error(&format!("{key}.password_env"), Some(&raw.kind), msg, hint);
            return None;
        }
    };
    let renew = raw.idle_renew_secs.unwrap_or(25 * 60);
    if !(1..=28 * 60).contains(&renew) {
        let msg = "must be between 1 and 1680 seconds".into();
        let hint = "RFC 2177: re-issue IDLE before the server's 29-minute limit";
        c.error(&format!("{key}.idle_renew_secs"), None, msg, hint);
        return None;
    }
    let folder = |f: &Option<S>| f.as_ref().map(|s| s.get_ref().clone());
    Some(ImapConfig {
        host,
        port: raw.port.unwrap_or(match security {
            ImapSecurity::Tls => 993,
            _ => 143,
        }),
        security,
        ca_file: raw.ca_file.as_ref().map(|f| c.path(f.get_ref())),
        username,
        auth,
        folder: folder(&raw.folder).unwrap_or_else(|| "INBOX".into()),
        done_folder: folder(&raw.done_folder),
        sent_folder: folder(&raw.sent_folder),
        idle: raw.idle.unwrap_or(true),
        idle_renew: Duration::from_secs(renew),
        poll_interval,
        timeout: Duration::from_secs(raw.timeout_secs.unwrap_or(30).max(1)),
        reconnect_max: Duration::from_secs(raw.reconnect_max_secs.unwrap_or(300).max(1)),
    })
}

#[cfg(test)]
mod tests {
    use crate::config::{parse, ImapAuth, ImapSecurity, MailboxSource};
    use std::path::Path;

    const ORG: &str = "[organisation]\nname = \"S\"\nreply_address = \"avg@s.example\"\n[outgoing]\nkind = \"files\"\npath = \"out\"\n";

    #[test]
    fn several_imap_mailboxes_are_read_with_their_defaults() {
        let text = format!(
            "{ORG}[[mailboxes]]\nname = \"avg\"\nkind = \"imap\"\nhost = \"imap.s.example\"\n\
username = \"avg\"\npassword_env = \"PW\"\ndone_folder = \"Done\"\n\
[[mailboxes]]\nname = \"privacy\"\nkind = \"imap\"\nhost = \"h\"\nsecurity = \"starttls\"\n\
username = \"p\"\noauth_token_command = [\"get-token\", \"p\"]\nidle = false\n"
        );
        let env = |name: &str| (name == "PW").then(|| "secret".to_owned());
        let config = parse(Path::new("dsrd.toml"), &text, &env).unwrap().config;
        assert_eq!(config.mailboxes.len(), 2);
        let MailboxSource::Imap(avg) = &config.mailboxes[0].source else {
            panic!()
        };
        assert_eq!((avg.port, avg.security), (993, ImapSecurity::Tls));
        assert_eq!(avg.folder, "INBOX");
        assert_eq!(avg.done_folder.as_deref(), Some("Done"));
        assert!(matches!(&avg.auth, ImapAuth::Password(p) if p.expose() == "secret"));
        let privacy = config.mailboxes[1].imap().unwrap();
        assert_eq!((privacy.port, privacy.idle), (143, false));
        assert!(matches!(&privacy.auth, ImapAuth::OAuth2 { command } if command[0] == "get-token"));
    }

    #[test]
    fn an_imap_mailbox_needs_one_way_to_log_in_and_unique_names() {
        let text = format!(
            "{ORG}[[mailboxes]]\nname = \"a\"\nkind = \"imap\"\nhost = \"h\"\nusername = \"u\"\n\
[[mailboxes]]\nname = \"a\"\nkind = \"maildir\"\npath = \"m\"\n"
        );
        let err = parse(Path::new("dsrd.toml"), &text, &|_| None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("mailboxes[0].password_env"), "{err}");
        assert!(err.contains("\"a\" is used twice"), "{err}");
    }

    #[test]
    fn the_authserv_id_is_read_per_mailbox_and_optional() {
        let text = format!(
            "{ORG}[[mailboxes]]\nname = \"a\"\nkind = \"maildir\"\npath = \"m\"\n\
authserv_id = \"mx.s.example\"\n[[mailboxes]]\nname = \"b\"\nkind = \"maildir\"\npath = \"n\"\n"
        );
        let config = parse(Path::new("dsrd.toml"), &text, &|_| None)
            .unwrap()
            .config;
        assert_eq!(
            config.mailboxes[0].authserv_id.as_deref(),
            Some("mx.s.example")
        );
        assert_eq!(config.mailboxes[1].authserv_id, None);
    }
}
