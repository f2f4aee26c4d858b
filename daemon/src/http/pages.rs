//! The pages a requester sees, in Dutch and English, each with its HTTP
//! status. A page about a package speaks the case's language; a page that
//! knows no case (an unknown link, a broken request) speaks both, the
//! organisation's default first. Every page that ends a link says what to
//! do next: answer the e-mail or write to the organisation, quoting the
//! reference.

use super::html::{document, escape, Section};
use super::link::Link;
use super::DownloadSettings;
use crate::lang::{long_date_time, Lang};
use crate::store::PackageRow;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};

/// Longest code the form takes; a real one is nine characters.
pub(super) const CODE_MAX_LENGTH: usize = 32;

/// What the code form says above the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Notice {
    /// The code was wrong; this many tries are left.
    WrongCode(i64),
    /// The form came without a code (nothing was tried).
    NoCode,
}

/// A page to answer with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Page {
    /// The link's own page; the notice only goes with an open link.
    Link(Link, Option<Notice>),
    /// The package's file could not be read; the claim was given back.
    Unreadable(Box<PackageRow>),
    /// The store could not be reached, or the request took too long.
    Unavailable,
    /// No such page.
    NotFound,
    /// A form that is no form.
    BadRequest,
    /// A form too large to be one.
    TooLarge,
}

impl Page {
    /// The page's HTTP status.
    pub(super) fn status(&self) -> StatusCode {
        match self {
            Page::Link(Link::Unknown, _) | Page::NotFound => StatusCode::NOT_FOUND,
            Page::Link(Link::Open(_), None) => StatusCode::OK,
            Page::Link(Link::Open(_), Some(Notice::WrongCode(_))) => StatusCode::FORBIDDEN,
            Page::Link(Link::Open(_), Some(Notice::NoCode)) | Page::BadRequest => {
                StatusCode::BAD_REQUEST
            }
            Page::Link(Link::Busy(_), _) => StatusCode::CONFLICT,
            Page::Link(Link::Spent(_) | Link::Locked(_) | Link::Expired(_), _) => StatusCode::GONE,
            Page::Unreadable(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Page::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Page::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        }
    }

    /// The page as a response.
    pub(super) fn render(&self, settings: &DownloadSettings) -> Response {
        let words = Words { settings };
        let sections = match self {
            Page::Link(Link::Open(p), notice) => vec![words.form(p, *notice)],
            Page::Link(Link::Busy(p), _) => vec![words.busy(p)],
            Page::Link(Link::Spent(p), _) => vec![words.spent(p)],
            Page::Link(Link::Locked(p), _) => vec![words.locked(p)],
            Page::Link(Link::Expired(p), _) => vec![words.expired(p)],
            Page::Unreadable(p) => vec![words.unreadable(p)],
            Page::Link(Link::Unknown, _) => words.both(Words::unknown),
            Page::Unavailable => words.both(Words::unavailable),
            Page::NotFound => words.both(Words::not_found),
            Page::BadRequest | Page::TooLarge => words.both(Words::bad_request),
        };
        let mut response =
            (self.status(), document(&settings.organisation, &sections)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        response
    }
}

/// The pages' words, with what they need from the settings.
struct Words<'a> {
    settings: &'a DownloadSettings,
}

impl Words<'_> {
    /// The language of a page about `package`.
    fn lang(&self, package: &PackageRow) -> Lang {
        Lang::answering(package.language, self.settings.default_language)
    }

    /// The same page in both languages, the organisation's default first.
    fn both(&self, page: fn(&Self, Lang) -> Section) -> Vec<Section> {
        let first = self.settings.default_language;
        let second = match first {
            Lang::Nl => Lang::En,
            Lang::En => Lang::Nl,
        };
        vec![page(self, first), page(self, second)]
    }

    /// A moment as the organisation's clock shows it.
    fn when(&self, t: DateTime<Utc>, lang: Lang) -> String {
        long_date_time(
            t.with_timezone(&self.settings.time_zone).naive_local(),
            lang,
        )
    }

    fn org(&self) -> String {
        escape(&self.settings.organisation)
    }

    /// What to do when a link no longer works.
    fn ask_us(&self, lang: Lang, reference: &str) -> String {
        match lang {
            Lang::Nl => format!(
                "<p>Antwoord op onze e-mail met de link, of schrijf aan {} en noem het kenmerk <strong>{reference}</strong>. Wij helpen u dan verder.</p>\n",
                self.org()
            ),
            Lang::En => format!(
                "<p>Reply to our e-mail with the link, or write to {} quoting the reference <strong>{reference}</strong>. We will then help you further.</p>\n",
                self.org()
            ),
        }
    }

