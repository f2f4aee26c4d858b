//! The answer's sample facts (see
//! [`LetterKind::samples`](super::LetterKind::samples)): what the golden
//! tests render and what `check-config` tries an organisation's version
//! of the answer on. Every section alone, the common combination of access
//! and erasure, a partial refusal for each remedy, the answer when nothing
//! was found, and the pupil's letter — together they take every branch the
//! built-in template has, so a misspelt field in any of them is found.
//!
//! The facts are in the letter's language, as the processing register and
//! the officer's notes would be.

use super::fields::fields;
use super::*;
use crate::answer::category_words;
use dsrd_plugin_api::DataCategory;
use minijinja::Value;

fn day(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).expect("a date")
}

/// Sample text in the letter's language.
struct Words(Lang);

impl Words {
    fn t(&self, nl: &str, en: &str) -> String {
        match self.0 {
            Lang::Nl => nl.to_owned(),
            Lang::En => en.to_owned(),
        }
    }

    fn cat(&self, c: DataCategory) -> String {
        category_words(&c, self.0)
    }
}

/// An answer to a parent about their child that asked for nothing yet.
fn base() -> AnswerFacts {
    AnswerFacts {
        reference: "AVG-2026-0005".into(),
        organisation: "Stichting Voorbeeld".into(),
        requester_name: Some("Sanne de Vries".into()),
        subject_name: Some("Daan de Vries".into()),
        pupil: false,
        received: day(2, 2),
        answered: day(2, 20),
        bestuursorgaan: false,
        complaints: None,
        download: None,
        access: None,
        portability: None,
        rectification: None,
        erasure: None,
        restriction: None,
        objection: None,
        consent_withdrawal: None,
        automated_decisions: None,
        refused: Vec::new(),
        recipients: RecipientFacts::default(),
    }
}

fn download() -> Option<DownloadFacts> {
    Some(DownloadFacts {
        link: "https://avg.voorbeeld.example/download/q7Xk2mWv9RtLp4Hs".into(),
        expires: day(3, 6),
    })
}

fn no_adm(w: &Words) -> Option<AutomatedFacts> {
    Some(AutomatedFacts {
        exist: false,
        explanation: Some(w.t(
            "Over de groepsindeling en het schooladvies beslissen de leerkrachten, samen met de intern begeleider.",
            "Group placement and the secondary-school recommendation are decided by the teachers, together with the special needs coordinator.",
        )),
    })
}

/// The pupil administration: found, from the previous school in part,
/// with recipients by name and a retention period per category.
fn las(w: &Words) -> SystemFacts {
    use DataCategory::*;
    SystemFacts {
        name: "ParnasSys".into(),
        found: true,
        records: 14,
        categories: vec![
            w.cat(ContactDetails),
            w.cat(Identification),
            w.cat(Enrolment),
            w.cat(Attendance),
        ],
        purposes: vec![
            w.t(
                "het geven van onderwijs en de begeleiding van leerlingen",
                "providing education and supporting pupils",
            ),
            w.t(
                "de administratie van inschrijving en verzuim",
                "keeping the records of enrolment and absence",
            ),
        ],
        legal_bases: vec![
            w.t(
                "wettelijke verplichting (artikel 6, lid 1, onder c, AVG)",
                "legal obligation (GDPR article 6(1)(c))",
            ),
            w.t(
                "taak van algemeen belang (artikel 6, lid 1, onder e, AVG)",
                "task in the public interest (GDPR article 6(1)(e))",
            ),
        ],
        recipients: vec![
            "DUO".into(),
            "Samenwerkingsverband Passend Onderwijs Voorbeeldstad".into(),
            w.t(
                "Gemeente Voorbeeldstad (leerplicht)",
                "Municipality of Voorbeeldstad (compulsory education)",
            ),
        ],
        retention: vec![
            RetentionFacts {
                category: w.cat(ContactDetails),
                period: w.t(
                    "tot twee jaar nadat de leerling de school heeft verlaten",
                    "until two years after the pupil has left the school",
                ),
            },
            RetentionFacts {
                category: w.cat(Enrolment),
                period: w.t(
                    "vijf jaar nadat de leerling de school heeft verlaten",
                    "five years after the pupil has left the school",
                ),
            },
            RetentionFacts {
                category: w.cat(Attendance),
                period: w.t(
                    "vijf jaar nadat de leerling de school heeft verlaten",
                    "five years after the pupil has left the school",
                ),
            },
        ],
        source: Some(w.t(
            "de vorige school, via het overstapdossier (OSO)",
            "the previous school, through the transfer file (OSO)",
        )),
        transfers: None,
    }
}

