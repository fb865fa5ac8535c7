//! Metrics: how good a model is on labeled rows — the one macro-F1 and
//! percentile rule with bootstrap intervals, probability metrics and paired
//! tests, one evaluation computed once for `eval` and `report`, per-group
//! figures, and per-feature explanations.

pub mod evaluation;
pub mod explain;
pub mod groups;
pub mod metrics;
pub mod probability;
