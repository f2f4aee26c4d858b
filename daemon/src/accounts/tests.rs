//! The accounts over a real SQLite store: logins, the lock-out, the second
//! factor, sessions, tokens, and what the tables and the audit log keep.

use super::*;
use crate::store::{AccountStore, AuditStore, SqliteStore};
use chrono::Duration;
use sqlx::{Column, Row};

const PASSWORD: &str = "correct horse battery staple";
const NAME: &str = "Fatima el Amrani";

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn t0() -> DateTime<Utc> {
    at("2026-03-02T09:15:00Z")
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: Arc<SqliteStore>,
    accounts: Accounts,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(
        SqliteStore::open(&dir.path().join("dsrd.sqlite"))
            .await
            .unwrap(),
    );
    let accounts = Accounts::new(store.clone(), AccountsPolicy::default());
    Fixture {
        _dir: dir,
        store,
        accounts,
    }
}

/// A fixture with the officer's account added at `t0`.
async fn with_officer() -> Fixture {
    let f = fixture().await;
    f.accounts
        .add(NAME, Role::Officer, PASSWORD, t0())
        .await
        .unwrap();
    f
}

impl Fixture {
    /// The audit log's (actor, action, detail), after checking the chain.
    async fn audit(&self) -> Vec<(String, String, String)> {
        let (rows, head) = self.store.audit_log().await.unwrap();
        crate::audit::verify(&rows, &head).expect("the audit chain verifies");
        rows.into_iter()
            .map(|r| (r.actor, r.action, r.detail))
            .collect()
    }

    async fn actions(&self) -> Vec<String> {
        self.audit()
            .await
            .into_iter()
            .map(|(_, action, _)| action)
            .collect()
    }

    async fn failures(&self) -> i64 {
        self.store
            .account_by_name(NAME)
            .await
            .unwrap()
            .unwrap()
            .failed_logins
    }

    async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(self.store.pool())
            .await
            .unwrap()
    }

    /// The code the app shows now, from the secret the store keeps.
    async fn code(&self, now: DateTime<Utc>) -> String {
        let row = self.store.account_by_name(NAME).await.unwrap().unwrap();
        totp::code_at(row.totp_secret.unwrap().expose(), now).unwrap()
    }
}

