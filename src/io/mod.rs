//! Inputs and outputs: finding inputs and streaming documents from text,
//! Markdown, HTML, CSV and JSONL; labeled CSVs; the read limits; atomic
//! output files.

pub mod data;
pub mod input;
pub mod memory;
pub mod output;
