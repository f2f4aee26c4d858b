//! Accounts, login sessions and API tokens: names unique regardless of
//! case, failed logins counted and locking once even when they race, a
//! TOTP step accepted once, sessions ending idle and at their lifetime,
//! tokens refused when expired, revoked or of a disabled account; every
//! change audited.

use super::*;
use crate::accounts::{Account, Role};
use crate::config::SecretString;

const T0: &str = "2026-03-02T09:15:00Z";

fn new_account(name: &str) -> NewAccount {
    NewAccount {
        name: name.to_owned(),
        role: Role::Officer,
        password_hash: "$argon2id$hash-of-the-password".into(),
    }
}

async fn added(store: &dyn Store, name: &str) -> Account {
    store
        .add_account(&new_account(name), &Actor::System, at(T0))
        .await
        .unwrap()
        .expect("the account is added")
}

fn login<'a>(account: &Account, session_hash: &'a str, step: Option<i64>) -> NewLogin<'a> {
    NewLogin {
        account_id: account.id,
        password_hash: "$argon2id$hash-of-the-password",
        totp_step: step,
        session_hash,
        expires_at: at(T0) + TimeDelta::hours(12),
        idle_cutoff: at(T0) - TimeDelta::minutes(30),
    }
}

pub(super) async fn an_account_is_added_once_regardless_of_case_and_reads_back(
    store: Arc<dyn Store>,
) {
    let account = added(store.as_ref(), "Fatima el Amrani").await;
    assert_eq!(account.name, "Fatima el Amrani");
    assert_eq!(account.role, Role::Officer);
    assert_eq!(account.created_at, at(T0));
    assert!(!account.totp && !account.disabled);
    assert_eq!((account.last_login_at, account.locked_until), (None, None));

    let twin = store
        .add_account(&new_account("FATIMA EL AMRANI"), &Actor::System, at(T0))
        .await
        .unwrap();
    assert_eq!(twin, None, "one name regardless of case");
    added(store.as_ref(), "Jan Bakker").await;

    let row = store
        .account_by_name(" fatima el amrani ")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.account, account);
    assert_eq!(row.password_hash, "$argon2id$hash-of-the-password");
    assert!(row.totp_secret.is_none());
    assert_eq!((row.totp_last_step, row.failed_logins), (None, 0));
    assert!(
        !format!("{row:?}").contains("hash-of-the-password"),
        "Debug hides the hash"
    );
    assert!(store.account_by_name("Nobody").await.unwrap().is_none());
    let names: Vec<String> = store
        .list_accounts()
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(names, ["Fatima el Amrani", "Jan Bakker"]);
    assert_eq!(
        audit_actions(store.as_ref()).await,
        ["account.added", "account.added"]
    );
}

pub(super) async fn failed_logins_count_lock_once_and_start_again(store: Arc<dyn Store>) {
    let account = added(store.as_ref(), "fg").await;
    let now = at(T0);
    let until = now + TimeDelta::minutes(15);
    let fail = |why| {
        let store = store.clone();
        async move {
            store
                .record_login_failure(account.id, why, 3, until, now)
                .await
                .unwrap()
        }
    };

    assert_eq!(
        fail(LoginFailure::Password).await,
        FailureRecorded::Counted { failures: 1 }
    );
    assert_eq!(
        fail(LoginFailure::Disabled).await,
        FailureRecorded::Counted { failures: 1 },
        "not counted"
    );
    assert_eq!(
        fail(LoginFailure::SecondFactor).await,
        FailureRecorded::Counted { failures: 2 }
    );
    assert_eq!(
        fail(LoginFailure::Password).await,
        FailureRecorded::Locked { until }
    );
    assert_eq!(
        fail(LoginFailure::Password).await,
        FailureRecorded::Locked { until },
        "stays locked"
    );
    let row = store.account_by_name("fg").await.unwrap().unwrap();
    assert_eq!(row.account.locked_until, Some(until));
    assert_eq!(row.failed_logins, 0, "the count starts again with the lock");
    assert_eq!(
        store
            .record_login_failure(
                account.id,
                LoginFailure::Password,
                3,
                until + TimeDelta::minutes(15),
                until
            )
            .await
            .unwrap(),
        FailureRecorded::Counted { failures: 1 },
        "after the lock, counting starts again"
    );
    assert_eq!(
        store
            .record_login_failure(i64::MAX, LoginFailure::Password, 3, until, now)
            .await
            .unwrap(),
        FailureRecorded::Unknown
    );
    store.record_unknown_login(now).await.unwrap();
    let actions = audit_actions(store.as_ref()).await;
    assert_eq!(
        actions.iter().filter(|a| *a == "account.locked").count(),
        1,
        "{actions:?}"
    );
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "account.login_failed")
            .count(),
        7,
        "{actions:?}"
    );
}