#[tokio::test]
async fn the_right_password_logs_in_and_its_session_names_the_account() {
    let f = with_officer().await;

    let session = f
        .accounts
        .login("fatima EL amrani", PASSWORD, None, t0())
        .await
        .unwrap();

    assert_eq!(session.account.name, NAME);
    assert_eq!(session.account.last_login_at, Some(t0()));
    assert_eq!(session.expires_at, t0() + Duration::minutes(30));
    let account = f
        .accounts
        .session(&session.token, t0() + Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!(account.name, NAME);
    assert_eq!(account.role, Role::Officer);
    let audit = f.audit().await;
    let (actor, action, detail) = audit.last().unwrap();
    assert_eq!(
        (actor.as_str(), action.as_str()),
        ("officer:Fatima el Amrani", "account.login")
    );
    assert!(detail.contains(NAME));
}

#[tokio::test]
async fn a_wrong_password_is_refused_counted_and_audited_without_the_password() {
    let f = with_officer().await;

    let refused = f
        .accounts
        .login(NAME, "wrong horse battery", None, t0())
        .await;

    assert!(matches!(refused, Err(LoginError::Invalid)), "{refused:?}");
    assert_eq!(f.failures().await, 1);
    assert_eq!(f.count("account_sessions").await, 0);
    let audit = f.audit().await;
    let (actor, action, detail) = audit.last().unwrap();
    assert_eq!(
        (actor.as_str(), action.as_str()),
        ("officer:Fatima el Amrani", "account.login_failed")
    );
    assert!(
        detail.contains("password") && !detail.contains("wrong horse"),
        "{detail}"
    );
    // A success starts the count again.
    f.accounts.login(NAME, PASSWORD, None, t0()).await.unwrap();
    assert_eq!(f.failures().await, 0);
}

#[tokio::test]
async fn an_unknown_name_and_a_disabled_account_get_the_answer_a_wrong_password_gets() {
    let f = with_officer().await;
    f.accounts
        .add("Jan Bakker", Role::Viewer, PASSWORD, t0())
        .await
        .unwrap();
    f.accounts.disable("Jan Bakker", t0()).await.unwrap();

    let unknown = f.accounts.login("Nobody", PASSWORD, None, t0()).await;
    let disabled = f.accounts.login("Jan Bakker", PASSWORD, None, t0()).await;
    let wrong = f
        .accounts
        .login(NAME, "wrong horse battery", None, t0())
        .await;

    for refused in [&unknown, &disabled, &wrong] {
        assert!(matches!(refused, Err(LoginError::Invalid)), "{refused:?}");
    }
    assert_eq!(
        unknown.unwrap_err().to_string(),
        disabled.unwrap_err().to_string()
    );
    let audit = f.audit().await;
    let unknown_entry = audit
        .iter()
        .find(|(_, action, detail)| action == "account.login_failed" && detail.contains("unknown"))
        .expect("the unknown name is audited");
    assert!(
        !unknown_entry.2.contains("Nobody"),
        "the typed name is not kept"
    );
}

#[tokio::test]
async fn repeated_failures_lock_the_account_even_for_the_right_password_until_the_lock_ends() {
    let f = with_officer().await;
    let policy = f.accounts.policy().clone();

    for i in 1..policy.max_failures {
        let refused = f
            .accounts
            .login(NAME, "wrong horse battery", None, t0())
            .await;
        assert!(
            matches!(refused, Err(LoginError::Invalid)),
            "try {i}: {refused:?}"
        );
    }
    let locked = f
        .accounts
        .login(NAME, "wrong horse battery", None, t0())
        .await;
    let until = t0() + policy.lockout;
    assert!(
        matches!(locked, Err(LoginError::Locked { until: u }) if u == until),
        "{locked:?}"
    );

    let right = f
        .accounts
        .login(NAME, PASSWORD, None, until - Duration::seconds(1))
        .await;
    assert!(
        matches!(right, Err(LoginError::Locked { until: u }) if u == until),
        "{right:?}"
    );
    assert_eq!(f.count("account_sessions").await, 0);
    let account = f.accounts.get(NAME).await.unwrap().unwrap();
    assert_eq!(account.locked_until, Some(until));

    let later = f.accounts.login(NAME, PASSWORD, None, until).await.unwrap();
    assert_eq!(later.account.locked_until, None);
    let actions = f.actions().await;
    assert_eq!(
        actions.iter().filter(|a| *a == "account.locked").count(),
        1,
        "{actions:?}"
    );
    let audit = f.audit().await;
    let lock = audit
        .iter()
        .find(|(_, a, _)| a == "account.locked")
        .unwrap();
    assert!(
        lock.2.contains(NAME) && lock.2.contains("until"),
        "{}",
        lock.2
    );
    assert_eq!(
        audit
            .iter()
            .filter(|(_, a, d)| a == "account.login_failed" && d.contains("locked"))
            .count(),
        1,
        "the attempt during the lock is audited"
    );
}

#[tokio::test]
async fn a_totp_account_is_refused_with_the_password_alone_and_with_a_code_used_before() {
    let f = with_officer().await;
    let setup = f.accounts.enable_totp(NAME, t0()).await.unwrap();
    assert!(setup.url.starts_with("otpauth://totp/dsrd:"));
    assert!(f.accounts.get(NAME).await.unwrap().unwrap().totp);
    let now = t0() + Duration::minutes(1);

    let alone = f.accounts.login(NAME, PASSWORD, None, now).await;
    assert!(
        matches!(alone, Err(LoginError::SecondFactorRequired)),
        "{alone:?}"
    );
    let empty = f.accounts.login(NAME, PASSWORD, Some(" "), now).await;
    assert!(
        matches!(empty, Err(LoginError::SecondFactorRequired)),
        "{empty:?}"
    );
    assert_eq!(
        f.count("account_sessions").await,
        0,
        "no session without the code"
    );
    assert_eq!(f.failures().await, 0, "asking for the code is no failure");

    let code = f.code(now).await;
    assert_eq!(
        code,
        totp::code_at(&setup.secret, now).unwrap(),
        "the app's secret is the store's"
    );
    f.accounts
        .login(NAME, PASSWORD, Some(&code), now)
        .await
        .unwrap();

    let reused = f
        .accounts
        .login(NAME, PASSWORD, Some(&code), now + Duration::seconds(5))
        .await;
    assert!(
        matches!(reused, Err(LoginError::SecondFactorRequired)),
        "{reused:?}"
    );
    assert_eq!(
        f.failures().await,
        1,
        "a reused code counts toward the lock-out"
    );
    let wrong = f
        .accounts
        .login(NAME, "wrong horse battery", Some(&code), now)
        .await;
    assert!(
        matches!(wrong, Err(LoginError::Invalid)),
        "the code does not help a wrong password"
    );

    let next = now + Duration::seconds(30);
    f.accounts
        .login(NAME, PASSWORD, Some(&f.code(next).await), next)
        .await
        .unwrap();
    assert_eq!(f.count("account_sessions").await, 2);
}

#[tokio::test]
async fn wrong_codes_count_toward_the_lock_out() {
    let f = with_officer().await;
    f.accounts.enable_totp(NAME, t0()).await.unwrap();
    let code = f.code(t0()).await;
    let wrong = if code == "123456" { "654321" } else { "123456" };
    let policy = f.accounts.policy().clone();

    for _ in 1..policy.max_failures {
        let refused = f.accounts.login(NAME, PASSWORD, Some(wrong), t0()).await;
        assert!(
            matches!(refused, Err(LoginError::SecondFactorRequired)),
            "{refused:?}"
        );
    }
    let locked = f.accounts.login(NAME, PASSWORD, Some(wrong), t0()).await;
    assert!(
        matches!(locked, Err(LoginError::Locked { .. })),
        "{locked:?}"
    );
    let right = f.accounts.login(NAME, PASSWORD, Some(&code), t0()).await;
    assert!(matches!(right, Err(LoginError::Locked { .. })), "{right:?}");
}

#[tokio::test]
async fn a_session_ends_when_idle_and_each_use_keeps_it_alive() {
    let f = with_officer().await;
    let session = f.accounts.login(NAME, PASSWORD, None, t0()).await.unwrap();
    let idle = f.accounts.policy().idle;

    // Each use lies within the idle time of the one before, but the last
    // lies beyond it from the login: the uses kept it alive.
    let uses = [
        Duration::minutes(20),
        Duration::minutes(45),
        Duration::minutes(70),
    ];
    for used in uses {
        f.accounts
            .session(&session.token, t0() + used)
            .await
            .unwrap();
    }
    let last = t0() + Duration::minutes(70);
    let stale = f.accounts.session(&session.token, last + idle).await;
    assert!(matches!(stale, Err(AuthError::Invalid)), "{stale:?}");
    assert_eq!(
        f.count("account_sessions").await,
        0,
        "the ended session is deleted"
    );
    let after = f
        .accounts
        .session(&session.token, last + Duration::minutes(1))
        .await;
    assert!(
        matches!(after, Err(AuthError::Invalid)),
        "an ended session stays ended"
    );
}

#[tokio::test]
async fn a_session_ends_at_its_lifetime_however_busy() {
    let f = with_officer().await;
    let session = f.accounts.login(NAME, PASSWORD, None, t0()).await.unwrap();
    let lifetime = f.accounts.policy().lifetime;

    let mut now = t0();
    while now + Duration::minutes(20) < t0() + lifetime {
        now += Duration::minutes(20);
        f.accounts.session(&session.token, now).await.unwrap();
    }
    let ended = f.accounts.session(&session.token, t0() + lifetime).await;
    assert!(matches!(ended, Err(AuthError::Invalid)), "{ended:?}");
}

#[tokio::test]
async fn logout_ends_the_session_and_an_unknown_cookie_is_refused() {
    let f = with_officer().await;
    let session = f.accounts.login(NAME, PASSWORD, None, t0()).await.unwrap();

    f.accounts.logout(&session.token, t0()).await.unwrap();

    let after = f.accounts.session(&session.token, t0()).await;
    assert!(matches!(after, Err(AuthError::Invalid)), "{after:?}");
    assert!(matches!(
        f.accounts.session("", t0()).await,
        Err(AuthError::Invalid)
    ));
    assert!(matches!(
        f.accounts.session("beef", t0()).await,
        Err(AuthError::Invalid)
    ));
    f.accounts.logout(&session.token, t0()).await.unwrap();
}

#[tokio::test]
async fn a_disabled_accounts_session_and_token_are_refused() {
    let f = with_officer().await;
    let session = f.accounts.login(NAME, PASSWORD, None, t0()).await.unwrap();
    let token = f
        .accounts
        .issue_token(NAME, Some("export"), Duration::days(90), t0())
        .await
        .unwrap();
    f.accounts.session(&session.token, t0()).await.unwrap();
    f.accounts.bearer(&token.token, t0()).await.unwrap();

    let disabled = f
        .accounts
        .disable(NAME, t0() + Duration::minutes(1))
        .await
        .unwrap();

    assert!(disabled.disabled);
    let now = t0() + Duration::minutes(2);
    assert!(matches!(
        f.accounts.session(&session.token, now).await,
        Err(AuthError::Invalid)
    ));
    assert!(matches!(
        f.accounts.bearer(&token.token, now).await,
        Err(AuthError::Invalid)
    ));
    let again = f
        .accounts
        .issue_token(NAME, None, Duration::days(1), now)
        .await;
    assert!(matches!(again, Err(AccountError::Disabled(_))), "{again:?}");
    assert_eq!(
        f.count("api_tokens WHERE revoked_at IS NOT NULL").await,
        1,
        "revoked"
    );
    assert_eq!(f.count("account_sessions").await, 0, "ended");
    let actions = f.actions().await;
    assert!(
        actions.contains(&"account.disabled".to_owned()),
        "{actions:?}"
    );
}

#[tokio::test]
async fn a_token_works_until_it_expires_and_records_its_use() {
    let f = with_officer().await;
    let token = f
        .accounts
        .issue_token(NAME, Some("nightly export"), Duration::days(90), t0())
        .await
        .unwrap();
    assert!(token.token.starts_with(TOKEN_PREFIX));
    assert_eq!(token.expires_at, t0() + Duration::days(90));

    let used = t0() + Duration::days(89);
    let account = f.accounts.bearer(&token.token, used).await.unwrap();
    assert_eq!(account.name, NAME);
    let last_used: Option<DateTime<Utc>> =
        sqlx::query_scalar("SELECT last_used_at FROM api_tokens")
            .fetch_one(f.store.pool())
            .await
            .unwrap();
    assert_eq!(last_used, Some(used));

    let expired = f.accounts.bearer(&token.token, token.expires_at).await;
    assert!(matches!(expired, Err(AuthError::Invalid)), "{expired:?}");
    let forged = format!("{TOKEN_PREFIX}{}", "0".repeat(64));
    assert!(matches!(
        f.accounts.bearer(&forged, used).await,
        Err(AuthError::Invalid)
    ));
    let session = f.accounts.login(NAME, PASSWORD, None, used).await.unwrap();
    assert!(
        matches!(
            f.accounts.bearer(&session.token, used).await,
            Err(AuthError::Invalid)
        ),
        "a session cookie is no API token"
    );
    assert!(matches!(
        f.accounts
            .issue_token(NAME, None, Duration::zero(), t0())
            .await,
        Err(AccountError::BadExpiry(_))
    ));
    assert!(matches!(
        f.accounts
            .issue_token(NAME, None, Duration::days(400), t0())
            .await,
        Err(AccountError::BadExpiry(_))
    ));
}

#[tokio::test]
async fn tokens_sessions_passwords_and_secrets_are_kept_only_as_hashes() {
    let f = with_officer().await;
    let setup = f.accounts.enable_totp(NAME, t0()).await.unwrap();
    let now = t0() + Duration::minutes(1);
    let code = f.code(now).await;
    let session = f
        .accounts
        .login(NAME, PASSWORD, Some(&code), now)
        .await
        .unwrap();
    let token = f
        .accounts
        .issue_token(NAME, None, Duration::days(30), now)
        .await
        .unwrap();

    let hash = |s: &str| crate::reply::secret::token_hash(s);
    let sessions: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM account_sessions")
        .fetch_all(f.store.pool())
        .await
        .unwrap();
    assert_eq!(sessions, vec![hash(&session.token)]);
    let tokens: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM api_tokens")
        .fetch_all(f.store.pool())
        .await
        .unwrap();
    assert_eq!(tokens, vec![hash(&token.token)]);
    // No row of the three tables, nor of the audit log, holds a token, the
    // password or the code; the TOTP secret is only in its own column.
    for table in ["accounts", "account_sessions", "api_tokens", "audit_log"] {
        let rows = sqlx::query(&format!("SELECT * FROM {table}"))
            .fetch_all(f.store.pool())
            .await
            .unwrap();
        for row in rows {
            for i in 0..row.len() {
                let Ok(Some(text)) = row.try_get::<Option<String>, _>(i) else {
                    continue;
                };
                for secret in [
                    session.token.as_str(),
                    token.token.as_str(),
                    PASSWORD,
                    code.as_str(),
                ] {
                    assert!(
                        !text.contains(secret),
                        "{table} column {i} holds a secret: {text}"
                    );
                }
                let column = row.columns()[i].name().to_owned();
                if column != "totp_secret" {
                    assert!(
                        !text.contains(&setup.secret),
                        "{table}.{column} holds the TOTP secret"
                    );
                }
            }
        }
    }
    let password_hash: String = sqlx::query_scalar("SELECT password_hash FROM accounts")
        .fetch_one(f.store.pool())
        .await
        .unwrap();
    assert!(password_hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
}

#[tokio::test]
async fn names_are_unique_regardless_of_case_and_a_weak_password_is_refused() {
    let f = with_officer().await;

    let twin = f
        .accounts
        .add(" fatima EL AMRANI ", Role::Admin, PASSWORD, t0())
        .await;
    assert!(
        matches!(&twin, Err(AccountError::Exists(n)) if n == NAME),
        "{twin:?}"
    );
    let weak = f
        .accounts
        .add("Jan Bakker", Role::Viewer, "kort", t0())
        .await;
    assert!(matches!(weak, Err(AccountError::Weak(_))), "{weak:?}");
    let colon = f
        .accounts
        .add("jan:admin", Role::Viewer, PASSWORD, t0())
        .await;
    assert!(matches!(colon, Err(AccountError::BadName(_))), "{colon:?}");

    assert_eq!(f.accounts.list().await.unwrap().len(), 1);
    assert_eq!(f.actions().await, vec!["account.added"]);
}

#[tokio::test]
async fn a_new_password_ends_the_sessions_lifts_the_lock_and_replaces_the_old_one() {
    let f = with_officer().await;
    let session = f.accounts.login(NAME, PASSWORD, None, t0()).await.unwrap();
    for _ in 0..f.accounts.policy().max_failures {
        let _ = f
            .accounts
            .login(NAME, "wrong horse battery", None, t0())
            .await;
    }
    assert!(f.accounts.get(NAME).await.unwrap().unwrap().locked_at(t0()));
    let new = "a brand new passphrase";

    let weak = f.accounts.reset_password(NAME, "short", t0()).await;
    assert!(matches!(weak, Err(AccountError::Weak(_))), "{weak:?}");
    let unknown = f.accounts.reset_password("Nobody", new, t0()).await;
    assert!(
        matches!(unknown, Err(AccountError::Unknown(_))),
        "{unknown:?}"
    );
    let account = f.accounts.reset_password(NAME, new, t0()).await.unwrap();

    assert_eq!(account.locked_until, None);
    assert!(matches!(
        f.accounts.session(&session.token, t0()).await,
        Err(AuthError::Invalid)
    ));
    assert!(matches!(
        f.accounts.login(NAME, PASSWORD, None, t0()).await,
        Err(LoginError::Invalid)
    ));
    f.accounts.login(NAME, new, None, t0()).await.unwrap();
    let audit = f.audit().await;
    let reset = audit
        .iter()
        .find(|(_, a, _)| a == "account.password_reset")
        .unwrap();
    assert_eq!(reset.0, "system");
    assert!(!reset.2.contains(new));
}

#[tokio::test]
async fn admin_changes_are_audited_by_the_actor_given() {
    let f = fixture().await;
    let admin = f
        .accounts
        .acting_as(crate::case::Actor::Officer("Jan Bakker".into()));

    admin.add(NAME, Role::Viewer, PASSWORD, t0()).await.unwrap();
    admin.enable_totp(NAME, t0()).await.unwrap();
    admin
        .issue_token(NAME, Some("script"), Duration::days(7), t0())
        .await
        .unwrap();
    admin.disable(NAME, t0()).await.unwrap();

    let audit = f.audit().await;
    let changes: Vec<(&str, &str)> = audit
        .iter()
        .map(|(actor, action, _)| (actor.as_str(), action.as_str()))
        .collect();
    assert_eq!(
        changes,
        vec![
            ("officer:Jan Bakker", "account.added"),
            ("officer:Jan Bakker", "account.totp_enabled"),
            ("officer:Jan Bakker", "account.token_issued"),
            ("officer:Jan Bakker", "account.disabled"),
        ]
    );
    assert!(audit.iter().all(|(_, _, detail)| detail.contains(NAME)));
}
