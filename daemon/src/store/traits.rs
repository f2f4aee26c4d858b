//! The store's traits, one per concern, and [`Store`], which is all of them.
//! Code that holds a `dyn Store` imports the concern traits whose methods it
//! calls.

use super::*;
use crate::answer::ReminderKind;
use crate::audit::{AuditRecord, Head};
use crate::case::{Actor, Case, CaseRef, CaseSummary};
use crate::outbox::OutgoingMail;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// What intake writes.
#[async_trait]
pub trait IntakeStore: Send + Sync {
    /// Records a newly received message in one transaction: the case (or, for
    /// a message already seen, nothing), its first events, the audit entries
    /// and the acknowledgement in the outbox.
    async fn record_intake(&self, intake: NewIntake) -> Result<IntakeOutcome, StoreError>;

    /// Whether a message with this deduplication key was already recorded.
    async fn knows_message(&self, dedupe_key: &str) -> Result<Option<CaseRef>, StoreError>;
}

/// Reading cases and changing one.
#[async_trait]
pub trait CaseStore: Send + Sync {
    /// Cases, newest first, filtered.
    async fn list_cases(&self, filter: &CaseFilter) -> Result<Vec<CaseSummary>, StoreError>;

    /// One case with its events, or `None`.
    async fn get_case(&self, reference: &CaseRef) -> Result<Option<Case>, StoreError>;

    /// Every message of a case, oldest first (the request, then its
    /// follow-ups), with their raw bytes.
    async fn case_messages(&self, reference: &CaseRef) -> Result<Vec<StoredMessage>, StoreError>;

    /// The case's current plan with the decisions on it, and its action
    /// rows (none of either for an unknown case).
    async fn case_plan(
        &self,
        reference: &CaseRef,
    ) -> Result<(Option<CasePlan>, Vec<ActionRow>), StoreError>;

    /// The row id of the newest message of a case (its request or a
    /// follow-up), without reading any message: for workers that look at a
    /// case's messages only when there is a new one.
    async fn last_message_id(&self, reference: &CaseRef) -> Result<Option<i64>, StoreError>;

    /// The case as a change would see it, read without taking the
    /// writer's lock: for workers that decide whether to do anything
    /// before they call out (plugins, sealing) and then write through
    /// `update_case`, which reads it again and re-checks.
    async fn case_snapshot(&self, reference: &CaseRef) -> Result<Option<CaseSnapshot>, StoreError>;

    /// Changes one case: reads it, lets `change` decide, and writes the
    /// decision's effects in one transaction. A refusal, by `change` or by
    /// the state machine, writes nothing.
    async fn update_case(
        &self,
        reference: &CaseRef,
        now: DateTime<Utc>,
        change: CaseChange,
    ) -> Result<UpdateOutcome, StoreError>;
}

/// Deadline reminders.
#[async_trait]
pub trait ReminderStore: Send + Sync {
    /// Open cases due on or before `by`, with the reminders already recorded.
    async fn due_cases(&self, by: chrono::NaiveDate) -> Result<Vec<DueCase>, StoreError>;

