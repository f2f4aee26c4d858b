//! The words for what a plan, its execution and its art. 19 notices name
//! by code: how an erasure is done, the officer's tasks, where an action's
//! run stands, why a system is left untouched, how a recipient is reached.
//! Each a match without wildcard (but for the plugin API's open enum), so
//! a new variant gets words here.

use crate::identity::NotValid;
use crate::lang::Lang;
use crate::plan::{PersonTask, UntouchedWhy};
use crate::store::{ActionState, NoticeChannel, NoticeState, RestrictionState};
use dsrd_plugin_api::EraseMode;

/// How an erasure is done.
pub(super) fn erase_mode(mode: EraseMode, lang: Lang) -> &'static str {
    match (lang, mode) {
        (Lang::Nl, EraseMode::Delete) => "wissen",
        (Lang::Nl, EraseMode::Anonymise) => "anonimiseren",
        (Lang::En, EraseMode::Delete) => "delete",
        (Lang::En, EraseMode::Anonymise) => "anonymise",
        // The plugin API's enum may grow (it is non-exhaustive).
        (Lang::Nl, _) => "anders verwijderen",
        (Lang::En, _) => "another way of erasing",
    }
}

/// A task the officer does in person.
pub(super) fn person_task(task: PersonTask, lang: Lang) -> &'static str {
    use PersonTask::*;
    match (lang, task) {
        (Lang::Nl, WeighObjection) => "bezwaar afwegen",
        (Lang::Nl, AnswerAutomatedDecision) => "geautomatiseerde besluiten toelichten",
        (Lang::Nl, WithdrawConsent) => "intrekking toestemming verwerken",
        (Lang::En, WeighObjection) => "weigh the objection",
        (Lang::En, AnswerAutomatedDecision) => "explain automated decisions",
        (Lang::En, WithdrawConsent) => "handle the withdrawn consent",
    }
}

/// Where an action's run stands.
pub(super) fn action_state(state: ActionState, lang: Lang) -> &'static str {
    use ActionState::*;
    match (lang, state) {
        (Lang::Nl, Pending) => "wacht",
        (Lang::Nl, Running) => "bezig",
        (Lang::Nl, Done) => "klaar",
        (Lang::Nl, Failed) => "mislukt",
        (Lang::Nl, Waived) => "overgeslagen",
        (Lang::En, Pending) => "waiting",
        (Lang::En, Running) => "running",
        (Lang::En, Done) => "done",
        (Lang::En, Failed) => "failed",
        (Lang::En, Waived) => "waived",
    }
}

/// Why a system is left untouched.
pub(super) fn untouched(why: UntouchedWhy, lang: Lang) -> &'static str {
    use UntouchedWhy::*;
    match (lang, why) {
        (Lang::Nl, NothingFound) => "niets gevonden",
        (Lang::Nl, NotSupported) => "het systeem kan dit niet; zo nodig met de hand",
        (Lang::Nl, NoInstructions) => "geen instructies voor dit soort verzoek",
        (Lang::Nl, NoChangeEntered) => "geen correctie ingevoerd",
        (Lang::En, NothingFound) => "nothing found",
        (Lang::En, NotSupported) => "the system cannot do this; by hand if needed",
        (Lang::En, NoInstructions) => "no instructions for this type of request",
        (Lang::En, NoChangeEntered) => "no correction entered",
    }
}

/// How a recipient is reached.
pub(super) fn channel(channel: NoticeChannel, lang: Lang) -> &'static str {
    use NoticeChannel::*;
    match (lang, channel) {
        (Lang::Nl, Email) => "e-mail",
        (Lang::Nl, Task) => "taak",
        (Lang::Nl, Unconfigured) => "niet ingesteld",
        (Lang::En, Email) => "e-mail",
        (Lang::En, Task) => "task",
        (Lang::En, Unconfigured) => "not set up",
    }
}

/// Where a notice stands.
pub(super) fn notice_state(state: NoticeState, lang: Lang) -> &'static str {
    use NoticeState::*;
    match (lang, state) {
        (Lang::Nl, Open) => "open",
        (Lang::Nl, Told) => "geïnformeerd",
        (Lang::Nl, Exempt) => "uitgezonderd",
        (Lang::En, Open) => "open",
        (Lang::En, Told) => "told",
        (Lang::En, Exempt) => "exempt",
    }
}

/// Why the requester may not act for the person.
pub(super) fn not_valid(reason: NotValid, lang: Lang) -> &'static str {
    use NotValid::*;
    match (lang, reason) {
        (Lang::Nl, ParentMustAsk) => "de leerling is te jong; een ouder met gezag kan het vragen",
        (Lang::Nl, PupilDecides) => "de leerling beslist zelf (16 of ouder)",
        (Lang::Nl, NotARepresentative) => "ouder zonder gezag",
        (Lang::Nl, SubjectActsAlone) => "volwassene of medewerker: handelt zelf",
        (Lang::Nl, NoRelationOnFile) => "geen band met de persoon in de administratie",
        (Lang::En, ParentMustAsk) => "the pupil is too young; a parent with authority can ask",
        (Lang::En, PupilDecides) => "the pupil decides (16 or older)",
        (Lang::En, NotARepresentative) => "parent without parental authority",
        (Lang::En, SubjectActsAlone) => "an adult or staff: acts alone",
        (Lang::En, NoRelationOnFile) => "nothing on file links them to the person",
    }
}

/// Where a restriction in force stands.
pub(super) fn restriction_state(state: RestrictionState, lang: Lang) -> &'static str {
    use RestrictionState::*;
    match (lang, state) {
        (Lang::Nl, Active) => "van kracht",
        (Lang::Nl, Announced) => "opheffing aangekondigd",
        (Lang::Nl, Lifting) => "wordt opgeheven",
        (Lang::Nl, Failed) => "opheffen mislukt",
        (Lang::Nl, Released) => "vrijgegeven",
        (Lang::Nl, Lifted) => "opgeheven",
        (Lang::En, Active) => "in force",
        (Lang::En, Announced) => "lift announced",
        (Lang::En, Lifting) => "being lifted",
        (Lang::En, Failed) => "lifting failed",
        (Lang::En, Released) => "released",
        (Lang::En, Lifted) => "lifted",
    }
}
