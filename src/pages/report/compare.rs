//! The side-by-side section of a report on two models: headline figures
//! of each, their paired test, per-class scores, both confusion matrices,
//! and sentences where exactly one of them is right.
//!
//! Every number comes from the evaluation code `eval` uses
//! ([`crate::eval::evaluation::compare`], [`crate::eval::evaluation::disagreements`]),
//! so `eval -m a -m b` and `report -m a -m b` always agree.

use serde::Serialize;

use super::*;
use crate::eval::evaluation::{compare, disagreements, Disagreement, Evaluation};
use crate::eval::probability::PairedComparison;
use crate::io::data::LabeledData;

/// One model's figures as the comparison shows them.
#[derive(Debug, Clone, Serialize)]
pub struct ModelSummary {
    pub name: String,
    pub accuracy: f64,
    pub accuracy_ci: (f64, f64),
    pub macro_f1: f64,
    pub macro_f1_ci: (f64, f64),
    pub labels: Vec<String>,
    /// `confusion[gold][predicted]` over `labels`.
    pub confusion: Vec<Vec<usize>>,
    pub per_class: Vec<ClassRow>,
}

/// Two models on the same rows.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// Model [1] and model [2], in the order given.
    pub models: [ModelSummary; 2],
    /// [1] against [2]: McNemar and the paired bootstrap of macro-F1 [1] − [2].
    pub test: PairedComparison,
    /// Rows only [1] got right, then rows only [2] got right; the wrong
    /// model's most confident answers first.
    pub right_only: [Vec<Disagreement>; 2],
}

impl ModelSummary {
    pub fn of(e: &Evaluation) -> Self {
        let m = &e.metrics;
        let b = m.report_bootstrap();
        ModelSummary {
            name: e.model_name.clone(),
            accuracy: m.accuracy(),
            accuracy_ci: (b.accuracy.low, b.accuracy.high),
            macro_f1: m.macro_f1(),
            macro_f1_ci: (b.macro_f1.low, b.macro_f1.high),
            labels: m.labels().to_vec(),
            confusion: m.confusion_matrix().to_vec(),
            per_class: ClassRow::of(e),
        }
    }
}

impl Comparison {
    /// Compare `a` with `b` (both evaluated on `data`), keeping up to
    /// `examples` disagreeing sentences each way.
    pub fn new(
        data: &LabeledData,
        a: &Evaluation,
        b: &Evaluation,
        seed: u64,
        examples: usize,
    ) -> Self {
        Comparison {
            models: [ModelSummary::of(a), ModelSummary::of(b)],
            test: compare(a, b, seed),
            right_only: disagreements(data, a, b, examples),
        }
    }
}

/// The whole section.
pub(super) fn comparison_section(c: &Comparison) -> String {
    section(
        "compare",
        "Side by side",
        "The same rows labeled by two models. Intervals are 95% bootstrap intervals; the \
             difference is tested on the rows paired (McNemar's exact test on right/wrong, and a \
             paired bootstrap of the macro-F1 difference), exactly as eval -m [1] -m [2] does. \
             The sections after this one are about [1] alone.",
        &comparison_html(c),
    )
}

fn comparison_html(c: &Comparison) -> String {
    let mut html = String::new();
    html.push_str(&format!(
        "<ol class=\"models\"><li><b>[1]</b> {}</li><li><b>[2]</b> {}</li></ol>\n",
        escape(&c.models[0].name),
        escape(&c.models[1].name)
    ));
    html.push_str(&verdict(&c.test));
    html.push_str(&headline_pair(c));
    html.push_str(&per_class_pair(c));
    html.push_str("<div class=\"pair\">\n");
    for (i, m) in c.models.iter().enumerate() {
        html.push_str(&format!(
            "<div><h3>Confusion matrix of [{}]</h3>\n{}</div>\n",
            i + 1,
            confusion_svg(&m.labels, &m.confusion)
        ));
    }
    html.push_str("</div>\n");
    let t = &c.test;
    for (side, count) in [(0, t.a_only), (1, t.b_only)] {
        html.push_str(&format!(
            "<h3>Right only in [{}]: {} rows{}</h3>\n",
            side + 1,
            count,
            if count > c.right_only[side].len() {
                format!(
                    " (the {} where [{}] was surest of its wrong label)",
                    c.right_only[side].len(),
                    2 - side
                )
            } else {
                String::new()
            }
        ));
        html.push_str(&disagreement_table(&c.right_only[side]));
    }
    html
}

/// The paired test in one sentence, with the verdict `eval` prints.
fn verdict(t: &PairedComparison) -> String {
    let (class, words) = if t.is_significant() {
        (
            "verdict real",
            "the difference is real (p < 0.05 and the interval excludes 0)",
        )
    } else {
        (
            "verdict none",
            "no significant difference (p ≥ 0.05 or the interval includes 0)",
        )
    };
    format!(
        "<p class=\"{class}\"><b>Macro-F1 [1] − [2] = {}</b> (95% paired-bootstrap interval {} to {}, \
         {} resamples, seed {}). Right only in [1]: {} rows, right only in [2]: {} rows; \
         McNemar exact p = {:.4}. Verdict: {}.</p>\n",
        signed(t.macro_f1_diff),
        signed(t.diff_low),
        signed(t.diff_high),
        t.resamples,
        t.seed,
        t.a_only,
        t.b_only,
        t.mcnemar_p,
        escape(words)
    )
}

