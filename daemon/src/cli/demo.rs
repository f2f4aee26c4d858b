//! `dsrd demo init DIR`: a demo organisation a newcomer can run at once — a
//! SQLite pupil administration with fictitious pupils, parents and staff,
//! the `sql` plugin's mapping for it, a Maildir with a few requests waiting,
//! and `DIR/dsrd.toml` tying them together. It is also the plugin's fixture.

use super::{usage, Failure, EXIT_OK};
use anyhow::Context;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};

/// Demo commands.
#[derive(Debug, Subcommand)]
pub enum Demo {
    /// Create a demo organisation in DIR.
    Init(Init),
}

/// Create a demo organisation.
#[derive(Debug, Args)]
pub struct Init {
    /// The folder to create it in (created if missing; must not hold a dsrd.toml yet).
    dir: PathBuf,
    /// How many pupils the demo school has.
    #[arg(long, default_value_t = 300)]
    pupils: usize,
    /// Seed for the fictitious data (the same seed gives the same school).
    #[arg(long, default_value_t = 2026)]
    seed: u64,
}

impl Demo {
    /// Runs the command.
    pub fn execute(self) -> Result<u8, Failure> {
        let Demo::Init(init) = self;
        init.execute()
    }
}

impl Init {
    fn execute(self) -> Result<u8, Failure> {
        if self.pupils < 3 {
            return Err(usage(anyhow::anyhow!("--pupils must be at least 3")));
        }
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create {}", self.dir.display()))?;
        let dir = self.dir.canonicalize()?;
        let config = dir.join("dsrd.toml");
        if config.exists() {
            return Err(usage(anyhow::anyhow!(
                "{} exists already; choose an empty folder",
                config.display()
            )));
        }
        let school = dir.join("school.sqlite");
        if school.exists() {
            std::fs::remove_file(&school)?;
        }
        let url = format!("sqlite:{}", school.display());
        dsrd_plugin_sql::demo::create_school(&url, self.pupils, self.seed)
            .map_err(|e| anyhow::anyhow!("cannot create the demo school: {e}"))?;
        // The plugin entry is serialised as one document, so TOML's nested
        // tables and arrays of tables come out right.
        let plugins = serde_json::json!({ "plugins": [{
            "name": "sql",
            "builtin": "sql",
            "settings": dsrd_plugin_sql::demo::mapping(&url),
        }]});
        let plugins = toml::Value::try_from(plugins).context("the demo mapping as TOML")?;
        let mut text = String::from(HEADER);
        text.push_str(&toml::to_string(&plugins).context("the demo mapping as TOML")?);
        std::fs::write(&config, text)?;
        write_requests(&dir.join("maildir"))?;
        println!("Demo organisation created in {}:", dir.display());
        println!(
            "  school.sqlite   pupil administration, {} pupils (the `sql` plugin's fixture)",
            self.pupils
        );
        println!("  maildir/new/    three requests waiting");
        println!("  dsrd.toml       configuration");
        println!();
        println!("Next:");
        println!(
            "  dsrd run -c {}            # take the requests in; Ctrl-C to stop",
            config.display()
        );
        println!("  dsrd cases list -c {}", config.display());
        println!(
            "  dsrd plugins locate --student-number 100001 -c {}",
            config.display()
        );
        println!(
            "  dsrd plugins locate --email marieke.vandijkhuizen@example.net -c {}   # a parent and her two children",
            config.display()
        );
        println!(
            "  dsrd plugins check sql -c {}   # the conformance kit (erases the test pupil)",
            config.display()
        );
        Ok(EXIT_OK)
    }
}

const HEADER: &str = r#"# dsrd demo organisation, made by `dsrd demo init`. Everything here is
# fictitious. Relative paths are resolved against this file's folder.

[organisation]
name = "Stichting Demoscholen"
reply_address = "avg@demoscholen.example"
reference_prefix = "AVG"

[store]
url = "sqlite:dsrd.sqlite"

[mailbox]
kind = "maildir"
path = "maildir"

[outgoing]
kind = "files"
path = "outbox"

[reminders]
officer_address = "fg@demoscholen.example"

# The pupil administration, through the bundled `sql` plugin.
"#;

/// Three requests from the test pupil's guardian and others, as a parent
/// would write them.
fn write_requests(maildir: &Path) -> anyhow::Result<()> {
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub))?;
    }
    let letters = [
        ("marieke.vandijkhuizen@example.net", "Marieke van Dijkhuizen", "Inzage gegevens Noor",
         "Beste,\n\nGraag wil ik inzage in alle gegevens die de school over mijn dochter Noor van Dijkhuizen (leerlingnummer 100001, groep 6) bewaart.\n\nMet vriendelijke groet,\nMarieke van Dijkhuizen"),
        ("j.bakker@example.org", "Jan Bakker", "Verwijderen foto's",
         "Goedemiddag,\n\nWilt u alle foto's van mijn zoon van de website verwijderen? Wij trekken onze toestemming daarvoor in.\n\nJan Bakker"),
        ("emily.carter@example.net", "Emily Carter", "Data request",
         "Dear school,\n\nPlease send me a copy of the personal data you hold about me and my son.\n\nKind regards,\nEmily Carter"),
    ];
    for (i, (address, name, subject, body)) in letters.iter().enumerate() {
        let raw = format!(
            "From: {name} <{address}>\r\nTo: avg@demoscholen.example\r\nSubject: {subject}\r\n\
Message-ID: <demo-{i}@demoscholen.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{}\r\n",
            body.replace('\n', "\r\n")
        );
        std::fs::write(maildir.join("new").join(format!("demo.{i}.request")), raw)?;
    }
    Ok(())
}
