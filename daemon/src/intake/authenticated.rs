//! Whether the sender's address is authenticated, from the verdict the
//! school's own mail server wrote into the message (`Authentication-Results`,
//! RFC 8601).
//!
//! "Matched on file" may count as proof of identity only when the request
//! really came from that address: a `From:` header alone is forged in one
//! line (answers.md §1: the address on file *with DKIM/DMARC pass*). dsrd
//! does not verify signatures itself — the receiving server has done so
//! with the DNS at hand when the mail arrived — but it reads that server's
//! verdict, and only that server's: a sender can put any
//! `Authentication-Results` header into a message, so only headers carrying
//! the configured authserv-id count (RFC 8601 §5: a server removes such
//! headers with its own id from incoming mail), and of those the topmost,
//! the one added last, on delivery.

use serde::{Deserialize, Serialize};

/// The verdict on a message's sender address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "verdict")]
pub enum SenderAuth {
    /// DMARC passed for the From domain, or a DKIM signature of that domain
    /// (or its parent domain) verified.
    Pass {
        /// What passed, e.g. `dmarc` or `dkim header.d=example.net`.
        by: String,
    },
    /// The server checked and the From domain did not pass.
    Fail {
        /// What it said, e.g. `dmarc=fail`.
        why: String,
    },
    /// No verdict of the trusted server (none configured, no header, or
    /// nothing about the From domain): treat the sender as unknown.
    Unknown,
}

impl SenderAuth {
    /// Whether the sender address may count as authenticated.
    pub fn passed(&self) -> bool {
        matches!(self, SenderAuth::Pass { .. })
    }
}

/// Reads the verdict of the server called `authserv_id` on the message
/// `raw` for the domain of its From address `from`.
pub fn sender_auth(raw: &[u8], authserv_id: &str, from: &str) -> SenderAuth {
    let Some(domain) = from
        .rsplit_once('@')
        .map(|(_, d)| d.trim().to_ascii_lowercase())
    else {
        return SenderAuth::Unknown;
    };
    let Some(message) = mail_parser::MessageParser::default().parse_headers(raw) else {
        return SenderAuth::Unknown;
    };
    // Headers are listed top first: the first with our id is the last added.
    let ours = message
        .headers()
        .iter()
        .filter(|h| {
            h.name
                .as_str()
                .eq_ignore_ascii_case("Authentication-Results")
        })
        .filter_map(|h| raw.get(h.offset_start as usize..h.offset_end as usize))
        .map(String::from_utf8_lossy)
        .filter_map(|value| Verdicts::parse(&value))
        .find(|v| v.authserv_id.eq_ignore_ascii_case(authserv_id));
    match ours {
        Some(v) => v.for_domain(&domain),
        None => SenderAuth::Unknown,
    }
}

/// One `Authentication-Results` header, read.
#[derive(Debug, PartialEq)]
struct Verdicts {
    authserv_id: String,
    results: Vec<MethodResult>,
}

/// One `method=result` with its properties, e.g. `dkim=pass header.d=x.nl`.
#[derive(Debug, PartialEq)]
struct MethodResult {
    method: String,
    result: String,
    properties: Vec<(String, String)>,
}