pub(super) async fn failed_logins_racing_each_other_are_all_counted_and_lock_once(
    store: Arc<dyn Store>,
) {
    let account = added(store.as_ref(), "fg").await;
    let now = at(T0);
    let until = now + TimeDelta::minutes(15);
    let race = |n: usize| {
        let store = store.clone();
        async move {
            let tries = (0..n).map(|_| {
                let store = store.clone();
                tokio::spawn(async move {
                    store
                        .record_login_failure(account.id, LoginFailure::Password, 10, until, now)
                        .await
                        .unwrap()
                })
            });
            futures_util::future::join_all(tries)
                .await
                .into_iter()
                .map(Result::unwrap)
                .collect::<Vec<_>>()
        }
    };

    race(8).await;
    assert_eq!(
        store
            .account_by_name("fg")
            .await
            .unwrap()
            .unwrap()
            .failed_logins,
        8
    );
    let outcomes = race(6).await;
    let locked = outcomes
        .iter()
        .filter(|o| matches!(o, FailureRecorded::Locked { .. }))
        .count();
    // The 9th is counted, the 10th locks, the four after it find it locked.
    assert_eq!(locked, 5, "{outcomes:?}");
    let actions = audit_actions(store.as_ref()).await;
    assert_eq!(
        actions.iter().filter(|a| *a == "account.locked").count(),
        1,
        "locked once: {actions:?}"
    );
}

pub(super) async fn a_login_is_accepted_once_per_totp_step_and_not_for_a_changed_account(
    store: Arc<dyn Store>,
) {
    let account = added(store.as_ref(), "fg").await;
    let now = at(T0);
    let secret = SecretString::new("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".into());
    store
        .set_totp("fg", &secret, &Actor::System, now)
        .await
        .unwrap()
        .unwrap();

    assert!(
        store
            .record_login(&login(&account, "s0", None), now)
            .await
            .unwrap()
            .is_none(),
        "a TOTP account needs a step"
    );
    let first = store
        .record_login(&login(&account, "s1", Some(100)), now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.last_login_at, Some(now));
    assert!(
        store
            .record_login(&login(&account, "s2", Some(100)), now)
            .await
            .unwrap()
            .is_none(),
        "a step is used once"
    );
    assert!(
        store
            .record_login(&login(&account, "s3", Some(99)), now)
            .await
            .unwrap()
            .is_none(),
        "nor an earlier one"
    );
    assert!(store
        .record_login(&login(&account, "s4", Some(101)), now)
        .await
        .unwrap()
        .is_some());
    assert_eq!(
        store
            .account_by_name("fg")
            .await
            .unwrap()
            .unwrap()
            .totp_last_step,
        Some(101)
    );

    let changed = NewLogin {
        password_hash: "$argon2id$an-older-password",
        ..login(&account, "s5", Some(102))
    };
    assert!(
        store.record_login(&changed, now).await.unwrap().is_none(),
        "the password changed meanwhile"
    );
    store
        .record_login_failure(
            account.id,
            LoginFailure::Password,
            1,
            now + TimeDelta::minutes(15),
            now,
        )
        .await
        .unwrap();
    assert!(
        store
            .record_login(&login(&account, "s6", Some(103)), now)
            .await
            .unwrap()
            .is_none(),
        "locked"
    );
    let later = now + TimeDelta::minutes(15);
    assert!(
        store
            .record_login(&login(&account, "s7", Some(104)), later)
            .await
            .unwrap()
            .is_some(),
        "the lock is over"
    );
    store
        .disable_account("fg", &Actor::System, later)
        .await
        .unwrap()
        .unwrap();
    assert!(
        store
            .record_login(&login(&account, "s8", Some(105)), later)
            .await
            .unwrap()
            .is_none(),
        "disabled"
    );
    let logins = audit_actions(store.as_ref())
        .await
        .into_iter()
        .filter(|a| a == "account.login")
        .count();
    assert_eq!(logins, 3);
}

