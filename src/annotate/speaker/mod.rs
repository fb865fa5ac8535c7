//! Rule-based attribution of reported speech: who is speaking in a sentence.
//!
//! News copy frames quotes and paraphrase with a small set of patterns:
//! "X said (that) …", "…, X said.", "“…,” said X", "X told Y …",
//! "X “emphasized …”", "…, warning …" and "according to X".
//! [`SpeakerFinder`] recognises them on a light tokenization of one sentence:
//!
//! 1. **Tokens.** Words, punctuation, and each quoted passage collapsed into a
//!    single token: a speech verb or a name *inside* a quote is what was said,
//!    not who said it. A closing mark with no opener means the sentence began
//!    inside a quote that the splitter cut, so everything before it is quoted;
//!    an opener that never closes quotes the rest.
//! 2. **Candidates.** Every speech verb outside quotes proposes a subject: the
//!    noun phrase before it (after skipping auxiliaries, adverbs, time phrases
//!    and appositives such as ", chairman of …,"), the noun phrase after an
//!    inverted verb (", said a person familiar with the matter"), or for a
//!    participle (", warning …") the subject of the clause it hangs on.
//!    Negated ("did not say") and passive ("was accused") verbs propose none.
//! 3. **Choice.** A verb that frames a direct quote wins; then a trailing
//!    attribution (", the person said."), because it frames everything before
//!    it; then the first verb. "According to X" counts only when no verb
//!    names a speaker: in "“…,” Netanyahu told Blinken, according to
//!    insiders" the speaker is Netanyahu and the insiders are the source.
//! 4. **Names.** People lose titles and roles and keep their surname, the last
//!    capitalised word ("Israeli Defense Minister Yoav Gallant" → "Gallant").
//!    Organisations, places and generic sources keep their words without a
//!    leading article ("the State Department" → "State Department", "a person
//!    familiar with the matter" → "person familiar with the matter").
//!    A possessed statement speaks for its owner ("Netanyahu's stance" →
//!    "Netanyahu"); "according to a statement from X" names X, unless X is
//!    only a pronoun ("his office"), which this module does not guess at: then
//!    the phrase itself is the source ("statement from his office").
//!    Typographic apostrophes become `'` so that names compare equal.
//! 5. **Pronouns.** "he"/"she" resolve to a person speaker earlier in the same
//!    sentence, else the person the sentence opens with, else the most recent
//!    person speaker of the article. "they" resolves to the most recent
//!    speaker of any kind, because news uses it for officials, organisations
//!    and unnamed sources ("…, the person said. …, they added."); "it" to the
//!    most recent speaker that is not a person.
//!
//! 6. **Document.** [`resolve_document`] then reads the whole article: a
//!    quote split over several sentences gets its speaker in each part
//!    (`quotes.rs`), and each actor takes its canonical name in the
//!    document, the full name at first mention ("Singh" → "Sabrina Singh",
//!    "the army" → "Indian Army"; `canonical.rs`).
//!
//! Headlines (no closing punctuation and either title case or a present-tense
//! verb: "Netanyahu says Iran will pay") and credit lines of embedded posts
//! ("— Name (@handle) date") have no speaker.

use crate::text::ascii::{alnum_len, any_ascii_word};
mod canonical;
mod quotes;

use std::borrow::Cow;

/// Longest noun phrase accepted as a speaker, in words. A longer stretch means
/// the backward scan ran through a clause boundary it could not see.
const MAX_PHRASE: usize = 10;

/// How many words of a quote are kept to spot a quote that opens with its own
/// speech verb (Gallant “emphasized the importance …”).
const QUOTE_LEAD: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Present,
    /// The -ing form: "…, warning Netanyahu's government".
    Participle,
}

/// Speech verbs: form, tense, and whether the form may come before its subject
/// ("“…,” said Blinken"). Verbs that take a person as object ("told",
/// "urged") are never inverted: in ", told reporters" the object follows.
const SPEECH_VERBS: &[(&str, Tense, bool)] = &[
    ("said", Tense::Past, true),
    ("told", Tense::Past, false),
    ("warned", Tense::Past, true),
    ("added", Tense::Past, true),
    ("stressed", Tense::Past, true),
    ("emphasized", Tense::Past, false),
    ("emphasised", Tense::Past, false),
    ("underscored", Tense::Past, false),
    ("urged", Tense::Past, false),
    ("insisted", Tense::Past, true),
    ("noted", Tense::Past, true),
    ("stated", Tense::Past, true),
    ("declared", Tense::Past, true),
    ("vowed", Tense::Past, false),
    ("threatened", Tense::Past, false),
    ("announced", Tense::Past, false),
    ("argued", Tense::Past, true),
    ("claimed", Tense::Past, false),
    ("accused", Tense::Past, false),
    ("pressed", Tense::Past, false),
    ("reiterated", Tense::Past, false),
    ("confirmed", Tense::Past, false),
    ("acknowledged", Tense::Past, false),
    ("posted", Tense::Past, false),
    ("wrote", Tense::Past, true),
    ("tweeted", Tense::Past, false),
    ("conveyed", Tense::Past, false),
    ("denied", Tense::Past, false),
    ("pledged", Tense::Past, false),
    ("promised", Tense::Past, false),
    ("cautioned", Tense::Past, false),
    ("asserted", Tense::Past, true),
    ("maintained", Tense::Past, false),
    ("replied", Tense::Past, true),
    ("explained", Tense::Past, true),
    ("responded", Tense::Past, false),
    ("admitted", Tense::Past, false),
    ("demanded", Tense::Past, false),
    ("called", Tense::Past, false),
    ("spoke", Tense::Past, false),
    ("made", Tense::Past, false),
    ("says", Tense::Present, true),
    ("say", Tense::Present, false),
    ("tells", Tense::Present, false),
    ("warns", Tense::Present, true),
    ("adds", Tense::Present, true),
    ("stresses", Tense::Present, false),
    ("insists", Tense::Present, true),
    ("notes", Tense::Present, true),
    ("writes", Tense::Present, true),
    ("claims", Tense::Present, false),
    ("argues", Tense::Present, true),
    ("denies", Tense::Present, false),
    ("urges", Tense::Present, false),
    ("calls", Tense::Present, false),
    ("saying", Tense::Participle, false),
    ("telling", Tense::Participle, false),
    ("warning", Tense::Participle, false),
    ("adding", Tense::Participle, false),
    ("stressing", Tense::Participle, false),
    ("emphasizing", Tense::Participle, false),
    ("emphasising", Tense::Participle, false),
    ("underscoring", Tense::Participle, false),
    ("urging", Tense::Participle, false),
    ("insisting", Tense::Participle, false),
    ("noting", Tense::Participle, false),
    ("stating", Tense::Participle, false),
    ("declaring", Tense::Participle, false),
    ("vowing", Tense::Participle, false),
    ("threatening", Tense::Participle, false),
    ("announcing", Tense::Participle, false),
    ("arguing", Tense::Participle, false),
    ("claiming", Tense::Participle, false),
    ("accusing", Tense::Participle, false),
    ("reiterating", Tense::Participle, false),
    ("confirming", Tense::Participle, false),
    ("acknowledging", Tense::Participle, false),
    ("denying", Tense::Participle, false),
    ("pledging", Tense::Participle, false),
    ("promising", Tense::Participle, false),
    ("cautioning", Tense::Participle, false),
    ("asserting", Tense::Participle, false),
    ("calling", Tense::Participle, false),
    ("making", Tense::Participle, false),
];

/// Auxiliaries and modals that may stand between a subject and its verb.
static AUXILIARIES: &str =
    "has have had having will would did does do is are was were been be being could can may \
    might must should shall";

/// Forms of "be" that make a past participle passive ("was accused").
static BE_FORMS: &str = "is are was were been be being";

static NEGATORS: &str = "not never";

/// Adverbs that do not end in "-ly" but sit between subject and verb.
static ADVERBS: &str =
    "also again later then previously earlier further once still already too now soon just \
    even however instead meanwhile first";

