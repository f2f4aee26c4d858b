//! Extraction of who a request is about and how to find them in the school's
//! systems: the requester's role, the child's name, pupil and staff numbers,
//! birth dates, school and group.
//!
//! Every value carries the snippet it came from, so the officer can check it
//! on the case page before identity matching relies on it.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Serialize};

use super::dates::find_birth_dates;
use super::language::Language;
use super::names::subject_names;
use super::quotes::strip_quotes_and_signature;
use super::roles::{detect_role, RequesterRole};

/// A value found in a letter, with the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Found<T> {
    /// The value.
    pub value: T,
    /// The letter's text around it, whitespace collapsed.
    pub snippet: String,
}

/// Everything the extractor could find in one letter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Extraction {
    /// The writer's relation to the school.
    pub role: RequesterRole,
    /// The phrase that showed the role; `None` when the role is unknown.
    pub role_evidence: Option<String>,
    /// Names of the people the request is about when they are not the
    /// writer (the child, for a parent), in order of appearance.
    pub subject_names: Vec<Found<String>>,
    /// Pupil number (leerlingnummer).
    pub student_number: Option<Found<String>>,
    /// Staff number (personeelsnummer).
    pub staff_number: Option<Found<String>>,
    /// Birth date of the person the request is about: the child's when a
    /// parent gives it, otherwise the writer's own.
    #[schema(schema_with = found_date)]
    pub subject_birth_date: Option<Found<NaiveDate>>,
    /// The writer's own birth date (identification block).
    #[schema(schema_with = found_date)]
    pub requester_birth_date: Option<Found<NaiveDate>>,
    /// The school named in the letter.
    pub school: Option<Found<String>>,
    /// Group or class: "groep 6", "klas 2b", "class 4", "Year 4".
    pub group: Option<Found<String>>,
}

/// The schema of an `Option<Found<NaiveDate>>`, by hand: utoipa composes
/// the generic with a plain string (named as `Found<String>` is, too) and
/// loses the date's format.
fn found_date() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, OneOfBuilder, SchemaFormat, Type};
    let date = ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)));
    let found = ObjectBuilder::new()
        .property("value", date)
        .required("value")
        .property("snippet", ObjectBuilder::new().schema_type(Type::String))
        .required("snippet");
    OneOfBuilder::new()
        .item(found)
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .into()
}

static STUDENT_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:leerling(?:en)?nummer|leerlingnr\.?|leerling-?id|student\s*(?:number|no\.?|id)|pupil\s*(?:number|no\.?|id)|schülernummer|schüler-?id|num[ée]ro\s+d['’]élève)\s*(?:is|:|#)?\s*(?P<v>[A-Z0-9][A-Z0-9-]{2,})")
        .expect("static regex")
});

static STAFF_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:personeelsnummer|personeelsnr\.?|medewerkersnummer|employee\s*(?:number|no\.?|id)|staff\s*(?:number|no\.?|id)|payroll\s+number|personalnummer|mitarbeiternummer|matricule|num[ée]ro\s+(?:d['’]employé|de\s+salarié))\s*(?:is|:|#)?\s*(?P<v>[A-Z0-9][A-Z0-9-]{2,})")
        .expect("static regex")
});

/// School names: a Dutch school-type prefix ("OBS De Regenboog"), a German
/// or French school word followed by a name, or a name followed by an
/// English/Dutch/German school word ("Riverside Primary School").
static SCHOOL: LazyLock<Regex> = LazyLock::new(|| {
    let words = r"\p{Lu}[\p{L}'’.-]*(?:[ \t]+(?:(?:de|het|van|der|den|'t|aan|op|am|an|la|le|les|du|des|of|the)[ \t]+)?\p{Lu}[\p{L}'’.-]*){0,4}";
    Regex::new(&format!(
        r"(?P<s>\b(?:OBS|CBS|PCBS|RKBS|KBS|IKC|SBO|VSO|ODS|[Bb]asisschool|[Kk]indcentrum|Grundschule|Gymnasium|Gesamtschule|Realschule|[ÉEé]cole(?:[ \t]+(?:élémentaire|primaire|maternelle))?|[Cc]ollège|[Ll]ycée)[ \t]+(?:(?:am|an[ \t]+der|im)[ \t]+)?{words}|(?:\p{{Lu}}[\p{{L}}'’-]*[ \t]+){{1,4}}(?:Primary[ \t]+School|Secondary[ \t]+School|High[ \t]+School|Academy|College|Lyceum|Gymnasium|Grundschule|School))"
    ))
    .expect("static regex")
});

static GROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<g>groep(?:\s*:)?\s*[1-8](?:\s*/\s*[1-8])?[a-z]?|(?:klas|klasse|class|form)(?:\s*:)?\s*\d{1,2}[a-z]?|classe\s+(?:de\s+)?(?:CP|CE1|CE2|CM1|CM2|\d{1,2}e)|year\s+\d{1,2}|(?:havo|vwo|vmbo|mavo)\s*[1-6]|[1-6]\s*(?:havo|vwo|vmbo|mavo|gymnasium|atheneum))\b")
        .expect("static regex")
});

/// Text that ends in a named teacher and "van": the group after it is the
/// teacher's, not the child's ("meester Ahmed Yilmaz van groep 5").
static TEACHERS_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?i:juf|juffrouw|meester|leerkracht|docent|mentor|teacher)[ \t]+\p{Lu}[\p{L}'’ \t-]{0,40}[ \t](?i:van|of|from)[ \t]+$")
        .expect("static regex")
});

/// Extracts who the request is about. `body` may still hold quotes and a
/// signature; they are stripped first, as for classification.
pub fn extract(subject: &str, body: &str, lang: Language) -> Extraction {
    let body = strip_quotes_and_signature(body);
    let text = format!("{subject}\n{body}");
    let (role, role_evidence) = detect_role(&text, lang);

    let subject_names = subject_names(&text, role == RequesterRole::Parent)
        .into_iter()
        .map(|(value, snippet)| Found { value, snippet })
        .collect();

    let number = |re: &Regex| {
        re.captures_iter(&text)
            .find(|c| c["v"].chars().any(|ch| ch.is_ascii_digit()))
            .map(|c| Found {
                value: c["v"].to_owned(),
                snippet: collapse(&c[0]),
            })
    };

    let births = find_birth_dates(&text);
    let to_found = |b: &super::dates::FoundBirthDate| Found {
        value: b.date,
        snippet: b.snippet.clone(),
    };
    let requester_birth_date = births.iter().find(|b| !b.of_child).map(to_found);
    let subject_birth_date = if role == RequesterRole::Parent {
        births.iter().find(|b| b.of_child).map(to_found)
    } else {
        births.first().map(to_found)
    };

    let first = |re: &Regex, group: &str| {
        re.captures(&text).map(|c| Found {
            value: collapse(&c[group]),
            snippet: collapse(&c[0]),
        })
    };
    Extraction {
        role,
        role_evidence,
        subject_names,
        student_number: number(&STUDENT_NUMBER),
        staff_number: number(&STAFF_NUMBER),
        subject_birth_date,
        requester_birth_date,
        school: first(&SCHOOL, "s"),
        // "Groep: 6a" on a form is "Groep 6a".
        group: GROUP
            .captures_iter(&text)
            .find(|c| !TEACHERS_GROUP.is_match(&text[..c.get(0).map_or(0, |m| m.start())]))
            .map(|c| Found {
                value: collapse(&c["g"].replace(':', " ")),
                snippet: collapse(&c[0]),
            }),
    }
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
