//! rhetoric: label every sentence of conflict and diplomacy news as
//! escalation, de-escalation or neutral rhetoric.
//!
//! Data flow, one module per stage: inputs ([`io`]) → text ([`text`]:
//! clean → sentences → tokens) → features ([`features`]) → model
//! ([`model`], fitted with linfa) → predictions ([`predict`], with tone and
//! speakers from [`annotate`]) → metrics ([`eval`]) → pages ([`pages`]).
//!
//! `unsafe` code is denied everywhere but in [`platform`], which keeps each
//! use behind a safe function with its safety argument.

#![deny(unsafe_code)]

pub mod annotate;
pub mod error;
pub mod eval;
pub mod features;
pub mod io;
pub mod model;
pub mod pages;
#[allow(unsafe_code)]
mod platform;
pub mod predict;
pub mod rng;
#[cfg(test)]
mod testing;
pub mod text;
pub mod token_cache;

pub use error::{Error, Result};
pub use eval::metrics::Metrics;
pub use features::{Featurizer, FeaturizerParams, Vocabulary, Weighting};
pub use model::{Model, ModelFile, ModelParams};
pub use text::{SentenceSplitter, Tokenizer};

/// The default model, built from `data/` and embedded in the binary so that
/// `predict` works from any directory without `-m`.
pub const DEFAULT_MODEL: &[u8] = include_bytes!("../models/default.model");

/// Load the embedded default model.
pub fn default_model() -> Result<ModelFile> {
    if DEFAULT_MODEL.is_empty() {
        return Err(Error::Usage(
            "this build has no default model; pass -m MODEL".to_string(),
        ));
    }
    ModelFile::from_bytes(DEFAULT_MODEL)
        .map_err(|e| Error::Internal(format!("embedded default model: {e}")))
}