/// Words that make up time phrases ("on Tuesday", "last week", "earlier this month").
static TIME_WORDS: &str =
    "monday tuesday wednesday thursday friday saturday sunday january february march april \
    june july august september october november december jan. feb. aug. sept. sep. oct. nov. \
    dec. today yesterday tonight tomorrow morning afternoon evening night week weekend month \
    year earlier later";

/// Words that open a time phrase when a time word follows them.
static TIME_LEADS: &str = "on last this early late next earlier later";

/// Words a subject phrase never reaches back across.
static PHRASE_STOPS: &str =
    "that which who whom whose what how why when while whilst as after before because since \
    if though although where until unless whether but or nor so than to by then also";

/// Words that end a phrase following an inverted verb ("said X on Tuesday").
static FORWARD_STOPS: &str =
    "in on during at after before when while who which that as because since according and \
    but told via amid following though although";

/// Words stripped from the front of a speaker phrase.
static DETERMINERS: &str =
    "the a an another this that these those some several many most both all one two three \
    four five no each every any";

/// Conjunctions and sentence adverbs that may open a clause before its subject.
static CLAUSE_OPENERS: &str =
    "and but or so yet however meanwhile still then now also instead later earlier thus \
    indeed separately";

/// Words that open a subordinate or adverbial clause: such a clause does not
/// hold the subject a trailing participle refers to.
static SUBORDINATORS: &str =
    "while whilst although though as after before when if because since unlike despite during \
    with without for in on at over under from by amid following to of until once where \
    whereas given like judging turning";

/// Prepositions and adjectives that start a post-modifier: the head of
/// "officials in Washington" is "officials", of "a person familiar with the
/// matter" is "person".
static POSTMODIFIERS: &str =
    "of in for with from at on familiar close based near to inside within across against over \
    about between among under by";

/// Nouns whose possessor is the speaker: "Netanyahu's stance … emphasizing".
static OWNED: &str =
    "stance position remarks comments statement statements message words response reply \
    letter speech tweet post warning argument view views plea answer";

/// Documents that speak for whoever issued them: "a statement from X".
static DOCUMENTS: &str =
    "statement statements report readout post video message letter transcript summary tally \
    count announcement study survey estimate analysis filing account briefing interview memo";

/// Lowercase head nouns of generic sources ("a US official", "the person",
/// "Israel's military", "the report"). Singular forms; plurals are derived.
static AGENTS: &str =
    "official person people source insider diplomat aide adviser advisor analyst expert \
    leader leadership officer commander lawmaker legislator negotiator mediator witness \
    resident militant group government administration military army navy department ministry \
    office agency force council cabinet embassy authority police court committee media \
    newspaper outlet network broadcaster channel prosecutor delegation team side campaign \
    organization organisation movement party regime country nation ally member unit service \
    mission coalition alliance bloc union parliament senate congress palace presidency \
    statement report readout post video message letter transcript summary tally announcement \
    study survey estimate analysis account briefing data figures document spokespeople critic \
    observer activist protester supporter opponent voter scholar historian researcher doctor \
    medic paramedic rescuer journalist investigator family relative survivor commentator";

/// Titles and roles: never a person's name ("Defense Minister Yoav Gallant").
static ROLES: &str =
    "president prime minister secretary spokesman spokeswoman spokesperson envoy ambassador \
    chairman chairwoman chairperson chair chief director general gen lt lieutenant col \
    colonel maj major capt captain adm admiral commander sgt sergeant senator sen rep \
    representative congressman congresswoman governor gov mayor king queen prince princess \
    sheikh emir sultan crown leader head deputy vice foreign defense defence interior \
    finance security national adviser advisor press mr mrs ms dr prof professor lord sir \
    dame pope ayatollah supreme attorney justice judge speaker officer official chancellor \
    premier pm ceo founder counsel negotiator coordinator undersecretary assistant senior \
    top former acting interim aide diplomat lawmaker mp member correspondent editor reporter \
    commissioner secretary-general director-general president-elect";

/// Last words that make a capitalised phrase an institution, not a person
/// ("the White House", "the State Department", "the United Nations").
static INSTITUTION_HEADS: &str =
    "department ministry house office council commission committee court nations states press \
    times post news journal tribune guardian telegraph corps command authority authorities \
    union league bank fund organization organisation group party movement brigades chiefs \
    staff service services police guard guards navy army forces force military cabinet \
    government administration agency presidency palace radio tv television channel network \
    institute center centre foundation company inc corp ltd monitor state republic kingdom \
    emirates assembly parliament congress senate embassy mission bureau board alliance \
    coalition front brotherhood jihad association federation observatory unit university \
    daily herald gazette review media broadcasting corporation strip east west region";

/// Single proper names that are organisations, places or peoples, not persons.
static NON_PERSONS: &str =
    "hamas hezbollah hizbollah hizballah houthi houthis pentagon kremlin knesset fatah \
    taliban mossad reuters bloomberg axios politico haaretz ynet xinhua tass al-monitor \
    al-jazeera aljazeera unrwa unicef opec interpol washington tehran jerusalem moscow kyiv \
    kiev beijing cairo doha beirut damascus baghdad amman riyadh ankara london paris berlin \
    brussels tokyo seoul pyongyang taipei delhi islamabad kabul sanaa khartoum tripoli \
    ramallah geneva vienna rome madrid warsaw minsk ottawa canberra aviv caesarea israel \
    gaza lebanon iran iraq syria jordan egypt qatar saudi arabia yemen turkey türkiye russia \
    ukraine china taiwan japan korea india pakistan afghanistan france germany britain \
    america europe canada mexico brazil australia italy spain poland belarus armenia \
    azerbaijan sudan libya tunisia algeria morocco ethiopia somalia kenya nigeria venezuela \
    cuba colombia argentina indonesia philippines vietnam thailand myanmar bahrain oman \
    kuwait cyprus greece serbia kosovo hungary romania sweden finland norway denmark \
    netherlands belgium switzerland austria ireland chile peru bangladesh malaysia singapore \
    africa asia palestine israeli israelis american americans iranian iranians palestinian \
    palestinians lebanese egyptian egyptians qatari qataris saudis russian russians \
    ukrainian ukrainians chinese french british german germans turkish turks syrian syrians \
    iraqi iraqis jordanian european europeans western arab arabs emirati yemeni gazans";

/// Capitalised words that are never a name, whatever their position.
static FUNCTION_WORDS: &str =
    "the a an this that these those it its there here we i you such some many both all each \
    every no our my your his her their they he she what who which while when after before in \
    on at for with during despite unlike however but and yet so as if meanwhile still then \
    now also read subscribe click sign watch related share just breaking update much more \
    most other others one nobody everyone someone";

/// Words after a surname that are not part of it ("Charles Q. Brown Jr.").
static NAME_SUFFIXES: &str = "jr jr. sr sr. ii iii iv";

/// Abbreviations whose final dot belongs to the word (lowercase, no dot).
static ABBREVIATIONS: &str =
    "mr mrs ms dr prof gen lt col maj capt cmdr adm sgt gov sen rep rev st jr sr sec amb pres \
    hon jan feb aug sep sept oct nov dec no inc corp ltd co";

/// Finds who is speaking in each sentence of an article.
///
/// Holds the speakers seen so far, so that a later "he added" can be resolved.
/// Use one finder per article.
#[derive(Debug, Clone, Default)]
pub struct SpeakerFinder {
    /// Most recent speaker that is a named person: the antecedent of he/she.
    last_person: Option<String>,
    /// Most recent speaker of any kind: the antecedent of "they".
    last_speaker: Option<String>,
    /// Most recent speaker that is not a person: the antecedent of "it".
    last_other: Option<String>,
}

impl SpeakerFinder {
    pub fn new() -> Self {
        Self::default()
    }

