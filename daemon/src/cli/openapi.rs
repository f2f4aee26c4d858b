//! `dsrd openapi`: the officer API's OpenAPI document, as the daemon serves
//! it at `/api/v1/openapi.json` — for generating a client, or reading the
//! contract without a running daemon. It needs no configuration.

use super::{Failure, EXIT_OK};
use clap::Args;

/// Print the OpenAPI document of the officer's HTTP API.
#[derive(Debug, Args)]
pub struct Openapi {}

impl Openapi {
    /// Prints the document.
    pub fn execute(self) -> Result<u8, Failure> {
        let doc = dsrd::http::api::openapi();
        println!("{}", doc.to_pretty_json()?);
        Ok(EXIT_OK)
    }
}
