//! The case timeline in an officer's words: each audit entry's action as a
//! short sentence ("Verzoek ontvangen") and its detail as one readable line
//! of the fields that mean something to a person (the kind of mail, the
//! state moved from and to, counts, dates). Message ids, hashes and keys
//! stay in the audit log; a plan's fingerprint is shown shortened. The
//! full entry is on the audit page.

use super::words;
use crate::case::CaseState;
use crate::classify::RequestType;
use crate::identity::DocumentSeen;
use crate::lang::Lang;
use crate::outbox::MailKind;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde_json::{Map, Value};

/// Every audit action the code writes, with its words in Dutch and in
/// English. The action names are spread over the store's queries and the
/// officer's library (see the test below, which finds them in the source).
const ACTIONS: &[(&str, &str, &str)] = &[
    ("account.added", "Account toegevoegd", "Account added"),
    (
        "account.disabled",
        "Account uitgeschakeld",
        "Account disabled",
    ),
    (
        "account.locked",
        "Account tijdelijk geblokkeerd",
        "Account locked for a while",
    ),
    ("account.login", "Aangemeld", "Signed in"),
    (
        "account.login_failed",
        "Aanmelden mislukt",
        "Sign-in failed",
    ),
    (
        "account.password_reset",
        "Wachtwoord opnieuw ingesteld",
        "Password reset",
    ),
    (
        "account.token_issued",
        "API-sleutel uitgegeven",
        "API token issued",
    ),
    (
        "account.totp_enabled",
        "Tweede factor ingesteld",
        "Second factor set up",
    ),
    ("action.done", "Actie uitgevoerd", "Action carried out"),
    ("action.failed", "Actie mislukt", "Action failed"),
    (
        "action.retried",
        "Actie opnieuw geprobeerd",
        "Action tried again",
    ),
    ("action.waived", "Actie overgeslagen", "Action waived"),
    (
        "answer.drafted",
        "Antwoordbrief opgesteld",
        "Answer letter drafted",
    ),
    (
        "answer.edited",
        "Antwoordbrief bewerkt",
        "Answer letter edited",
    ),
    ("answer.sent", "Antwoord verstuurd", "Answer sent"),
    (
        "art19.recorded",
        "Ontvangers vastgelegd (art. 19)",
        "Recipients recorded (art. 19)",
    ),
    (
        "art19.settled",
        "Ontvanger afgehandeld (art. 19)",
        "Recipient settled (art. 19)",
    ),
    (
        "attachment.kept_as_evidence",
        "Bijlage bewaard als bewijs",
        "Attachment kept as evidence",
    ),
    (
        "attachment.mailbox_copy",
        "Kopie in de mailbox opgeruimd",
        "Mailbox copy cleared",
    ),
    (
        "attachment.removed",
        "Bijlage verwijderd",
        "Attachment removed",
    ),
    (
        "attachment.reviewed",
        "Bijlage bekeken",
        "Attachment reviewed",
    ),
    ("breach.closed", "Datalek afgesloten", "Breach closed"),
    (
        "breach.not_reported",
        "Datalek niet gemeld bij de AP",
        "Breach not reported to the AP",
    ),
    ("breach.opened", "Datalek geopend", "Breach opened"),
    ("breach.reminded", "Herinnering datalek", "Breach reminder"),
    (
        "breach.reported",
        "Datalek gemeld bij de AP",
        "Breach reported to the AP",
    ),
    (
        "breach.subjects_not_told",
        "Betrokkenen niet geïnformeerd",
        "Subjects not told",
    ),
    (
        "breach.subjects_told",
        "Betrokkenen geïnformeerd",
        "Subjects told",
    ),
    ("breach.updated", "Datalek bijgewerkt", "Breach updated"),
    ("case.closed", "Zaak afgesloten", "Case closed"),
    (
        "case.closed_no_request",
        "Gesloten als geen verzoek",
        "Closed as no request",
    ),
    (
        "case.deadline_recomputed",
        "Termijn opnieuw berekend",
        "Deadline recomputed",
    ),
    ("case.extended", "Termijn verlengd", "Deadline extended"),
    (
        "case.follow_up",
        "Vervolgbericht ontvangen",
        "Follow-up received",
    ),
    (
        "case.follow_up_linked",
        "Vervolgbericht gekoppeld",
        "Follow-up linked",
    ),
    ("case.linked", "Gekoppeld aan een zaak", "Linked to a case"),
    ("case.received", "Verzoek ontvangen", "Request received"),
    (
        "case.reclassified",
        "Classificatie aangepast",
        "Classification changed",
    ),
    (
        "case.reduced",
        "Zaak ingekort (bewaartermijn)",
        "Case reduced (retention)",
    ),
    ("case.reminder", "Herinnering termijn", "Deadline reminder"),
    ("case.transition", "Stand gewijzigd", "State changed"),
    (
        "digest.queued",
        "Dagoverzicht klaargezet",
        "Daily digest queued",
    ),
    (
        "erasures.replay",
        "Verwijderingen opnieuw toegepast",
        "Erasures replayed",
    ),
    ("identity.code_refused", "Code geweigerd", "Code refused"),
    ("identity.code_sent", "Code verstuurd", "Code sent"),
    ("identity.code_wrong", "Verkeerde code", "Wrong code"),
    (
        "identity.found",
        "Personen gezocht in de administratie",
        "Persons looked up on file",
    ),
    (
        "identity.not_valid",
        "Verzoeker mag niet namens deze persoon handelen",
        "Requester may not act for this person",
    ),
    (
        "identity.refused",
        "Identiteit niet vastgesteld: geweigerd",
        "Identity not confirmed: refused",
    ),
    (
        "identity.subject_chosen",
        "Persoon gekozen",
        "Person chosen",
    ),
    (
        "identity.verified",
        "Identiteit vastgesteld",
        "Identity verified",
    ),
    (
        "ledger.entry",
        "Verwijdering vastgelegd",
        "Erasure recorded",
    ),
    ("mail.queued", "E-mail klaargezet", "Mail queued"),
    ("mail.sent", "E-mail verstuurd", "Mail sent"),
    (
        "package.code_refused",
        "Downloadcode geweigerd",
        "Download code refused",
    ),
    (
        "package.deleted",
        "Downloadpakket verwijderd",
        "Download package deleted",
    ),
    (
        "package.downloaded",
        "Pakket gedownload",
        "Package downloaded",
    ),
    (
        "package.exported",
        "Pakket geëxporteerd voor de post",
        "Package exported for post",
    ),
    (
        "package.posted",
        "Pakket per post verstuurd",
        "Package posted",
    ),
    ("plan.approved", "Actie goedgekeurd", "Action approved"),
    (
        "plan.execution_started",
        "Uitvoering gestart",
        "Execution started",
    ),
    ("plan.made", "Plan gemaakt", "Plan made"),
    ("plan.rejected", "Actie afgewezen", "Action rejected"),
    (
        "portability.transfer",
        "Gegevens doorgegeven (art. 20)",
        "Data transferred (art. 20)",
    ),
    (
        "restriction.lift_announced",
        "Opheffing beperking aangekondigd",
        "Lift of restriction announced",
    ),
    (
        "restriction.lift_failed",
        "Opheffen beperking mislukt",
        "Lifting the restriction failed",
    ),
    (
        "restriction.lifted",
        "Beperking opgeheven",
        "Restriction lifted",
    ),
    (
        "restriction.registered",
        "Beperking vastgelegd",
        "Restriction registered",
    ),
    (
        "restriction.released",
        "Beperking vrijgegeven",
        "Restriction released",
    ),
    ("retention.failed", "Opruimen mislukt", "Clean-up failed"),
    (
        "retention.run",
        "Opgeruimd volgens bewaartermijn",
        "Cleaned up by retention",
    ),
    ("task.done", "Taak afgerond", "Task done"),
];

