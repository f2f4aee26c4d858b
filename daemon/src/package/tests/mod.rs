//! The package as a whole: made, sealed, opened and unpacked again, the way
//! the download and the requester's computer will.

mod fixture;
mod overview;
mod redaction;
mod round_trip;
mod sealed_file;
