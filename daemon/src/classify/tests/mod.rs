//! Unit tests of the classifier, one file per area.
mod corpus;
mod extraction;
mod extraction_eval;
mod free_text;
mod letters;
mod quoting;
mod rule_files;