pub(super) async fn a_session_is_touched_and_ends_idle_at_its_lifetime_or_at_logout(
    store: Arc<dyn Store>,
) {
    let account = added(store.as_ref(), "fg").await;
    let t0 = at(T0);
    store
        .record_login(&login(&account, "s1", None), t0)
        .await
        .unwrap()
        .unwrap();
    let idle = TimeDelta::minutes(30);
    let touch = |hash: &'static str, now: DateTime<Utc>| {
        let store = store.clone();
        async move {
            store
                .touch_session(hash, now, now - idle, now - TimeDelta::minutes(1))
                .await
                .unwrap()
        }
    };

    assert_eq!(
        touch("s1", t0 + TimeDelta::minutes(25)).await.map(|a| a.id),
        Some(account.id)
    );
    assert!(
        touch("s1", t0 + TimeDelta::minutes(50)).await.is_some(),
        "the touch at 25 kept it alive"
    );
    assert!(touch("nope", t0).await.is_none());
    assert!(
        touch("s1", t0 + TimeDelta::minutes(81)).await.is_none(),
        "idle since 50"
    );
    assert!(
        touch("s1", t0 + TimeDelta::minutes(51)).await.is_none(),
        "deleted once ended"
    );

    // A use within a minute of the last is not written.
    store
        .record_login(&login(&account, "s2", None), t0)
        .await
        .unwrap()
        .unwrap();
    assert!(touch("s2", t0 + TimeDelta::seconds(30)).await.is_some());
    assert!(
        touch("s2", t0 + TimeDelta::seconds(30) + idle)
            .await
            .is_none(),
        "the use at 30 s was not recorded"
    );

    // However busy, a session ends at its lifetime.
    store
        .record_login(&login(&account, "s3", None), t0)
        .await
        .unwrap()
        .unwrap();
    let mut now = t0;
    while now + TimeDelta::minutes(20) < t0 + TimeDelta::hours(12) {
        now += TimeDelta::minutes(20);
        assert!(touch("s3", now).await.is_some());
    }
    assert!(touch("s3", t0 + TimeDelta::hours(12)).await.is_none());

    store
        .record_login(&login(&account, "s4", None), t0)
        .await
        .unwrap()
        .unwrap();
    assert!(store.end_session("s4").await.unwrap());
    assert!(!store.end_session("s4").await.unwrap());
    assert!(touch("s4", t0).await.is_none());
}