/// An audit action in words; an action without words shows as its name.
pub(super) fn action(action: &str, lang: Lang) -> String {
    ACTIONS
        .iter()
        .find(|(a, _, _)| *a == action)
        .map(|(_, nl, en)| if lang == Lang::Nl { *nl } else { *en })
        .unwrap_or(action)
        .to_owned()
}

/// One value of a detail in words: a state, a request type, a mail kind,
/// a date or time, a count, or the text itself.
fn value(v: &Value, lang: Lang, tz: Tz) -> Option<String> {
    match v {
        Value::String(s) => Some(text(s, lang, tz)),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(|i| value(i, lang, tz)).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        _ => None,
    }
}

fn text(s: &str, lang: Lang, tz: Tz) -> String {
    if let Ok(state) = s.parse::<CaseState>() {
        return words::state(state, lang).to_owned();
    }
    if let Ok(t) = s.parse::<RequestType>() {
        return words::request_type(t, lang).to_owned();
    }
    if let Ok(kind) = s.parse::<MailKind>() {
        return words::mail_kind(kind, lang).to_owned();
    }
    if let Ok(at) = s.parse::<DateTime<Utc>>() {
        return super::case_page::local(at, tz);
    }
    if let Ok(day) = s.parse::<NaiveDate>() {
        return day.to_string();
    }
    s.to_owned()
}

