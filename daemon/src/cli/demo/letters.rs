//! The requests waiting in the demo's Maildir: e-mails as parents, staff
//! and others write them, each from or about people who are on file in the
//! demo school (chosen by `dsrd_plugin_sql::demo::people`), so that every
//! identity outcome dsrd knows shows up once.

use dsrd_plugin_sql::demo::{DemoPeople, DemoPupil, DemoStaff, OnlyChild, SoleGuardian};
use std::path::Path;

/// The authserv-id the demo's mail server writes into the messages it
/// delivers, and the demo's `mailbox.authserv_id`.
pub(super) const AUTHSERV_ID: &str = "demoscholen.example";

/// One request in the Maildir.
#[derive(Debug, Clone)]
pub(super) struct DemoRequest {
    /// Its file name in `new/` (they are taken in in this order).
    pub file: String,
    /// The sender's name.
    pub from_name: String,
    /// The sender's address.
    pub from_address: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body, lines separated by `\n`.
    pub body: String,
    /// What the case shows once identity is checked, for `demo init`'s list.
    pub shows: String,
}

/// Who the demo's letters come from, each when the school has such a
/// person; the reasons a letter was left out go to the second list.
pub(super) fn requests(people: &DemoPeople) -> (Vec<DemoRequest>, Vec<&'static str>) {
    let mut letters = Vec::new();
    let mut left_out = Vec::new();
    match &people.only_child {
        Some(p) => letters.push(only_child(p)),
        None => left_out.push("no guardian of exactly one pupil: the parent's letter"),
    }
    match &people.staff {
        Some(s) => letters.push(staff(s)),
        None => left_out.push("no current member of staff: the staff letter"),
    }
    match &people.sole_guardian {
        Some(s) => letters.push(unknown_address(s)),
        None => left_out
            .push("no pupil under 12 with a single guardian: the letter from an unknown address"),
    }
    match &people.several_children {
        Some(s) => letters.push(several_children(&s.guardian.full_name, &s.guardian.email)),
        None => left_out.push("no guardian of several pupils: the letter about \"mijn kind\""),
    }
    letters.push(english());
    for (n, letter) in letters.iter_mut().enumerate() {
        letter.file = format!("demo.{}.request", n + 1);
    }
    (letters, left_out)
}

/// "Son", "daughter" or "child", with the pronouns that go with it.
struct Child {
    noun: &'static str,
    /// Possessive and object pronoun ("haar", "zijn … hem").
    their: &'static str,
    them: &'static str,
}

fn child_words(pupil: &DemoPupil) -> Child {
    match pupil.girl {
        Some(true) => Child {
            noun: "dochter",
            their: "haar",
            them: "haar",
        },
        Some(false) => Child {
            noun: "zoon",
            their: "zijn",
            them: "hem",
        },
        None => Child {
            noun: "kind",
            their: "zijn of haar",
            them: "hem of haar",
        },
    }
}

/// A guardian of one child, from their address on file, about "mijn
/// dochter" without a name: matched on file, the only child.
fn only_child(p: &OnlyChild) -> DemoRequest {
    let c = child_words(&p.child);
    let body = format!(
        "Geachte heer, mevrouw,\n\n\
         Graag wil ik inzage in alle persoonsgegevens die de school over mijn {noun} \
         bewaart: {their} leerlingdossier, de toetsresultaten, de absenties en de \
         aantekeningen die over {them} zijn gemaakt. Wilt u mij daarvan een kopie sturen?\n\n\
         Alvast hartelijk dank.\n\n\
         Met vriendelijke groet,\n{name}",
        noun = c.noun,
        their = c.their,
        them = c.them,
        name = p.guardian.full_name,
    );
    DemoRequest {
        file: String::new(),
        from_name: p.guardian.full_name.clone(),
        from_address: p.guardian.email.clone(),
        subject: format!("Inzageverzoek gegevens van mijn {}", c.noun),
        body,
        shows: format!(
            "a parent of one pupil, from the address on file, about \"mijn {}\": matched on file",
            c.noun
        ),
    }
}

/// A member of staff, from their own address on file, about their own
/// data: matched on file.
fn staff(s: &DemoStaff) -> DemoRequest {
    let as_what = match s.role.as_str() {
        "leerkracht" => "leerkracht".to_owned(),
        "intern begeleider" => "intern begeleider".to_owned(),
        "directie" => "lid van de directie".to_owned(),
        "administratie" => "medewerker van de administratie".to_owned(),
        other => format!("medewerker ({other})"),
    };
    let body = format!(
        "Beste privacyfunctionaris,\n\n\
         Als {as_what} bij een van de scholen van de stichting wil ik graag weten welke \
         persoonsgegevens de stichting over mij verwerkt. Ik vraag daarom om inzage in mijn \
         personeelsgegevens en in de gegevens over mij in de leerlingadministratie. \
         Mijn personeelsnummer is {number}.\n\n\
         Met vriendelijke groet,\n{name}",
        number = s.staff_number,
        name = s.person.full_name,
    );
    DemoRequest {
        file: String::new(),
        from_name: s.person.full_name.clone(),
        from_address: s.person.email.clone(),
        subject: "Inzage in mijn persoonsgegevens".into(),
        body,
        shows: "a member of staff, from the address on file, about their own data: matched on file"
            .into(),
    }
}