/// The test results: found, no recipients.
fn tests_system(w: &Words) -> SystemFacts {
    SystemFacts {
        name: w.t(
            "Toetsen (leerlingvolgsysteem)",
            "Tests (pupil monitoring system)",
        ),
        found: true,
        records: 6,
        categories: vec![w.cat(DataCategory::Results)],
        purposes: vec![w.t(
            "het volgen van de ontwikkeling van de leerling",
            "following the pupil's progress",
        )],
        legal_bases: vec![w.t(
            "taak van algemeen belang (artikel 6, lid 1, onder e, AVG)",
            "task in the public interest (GDPR article 6(1)(e))",
        )],
        recipients: Vec::new(),
        retention: vec![RetentionFacts {
            category: w.cat(DataCategory::Results),
            period: w.t(
                "tot twee jaar nadat de leerling de school heeft verlaten",
                "until two years after the pupil has left the school",
            ),
        }],
        source: None,
        transfers: None,
    }
}

/// The school's accounts: found once, with a transfer outside the EEA.
fn m365(w: &Words) -> SystemFacts {
    SystemFacts {
        name: "Microsoft 365".into(),
        found: true,
        records: 1,
        categories: vec![w.cat(DataCategory::Accounts)],
        purposes: vec![w.t("e-mail en samenwerken in de klas", "e-mail and working together in class")],
        legal_bases: vec![w.t("taak van algemeen belang (artikel 6, lid 1, onder e, AVG)", "task in the public interest (GDPR article 6(1)(e))")],
        recipients: vec![w.t("Microsoft Ireland Operations Ltd (verwerker)", "Microsoft Ireland Operations Ltd (processor)")],
        retention: vec![RetentionFacts {
            category: w.cat(DataCategory::Accounts),
            period: w.t("tot drie maanden nadat de leerling de school heeft verlaten", "until three months after the pupil has left the school"),
        }],
        source: None,
        transfers: Some(w.t(
            "Microsoft kan voor onderhoud vanuit de Verenigde Staten bij de gegevens; daarvoor gelden het EU-VS-gegevensprivacykader (artikel 45 AVG) en standaardcontractbepalingen (artikel 46 AVG).",
            "Microsoft may reach the data from the United States for maintenance; the EU-US Data Privacy Framework (GDPR article 45) and standard contractual clauses (GDPR article 46) apply.",
        )),
    }
}

/// The waiting list: searched, nothing found.
fn waiting_list(w: &Words) -> SystemFacts {
    unfound(w.t("Aanmeldingen (wachtlijst)", "Registrations (waiting list)"))
}

/// A system searched without result.
fn unfound(name: String) -> SystemFacts {
    SystemFacts {
        name,
        found: false,
        records: 0,
        categories: Vec::new(),
        purposes: Vec::new(),
        legal_bases: Vec::new(),
        recipients: Vec::new(),
        retention: Vec::new(),
        source: None,
        transfers: None,
    }
}

fn access(w: &Words) -> AccessFacts {
    AccessFacts {
        systems: vec![las(w), tests_system(w), m365(w), waiting_list(w)],
        withheld: vec![WithheldFacts {
            what: w.t(
                "de namen en opmerkingen over andere leerlingen in twee gespreksverslagen",
                "the names of and remarks about other pupils in two meeting reports",
            ),
            why: w.t(
                "dat zijn gegevens van andere kinderen; wij hebben ze in de kopie onleesbaar gemaakt",
                "those are other children's data; we have made them unreadable in the copy",
            ),
        }],
        in_package: true,
    }
}

