//! Keeping personal data out of logs: text that may carry an e-mail address
//! (an SMTP server's refusal, a library's error) is passed through
//! [`redact`] before it is logged above debug level.

use regex::Regex;
use std::sync::OnceLock;

/// `text` with every e-mail address replaced by `<address>`.
pub fn redact(text: &str) -> String {
    static ADDRESS: OnceLock<Regex> = OnceLock::new();
    let re = ADDRESS
        .get_or_init(|| Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+").expect("valid pattern"));
    re.replace_all(text, "<address>").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_taken_out_of_server_replies() {
        assert_eq!(
            redact("permanent error (550): 5.1.1 <sanne.de-vries@example.org>: Recipient address rejected"),
            "permanent error (550): 5.1.1 <<address>>: Recipient address rejected"
        );
        assert_eq!(redact("connection refused"), "connection refused");
    }
}