    /// Records reminder `kinds` for a case (the first one with `mail`, the
    /// rest as superseded). Returns `false` when the first was already
    /// recorded (or `kinds` is empty), so nothing is sent twice.
    async fn record_reminder(
        &self,
        reference: &CaseRef,
        kinds: &[ReminderKind],
        mail: Option<OutgoingMail>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
}

/// The transactional outbox.
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Outgoing mail that is due for a (re)try at `now`.
    async fn due_outbox(
        &self,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<OutboxItem>, StoreError>;

    /// Claims a pending message for one delivery attempt (`pending` →
    /// `sending`); false when it was not pending any more.
    async fn claim_outbox(&self, id: i64, at: DateTime<Utc>) -> Result<bool, StoreError>;

    /// Records that an outgoing message was delivered.
    async fn mark_sent(&self, id: i64, at: DateTime<Utc>) -> Result<(), StoreError>;

    /// Records a failed attempt and when to try again.
    async fn mark_failed(
        &self,
        id: i64,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Messages left `sending` by a daemon that stopped between an attempt
    /// and its record: each may or may not have gone out.
    async fn interrupted_outbox(&self) -> Result<Vec<OutboxItem>, StoreError>;

    /// Counts of outgoing mail by status (for tests and `dsrd check`).
    async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError>;
}

/// The audit chain.
#[async_trait]
pub trait AuditStore: Send + Sync {
    /// The whole audit log in chain order, and the head the store remembers.
    async fn audit_log(&self) -> Result<(Vec<AuditRecord>, Head), StoreError>;
}

/// IMAP progress per mailbox.
#[async_trait]
pub trait MailboxStore: Send + Sync {
    /// The IMAP progress of a mailbox (by its configured name), if any.
    async fn mailbox_state(&self, mailbox: &str) -> Result<Option<MailboxState>, StoreError>;

    /// Records the IMAP progress of a mailbox; `last_uid` never goes back
    /// within one UIDVALIDITY.
    async fn save_mailbox_state(
        &self,
        mailbox: &str,
        state: MailboxState,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
}

/// The action rows of approved plans, for the execution worker. Each move
/// is conditional on the state it comes from, so two workers never both
/// run one action, and a result is recorded once.
#[async_trait]
pub trait ActionStore: Send + Sync {
    /// Pending actions whose time has come, oldest first (tasks for a
    /// person among them: the worker leaves those alone).
    async fn due_actions(
        &self,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<ActionRow>, StoreError>;

    /// Actions left `running` by a worker that stopped: their plugin call
    /// may or may not have happened.
    async fn interrupted_actions(&self) -> Result<Vec<ActionRow>, StoreError>;

    /// Claims a pending action for one attempt (`pending → running`,
    /// counting the attempt); false when it was not pending any more.
    async fn claim_action(&self, id: i64, at: DateTime<Utc>) -> Result<bool, StoreError>;

    /// Puts an interrupted action back (`running → pending`), to be run
    /// again: plugin operations are idempotent and scoped.
    async fn release_action(&self, id: i64, at: DateTime<Utc>) -> Result<bool, StoreError>;

    /// Records what a running action did (`running → done`), with its
    /// event and audit entry; false when it was not running.
    async fn finish_action(
        &self,
        id: i64,
        result: &serde_json::Value,
        summary: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// Records a failed attempt: back to `pending` from `retry_at`, or
    /// `failed` for the officer when there is none; with its event and
    /// audit entry.
    async fn fail_action(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
}

/// The register of restrictions in force and the bookkeeping of their lifts
/// (issue 12, point 5). An entry is written by [`ActionStore::finish_action`]
/// when a restrict action is done, and announced for lifting by
/// [`Effect::AnnounceLift`] through `update_case`; these methods read the
/// register and move a lift the way [`ActionStore`] moves an action: each
/// move is conditional on the state it comes from, with its event and audit
/// entry in the same transaction.
#[async_trait]
pub trait RestrictionStore: Send + Sync {
    /// Every restriction not lifted, oldest first.
    async fn active_restrictions(&self) -> Result<Vec<ActiveRestriction>, StoreError>;

    /// Announced lifts whose date has come and whose (next) attempt is due
    /// at `now`, oldest first.
    async fn due_lifts(
        &self,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<ActiveRestriction>, StoreError>;

    /// Lifts left `lifting` by a worker that stopped: the plugin call may
    /// or may not have happened.
    async fn interrupted_lifts(&self) -> Result<Vec<ActiveRestriction>, StoreError>;

    /// Claims an announced (or failed) lift for one attempt (`→ lifting`,
    /// counting the attempt); false when it is not announced, or when its
    /// announced date has not come at `at`: no lift before the notice ran.
    async fn claim_lift(&self, id: i64, at: DateTime<Utc>) -> Result<bool, StoreError>;

    /// Puts an interrupted lift back (`lifting → announced`), to be run
    /// again: the plugin's restrict call is idempotent and scoped.
    async fn release_lift(&self, id: i64, at: DateTime<Utc>) -> Result<bool, StoreError>;

    /// Ends a claimed lift without touching the system when another
    /// restriction in force covers the same subject in the same plugin, so
    /// the records stay marked for it (`lifting → released`), with its
    /// event and audit entry. Returns that other one as `CASE:ACTION`, or
    /// `None`, writing nothing, when no other covers it. Writers are
    /// serialised, so of two lifts claimed at once one is released and the
    /// other sees it released and clears the records.
    async fn end_covered_lift(
        &self,
        id: i64,
        by: &Actor,
        at: DateTime<Utc>,
    ) -> Result<Option<String>, StoreError>;

    /// The records lifting `id` clears: its own scope and those of the
    /// released restrictions of the same subject in the same plugin (a
    /// plugin lifts a subject's markers all together or not at all).
    async fn lift_scope(&self, id: i64) -> Result<dsrd_plugin_api::Scope, StoreError>;

    /// Records a lift carried out (`lifting → lifted`) by `by`, with its
    /// event and audit entry, and the released restrictions of the same
    /// subject in the same plugin as lifted with it; false when it was not
    /// lifting.
    async fn finish_lift(
        &self,
        id: i64,
        by: &Actor,
        summary: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// Records a failed lift attempt: back to `announced` from `retry_at`,
    /// or `failed` for the officer when there is none; with its event and
    /// audit entry.
    async fn fail_lift(
        &self,
        id: i64,
        by: &Actor,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
}

/// The answer's data package and its one-time delivery (issue 13). The
/// letter, the package row and the notices are written by
/// [`Effect::Answer`] through `update_case`; these methods serve the
/// download page and the expiry sweep. Each move is conditional on the
/// state it comes from, so a link is spent once however many requests race
/// for it.
#[async_trait]
pub trait ReplyStore: Send + Sync {
    /// The letter, packages and notices of a case (empty for an unknown
    /// case).
    async fn case_reply(&self, reference: &CaseRef) -> Result<CaseReply, StoreError>;

    /// The package offered under the token whose SHA-256 (hex) is
    /// `token_hash`, whatever its state.
    async fn package_by_token(&self, token_hash: &str) -> Result<Option<PackageRow>, StoreError>;

    /// The download page's POST: with the right code (`code_hash`, its
    /// SHA-256 in hex) before expiry, moves the package `offered →
    /// downloading` for the caller to stream once; a wrong code counts a
    /// try (with its event), and the `max_tries`-th locks the link.
    async fn claim_download(
        &self,
        token_hash: &str,
        code_hash: &str,
        max_tries: i64,
        at: DateTime<Utc>,
    ) -> Result<ClaimOutcome, StoreError>;

    /// The stream ended: `downloading → downloaded`, with its event and
    /// audit entry, and the case `answered → closed`. With `delete`, the
    /// wrapped key is removed in the same transaction (the package can no
    /// longer be read, in any backup either) and the caller deletes the
    /// file. False when it was not downloading.
    async fn finish_download(
        &self,
        id: i64,
        delete: bool,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// The stream broke off before its end: `downloading → offered`, so the
    /// requester can try again with the same link and code.
    async fn release_download(&self, id: i64, at: DateTime<Utc>) -> Result<bool, StoreError>;

    /// Puts every package a stopped daemon left `downloading` back to
    /// `offered`, with its event (start-up); returns how many.
    async fn release_interrupted_downloads(&self, at: DateTime<Utc>) -> Result<usize, StoreError>;

    /// Packages whose file is still readable though nothing will fetch it
    /// any more: offered ones past their expiry, and locked or downloaded
    /// ones kept until then.
    async fn expired_packages(&self, now: DateTime<Utc>) -> Result<Vec<PackageRow>, StoreError>;

    /// Removes an expired package's key (`offered → expired`; a locked or
    /// downloaded one keeps its state) with its event and audit entry, and
    /// closes the case if it is still answered; the caller deletes the
    /// file. False when there was nothing to remove.
    async fn expire_package(&self, id: i64, at: DateTime<Utc>) -> Result<bool, StoreError>;

    /// The files of the packages that can still be read: any other file in
    /// the package folder is a leftover (a package sealed by a daemon that
    /// stopped before recording it) and is deleted at start-up.
    async fn live_package_files(&self) -> Result<Vec<String>, StoreError>;

    /// The answers' tasks for a person, across cases, oldest first: the
    /// open notices a person gives (a recipient reached through its own
    /// portal, a transfer) or the officer decides (no way to reach the
    /// recipient configured), and the packages waiting to be posted.
    async fn answer_tasks(
        &self,
    ) -> Result<(Vec<(CaseRef, NoticeRow)>, Vec<PackageRow>), StoreError>;
}

/// Making removed data unrecoverable from the database's own files.
#[async_trait]
pub trait ScrubStore: Send + Sync {
    /// After bytes were overwritten (an identity document copy removed),
    /// makes sure no older copy of them stays behind in the engine's files:
    /// SQLite zeroes freed pages (`secure_delete`) and here empties its
    /// write-ahead log; PostgreSQL vacuums the table, so the old row
    /// versions' space is freed (their bytes stay until reused; see the
    /// README).
    async fn scrub(&self) -> Result<(), StoreError>;

    /// The same after cases were reduced to their anonymous records: on
    /// PostgreSQL every table a reduction changes is vacuumed.
    async fn scrub_case_files(&self) -> Result<(), StoreError>;
}

/// Accounts, their login sessions and API tokens (issue 14). Every change
/// writes its audit entry in the same transaction; a name is found
/// regardless of letter case. Counting failed logins, locking and accepting
/// a login are conditional updates under the writer's lock, so logins that
/// race each other count every failure and spend a TOTP code once.
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Adds an account, with its audit entry by `by`. `None`, writing
    /// nothing, when an account of that name exists regardless of case.
    async fn add_account(
        &self,
        new: &NewAccount,
        by: &Actor,
        at: DateTime<Utc>,
    ) -> Result<Option<crate::accounts::Account>, StoreError>;

    /// The account called `name` (regardless of case), with what a login
    /// checks.
    async fn account_by_name(&self, name: &str) -> Result<Option<AccountRow>, StoreError>;

    /// Every account, by name.
    async fn list_accounts(&self) -> Result<Vec<crate::accounts::Account>, StoreError>;

    /// Records a failed login of account `account_id` with its audit entry.
    /// A failure that counts (a wrong password or code) on an open account
    /// adds one to its count, and the `max_failures`-th locks it until
    /// `lock_until` (with an audit entry of its own) and starts the count
    /// again. On a locked account nothing is counted.
    async fn record_login_failure(
        &self,
        account_id: i64,
        why: LoginFailure,
        max_failures: u32,
        lock_until: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> Result<FailureRecorded, StoreError>;

    /// Records, without the name, a login with a name no account has.
    async fn record_unknown_login(&self, at: DateTime<Utc>) -> Result<(), StoreError>;

    /// Records a successful login and its new session, with its audit
    /// entry, resetting the count of failures; `None`, writing nothing,
    /// when the account changed since it was checked (disabled, locked, a
    /// new password, or the TOTP step used already).
    async fn record_login(
        &self,
        login: &NewLogin<'_>,
        at: DateTime<Utc>,
    ) -> Result<Option<crate::accounts::Account>, StoreError>;

    /// The account of the session whose token hashes to `token_hash`, if
    /// the session is neither past its lifetime at `now` nor unused since
    /// `idle_cutoff`, and the account is enabled. Records the use when the
    /// last one was at `touch_before` or earlier (so a busy session is not
    /// written on every request). An ended session's row is deleted.
    async fn touch_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        idle_cutoff: DateTime<Utc>,
        touch_before: DateTime<Utc>,
    ) -> Result<Option<crate::accounts::Account>, StoreError>;

    /// Ends the session whose token hashes to `token_hash`; false when
    /// there was none.
    async fn end_session(&self, token_hash: &str) -> Result<bool, StoreError>;

    /// The account of the API token hashing to `token_hash`, if the token
    /// is neither expired at `now` nor revoked and the account is enabled;
    /// records the use as [`AccountStore::touch_session`] does.
    async fn use_api_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        touch_before: DateTime<Utc>,
    ) -> Result<Option<crate::accounts::Account>, StoreError>;

    /// Disables the account, ends its sessions and revokes its tokens, with
    /// its audit entry by `by`. `None` for an unknown name.
    async fn disable_account(
        &self,
        name: &str,
        by: &Actor,
        at: DateTime<Utc>,
    ) -> Result<Option<crate::accounts::Account>, StoreError>;

    /// Sets a new password hash, clears the lock and the count of failures
    /// and ends the account's sessions, with its audit entry by `by`.
    /// `None` for an unknown name.
    async fn set_password(
        &self,
        name: &str,
        password_hash: &str,
        by: &Actor,
        at: DateTime<Utc>,
    ) -> Result<Option<crate::accounts::Account>, StoreError>;

    /// Sets (or replaces) the account's TOTP secret and ends its sessions,
    /// with its audit entry by `by`; from now on a login needs a code.
    /// `None` for an unknown name.
    async fn set_totp(
        &self,
        name: &str,
        secret: &crate::config::SecretString,
        by: &Actor,
        at: DateTime<Utc>,
    ) -> Result<Option<crate::accounts::Account>, StoreError>;

    /// Stores a new API token's hash for the account, with its audit entry
    /// by `by`. `None` for an unknown name.
    async fn add_api_token(
        &self,
        name: &str,
        token: &NewApiToken<'_>,
        by: &Actor,
        at: DateTime<Utc>,
    ) -> Result<Option<crate::accounts::Account>, StoreError>;
}

/// The breach register (reglement 6.4, GDPR art. 33(5)). Every change is
/// one transaction under the writer's lock with its audit entries, whose
/// details name the reference, the state and the fields changed but never
/// their text (a description may hold personal data).
#[async_trait]
pub trait BreachStore: Send + Sync {
    /// Enters a breach by `by`, with its reference (counted per year of
    /// `at`, in UTC) and its `breach.opened` audit entry.
    async fn open_breach(
        &self,
        new: &crate::breach::NewBreach,
        by: &Actor,
        at: DateTime<Utc>,
    ) -> Result<crate::breach::Breach, StoreError>;

    /// Opens a draft from a received mail, keeping the message, with its
    /// audit entry and its mails in the outbox (no case); the same message
    /// again opens nothing.
    async fn record_breach_report(&self, report: BreachReport) -> Result<BreachIntake, StoreError>;

    /// The register, newest first; with `open_only`, the entries not closed.
    async fn list_breaches(
        &self,
        open_only: bool,
    ) -> Result<Vec<crate::breach::Breach>, StoreError>;

    /// One entry.
    async fn get_breach(
        &self,
        reference: &crate::breach::BreachRef,
    ) -> Result<Option<crate::breach::Breach>, StoreError>;

    /// Changes one entry: reads it under the writer's lock, lets
    /// [`crate::breach::BreachUpdate::apply`] decide, and writes the result
    /// with `breach.updated` and an entry per decision (`breach.reported`,
    /// `breach.not_reported`, `breach.subjects_told`,
    /// `breach.subjects_not_told`, `breach.closed`). A refusal writes
    /// nothing.
    async fn update_breach(
        &self,
        reference: &crate::breach::BreachRef,
        change: &crate::breach::BreachUpdate,
        by: &Actor,
        at: DateTime<Utc>,
    ) -> Result<BreachChanged, StoreError>;

    /// The entries whose AP question is open (not closed, neither reported
    /// nor decided "not reported"), the soonest due first, overdue ones
    /// included: for the reminder and the daily digest, which judge the
    /// hours left with [`crate::breach::Breach::countdown`].
    async fn unreported_breaches(&self) -> Result<Vec<crate::breach::Breach>, StoreError>;

    /// Records the one reminder of an entry's AP due time, queueing `mail`
    /// with it. False, writing nothing, when it was recorded before or the
    /// AP question was decided meanwhile.
    async fn record_breach_reminder(
        &self,
        reference: &crate::breach::BreachRef,
        mail: Option<OutgoingMail>,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
}

/// Retention rules on a schedule (issue 16, point 1): the schedule's
/// bookkeeping per rule, the lease that lets one daemon of several run a
/// tick, and the record of every run with its audit entry.
#[async_trait]
pub trait RetentionStore: Send + Sync {
    /// The rule's schedule state, first recording that it was seen at
    /// `now` if it is new.
    async fn retention_rule(
        &self,
        rule: &str,
        now: DateTime<Utc>,
    ) -> Result<RetentionRuleState, StoreError>;

    /// Takes the lease to run `rule` for `tick` until `until`: `false` when
    /// another daemon holds an unexpired lease, or a run for `tick` (or a
    /// later one) is already recorded.
    async fn take_retention_lease(
        &self,
        rule: &str,
        tick: DateTime<Utc>,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// Records a run and its audit entry (`retention.run`, or
    /// `retention.failed` with an error) in one transaction. A scheduled
    /// run (`tick` set) also becomes the rule's last run and frees its
    /// lease. Returns the run's id.
    async fn record_retention_run(&self, run: &NewRetentionRun<'_>) -> Result<i64, StoreError>;

    /// The recorded runs of `rule` (of every rule with `None`), newest
    /// first, at most `limit`.
    async fn retention_runs(
        &self,
        rule: Option<&str>,
        limit: u32,
    ) -> Result<Vec<RetentionRun>, StoreError>;
}

/// The officer's daily digest (issue 16, point 6): a row per day, written
/// in the transaction that queues the day's mails, so a day's digest goes
/// out once however many daemons share the store and however often they
/// restart.
#[async_trait]
pub trait DigestStore: Send + Sync {
    /// The latest day recorded, if any.
    async fn last_digest(&self) -> Result<Option<DigestDay>, StoreError>;

    /// Records the digest of `digest.day` and queues its mails, with a
    /// `digest.queued` audit entry when there are any (a quiet day is
    /// bookkeeping, not an event). False, writing nothing, when that day is
    /// recorded already.
    async fn record_digest(&self, digest: &NewDigest) -> Result<bool, StoreError>;

    /// The retention runs recorded after `since` that failed, oldest
    /// first: what the digest reports since the previous one.
    async fn failed_retention_runs(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<RetentionRun>, StoreError>;
}

/// The case file's own retention (issue 16, point 3): a case closed or
/// rejected longer ago than the configured period is reduced to an
/// anonymous record, in one transaction with its `case.reduced` audit
/// entry; the figures count reduced cases like any other.
#[async_trait]
pub trait CaseFileStore: Send + Sync {
    /// The closed and rejected cases not reduced yet, oldest first, each
    /// with its last move into that state.
    async fn finished_cases(&self) -> Result<Vec<FinishedCase>, StoreError>;

    /// Reduces the case to its anonymous record when it is closed or
    /// rejected, was so at or before `closed_by`, has no restriction in
    /// force and is not reduced yet: empties the personal columns of its
    /// row and the detail of its events, deletes its messages, outgoing
    /// mail, identity record, plans, decisions, actions, lifted
    /// restrictions, letter, packages and notices, records the reduction
    /// (with the systems that acted) and its event, and writes one
    /// `case.reduced` audit entry by `by` with counts only. Otherwise
    /// writes nothing and says why. The files of its mail and packages are
    /// the caller's to remove.
    async fn reduce_case(
        &self,
        reference: &CaseRef,
        closed_by: DateTime<Utc>,
        by: &Actor,
        at: DateTime<Utc>,
    ) -> Result<ReduceOutcome, StoreError>;

    /// Every case, reduced or not, as the annual figures count it, oldest
    /// first.
    async fn figure_rows(&self) -> Result<Vec<FigureRow>, StoreError>;

    /// The Message-IDs of the case's outgoing mail, oldest first: to find
    /// their copies in a Sent folder before the case is reduced.
    async fn case_mail_ids(&self, reference: &CaseRef) -> Result<Vec<String>, StoreError>;
}

/// The erasure ledger (issue 16, point 4): written with an erasure's
/// result, read by `dsrd erasures list|replay`.
#[async_trait]
pub trait LedgerStore: Send + Sync {
    /// [`ActionStore::finish_action`] for an erasure, writing `entry` into
    /// the ledger in the same transaction (with its audit entry
    /// `ledger.entry`), so no recorded erasure lacks its entry; false, and
    /// nothing written, when the action was not running.
    async fn finish_erasure(
        &self,
        id: i64,
        result: &serde_json::Value,
        summary: &str,
        entry: &NewLedgerEntry,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// The entries of `plugin` (of every plugin with `None`) recorded at or
    /// after `since`, oldest first.
    async fn ledger_entries(
        &self,
        plugin: Option<&str>,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<LedgerEntry>, StoreError>;

    /// Writes the audit entry of a replay run (`erasures.replay`): the
    /// plugin, since when, whether dry, by whom and the counts.
    async fn record_replay(
        &self,
        plugin: &str,
        since: DateTime<Utc>,
        dry_run: bool,
        by: &Actor,
        counts: &ReplayCounts,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
}

/// Everything the daemon asks of its store: the SQLite and the PostgreSQL
/// implementation each implement every concern.
pub trait Store:
    IntakeStore
    + CaseStore
    + ReminderStore
    + OutboxStore
    + AuditStore
    + MailboxStore
    + ScrubStore
    + ActionStore
    + RestrictionStore
    + ReplyStore
    + AccountStore
    + BreachStore
    + RetentionStore
    + DigestStore
    + CaseFileStore
    + LedgerStore
{
}

impl<T> Store for T where
    T: IntakeStore
        + CaseStore
        + ReminderStore
        + OutboxStore
        + AuditStore
        + MailboxStore
        + ScrubStore
        + ActionStore
        + RestrictionStore
        + ReplyStore
        + AccountStore
        + BreachStore
        + RetentionStore
        + DigestStore
        + CaseFileStore
        + LedgerStore
{
}
