//! The answer's facts as its template sees them (see
//! [`LetterKind::fields`](super::LetterKind::fields)): the same shape, with
//! every date written out in the letter's language and every blank text
//! turned into none, so that a template tests it with a plain `{% if %}`.

use super::{
    AccessFacts, AnswerFacts, AutomatedFacts, ChangeFacts, DoneFacts, DownloadFacts, ErasureFacts,
    KeptFacts, RecipientFacts, SystemFacts, ToldFacts,
};
use super::{DecisionFacts, ExemptFacts, PortabilityFacts, RefusedFacts};
use super::{RetentionFacts, WithheldFacts};
use crate::lang::{long_date, Lang};
use minijinja::Value;
use serde::Serialize;

#[derive(Serialize)]
struct Fields<'a> {
    reference: &'a str,
    organisation: &'a str,
    requester_name: Option<&'a str>,
    subject_name: Option<&'a str>,
    pupil: bool,
    received: String,
    answered: String,
    bestuursorgaan: bool,
    complaints: Option<&'a str>,
    download: Option<DownloadFields<'a>>,
    access: Option<AccessFields<'a>>,
    portability: Option<&'a PortabilityFacts>,
    rectification: Option<ChangeFields<'a>>,
    erasure: Option<ErasureFields<'a>>,
    restriction: Option<ChangeFields<'a>>,
    objection: Option<&'a DecisionFacts>,
    consent_withdrawal: Option<&'a DecisionFacts>,
    automated_decisions: Option<AutomatedFields<'a>>,
    refused: &'a [RefusedFacts],
    recipients: RecipientFields<'a>,
}

#[derive(Serialize)]
struct DownloadFields<'a> {
    link: &'a str,
    expires: String,
}

#[derive(Serialize)]
struct AccessFields<'a> {
    systems: Vec<SystemFields<'a>>,
    withheld: &'a [WithheldFacts],
    in_package: bool,
}

#[derive(Serialize)]
struct SystemFields<'a> {
    name: &'a str,
    found: bool,
    records: usize,
    categories: &'a [String],
    purposes: &'a [String],
    legal_bases: &'a [String],
    recipients: &'a [String],
    retention: &'a [RetentionFacts],
    source: Option<&'a str>,
    transfers: Option<&'a str>,
}

#[derive(Serialize)]
struct ChangeFields<'a> {
    done: Vec<DoneFields<'a>>,
}

/// One thing done, its date written out: also what the art. 19 notice
/// lists.
#[derive(Serialize)]
pub(in crate::answer) struct DoneFields<'a> {
    system: &'a str,
    what: &'a str,
    on: String,
}

#[derive(Serialize)]
struct ErasureFields<'a> {
    done: Vec<DoneFields<'a>>,
    kept: Vec<KeptFields<'a>>,
}

#[derive(Serialize)]
struct KeptFields<'a> {
    system: &'a str,
    what: &'a str,
    ground: &'a str,
    until: Option<String>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct AutomatedFields<'a> {
    exist: bool,
    explanation: Option<&'a str>,
}

#[derive(Serialize)]
struct RecipientFields<'a> {
    told: Vec<ToldFields<'a>>,
    exempt: &'a [ExemptFacts],
}

#[derive(Serialize)]
struct ToldFields<'a> {
    name: &'a str,
    on: String,
    how: &'a str,
}

/// A blank text is no text.
fn text(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The answer's template fields.
pub(super) fn fields(f: &AnswerFacts, lang: Lang) -> Value {
    Value::from(minijinja::value::Serde(Fields {
        reference: &f.reference,
        organisation: &f.organisation,
        requester_name: text(&f.requester_name),
        subject_name: text(&f.subject_name),
        pupil: f.pupil,
        received: long_date(f.received, lang),
        answered: long_date(f.answered, lang),
        bestuursorgaan: f.bestuursorgaan,
        complaints: text(&f.complaints),
        download: f.download.as_ref().map(|d| download(d, lang)),
        access: f.access.as_ref().map(access),
        portability: f.portability.as_ref(),
        rectification: f.rectification.as_ref().map(|c| change(c, lang)),
        erasure: f.erasure.as_ref().map(|e| erasure(e, lang)),
        restriction: f.restriction.as_ref().map(|c| change(c, lang)),
        objection: f.objection.as_ref(),
        consent_withdrawal: f.consent_withdrawal.as_ref(),
        automated_decisions: f.automated_decisions.as_ref().map(automated),
        refused: &f.refused,
        recipients: recipients(&f.recipients, lang),
    }))
}

fn download(d: &DownloadFacts, lang: Lang) -> DownloadFields<'_> {
    DownloadFields {
        link: &d.link,
        expires: long_date(d.expires, lang),
    }
}

fn access(a: &AccessFacts) -> AccessFields<'_> {
    AccessFields {
        systems: a.systems.iter().map(system).collect(),
        withheld: &a.withheld,
        in_package: a.in_package,
    }
}

fn system(s: &SystemFacts) -> SystemFields<'_> {
    SystemFields {
        name: &s.name,
        found: s.found,
        records: s.records,
        categories: &s.categories,
        purposes: &s.purposes,
        legal_bases: &s.legal_bases,
        recipients: &s.recipients,
        retention: &s.retention,
        source: text(&s.source),
        transfers: text(&s.transfers),
    }
}

fn change(c: &ChangeFacts, lang: Lang) -> ChangeFields<'_> {
    ChangeFields {
        done: done_fields(&c.done, lang),
    }
}

/// `done` with its dates written out in `lang`.
pub(in crate::answer) fn done_fields(done: &[DoneFacts], lang: Lang) -> Vec<DoneFields<'_>> {
    done.iter()
        .map(|d| DoneFields {
            system: &d.system,
            what: &d.what,
            on: long_date(d.on, lang),
        })
        .collect()
}

fn erasure(e: &ErasureFacts, lang: Lang) -> ErasureFields<'_> {
    ErasureFields {
        done: done_fields(&e.done, lang),
        kept: e.kept.iter().map(|k| kept(k, lang)).collect(),
    }
}

fn kept(k: &KeptFacts, lang: Lang) -> KeptFields<'_> {
    KeptFields {
        system: &k.system,
        what: &k.what,
        ground: &k.ground,
        until: k.until.map(|d| long_date(d, lang)),
        note: text(&k.note),
    }
}

fn automated(a: &AutomatedFacts) -> AutomatedFields<'_> {
    AutomatedFields {
        exist: a.exist,
        explanation: text(&a.explanation),
    }
}

fn recipients(r: &RecipientFacts, lang: Lang) -> RecipientFields<'_> {
    RecipientFields {
        told: r.told.iter().map(|t| told(t, lang)).collect(),
        exempt: &r.exempt,
    }
}

fn told(t: &ToldFacts, lang: Lang) -> ToldFields<'_> {
    ToldFields {
        name: &t.name,
        on: long_date(t.on, lang),
        how: &t.how,
    }
}