    fn form(&self, package: &PackageRow, notice: Option<Notice>) -> Section {
        let lang = self.lang(package);
        let reference = escape(package.case.as_str());
        let org = self.org();
        let until = package
            .expires_at
            .map(|t| self.when(t, lang))
            .unwrap_or_default();
        let (title, intro, once, label, hint, button) = match lang {
            Lang::Nl => (
                "Uw gegevens downloaden",
                format!("{org} heeft uw verzoek met kenmerk <strong>{reference}</strong> beantwoord. Uw gegevens staan voor u klaar als ZIP-bestand."),
                format!("Deze link werkt tot {until}. U kunt het bestand één keer downloaden; bewaar het daarna goed."),
                "Downloadcode",
                "De code staat in een aparte e-mail die wij u hebben gestuurd, bijvoorbeeld ABCD-EFGH.",
                "Downloaden",
            ),
            Lang::En => (
                "Download your data",
                format!("{org} has answered your request with reference <strong>{reference}</strong>. Your data is ready for you as a ZIP file."),
                format!("This link works until {until}. You can download the file once; keep it safe afterwards."),
                "Download code",
                "The code is in a separate e-mail we sent you, for example ABCD-EFGH.",
                "Download",
            ),
        };
        let notice = notice.map(|n| match (n, lang) {
            (Notice::WrongCode(left), Lang::Nl) => format!(
                "Deze code klopt niet. U kunt het nog {left} keer proberen; daarna werkt de link niet meer."
            ),
            (Notice::WrongCode(1), Lang::En) => {
                "That code is not right. You have 1 more try; after that the link stops working.".to_owned()
            }
            (Notice::WrongCode(left), Lang::En) => format!(
                "That code is not right. You have {left} more tries; after that the link stops working."
            ),
            (Notice::NoCode, Lang::Nl) => "Vul de downloadcode in.".to_owned(),
            (Notice::NoCode, Lang::En) => "Please enter the download code.".to_owned(),
        });
        let mut body = format!("<p>{intro}</p>\n<p>{once}</p>\n");
        let described_by = match &notice {
            Some(text) => {
                body.push_str(&format!(
                    "<p class=\"notice\" role=\"alert\" id=\"code-notice\">{}</p>\n",
                    escape(text)
                ));
                "code-hint code-notice\" aria-invalid=\"true"
            }
            None => "code-hint",
        };
        body.push_str(&format!(
            "<form method=\"post\">\n<label for=\"code\">{label}</label>\n\
             <p class=\"hint\" id=\"code-hint\">{hint}</p>\n\
             <input id=\"code\" name=\"code\" type=\"text\" autocomplete=\"one-time-code\" \
             autocapitalize=\"characters\" spellcheck=\"false\" maxlength=\"{CODE_MAX_LENGTH}\" required \
             aria-describedby=\"{described_by}\">\n\
             <button type=\"submit\">{button}</button>\n</form>\n"
        ));
        Section {
            lang,
            title: title.into(),
            body,
        }
    }

    fn busy(&self, package: &PackageRow) -> Section {
        let lang = self.lang(package);
        let reference = escape(package.case.as_str());
        let org = self.org();
        let (title, body) = match lang {
            Lang::Nl => (
                "Dit bestand wordt nu gedownload",
                format!(
                    "<p>Het bestand bij verzoek <strong>{reference}</strong> wordt op dit moment gedownload. \
                     Lukt dat niet, probeer het dan over enkele minuten opnieuw met dezelfde link en code.</p>\n\
                     <p>Downloadt u het niet zelf? Schrijf dan meteen aan {org} en noem het kenmerk <strong>{reference}</strong>.</p>\n"
                ),
            ),
            Lang::En => (
                "This file is being downloaded right now",
                format!(
                    "<p>The file for request <strong>{reference}</strong> is being downloaded at this moment. \
                     If that does not succeed, try again in a few minutes with the same link and code.</p>\n\
                     <p>Are you not downloading it yourself? Then write to {org} at once, quoting the reference <strong>{reference}</strong>.</p>\n"
                ),
            ),
        };
        Section {
            lang,
            title: title.into(),
            body,
        }
    }

    fn spent(&self, package: &PackageRow) -> Section {
        let lang = self.lang(package);
        let reference = escape(package.case.as_str());
        let org = self.org();
        let on = package.downloaded_at.map(|t| self.when(t, lang));
        let (title, body) = match lang {
            Lang::Nl => (
                "Dit bestand is al gedownload",
                format!(
                    "<p>Het bestand bij verzoek <strong>{reference}</strong> is {}gedownload. \
                     Een link werkt maar één keer, zodat niemand anders uw gegevens kan ophalen.</p>\n\
                     <p>Hebt u het bestand niet zelf gedownload, of hebt u het opnieuw nodig? \
                     Schrijf dan aan {org} en noem het kenmerk <strong>{reference}</strong>; antwoorden op onze e-mail met de link kan ook.</p>\n",
                    on.map(|on| format!("op {on} ")).unwrap_or_default()
                ),
            ),
            Lang::En => (
                "This file has already been downloaded",
                format!(
                    "<p>The file for request <strong>{reference}</strong> was downloaded{}. \
                     A link works only once, so that nobody else can fetch your data.</p>\n\
                     <p>Did you not download the file yourself, or do you need it again? \
                     Then write to {org} quoting the reference <strong>{reference}</strong>; you can also reply to our e-mail with the link.</p>\n",
                    on.map(|on| format!(" on {on}")).unwrap_or_default()
                ),
            ),
        };
        Section {
            lang,
            title: title.into(),
            body,
        }
    }