    /// The speaker of `sentence`, if it reports speech ("X said", "X warned that …",
    /// "according to X", a quote attributed by a speech verb, "X told Y", "said X").
    /// Returns the canonical actor name. Call once per sentence, in article order:
    /// "he"/"she" resolve to the most recent person named as a speaker in this
    /// article, "they" to the most recent speaker of any kind, "it" to the most
    /// recent speaker that is not a person (None if there is none).
    pub fn next(&mut self, sentence: &str) -> Option<String> {
        self.next_gated(sentence, may_report_speech(sentence))
    }

    /// [`next`](Self::next) with the speech gate worked out by the caller:
    /// `may_report_speech` must be true whenever some word of the sentence
    /// (a run of letters, digits and apostrophes, lower-cased) is a speech
    /// verb form or "according", as [`may_report_speech`] tells for
    /// each word. False skips the analysis (it would find nothing).
    /// `Transformer::may_report_speech` gives it from the featurizer's
    /// pass over the sentence, which looks at every word anyway.
    pub fn next_gated(&mut self, sentence: &str, may_report_speech: bool) -> Option<String> {
        if !may_report_speech || is_credit_line(sentence) {
            return None;
        }
        let toks = tokenize(sentence);
        let candidates = find_candidates(&toks);
        let (speaker, tense) = match choose(&candidates) {
            Some(i) => (self.resolve(&toks, &candidates, i), candidates[i].tense),
            None => (according_to(&toks), Tense::Past),
        };
        let speaker = speaker?;
        if !ends_like_sentence(sentence) && (tense == Tense::Present || looks_like_title(&toks)) {
            return None;
        }
        self.remember(&speaker);
        Some(speaker.name)
    }

    /// The speaker named by candidate `chosen`, resolving a pronoun subject.
    fn resolve(&self, toks: &[Tok], candidates: &[Candidate], chosen: usize) -> Option<Speaker> {
        let this = &candidates[chosen];
        let pronoun = match &this.subject {
            Subject::Named(speaker) => return Some(speaker.clone()),
            Subject::Pronoun(p) => *p,
        };
        let fits = |s: &Speaker| match pronoun {
            Pronoun::Singular => s.person,
            Pronoun::Plural => true,
            Pronoun::Neuter => !s.person,
        };
        // An earlier attribution in the same sentence: "Blinken posted …, but he added …".
        let earlier = candidates[..chosen]
            .iter()
            .rev()
            .find_map(|c| match &c.subject {
                Subject::Named(s) if fits(s) => Some(s.clone()),
                _ => None,
            });
        if earlier.is_some() {
            return earlier;
        }
        // The person the sentence opens with: "Netanyahu … released a video in which he called on …".
        if pronoun == Pronoun::Singular {
            if let Some(Subject::Named(s)) = sentence_subject(toks) {
                if s.person {
                    return Some(s);
                }
            }
        }
        let name = match pronoun {
            Pronoun::Singular => self.last_person.clone(),
            Pronoun::Plural => self.last_speaker.clone(),
            Pronoun::Neuter => self.last_other.clone(),
        }?;
        let person = self.last_person.as_deref() == Some(name.as_str());
        Some(Speaker { name, person })
    }

    fn remember(&mut self, speaker: &Speaker) {
        self.last_speaker = Some(speaker.name.clone());
        if speaker.person {
            self.last_person = Some(speaker.name.clone());
        } else {
            self.last_other = Some(speaker.name.clone());
        }
    }
}

/// One sentence of a document for [`resolve_document`]: its text, the actor
/// the finder gave it, and whether it may have one (not boilerplate).
#[derive(Debug)]
pub struct DocumentSentence<'a> {
    pub text: &'a str,
    pub actor: &'a mut Option<String>,
    pub attributable: bool,
}

/// The document-level step after [`SpeakerFinder`]: the parts of a quote
/// that runs over several sentences get its speaker, and every actor takes
/// its canonical name in the document (the full name at first mention:
/// "Singh" → "Sabrina Singh", "the army" → "Indian Army").
pub fn resolve_document(sentences: &mut [DocumentSentence]) {
    if sentences.iter().all(|s| s.actor.is_none()) {
        return;
    }
    quotes::continue_quotes(sentences);
    canonical::canonicalize(sentences);
}

// ---------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok<'a> {
    /// A word; typographic apostrophes are normalised to `'`.
    Word(Cow<'a, str>),
    Punct(char),
    /// A quoted passage, hidden except for its first words (lowercase).
    Quote(Vec<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteKind {
    Double,
    Single,
}

/// Tokens before quotes are paired.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Raw<'a> {
    Word(Cow<'a, str>),
    Punct(char),
    Open(QuoteKind),
    CloseDouble,
    /// `’`: closes a single quote, or is an apostrophe after a plural
    /// ("Israelis’ security"); right after punctuation it can only close.
    CloseSingle {
        after_punct: bool,
    },
    /// `"`: whether it looks like an opener (space before, none after).
    Straight {
        opening: bool,
    },
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '@' | '#' | '_')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn is_dash(c: char) -> bool {
    matches!(c, '\u{2013}' | '\u{2014}' | '\u{2015}')
}

/// Characters that may close a sentence after its terminal mark.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{2019}' | '\u{201D}' | '\u{00BB}' | ')' | ']'
    )
}

/// Split a sentence into words, punctuation and quote marks.
///
/// Runs on every sentence that passed the speech gate, so words are
/// borrowed from the sentence unless a mark in them is normalised.
fn lex(sentence: &str) -> Vec<Raw<'_>> {
    if sentence.is_ascii() {
        lex_ascii(sentence)
    } else {
        lex_chars(sentence)
    }
}

/// [`lex`] for any text, character by character.
fn lex_chars(sentence: &str) -> Vec<Raw<'_>> {
    // About one token per four bytes of news text: a vector grown from
    // empty was reallocated four or five times per sentence.
    let mut raw = Vec::with_capacity(sentence.len() / 4 + 4);
    let mut i = 0;
    while let Some(c) = sentence[i..].chars().next() {
        let prev = sentence[..i].chars().next_back();
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if is_word_char(c) {
            let (word, end) = read_word(sentence, i);
            raw.push(Raw::Word(word));
            i = end;
            continue;
        }
        i += c.len_utf8();
        let next = sentence[i..].chars().next();
        let tok = match c {
            '\u{201C}' | '\u{201E}' | '\u{00AB}' => Raw::Open(QuoteKind::Double),
            '\u{201D}' | '\u{00BB}' => Raw::CloseDouble,
            '\u{2018}' => Raw::Open(QuoteKind::Single),
            '\u{2019}' => Raw::CloseSingle {
                after_punct: prev.is_some_and(|p| matches!(p, ',' | '.' | '?' | '!' | '\u{2026}')),
            },
            '"' => Raw::Straight {
                opening: prev.is_none_or(|p| {
                    p.is_whitespace() || matches!(p, '(' | '[' | ':') || is_dash(p)
                }) && next.is_some_and(|n| !n.is_whitespace()),
            },
            // A stray straight apostrophe outside a word carries nothing.
            '\'' => continue,
            '-' => {
                while sentence[i..].starts_with('-') {
                    i += 1;
                }
                Raw::Punct('\u{2014}')
            }
            c if is_dash(c) => Raw::Punct('\u{2014}'),
            c => Raw::Punct(c),
        };
        raw.push(tok);
    }
    raw
}