fn headline_pair(c: &Comparison) -> String {
    let [a, b] = &c.models;
    let ci = |(low, high): (f64, f64)| format!("{}–{}", fmt3(low), fmt3(high));
    let mut html = String::from(
        "<table class=\"compare\">\n<thead><tr><th>figure</th><th class=\"num\">[1]</th>\
         <th class=\"num\">95% CI</th><th class=\"num\">[2]</th><th class=\"num\">95% CI</th>\
         <th class=\"num\">[1] − [2]</th></tr></thead>\n<tbody>\n",
    );
    for (name, va, ca, vb, cb) in [
        (
            "accuracy",
            a.accuracy,
            a.accuracy_ci,
            b.accuracy,
            b.accuracy_ci,
        ),
        (
            "macro-F1",
            a.macro_f1,
            a.macro_f1_ci,
            b.macro_f1,
            b.macro_f1_ci,
        ),
    ] {
        html.push_str(&format!(
            "<tr><th scope=\"row\">{name}</th><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            fmt3(va),
            ci(ca),
            fmt3(vb),
            ci(cb),
            signed(va - vb)
        ));
    }
    html.push_str("</tbody>\n</table>\n");
    html
}

/// Precision, recall and F1 of each label, [1] beside [2].
fn per_class_pair(c: &Comparison) -> String {
    let [a, b] = &c.models;
    let mut labels: Vec<&String> = a.per_class.iter().map(|r| &r.label).collect();
    for r in &b.per_class {
        if !labels.contains(&&r.label) {
            labels.push(&r.label);
        }
    }
    let mut html = String::from(
        "<table class=\"compare per-class\">\n<thead><tr><th rowspan=\"2\">label</th>\
         <th class=\"num\" rowspan=\"2\">support</th><th class=\"num\" colspan=\"2\">precision</th>\
         <th class=\"num\" colspan=\"2\">recall</th><th class=\"num\" colspan=\"3\">F1</th></tr>\n\
         <tr><th class=\"num\">[1]</th><th class=\"num\">[2]</th><th class=\"num\">[1]</th>\
         <th class=\"num\">[2]</th><th class=\"num\">[1]</th><th class=\"num\">[2]</th>\
         <th class=\"num\">[1] − [2]</th></tr></thead>\n<tbody>\n",
    );
    for label in labels {
        let find = |m: &ModelSummary| m.per_class.iter().find(|r| r.label == *label).cloned();
        let (ra, rb) = (find(a), find(b));
        let get = |r: &Option<ClassRow>, pick: fn(&ClassRow) -> Option<f64>| {
            fmt_opt(r.as_ref().and_then(pick))
        };
        let f1 = |r: &Option<ClassRow>| r.as_ref().map(|r| r.f1);
        let support = ra.as_ref().or(rb.as_ref()).map_or(0, |r| r.support);
        html.push_str(&format!(
            "<tr><td class=\"label\">{}</td><td class=\"num\">{support}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td></tr>\n",
            escape(label),
            get(&ra, |r| r.precision),
            get(&rb, |r| r.precision),
            get(&ra, |r| r.recall),
            get(&rb, |r| r.recall),
            fmt_opt(f1(&ra)),
            fmt_opt(f1(&rb)),
            match (f1(&ra), f1(&rb)) {
                (Some(x), Some(y)) => signed(x - y),
                _ => "n/a".to_string(),
            }
        ));
    }
    html.push_str("</tbody>\n</table>\n");
    html
}

fn disagreement_table(rows: &[Disagreement]) -> String {
    if rows.is_empty() {
        return "<p class=\"no-data\">none</p>\n".to_string();
    }
    let mut html = String::from(
        "<table class=\"disagreements\">\n<thead><tr><th class=\"num\">line</th><th>text</th>\
         <th>gold</th><th>[1] says</th><th>[2] says</th></tr></thead>\n<tbody>\n",
    );
    for r in rows {
        html.push_str(&format!(
            "<tr><td class=\"num\">{}</td><td class=\"text\">{}</td><td class=\"label\">{}</td>\
             <td class=\"label\">{} ({})</td><td class=\"label\">{} ({})</td></tr>\n",
            r.line,
            escape(&r.text),
            escape(&r.gold),
            escape(&r.predicted[0]),
            fmt3(f64::from(r.confidence[0])),
            escape(&r.predicted[1]),
            fmt3(f64::from(r.confidence[1])),
        ));
    }
    html.push_str("</tbody>\n</table>\n");
    html
}

/// A difference with its sign, "+0.012" or "−0.004" (a true minus sign).
pub(super) fn signed(value: f64) -> String {
    let text = fmt3(value.abs());
    if value.is_nan() || text == "0.000" {
        return text;
    }
    if value < 0.0 {
        format!("−{text}")
    } else {
        format!("+{text}")
    }
}
