//! Scoring an e-mail against the rules and deciding on its request types.
//!
//! Every rule that matches adds its weight to its type once per location,
//! however often it matches: template letters repeat their boilerplate, and
//! counting repeats would let the longest template win instead of the
//! clearest request. Article references are the exception; a repeated
//! article adds a little, because a letter keeps citing the right it
//! exercises ("Art. 15" five times) but cites other rights once.
//!
//! A rule with a weight of zero or below is a *blocker*: negations and
//! hedges ("niet verwijderen", "don't delete", "niet doorgestuurd naar de
//! nieuwe school"). Blockers are matched first and claim their words for
//! their type, so the bare verb inside them ("verwijderen") no longer counts
//! towards that type; a negative weight also subtracts.
//!
//! # When mail is `not_a_request`
//! Only mail with *positive* not-a-request cues may be `not_a_request`:
//! auto-reply and newsletter phrases, reminders of an earlier request,
//! complaints to the authority, spam, plain school questions, thanks. The
//! decision rule in [`decide`]:
//! - cues of some request type and of not-a-request: `not_a_request` only if
//!   the negative score reaches [`NEGATIVE_MIN`] and [`NEGATIVE_RATIO`] times
//!   the best request type, else the request type;
//! - negative cues only: `not_a_request`, with a confidence that grows with
//!   the cues (it goes to triage anyway, as all `not_a_request` mail does);
//! - no evidence at all: mail nobody recognises is treated as a possible
//!   request, never silently as "no request". It gets primary `access` (the
//!   broadest right, whose deadline is the one to protect: a parent who writes
//!   to the privacy mailbox most often wants to know something) with
//!   confidence [`NO_EVIDENCE_CONFIDENCE`], far below any triage threshold,
//!   so an officer looks at it and the legal clock is already running.

use super::language::Language;
use super::quotes::strip_quotes_and_signature;
use super::rules::{LanguageRules, Rules, Scope};
use super::types::{Classification, Evidence, Location, RequestType};

/// A match in the subject counts this many times its weight: people name
/// their request in the subject line.
const SUBJECT_FACTOR: f32 = 1.5;
/// Each further citation of the same article adds this share of its weight,
/// at most [`MAX_REPEATS`] times.
const REPEAT_SHARE: f32 = 0.25;
const MAX_REPEATS: usize = 4;
/// A second language's rules also run when its stop-word hits reach this
/// share of the winner's (half-translated letters, English legal terms).
const SECOND_LANGUAGE_RATIO: f32 = 0.5;
/// A further request type is listed when it scores at least this much: one
/// article citation alone is not enough, a citation plus a clear phrase is.
const SECONDARY_MIN: f32 = 3.5;
/// Negative cues must reach this score, and outweigh every request type by
/// [`NEGATIVE_RATIO`], before mail counts as not a request. Both lean
/// towards "request": a missed request is a missed legal deadline. On the
/// corpus, negatives outweigh their best request type by 1.5x or more and
/// requests score at most 0.2x in negative cues; 1.4 sits near the
/// negatives' end of that gap on purpose.
const NEGATIVE_MIN: f32 = 3.0;
const NEGATIVE_RATIO: f32 = 1.4;
/// Confidence of the `access` fallback for mail without any evidence: low
/// enough that every sensible triage threshold sends it to an officer.
pub(crate) const NO_EVIDENCE_CONFIDENCE: f32 = 0.05;
/// Score at which the confidence reaches 1 - 1/e.
const CONFIDENCE_SCALE: f32 = 5.0;

/// Classifies one e-mail. `body` may still hold quotes and a signature;
/// they are stripped first.
pub fn classify(subject: &str, body: &str, rules: &Rules) -> Classification {
    let body = strip_quotes_and_signature(body);
    let detected = rules.profile.detect(&body);
    let detected = if detected.score == 0.0 {
        rules.profile.detect(subject)
    } else {
        detected
    };
    let mut languages = vec![detected.language];
    if detected.second_ratio >= SECOND_LANGUAGE_RATIO {
        languages.push(detected.second);
    }

    let mut scores = [0.0f32; RequestType::ALL.len()];
    let mut evidence = Vec::new();
    for lang in &languages {
        let lang_rules = &rules.languages[lang.index()];
        for (location, text) in [(Location::Subject, subject), (Location::Body, &*body)] {
            match_phrases(lang_rules, location, text, &mut scores, &mut evidence);
        }
    }
    // Article references are language-neutral enough ("Art. 15 GDPR" in a
    // Dutch letter) that the first language's patterns suffice; running the
    // second's too would count the same citation twice.
    for (location, text) in [(Location::Subject, subject), (Location::Body, &*body)] {
        match_articles(
            &rules.languages[languages[0].index()],
            location,
            text,
            &mut scores,
            &mut evidence,
        );
    }
    evidence.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    decide(detected.language, scores, evidence)
}