impl MethodResult {
    fn property(&self, name: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Verdicts {
    /// Reads a header value (RFC 8601 §2.2): `authserv-id [version]
    /// *( ";" method "=" result *property )`, comments in parentheses
    /// anywhere, values possibly quoted.
    fn parse(value: &str) -> Option<Verdicts> {
        let text = without_comments(value);
        let mut parts = split_outside_quotes(&text, ';').into_iter();
        let authserv_id = parts.next()?.split_whitespace().next()?.to_owned();
        let mut results = Vec::new();
        for part in parts {
            let mut words = split_outside_quotes(&part, ' ')
                .into_iter()
                .filter(|w| !w.is_empty());
            let Some((method, result)) = words.next().and_then(|w| {
                let (m, r) = w.split_once('=')?;
                Some((m.trim().to_ascii_lowercase(), r.trim().to_ascii_lowercase()))
            }) else {
                continue; // "none", or something unreadable: no result
            };
            let properties = words
                .filter_map(|w| {
                    let (n, v) = w.split_once('=')?;
                    Some((n.to_ascii_lowercase(), unquote(v).to_ascii_lowercase()))
                })
                .collect();
            results.push(MethodResult {
                method,
                result,
                properties,
            });
        }
        Some(Verdicts {
            authserv_id,
            results,
        })
    }

    fn for_domain(&self, domain: &str) -> SenderAuth {
        let dmarc = self.results.iter().find(|r| {
            r.method == "dmarc" && r.property("header.from").is_some_and(|d| d == domain)
        });
        if let Some(d) = dmarc {
            return if d.result == "pass" {
                SenderAuth::Pass { by: "dmarc".into() }
            } else {
                SenderAuth::Fail {
                    why: format!("dmarc={}", d.result),
                }
            };
        }
        // No DMARC verdict: a verified DKIM signature of the From domain
        // (or the organisation domain above it) is as good (RFC 7489 §3.1's
        // relaxed alignment).
        let aligned = |d: &str| domain == d || domain.ends_with(&format!(".{d}"));
        let dkim = self.results.iter().find(|r| {
            r.method == "dkim" && r.result == "pass" && r.property("header.d").is_some_and(aligned)
        });
        match dkim {
            Some(r) => SenderAuth::Pass {
                by: format!("dkim header.d={}", r.property("header.d").unwrap_or("")),
            },
            None if self.results.iter().any(|r| r.method == "dkim") => SenderAuth::Fail {
                why: "no verified DKIM signature of the sender's domain".into(),
            },
            None => SenderAuth::Unknown,
        }
    }
}

/// The text without RFC 5322 comments (nested parentheses, outside quotes).
fn without_comments(value: &str) -> String {
    let (mut out, mut depth, mut quoted, mut escaped) = (String::new(), 0usize, false, false);
    for c in value.chars() {
        if escaped {
            escaped = false;
            if depth == 0 {
                out.push(c);
            }
            continue;
        }
        match c {
            '\\' => {
                escaped = true;
                if depth == 0 {
                    out.push(c);
                }
            }
            '"' if depth == 0 => {
                quoted = !quoted;
                out.push(c);
            }
            '(' if !quoted => depth += 1,
            ')' if !quoted && depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(if c.is_whitespace() { ' ' } else { c }),
            _ => {}
        }
    }
    out
}

fn split_outside_quotes(text: &str, at: char) -> Vec<String> {
    let (mut parts, mut current, mut quoted) = (Vec::new(), String::new(), false);
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            c if c == at && !quoted => parts.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    parts.push(current);
    parts.into_iter().map(|p| p.trim().to_owned()).collect()
}

fn unquote(v: &str) -> &str {
    v.trim().trim_matches('"')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(headers: &[&str]) -> Vec<u8> {
        let mut m = String::new();
        for h in headers {
            m.push_str(h);
            m.push_str("\r\n");
        }
        m.push_str("From: Jan <jan@ouders.example>\r\nSubject: inzage\r\n\r\nGraag inzage.\r\n");
        m.into_bytes()
    }

    const MX: &str = "mx.school.example";

    #[test]
    fn dmarc_pass_from_our_server_authenticates_the_sender() {
        let raw = message(&[
            "Authentication-Results: mx.school.example;\r\n dkim=pass (2048-bit key) header.d=ouders.example header.s=s1;\r\n spf=pass smtp.mailfrom=ouders.example;\r\n dmarc=pass (p=reject dis=none) header.from=ouders.example",
        ]);
        let v = sender_auth(&raw, MX, "jan@ouders.example");
        assert_eq!(v, SenderAuth::Pass { by: "dmarc".into() });
        assert!(v.passed());
    }

    #[test]
    fn a_verdict_the_sender_wrote_himself_counts_for_nothing() {
        // The sender adds a header claiming a pass under another id, and one
        // under ours below the one our server added on delivery.
        let raw = message(&[
            "Authentication-Results: mx.school.example; dmarc=fail header.from=ouders.example",
            "Authentication-Results: mx.forger.example; dmarc=pass header.from=ouders.example",
            "Authentication-Results: mx.school.example; dmarc=pass header.from=ouders.example",
        ]);
        assert_eq!(
            sender_auth(&raw, MX, "jan@ouders.example"),
            SenderAuth::Fail {
                why: "dmarc=fail".into()
            },
            "the topmost header of our server decides"
        );
        let forged_only = message(&[
            "Authentication-Results: mx.forger.example; dmarc=pass header.from=ouders.example",
        ]);
        assert_eq!(
            sender_auth(&forged_only, MX, "jan@ouders.example"),
            SenderAuth::Unknown
        );
    }

    #[test]
    fn an_aligned_dkim_signature_passes_when_there_is_no_dmarc_verdict() {
        let raw =
            message(&["Authentication-Results: mx.school.example 1; dkim=pass header.d=example"]);
        // Relaxed alignment: a signature of the parent domain counts.
        assert!(sender_auth(&raw, MX, "jan@ouders.example").passed());
        let other = message(&[
            "Authentication-Results: mx.school.example; dkim=pass header.d=bulk-mailer.example",
        ]);
        assert!(matches!(
            sender_auth(&other, MX, "jan@ouders.example"),
            SenderAuth::Fail { .. }
        ));
    }

    #[test]
    fn no_verdict_means_unknown() {
        for raw in [
            message(&[]),
            message(&["Authentication-Results: mx.school.example; none"]),
            message(&[
                "Authentication-Results: mx.school.example; spf=pass smtp.mailfrom=ouders.example",
            ]),
            message(&[
                "Authentication-Results: mx.school.example; dmarc=pass header.from=elders.example",
            ]),
            b"garbage without headers".to_vec(),
        ] {
            assert_eq!(
                sender_auth(&raw, MX, "jan@ouders.example"),
                SenderAuth::Unknown
            );
        }
        assert_eq!(
            sender_auth(&message(&[]), MX, "not-an-address"),
            SenderAuth::Unknown
        );
    }

    #[test]
    fn comments_and_quotes_are_read_as_rfc_8601_writes_them() {
        let v = Verdicts::parse(
            "mx.school.example (Postfix; a (nested) comment); dmarc=pass (p=none; dis=none) header.from=\"Ouders.Example\"",
        )
        .unwrap();
        assert_eq!(v.authserv_id, "mx.school.example");
        assert_eq!(v.results.len(), 1);
        assert_eq!(v.results[0].property("header.from"), Some("ouders.example"));
    }
}
