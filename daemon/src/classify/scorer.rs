//! Scoring an e-mail against the rules and deciding on its request types.
//!
//! Every rule that matches adds its weight to its type once per location,
//! however often it matches: template letters repeat their boilerplate, and
//! counting repeats would let the longest template win instead of the
//! clearest request. Article references are the exception; a repeated
//! article adds a little, because a letter keeps citing the right it
//! exercises ("Art. 15" five times) but cites other rights once.

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
        .set
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
    // Strongest first, so that when two rules of one type match the same
    // words ("format structuré" inside "format structuré, couramment
    // utilisé") the stronger one claims them and the words count once.
    hits.sort_by(|&a, &b| {
        rules.patterns[b]
            .weight
            .total_cmp(&rules.patterns[a].weight)
    });
    let mut claimed: Vec<(RequestType, usize, usize)> = Vec::new();
    for i in hits {
        let pattern = &rules.patterns[i];
        let t = pattern.request_type;
        let free = pattern.regex.find_iter(text).find(|m| {
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
        for caps in article.regex.captures_iter(text) {
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
    let negative = scores[RequestType::NotARequest.index()];
    let mut ranked: Vec<(RequestType, f32)> = RequestType::ALL
        .into_iter()
        .filter(|t| t.is_request())
        .map(|t| (t, scores[t.index()]))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (top, best) = ranked[0];
    let runner_up = ranked[1].1;

    if best <= 0.0 || (negative >= NEGATIVE_MIN && negative >= NEGATIVE_RATIO * best) {
        // Not a request. Without negative cues this is mail nobody
        // recognises, so the confidence stays low and it goes to triage.
        let confidence = if negative > 0.0 {
            strength(negative) * negative / (negative + best)
        } else {
            0.3
        };
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