fn erasure(w: &Words) -> ErasureFacts {
    ErasureFacts {
        done: vec![
            DoneFacts {
                system: "ParnasSys".into(),
                what: w.t(
                    "het leerlingdossier (gespreksverslagen, toetsresultaten en rapporten)",
                    "the pupil file (meeting reports, test results and school reports)",
                ),
                on: day(2, 10),
            },
            DoneFacts {
                system: "Microsoft 365".into(),
                what: w.t("het schoolaccount met de bestanden erin", "the school account and its files"),
                on: day(2, 10),
            },
        ],
        kept: vec![
            KeptFacts {
                system: "ParnasSys".into(),
                what: w.t("de in- en uitschrijving en het verzuim", "enrolment, leaving and absence"),
                ground: w.t(
                    "wettelijke bewaarplicht (artikel 17, lid 3, onder b, AVG; Besluit bekostiging WPO)",
                    "a statutory duty to keep them (GDPR article 17(3)(b); the Dutch primary education funding decree)",
                ),
                until: Some(NaiveDate::from_ymd_opt(2028, 7, 31).expect("a date")),
                note: Some(w.t(
                    "Vijf jaar na het vertrek van school moeten wij deze gegevens nog kunnen laten zien aan de inspectie en DUO.",
                    "For five years after leaving school we must still be able to show these data to the inspectorate and DUO.",
                )),
            },
            KeptFacts {
                system: w.t("Klachtendossier", "Complaints file"),
                what: w.t("de stukken van de klacht die nog loopt", "the papers of the complaint still under way"),
                ground: w.t(
                    "nodig voor de behandeling van een lopende klacht (artikel 17, lid 3, onder e, AVG)",
                    "needed for a complaint still under way (GDPR article 17(3)(e))",
                ),
                until: None,
                note: None,
            },
        ],
    }
}

fn told_new_school(w: &Words) -> ToldFacts {
    ToldFacts {
        name: w.t(
            "Basisschool De Regenboog (de nieuwe school)",
            "De Regenboog primary school (the new school)",
        ),
        on: day(2, 10),
        how: w.t("per e-mail", "by e-mail"),
    }
}

