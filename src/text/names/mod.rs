//! Names are not evidence: countries, demonyms, capitals and other proper
//! names become role placeholders before n-grams are counted.
//!
//! A model trained on "Chinese ships sailed near the island" should label
//! the same sentence about Philippine ships the same way. So, for a word
//! written with a capital letter:
//! - a word of a country's name (`Ukraine`, `Lanka`), or a country code
//!   (`US`, `UAE`) → `<country>`;
//! - a demonym (`Chinese`, `Israelis`) → `<demonym>`;
//! - a capital (`Kyiv`, `Delhi`) → `<capital>`;
//! - any other word that is not a common lowercase word of English news
//!   (`Hezbollah`, `Netanyahu`, `Rafah`) → `<name>`.
//!
//! Common words come from `common_words.txt`: every word our corpus uses in
//! lowercase, so "Fighting" at the start of a sentence stays `fighting`
//! while "Kuleba" becomes `<name>`. Lowercase words are never mapped.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Placeholder of a country name word or code.
pub const COUNTRY: &str = "<country>";
/// Placeholder of a demonym.
pub const DEMONYM: &str = "<demonym>";
/// Placeholder of a capital city.
pub const CAPITAL: &str = "<capital>";
/// Placeholder of any other proper name.
pub const NAME: &str = "<name>";

const GAZETTEER: &str = include_str!("gazetteer.txt");
const COMMON_WORDS: &str = include_str!("common_words.txt");

/// Country codes written in capitals in news text.
const COUNTRY_CODES: [&str; 10] = [
    "US", "USA", "UK", "UAE", "DRC", "PRC", "ROK", "DPRK", "KSA", "RSA",
];

struct Lexicon {
    common: std::collections::HashSet<&'static str>,
    /// Lowercase normalised word → its placeholder.
    roles: HashMap<String, &'static str>,
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let common = COMMON_WORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let mut lexicon = Lexicon {
            common,
            roles: HashMap::new(),
        };
        let entries: Vec<Vec<&str>> = GAZETTEER
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| l.split('|').collect())
            .collect();
        // Capitals, then demonyms, then countries: a later role wins, so a
        // word that names a country ("Spain" in "Port of Spain", "Djibouti")
        // counts as the country.
        for (field, role) in [(2, CAPITAL), (1, DEMONYM), (0, COUNTRY)] {
            for entry in &entries {
                lexicon.add(entry.get(field).copied().unwrap_or(""), role);
            }
        }
        for code in COUNTRY_CODES {
            lexicon.roles.insert(code.to_ascii_lowercase(), COUNTRY);
        }
        lexicon
    })
}

impl Lexicon {
    /// Map each comma-separated name in `field` to `role`: a one-word name
    /// whole, a longer one by its uncommon capitalised words ("New Delhi"
    /// by "Delhi", "South Sudan" by "Sudan").
    fn add(&mut self, field: &str, role: &'static str) {
        for name in field.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let words: Vec<&str> = name.split(' ').collect();
            let uncommon = |w: &&str| !self.common.contains(w.to_lowercase().as_str());
            if words.len() > 1 && !words.iter().any(uncommon) {
                // "United States", "United Kingdom": by the last word,
                // which is then a name whenever it is capitalised.
                let last = words[words.len() - 1].to_lowercase();
                self.roles.insert(last, role);
                continue;
            }
            for word in &words {
                if !word.starts_with(|c: char| c.is_uppercase()) {
                    continue;
                }
                let lower = word.to_lowercase();
                let lower = lower.strip_suffix("'s").unwrap_or(&lower).to_string();
                if words.len() > 1 && self.common.contains(lower.as_str()) {
                    continue;
                }
                self.roles.insert(lower, role);
            }
        }
    }
}

/// The placeholder for a token whose raw form is `raw` and normalised
/// (lowercase) form is `word`, or `None` to keep the word.
pub fn placeholder(raw: &str, word: &str) -> Option<&'static str> {
    if !raw.starts_with(|c: char| c.is_uppercase()) || word.starts_with('<') {
        return None;
    }
    let lexicon = lexicon();
    if let Some(&role) = lexicon.roles.get(word) {
        // "US" is the country; "Us" at the start of a sentence is a word.
        if word != "us" || raw == "US" {
            return Some(role);
        }
    }
    if lexicon.common.contains(word) || !word.chars().any(char::is_alphabetic) {
        return None;
    }
    Some(NAME)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_demonyms_capitals_and_names() {
        assert_eq!(placeholder("Ukraine", "ukraine"), Some(COUNTRY));
        assert_eq!(placeholder("Chinese", "chinese"), Some(DEMONYM));
        assert_eq!(placeholder("Philippine", "philippine"), Some(DEMONYM));
        assert_eq!(placeholder("Kyiv", "kyiv"), Some(CAPITAL));
        assert_eq!(placeholder("Delhi", "delhi"), Some(CAPITAL));
        assert_eq!(placeholder("US", "us"), Some(COUNTRY));
        assert_eq!(placeholder("Us", "us"), None);
        assert_eq!(placeholder("Zzyzxbarov", "zzyzxbarov"), Some(NAME));
        // Lowercase words and common words are kept.
        assert_eq!(placeholder("ukraine", "ukraine"), None);
        assert_eq!(placeholder("The", "the"), None);
        assert_eq!(placeholder("Fighting", "fighting"), None);
        assert_eq!(placeholder("1,200", "<num>"), None);
    }

    #[test]
    fn every_un_member_state_has_a_country_word() {
        let countries = GAZETTEER
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        assert!(countries >= 195, "{countries} lines");
        for line in GAZETTEER.lines().filter(|l| !l.starts_with('#')) {
            let Some(country) = line.split('|').next().map(str::trim) else {
                continue;
            };
            if country.is_empty() {
                continue;
            }
            let mapped = country
                .split(' ')
                .any(|w| lexicon().roles.get(&w.to_lowercase()) == Some(&COUNTRY));
            assert!(mapped, "{country} has no word mapped to <country>");
        }
    }
}
