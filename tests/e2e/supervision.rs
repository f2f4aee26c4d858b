//! The daemon's tasks are supervised together: the first that fails is
//! named in the log and stops the others, instead of the daemon waiting
//! behind the ones that would run for ever.

use crate::helpers::*;

#[tokio::test]
async fn a_mailbox_that_cannot_be_opened_stops_the_daemon_naming_it() {
    // Arrange: a good Maildir, and one whose folder lies under a plain file.
    let mut env = TestEnv::new(Backend::Sqlite).await;
    std::fs::write(env.path("not-a-folder"), b"").unwrap();
    env.write_config(
        "[[mailboxes]]\nname = \"good\"\nkind = \"maildir\"\npath = \"maildir\"\npoll_interval_ms = 100\n\n\
         [[mailboxes]]\nname = \"broken\"\nkind = \"maildir\"\npath = \"not-a-folder/maildir\"\n\n\
         [outgoing]\nkind = \"files\"\npath = \"outbox\"\n",
    );

    // Act
    env.start();
    let status = env.wait_for_exit();

    // Assert
    assert_eq!(status.code(), Some(1), "{}", env.log());
    let log = env.log();
    assert!(
        log.lines()
            .any(|l| l.contains("task failed") && l.contains("intake broken")),
        "{log}"
    );
    for other in ["intake good", "outbox", "reminders"] {
        assert!(
            log.lines()
                .any(|l| l.contains("task stopped") && l.contains(other)),
            "{other} was stopped cleanly:\n{log}"
        );
    }
}
