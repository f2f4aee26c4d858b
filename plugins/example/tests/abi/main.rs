//! The example plugin built as a `cdylib` and driven through the C ABI,
//! as dsrd drives a third-party plugin in-process.

mod failures;
mod helpers;
mod operations;
