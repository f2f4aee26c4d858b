//! The answer stage (issue 13): once every approved action of a case is
//! settled, the recipients of changed data are told (art. 19), the data
//! package is sealed, the letter is drafted for the officer, and on `send`
//! the answer goes out with a one-time download link.

pub mod secret;