/// A count in words, or nothing when it is zero. `words` are the noun
/// in Dutch (one, many) and in English (one, many).
fn count(fields: &Map<String, Value>, key: &str, words: [&str; 4], lang: Lang) -> Option<String> {
    let n = match fields.get(key)? {
        Value::Number(n) => n.as_u64()?,
        Value::Array(a) => a.len() as u64,
        _ => return None,
    };
    let [nl_one, nl_many, en_one, en_many] = words;
    let word = match (lang, n) {
        (Lang::Nl, 1) => nl_one,
        (Lang::Nl, _) => nl_many,
        (Lang::En, 1) => en_one,
        (Lang::En, _) => en_many,
    };
    (n > 0).then(|| format!("{n} {word}"))
}

/// Who acted, as a person reads it: the daemon itself, or an account's name.
pub(super) fn actor(actor: &str, lang: Lang) -> String {
    match actor {
        "system" => (if lang == Lang::Nl {
            "systeem"
        } else {
            "system"
        })
        .to_owned(),
        other => other.strip_prefix("officer:").unwrap_or(other).to_owned(),
    }
}

/// A document shown in person, in the console's words; none shown is
/// left unsaid.
fn document(name: &str, lang: Lang) -> Option<String> {
    let t = super::text::text(lang);
    match name.parse::<DocumentSeen>().ok()? {
        DocumentSeen::Passport => Some(t.doc_passport),
        DocumentSeen::IdCard => Some(t.doc_id_card),
        DocumentSeen::DrivingLicence => Some(t.doc_driving_licence),
        DocumentSeen::ResidencePermit => Some(t.doc_residence_permit),
        DocumentSeen::None => None,
    }
    .map(str::to_owned)
}

