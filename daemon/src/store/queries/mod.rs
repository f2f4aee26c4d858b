//! The SQL both stores share. The statements are the same text on SQLite and
//! PostgreSQL (`$n` placeholders work on both); what differs is the pool and
//! the native column types, which each macro's `$db` parameter supplies.
//! Macros rather than generic code because sqlx's generic bounds would bury
//! every query under a screen of `where` clauses. One file per store trait.

pub(crate) mod accounts;
pub(crate) mod actions;
pub(crate) mod answers;
pub(crate) mod audit;
pub(crate) mod breaches;
pub(crate) mod case_file;
pub(crate) mod cases;
pub(crate) mod delivery;
pub(crate) mod digest;
pub(crate) mod helpers;
pub(crate) mod intake;
pub(crate) mod ledger;
pub(crate) mod mailbox;
pub(crate) mod outbox;
pub(crate) mod reminders;
pub(crate) mod restrictions;
pub(crate) mod retention;

/// Implements every store trait for `$store` on the pool of database `$db`.
macro_rules! sql_store {
    ($store:ty, $db:ty) => {
        $crate::store::queries::helpers::sql_helpers!($store, $db);
        $crate::store::queries::intake::sql_intake!($store, $db);
        $crate::store::queries::cases::sql_cases!($store, $db);
        $crate::store::queries::reminders::sql_reminders!($store, $db);
        $crate::store::queries::outbox::sql_outbox!($store, $db);
        $crate::store::queries::audit::sql_audit!($store, $db);
        $crate::store::queries::mailbox::sql_mailbox!($store, $db);
        $crate::store::queries::actions::sql_actions!($store, $db);
        $crate::store::queries::restrictions::sql_restrictions!($store, $db);
        $crate::store::queries::answers::sql_answers!($store, $db);
        $crate::store::queries::delivery::sql_delivery!($store, $db);
        $crate::store::queries::accounts::sql_accounts!($store, $db);
        $crate::store::queries::breaches::sql_breaches!($store, $db);
        $crate::store::queries::retention::sql_retention!($store, $db);
        $crate::store::queries::digest::sql_digest!($store, $db);
        $crate::store::queries::case_file::sql_case_file!($store, $db);
        $crate::store::queries::ledger::sql_ledger!($store, $db);
    };
}

pub(crate) use sql_store;
