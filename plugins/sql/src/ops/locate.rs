//! `locate`: the subject's rows, how they matched, and the rows below them.

use super::matching::{find, Found};
use super::persons;
use super::tree::walk;
use super::{key_text, Ctx};
use crate::engine::Tx;
use crate::error::Result;
use crate::settings::TableMapping;
use dsrd_plugin_api::{
    LocateResult, LocatedPerson, LocatedRecord, MatchStrength, RecordRef, Subject,
};

/// Finds the subject. Weak (name-only) matches are shown only when nothing
/// stronger matched: beside a strong match they are namesakes, and listing
/// their records would show the officer other people's data. Rows below a
/// subject row are listed only for exact and probable matches, for the
/// same reason. The result is ambiguous when the best match is weak or
/// one subject table has several matches.
///
/// Each shown row is also a person. A person matched exactly or probably
/// brings the persons the mapping's `links` tie them to (a guardian's
/// pupils), with those persons' records; those records are not the
/// subject's and stay out of `records`. They also bring the persons
/// whose links tie them to the matched person (a pupil's guardians), each
/// with that one link and their addresses on file: who may act for a pupil
/// a letter names, and where a code to confirm it may go.
pub async fn locate(tx: &mut Tx, ctx: Ctx<'_>, subject: &Subject) -> Result<LocateResult> {
    let found = find(tx, ctx, subject).await?;
    let Some(best) = found.first().map(|f| f.strength) else {
        return Ok(LocateResult::default());
    };
    let shown: Vec<&Found> = found
        .iter()
        .filter(|f| f.strength == best || f.strength >= MatchStrength::Probable)
        .collect();
    let crowded = shown
        .iter()
        .any(|f| shown.iter().filter(|g| g.subject == f.subject).count() > 1);
    let ambiguous = best == MatchStrength::Weak || crowded;
    let mut records = Vec::new();
    let mut persons: Vec<LocatedPerson> = Vec::new();
    let mut linked = Vec::new();
    let mut holders = Vec::new();
    for hit in shown {
        let first = records.len();
        let root = &ctx.settings.subjects[hit.subject];
        let record = |table: &TableMapping, key: &serde_json::Value| LocatedRecord {
            table: table.table.to_string(),
            key: key_text(key),
            label: label(table),
            matched_on: hit.matched_on.clone(),
            strength: hit.strength,
        };
        if hit.strength < MatchStrength::Probable {
            records.push(record(root, &hit.key));
        } else {
            for reached in walk(tx, ctx, root, vec![hit.key.clone()]).await? {
                records.extend(reached.keys.iter().map(|key| record(reached.table, key)));
            }
        }
        let own = records[first..]
            .iter()
            .map(|r| RecordRef::new(r.table.as_str(), r.key.as_str()))
            .collect();
        let mut person = persons::matched(tx, ctx, hit, own).await?;
        if hit.strength >= MatchStrength::Probable {
            linked.extend(persons::links(tx, ctx, hit.subject, &hit.key, &mut person).await?);
            holders.extend(persons::holders(tx, ctx, hit.subject, &hit.key).await?);
        }
        persons.push(person);
    }
    for (subject, key) in linked {
        let wanted = persons::person_key(&ctx.settings.subjects[subject], &key);
        if persons.iter().all(|p| p.key != wanted) {
            persons.push(persons::linked(tx, ctx, subject, &key).await?);
        }
    }
    for (subject, key, link) in holders {
        let wanted = persons::person_key(&ctx.settings.subjects[subject], &key);
        let at = match persons.iter().position(|p| p.key == wanted) {
            Some(at) => at,
            None => {
                persons.push(persons::linked(tx, ctx, subject, &key).await?);
                persons.len() - 1
            }
        };
        if !persons[at].links.contains(&link) {
            persons[at].links.push(link);
        }
    }
    Ok(LocateResult {
        records,
        ambiguous,
        persons,
    })
}

/// What a row of `table` is, e.g. "test result"; never personal data.
pub fn label(table: &TableMapping) -> String {
    table
        .label
        .clone()
        .unwrap_or_else(|| table.table.to_string().replace('_', " "))
}