/// Every section on its own, in the order of the letter.
fn one_section_each(w: &Words) -> Vec<(&'static str, AnswerFacts)> {
    let access_only = AnswerFacts {
        download: download(),
        access: Some(access(w)),
        automated_decisions: no_adm(w),
        ..base()
    };
    let portability = AnswerFacts {
        requester_name: Some("Pieter Bakker".into()),
        subject_name: Some("Noor Bakker".into()),
        download: download(),
        portability: Some(PortabilityFacts {
            systems: vec!["ParnasSys".into(), w.t("Toetsen (leerlingvolgsysteem)", "Tests (pupil monitoring system)")],
            formats: vec![
                w.t("JSON, met een beschrijving van elk veld (gegevens.json en velden.json)", "JSON, with a description of every field (data.json and fields.json)"),
                w.t("CSV, één bestand per tabel", "CSV, one file per table"),
                w.t("het onderwijskundig rapport, zoals de leerlingadministratie het maakt", "the educational report (onderwijskundig rapport), as the pupil administration produces it"),
            ],
            statutory_scope: w.t(
                "Het wettelijke recht op overdraagbaarheid (artikel 20 AVG) geldt alleen voor gegevens die u zelf aan ons heeft gegeven en die wij op basis van toestemming verwerken: hier de allergie-informatie voor het schoolreisje. De meeste gegevens van de school verwerken wij voor een wettelijke taak; daarvoor geldt dat recht niet (artikel 20, lid 3, AVG). Ons privacyreglement (artikel 8.7) geeft u meer: daarom krijgt u ook de gegevens uit het onderwijskundig rapport.",
                "The statutory right to data portability (GDPR article 20) covers only data you gave us yourself and that we process on the basis of consent: here the allergy information for the school trip. Most school data we process for a statutory task, which that right does not cover (GDPR article 20(3)). Our privacy regulations (article 8.7) give you more: that is why you also receive the data from the educational report.",
            ),
        }),
        ..base()
    };
    let rectification = AnswerFacts {
        requester_name: None,
        rectification: Some(ChangeFacts {
            done: vec![DoneFacts {
                system: "ParnasSys".into(),
                what: w.t("de geboortedatum verbeterd", "the date of birth corrected"),
                on: day(2, 3),
            }],
        }),
        recipients: RecipientFacts {
            told: vec![
                ToldFacts {
                    name: "DUO".into(),
                    on: day(2, 3),
                    how: w.t("via het portaal van DUO", "through DUO's portal"),
                },
                ToldFacts {
                    name: "Basispoort".into(),
                    on: day(2, 3),
                    how: w.t("per e-mail", "by e-mail"),
                },
            ],
            exempt: Vec::new(),
        },
        ..base()
    };
    let erasure_only = AnswerFacts {
        requester_name: Some("Lotte Visser".into()),
        subject_name: None,
        erasure: Some(erasure(w)),
        recipients: RecipientFacts {
            told: vec![told_new_school(w)],
            exempt: Vec::new(),
        },
        ..base()
    };
    let restriction = AnswerFacts {
        restriction: Some(ChangeFacts {
            done: vec![DoneFacts {
                system: "ParnasSys".into(),
                what: w.t(
                    "het woonadres, tot wij hebben nagegaan of het juist is",
                    "the home address, until we have checked whether it is accurate",
                ),
                on: day(2, 4),
            }],
        }),
        recipients: RecipientFacts {
            told: vec![
                ToldFacts { name: w.t("Gemeente Voorbeeldstad (leerplicht)", "Municipality of Voorbeeldstad (compulsory education)"), on: day(2, 4), how: w.t("per e-mail", "by e-mail") },
                ToldFacts { name: "DUO".into(), on: day(2, 5), how: w.t("via het portaal van DUO", "through DUO's portal") },
            ],
            exempt: vec![ExemptFacts {
                name: w.t("De vorige school", "The previous school"),
                reason: w.t("onevenredig veel moeite", "disproportionate effort"),
                explanation: w.t(
                    "Die school kreeg het adres in 2023 bij de overstap en bewaart het alleen in het gesloten archief van het overstapdossier.",
                    "That school received the address in 2023 with the transfer file and keeps it only in the closed archive of that file.",
                ),
            }],
        },
        ..base()
    };
    let objection = AnswerFacts {
        requester_name: Some("Mark Jansen".into()),
        subject_name: None,
        objection: Some(DecisionFacts {
            outcome: w.t(
                "Wij hebben uw bezwaar tegen het gebruik van uw foto in de online schoolgids toegewezen. De foto staat sinds 5 februari 2026 niet meer in de schoolgids, en wij gebruiken hem daar niet meer.",
                "We have upheld your objection to the use of your photograph in the online school guide. The photograph has not been in the guide since 5 February 2026, and we no longer use it there.",
            ),
        }),
        ..base()
    };
    let consent = AnswerFacts {
        consent_withdrawal: Some(DecisionFacts {
            outcome: w.t(
                "U heeft uw toestemming voor foto's van Daan op de website van de school ingetrokken. Wij hebben dat in ons toestemmingenregister vastgelegd en de foto's op 4 februari 2026 van de website en uit het archief van de nieuwsbrief verwijderd.",
                "You have withdrawn your consent to photographs of Daan on the school's website. We have recorded that in our register of consents and removed the photographs from the website and the newsletter archive on 4 February 2026.",
            ),
        }),
        ..base()
    };
    let adm = AnswerFacts {
        automated_decisions: no_adm(w),
        ..base()
    };
    let adm_exist = AnswerFacts {
        requester_name: Some("Pieter Bakker".into()),
        subject_name: Some("Noor Bakker".into()),
        automated_decisions: Some(AutomatedFacts {
            exist: true,
            explanation: Some(w.t(
                "Als er meer aanmeldingen zijn dan plaatsen, wijst een computerprogramma de plaatsen toe door loting, na de voorrangsregels (broers en zussen eerst). Noor is zo op de wachtlijst geplaatst, op plaats 4.",
                "When there are more registrations than places, a computer program allocates the places by lot, after the priority rules (brothers and sisters first). That is how Noor was placed on the waiting list, at place 4.",
            )),
        }),
        ..base()
    };
    vec![
        ("answer.access", access_only),
        ("answer.portability", portability),
        ("answer.rectification", rectification),
        ("answer.erasure", erasure_only),
        ("answer.restriction", restriction),
        ("answer.objection", objection),
        ("answer.consent-withdrawal", consent),
        ("answer.automated-decisions", adm),
        ("answer.automated-decisions.exist", adm_exist),
    ]
}

