//! Text stage: raw article text → sentences → tokens.
//!
//! `clean` normalises typography, `sentences` finds sentence boundaries in
//! news text, `tokenize` turns one sentence into lowercase tokens with
//! negation scope marked.

pub(crate) mod ascii;
pub mod boilerplate;
pub mod clean;
pub mod html;
pub mod main_text;
pub mod markdown;
pub mod names;
pub mod sentences;
pub mod stem;
pub mod tokenize;

pub use sentences::{Sentence, SentenceSplitter};
pub use tokenize::{Token, Tokenizer};
