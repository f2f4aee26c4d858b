//! `dsrd demo init DIR`: a demo organisation a newcomer can run at once — a
//! SQLite pupil administration with fictitious pupils, parents and staff,
//! the `sql` plugin's mapping for it, a Maildir with a few requests waiting,
//! and `DIR/dsrd.toml` tying them together. It is also the plugin's fixture.
//!
//! The requests come from people on file in the school just created
//! (read back from it, see `letters`), so each `--pupils` and `--seed`
//! gives letters that fit its school.

mod letters;

use super::{usage, Failure, EXIT_OK};
use anyhow::Context;
use clap::{Args, Subcommand};
use std::path::PathBuf;

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
        // Ages are those of today, when the requests arrive; the school's
        // time zone is the configuration's default.
        let today = dsrd::clock::from_env()
            .now()
            .with_timezone(&chrono_tz::Europe::Amsterdam)
            .date_naive();
        let people = dsrd_plugin_sql::demo::people(&url, today)
            .map_err(|e| anyhow::anyhow!("cannot read the demo school back: {e}"))?;
        let (requests, left_out) = letters::requests(&people);
        // The event organiser's database, its events around today: the
        // Cultuurdag was yesterday, so "the day after the event" is due.
        let events = dir.join("events.sqlite");
        if events.exists() {
            std::fs::remove_file(&events)?;
        }
        let events_url = format!("sqlite:{}", events.display());
        dsrd_plugin_sql::demo::create_events(&events_url, today, self.seed)
            .map_err(|e| anyhow::anyhow!("cannot create the demo event organiser: {e}"))?;
        // The plugin entry is serialised as one document, so TOML's nested
        // tables and arrays of tables come out right.
        let plugins = serde_json::json!({ "plugins": [{
            "name": "sql",
            "builtin": "sql",
            "settings": dsrd_plugin_sql::demo::mapping(&url),
        }, {
            "name": "events",
            "builtin": "sql",
            "settings": dsrd_plugin_sql::demo::events_mapping(&events_url),
        }]});
        let plugins = toml::Value::try_from(plugins).context("the demo mapping as TOML")?;
        let mut text = String::from(HEADER);
        text.push_str(&toml::to_string(&plugins).context("the demo mapping as TOML")?);
        text.push_str(RETENTION);
        std::fs::write(&config, text)?;
        write_key(&dir.join("package.key"))?;
        write_key(&dir.join("ledger.key"))?;
        letters::write(&dir.join("maildir"), &requests)?;
        println!("Demo organisation created in {}:", dir.display());
        println!(
            "  school.sqlite   pupil administration, {} pupils (the `sql` plugin's fixture)",
            self.pupils
        );
        println!(
            "  maildir/new/    {} requests waiting, from people on file and others:",
            requests.len()
        );
        for r in &requests {
            println!("    {}  {} <{}>", r.file, r.from_name, r.from_address);
            println!("        {}", r.shows);
        }
        for why in &left_out {
            println!("    (left out, the school is too small: {why})");
        }
        println!("  events.sqlite   the Cultuurdag organiser: enrolments, timetables, attendance (plugin `events`)");
        println!("  dsrd.toml       configuration");
        println!();
        println!("Next:");
        println!(
            "  dsrd run -c {}            # take the requests in; Ctrl-C to stop",
            config.display()
        );
        println!("  dsrd cases list -c {}", config.display());
        println!(
            "  dsrd cases identity REF -c {}   # whose data, and how identity stands",
            config.display()
        );
        println!(
            "  dsrd cases plan REF -c {}       # once verified: what each system would do",
            config.display()
        );
        println!(
            "  dsrd cases approve REF --plan FINGERPRINT --as fg -c {}",
            config.display()
        );
        println!(
            "  dsrd cases recipients REF -c {}   # art. 19: who is told of a change",
            config.display()
        );
        println!(
            "  dsrd cases letter REF -c {}     # the drafted answer; --edit --as fg to change it",
            config.display()
        );
        println!(
            "  dsrd cases send REF --as fg -c {}   # the answer and its download link to the outbox",
            config.display()
        );
        println!("  then open the link in outbox/ at http://localhost:8470 and type the code from the second e-mail");
        println!(
            "  dsrd users add fg --role officer -c {}   # an account for the officer API, as the officer fg",
            config.display()
        );
        println!(
            "  curl -H \"Authorization: Bearer $(dsrd users token fg --expires 7d -c {})\" http://localhost:8470/api/v1/cases",
            config.display()
        );
        println!(
            "  then open the privacy console at http://localhost:8470/console/ and sign in as fg"
        );
        println!(
            "  (?lang=en or ?lang=nl switches its language; a viewer account sees and cannot act)"
        );
        println!(
            "  dsrd plugins locate --student-number 100001 -c {}",
            config.display()
        );
        if let Some(several) = &people.several_children {
            println!(
                "  dsrd plugins locate --email {} -c {}   # a parent and their children",
                several.guardian.email,
                config.display()
            );
        }
        println!(
            "  dsrd plugins check sql -c {}   # the conformance kit (erases the test pupil)",
            config.display()
        );
        println!(
            "  dsrd retention list -c {}   # the retention rules, last and next run",
            config.display()
        );
        println!(
            "  dsrd retention run cultuurdag --dry-run -c {}   # what the day after the event removes",
            config.display()
        );
        Ok(EXIT_OK)
    }
}

