//! Checking `[digest]`: a time of day as HH:MM, addresses in `to`, and the
//! default recipients when `to` is left out. Without the section the daemon
//! sends no digest (an installation asks for it), but `dsrd digest` still
//! shows it, to the recipients it would have.

use super::check::Checker;
use super::digest::{DigestConfig, DigestRecipients, DEFAULT_DIGEST_TIME};
use super::raw::RawDigest;
use super::{OfficerConfig, RemindersConfig};
use chrono::NaiveTime;

pub(super) fn digest(
    c: &mut Checker,
    raw: Option<RawDigest>,
    officers: Option<&[OfficerConfig]>,
    reminders: Option<&RemindersConfig>,
) -> Option<DigestConfig> {
    let configured = raw.is_some();
    let raw = raw.unwrap_or_default();
    let mut ok = true;
    let (h, m) = DEFAULT_DIGEST_TIME;
    let time = match &raw.time {
        None => NaiveTime::from_hms_opt(h, m, 0).expect("a time of day"),
        Some(text) => match NaiveTime::parse_from_str(text.get_ref().trim(), "%H:%M") {
            Ok(t) => t,
            Err(_) => {
                c.error(
                    "digest.time",
                    Some(text),
                    format!("{:?} is not a time of day", text.get_ref()),
                    "HH:MM on a 24-hour clock in organisation.time_zone, e.g. \"07:30\"",
                );
                ok = false;
                NaiveTime::MIN
            }
        },
    };
    let recipients = match raw.to {
        Some(to) if to.get_ref().is_empty() => {
            c.error_at(
                "digest.to",
                &to,
                "is empty".into(),
                "name who receives the digest, leave the key out for the approving officers, or set digest.enabled = false",
            );
            ok = false;
            DigestRecipients::Nobody
        }
        Some(to) => {
            let mut addresses = Vec::new();
            for (i, raw) in to.get_ref().iter().enumerate() {
                match c.address(
                    &format!("digest.to[{i}]"),
                    raw,
                    "e.g. \"fg@school.example\"",
                ) {
                    Some(a) if !addresses.contains(&a) => addresses.push(a),
                    Some(_) => {}
                    None => ok = false,
                }
            }
            DigestRecipients::Configured(addresses)
        }
        None => {
            let approvers: Vec<_> = officers
                .unwrap_or_default()
                .iter()
                .filter(|o| o.role.may_approve())
                .map(|o| o.address.clone())
                .fold(Vec::new(), |mut all, a| {
                    if !all.contains(&a) {
                        all.push(a);
                    }
                    all
                });
            match reminders.and_then(|r| r.officer_address.clone()) {
                _ if !approvers.is_empty() => DigestRecipients::Officers(approvers),
                Some(address) => DigestRecipients::ReminderAddress(address),
                None => DigestRecipients::Nobody,
            }
        }
    };
    // Nobody to send it to is no error: a fresh installation has no
    // officers yet. `dsrd check` warns about it, as about reminders.
    ok.then_some(DigestConfig {
        enabled: configured && raw.enabled.unwrap_or(true),
        time,
        recipients,
    })
}

#[cfg(test)]
mod tests {
    use crate::config::{parse, ConfigError, DigestRecipients, Loaded};
    use std::path::Path;

    const BASE: &str = "[organisation]\nname = \"S\"\nreply_address = \"avg@s.example\"\n[outgoing]\nkind = \"files\"\npath = \"out\"\n[mailbox]\nkind = \"maildir\"\npath = \"m\"\n";

    fn load(sections: &str) -> Result<Loaded, ConfigError> {
        parse(
            Path::new("/etc/dsrd/dsrd.toml"),
            &format!("{BASE}{sections}"),
            &|_| None,
        )
    }

    fn addresses(loaded: &Loaded) -> Vec<&str> {
        let r = &loaded.config.digest.recipients;
        r.addresses().iter().map(|a| a.as_str()).collect()
    }

    #[test]
    fn the_digest_goes_to_the_approving_officers_by_default_then_to_the_reminder_address() {
        let officers = "[[officers]]\nname = \"fg\"\naddress = \"fg@s.example\"\nrole = \"officer\"\n\
                        [[officers]]\nname = \"kijk\"\naddress = \"kijk@s.example\"\nrole = \"viewer\"\n\
                        [reminders]\nofficer_address = \"avg-team@s.example\"\n";
        let loaded = load(&format!("{officers}[digest]\n")).unwrap();
        assert_eq!(addresses(&loaded), ["fg@s.example"]);
        assert!(matches!(
            loaded.config.digest.recipients,
            DigestRecipients::Officers(_)
        ));
        assert_eq!(loaded.config.digest.time.to_string(), "07:00:00");
        assert!(loaded.config.digest.daily());

        let loaded = load("[reminders]\nofficer_address = \"avg-team@s.example\"\n").unwrap();
        assert_eq!(addresses(&loaded), ["avg-team@s.example"]);
        assert!(
            !loaded.config.digest.daily(),
            "without a [digest] section the daemon sends none"
        );

        let loaded =
            load("[digest]\ntime = \"06:45\"\nto = [\"a@s.example\", \"b@s.example\"]\n").unwrap();
        assert_eq!(addresses(&loaded), ["a@s.example", "b@s.example"]);
        assert_eq!(loaded.config.digest.time.to_string(), "06:45:00");
    }

    #[test]
    fn with_nobody_to_send_it_to_or_switched_off_it_is_not_sent() {
        let loaded = load("").unwrap();
        assert_eq!(loaded.config.digest.recipients, DigestRecipients::Nobody);
        assert!(!loaded.config.digest.daily());
        let off =
            load("[reminders]\nofficer_address = \"fg@s.example\"\n[digest]\nenabled = false\n")
                .unwrap();
        assert!(!off.config.digest.daily());
        assert_eq!(off.config.digest.recipients.addresses().len(), 1);
    }

    #[test]
    fn a_bad_time_or_address_is_named_by_its_key() {
        let Err(ConfigError::Invalid(problems)) =
            load("[digest]\ntime = \"7 uur\"\nto = [\"fg\"]\n")
        else {
            panic!("expected problems")
        };
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        assert!(keys.contains(&"digest.time"), "{keys:?}");
        assert!(keys.contains(&"digest.to[0]"), "{keys:?}");
        let Err(ConfigError::Invalid(problems)) = load("[digest]\nto = []\n") else {
            panic!("expected problems")
        };
        assert_eq!(problems[0].key, "digest.to");
        let Err(ConfigError::Parse { message, .. }) = load("[digest]\nwhen = \"07:00\"\n") else {
            panic!("expected a parse error")
        };
        assert!(message.contains("unknown field `when`"), "{message}");
    }
}