/// Access and erasure together, the partial refusals, nothing found, and
/// the pupil's letters.
fn combinations(w: &Words) -> Vec<(&'static str, AnswerFacts)> {
    let access_erasure = AnswerFacts {
        download: download(),
        access: Some(access(w)),
        automated_decisions: no_adm(w),
        erasure: Some(erasure(w)),
        recipients: RecipientFacts {
            told: vec![told_new_school(w)],
            exempt: Vec::new(),
        },
        ..base()
    };
    let refused = vec![
        RefusedFacts {
            what: w.t(
                "de aantekeningen van de intern begeleider over de melding bij Veilig Thuis",
                "the notes of the special needs coordinator about the report to Veilig Thuis",
            ),
            reason: w.t(
                "die geven wij niet, omdat dat de bescherming van Daan ernstig in gevaar zou brengen (artikel 41, lid 1, onder i, Uitvoeringswet AVG; artikel 8.9.4 van ons privacyreglement)",
                "we do not give them, because that would seriously endanger Daan's protection (article 41(1)(i) of the Dutch GDPR Implementation Act; article 8.9.4 of our privacy regulations)",
            ),
        },
        RefusedFacts {
            what: w.t(
                "het herschrijven van de observatie van de leerkracht van 12 januari 2026",
                "rewriting the teacher's observation of 12 January 2026",
            ),
            reason: w.t(
                "een observatie is een oordeel van de leerkracht, geen feit dat onjuist kan zijn (artikel 16 AVG); wij hebben uw eigen verklaring erbij gevoegd, zodat iedereen die de observatie leest ook uw kijk erop ziet",
                "an observation is the teacher's judgement, not a fact that can be inaccurate (GDPR article 16); we have added your own statement to it, so that everyone who reads the observation also sees your view of it",
            ),
        },
    ];
    let partial = AnswerFacts {
        download: download(),
        access: Some(AccessFacts {
            systems: vec![las(w), tests_system(w)],
            withheld: Vec::new(),
            in_package: true,
        }),
        automated_decisions: no_adm(w),
        rectification: Some(ChangeFacts { done: Vec::new() }),
        refused,
        ..base()
    };
    let partial_public = AnswerFacts {
        requester_name: None,
        bestuursorgaan: true,
        complaints: Some(crate::answer::refusal::sample_complaints(w.0).into()),
        restriction: Some(ChangeFacts { done: Vec::new() }),
        refused: partial
            .refused
            .iter()
            .cloned()
            .chain([RefusedFacts {
                what: w.t(
                    "het beperken van het gebruik van het woonadres",
                    "restricting the use of the home address",
                ),
                reason: w.t(
                    "wij hebben bij de gemeente nagegaan dat het adres juist is, dus de grond voor beperking is er niet meer (artikel 18, lid 1, onder a, AVG)",
                    "we have checked with the municipality that the address is accurate, so the ground for a restriction no longer exists (GDPR article 18(1)(a))",
                ),
            }])
            .collect(),
        ..partial.clone()
    };
    let nothing_found = AnswerFacts {
        requester_name: None,
        subject_name: None,
        access: Some(AccessFacts {
            systems: vec![
                waiting_list(w),
                unfound(w.t("Inschrijvingen evenementen", "Event registrations")),
            ],
            withheld: Vec::new(),
            in_package: false,
        }),
        automated_decisions: Some(AutomatedFacts {
            exist: false,
            explanation: None,
        }),
        ..base()
    };
    let pupil = AnswerFacts {
        requester_name: Some("Noor Jansen".into()),
        subject_name: None,
        pupil: true,
        download: download(),
        access: Some(AccessFacts {
            systems: vec![las(w), m365(w)],
            withheld: Vec::new(),
            in_package: true,
        }),
        automated_decisions: no_adm(w),
        consent_withdrawal: Some(DecisionFacts {
            outcome: w.t(
                "Je wilde niet meer dat er foto's van jou op de website van de school staan. We hebben ze op 4 februari 2026 van de website gehaald.",
                "You no longer wanted photographs of you on the school's website. We took them off the website on 4 February 2026.",
            ),
        }),
        ..base()
    };
    // Every section for a pupil, so that every plain-language branch is
    // rendered (and checked) at least once; the officer's notes in the
    // pupil's own words.
    let sections = one_section_each(w);
    let section = |name: &str| {
        sections
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| f.clone())
            .expect("a sample of every section")
    };
    let pupil_portability = PortabilityFacts {
        statutory_scope: w.t(
            "De wet geeft je dit recht alleen voor gegevens die je zelf aan ons hebt gegeven en waarvoor toestemming is gevraagd (artikel 20 AVG). Ons privacyreglement (artikel 8.7) geeft je meer: daarom krijg je ook de gegevens uit je onderwijskundig rapport, het dossier dat meegaat naar een nieuwe school.",
            "The law gives you this right only for information you gave us yourself and for which permission was asked (GDPR article 20). Our privacy regulations (article 8.7) give you more: that is why you also get the information from your educational report, the file that goes with you to a new school.",
        ),
        ..section("answer.portability").portability.expect("portability")
    };
    let pupil_all = AnswerFacts {
        requester_name: None,
        subject_name: None,
        pupil: true,
        bestuursorgaan: true,
        complaints: Some(crate::answer::refusal::sample_complaints(w.0).into()),
        download: download(),
        access: access_erasure.access.clone(),
        portability: Some(pupil_portability),
        rectification: Some(ChangeFacts { done: Vec::new() }),
        erasure: Some(erasure(w)),
        restriction: section("answer.restriction").restriction,
        objection: Some(DecisionFacts {
            outcome: w.t(
                "Je wilde niet dat je foto in de online schoolgids staat. Je hebt gelijk: sinds 5 februari 2026 staat hij er niet meer in, en we gebruiken hem daar niet meer.",
                "You did not want your photograph in the online school guide. You are right: since 5 February 2026 it has not been in the guide, and we no longer use it there.",
            ),
        }),
        consent_withdrawal: pupil.consent_withdrawal.clone(),
        automated_decisions: Some(AutomatedFacts {
            exist: true,
            explanation: Some(w.t(
                "Als er meer aanmeldingen zijn dan plaatsen voor de sportklas, loot een computerprogramma wie erin komt. Zo ben je op de wachtlijst gekomen, op plaats 4.",
                "When there are more registrations than places in the sports class, a computer program draws lots for who gets in. That is how you came onto the waiting list, at place 4.",
            )),
        }),
        refused: vec![RefusedFacts {
            what: w.t(
                "de opmerking van je mentor van 12 januari 2026 veranderen",
                "changing your mentor's remark of 12 January 2026",
            ),
            reason: w.t(
                "dat is wat je mentor ervan vindt, en geen fout feit (artikel 16 AVG); we hebben wel jouw eigen uitleg erbij gezet, zodat iedereen die de opmerking leest ook ziet wat jij ervan vindt",
                "that is what your mentor thinks, not a wrong fact (GDPR article 16); we have added your own explanation to it, so that everyone who reads the remark also sees what you think",
            ),
        }],
        recipients: section("answer.restriction").recipients,
        ..base()
    };
    let pupil_refused = AnswerFacts {
        requester_name: Some("Noor Jansen".into()),
        subject_name: None,
        pupil: true,
        restriction: Some(ChangeFacts { done: Vec::new() }),
        refused: vec![RefusedFacts {
            what: w.t(
                "je adres een tijdje niet gebruiken",
                "not using your address for a while",
            ),
            reason: w.t(
                "we hebben bij de gemeente nagevraagd dat je adres klopt, en de school moet het hebben voor de leerplicht (artikel 18, lid 1, onder a, AVG)",
                "we have checked with the municipality that your address is right, and the school must have it for compulsory education (GDPR article 18(1)(a))",
            ),
        }],
        ..base()
    };
    vec![
        ("answer.access-erasure", access_erasure),
        ("answer.partial-refusal", partial),
        ("answer.partial-refusal.bestuursorgaan", partial_public),
        ("answer.nothing-found", nothing_found),
        ("answer.pupil", pupil),
        ("answer.pupil.all-sections", pupil_all),
        ("answer.pupil.refused", pupil_refused),
    ]
}

/// The sample facts as [`LetterKind::samples`] gives them.
pub(in crate::answer) fn samples(lang: Lang) -> Vec<(&'static str, Value)> {
    let w = Words(lang);
    one_section_each(&w)
        .into_iter()
        .chain(combinations(&w))
        .map(|(name, f)| (name, fields(&f, lang)))
        .collect()
}

/// The sample facts themselves, for the tests.
#[cfg(test)]
pub(super) fn sample_facts(lang: Lang) -> Vec<(&'static str, AnswerFacts)> {
    let w = Words(lang);
    one_section_each(&w)
        .into_iter()
        .chain(combinations(&w))
        .collect()
}
