//! End-to-end tests: each starts the real `dsrd` binary on its own temporary
//! directory (config, Maildir, outbox, SQLite file or a fresh PostgreSQL
//! database) and drives it as an operator would.

mod helpers;
mod support;

mod answer;
mod api;
mod audit;
mod breaches;
mod case_file;
mod check;
mod classification;
mod config;
mod console;
mod console_browser;
mod corpus;
mod crash;
mod deadlines;
mod demo;
mod demo_answer;
mod demo_letters;
mod digest;
mod durability;
mod execution;
mod execution_crash;
mod execution_engines;
mod identity;
mod imap;
mod imap_remove;
mod imap_replace;
mod intake;
mod ledger;
mod letters;
mod plugin_service;
mod plugins;
mod privacy_in_logs;
mod restrictions;
mod retention;
mod smtp;
mod supervision;
mod users;
