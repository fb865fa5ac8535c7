//! Canonical actor names within one document.
//!
//! An article names an actor in full once ("Deputy Pentagon press secretary
//! Sabrina Singh", "the Indian Army", "Doctors Without Borders") and then
//! shortens it ("Singh", "the army", "the secretary"). The speaker finder
//! works one sentence at a time and gives the short form; this pass reads
//! the document in order and puts the full name in its place:
//!
//! - a surname becomes the most recent full name that ends in it
//!   ("Singh" → "Sabrina Singh");
//! - a bare title becomes the most recent person named with that title
//!   ("the secretary" → "Antony Blinken" after "Secretary of State Antony
//!   Blinken");
//! - a bare generic noun becomes the most recent organisation or source
//!   with that head ("the army" → "Indian Army", "the department" →
//!   "State Department", "the person" → "person familiar with the matter").
//!
//! Only earlier sentences (and the sentence itself) are read, so the name is
//! the one the reader has seen. Within a document the same actor then has
//! one name, so a summary by actor keeps two documents' different Singhs
//! apart and merges the same full name across documents.

use super::{
    in_list, is_capitalised, is_institution, is_name_word, is_role, lookup_verb_form, lower,
    strip_possessive, AUXILIARIES, BE_FORMS, DETERMINERS, FUNCTION_WORDS, INSTITUTION_HEADS,
    POSTMODIFIERS,
};

/// Capitalised linking words inside an organisation's name ("Doctors
/// Without Borders", "Physicians For Peace").
pub(super) static NAME_CONNECTORS: &str = "without for of against on in and";

/// Lowercase words that may join the capitalised parts of an organisation's
/// name ("Ministry of Defence", "Council on Foreign Relations").
static INNER_CONNECTORS: &str = "of for on";

/// One word of a sentence, with whether a comma, quote or other break
/// follows it (a name never runs across one).
struct Word<'a> {
    text: &'a str,
    break_after: bool,
}

/// The words of `sentence`, stripped of surrounding punctuation.
fn words(sentence: &str) -> Vec<Word<'_>> {
    let mut out: Vec<Word> = Vec::new();
    for raw in sentence.split_whitespace() {
        let start = raw.trim_start_matches(|c: char| !c.is_alphanumeric());
        if start.len() != raw.len() {
            if let Some(prev) = out.last_mut() {
                prev.break_after = true;
            }
        }
        // An initial ("Q.") keeps its dot and does not end the name.
        let initial = start.len() == 2 && start.ends_with('.');
        let text = if initial {
            start
        } else {
            start.trim_end_matches(|c: char| !c.is_alphanumeric())
        };
        if text.is_empty() {
            if let Some(prev) = out.last_mut() {
                prev.break_after = true;
            }
            continue;
        }
        out.push(Word {
            text,
            break_after: text.len() != start.len(),
        });
    }
    out
}

/// A speech verb or auxiliary: never the first word of a name.
fn is_verb(w: &str) -> bool {
    in_list(AUXILIARIES, w) || in_list(BE_FORMS, w) || lookup_verb_form(w).is_some()
}

/// A person's name word, allowing a possessive on the last one ("Blinken's").
fn is_person_word(w: &str) -> bool {
    is_name_word(w) && !in_list(DETERMINERS, w)
}

/// The names a document has mentioned so far, most recent last.
#[derive(Debug, Default)]
struct Mentions {
    /// Full personal names of two words or more ("Sabrina Singh").
    people: Vec<String>,
    /// A title and the person it was written before ("secretary", "Antony Blinken").
    titles: Vec<(String, String)>,
    /// Organisations and sources ("Indian Army", "person familiar with the matter").
    groups: Vec<String>,
}

impl Mentions {
    /// Records the people and organisations `sentence` names.
    fn read(&mut self, sentence: &str) {
        let ws = words(sentence);
        let mut i = 0;
        while i < ws.len() {
            let end = capitalised_run_end(&ws, i);
            if end == i {
                i += 1;
                continue;
            }
            // "Said Dopurt said …", "Will Bu …": a sentence's first word is
            // capitalised whatever it is, so a verb there starts no name.
            let start = if i == 0 && end > 1 && is_verb(ws[0].text) {
                1
            } else {
                i
            };
            self.read_run(&ws, start, end);
            i = end;
        }
    }

