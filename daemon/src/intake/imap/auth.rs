//! Logging in: LOGIN with a password (RFC 3501 §6.2.3), or SASL XOAUTH2
//! (Google's and Microsoft's bearer-token mechanism) with a token printed by
//! a configured command. Neither secret ever reaches a log or an error.

use super::connect::ImapStream;
use super::error::ImapError;
use crate::config::{ImapAuth, ImapConfig};
use async_imap::{Client, Session};
use std::process::Stdio;

/// Logs in as the configuration says.
pub async fn login(
    c: &ImapConfig,
    client: Client<ImapStream>,
) -> Result<Session<ImapStream>, ImapError> {
    let attempt = async {
        match &c.auth {
            ImapAuth::Password(password) => client
                .login(&c.username, password.expose())
                .await
                .map_err(|(e, _)| e),
            ImapAuth::OAuth2 { command } => {
                let token = bearer_token(command, c.timeout).await?;
                let auth = XOAuth2 {
                    response: xoauth2_response(&c.username, &token),
                    sent: false,
                };
                client
                    .authenticate("XOAUTH2", auth)
                    .await
                    .map_err(|(e, _)| e)
            }
        }
        .map_err(|e| refused(c, e))
    };
    tokio::time::timeout(c.timeout, attempt)
        .await
        .map_err(|_| ImapError::Timeout("login"))?
}

fn refused(c: &ImapConfig, e: async_imap::error::Error) -> ImapError {
    use async_imap::error::Error;
    match e {
        Error::No(reply) | Error::Bad(reply) => ImapError::Auth {
            username: c.username.clone(),
            reply: super::error::server_words(&reply),
        },
        other => ImapError::protocol("login")(other),
    }
}

/// The initial client response of XOAUTH2.
pub fn xoauth2_response(user: &str, token: &str) -> String {
    format!("user={user}\x01auth=Bearer {token}\x01\x01")
}

/// Answers the first challenge with the token; a second challenge is the
/// server's error report, which SASL requires to be answered with nothing.
struct XOAuth2 {
    response: String,
    sent: bool,
}

impl async_imap::Authenticator for XOAuth2 {
    type Response = String;

    fn process(&mut self, _challenge: &[u8]) -> String {
        if std::mem::replace(&mut self.sent, true) {
            String::new()
        } else {
            std::mem::take(&mut self.response)
        }
    }
}

/// Runs the token command; its standard output, trimmed, is the token.
async fn bearer_token(command: &[String], limit: std::time::Duration) -> Result<String, ImapError> {
    let (program, args) = command
        .split_first()
        .ok_or_else(|| ImapError::Token("no command configured".into()))?;
    let run = tokio::process::Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(limit, run)
        .await
        .map_err(|_| ImapError::Token(format!("{program} did not finish in time")))?
        .map_err(|e| ImapError::Token(format!("cannot run {program}: {e}")))?;
    if !output.status.success() {
        return Err(ImapError::Token(format!(
            "{program} exited with {}",
            output.status
        )));
    }
    let token = String::from_utf8(output.stdout)
        .map_err(|_| ImapError::Token(format!("{program} printed something that is not text")))?;
    let token = token.trim();
    if token.is_empty() {
        return Err(ImapError::Token(format!("{program} printed no token")));
    }
    Ok(token.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_imap_xoauth2_response_follows_the_sasl_format() {
        assert_eq!(
            xoauth2_response("avg@school.example", "ya29.token"),
            "user=avg@school.example\x01auth=Bearer ya29.token\x01\x01"
        );
        let mut auth = XOAuth2 {
            response: "r".into(),
            sent: false,
        };
        use async_imap::Authenticator;
        assert_eq!(auth.process(b""), "r");
        assert_eq!(auth.process(b"{\"status\":\"401\"}"), "");
    }

    #[tokio::test]
    async fn an_imap_token_command_prints_the_token_and_failures_hide_its_output() {
        let limit = std::time::Duration::from_secs(5);
        let echo = ["echo".to_owned(), " tok ".to_owned()];
        assert_eq!(bearer_token(&echo, limit).await.unwrap(), "tok");
        let bad = bearer_token(&["false".to_owned()], limit).await;
        assert!(matches!(bad, Err(ImapError::Token(m)) if m.contains("false exited")));
    }
}
