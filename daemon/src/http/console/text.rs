//! Every text of the console in Dutch and English, one line per text with
//! both languages side by side, so that a page can never have a string in
//! one language only and a translator sees each text with its twin. Texts
//! with a value in them are put together in the handlers; what the library
//! says (a refusal's reason) is shown as the library words it.

use crate::lang::Lang;

macro_rules! texts {
    ($($key:ident: $nl:expr, $en:expr;)*) => {
        /// The console's texts in one language.
        pub(crate) struct Text {
            $(pub $key: &'static str,)*
        }
        /// Dutch.
        pub(crate) static NL: Text = Text { $($key: $nl,)* };
        /// English.
        pub(crate) static EN: Text = Text { $($key: $en,)* };
    };
}

/// The texts of `lang`.
pub(crate) fn text(lang: Lang) -> &'static Text {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

texts! {
    // The frame.
    console: "Privacyconsole", "Privacy console";
    skip: "Naar de inhoud", "Skip to content";
    sign_out: "Afmelden", "Sign out";
    nav_label: "Hoofdmenu", "Main menu";
    nav_inbox: "Zaken", "Cases";
    nav_triage: "Te beoordelen", "Triage";
    nav_glance: "Overzicht", "At a glance";
    nav_restrictions: "Beperkingen", "Restrictions";
    nav_audit: "Auditlog", "Audit log";
    nav_users: "Accounts", "Accounts";
    back_to_inbox: "Terug naar de zaken", "Back to the cases";
    failed_title: "Er ging iets mis", "Something went wrong";
    failed: "De server kon dit niet afmaken; er is niets veranderd. Het serverlog zegt waarom.", "The server could not finish this; nothing was changed. The server's log says why.";
    forbidden_title: "Niet toegestaan", "Not allowed";
    forbidden_role: "Uw rol mag meekijken maar niet handelen: een functionaris of beheerder kan dit doen.", "Your role may look but not act: an officer or an admin can do this.";
    cross_site: "Dit formulier kwam van een andere website en is geweigerd. Gebruik de console zelf.", "This form came from another website and was refused. Use the console itself.";
    not_found: "Niet gevonden", "Not found";
    no_such_case: "Deze zaak bestaat niet.", "There is no such case.";
    no_such_page: "Deze pagina bestaat niet. Kies een pagina in het menu hierboven.", "There is no such page. Choose a page in the menu above.";
    // Sign-in.
    sign_in: "Aanmelden", "Sign in";
    username: "Gebruikersnaam", "User name";
    password: "Wachtwoord", "Password";
    totp: "Code uit de authenticator-app", "Code from the authenticator app";
    totp_hint: "Alleen als uw account een tweede factor heeft.", "Only if your account has a second factor.";
    login_failed: "Naam of wachtwoord klopt niet.", "Name or password is wrong.";
    login_totp: "Vul ook de code uit uw authenticator-app in.", "Also enter the code from your authenticator app.";
    login_locked: "Te veel mislukte pogingen: het account is even geblokkeerd. Probeer het later opnieuw.", "Too many failed attempts: the account is locked for a while. Try again later.";
    login_too_many: "Te veel pogingen vanaf dit adres. Wacht een minuut.", "Too many attempts from this address. Wait a minute.";
    // The inbox.
    count_open: "open", "open";
    count_due_week: "deze week af", "due this week";
    count_overdue: "te laat", "overdue";
    count_triage: "te beoordelen", "in triage";
    filter_type: "Soort verzoek", "Type of request";
    filter_state: "Stand", "State";
    filter_school: "School", "School";
    search_reference: "Zoek op kenmerk", "Search by reference";
    filter: "Toon", "Show";
    all: "Alle", "All";
    all_open: "Alle open", "All open";
    no_cases: "Geen zaken die hierbij passen.", "No cases match.";
    cases_caption: "Zaken, de eerste termijn bovenaan", "Cases, the nearest due date first";
    reference: "Kenmerk", "Reference";
    subject: "Onderwerp", "Subject";
    kind: "Soort", "Type";
    school: "School", "School";
    state: "Stand", "State";
    due: "Uiterlijk", "Due";
    days_left: "Dagen over", "Days left";
    // The case page.
    from: "van", "from";
    received: "ontvangen", "received";
    messages: "De e-mail en de draad", "The e-mail and its thread";
    classification: "Classificatie", "Classification";
    confidence: "zekerheid", "confidence";
    overridden_by: "Aangepast door", "Changed by";
    triage_reason: "Waarom te beoordelen", "Why in triage";
    evidence: "Waarop dit berust", "Evidence";
    about: "Over", "About";
    group: "Groep of klas", "Group or class";
    reclassify: "Classificatie aanpassen", "Change the classification";
    reclassify_hint: "Kies een of meer soorten; het eerste aangevinkte telt als hoofdsoort. Alleen 'geen verzoek' zet de brief bij te beoordelen.", "Choose one or more types; the first ticked counts as the main one. 'No request' alone sends the letter to triage.";
    reclassify_submit: "Classificatie opslaan", "Save the classification";
    name_a_type: "Kies ten minste één soort verzoek.", "Choose at least one type of request.";
    none_yet: "Nog niets.", "Nothing yet.";
    deadline: "Termijn", "Deadline";
    extensions: "Verlengingen", "Extensions";
    extend: "Termijn verlengen", "Extend the deadline";
    extend_by: "Verlengen met", "Extend by";
    extend_by_hint: "Typ het aantal weken met een w erachter (4w is vier weken extra), of onder de AVG-maand 2m (twee maanden extra).", "Type the number of weeks followed by w (4w is four more weeks), or under the GDPR month 2m (two more months).";
    reason: "Reden", "Reason";
    extend_reason_hint: "De verzoeker krijgt deze reden met de nieuwe datum (art. 12 lid 3).", "The requester is sent this reason with the new date (art. 12(3)).";
    extend_submit: "Verlengen en de verzoeker berichten", "Extend and notify the requester";
    identity: "Identiteit", "Identity";
    persons_found: "Gevonden personen", "Persons found";
    name: "Naam", "Name";
    person_kind: "Wie", "Who";
    born: "Geboren", "Born";
    chosen: "gekozen", "chosen";
    choose_person: "Over wie gaat het verzoek?", "Whom is the request about?";
    choose_submit: "Deze persoon kiezen", "Choose this person";
    choose_a_person: "Kies een persoon.", "Choose a person.";
    send_code: "Code sturen", "Send a code";
    send_code_to: "Naar het adres in de administratie", "To the address on file";
    send_code_submit: "Code sturen", "Send the code";
    in_person: "Persoonlijk gezien", "Seen in person";
    document_seen: "Getoond document", "Document shown";
    doc_passport: "paspoort", "passport";
    doc_id_card: "identiteitskaart", "identity card";
    doc_driving_licence: "rijbewijs", "driving licence";
    doc_residence_permit: "verblijfsdocument", "residence permit";
    doc_none: "geen (bekend bij de school)", "none (known to the school)";
    seen_by: "Gezien door", "Seen by";
    note: "Notitie", "Note";
    note_hint: "Geen documentnummer of BSN: die worden geweigerd.", "No document number or BSN: those are refused.";
    in_person_submit: "Vastleggen", "Record";
    plan: "Plan per systeem", "Plan per system";
    fingerprint: "Vingerafdruk", "Fingerprint";
    made: "gemaakt", "made";
    execution: "uitvoering", "execution";
    records: "rijen", "records";
    record: "rij", "record";
    kept: "Bewaard", "Kept";
    until: "tot", "until";
    withheld: "Niet in het pakket (art. 15 lid 4)", "Withheld from the package (art. 15(4))";
    special_category: "Bijzondere gegevens (zorg, gezondheid): vraagt een code of persoonlijke controle.", "Special-category data (care, health): needs a code or an in-person check.";
    task: "Taak", "Task";
    untouched: "Niet geraakt", "Untouched";
    approve: "Goedkeuren", "Approve";
    approve_hint: "Vink acties aan, of niets voor alle acties die op u wachten.", "Tick actions, or none for every action waiting for you.";
    approve_submit: "Goedkeuren", "Approve";
    reject: "Afwijzen", "Reject";
    action: "Actie", "Action";
    reject_hint: "De verzoeker leest deze reden in de brief.", "The requester reads this reason in the letter.";
    reject_submit: "Afwijzen", "Reject";
    no_plan: "Nog geen plan: het wordt gemaakt zodra de identiteit vaststaat.", "No plan yet: it is made once identity is verified.";
    tasks: "Taken", "Tasks";
    no_tasks: "Geen taken.", "No tasks.";
    letter: "Brief", "Letter";
    sent: "verstuurd", "sent";
    edit_letter: "Brief bewerken", "Edit the letter";
    letter_body: "Tekst", "Text";
    letter_hint: "Laat [[download-link]] staan waar de downloadlink komt.", "Keep [[download-link]] where the download link goes.";
    save_letter: "Brief opslaan", "Save the letter";
    send_letter: "Brief versturen", "Send the letter";
    no_letter: "Nog geen brief: die wordt opgesteld als de acties zijn uitgevoerd.", "No letter yet: it is drafted once the actions are carried out.";
    outbox: "Verstuurde e-mail", "Mail sent";
    mail_kind: "Soort", "Kind";
    when: "Wanneer", "When";
    recipients: "Ontvangers geïnformeerd (art. 19)", "Recipients told (art. 19)";
    no_recipients: "Geen ontvangers.", "No recipients.";
    recipient: "Ontvanger", "Recipient";
    channel: "Hoe", "How";
    timeline: "Tijdlijn", "Timeline";
    who: "Wie", "Who";
    what: "Wat", "What";
    detail: "Details", "Detail";
    done_classified: "Classificatie opgeslagen.", "Classification saved.";
    done_approved: "Goedgekeurd.", "Approved.";
    done_rejected: "Afgewezen.", "Rejected.";
    done_extended: "Verlengd; de verzoeker krijgt bericht. Nieuwe termijn:", "Extended; the requester is notified. New due date:";
    done_letter: "Brief opgeslagen.", "Letter saved.";
    done_sent: "Brief verstuurd.", "Letter sent.";
    // Triage.
    triage_intro: "Brieven die dsrd niet begreep of die geen verzoek zijn. Maak er een zaak van, koppel ze aan een zaak, of sluit ze.", "Letters dsrd did not understand or that are no request. Make each a case, link it to a case, or close it.";
    triage_empty: "Niets te beoordelen.", "Nothing in triage.";
    make_case: "Zaak maken van soort", "Make it a case of type";
    make_case_submit: "Zaak maken", "Make a case";
    link_to: "Vervolg op zaak", "Follow-up of case";
    link_submit: "Koppelen", "Link";
    name_a_case: "Noem het kenmerk van de zaak, zoals AVG-2026-0001.", "Name the case's reference, like AVG-2026-0001.";
    close_hint: "Geen verzoek (een vraag, een nieuwsbrief):", "No request (a question, a newsletter):";
    close_submit: "Sluiten als geen verzoek", "Close as no request";
    done_linked: "Gekoppeld:", "Linked:";
    done_closed: "Gesloten als geen verzoek:", "Closed as no request:";
    // At a glance.
    weeks_ahead: "De komende weken", "The weeks ahead";
    overdue_now: "Te laat", "Overdue";
    week: "Week", "Week";
    nothing_due: "niets", "nothing";
    per_month: "Zaken per maand, per soort", "Cases per month, by type";
    on_time: "Op tijd beantwoord", "Answered on time";
    on_time_overall: "Over de hele periode", "Over the whole period";
    on_time_caption: "Per maand van ontvangst", "By month of receipt";
    month: "Maand", "Month";
    received_n: "Ontvangen", "Received";
    answered_n: "Beantwoord", "Answered";
    on_time_n: "Op tijd", "On time";
    share: "Aandeel", "Share";
    download_csv: "Cijfers als CSV", "Figures as CSV";
    // Restrictions and audit.
    restrictions_intro: "Beperkingen die nu gelden (art. 18). Opheffen wordt eerst aangekondigd met de reden; de betrokkene krijgt bericht.", "Restrictions in force (art. 18). A lift is announced first with its reason; the subject is told.";
    no_restrictions: "Geen beperkingen van kracht.", "No restrictions in force.";
    restrictions_caption: "Beperkingen van kracht", "Restrictions in force";
    system: "Systeem", "System";
    since: "Sinds", "Since";
    lift: "Opheffen", "Lift";
    lift_on: "Opheffing op", "Lift on";
    lift_reason: "Reden van opheffing", "Why it is lifted";
    lift_submit: "Opheffing aankondigen", "Announce the lift";
    done_lift: "Opheffing aangekondigd voor", "Lift announced for";
    chain_ok: "De keten van het auditlog klopt", "The audit log's chain verifies";
    chain_broken: "De keten van het auditlog is verbroken", "The audit log's chain is broken";
    audit_search: "Zoeken", "Search";
    search: "Zoek", "Search";
    audit_placeholder: "verlengd, AVG-2026-0001, officer:…", "extended, AVG-2026-0001, officer:…";
    as_recorded: "Zoals vastgelegd", "As recorded";
    audit_caption: "Nieuwste eerst", "Newest first";
    // Accounts.
    forbidden_admin: "Alleen een beheerder beheert accounts.", "Only an admin manages accounts.";
    users_caption: "Accounts van de console en de API", "Accounts of the console and the API";
    role: "Rol", "Role";
    second_factor: "Tweede factor", "Second factor";
    last_login: "Laatst aangemeld", "Last signed in";
    manage: "Beheer", "Manage";
    account_active: "actief", "active";
    account_locked: "tijdelijk geblokkeerd", "locked for a while";
    account_disabled: "uitgeschakeld", "disabled";
    disable: "Uitschakelen", "Disable";
    new_password: "Nieuw wachtwoord", "New password";
    set_password: "Wachtwoord instellen", "Set the password";
    add_user: "Account toevoegen", "Add an account";
    role_viewer: "meekijker (leest)", "viewer (reads)";
    role_officer: "functionaris (handelt)", "officer (acts)";
    role_admin: "beheerder (handelt en beheert accounts)", "admin (acts and manages accounts)";
    password_hint: "Ten minste 12 tekens. Een tweede factor stelt u in met dsrd users totp.", "At least 12 characters. A second factor is set up with dsrd users totp.";
    pick_role: "Kies een rol.", "Choose a role.";
    not_yourself: "U kunt uw eigen account niet uitschakelen.", "You cannot disable your own account.";
    done_account_added: "Account toegevoegd:", "Account added:";
    done_account_disabled: "Account uitgeschakeld:", "Account disabled:";
    done_password: "Wachtwoord ingesteld voor", "Password set for";
    audit_more: "Er zijn meer regels; verfijn de zoekopdracht.", "There are more entries; narrow the search.";
}