    /// Words `start..end` are a run of capitalised words (with inner connectors).
    fn read_run(&mut self, ws: &[Word], start: usize, end: usize) {
        let mut first = start;
        while first < end && (in_list(FUNCTION_WORDS, ws[first].text) || is_role(ws[first].text)) {
            first += 1;
        }
        let run: Vec<&str> = ws[first..end].iter().map(|w| w.text).collect();
        if run.is_empty() {
            return;
        }
        // "Doctors Without Borders": a capitalised connector makes it one name.
        if run[1..]
            .iter()
            .any(|w| is_capitalised(w) && in_list(NAME_CONNECTORS, w))
        {
            self.push_group(&run);
            return;
        }
        // The person's name is the run of name words at the end.
        let names = run
            .iter()
            .enumerate()
            .rev()
            .take_while(|(k, w)| {
                let w = if *k + 1 == run.len() {
                    strip_possessive(w)
                } else {
                    w
                };
                is_person_word(w) && !in_list(INNER_CONNECTORS, w)
            })
            .count();
        if names < 2 {
            // "Indian Army", "Ministry of Defence", "State Department".
            if run.len() >= 2
                && run
                    .iter()
                    .any(|w| in_list(INSTITUTION_HEADS, strip_possessive(w)))
            {
                self.push_group(&run);
            }
            return;
        }
        let name_start = first + run.len() - names;
        let mut name: Vec<&str> = ws[name_start..end].iter().map(|w| w.text).collect();
        if let Some(l) = name.last_mut() {
            *l = strip_possessive(l);
        }
        let name = name.join(" ");
        // Titles written before the name, capitalised or not ("deputy
        // Pentagon press secretary Sabrina Singh").
        let mut k = name_start;
        while k > 0 && !ws[k - 1].break_after {
            let w = ws[k - 1].text;
            if is_role(w) {
                self.titles.push((lower(w).into_owned(), name.clone()));
            } else if !is_capitalised(w) && !in_list(INNER_CONNECTORS, w) {
                break;
            }
            k -= 1;
        }
        self.people.push(name);
    }

    fn push_group(&mut self, run: &[&str]) {
        let mut name = run.join(" ");
        if let Some(last) = run.last() {
            name.truncate(name.len() - last.len());
            name.push_str(strip_possessive(last));
        }
        self.groups.push(name);
    }

    /// The canonical name of `actor`, as found by the speaker finder.
    fn canonical(&self, actor: &str) -> Option<String> {
        if actor.contains(' ') {
            return None;
        }
        if is_capitalised(actor) {
            let last_word = format!(" {actor}");
            let named = |names: &[String]| {
                names
                    .iter()
                    .rev()
                    .find(|n| n.ends_with(&last_word))
                    .cloned()
            };
            if is_institution(actor) {
                return named(&self.groups);
            }
            return named(&self.people).or_else(|| named(&self.groups));
        }
        let titled = self
            .titles
            .iter()
            .rev()
            .find(|(title, _)| title == actor)
            .map(|(_, name)| name.clone());
        titled.or_else(|| {
            self.groups
                .iter()
                .rev()
                .find(|g| head_of(g) == actor)
                .cloned()
        })
    }
}

/// Where the run of capitalised words starting at `start` ends (exclusive);
/// `start` itself if the word there is not capitalised.
fn capitalised_run_end(ws: &[Word], start: usize) -> usize {
    let mut end = start;
    while end < ws.len() && is_capitalised(ws[end].text) {
        end += 1;
        if ws[end - 1].break_after {
            return end;
        }
        // "Ministry of Defence": a lowercase connector between capitals.
        if end + 1 < ws.len()
            && in_list(INNER_CONNECTORS, ws[end].text)
            && !ws[end].break_after
            && is_capitalised(ws[end + 1].text)
        {
            end += 1;
        }
    }
    end
}

/// The head noun of a group's name, lowercased: the last word before any
/// post-modifier ("person familiar with the matter" → "person").
fn head_of(name: &str) -> String {
    let words: Vec<&str> = name.split(' ').collect();
    let before = words
        .iter()
        .position(|w| in_list(POSTMODIFIERS, w))
        .unwrap_or(words.len());
    let head = words[..before.max(1)].last().copied().unwrap_or("");
    lower(strip_possessive(head)).into_owned()
}