/// [`lex`] for an ASCII sentence, byte by byte (most news text is ASCII;
/// decoding characters was most of attribution's tokenizing time). Gives
/// exactly `lex`'s tokens: for ASCII the character tests below are the
/// byte tests, the curly quotes and dashes cannot occur, and no word needs
/// a mark normalised.
fn lex_ascii(sentence: &str) -> Vec<Raw<'_>> {
    // `char::is_whitespace` on ASCII (it includes the vertical tab).
    let space = |b: u8| matches!(b, b'\t'..=b'\r' | b' ');
    let word_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'@' | b'#' | b'_');
    let b = sentence.as_bytes();
    // About one token per four bytes of news text: a vector grown from
    // empty was reallocated four or five times per sentence.
    let mut raw = Vec::with_capacity(sentence.len() / 4 + 4);
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if space(c) {
            i += 1;
            continue;
        }
        if word_byte(c) {
            let mut segment = 0; // characters since the last inner dot
            let start = i;
            while let Some(&c) = b.get(i) {
                // A run of letters and digits at once: all word bytes.
                let run = alnum_len(&b[i..]);
                if run > 0 {
                    segment += run;
                    i += run;
                    continue;
                }
                let next = b.get(i + 1).copied();
                // Inner apostrophes and hyphens join; so do dots of initialisms.
                let joins = (c == b'\'' && next.is_some_and(|n| n.is_ascii_alphabetic()))
                    || (c == b'-' && next.is_some_and(|n| n.is_ascii_alphanumeric()));
                if word_byte(c) {
                    segment += 1;
                } else if c == b'.' && segment <= 2 && next.is_some_and(|n| n.is_ascii_alphabetic())
                {
                    segment = 0;
                } else if !joins {
                    break;
                }
                i += 1;
            }
            if b.get(i) == Some(&b'.') {
                let word = &sentence[start..i];
                let initial = word.len() == 1 && word.as_bytes()[0].is_ascii_uppercase();
                if word.contains('.') || initial || has(ABBREVIATIONS, &word.to_ascii_lowercase()) {
                    i += 1;
                }
            }
            raw.push(Raw::Word(Cow::Borrowed(&sentence[start..i])));
            continue;
        }
        let prev = i.checked_sub(1).map(|p| b[p]);
        i += 1;
        let next = b.get(i).copied();
        let tok = match c {
            b'"' => Raw::Straight {
                opening: prev.is_none_or(|p| space(p) || matches!(p, b'(' | b'[' | b':'))
                    && next.is_some_and(|n| !space(n)),
            },
            // A stray straight apostrophe outside a word carries nothing.
            b'\'' => continue,
            b'-' => {
                while b.get(i) == Some(&b'-') {
                    i += 1;
                }
                Raw::Punct('\u{2014}')
            }
            c => Raw::Punct(char::from(c)),
        };
        raw.push(tok);
    }
    raw
}

/// Read one word starting at byte `start`: inner apostrophes and hyphens
/// join ("Israel’s", "Hamas-run"), dots join initialisms ("U.S.", "D.C.")
/// and close abbreviations ("Gen.", "Q."). Apostrophes and hyphens are
/// normalised to `'` and `-`; a word needing no change is borrowed.
fn read_word(s: &str, start: usize) -> (Cow<'_, str>, usize) {
    // Set once a character of the word differs from the text's.
    let mut owned: Option<String> = None;
    let mut segment = 0; // characters since the last inner dot
    let mut i = start;
    while let Some(c) = s[i..].chars().next() {
        let next = s[i + c.len_utf8()..].chars().next();
        let kept = if is_word_char(c) {
            segment += 1;
            c
        } else if is_apostrophe(c) && next.is_some_and(char::is_alphabetic) {
            '\''
        } else if is_hyphen(c) && next.is_some_and(char::is_alphanumeric) {
            '-'
        } else if c == '.' && segment <= 2 && next.is_some_and(char::is_alphabetic) {
            segment = 0;
            '.'
        } else {
            break;
        };
        if kept != c && owned.is_none() {
            owned = Some(s[start..i].to_string());
        }
        if let Some(o) = &mut owned {
            o.push(kept);
        }
        i += c.len_utf8();
    }
    if s[i..].starts_with('.') {
        let word = owned.as_deref().unwrap_or(&s[start..i]);
        let mut chars = word.chars();
        let initial = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
        if word.contains('.') || initial || has(ABBREVIATIONS, &word.to_lowercase()) {
            if let Some(o) = &mut owned {
                o.push('.');
            }
            i += 1;
        }
    }
    let word = match owned {
        Some(o) => Cow::Owned(o),
        None => Cow::Borrowed(&s[start..i]),
    };
    (word, i)
}

/// Tokenize a sentence, collapsing each quoted passage into one [`Tok::Quote`].
fn tokenize(sentence: &str) -> Vec<Tok<'_>> {
    let raws = lex(sentence);
    let mut out: Vec<Tok> = Vec::with_capacity(raws.len());
    // The open quote: its kind, whether it was a straight mark, its first words.
    let mut open: Option<(QuoteKind, bool, Vec<String>)> = None;
    for raw in raws {
        if let Some((kind, straight, lead)) = &mut open {
            let closes = match &raw {
                Raw::CloseDouble => *kind == QuoteKind::Double && !*straight,
                Raw::Straight { .. } => *kind == QuoteKind::Double && *straight,
                Raw::CloseSingle { .. } => *kind == QuoteKind::Single,
                _ => false,
            };
            if closes {
                out.push(Tok::Quote(std::mem::take(lead)));
                open = None;
            } else if let Raw::Word(w) = raw {
                if lead.len() < QUOTE_LEAD {
                    lead.push(w.to_lowercase());
                }
            }
            continue;
        }
        match raw {
            Raw::Word(w) => out.push(Tok::Word(w)),
            Raw::Punct(c) => out.push(Tok::Punct(c)),
            Raw::Open(kind) => open = Some((kind, false, Vec::new())),
            Raw::Straight { opening: true } => open = Some((QuoteKind::Double, true, Vec::new())),
            Raw::CloseDouble
            | Raw::Straight { opening: false }
            | Raw::CloseSingle { after_punct: true } => {
                // The sentence began inside a quote the splitter cut off.
                let lead = out
                    .iter()
                    .filter_map(|t| match t {
                        Tok::Word(w) => Some(w.to_lowercase()),
                        _ => None,
                    })
                    .take(QUOTE_LEAD)
                    .collect();
                out.clear();
                out.push(Tok::Quote(lead));
            }
            Raw::CloseSingle { after_punct: false } => {}
        }
    }
    if let Some((_, _, lead)) = open {
        out.push(Tok::Quote(lead));
    }
    out
}

fn word_at<'t>(toks: &'t [Tok], i: usize) -> Option<&'t str> {
    match toks.get(i) {
        Some(Tok::Word(w)) => Some(w),
        _ => None,
    }
}

fn word_is(toks: &[Tok], i: usize, expected: &str) -> bool {
    word_at(toks, i).is_some_and(|w| w.eq_ignore_ascii_case(expected))
}

fn is_quote_at(toks: &[Tok], i: usize) -> bool {
    matches!(toks.get(i), Some(Tok::Quote(_)))
}

fn is_punct_at(toks: &[Tok], i: usize, c: char) -> bool {
    toks.get(i) == Some(&Tok::Punct(c))
}

/// Index of the nearest token before `i` that is not a word.
fn prev_break(toks: &[Tok], i: usize) -> Option<usize> {
    toks.get(..i)?
        .iter()
        .rposition(|t| !matches!(t, Tok::Word(_)))
}