    fn locked(&self, package: &PackageRow) -> Section {
        let lang = self.lang(package);
        let reference = escape(package.case.as_str());
        let (title, text) = match lang {
            Lang::Nl => (
                "Deze link is geblokkeerd",
                format!("<p>Er is te vaak een verkeerde code ingevuld. Om uw gegevens te beschermen werkt de link bij verzoek <strong>{reference}</strong> niet meer.</p>\n"),
            ),
            Lang::En => (
                "This link is locked",
                format!("<p>A wrong code was entered too many times. To protect your data, the link for request <strong>{reference}</strong> no longer works.</p>\n"),
            ),
        };
        Section {
            lang,
            title: title.into(),
            body: text + &self.ask_us(lang, &reference),
        }
    }

    fn expired(&self, package: &PackageRow) -> Section {
        let lang = self.lang(package);
        let reference = escape(package.case.as_str());
        let until = package.expires_at.map(|t| self.when(t, lang));
        let (title, text) = match lang {
            Lang::Nl => (
                "Deze link is verlopen",
                format!(
                    "<p>De link bij verzoek <strong>{reference}</strong> werkte {}. \
                     Om uw gegevens te beschermen kan het bestand daarna niet meer worden gedownload.</p>\n",
                    until.map(|u| format!("tot {u}")).unwrap_or_else(|| "maar een beperkte tijd".into())
                ),
            ),
            Lang::En => (
                "This link has expired",
                format!(
                    "<p>The link for request <strong>{reference}</strong> worked {}. \
                     To protect your data, the file can no longer be downloaded after that.</p>\n",
                    until.map(|u| format!("until {u}")).unwrap_or_else(|| "for a limited time only".into())
                ),
            ),
        };
        Section {
            lang,
            title: title.into(),
            body: text + &self.ask_us(lang, &reference),
        }
    }

    fn unreadable(&self, package: &PackageRow) -> Section {
        let lang = self.lang(package);
        let reference = escape(package.case.as_str());
        let (title, text) = match lang {
            Lang::Nl => (
                "Het bestand is nu niet beschikbaar",
                "<p>Bij het openen van uw bestand ging bij ons iets mis. Uw link en code blijven geldig: probeer het later opnieuw.</p>\n<p>Lukt het dan nog niet?</p>\n",
            ),
            Lang::En => (
                "The file is not available right now",
                "<p>Something went wrong on our side while opening your file. Your link and code stay valid: please try again later.</p>\n<p>Does it still not work then?</p>\n",
            ),
        };
        Section {
            lang,
            title: title.into(),
            body: text.to_owned() + &self.ask_us(lang, &reference),
        }
    }

    fn unknown(&self, lang: Lang) -> Section {
        let org = self.org();
        let (title, body) = match lang {
            Lang::Nl => (
                "Deze link kennen wij niet",
                format!(
                    "<p>Controleer of u de hele link uit onze e-mail hebt gebruikt; een lange link breekt soms over twee regels.</p>\n\
                     <p>Werkt het daarna nog niet, antwoord dan op onze e-mail met de link, of schrijf aan {org} en noem het kenmerk van uw verzoek.</p>\n"
                ),
            ),
            Lang::En => (
                "We do not know this link",
                format!(
                    "<p>Check that you used the whole link from our e-mail; a long link sometimes breaks over two lines.</p>\n\
                     <p>If it still does not work, reply to our e-mail with the link, or write to {org} quoting the reference of your request.</p>\n"
                ),
            ),
        };
        Section {
            lang,
            title: title.into(),
            body,
        }
    }

    fn unavailable(&self, lang: Lang) -> Section {
        let (title, body) = match lang {
            Lang::Nl => (
                "Even niet beschikbaar",
                "<p>Deze pagina is op dit moment niet beschikbaar. Uw link en code blijven geldig: probeer het over enkele minuten opnieuw.</p>\n",
            ),
            Lang::En => (
                "Not available for a moment",
                "<p>This page is not available right now. Your link and code stay valid: please try again in a few minutes.</p>\n",
            ),
        };
        Section {
            lang,
            title: title.into(),
            body: body.into(),
        }
    }