pub(super) async fn a_token_is_refused_when_expired_revoked_or_its_account_disabled(
    store: Arc<dyn Store>,
) {
    added(store.as_ref(), "fg").await;
    let t0 = at(T0);
    let token = |hash: &'static str, days: i64| NewApiToken {
        token_hash: hash,
        label: Some("export"),
        expires_at: t0 + TimeDelta::days(days),
    };
    store
        .add_api_token("fg", &token("t1", 90), &Actor::System, t0)
        .await
        .unwrap()
        .unwrap();
    store
        .add_api_token("fg", &token("t2", 1), &Actor::System, t0)
        .await
        .unwrap()
        .unwrap();
    assert!(store
        .add_api_token("nobody", &token("t3", 1), &Actor::System, t0)
        .await
        .unwrap()
        .is_none());
    let using = |hash: &'static str, now: DateTime<Utc>| {
        let store = store.clone();
        async move {
            store
                .use_api_token(hash, now, now - TimeDelta::minutes(1))
                .await
                .unwrap()
        }
    };

    assert_eq!(
        using("t1", t0 + TimeDelta::days(89)).await.map(|a| a.name),
        Some("fg".to_owned())
    );
    assert!(
        using("t2", t0 + TimeDelta::days(1)).await.is_none(),
        "expired"
    );
    assert!(using("t3", t0).await.is_none(), "never issued");
    assert!(using("t2", t0).await.is_some());

    let disabled = store
        .disable_account("FG", &Actor::System, t0)
        .await
        .unwrap()
        .unwrap();
    assert!(disabled.disabled);
    assert!(using("t1", t0).await.is_none(), "disabled");
    assert!(store
        .disable_account("nobody", &Actor::System, t0)
        .await
        .unwrap()
        .is_none());
    assert_eq!(
        audit_actions(store.as_ref()).await,
        [
            "account.added",
            "account.token_issued",
            "account.token_issued",
            "account.disabled"
        ]
    );
}

pub(super) async fn a_new_password_or_secret_ends_the_sessions_and_lifts_the_lock(
    store: Arc<dyn Store>,
) {
    let account = added(store.as_ref(), "fg").await;
    let t0 = at(T0);
    store
        .record_login(&login(&account, "s1", None), t0)
        .await
        .unwrap()
        .unwrap();
    store
        .record_login_failure(
            account.id,
            LoginFailure::Password,
            1,
            t0 + TimeDelta::hours(1),
            t0,
        )
        .await
        .unwrap();
    let alive = |hash: &'static str| {
        let store = store.clone();
        async move {
            store
                .touch_session(hash, t0, t0 - TimeDelta::minutes(30), t0)
                .await
                .unwrap()
                .is_some()
        }
    };
    assert!(alive("s1").await);

    let reset = store
        .set_password("FG", "$argon2id$new", &Actor::System, t0)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reset.locked_until, None);
    assert!(!alive("s1").await, "the reset ended the session");
    let row = store.account_by_name("fg").await.unwrap().unwrap();
    assert_eq!(
        (row.password_hash.as_str(), row.failed_logins),
        ("$argon2id$new", 0)
    );

    let new = NewLogin {
        password_hash: "$argon2id$new",
        ..login(&account, "s2", None)
    };
    store.record_login(&new, t0).await.unwrap().unwrap();
    let secret = SecretString::new("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".into());
    let with_totp = store
        .set_totp("fg", &secret, &Actor::Officer("admin".into()), t0)
        .await
        .unwrap()
        .unwrap();
    assert!(with_totp.totp);
    assert!(!alive("s2").await, "a new second factor ends the sessions");
    let row = store.account_by_name("fg").await.unwrap().unwrap();
    assert_eq!(
        row.totp_secret.map(|s| s.expose().to_owned()).as_deref(),
        Some(secret.expose())
    );
    assert!(store
        .set_password("nobody", "x", &Actor::System, t0)
        .await
        .unwrap()
        .is_none());
    assert!(store
        .set_totp("nobody", &secret, &Actor::System, t0)
        .await
        .unwrap()
        .is_none());

    let (rows, _) = store.audit_log().await.unwrap();
    let last = rows.last().unwrap();
    assert_eq!(
        (last.actor.as_str(), last.action.as_str()),
        ("officer:admin", "account.totp_enabled")
    );
    assert!(!last.detail.contains(secret.expose()), "{}", last.detail);
    assert!(
        rows.iter().all(|r| !r.detail.contains("$argon2id")),
        "no hash in the audit log"
    );
}
