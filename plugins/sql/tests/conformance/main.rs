//! The conformance scenario of `dsrd plugins check` run against the demo
//! school on SQLite, PostgreSQL and MariaDB, in-process and through the C
//! ABI, plus the cases the scenario does not cover.

mod abi;
mod engines;
mod events;
mod helpers;
mod persons_and_scope;
mod retained;
mod scenario;
