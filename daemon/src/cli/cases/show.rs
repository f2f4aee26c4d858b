//! `dsrd cases show REF`.

use crate::cli::{usage, Failure, EXIT_OK, EXIT_PROBLEM};
use clap::Args;
use dsrd::case::{CaseDetail, CaseRef};
use dsrd::config::Config;
use dsrd::store::Store;

/// Show one case with its due date, the explanation, the classification with
/// its evidence and what the letter says about whom, and its events.
#[derive(Debug, Args)]
pub struct Show {
    /// The case reference, e.g. AVG-2026-0001.
    reference: String,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

impl Show {
    pub async fn execute(self, config: &Config, store: &dyn Store) -> Result<u8, Failure> {
        let reference: CaseRef = self.reference.parse().map_err(usage)?;
        let Some(case) = store.get_case(&reference).await? else {
            eprintln!("no case {reference}");
            return Ok(EXIT_PROBLEM);
        };
        let lang = config.organisation.default_language;
        let tz = config.organisation.time_zone;
        let detail = CaseDetail::new(case, lang, tz);
        if self.json {
            // Through a `Value`, whose keys are sorted: the order this
            // command has always printed.
            let value = serde_json::to_value(&detail)?;
            println!("{}", serde_json::to_string_pretty(&value)?);
            return Ok(EXIT_OK);
        }
        let CaseDetail {
            case,
            answered,
            due_explanation,
            ..
        } = detail;
        let explanation = due_explanation.unwrap_or_default();
        println!("Case        {}", case.reference);
        println!("State       {}", case.state);
        if let Some(r) = &case.reduced {
            println!(
                "Reduced     {} (closed {}): the case file's retention ran out; kept is this anonymous record",
                r.reduced_at.with_timezone(&tz).format("%Y-%m-%d"),
                r.closed_at.with_timezone(&tz).format("%Y-%m-%d")
            );
            for s in &r.systems {
                println!(
                    "Acted       {}: {} ({}), {}",
                    s.system, s.kind, s.request_type, s.state
                );
            }
        }
        println!(
            "Received    {}",
            case.received_at
                .with_timezone(&tz)
                .format("%Y-%m-%d %H:%M %Z")
        );
        let address = case
            .requester_address
            .as_ref()
            .map(|a| format!("<{a}>"))
            .unwrap_or_default();
        println!(
            "From        {} {address}",
            case.requester_name.as_deref().unwrap_or("")
        );
        println!("Subject     {}", case.subject.as_deref().unwrap_or(""));
        println!("Language    {}", case.language);
        let types: Vec<&str> = case.request_types.iter().map(|t| t.as_str()).collect();
        println!("Types       {}", types.join(", "));
        if let Some(c) = &case.classification {
            print_classification(c);
        }
        let due = case
            .due_date
            .map(|d| dsrd::lang::long_date(d, lang))
            .unwrap_or_else(|| "-".into());
        println!("Due         {due}");
        if let Some(d) = &case.deadline {
            println!(
                "Statutory   {}",
                dsrd::lang::long_date(d.computed.statutory_due, lang)
            );
            println!(
                "Notice by   {}",
                dsrd::lang::long_date(d.computed.extension_notice_by, lang)
            );
            println!("Policy      {}", d.policy);
        }
        for step in &explanation {
            println!("            {step}");
        }
        if let Some(a) = answered {
            let on = dsrd::lang::long_date(a.on, lang);
            let how = match (a.days_to_spare, lang) {
                (0, dsrd::lang::Lang::Nl) => "op de laatste dag, op tijd".to_owned(),
                (0, dsrd::lang::Lang::En) => "on the last day, in time".to_owned(),
                (d, dsrd::lang::Lang::Nl) if d > 0 => format!("{d} dagen voor de termijn, op tijd"),
                (d, dsrd::lang::Lang::En) if d > 0 => {
                    format!("{d} days before the deadline, in time")
                }
                (d, dsrd::lang::Lang::Nl) => format!("{} dagen te laat", -d),
                (d, dsrd::lang::Lang::En) => format!("{} days late", -d),
            };
            println!("Answered    {on} ({how})");
        }
        if let Some(reason) = &case.triage_reason {
            println!("Triage      {reason}");
        }
        for a in &case.attachments {
            let name = a.file_name.as_deref().unwrap_or("(no name)");
            println!("Attachment  {name} ({}, {} bytes)", a.content_type, a.size);
        }
        println!("Events");
        for e in &case.events {
            let change = match (&e.from_state, &e.to_state) {
                (Some(f), Some(t)) => format!(" {f} → {t}"),
                (None, Some(t)) => format!(" → {t}"),
                _ => String::new(),
            };
            let detail = e
                .detail
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default();
            println!(
                "  {} {:<24} {}{change}{detail}",
                e.at.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S"),
                e.kind.as_str(),
                e.actor
            );
        }
        if !case.body_text.is_empty() {
            println!("\n{}", case.body_text);
        }
        Ok(EXIT_OK)
    }
}

/// Why the case has its types, and who the letter is about: the officer
/// checks both here before anything is looked up.
fn print_classification(c: &dsrd::case::CaseClassification) {
    let by = c
        .overridden_by
        .as_deref()
        .map(|who| format!(", set by {who}"))
        .unwrap_or_default();
    println!("Confidence  {:.2}{by}", c.confidence);
    for (i, e) in c.evidence.iter().take(8).enumerate() {
        let label = if i == 0 { "Evidence" } else { "" };
        let place = match e.location {
            dsrd::classify::Location::Subject => "subject",
            dsrd::classify::Location::Body => "body",
        };
        println!(
            "{label:<11} {:<18} {:>4.1}  {place}: {:?}",
            e.request_type.as_str(),
            e.weight,
            e.phrase
        );
    }
    let x = &c.extraction;
    let role = serde_json::to_value(x.role)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    println!("Writer      {}", role.replace('_', " "));
    let mut about: Vec<String> = x.subject_names.iter().map(|n| n.value.clone()).collect();
    if let Some(n) = &x.student_number {
        about.push(format!("student number {}", n.value));
    }
    if let Some(n) = &x.staff_number {
        about.push(format!("staff number {}", n.value));
    }
    if let Some(d) = &x.subject_birth_date {
        about.push(format!("born {}", d.value));
    }
    if let Some(g) = &x.group {
        about.push(g.value.clone());
    }
    if let Some(s) = &x.school {
        about.push(s.value.clone());
    }
    if !about.is_empty() {
        println!("About       {}", about.join("; "));
    }
}
