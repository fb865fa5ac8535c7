//! Figures per group of a labeled file's rows (`eval --by region`,
//! `report --by region`): how many rows each value of a column has, and
//! each model's accuracy and macro-F1 on them with 95% bootstrap intervals.
//!
//! Every figure comes from [`Metrics`] fed with the rows of that group, as
//! the whole-file figures are. Within a group the label set is the labels
//! that occur in it (gold or predicted), as scikit-learn does by default:
//! a region with no de-escalation sentence and no such prediction is not
//! marked down for a class it never had.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::eval::evaluation::Evaluation;
use crate::eval::metrics::{Interval, Metrics};
use crate::io::data::LabeledData;

/// Shown for rows whose group cell is empty.
pub const EMPTY_GROUP: &str = "(empty)";

/// One model's figures on one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupScores {
    pub accuracy: f64,
    pub accuracy_ci: Interval,
    pub macro_f1: f64,
    pub macro_f1_ci: Interval,
}

/// One value of the group column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupRow {
    pub group: String,
    pub rows: usize,
    /// One entry per model, in the order the models were given.
    pub models: Vec<GroupScores>,
}

/// The breakdown by one column, largest group first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupBreakdown {
    pub column: String,
    pub models: Vec<String>,
    pub groups: Vec<GroupRow>,
}

/// One breakdown per group column of `data`, for the evaluations of
/// `data` in `evals` (their rows are `data`'s rows, in order).
pub fn break_down(data: &LabeledData, evals: &[Evaluation]) -> Vec<GroupBreakdown> {
    (0..data.group_columns.len())
        .map(|c| break_down_column(data, evals, c))
        .collect()
}

fn break_down_column(data: &LabeledData, evals: &[Evaluation], column: usize) -> GroupBreakdown {
    let mut members: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, row) in data.rows.iter().enumerate() {
        let value = row.groups.get(column).map_or("", String::as_str);
        members
            .entry(if value.is_empty() { EMPTY_GROUP } else { value })
            .or_default()
            .push(i);
    }
    let mut groups: Vec<GroupRow> = members
        .into_iter()
        .map(|(group, rows)| GroupRow {
            group: group.to_string(),
            rows: rows.len(),
            models: evals.iter().map(|e| scores(e, &rows)).collect(),
        })
        .collect();
    groups.sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| a.group.cmp(&b.group)));
    GroupBreakdown {
        column: data.group_columns[column].clone(),
        models: evals.iter().map(|e| e.model_name.clone()).collect(),
        groups,
    }
}

fn scores(e: &Evaluation, rows: &[usize]) -> GroupScores {
    let mut m = Metrics::default();
    for &i in rows {
        let (gold, predicted, _) = &e.rows[i];
        m.add(gold, predicted);
    }
    let b = m.report_bootstrap();
    GroupScores {
        accuracy: m.accuracy(),
        accuracy_ci: b.accuracy,
        macro_f1: m.macro_f1(),
        macro_f1_ci: b.macro_f1,
    }
}

impl GroupBreakdown {
    /// A plain-text table: one line per group, one column pair per model.
    pub fn to_text(&self) -> String {
        let width = self
            .groups
            .iter()
            .map(|g| g.group.chars().count())
            .chain([self.column.chars().count(), 5])
            .max()
            .unwrap_or(5)
            .min(40);
        let mut s = String::new();
        let _ = write!(s, "{:<width$}  {:>6}", self.column, "rows");
        for i in 0..self.models.len() {
            let tag = if self.models.len() > 1 {
                format!(" [{}]", i + 1)
            } else {
                String::new()
            };
            let _ = write!(
                s,
                "  {:>8}  {:>22}",
                format!("acc{tag}"),
                format!("macro-F1{tag} (95% CI)")
            );
        }
        s.push('\n');
        for g in &self.groups {
            let name = if g.group.contains(char::is_control) {
                format!("{:?}", g.group)
            } else {
                g.group.clone()
            };
            let _ = write!(s, "{name:<width$}  {:>6}", g.rows);
            for m in &g.models {
                let _ = write!(
                    s,
                    "  {:>8.3}  {:>22}",
                    m.accuracy,
                    format!(
                        "{:.3} ({:.3}-{:.3})",
                        m.macro_f1, m.macro_f1_ci.low, m.macro_f1_ci.high
                    )
                );
            }
            s.push('\n');
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::data::LabeledRow;

    fn row(text: &str, label: &str, region: &str) -> LabeledRow {
        LabeledRow {
            text: text.into(),
            label: label.into(),
            line: 2,
            sentiment: None,
            groups: vec![region.into()],
        }
    }

    #[test]
    fn groups_are_scored_on_their_own_rows_largest_first() {
        let data = LabeledData {
            path: "d.csv".into(),
            rows: vec![
                row("a", "x", "north"),
                row("b", "y", "south"),
                row("c", "y", "south"),
                row("d", "x", ""),
            ],
            sha256: String::new(),
            warnings: Vec::new(),
            group_columns: vec!["region".into()],
        };
        let predicted = ["x", "y", "x", "x"];
        let mut metrics = Metrics::default();
        let mut rows = Vec::new();
        for (r, p) in data.rows.iter().zip(predicted) {
            metrics.add(&r.label, p);
            rows.push((r.label.clone(), p.to_string(), 0.9));
        }
        let e = Evaluation {
            model_name: "m".into(),
            metrics,
            probability: None,
            unknown_gold: 0,
            misclassified: Vec::new(),
            rows,
            sentiment: None,
        };
        let b = &break_down(&data, &[e])[0];
        let names: Vec<&str> = b.groups.iter().map(|g| g.group.as_str()).collect();
        assert_eq!(names, ["south", EMPTY_GROUP, "north"]);
        assert_eq!(b.groups[0].rows, 2);
        // south: gold y y, predicted y x -> accuracy 0.5; labels {x, y}:
        // F1(y) = 2/3, F1(x) = 0 -> macro-F1 1/3.
        assert!((b.groups[0].models[0].accuracy - 0.5).abs() < 1e-12);
        assert!((b.groups[0].models[0].macro_f1 - 1.0 / 3.0).abs() < 1e-12);
        // north: one row, right; its only label is x, so macro-F1 is 1.
        assert!((b.groups[2].models[0].macro_f1 - 1.0).abs() < 1e-12);
        assert!(b.to_text().contains("south"));
    }
}
