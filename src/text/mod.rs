//! Text stage: raw article text → sentences → tokens.
//!
//! `html`, `main_text` and `markdown` turn pages into plain text (the main
//! text of a web page, the rendered text of Markdown; `page_furniture` and
//! `page_fragments` take a page's comments, bios, prompts and date lines
//! out of its main text), `clean` normalises
//! typography, `sentences` finds sentence boundaries in news text,
//! `tokenize` turns one sentence into lowercase tokens with negation scope
//! marked, `names` gives proper names their role placeholders.

pub(crate) mod ascii;
pub mod boilerplate;
pub mod clean;
pub mod html;
pub mod main_text;
pub mod markdown;
pub mod names;
mod page_fragments;
mod page_furniture;
pub mod sentences;
pub mod stem;
pub mod tokenize;

pub use sentences::{Sentence, SentenceSplitter};
pub use tokenize::{Token, Tokenizer};
