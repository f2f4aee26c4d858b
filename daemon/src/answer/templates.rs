//! The letter templates: built into the binary, overridable per file by the
//! organisation, and rendered by minijinja.
//!
//! A template file is the letter as it will be sent: its first line is
//! `Subject: …`, the second line is empty, the rest is the body. Both parts
//! are templates over the letter's fields (see [`LetterKind::fields`]). A
//! field the letter does not have is an error, not an empty string
//! (`UndefinedBehavior::Strict`), so a misspelt name is found by
//! `dsrd check-config` instead of by a requester. Bodies whose file name ends
//! in `.html` are HTML-escaped; plain-text letters (`.txt`) and subjects
//! never are.
//!
//! Reading the override folder is the configuration's business
//! (`config::check_letters`); everything here is pure.

use super::{Letter, LetterKind};
use crate::lang::Lang;
use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior, Value};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The prefix every template's first line starts with.
const SUBJECT: &str = "Subject: ";

/// Template steps one rendering may take: far above what a letter needs
/// (the built-in ones take well under a thousand), low enough that a loop an
/// officer got wrong stops at once instead of hanging the daemon.
const FUEL: u64 = 100_000;

/// Where built-in templates are said to come from in error messages.
const BUILT_IN: &str = "(built-in letters)";

/// A letter template that does not parse or does not render.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", where_(file, *line, *column))]
pub struct LetterError {
    /// The template file (an override's path, or the built-in's name).
    pub file: PathBuf,
    /// The line in that file, from 1, where known.
    pub line: Option<usize>,
    /// The column (characters, from 1), where known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// The fields the letter has, when the template used another.
    pub fields: Option<&'static [&'static str]>,
}

fn where_(file: &Path, line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!("{}:{l}:{c}", file.display()),
        (Some(l), None) => format!("{}:{l}", file.display()),
        _ => file.display().to_string(),
    }
}

/// An organisation's version of one letter, as read from its folder.
#[derive(Debug, Clone)]
pub struct Override {
    /// Which letter.
    pub kind: LetterKind,
    /// In which language.
    pub lang: Lang,
    /// The file it was read from (for messages).
    pub path: PathBuf,
    /// Its text.
    pub source: String,
}

/// Where a compiled letter came from: the file errors name.
#[derive(Debug)]
struct Origin {
    file: PathBuf,
    overridden: bool,
}

/// The letters dsrd writes, compiled once: the built-in templates with the
/// organisation's overrides in their place. Cheap to clone.
#[derive(Clone)]
pub struct Letters {
    inner: Arc<Inner>,
}

struct Inner {
    /// Each letter compiled as two templates, `<lang>/<file>:subject` and
    /// `<lang>/<file>` (the body).
    env: Environment<'static>,
    /// Keyed by letter and language code (`Lang` has no order).
    origins: BTreeMap<(LetterKind, &'static str), Origin>,
}

impl fmt::Debug for Letters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let overridden: Vec<_> = self
            .inner
            .origins
            .values()
            .filter(|o| o.overridden)
            .map(|o| &o.file)
            .collect();
        f.debug_struct("Letters")
            .field("overridden", &overridden)
            .finish()
    }
}

/// The environment every template is compiled in.
fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    // Spans in errors (the column of a misspelt field), also in release builds.
    env.set_debug(true);
    // A body is written as it should arrive: its last newline belongs to it.
    // A `{% if %}` on a line of its own leaves no empty line behind.
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .keep_trailing_newline(true)
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
        .expect("the default delimiters are valid");
    env.set_syntax(syntax);
    // A field that is unknown for this case (no name on file) would print
    // as "None" in a letter to a parent: an error instead, which the
    // samples without a name make `check-config` find.
    env.set_formatter(|out, state, value| {
        if value.is_none() {
            return Err(minijinja::Error::new(
                ErrorKind::InvalidOperation,
                "a field that is empty here is printed; test it first with {% if … %}, or write {{ field or \"…\" }}",
            ));
        }
        minijinja::escape_formatter(out, state, value)
    });
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") || name.ends_with(".htm") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env
}

/// The engine's name for a template's part.
fn body_name(kind: LetterKind, lang: Lang) -> String {
    format!("{lang}/{}", kind.file_name())
}
fn subject_name(kind: LetterKind, lang: Lang) -> String {
    format!("{lang}/{}:subject", kind.file_name())
}

/// Where in the file each part starts: the subject after `Subject: ` on
/// line 1, the body on line 3.
#[derive(Debug, Clone, Copy)]
enum Part {
    Subject,
    Body,
}

