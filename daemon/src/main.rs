//! The `dsrd` binary: parses the command line, sets up logging, runs the
//! command and turns its result into an exit status (see `cli` for the codes).
#![forbid(unsafe_code)]

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    quiet_on_closed_stdout();
    let cli = cli::Cli::parse();
    // Logs go to stderr; above debug level they carry references and counts,
    // never names, addresses or message text, and every such line passes the
    // redacting writer, which takes out whatever address or telephone number
    // an error message brought along.
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("DSRD_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(dsrd::redact::Redacting::new(std::io::stderr))
        // Colour codes only on a terminal, never in a log file.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    match cli.execute() {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            eprintln!("error: {:#}", failure.error);
            ExitCode::from(failure.code)
        }
    }
}

/// `dsrd cases list | head`: once the reader has what it wants and closes
/// the pipe, the next `println!` panics ("failed printing to stdout: Broken
/// pipe", since Rust ignores SIGPIPE). That is no failure of dsrd's: end
/// quietly with status 0, as ripgrep does, instead of printing a panic.
fn quiet_on_closed_stdout() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        report(info)
    }));
}