    fn not_found(&self, lang: Lang) -> Section {
        let (title, body) = match lang {
            Lang::Nl => (
                "Pagina niet gevonden",
                "<p>Deze pagina bestaat niet. Gebruik de link uit onze e-mail.</p>\n",
            ),
            Lang::En => (
                "Page not found",
                "<p>This page does not exist. Please use the link from our e-mail.</p>\n",
            ),
        };
        Section {
            lang,
            title: title.into(),
            body: body.into(),
        }
    }

    fn bad_request(&self, lang: Lang) -> Section {
        let (title, body) = match lang {
            Lang::Nl => (
                "Dit verzoek kunnen wij niet verwerken",
                "<p>Open de link uit onze e-mail opnieuw en vul daar de downloadcode in.</p>\n",
            ),
            Lang::En => (
                "We cannot handle this request",
                "<p>Open the link from our e-mail again and enter the download code there.</p>\n",
            ),
        };
        Section {
            lang,
            title: title.into(),
            body: body.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Language;
    use crate::store::PackageState;

    fn settings() -> DownloadSettings {
        DownloadSettings {
            organisation: "Stichting Testscholen".into(),
            time_zone: chrono_tz::Europe::Amsterdam,
            default_language: Lang::Nl,
            delete_after_download: true,
            max_tries: 5,
        }
    }

    fn package(language: Language) -> Box<PackageRow> {
        let at: DateTime<Utc> = "2026-04-03T10:00:00Z".parse().unwrap();
        Box::new(PackageRow {
            id: 1,
            case: "AVG-2026-0007".parse().unwrap(),
            language,
            file: "p.sealed".into(),
            wrapped_key: Some(vec![1]),
            sha256: String::new(),
            size: 0,
            records: 0,
            manifest: serde_json::json!({}),
            state: PackageState::Offered,
            expires_at: Some(at),
            code_attempts: 0,
            downloaded_at: Some(at),
            deleted: None,
            made_at: at,
        })
    }

    async fn text(page: Page) -> String {
        let body = page.render(&settings()).into_body();
        let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn the_form_shows_the_expiry_on_the_organisations_clock_in_the_cases_language() {
        // 10:00 UTC is 12:00 in Amsterdam on 3 April (summer time).
        let nl = text(Page::Link(Link::Open(package(Language::Nl)), None)).await;
        assert!(nl.contains("<html lang=\"nl\">"));
        assert!(nl.contains("vrijdag 3 april 2026 om 12:00"), "{nl}");
        assert!(nl.contains("<button type=\"submit\">Downloaden</button>"));
        let en = text(Page::Link(Link::Open(package(Language::En)), None)).await;
        assert!(en.contains("<html lang=\"en\">"));
        assert!(en.contains("Friday 3 April 2026 at 12:00"), "{en}");
        assert!(en.contains("<label for=\"code\">Download code</label>"));
        // German and French cases get the organisation's default, as the letters do.
        let de = text(Page::Link(Link::Open(package(Language::De)), None)).await;
        assert!(de.contains("<html lang=\"nl\">"));
    }

    #[tokio::test]
    async fn a_wrong_code_says_how_many_tries_are_left() {
        let page = Page::Link(
            Link::Open(package(Language::En)),
            Some(Notice::WrongCode(1)),
        );
        assert_eq!(page.status(), StatusCode::FORBIDDEN);
        let en = text(page).await;
        assert!(en.contains("You have 1 more try;"), "{en}");
        assert!(en.contains("aria-invalid=\"true\""));
        let nl = text(Page::Link(
            Link::Open(package(Language::Nl)),
            Some(Notice::WrongCode(3)),
        ))
        .await;
        assert!(nl.contains("U kunt het nog 3 keer proberen"), "{nl}");
    }

    #[tokio::test]
    async fn a_page_that_ends_a_link_says_what_to_do_with_the_reference() {
        for link in [
            Link::Spent(package(Language::Nl)),
            Link::Locked(package(Language::Nl)),
            Link::Expired(package(Language::Nl)),
            Link::Busy(package(Language::Nl)),
        ] {
            let page = text(Page::Link(link.clone(), None)).await;
            assert!(
                page.contains("<strong>AVG-2026-0007</strong>"),
                "{link:?}: {page}"
            );
            assert!(page.contains("Stichting Testscholen"), "{link:?}");
            assert!(!page.contains("<form"), "{link:?} offers no form");
        }
        let unknown = text(Page::Link(Link::Unknown, None)).await;
        assert!(unknown.contains("Deze link kennen wij niet"));
        assert!(unknown.contains("<section lang=\"en\">"));
        assert!(unknown.contains("reply to our e-mail with the link"));
    }
}