/// Someone writing from an address not on file about a pupil they name
/// in full, with the student number: the pupil is found by the letter, and
/// a code goes to the address on file of the pupil's only guardian.
fn unknown_address(s: &SoleGuardian) -> DemoRequest {
    let local = s
        .guardian
        .email
        .split('@')
        .next()
        .unwrap_or("ouder")
        .trim_end_matches(|c: char| c.is_ascii_digit());
    let c = child_words(&s.pupil);
    let body = format!(
        "Goedemiddag,\n\n\
         Ik schrijf u over mijn {noun} {pupil}, leerlingnummer {number}. Ik gebruik sinds \
         kort dit nieuwe e-mailadres.\n\n\
         Ik wil graag weten welke gegevens de school over {first} heeft vastgelegd en aan \
         wie die gegevens zijn doorgegeven. Wilt u mij een overzicht en een kopie sturen?\n\n\
         Met vriendelijke groet,\n{name}",
        noun = c.noun,
        pupil = s.pupil.full_name,
        number = s.pupil.student_number,
        first = s.pupil.first_name,
        name = s.guardian.full_name,
    );
    DemoRequest {
        file: String::new(),
        from_name: s.guardian.full_name.clone(),
        from_address: format!("{local}@webmail.example"),
        subject: format!("Inzage gegevens {}", s.pupil.first_name),
        body,
        shows: "from an unknown address, naming a pupil: a code to the guardian's address on file"
            .into(),
    }
}

/// A guardian of several children about "mijn kind" without a name: the
/// officer chooses which child.
fn several_children(name: &str, address: &str) -> DemoRequest {
    let body = format!(
        "Beste mensen,\n\n\
         Ik wil graag inzage in de gegevens die de school over mijn kind heeft vastgelegd. \
         Kunt u mij een kopie sturen van alles wat er over mijn kind in de administratie staat?\n\n\
         Bij voorbaat dank,\n{name}"
    );
    DemoRequest {
        file: String::new(),
        from_name: name.into(),
        from_address: address.into(),
        subject: "Inzageverzoek: gegevens van mijn kind".into(),
        body,
        shows: "a parent of two pupils about \"mijn kind\" without a name: the officer chooses"
            .into(),
    }
}

/// An English letter from an address not on file that names nobody.
fn english() -> DemoRequest {
    DemoRequest {
        file: String::new(),
        from_name: "Emily Carter".into(),
        from_address: "emily.carter@example.net".into(),
        subject: "Subject access request".into(),
        body: "Dear school,\n\nPlease send me a copy of the personal data you hold about me \
               and my son.\n\nKind regards,\nEmily Carter"
            .into(),
        shows: "in English, from an address not on file, naming nobody: not found".into(),
    }
}

impl DemoRequest {
    /// The message as the demo's mail server delivers it: with its verdict
    /// on the sender's domain in `Authentication-Results` (RFC 8601), as a
    /// school's server adds it to every message, and which dsrd believes
    /// only from the configured authserv-id.
    pub(super) fn raw(&self, n: usize) -> String {
        let domain = self
            .from_address
            .rsplit_once('@')
            .map(|(_, d)| d)
            .unwrap_or("example.net");
        let headers = [
            format!(
                "Authentication-Results: {AUTHSERV_ID};\r\n\tdkim=pass header.d={domain} header.i=@{domain};\r\n\tspf=pass smtp.mailfrom={from};\r\n\tdmarc=pass header.from={domain}",
                from = self.from_address
            ),
            format!("From: {} <{}>", self.from_name, self.from_address),
            "To: avg@demoscholen.example".into(),
            format!("Subject: {}", self.subject),
            format!("Message-ID: <demo-{n}@{domain}>"),
            "MIME-Version: 1.0".into(),
            "Content-Type: text/plain; charset=utf-8".into(),
            "Content-Transfer-Encoding: 8bit".into(),
        ];
        format!(
            "{}\r\n\r\n{}\r\n",
            headers.join("\r\n"),
            self.body.replace('\n', "\r\n")
        )
    }
}

/// Writes `requests` into `maildir/new/` (creating the Maildir).
pub(super) fn write(maildir: &Path, requests: &[DemoRequest]) -> std::io::Result<()> {
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub))?;
    }
    for (n, request) in requests.iter().enumerate() {
        std::fs::write(maildir.join("new").join(&request.file), request.raw(n + 1))?;
    }
    Ok(())
}