impl Letters {
    /// The built-in letters only.
    pub fn builtin() -> Letters {
        Self::with_overrides(Vec::new()).expect("the built-in letters compile and render")
    }

    /// The built-in letters with `overrides` in their place. Each override
    /// is compiled, checked for fields its letter does not have, and
    /// rendered with sample facts; every problem found is returned (not just
    /// the first). The built-ins go through the same checks.
    pub fn with_overrides(overrides: Vec<Override>) -> Result<Letters, Vec<LetterError>> {
        let mut chosen = BTreeMap::new();
        for lang in [Lang::Nl, Lang::En] {
            for kind in LetterKind::ALL {
                let file = Path::new(BUILT_IN).join(lang.code()).join(kind.file_name());
                let source = kind.builtin(lang).to_owned();
                chosen.insert((kind, lang.code()), (lang, file, source, false));
            }
        }
        for o in overrides {
            // Editors on Windows save CRLF; the letter is the same.
            let source = o.source.replace("\r\n", "\n");
            chosen.insert((o.kind, o.lang.code()), (o.lang, o.path, source, true));
        }
        let mut env = environment();
        let mut origins = BTreeMap::new();
        let mut errors = Vec::new();
        for ((kind, _), (lang, file, source, overridden)) in chosen {
            match compile(&mut env, kind, lang, &file, source) {
                Ok(()) => {
                    origins.insert((kind, lang.code()), Origin { file, overridden });
                }
                Err(e) => errors.extend(e),
            }
        }
        let letters = Letters {
            inner: Arc::new(Inner { env, origins }),
        };
        if errors.is_empty() {
            for lang in [Lang::Nl, Lang::En] {
                for kind in LetterKind::ALL {
                    for (_, sample) in kind.samples(lang) {
                        if let Err(e) = letters.render(kind, lang, sample) {
                            errors.push(e);
                            break;
                        }
                    }
                }
            }
        }
        if errors.is_empty() {
            Ok(letters)
        } else {
            Err(errors)
        }
    }

    /// The files of the letters an override replaced.
    pub fn overridden(&self) -> Vec<&Path> {
        self.inner
            .origins
            .values()
            .filter(|o| o.overridden)
            .map(|o| o.file.as_path())
            .collect()
    }

    /// Renders `kind` in `lang` with `context` (the letter's fields).
    pub(super) fn render(
        &self,
        kind: LetterKind,
        lang: Lang,
        context: Value,
    ) -> Result<Letter, LetterError> {
        let origin = &self.inner.origins[&(kind, lang.code())];
        let part = |part: Part, name: String| {
            let template = self
                .inner
                .env
                .get_template(&name)
                .expect("every letter is compiled");
            let source = template.source().to_owned();
            template
                .render(&context)
                .map_err(|e| error(&origin.file, part, &source, &e, kind))
        };
        let subject = part(Part::Subject, subject_name(kind, lang))?;
        let body = part(Part::Body, body_name(kind, lang))?;
        Ok(Letter { subject, body })
    }
}

