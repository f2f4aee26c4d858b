//! Comparing a name from a letter with a name on file.
//!
//! School systems and parents write the same Dutch name in different
//! ways: "Jan de Vries", "jan  De Vries", "Vries, Jan de" (surname first,
//! the tussenvoegsel after the given name, as many administrations sort).
//! These all compare equal. The tussenvoegsel itself is kept: "de Vries"
//! and "van de Vries" are different families, so dropping it would join
//! two people into one.

/// The name as lower-case words in reading order: a "Surname, Given
/// tussenvoegsel" form is turned round, dots and surrounding punctuation
/// are dropped, case and runs of white space do not count.
pub(crate) fn name_words(name: &str) -> Vec<String> {
    let reading = match name.split_once(',') {
        // "Vries, Jan de" → "Jan de Vries".
        Some((surname, given)) => format!("{} {}", given.trim(), surname.trim()),
        None => name.to_owned(),
    };
    reading
        .split_whitespace()
        .map(|word| {
            word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .replace('’', "'")
                .to_lowercase()
        })
        .filter(|word| !word.is_empty())
        .collect()
}

/// Whether two full names are the same name, written either way.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    let a = name_words(a);
    !a.is_empty() && a == name_words(b)
}

/// Whether `letter` is a single given name ("Lotte") that is the first
/// word of `on_file` ("Lotte Bakker"). Only used to tell apart persons that
/// are already known to belong to the requester (their children), never to
/// find a person among everyone on file: a first name alone is common.
pub(crate) fn same_first_name(letter: &str, on_file: &str) -> bool {
    let letter = name_words(letter);
    let on_file = name_words(on_file);
    letter.len() == 1 && on_file.len() > 1 && on_file.first() == letter.first()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_across_case_spacing_and_surname_first_forms() {
        let table: &[(&str, &str, bool)] = &[
            ("Jan de Vries", "jan  DE vries", true),
            ("Jan de Vries", "Vries, Jan de", true),
            ("Sanne van den Berg", "Berg, Sanne van den", true),
            ("Jan de Vries", "Jan van de Vries", false),
            ("Jan de Vries", "Jan Vries", false),
            ("Lotte Bakker.", "lotte bakker", true),
            ("Daan 't Hart", "Hart, Daan ’t", true),
            ("", "", false),
        ];
        for (a, b, same) in table {
            assert_eq!(same_name(a, b), *same, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn a_first_name_matches_only_the_first_word_of_a_full_name() {
        assert!(same_first_name("lotte", "Lotte Bakker"));
        assert!(same_first_name("Lotte", "Bakker, Lotte"));
        assert!(!same_first_name("Bakker", "Lotte Bakker"));
        assert!(!same_first_name("Lotte Bakker", "Lotte Bakker"));
        assert!(!same_first_name("Lotte", "Lotte"));
    }
}