fn match_phrases(
    rules: &LanguageRules,
    location: Location,
    text: &str,
    scores: &mut [f32],
    evidence: &mut Vec<Evidence>,
) {
    if text.is_empty() {
        return;
    }
    let mut hits: Vec<usize> = rules
        .set()
        .matches(text)
        .into_iter()
        .filter(|&i| {
            matches!(
                (rules.patterns[i].scope, location),
                (Scope::Any, _)
                    | (Scope::Subject, Location::Subject)
                    | (Scope::Body, Location::Body)
            )
        })
        .collect();
    // Blockers (weight <= 0) first, then strongest first, so that when two
    // rules of one type match the same words ("format structuré" inside
    // "format structuré, couramment utilisé") the stronger one claims them
    // and the words count once, and a negation ("niet verwijderen") claims
    // its verb before the bare verb can count.
    hits.sort_by(|&a, &b| {
        let (wa, wb) = (rules.patterns[a].weight, rules.patterns[b].weight);
        (wa > 0.0).cmp(&(wb > 0.0)).then(wb.total_cmp(&wa))
    });
    let mut claimed: Vec<(RequestType, usize, usize)> = Vec::new();
    for i in hits {
        let pattern = &rules.patterns[i];
        let t = pattern.request_type;
        let free = pattern.regex().find_iter(text).find(|m| {
            !claimed
                .iter()
                .any(|&(ct, s, e)| ct == t && m.start() < e && s < m.end())
        });
        let Some(m) = free else {
            continue;
        };
        claimed.push((t, m.start(), m.end()));
        let weight = pattern.weight * factor(location);
        scores[t.index()] += weight;
        evidence.push(Evidence {
            request_type: t,
            phrase: snippet(m.as_str()),
            location,
            weight,
        });
    }
}

fn match_articles(
    rules: &LanguageRules,
    location: Location,
    text: &str,
    scores: &mut [f32],
    evidence: &mut Vec<Evidence>,
) {
    // Per request type: the first citation and how often it was cited.
    let mut found: Vec<(RequestType, String, f32, usize)> = Vec::new();
    // Spans already counted: two article patterns may match one citation.
    let mut seen: Vec<(usize, usize)> = Vec::new();
    for article in &rules.articles {
        for caps in article.regex().captures_iter(text) {
            let whole = caps.get(0).expect("group 0 always matches");
            let (start, end) = (whole.start(), whole.end());
            if seen.iter().any(|&(s, e)| start < e && s < end) {
                continue;
            }
            seen.push((start, end));
            let Some(t) = caps["n"].parse().ok().and_then(RequestType::from_article) else {
                continue;
            };
            match found.iter_mut().find(|f| f.0 == t) {
                Some(f) => f.3 += 1,
                None => found.push((t, snippet(&caps[0]), article.weight, 1)),
            }
        }
    }
    for (t, phrase, weight, count) in found {
        let repeats = (count - 1).min(MAX_REPEATS) as f32;
        let weight = weight * (1.0 + REPEAT_SHARE * repeats) * factor(location);
        scores[t.index()] += weight;
        evidence.push(Evidence {
            request_type: t,
            phrase,
            location,
            weight,
        });
    }
}

fn decide(language: Language, scores: [f32; 9], evidence: Vec<Evidence>) -> Classification {
    // Blockers may push a score below zero; only positive cues count.
    let negative = scores[RequestType::NotARequest.index()].max(0.0);
    let mut ranked: Vec<(RequestType, f32)> = RequestType::ALL
        .into_iter()
        .filter(|t| t.is_request())
        .map(|t| (t, scores[t.index()]))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (top, best) = ranked[0];
    let runner_up = ranked[1].1.max(0.0);

    if best <= 0.0 && negative <= 0.0 {
        // No evidence at all: a possible request, never a silent drop (see
        // the module documentation).
        return Classification {
            language,
            primary: RequestType::Access,
            types: vec![RequestType::Access],
            confidence: NO_EVIDENCE_CONFIDENCE,
            evidence,
        };
    }
    if best <= 0.0 || (negative >= NEGATIVE_MIN && negative >= NEGATIVE_RATIO * best) {
        // Not a request, on positive cues only.
        let best = best.max(0.0);
        let confidence = strength(negative) * negative / (negative + best);
        return Classification {
            language,
            primary: RequestType::NotARequest,
            types: vec![RequestType::NotARequest],
            confidence,
            evidence,
        };
    }

    let mut types = vec![top];
    types.extend(
        ranked[1..]
            .iter()
            .filter(|(_, s)| *s >= SECONDARY_MIN)
            .map(|(t, _)| *t),
    );
    let margin = (best - runner_up) / best;
    let confidence = strength(best) * (0.6 + 0.4 * margin) * best / (best + negative);
    Classification {
        language,
        primary: top,
        types,
        confidence: confidence.clamp(0.0, 1.0),
        evidence,
    }
}

fn strength(score: f32) -> f32 {
    1.0 - (-score / CONFIDENCE_SCALE).exp()
}

fn factor(location: Location) -> f32 {
    match location {
        Location::Subject => SUBJECT_FACTOR,
        Location::Body => 1.0,
    }
}

/// The matched text, shortened for the case page and with whitespace runs
/// collapsed (hard-wrapped letters).
fn snippet(text: &str) -> String {
    let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match collapsed.char_indices().nth(120) {
        Some((i, _)) => format!("{}…", &collapsed[..i]),
        None => collapsed,
    }
}