/// Replaces every actor with its canonical name in the document.
/// `sentences` are the document's sentences in order, each with its actor.
pub(super) fn canonicalize(sentences: &mut [super::DocumentSentence]) {
    let Some(last) = sentences.iter().rposition(|s| s.actor.is_some()) else {
        return;
    };
    let mut mentions = Mentions::default();
    for s in &mut sentences[..=last] {
        mentions.read(s.text);
        let Some(actor) = s.actor.as_mut() else {
            continue;
        };
        if let Some(name) = mentions.canonical(actor) {
            *actor = name;
        }
        if !is_capitalised(actor) || actor.contains(' ') {
            mentions.groups.push(actor.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(doc: &[(&str, Option<&str>)]) -> Vec<Option<String>> {
        let mut actors: Vec<Option<String>> =
            doc.iter().map(|(_, a)| a.map(String::from)).collect();
        let mut sentences: Vec<super::super::DocumentSentence> = doc
            .iter()
            .zip(actors.iter_mut())
            .map(|((text, _), actor)| super::super::DocumentSentence {
                text,
                actor,
                attributable: true,
            })
            .collect();
        canonicalize(&mut sentences);
        actors
    }

    #[test]
    fn a_surname_takes_the_full_name_of_its_first_mention() {
        let got = resolve(&[
            (
                "Deputy Pentagon press secretary Sabrina Singh said it was early.",
                Some("Singh"),
            ),
            ("Singh added that talks went on.", Some("Singh")),
            (
                "Officials in Washington say they are calm.",
                Some("officials in Washington"),
            ),
        ]);
        assert_eq!(got[0].as_deref(), Some("Sabrina Singh"));
        assert_eq!(got[1].as_deref(), Some("Sabrina Singh"));
        assert_eq!(got[2].as_deref(), Some("officials in Washington"));
    }

    #[test]
    fn a_surname_with_no_full_name_stays() {
        let got = resolve(&[("Singh said it was early.", Some("Singh"))]);
        assert_eq!(got[0].as_deref(), Some("Singh"));
    }

    #[test]
    fn a_bare_noun_or_title_takes_the_named_group_or_person() {
        let got = resolve(&[
            (
                "US Secretary of State Antony Blinken met Yoav Gallant's team.",
                None,
            ),
            (
                "The Indian Army said two soldiers were hurt.",
                Some("Indian Army"),
            ),
            ("A State Department account did not mention it.", None),
            ("The army added that the clash was brief.", Some("army")),
            (
                "The department said the talks were useful.",
                Some("department"),
            ),
            (
                "The secretary underscored the need for calm.",
                Some("secretary"),
            ),
            ("Gallant's office said nothing.", Some("Gallant")),
        ]);
        let want = [
            None,
            Some("Indian Army"),
            None,
            Some("Indian Army"),
            Some("State Department"),
            Some("Antony Blinken"),
            Some("Yoav Gallant"),
        ];
        assert_eq!(got.iter().map(|a| a.as_deref()).collect::<Vec<_>>(), want);
    }

    #[test]
    fn an_organisation_name_is_not_cut() {
        let mut m = Mentions::default();
        m.read("Doctors Without Borders said its hospital was full.");
        m.read("The Ministry of Defence said so.");
        assert_eq!(m.groups, ["Doctors Without Borders", "Ministry of Defence"]);
        assert!(m.people.is_empty());
    }

    #[test]
    fn a_verb_opening_the_sentence_is_not_a_first_name() {
        let mut m = Mentions::default();
        m.read("Said Rahimi said the talks had failed.");
        m.read("Will Okafor attend?");
        assert!(m.people.is_empty(), "{:?}", m.people);
        m.read("Hadi Rahimi said so.");
        assert_eq!(m.people, ["Hadi Rahimi"]);
    }

    #[test]
    fn a_generic_source_is_its_own_antecedent() {
        let got = resolve(&[
            (
                "He said so, according to a person familiar with the matter.",
                Some("person familiar with the matter"),
            ),
            ("The person said the call was planned.", Some("person")),
            ("The army said nothing.", Some("army")),
        ]);
        assert_eq!(got[1].as_deref(), Some("person familiar with the matter"));
        assert_eq!(got[2].as_deref(), Some("army"));
    }
}
