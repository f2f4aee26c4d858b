//! The demo data: a handful of fictitious people, one of them the test
//! subject of the conformance kit.
//!
//! The data is made to exercise every path: the test subject has contact
//! moments (one past retention) and disclosures; a namesake with another
//! date of birth makes a name-only search ambiguous; a guardian shares the
//! subject's address but is another person and must survive erasure.
//! Addresses use the reserved `.example` domain (RFC 2606).

use crate::data::{ContactMoment, Contacts, Disclosure, Person, Role};
use chrono::NaiveDate;
use dsrd_plugin_api::{DataCategory, PluginError, Subject};
use std::path::Path;

/// The person the conformance kit runs its scenario on.
pub fn test_subject() -> Subject {
    Subject::default()
        .with_name("Sanne de Vries")
        .with_email("sanne.devries@leerling.school.example")
        .with_student_number("100234")
        .with_date_of_birth(date(2012, 3, 14))
}

/// Writes the demo data to `path`.
pub fn write_fixture(path: &Path) -> Result<(), PluginError> {
    fixture().save(path)
}

/// The demo data.
pub fn fixture() -> Contacts {
    Contacts {
        people: vec![
            pupil("p1", "Sanne de Vries", date(2012, 3, 14), "100234", "7B")
                .emails(&["sanne.devries@leerling.school.example"])
                .address("Lindelaan 4, 1234 AB Voorbeeldstad"),
            person("p2", Role::Guardian, "Marloes de Vries")
                .emails(&["m.devries@thuis.example"])
                .phone("06-00000001")
                .address("Lindelaan 4, 1234 AB Voorbeeldstad"),
            pupil("p3", "Sanne de Vries", date(2013, 9, 30), "100587", "6A"),
            pupil("p4", "Daan Jansen", date(2011, 5, 2), "100777", "8A")
                .emails(&["daan.jansen@leerling.school.example"]),
            Person {
                staff_number: Some("T0042".into()),
                group: Some("bovenbouw".into()),
                ..person("p5", Role::Staff, "Petra Bakker")
            }
            .emails(&["p.bakker@school.example"]),
        ],
        contact_moments: vec![
            moment(
                "m1",
                "p1",
                date(2025, 10, 2),
                "phone",
                "Planning of homework discussed",
            ),
            moment(
                "m2",
                "p1",
                date(2019, 6, 11),
                "e-mail",
                "Absence note for a dentist visit",
            ),
            moment(
                "m3",
                "p2",
                date(2025, 10, 2),
                "meeting",
                "Parent evening, group 7B",
            ),
            moment(
                "m4",
                "p4",
                date(2024, 1, 15),
                "phone",
                "Sick leave reported",
            ),
        ],
        disclosures: vec![
            disclosure("d1", "p1", "GGD Voorbeeldstad", date(2025, 9, 1)),
            Disclosure {
                categories: vec![DataCategory::Identification, DataCategory::Results],
                contact: None,
                ..disclosure("d2", "p1", "Doorstroomtoets provider", date(2025, 2, 3))
            },
            disclosure("d3", "p4", "GGD Voorbeeldstad", date(2025, 9, 1)),
        ],
    }
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("fixture dates are valid")
}

fn person(id: &str, role: Role, name: &str) -> Person {
    Person {
        id: id.into(),
        role,
        name: name.into(),
        date_of_birth: None,
        emails: vec![],
        phone: None,
        address: None,
        student_number: None,
        staff_number: None,
        group: None,
        restricted: false,
    }
}

fn pupil(id: &str, name: &str, born: NaiveDate, number: &str, group: &str) -> Person {
    Person {
        date_of_birth: Some(born),
        student_number: Some(number.into()),
        group: Some(group.into()),
        ..person(id, Role::Pupil, name)
    }
}

impl Person {
    fn emails(mut self, emails: &[&str]) -> Self {
        self.emails = emails.iter().map(|email| (*email).to_owned()).collect();
        self
    }

    fn phone(mut self, phone: &str) -> Self {
        self.phone = Some(phone.into());
        self
    }

    fn address(mut self, address: &str) -> Self {
        self.address = Some(address.into());
        self
    }
}

fn moment(id: &str, person: &str, date: NaiveDate, channel: &str, summary: &str) -> ContactMoment {
    ContactMoment {
        id: id.into(),
        person: person.into(),
        date,
        channel: channel.into(),
        summary: summary.into(),
    }
}

fn disclosure(id: &str, person: &str, recipient: &str, date: NaiveDate) -> Disclosure {
    Disclosure {
        id: id.into(),
        person: person.into(),
        recipient: recipient.into(),
        contact: Some("jgz@ggd.example".into()),
        categories: vec![DataCategory::ContactDetails, DataCategory::Identification],
        date,
    }
}