/// The words in `toks[start..end]`.
fn words_between<'t>(toks: &'t [Tok], start: usize, end: usize) -> Vec<&'t str> {
    toks.get(start..end)
        .unwrap_or_default()
        .iter()
        .filter_map(|t| match t {
            Tok::Word(w) => Some(w.as_ref()),
            _ => None,
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Word classes

/// `w` lowercased, borrowed when it already is (the usual case): called
/// many times per attributed sentence.
fn lower(w: &str) -> std::borrow::Cow<'_, str> {
    if w.is_ascii() {
        if w.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(w.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(w)
        }
    } else {
        std::borrow::Cow::Owned(w.to_lowercase())
    }
}

/// `list` is a space-separated word list; `l` is already lowercase.
/// The word lists are turned into hash sets once, on first use: scanning
/// them word by word made attribution the slowest step of prediction.
fn has(list: &'static str, l: &str) -> bool {
    match word_sets().get(&(list.as_ptr() as usize)) {
        Some(set) => set.contains(l),
        None => list.split_whitespace().any(|x| x == l),
    }
}

type WordSets = rustc_hash::FxHashMap<usize, rustc_hash::FxHashSet<&'static str>>;

fn word_sets() -> &'static WordSets {
    static SETS: std::sync::OnceLock<WordSets> = std::sync::OnceLock::new();
    SETS.get_or_init(|| {
        [
            AUXILIARIES,
            BE_FORMS,
            NEGATORS,
            ADVERBS,
            TIME_WORDS,
            TIME_LEADS,
            PHRASE_STOPS,
            FORWARD_STOPS,
            DETERMINERS,
            CLAUSE_OPENERS,
            SUBORDINATORS,
            POSTMODIFIERS,
            OWNED,
            DOCUMENTS,
            AGENTS,
            ROLES,
            INSTITUTION_HEADS,
            NON_PERSONS,
            FUNCTION_WORDS,
            NAME_SUFFIXES,
            ABBREVIATIONS,
        ]
        .iter()
        .map(|list| (list.as_ptr() as usize, list.split_whitespace().collect()))
        .collect()
    })
}

fn in_list(list: &'static str, w: &str) -> bool {
    has(list, &lower(w))
}

fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// "IDF", "U.S.", "UN": acronyms name institutions and places.
fn is_acronym(w: &str) -> bool {
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

fn is_possessive(w: &str) -> bool {
    let l = lower(w);
    l.len() > 2 && (l.ends_with("'s") || l.ends_with("s'"))
}

fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("'S"))
        .unwrap_or(w)
}

/// `w` or, failing that, its singular is in `list` ("officials", "authorities").
fn in_list_singular(list: &'static str, w: &str) -> bool {
    let l = lower(strip_possessive(w));
    let l = l.trim_end_matches('.');
    if has(list, l) {
        return true;
    }
    let ies = l.strip_suffix("ies").map(|stem| format!("{stem}y"));
    [
        l.strip_suffix('s').map(str::to_string),
        l.strip_suffix("es").map(str::to_string),
        ies,
    ]
    .iter()
    .flatten()
    .any(|s| has(list, s))
}

/// Head nouns that can speak: generic sources, roles, institutions, documents.
fn is_agent_word(w: &str) -> bool {
    in_list_singular(AGENTS, w)
        || in_list_singular(ROLES, w)
        || in_list_singular(INSTITUTION_HEADS, w)
}

fn is_role(w: &str) -> bool {
    in_list_singular(ROLES, w)
}

/// Proper words that name an institution, place or people rather than a person.
fn is_institution(w: &str) -> bool {
    let bare = strip_possessive(w);
    in_list(NON_PERSONS, bare)
        || in_list(INSTITUTION_HEADS, bare)
        || is_acronym(bare)
        || bare.chars().any(|c| c.is_ascii_digit())
}

fn is_time_word(w: &str) -> bool {
    in_list(TIME_WORDS, w) || (!w.is_empty() && w.chars().all(|c| c.is_ascii_digit()))
}

/// An adverb that may sit between subject and verb ("reportedly", "also").
fn is_adverb(w: &str) -> bool {
    if is_capitalised(w) {
        return false;
    }
    let l = lower(w);
    has(ADVERBS, &l)
        || (l.chars().count() > 4 && l.ends_with("ly") && !is_agent_word(&l) && l != "family")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pronoun {
    /// he, she
    Singular,
    /// they
    Plural,
    /// it
    Neuter,
}

fn pronoun_of(w: &str) -> Option<Pronoun> {
    match &*lower(w) {
        "he" | "she" | "he's" | "she's" => Some(Pronoun::Singular),
        "they" | "they've" | "they're" => Some(Pronoun::Plural),
        "it" => Some(Pronoun::Neuter),
        _ => None,
    }
}

/// Pronouns that never name a reported speaker (case matters: "US" is a country).
fn is_other_pronoun(w: &str) -> bool {
    matches!(
        w,
        "I" | "we" | "We" | "you" | "You" | "me" | "him" | "them" | "us"
    )
}

// ---------------------------------------------------------------------------
// Speakers

#[derive(Debug, Clone, PartialEq, Eq)]
struct Speaker {
    /// The canonical name.
    name: String,
    /// A named person (an antecedent for he/she), not an institution or generic.
    person: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Subject {
    Named(Speaker),
    Pronoun(Pronoun),
}

fn person(name: &str) -> Subject {
    Subject::Named(Speaker {
        name: name.trim_end_matches('.').to_string(),
        person: true,
    })
}

fn group(words: &[&str]) -> Subject {
    Subject::Named(Speaker {
        name: words.join(" "),
        person: false,
    })
}

/// Drop leading conjunctions and determiners: "But the State Department" → "State Department".
fn strip_leading<'a, 'b>(mut words: &'b [&'a str]) -> &'b [&'a str] {
    while let Some((first, rest)) = words.split_first() {
        if in_list(DETERMINERS, first) || in_list(CLAUSE_OPENERS, first) {
            words = rest;
        } else {
            break;
        }
    }
    words
}

/// Drop name suffixes: "Charles Q. Brown Jr." → "Charles Q. Brown".
fn strip_suffixes<'a, 'b>(mut words: &'b [&'a str]) -> &'b [&'a str] {
    while let Some((last, rest)) = words.split_last() {
        if !rest.is_empty() && in_list(NAME_SUFFIXES, last) {
            words = rest;
        } else {
            break;
        }
    }
    words
}

/// A word that can be part of a person's name.
fn is_name_word(w: &str) -> bool {
    is_capitalised(w)
        && !is_institution(w)
        && !is_role(w)
        && !is_time_word(w)
        && !in_list(FUNCTION_WORDS, w)
        && !is_possessive(w)
}

/// The surname ending `words`, if they end in at least `min` name words.
/// The surname ending a post-modifier ("of State Antony Blinken",
/// "for the IDF Daniel Hagari"): a full name, or a single name right after a
/// capitalised title ("of State Blinken"). A single capitalised word right
/// after the preposition is more often a field than a person ("of Health").
fn trailing_name<'a>(words: &[&'a str]) -> Option<&'a str> {
    let words = strip_suffixes(words);
    let run = words.iter().rev().take_while(|w| is_name_word(w)).count();
    let titled = run == 1
        && words.len() >= 2
        && is_capitalised(words[words.len() - 2])
        && !in_list(FUNCTION_WORDS, words[words.len() - 2]);
    (run >= 2 || titled).then(|| words[words.len() - 1])
}

/// Where a post-modifier starts: a preposition after a head noun, which is
/// lowercase or a capitalised title or generic ("Secretary of State …",
/// "People familiar with …" at the start of a sentence).
fn postmodifier_at(words: &[&str]) -> Option<usize> {
    (1..words.len()).find(|&p| {
        in_list(POSTMODIFIERS, words[p])
            && (!is_capitalised(words[p - 1]) || is_agent_word(words[p - 1]))
    })
}

