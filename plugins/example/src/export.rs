//! Handing over one person's records: tables, a contact card, recipients.

use crate::data::{Contacts, Person, CONTACT_MOMENTS, DISCLOSURES, PEOPLE};
use dsrd_plugin_api::{ExportFile, ExportResult, ExportTable, Recipient};
use serde_json::{json, Value};

/// Everything the file holds about `person`.
pub fn export(contacts: &Contacts, person: &str) -> ExportResult {
    let Some(found) = contacts.person(person) else {
        return ExportResult::default();
    };
    let mut people = ExportTable::new(
        PEOPLE,
        &[
            "id",
            "role",
            "name",
            "date_of_birth",
            "emails",
            "phone",
            "address",
            "student_number",
            "staff_number",
            "group",
            "restricted",
        ],
    );
    people.rows.push(vec![
        json!(found.id),
        json!(found.role),
        json!(found.name),
        json!(found.date_of_birth),
        json!(found.emails),
        json!(found.phone),
        json!(found.address),
        json!(found.student_number),
        json!(found.staff_number),
        json!(found.group),
        json!(found.restricted),
    ]);

    let mut moments = ExportTable::new(CONTACT_MOMENTS, &["id", "date", "channel", "summary"]);
    moments.rows = contacts
        .contact_moments
        .iter()
        .filter(|moment| moment.person == person)
        .map(|m| {
            vec![
                json!(m.id),
                json!(m.date),
                json!(m.channel),
                json!(m.summary),
            ]
        })
        .collect();

    let mut disclosures = ExportTable::new(DISCLOSURES, &["id", "date", "recipient", "categories"]);
    disclosures.rows = contacts
        .disclosures
        .iter()
        .filter(|disclosure| disclosure.person == person)
        .map(|d| {
            vec![
                json!(d.id),
                json!(d.date),
                json!(d.recipient),
                json!(d.categories),
            ]
        })
        .collect::<Vec<Vec<Value>>>();

    ExportResult {
        tables: vec![people, moments, disclosures],
        files: vec![ExportFile {
            name: format!("contact-{}.vcf", found.id),
            media_type: "text/vcard".into(),
            bytes: vcard(found).into_bytes(),
        }],
    }
}

/// The organisations `person`'s data went to, one entry per recipient
/// with the categories merged and the latest date.
pub fn recipients(contacts: &Contacts, person: &str) -> Vec<Recipient> {
    let mut recipients: Vec<Recipient> = Vec::new();
    for disclosure in contacts.disclosures.iter().filter(|d| d.person == person) {
        let index = match recipients
            .iter()
            .position(|r| r.name == disclosure.recipient)
        {
            Some(index) => index,
            None => {
                recipients.push(Recipient {
                    name: disclosure.recipient.clone(),
                    contact: None,
                    categories: Vec::new(),
                    last_disclosed: None,
                });
                recipients.len() - 1
            }
        };
        let recipient = &mut recipients[index];
        if recipient.contact.is_none() {
            recipient.contact = disclosure.contact.clone();
        }
        for category in &disclosure.categories {
            if !recipient.categories.contains(category) {
                recipient.categories.push(category.clone());
            }
        }
        recipient.last_disclosed = recipient.last_disclosed.max(Some(disclosure.date));
    }
    recipients
}

/// A vCard 4.0 (RFC 6350) with the person's contact details, so the
/// subject can take them to another system (art. 20).
fn vcard(person: &Person) -> String {
    let mut lines = vec![
        "BEGIN:VCARD".to_owned(),
        "VERSION:4.0".to_owned(),
        format!("FN:{}", escape(&person.name)),
    ];
    if let Some(born) = person.date_of_birth {
        lines.push(format!("BDAY:{}", born.format("%Y%m%d")));
    }
    for email in &person.emails {
        lines.push(format!("EMAIL:{}", escape(email)));
    }
    if let Some(phone) = &person.phone {
        lines.push(format!("TEL:{}", escape(phone)));
    }
    if let Some(address) = &person.address {
        // The file keeps the address as one line; it goes in the
        // extended-address component rather than being guessed apart.
        lines.push(format!("ADR:;{};;;;;", escape(address)));
    }
    lines.push("END:VCARD".to_owned());
    // RFC 6350, section 3.2: lines end in CRLF.
    lines.join("\r\n") + "\r\n"
}

/// RFC 6350, section 3.4: escape backslash, comma, semicolon, newline.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(',', "\\,")
        .replace(';', "\\;")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::fixture;

    #[test]
    fn the_export_holds_only_the_persons_rows() {
        let export = export(&fixture(), "p1");
        assert_eq!(export.table(PEOPLE).unwrap().rows.len(), 1);
        assert_eq!(export.table(CONTACT_MOMENTS).unwrap().rows.len(), 2);
        assert_eq!(export.table(DISCLOSURES).unwrap().rows.len(), 2);
        let card = String::from_utf8(export.files[0].bytes.clone()).unwrap();
        assert!(card.contains("FN:Sanne de Vries\r\n"), "{card}");
        assert!(
            card.contains("ADR:;Lindelaan 4\\, 1234 AB Voorbeeldstad;;;;;"),
            "{card}"
        );
    }

    #[test]
    fn recipients_are_merged_per_organisation() {
        let recipients = recipients(&fixture(), "p1");
        let names: Vec<_> = recipients.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["GGD Voorbeeldstad", "Doorstroomtoets provider"]);
    }
}