/// Splits `source` into subject and body and compiles both into `env`.
fn compile(
    env: &mut Environment<'static>,
    kind: LetterKind,
    lang: Lang,
    file: &Path,
    source: String,
) -> Result<(), Vec<LetterError>> {
    let problem = |line: usize, message: String| LetterError {
        file: file.to_owned(),
        line: Some(line),
        column: Some(1),
        message,
        fields: None,
    };
    let (first, rest) = source.split_once('\n').unwrap_or((&source, ""));
    let Some(subject) = first.strip_prefix(SUBJECT) else {
        return Err(vec![problem(
            1,
            format!("a letter starts with a line \"{SUBJECT}…\""),
        )]);
    };
    let Some(body) = rest.strip_prefix('\n') else {
        return Err(vec![problem(
            2,
            "the subject line is followed by an empty line, then the body".into(),
        )]);
    };
    let mut errors = Vec::new();
    for (part, name, text) in [
        (Part::Subject, subject_name(kind, lang), subject.to_owned()),
        (Part::Body, body_name(kind, lang), body.to_owned()),
    ] {
        if let Err(e) = env.add_template_owned(name.clone(), text.clone()) {
            errors.push(error(file, part, &text, &e, kind));
            continue;
        }
        let template = env.get_template(&name).expect("just added");
        let mut unknown: Vec<String> = template
            .undeclared_variables(false)
            .into_iter()
            .filter(|v| !kind.fields().contains(&v.as_str()))
            .filter(|v| env.globals().all(|(g, _)| g != v))
            .collect();
        unknown.sort();
        for field in unknown {
            let (line, column) = first_use(&text, &field).unzip();
            let (line, column) = shift(part, line, column);
            errors.push(LetterError {
                file: file.to_owned(),
                line,
                column,
                message: format!("{} has no field `{field}`", kind.describe()),
                fields: Some(kind.fields()),
            });
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Turns an engine error in `part` into one that names the file's line.
fn error(
    file: &Path,
    part: Part,
    source: &str,
    e: &minijinja::Error,
    kind: LetterKind,
) -> LetterError {
    let (line, column) = match e.range() {
        Some(r) => {
            let before = &source[..r.start.min(source.len())];
            let line = before.matches('\n').count() + 1;
            let start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
            (Some(line), Some(before[start..].chars().count() + 1))
        }
        None => (e.line(), None),
    };
    let (line, column) = shift(part, line, column);
    let what = match e.kind() {
        ErrorKind::SyntaxError => "syntax error",
        ErrorKind::UndefinedError => "unknown field or value",
        ErrorKind::OutOfFuel => "the template takes too many steps (a loop?)",
        ErrorKind::InvalidOperation => "cannot print",
        _ => "cannot render",
    };
    let message = match e.detail() {
        Some(detail) => format!("{what}: {detail}"),
        None => what.to_owned(),
    };
    let fields = (e.kind() == ErrorKind::UndefinedError).then(|| kind.fields());
    LetterError {
        file: file.to_owned(),
        line,
        column,
        message,
        fields,
    }
}

/// A part's position in the file: the subject follows `Subject: ` on the
/// first line, the body starts on the third.
fn shift(part: Part, line: Option<usize>, column: Option<usize>) -> (Option<usize>, Option<usize>) {
    match part {
        Part::Subject => (line.map(|_| 1), column.map(|c| c + SUBJECT.chars().count())),
        Part::Body => (line.map(|l| l + 2), column),
    }
}

/// Line and column of the first place `field` is named inside a tag.
fn first_use(text: &str, field: &str) -> Option<(usize, usize)> {
    let word = regex::Regex::new(&format!(r"\b{}\b", regex::escape(field))).ok()?;
    let tags = regex::Regex::new(r"(?s)\{\{.*?\}\}|\{%.*?%\}").expect("a valid pattern");
    let at = tags
        .find_iter(text)
        .find_map(|tag| word.find(tag.as_str()).map(|m| tag.start() + m.start()))?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    Some((line, before[start..].chars().count() + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::{AckFacts, ReminderKind};
    use chrono::NaiveDate;

    fn ack_override(source: &str) -> Override {
        Override {
            kind: LetterKind::Acknowledgement,
            lang: Lang::En,
            path: PathBuf::from("letters/en/acknowledgement.txt"),
            source: source.into(),
        }
    }

    fn facts() -> AckFacts<'static> {
        AckFacts {
            reference: "AVG-2026-0001",
            organisation: "Stichting Voorbeeld",
            requester_name: Some("Sanne <de Vries>"),
            subject: None,
            received: NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
            due: NaiveDate::from_ymd_opt(2026, 2, 28).unwrap(),
        }
    }

    #[test]
    fn an_override_replaces_only_its_own_letter_and_language() {
        let letters = Letters::with_overrides(vec![ack_override(
            "Subject: Got it ({{ reference }})\n\nHello {{ requester_name or 'there' }}, due {{ due }}.\n",
        )])
        .unwrap();
        let en = letters.acknowledgement(&facts(), Lang::En).unwrap();
        assert_eq!(en.subject, "Got it (AVG-2026-0001)");
        assert_eq!(
            en.body,
            "Hello Sanne <de Vries>, due Saturday 28 February 2026.\n"
        );
        let nl = letters.acknowledgement(&facts(), Lang::Nl).unwrap();
        assert!(nl.body.starts_with("Beste Sanne <de Vries>,"));
        assert_eq!(
            letters.overridden(),
            vec![Path::new("letters/en/acknowledgement.txt")]
        );
    }

    #[test]
    fn a_misspelt_field_is_reported_with_its_line_and_column_even_in_an_untaken_branch() {
        let errors = Letters::with_overrides(vec![ack_override(
            "Subject: x\n\nDear {{ requester_name }},\n{% if false %}\nYours, {{ organisaton }}\n{% endif %}\n",
        )])
        .unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        let e = &errors[0];
        assert_eq!(e.file, Path::new("letters/en/acknowledgement.txt"));
        assert_eq!((e.line, e.column), (Some(5), Some(11)));
        assert!(e.message.contains("`organisaton`"), "{}", e.message);
        assert!(e.fields.unwrap().contains(&"organisation"));
        assert_eq!(
            e.to_string(),
            "letters/en/acknowledgement.txt:5:11: the acknowledgement has no field `organisaton`"
        );
    }

    #[test]
    fn a_syntax_error_is_reported_with_its_line() {
        let errors = Letters::with_overrides(vec![ack_override(
            "Subject: x\n\nline three\n{% if requester_name %}\nno endif\n",
        )])
        .unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].message.starts_with("syntax error"), "{errors:?}");
        assert!(errors[0].line.unwrap() >= 4, "{errors:?}");
    }

    #[test]
    fn an_error_in_the_subject_is_on_line_one_after_the_prefix() {
        let errors =
            Letters::with_overrides(vec![ack_override("Subject: [{{ referense }}]\n\nx\n")])
                .unwrap_err();
        assert_eq!((errors[0].line, errors[0].column), (Some(1), Some(14)));
    }

    #[test]
    fn a_field_used_wrongly_fails_when_rendered_with_the_samples() {
        // `due` exists but is a string: calling it is an error at render time.
        let errors =
            Letters::with_overrides(vec![ack_override("Subject: x\n\nBy {{ due.year }}.\n")])
                .unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, Some(3), "{errors:?}");
    }

    #[test]
    fn printing_a_field_that_may_be_empty_without_a_test_is_an_error() {
        let errors = Letters::with_overrides(vec![ack_override(
            "Subject: x\n\nDear {{ requester_name }},\n",
        )])
        .unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            (errors[0].line, errors[0].column),
            (Some(3), Some(9)),
            "{errors:?}"
        );
        assert!(errors[0].message.contains("{% if"), "{errors:?}");
    }

    #[test]
    fn a_template_without_its_subject_line_is_refused() {
        let errors =
            Letters::with_overrides(vec![ack_override("Dear {{ requester_name }}\n")]).unwrap_err();
        assert_eq!(errors[0].line, Some(1));
        let errors =
            Letters::with_overrides(vec![ack_override("Subject: x\nDear you\n")]).unwrap_err();
        assert_eq!(errors[0].line, Some(2));
    }

    #[test]
    fn an_endless_loop_runs_out_of_fuel() {
        let errors = Letters::with_overrides(vec![ack_override(
            "Subject: x\n\n{% for i in range(100000) %}{% for j in range(100000) %}.{% endfor %}{% endfor %}\n",
        )])
        .unwrap_err();
        assert!(errors[0].message.contains("too many steps"), "{errors:?}");
    }

    #[test]
    fn crlf_line_endings_are_read_as_newlines() {
        let letters = Letters::with_overrides(vec![ack_override(
            "Subject: x {{ reference }}\r\n\r\nHello\r\n",
        )])
        .unwrap();
        let l = letters.acknowledgement(&facts(), Lang::En).unwrap();
        assert_eq!(
            (l.subject.as_str(), l.body.as_str()),
            ("x AVG-2026-0001", "Hello\n")
        );
    }

    #[test]
    fn html_templates_are_escaped_and_text_templates_are_not() {
        let mut env = environment();
        env.add_template("a.html", "{{ v }}").unwrap();
        env.add_template("a.txt", "{{ v }}").unwrap();
        env.add_template("a.html:subject", "{{ v }}").unwrap();
        let ctx = minijinja::context! { v => "<b>&" };
        let render = |name: &str| env.get_template(name).unwrap().render(&ctx).unwrap();
        assert_eq!(render("a.html"), "&lt;b&gt;&amp;");
        assert_eq!(render("a.txt"), "<b>&");
        assert_eq!(render("a.html:subject"), "<b>&");
    }

    #[test]
    fn every_sample_has_exactly_the_fields_its_letter_documents() {
        for lang in [Lang::Nl, Lang::En] {
            for kind in LetterKind::ALL {
                for (variant, sample) in kind.samples(lang) {
                    let mut keys: Vec<String> =
                        sample.try_iter().unwrap().map(|k| k.to_string()).collect();
                    keys.sort();
                    let mut fields: Vec<&str> = kind.fields().to_vec();
                    fields.sort();
                    assert_eq!(keys, fields, "{variant}");
                }
            }
        }
        assert_eq!(
            Letters::builtin()
                .reminder(
                    "AVG-2026-0001",
                    ReminderKind::Overdue,
                    facts().due,
                    Lang::En
                )
                .unwrap()
                .subject,
            "[AVG-2026-0001] DEADLINE PASSED (Saturday 28 February 2026)"
        );
    }
}
