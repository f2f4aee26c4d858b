//! Keeping personal data out of logs, by construction: every log line above
//! debug level passes through [`Redacting`], the writer the binary installs
//! for its log output, which takes out what looks like an e-mail address or a
//! telephone number — wherever it came from (an SMTP server's refusal, a
//! database error, a library's message). Call sites need not remember to.
//! Debug and trace lines are written as they are: they are for a developer
//! on a test system and may hold anything.
//!
//! Names cannot be recognised by a pattern; they stay out of the log because
//! no log line above debug level is given one (spans and events carry case
//! references and counts). The end-to-end test `privacy_in_logs` runs the
//! daemon over mail with known names and addresses and finds none of them.

use regex::Regex;
use std::io::{self, Write};
use std::sync::OnceLock;
use tracing::{Level, Metadata};
use tracing_subscriber::fmt::MakeWriter;

/// `text` with every e-mail address replaced by `<address>` and every
/// telephone number by `<phone>`.
pub fn redact(text: &str) -> String {
    static ADDRESS: OnceLock<Regex> = OnceLock::new();
    static PHONE: OnceLock<Regex> = OnceLock::new();
    let address = ADDRESS
        .get_or_init(|| Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+").expect("valid pattern"));
    // Dutch numbers as people write them: 06-12345678, 06 1234 5678,
    // +31 6 12345678, 020-1234567, 0031 20 1234567.
    let phone = PHONE.get_or_init(|| {
        Regex::new(
            r"(?:\+|00)31[\s\-]?\(?0?\)?[1-9](?:[\s\-]?\d){7,8}\b|\b0[1-9](?:[\s\-]?\d){8}\b",
        )
        .expect("valid pattern")
    });
    let text = address.replace_all(text, "<address>");
    phone.replace_all(&text, "<phone>").into_owned()
}

/// A [`MakeWriter`] that redacts every line above debug level before it
/// reaches `inner`.
#[derive(Debug, Clone)]
pub struct Redacting<M> {
    inner: M,
}

impl<M> Redacting<M> {
    /// Redacts what is written to `inner`.
    pub fn new(inner: M) -> Self {
        Redacting { inner }
    }
}

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for Redacting<M> {
    type Writer = RedactingWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        // Without the event's level: redact, to be safe.
        RedactingWriter::redacted(self.inner.make_writer())
    }

    fn make_writer_for(&'a self, meta: &Metadata<'_>) -> Self::Writer {
        let inner = self.inner.make_writer_for(meta);
        // `Level` orders by verbosity: DEBUG and TRACE are "greater" than INFO.
        if *meta.level() > Level::INFO {
            RedactingWriter::verbatim(inner)
        } else {
            RedactingWriter::redacted(inner)
        }
    }
}

/// One log record on its way out: kept until it is complete (the formatter
/// may write a line in pieces, and an address must not be split), then
/// redacted and written at once.
pub struct RedactingWriter<W: Write> {
    inner: W,
    buffer: Option<Vec<u8>>,
}

impl<W: Write> RedactingWriter<W> {
    fn redacted(inner: W) -> Self {
        RedactingWriter {
            inner,
            buffer: Some(Vec::new()),
        }
    }

    fn verbatim(inner: W) -> Self {
        RedactingWriter {
            inner,
            buffer: None,
        }
    }

    fn write_out(&mut self) -> io::Result<()> {
        if let Some(buffer) = self.buffer.as_mut().filter(|b| !b.is_empty()) {
            let text = redact(&String::from_utf8_lossy(buffer));
            buffer.clear();
            self.inner.write_all(text.as_bytes())?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Write for RedactingWriter<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match &mut self.buffer {
            Some(buffer) => {
                buffer.extend_from_slice(bytes);
                Ok(bytes.len())
            }
            None => self.inner.write(bytes),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        // A record is written out when it is dropped, whole.
        match self.buffer {
            Some(_) => Ok(()),
            None => self.inner.flush(),
        }
    }
}

impl<W: Write> Drop for RedactingWriter<W> {
    fn drop(&mut self) {
        let _ = self.write_out();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[test]
    fn addresses_are_taken_out_of_server_replies() {
        assert_eq!(
            redact("permanent error (550): 5.1.1 <sanne.de-vries@example.org>: Recipient address rejected"),
            "permanent error (550): 5.1.1 <<address>>: Recipient address rejected"
        );
        assert_eq!(redact("connection refused"), "connection refused");
    }

    #[test]
    fn telephone_numbers_are_taken_out_but_references_and_counts_stay() {
        for phone in [
            "06-12345678",
            "06 1234 5678",
            "0612345678",
            "+31 6 12345678",
            "+31612345678",
            "020-1234567",
            "0031 20 1234567",
        ] {
            assert_eq!(
                redact(&format!("call {phone} now")),
                "call <phone> now",
                "{phone}"
            );
        }
        let kept = "case AVG-2026-0012: 200 messages in 1234 ms, outbox_id=1234567";
        assert_eq!(redact(kept), kept);
    }

    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);
    impl Write for Sink {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn logged(level: Level) -> String {
        let sink = Sink::default();
        let out = sink.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(Level::TRACE)
            .with_ansi(false)
            .with_writer(Redacting::new(move || out.clone()))
            .finish();
        tracing::subscriber::with_default(subscriber, || match level {
            Level::ERROR => tracing::error!(to = "a.b@example.org", "refused: <a.b@example.org>"),
            Level::WARN => tracing::warn!("refused: <a.b@example.org>"),
            Level::INFO => tracing::info!("refused: <a.b@example.org>"),
            Level::DEBUG => tracing::debug!("refused: <a.b@example.org>"),
            _ => tracing::trace!("refused: <a.b@example.org>"),
        });
        let text = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        text
    }

    #[test]
    fn log_lines_above_debug_are_redacted_fields_included() {
        for level in [Level::ERROR, Level::WARN, Level::INFO] {
            let line = logged(level);
            assert!(line.contains("refused: <<address>>"), "{level}: {line}");
            assert!(!line.contains("example.org"), "{level}: {line}");
        }
    }

    #[test]
    fn debug_lines_are_written_as_they_are() {
        for level in [Level::DEBUG, Level::TRACE] {
            assert!(logged(level).contains("<a.b@example.org>"), "{level}");
        }
    }
}