/// Who a noun phrase names, if it can be a speaker.
fn classify(words: &[&str]) -> Option<Subject> {
    let words = strip_leading(words);
    if words.is_empty() || words.len() > MAX_PHRASE {
        return None;
    }
    if let [only] = words {
        if let Some(p) = pronoun_of(only) {
            return Some(Subject::Pronoun(p));
        }
    }
    if words
        .iter()
        .any(|w| pronoun_of(w).is_some() || is_other_pronoun(w))
    {
        return None;
    }
    // "Netanyahu's stance": the possessor speaks.
    if let [owner @ .., possessor, noun] = words {
        if in_list(OWNED, noun) && is_possessive(possessor) {
            let mut owner = owner.to_vec();
            owner.push(strip_possessive(possessor));
            if let Some(named @ Subject::Named(_)) = classify(&owner) {
                return Some(named);
            }
        }
    }
    // "US and Israeli officials", "Austin and Gallant": every part must be a speaker.
    if words.iter().any(|w| *w == "and" || *w == "&") {
        let all_named = words
            .split(|w| *w == "and" || *w == "&")
            .all(|part| matches!(classify(part), Some(Subject::Named(_))));
        return all_named.then(|| group(words));
    }
    // "Doctors Without Borders": a capitalised linking word inside joins one name.
    if words.len() >= 3
        && words.iter().all(|w| is_capitalised(w))
        && words[1..words.len() - 1]
            .iter()
            .any(|w| in_list(canonical::NAME_CONNECTORS, w))
    {
        return Some(group(words));
    }
    if let Some(p) = postmodifier_at(words) {
        // "the office of Defense Minister Yoav Gallant", "spokesman for the IDF Daniel Hagari"
        if in_list("of for", words[p]) {
            if let Some(name) = trailing_name(&words[p..]) {
                return Some(person(name));
            }
        }
        return is_agent_word(words[p - 1]).then(|| group(words));
    }
    let core = strip_suffixes(words);
    let last = *core.last()?;
    if is_possessive(last) {
        return None;
    }
    if !is_capitalised(last) {
        return is_agent_word(last).then(|| group(words));
    }
    if is_time_word(last) || in_list(FUNCTION_WORDS, last) {
        return None;
    }
    // "Officials said", "Witnesses said": capitalised only as the first word.
    if is_institution(last) || is_agent_word(last) {
        return Some(group(words));
    }
    Some(person(last))
}

// ---------------------------------------------------------------------------
// Candidates

#[derive(Debug, Clone, Copy)]
struct Verb {
    tense: Tense,
    invertible: bool,
}

#[derive(Debug, Clone)]
struct Candidate {
    subject: Subject,
    tense: Tense,
    /// The attribution is attached to a direct quote.
    frames_quote: bool,
    /// The attribution closes the sentence (", the person said.").
    trailing: bool,
}

/// Cheap gate: every attribution needs a speech verb form or "according"
/// somewhere in the sentence. Most sentences have neither, and skipping the
/// full analysis for them changes no result (it only reads these words).
///
/// Whether some word of `sentence` (a run of letters, digits and
/// apostrophes) is such a form, ignoring case. It also serves for a
/// stretch of a sentence such as one token: every such word lies whole in
/// one of the featurizer's tokens (the forms are letters only, and a token
/// never ends between two letters), so a sentence none of whose tokens
/// passes has no such word.
pub fn may_report_speech(sentence: &str) -> bool {
    // Runs on every sentence, so it avoids allocating: ASCII words are
    // lower-cased into a stack buffer, and only a word of a length some
    // form has is looked up at all.
    type Forms = (rustc_hash::FxHashSet<&'static [u8]>, usize, usize);
    static FORMS: std::sync::OnceLock<Forms> = std::sync::OnceLock::new();
    let (forms, shortest, longest) = FORMS.get_or_init(|| {
        let set: rustc_hash::FxHashSet<&'static [u8]> = SPEECH_VERBS
            .iter()
            .map(|(form, ..)| form.as_bytes())
            .chain([&b"according"[..]])
            .collect();
        let shortest = set.iter().map(|f| f.len()).min().unwrap_or(0);
        let longest = set.iter().map(|f| f.len()).max().unwrap_or(0);
        (set, shortest, longest)
    });
    let shapes = VerbShapes::get();
    let mut buf = [0u8; 32];
    // Whether an ASCII word is a form, lower-cased into the stack buffer.
    let mut ascii_form = |w: &[u8]| {
        if w.len() < *shortest || w.len() > *longest || !shapes.may_be_ascii_form(w) {
            return false;
        }
        match buf.get_mut(..w.len()) {
            Some(l) => {
                l.copy_from_slice(w);
                l.make_ascii_lowercase();
                forms.contains(&l[..])
            }
            None => forms.contains(w.to_ascii_lowercase().as_slice()),
        }
    };
    if sentence.is_ascii() {
        // The words of the split below: for ASCII, `is_alphanumeric` is the
        // ASCII test and `’` cannot occur. Their edges come from a bit mask
        // (a byte walk was half of the gate's time).
        return any_ascii_word(sentence.as_bytes(), ascii_form);
    }
    sentence
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .any(|w| {
            if w.is_ascii() {
                ascii_form(w.as_bytes())
            } else {
                // Unicode lowercasing may change the length: no length test.
                w.len() >= *shortest
                    && forms.contains(
                        w.chars()
                            .flat_map(char::to_lowercase)
                            .collect::<String>()
                            .as_bytes(),
                    )
            }
        })
}

/// Which (length, first letter, last letter) shapes the speech-verb forms
/// and "according" have, ASCII letters folded to lowercase: a word of
/// another shape is none of them. Checking the shape first spares most
/// words a lowercase copy and a hash lookup (the gate and the verb lookup
/// run on every word; in a profile they were half of attribution's time).
struct VerbShapes {
    /// Bit `last - b'a'` of `bits[len][first - b'a']`.
    bits: [[u32; 26]; 32],
}

impl VerbShapes {
    fn get() -> &'static VerbShapes {
        static SHAPES: std::sync::OnceLock<VerbShapes> = std::sync::OnceLock::new();
        SHAPES.get_or_init(|| {
            let mut bits = [[0u32; 26]; 32];
            let forms = SPEECH_VERBS.iter().map(|(f, ..)| *f).chain(["according"]);
            for form in forms {
                let b = form.as_bytes();
                match (b.first(), b.last()) {
                    (Some(f @ b'a'..=b'z'), Some(l @ b'a'..=b'z')) if b.len() < 32 => {
                        bits[b.len()][usize::from(f - b'a')] |= 1 << (l - b'a');
                    }
                    // A form these bits cannot describe: let every word through.
                    _ => bits = [[u32::MAX; 26]; 32],
                }
            }
            VerbShapes { bits }
        })
    }

    /// False when the word `w` certainly is no form; true when it may be.
    /// Any non-ASCII word may be: Unicode lowercasing can change lengths
    /// and even yield ASCII (the Kelvin sign becomes `k`).
    #[inline]
    fn may_be_form(&self, w: &[u8]) -> bool {
        !w.is_ascii() || self.may_be_ascii_form(w)
    }

    /// [`may_be_form`](Self::may_be_form) for a word known to be ASCII.
    #[inline]
    fn may_be_ascii_form(&self, w: &[u8]) -> bool {
        let (Some(&f), Some(&l)) = (w.first(), w.last()) else {
            return false;
        };
        let (f, l) = (f.to_ascii_lowercase(), l.to_ascii_lowercase());
        if w.len() >= 32 || !f.is_ascii_lowercase() || !l.is_ascii_lowercase() {
            return false;
        }
        self.bits[w.len()][usize::from(f - b'a')] & (1 << (l - b'a')) != 0
    }
}

/// The speech verb `w` is a form of. Called for every word of every
/// sentence that passed the gate: the shape test is inlined at each call,
/// the lookup (a hash, and no lowercase copy for words that already are
/// lowercase) stays out of line.
#[inline]
fn lookup_verb(w: &str) -> Option<Verb> {
    if !VerbShapes::get().may_be_form(w.as_bytes()) {
        return None;
    }
    lookup_verb_form(w)
}

/// [`lookup_verb`] past its shape test.
#[inline(never)]
fn lookup_verb_form(w: &str) -> Option<Verb> {
    type VerbMap = rustc_hash::FxHashMap<&'static str, (Tense, bool)>;
    static VERBS: std::sync::OnceLock<VerbMap> = std::sync::OnceLock::new();
    let verbs = VERBS.get_or_init(|| {
        SPEECH_VERBS
            .iter()
            .map(|&(form, tense, inv)| (form, (tense, inv)))
            .collect()
    });
    let hit = if w.bytes().any(|b| b.is_ascii_uppercase()) || !w.is_ascii() {
        verbs.get(&*lower(w))
    } else {
        verbs.get(w)
    };
    hit.map(|&(tense, invertible)| Verb { tense, invertible })
}

