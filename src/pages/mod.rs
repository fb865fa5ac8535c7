//! Self-contained HTML pages: the evaluation report and the trend page,
//! with the style sheet and SVG helpers they share.

mod chart;
pub mod report;
pub mod trend;
