//! Deterministic randomness and invented Dutch-looking names.
//!
//! The names are common Dutch first names and surnames combined at random;
//! every person in the demo school is fictitious. Addresses use the
//! reserved `example.org` and `example.net` domains (RFC 2606).

/// SplitMix64: tiny, fast and the same on every platform, so a seed gives
/// the same school everywhere (no dependency on `rand`'s algorithms).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`, varied by `stream` so that each table gets
    /// its own sequence and can be generated on its own.
    pub fn new(seed: u64, stream: u64) -> Rng {
        Rng(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// One element of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// First names.
pub const FIRST_NAMES: &[&str] = &[
    "Anouk", "Bram", "Daan", "Emma", "Fenna", "Gijs", "Hidde", "Isa", "Jesse", "Julia", "Lars",
    "Lieke", "Luuk", "Maud", "Milan", "Noor", "Olivier", "Pien", "Roos", "Sanne", "Sem", "Tess",
    "Thijs", "Vera", "Wout", "Yara", "Zoe", "Bas", "Femke", "Joris", "Lotte", "Ruben", "Sara",
    "Stijn", "Tim", "Floor", "Niek", "Evi", "Jens", "Mila",
];

/// Which of [`FIRST_NAMES`] are girls' names, so a letter can say "my
/// daughter"; the others are boys' names but for [`UNISEX_NAMES`]. A list
/// of its own: the seeded picks from [`FIRST_NAMES`] stay as they were.
pub const GIRLS_NAMES: &[&str] = &[
    "Anouk", "Emma", "Fenna", "Isa", "Julia", "Lieke", "Maud", "Noor", "Pien", "Roos", "Sanne",
    "Tess", "Vera", "Yara", "Zoe", "Femke", "Lotte", "Sara", "Floor", "Evi", "Mila",
];

/// Names of [`FIRST_NAMES`] given to girls and boys alike.
pub const UNISEX_NAMES: &[&str] = &["Jesse"];

/// Adult first names, for guardians and staff.
pub const ADULT_NAMES: &[&str] = &[
    "Marieke", "Joost", "Annemiek", "Erik", "Karin", "Maarten", "Ingrid", "Pieter", "Saskia",
    "Wouter", "Esther", "Hans", "Mirjam", "Rob", "Petra", "Sander", "Linda", "Frank", "Ilse",
    "Jeroen",
];

/// Infixes (tussenvoegsels), most often none.
pub const INFIXES: &[&str] = &["", "", "", "", "de", "van", "van der", "van den", "ten"];

/// Surnames.
pub const LAST_NAMES: &[&str] = &[
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "Brouwer",
    "Dijkstra",
    "Vries",
    "Berg",
    "Jong",
    "Wal",
    "Kok",
    "Jansen",
    "Vermeulen",
    "Hoekstra",
    "Koster",
    "Prins",
    "Huisman",
    "Veenstra",
    "Kuipers",
    "Post",
    "Schouten",
    "Hoogland",
    "Verbeek",
    "Dijkhuizen",
    "Wijnands",
    "Terpstra",
    "Zwart",
    "Timmer",
    "Kramer",
];

/// Streets for invented addresses.
pub const STREETS: &[&str] = &[
    "Lindelaan",
    "Kerkstraat",
    "Molenweg",
    "Schoolstraat",
    "Dorpsstraat",
    "Beukenlaan",
    "Havenkade",
    "Stationsweg",
    "Julianastraat",
    "Weidepad",
];

/// Towns for invented addresses.
pub const TOWNS: &[&str] = &["Voorbeeldstad", "Oefendorp", "Proefwijk", "Testerveen"];

/// `first.infixlast` in lower case without spaces, for e-mail addresses.
pub fn mail_name(first: &str, infix: &str, last: &str) -> String {
    format!("{first}.{infix}{last}")
        .to_lowercase()
        .replace(' ', "")
}