/// The demo's retention rules: the organiser's ("the day after the
/// Cultuurdag all pupils' data is permanently deleted") and the school's
/// (pupil records two years after leaving).
const RETENTION: &str = r#"
[[retention]]
name = "cultuurdag"
plugin = "events"
schedule = "0 2 * * *"
description = "De dag na het evenement: inschrijvingen, roosters en presentielijsten van de leerlingen"

[[retention]]
name = "leerlingen"
plugin = "sql"
schedule = "30 2 * * *"
description = "Leerlinggegevens twee jaar na uitschrijving (left_on + 730 dagen), met alles wat eronder hangt"
"#;

/// Writes a new master key for the demo's packages, readable by its owner
/// only (the configuration names the file; the key is never in it).
fn write_key(path: &std::path::Path) -> Result<(), Failure> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    writeln!(file, "{}", dsrd::package::MasterKey::generate().to_hex())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
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
# The demo's mail server: only its Authentication-Results headers count
# when a sender's address is checked against the address on file.
authserv_id = "demoscholen.example"

[outgoing]
kind = "files"
path = "outbox"

[reminders]
officer_address = "fg@demoscholen.example"

# The privacy officer, who approves plans: `--as fg`.
[[officers]]
name = "fg"
address = "fg@demoscholen.example"
role = "officer"

# The requester's download page: the answer's link opens here. In
# production this sits behind a reverse proxy with TLS.
[http]
listen = "127.0.0.1:8470"
public_url = "http://localhost:8470"

# Sealed data packages, and the master key that seals them: a file beside
# this one (made by `demo init`, readable by its owner only), never this
# file or the store. In production: DSRD_PACKAGE_KEY or a systemd
# credential.
[packages]
dir = "packages"
key_file = "package.key"

# The key the erasure ledger hashes identifiers under, so that
# `dsrd erasures replay` can apply erasures again after a school system is
# restored from a backup: a key of its own (kept as long as backups are),
# beside this file. In production: DSRD_LEDGER_KEY or a systemd credential.
[ledger]
key_file = "ledger.key"

# The processing register (GDPR art. 30): what the access letter says of
# each system, beside what the plugin reports.
[[register]]
system = "sql"
name = "Leerlingadministratie"
purposes = ["het geven van onderwijs en de begeleiding van leerlingen", "de administratie van inschrijving, aanwezigheid en resultaten", "de bekostiging door het Rijk"]
legal_bases = ["wettelijke verplichting (AVG art. 6(1)(c); WPO)", "taak van algemeen belang (AVG art. 6(1)(e))"]
recipients = ["DUO (BRON)"]
retention = [
  { category = "leerlingdossier", period = "tot twee jaar nadat de leerling de school verliet" },
  { category = "inschrijving en verzuim", period = "vijf jaar na uitschrijving (Bekostigingsbesluit WPO)" },
]
source = "de ouders bij de inschrijving, en de vorige school (onderwijskundig rapport)"

[[register]]
system = "events"
name = "Inschrijvingen Cultuurdag (evenementenorganisator)"
purposes = ["de organisatie van de Cultuurdag: indeling, roosters en presentielijsten"]
legal_bases = ["taak van algemeen belang (AVG art. 6(1)(e))"]
retention = [
  { category = "inschrijving, rooster en presentie", period = "tot de dag na het evenement (automatisch verwijderd)" },
]
source = "de school, uit de leerlingadministratie"
# Other people's data in what a system hands over is withheld from the
# package (art. 15(4)) with `redact = [{ table = "…", column = "…", reason =
# "…" }]`; the `sql` plugin already hands over only the columns its mapping
# calls the subject's own (a care note's author is not among them).

# The recipients of the data and how each is told of a correction,
# erasure or restriction (art. 19).
[[recipients]]
name = "DUO (BRON)"
task = "Verwerk de wijziging in BRON via het DUO-portaal (de leerlingadministratie levert door)."

[[recipients]]
name = "GGD jeugdgezondheidszorg"
email = "jgz@ggd.example.org"

[[recipients]]
name = "leerlingvolgsysteem (pupil tracking system)"
email = "lvs@demoscholen.example"

# The pupil administration and the event organiser, each through the
# bundled `sql` plugin.
"#;