/// The speech verb at `i`, checking the particle some verbs need to be speech:
/// "called on/for", "spoke about", "made (it) clear".
fn speech_verb(toks: &[Tok], i: usize) -> Option<Verb> {
    let verb = lookup_verb(word_at(toks, i)?)?;
    let next = word_at(toks, i + 1).map(lower).unwrap_or_default();
    let after = word_at(toks, i + 2).map(lower).unwrap_or_default();
    let ok = match &*lower(word_at(toks, i)?) {
        "called" | "calls" | "calling" => matches!(&*next, "on" | "for" | "upon"),
        "spoke" => matches!(&*next, "about" | "of"),
        "made" | "making" => next == "clear" || (next == "it" && after == "clear"),
        _ => true,
    };
    ok.then_some(verb)
}

/// A quote that opens with its own speech verb: Gallant “emphasized …”.
fn quote_opening_verb(lead: &[String]) -> Option<Verb> {
    let first = lead.iter().find(|w| !is_adverb(w))?;
    let verb = lookup_verb(first)?;
    let needs_particle = matches!(first.as_str(), "called" | "calls" | "spoke" | "made");
    (verb.tense != Tense::Participle && !needs_particle).then_some(Verb {
        tense: verb.tense,
        invertible: false,
    })
}

/// What stands between a verb and its subject.
struct VerbGroup {
    /// Tokens before this index precede the verb group.
    start: usize,
    aux: bool,
    negated: bool,
    passive: bool,
}

/// Walk back from the verb at `v` over adverbs, auxiliaries, negation and
/// time phrases: "Gallant on Tuesday also said", "has not confirmed".
fn verb_group(toks: &[Tok], v: usize, tense: Tense) -> VerbGroup {
    let mut group = VerbGroup {
        start: v,
        aux: false,
        negated: false,
        passive: false,
    };
    let mut after_time = false;
    while group.start > 0 {
        let Some(w) = word_at(toks, group.start - 1) else {
            break;
        };
        let l = lower(w);
        let contracted = l.strip_suffix("n't");
        if is_time_word(w) {
            after_time = true;
        } else if after_time && has(TIME_LEADS, &l) {
            after_time = false;
        } else if let Some(aux) = contracted.filter(|a| AUXILIARIES.contains(a)) {
            group.passive |= !group.aux && tense == Tense::Past && has(BE_FORMS, aux);
            group.aux = true;
            group.negated = true;
        } else if has(AUXILIARIES, &l) {
            group.passive |= !group.aux && tense == Tense::Past && has(BE_FORMS, &l);
            group.aux = true;
        } else if has(NEGATORS, &l) {
            group.negated = true;
        } else if is_adverb(w) {
            after_time = false;
        } else {
            break;
        }
        group.start -= 1;
    }
    group
}

/// The noun phrase ending just before `end`, read backwards to a clause
/// boundary: (its first index, its words).
fn phrase_before<'t>(toks: &'t [Tok], end: usize) -> Option<(usize, Vec<&'t str>)> {
    let mut s = end;
    while s > 0 {
        let Some(w) = word_at(toks, s - 1) else {
            break;
        };
        let l = lower(w);
        if pronoun_of(w).is_some() || is_other_pronoun(w) {
            if s == end {
                s -= 1;
            }
            break;
        }
        if l == "and" || l == "&" {
            // Only inside a run of names: "US and Israeli officials".
            let right = s < end && word_at(toks, s).is_some_and(is_capitalised);
            let left = s >= 2 && word_at(toks, s - 2).is_some_and(is_capitalised);
            if right && left {
                s -= 1;
                continue;
            }
            break;
        }
        let close_to = l == "to" && s >= 2 && word_is(toks, s - 2, "close");
        if !close_to
            && (has(PHRASE_STOPS, &l)
                || has(AUXILIARIES, &l)
                || has(NEGATORS, &l)
                || lookup_verb(w).is_some())
        {
            break;
        }
        if end - s >= MAX_PHRASE {
            return None;
        }
        s -= 1;
    }
    (s < end).then(|| (s, words_between(toks, s, end)))
}

/// The noun phrase starting at `start` after an inverted verb ("said a person
/// familiar with the matter"): (the index after it, its words). None when
/// what follows is a clause ("said Israel would …").
fn phrase_after<'t>(toks: &'t [Tok], start: usize) -> Option<(usize, Vec<&'t str>)> {
    let mut e = start;
    let mut words: Vec<&str> = Vec::new();
    while let Some(w) = word_at(toks, e) {
        let l = lower(w);
        let close_to = l == "to"
            && words
                .last()
                .is_some_and(|p| p.eq_ignore_ascii_case("close"));
        if has(AUXILIARIES, &l) || has(NEGATORS, &l) {
            return None;
        }
        if !close_to
            && (has(FORWARD_STOPS, &l) || l == "to" || is_time_word(w) || lookup_verb(w).is_some())
        {
            break;
        }
        words.push(w);
        e += 1;
        if words.len() > MAX_PHRASE {
            return None;
        }
    }
    (!words.is_empty()).then_some((e, words))
}

/// A quote ends just before index `i` (allowing a comma after it).
fn quote_ends_before(toks: &[Tok], i: usize) -> bool {
    (i >= 1 && is_quote_at(toks, i - 1))
        || (i >= 2 && is_punct_at(toks, i - 1, ',') && is_quote_at(toks, i - 2))
}

/// A quote starts right after the verb at `v` ("said: “…", "added that “…").
fn quote_follows(toks: &[Tok], v: usize) -> bool {
    is_quote_at(toks, v + 1)
        || ((word_is(toks, v + 1, "that")
            || is_punct_at(toks, v + 1, ':')
            || is_punct_at(toks, v + 1, ','))
            && is_quote_at(toks, v + 2))
}

/// Nothing but adjuncts follow index `from` ("… said in comments reported by AP.").
fn tail_is_adjunct(toks: &[Tok], from: usize) -> bool {
    let mut words = 0;
    for t in toks.get(from..).unwrap_or_default() {
        match t {
            Tok::Quote(_) => return false,
            Tok::Punct(',' | ';' | ':' | '\u{2014}') => return false,
            Tok::Word(w) if w.eq_ignore_ascii_case("that") => return false,
            Tok::Word(_) => words += 1,
            Tok::Punct(_) => {}
        }
    }
    words <= 12
}

fn is_clause_break(tok: &Tok) -> bool {
    matches!(
        tok,
        Tok::Quote(_) | Tok::Punct(',' | ';' | ':' | '\u{2014}')
    )
}

/// A segment between commas that describes rather than names:
/// ", chairman of …,", ", including Blinken,", ", for his part,", ", 64,".
fn is_parenthetical(seg: &[&str]) -> bool {
    match seg {
        [first, second, ..] if in_list(DETERMINERS, first) => !is_capitalised(second),
        [first, ..] => !is_capitalised(first),
        [] => false,
    }
}

/// The subject of "X, <appositive>, said" where `comma` is the comma before the verb.
fn appositive_subject(toks: &[Tok], comma: usize) -> Option<Subject> {
    let b1 = prev_break(toks, comma);
    let seg = words_between(toks, b1.map_or(0, |b| b + 1), comma);
    if seg.is_empty() {
        return None;
    }
    if !is_parenthetical(&seg) {
        return classify(&seg);
    }
    let b1 = b1.filter(|&b| is_punct_at(toks, b, ','))?;
    let b2 = prev_break(toks, b1);
    classify(&words_between(toks, b2.map_or(0, |b| b + 1), b1))
}

enum Opening<'a> {
    Phrase(Vec<&'a str>),
    Subordinate,
    Nothing,
}