/// The detail of an audit entry as one readable line. Fields that only a
/// program needs (message ids, hashes, sizes in bytes) are left out.
pub(super) fn detail(detail: &str, lang: Lang, tz: Tz) -> String {
    let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(detail) else {
        return String::new();
    };
    let nl = lang == Lang::Nl;
    let say = |a: &str, b: &str| if nl { a.to_owned() } else { b.to_owned() };
    let get = |key: &str| fields.get(key).and_then(|v| value(v, lang, tz));
    let mut parts: Vec<String> = Vec::new();
    if let Some(kind) = get("kind") {
        parts.push(kind);
    }
    match (get("from"), get("to")) {
        (Some(from), Some(to)) => parts.push(format!("{from} → {to}")),
        (None, Some(to)) => parts.push(format!("{} {to}", say("naar", "to"))),
        _ => {}
    }
    if let Some(due) = get("due_date") {
        parts.push(format!("{} {due}", say("uiterlijk", "due")));
    }
    if let Some(a) = fields.get("action").and_then(|v| value(v, lang, tz)) {
        parts.push(format!("{} {a}", say("actie", "action")));
    }
    if let Some(Value::Array(_)) = fields.get("actions") {
        if let Some(a) = get("actions") {
            parts.push(format!("{} {a}", say("acties", "actions")));
        }
    } else if let Some(c) = count(
        &fields,
        "actions",
        ["actie", "acties", "action", "actions"],
        lang,
    ) {
        parts.push(c);
    }
    let counts = [
        ("failures", ["mislukt", "mislukt", "failed", "failed"]),
        ("records", ["rij", "rijen", "record", "records"]),
        (
            "attachments",
            ["bijlage", "bijlagen", "attachment", "attachments"],
        ),
        (
            "recipients",
            ["ontvanger", "ontvangers", "recipient", "recipients"],
        ),
        (
            "removed",
            ["verwijderd", "verwijderd", "removed", "removed"],
        ),
    ];
    for (key, words) in counts {
        parts.extend(count(&fields, key, words, lang));
    }
    if let Some(Value::Object(package)) = fields.get("package") {
        let words = [
            "rij in het pakket",
            "rijen in het pakket",
            "record in the package",
            "records in the package",
        ];
        parts.extend(count(package, "records", words, lang));
    }
    if let Some(Value::String(m)) = fields.get("method") {
        if let Ok(m) = serde_json::from_value(Value::String(m.clone())) {
            parts.push(words::method(m, lang).to_owned());
        }
    }
    // Who verified, unless the daemon did (the timeline says who acted).
    if let Some(Value::String(by)) = fields.get("verified_by") {
        if by != "system" {
            parts.push(format!("{} {}", say("door", "by"), actor(by, lang)));
        }
    }
    if let Some(Value::String(d)) = fields.get("document_seen") {
        parts.extend(document(d, lang).map(|d| format!("{}: {d}", say("document", "document"))));
    }
    let labelled = [
        ("officer", "door", "by"),
        ("recipient", "ontvanger", "recipient"),
        ("state", "stand", "state"),
        ("delivery", "bezorging", "delivery"),
        ("expires_at", "geldig tot", "valid until"),
        ("policy", "beleid", "policy"),
        ("reminder", "herinnering", "reminder"),
        ("why", "waarom", "why"),
        ("reason", "reden", "reason"),
    ];
    for (key, n, e) in labelled {
        if let Some(v) = get(key) {
            parts.push(format!("{}: {v}", if nl { n } else { e }));
        }
    }
    if let Some(Value::String(f)) = fields.get("fingerprint") {
        let short: String = f.chars().take(12).collect();
        parts.push(format!("{} {short}", say("vingerafdruk", "fingerprint")));
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every audit action written in the daemon's source: string literals
    /// on the lines that name an audit action. A new action without words
    /// fails here.
    fn actions_in_source() -> Vec<String> {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut found = Vec::new();
        let mut dirs = vec![src];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    // The contract tests write made-up actions.
                    if !path.ends_with("contract") {
                        dirs.push(path);
                    }
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let source = std::fs::read_to_string(&path).unwrap();
                for line in source.lines() {
                    let names_action = line.contains("append_audit(")
                        || line.contains("action: \"")
                        || line.contains("actions.push(\"")
                        || line.contains("audit_action")
                        || line.contains("let action = if")
                        || line.contains("change_account(");
                    if !names_action {
                        continue;
                    }
                    for piece in line.split('"').skip(1).step_by(2) {
                        let is_name = piece.contains('.')
                            && piece.chars().all(|c| {
                                c.is_ascii_lowercase() || c == '_' || c == '.' || c.is_ascii_digit()
                            });
                        if is_name {
                            found.push(piece.to_owned());
                        }
                    }
                }
            }
        }
        // Chosen in a match arm beside other values, which the scan above
        // does not read: listed from `grep -rn '"plan\.' daemon/src/store`.
        found.extend(["plan.approved", "plan.rejected"].map(String::from));
        found.sort();
        found.dedup();
        found
    }

    #[test]
    fn every_audit_action_the_code_writes_has_words_in_both_languages() {
        let found = actions_in_source();
        // The scan must see the common ones, else it sees nothing.
        for known in [
            "case.received",
            "mail.queued",
            "plan.approved",
            "case.transition",
        ] {
            assert!(
                found.iter().any(|f| f == known),
                "{known} not found in {found:?}"
            );
        }
        let missing: Vec<&String> = found
            .iter()
            .filter(|a| !ACTIONS.iter().any(|(known, _, _)| known == a))
            .collect();
        assert!(
            missing.is_empty(),
            "audit actions without words: {missing:?}"
        );
        for (a, nl, en) in ACTIONS {
            assert!(!nl.is_empty() && !en.is_empty() && nl != en, "{a}");
            assert_eq!(action(a, Lang::Nl), *nl);
            assert_eq!(action(a, Lang::En), *en);
        }
        assert_eq!(action("something.new", Lang::Nl), "something.new");
    }

    #[test]
    fn a_detail_reads_as_words_without_ids_or_hashes() {
        let tz: Tz = "Europe/Amsterdam".parse().unwrap();
        let mail = r#"{"kind":"acknowledgement","message_id":"dsrd.abc@school.nl"}"#;
        assert_eq!(detail(mail, Lang::Nl, tz), "ontvangstbevestiging");
        let moved = r#"{"from":"received","to":"awaiting_identity"}"#;
        assert_eq!(
            detail(moved, Lang::Nl, tz),
            "ontvangen → wacht op identiteit"
        );
        assert_eq!(
            detail(moved, Lang::En, tz),
            "received → waiting for identity"
        );
        let received = r#"{"due_date":"2026-03-02","bytes":1234,"attachments":0}"#;
        assert_eq!(detail(received, Lang::Nl, tz), "uiterlijk 2026-03-02");
        let plan = format!(
            r#"{{"fingerprint":"{}","actions":3,"failures":0}}"#,
            "ab".repeat(32)
        );
        let line = detail(&plan, Lang::Nl, tz);
        assert_eq!(line, "3 acties · vingerafdruk abababababab");
        let drafted = r#"{"lang":"nl","package":{"sha256":"deadbeef","records":7,"size":99}}"#;
        assert_eq!(detail(drafted, Lang::En, tz), "7 records in the package");
        let verified =
            r#"{"method":"in_person","verified_by":"officer:fg","document_seen":"passport"}"#;
        assert_eq!(
            detail(verified, Lang::Nl, tz),
            "persoonlijk gezien · door fg · document: paspoort"
        );
        let by_file =
            r#"{"method":"matched_on_file","verified_by":"system","document_seen":"none"}"#;
        assert_eq!(detail(by_file, Lang::En, tz), "sender on file");
        assert_eq!(detail(r#"{"actions":1}"#, Lang::Nl, tz), "1 actie");
        assert_eq!(actor("system", Lang::Nl), "systeem");
        assert_eq!(actor("officer:fg", Lang::Nl), "fg");
        assert_eq!(detail("{}", Lang::Nl, tz), "");
        assert_eq!(detail("not json", Lang::Nl, tz), "");
    }
}
