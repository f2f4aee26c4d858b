//! Throughput of the request classifier (target: at least 5,000 e-mails a
//! second on one core for a median-size letter).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dsrd::classify::{classify, extract, Language, Rules};

/// A median-size letter (about 1,700 characters, as in the corpus), written
/// for this bench: a parent's access request with a portability paragraph.
const LETTER: &str = "Geachte heer, mevrouw,

Hierbij verzoek ik u om inzage in de persoonsgegevens van mijn zoon Daan de Vries
(groep 6, OBS De Regenboog) overeenkomstig artikel 15 AVG. Graag ontvang ik een
kopie van alle gegevens die de school over hem verwerkt, inclusief het
leerlingdossier, de toetsresultaten in het leerlingvolgsysteem, de notities van
oudergesprekken en eventuele meldingen in het zorgdossier.

Daarnaast wil ik graag weten:
1. voor welke doeleinden de gegevens worden verwerkt;
2. aan welke ontvangers de gegevens zijn verstrekt, zoals uitgevers van digitaal
   lesmateriaal en de schoolfotograaf;
3. hoe lang de gegevens worden bewaard;
4. waar de gegevens vandaan komen als ze niet door ons zijn verstrekt.

Wilt u de gegevens die ik zelf heb verstrekt ook in een gestructureerd, gangbaar
en machineleesbaar formaat aanleveren, zodat wij ze aan de nieuwe school kunnen
doorgeven?

Volgens artikel 12, lid 3, AVG moet u binnen een maand reageren. Ik kan mij
legitimeren op school als dat nodig is.

Naam: Sanne de Vries
Geboortedatum: 12-03-1984
Adres: Lindelaan 14, 3581 AB Utrecht
E-mail: sanne.devries@example.org
Leerlingnummer: 104233

Met vriendelijke groet,

Sanne de Vries
";

fn bench_classify(c: &mut Criterion) {
    let rules = Rules::embedded();
    let mut group = c.benchmark_group("classify");
    group.throughput(Throughput::Elements(1));
    group.bench_function("median_letter", |b| {
        b.iter(|| {
            classify(
                std::hint::black_box("Inzageverzoek"),
                std::hint::black_box(LETTER),
                &rules,
            )
        })
    });
    group.bench_function("extract_median_letter", |b| {
        b.iter(|| {
            extract(
                std::hint::black_box("Inzageverzoek"),
                std::hint::black_box(LETTER),
                Language::Nl,
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench_classify);
criterion_main!(benches);