/// The noun phrase a clause opens with: "Washington has sought …" → "Washington",
/// "Netanyahu's stance was …" → "Netanyahu's stance".
fn clause_opening<'a>(seg: &[&'a str]) -> Opening<'a> {
    let mut i = seg
        .iter()
        .take_while(|w| in_list(CLAUSE_OPENERS, w))
        .count();
    let Some(&first) = seg.get(i) else {
        return Opening::Nothing;
    };
    if pronoun_of(first).is_some() {
        return Opening::Phrase(vec![first]);
    }
    if in_list(SUBORDINATORS, first) {
        return Opening::Subordinate;
    }
    let mut phrase = Vec::new();
    if in_list(DETERMINERS, first) {
        phrase.push(first);
        i += 1;
    }
    while let Some(&w) = seg.get(i) {
        let capital = is_capitalised(w) && !is_time_word(w) && !in_list(FUNCTION_WORDS, w);
        if capital {
            phrase.push(w);
            i += 1;
            if is_possessive(w) {
                if let Some(&noun) = seg.get(i) {
                    if in_list(OWNED, noun) || is_agent_word(noun) {
                        phrase.push(noun);
                    }
                }
                break;
            }
        } else if !is_capitalised(w) && (is_agent_word(w) || is_role(w)) {
            phrase.push(w);
            i += 1;
        } else {
            break;
        }
    }
    if phrase.is_empty() {
        Opening::Nothing
    } else {
        Opening::Phrase(phrase)
    }
}

/// The subject a participle after `comma` hangs on: the opening of the
/// nearest main clause before it ("Washington has sought …, warning …").
fn main_clause_subject(toks: &[Tok], comma: usize) -> Option<Subject> {
    let mut end = comma;
    for _ in 0..3 {
        let b = prev_break(toks, end);
        let seg = words_between(toks, b.map_or(0, |b| b + 1), end);
        match clause_opening(&seg) {
            Opening::Phrase(p) => {
                if let Some(s) = classify(&p) {
                    return Some(s);
                }
            }
            Opening::Subordinate => return None,
            Opening::Nothing => {}
        }
        end = b.filter(|&b| is_punct_at(toks, b, ','))?;
    }
    None
}

/// Who the sentence opens with, for pronouns inside it.
fn sentence_subject(toks: &[Tok]) -> Option<Subject> {
    let end = toks
        .iter()
        .position(|t| !matches!(t, Tok::Word(_)))
        .unwrap_or(toks.len());
    match clause_opening(&words_between(toks, 0, end)) {
        Opening::Phrase(p) => classify(&p),
        _ => None,
    }
}

/// The attribution made by the speech verb at `v`, if it names a subject.
fn candidate_at(toks: &[Tok], v: usize, verb: Verb) -> Option<Candidate> {
    let group = verb_group(toks, v, verb.tense);
    if group.negated || group.passive {
        return None;
    }
    let k = group.start;
    let before = toks.get(k.checked_sub(1)?)?;
    let in_quote_verb = is_quote_at(toks, v);
    let quoted_after = quote_follows(toks, v);
    let make = |subject, frames_quote, trailing| Candidate {
        subject,
        tense: verb.tense,
        frames_quote: frames_quote || in_quote_verb || quoted_after,
        trailing: trailing && verb.tense != Tense::Participle,
    };
    match before {
        Tok::Word(_) => {
            let (start, words) = phrase_before(toks, k)?;
            // A bare -ing after a noun is a modifier ("a threatening letter")
            // unless it is absolute: "with Netanyahu accusing his ally …".
            if verb.tense == Tense::Participle
                && !group.aux
                && !(start > 0 && word_is(toks, start - 1, "with"))
            {
                return None;
            }
            let subject = classify(&words)?;
            let opens = start > 0 && is_clause_break(&toks[start - 1]);
            Some(make(
                subject,
                quote_ends_before(toks, start),
                opens && !in_quote_verb && tail_is_adjunct(toks, v + 1),
            ))
        }
        Tok::Punct(',') if verb.tense == Tense::Participle && !group.aux => {
            Some(make(main_clause_subject(toks, k - 1)?, false, false))
        }
        Tok::Punct(_) | Tok::Quote(_) => {
            if verb.invertible && !group.aux && k == v {
                let inverted = phrase_after(toks, v + 1)
                    .and_then(|(end, words)| Some((end, classify(&words)?)));
                if let Some((end, subject)) = inverted {
                    let trailing = tail_is_adjunct(toks, end);
                    return Some(make(subject, quote_ends_before(toks, v), trailing));
                }
            }
            if !matches!(before, Tok::Punct(',')) {
                return None;
            }
            let subject = appositive_subject(toks, k - 1)?;
            Some(make(subject, false, tail_is_adjunct(toks, v + 1)))
        }
    }
}

fn find_candidates(toks: &[Tok]) -> Vec<Candidate> {
    toks.iter()
        .enumerate()
        .filter_map(|(v, tok)| {
            let verb = match tok {
                Tok::Word(_) => speech_verb(toks, v),
                Tok::Quote(lead) if v > 0 && word_at(toks, v - 1).is_some() => {
                    quote_opening_verb(lead)
                }
                _ => None,
            }?;
            candidate_at(toks, v, verb)
        })
        .collect()
}

/// Which candidate speaks for the sentence: one framing a direct quote, else
/// a trailing attribution, else the first.
fn choose(candidates: &[Candidate]) -> Option<usize> {
    candidates
        .iter()
        .position(|c| c.frames_quote)
        .or_else(|| candidates.iter().position(|c| c.trailing))
        .or_else(|| (!candidates.is_empty()).then_some(0))
}

/// "according to X": X, or the owner of "a statement from X".
fn according_to(toks: &[Tok]) -> Option<Speaker> {
    let at =
        (0..toks.len()).find(|&i| word_is(toks, i, "according") && word_is(toks, i + 1, "to"))?;
    let (_, words) = phrase_after(toks, at + 2)?;
    let words = strip_leading(&words);
    if let Some(p) = words.iter().position(|w| in_list("from by of", w)) {
        let owner = &words[p + 1..];
        let by_pronoun = owner
            .first()
            .is_some_and(|w| in_list("his her their its", w));
        if p >= 1 && in_list(DOCUMENTS, words[p - 1]) && !by_pronoun {
            if let Some(Subject::Named(s)) = classify(owner) {
                return Some(s);
            }
        }
    }
    match classify(words) {
        Some(Subject::Named(s)) => Some(s),
        Some(Subject::Pronoun(_)) => None,
        // "according to" always attributes: keep the source as written.
        None => (!words.is_empty()).then(|| Speaker {
            name: words.join(" "),
            person: false,
        }),
    }
}

// ---------------------------------------------------------------------------
// Headlines and boilerplate

/// The credit line of an embedded post: "— Eli Dror (@edrormba) October 22, 2024".
fn is_credit_line(sentence: &str) -> bool {
    let t = sentence.trim_start();
    t.starts_with("--") || t.chars().next().is_some_and(is_dash)
}

/// Ends in terminal punctuation, allowing closing quotes and a trailing
/// parenthetical credit ("… achievement.\" (Doron Kadosh)").
fn ends_like_sentence(sentence: &str) -> bool {
    let mut t = sentence.trim_end();
    if t.ends_with(')') {
        if let Some(open) = t.rfind('(') {
            t = t[..open].trim_end();
        }
    }
    let t = t.trim_end_matches(|c: char| is_closer(c) || c.is_whitespace());
    t.ends_with(['.', '!', '?', '\u{2026}'])
}

/// Title case: most longer words after the first are capitalised.
fn looks_like_title(toks: &[Tok]) -> bool {
    let long: Vec<&str> = toks
        .iter()
        .filter_map(|t| match t {
            Tok::Word(w) => Some(w.as_ref()),
            _ => None,
        })
        .skip(1)
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    let caps = long.iter().filter(|w| is_capitalised(w)).count();
    long.len() >= 3 && caps * 10 >= long.len() * 7
}

#[cfg(test)]
mod tests;
