//! The page around the charts: style sheet, header, sections and tables.

use super::*;

/// Style rules of the report only (the shared sheet is [`crate::pages::chart::STYLE`]).
pub(super) const REPORT_STYLE: &str = r#"
h3 { font-size: 15px; margin: 14px 0 4px; }
ol.models { margin: 4px 0 8px; padding-left: 0; list-style: none; overflow-wrap: anywhere; }
p.verdict { margin: 6px 0 10px; padding: 8px 12px; max-width: 110ch; border-left: 4px solid #7F7F7F; background: #f6f6f6; }
p.verdict.real { border-left-color: #009E73; }
.pair { display: flex; flex-wrap: wrap; gap: 8px 32px; align-items: flex-start; }
.pair > div { flex: 1 1 440px; min-width: 0; }
table.disagreements td.label { white-space: nowrap; }
table.groups .first { border-left: 1px solid #999; }
table.compare th[colspan], table.compare th[rowspan] { text-align: center; vertical-align: bottom; }
"#;

/// Title and the one-line summary an analyst reads first.
pub(super) fn page_header(data: &ReportData) -> String {
    let (first, second) = match &data.comparison {
        Some(c) => (
            "[1] ",
            format!(
                "<br>[2] accuracy {} · macro-F1 {} · macro-F1 [1] − [2] {} (95% CI {} to {}), \
                 McNemar p = {:.4}",
                fmt3(c.models[1].accuracy),
                fmt3(c.models[1].macro_f1),
                signed(c.test.macro_f1_diff),
                signed(c.test.diff_low),
                signed(c.test.diff_high),
                c.test.mcnemar_p
            ),
        ),
        None => ("", String::new()),
    };
    format!(
        "<header>\n<h1>{}</h1>\n<p class=\"summary\">{} rows · {first}accuracy {} (95% CI {}–{}) · \
         macro-F1 {} (95% CI {}–{}){second}</p>\n</header>\n",
        escape(&data.title),
        data.rows,
        fmt3(data.accuracy),
        fmt3(data.accuracy_ci.0),
        fmt3(data.accuracy_ci.1),
        fmt3(data.macro_f1),
        fmt3(data.macro_f1_ci.0),
        fmt3(data.macro_f1_ci.1),
    )
}

pub(super) fn section(id: &str, heading: &str, note: &str, body: &str) -> String {
    let note = if note.is_empty() {
        String::new()
    } else {
        format!("<p class=\"note\">{}</p>\n", escape(note))
    };
    // In print, a chart stays on one page with its heading; the long tables
    // of examples and of the model card may run over pages.
    let keep = if matches!(id, "misclassified" | "model-card" | "compare" | "groups") {
        ""
    } else {
        " class=\"keep\""
    };
    format!(
        "<section id=\"{}\"{keep}>\n<h2>{}</h2>\n{note}{body}</section>\n",
        escape(id),
        escape(heading)
    )
}

pub(super) fn no_data() -> String {
    "<p class=\"no-data\">no data</p>\n".to_string()
}

// ---------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------

pub(super) fn headline_table(data: &ReportData) -> String {
    let ci = |(low, high): (f64, f64)| format!("{}–{}", fmt3(low), fmt3(high));
    let rows = [
        ("rows", data.rows.to_string(), String::new()),
        ("accuracy", fmt3(data.accuracy), ci(data.accuracy_ci)),
        ("macro-F1", fmt3(data.macro_f1), ci(data.macro_f1_ci)),
        ("weighted F1", fmt3(data.weighted_f1), String::new()),
        ("log loss", fmt3(data.log_loss), String::new()),
        ("Brier score", fmt3(data.brier), String::new()),
        ("expected calibration error", fmt3(data.ece), String::new()),
    ];
    let mut html = String::from(
        "<table class=\"headline\">\n<thead><tr><th>figure</th><th class=\"num\">value</th>\
         <th class=\"num\">95% CI</th></tr></thead>\n<tbody>\n",
    );
    for (name, value, interval) in rows {
        html.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            escape(name),
            escape(&value),
            escape(&interval)
        ));
    }
    html.push_str("</tbody>\n</table>\n");
    html
}

pub(super) fn per_class_table(rows: &[ClassRow]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut html = String::from(
        "<table class=\"per-class\">\n<thead><tr><th>label</th><th class=\"num\">precision</th>\
         <th class=\"num\">recall</th><th class=\"num\">F1</th><th class=\"num\">support</th>\
         <th class=\"num\">ROC-AUC</th><th class=\"num\">AP</th></tr></thead>\n<tbody>\n",
    );
    for row in rows {
        html.push_str(&format!(
            "<tr><td class=\"label\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td></tr>\n",
            escape(&row.label),
            fmt_opt(row.precision),
            fmt_opt(row.recall),
            fmt3(row.f1),
            row.support,
            fmt_opt(row.roc_auc),
            fmt_opt(row.average_precision),
        ));
    }
    html.push_str("</tbody>\n</table>\n");
    html
}

pub(super) fn reliability_table(bins: &[Bin], has_rows: bool) -> String {
    if bins.is_empty() || !has_rows {
        return String::new();
    }
    let mut html = String::from(
        "<table class=\"reliability\">\n<thead><tr><th class=\"num\">confidence bin</th>\
         <th class=\"num\">rows</th><th class=\"num\">mean confidence</th>\
         <th class=\"num\">accuracy</th><th class=\"num\">accuracy − confidence</th></tr></thead>\n<tbody>\n",
    );
    for bin in bins {
        let gap = match (bin.accuracy, bin.mean_confidence) {
            (Some(accuracy), Some(confidence)) => Some(accuracy - confidence),
            _ => None,
        };
        html.push_str(&format!(
            "<tr><td class=\"num\">{}–{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            fmt3(bin.lower),
            fmt3(bin.upper),
            bin.count,
            fmt_opt(bin.mean_confidence),
            fmt_opt(bin.accuracy),
            fmt_opt(gap),
        ));
    }
    html.push_str("</tbody>\n</table>\n");
    html
}

pub(super) fn misclassified_table(examples: &[Example], has_rows: bool) -> String {
    if !has_rows {
        return no_data();
    }
    if examples.is_empty() {
        return "<p class=\"no-data\">no misclassified examples</p>\n".to_string();
    }
    let mut html = String::from(
        "<table class=\"misclassified\">\n<thead><tr><th class=\"num\">#</th><th>text</th>\
         <th>gold</th><th>predicted</th><th class=\"num\">confidence</th>\
         <th class=\"num\">line</th></tr></thead>\n<tbody>\n",
    );
    for (i, example) in examples.iter().enumerate() {
        html.push_str(&format!(
            "<tr><td class=\"num\">{}</td><td class=\"text\">{}</td><td class=\"label\">{}</td>\
             <td class=\"label\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            i + 1,
            escape(&example.text),
            escape(&example.gold),
            escape(&example.predicted),
            fmt3(example.confidence),
            example
                .line
                .map_or_else(|| "n/a".to_string(), |line| line.to_string()),
        ));
    }
    html.push_str("</tbody>\n</table>\n");
    html
}

pub(super) fn model_card_table(card: &[(String, String)]) -> String {
    if card.is_empty() {
        return "<p class=\"no-data\">no model card</p>\n".to_string();
    }
    let mut html = String::from("<table class=\"model-card\">\n<tbody>\n");
    for (key, value) in card {
        html.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td class=\"value\">{}</td></tr>\n",
            escape(key),
            escape(value)
        ));
    }
    html.push_str("</tbody>\n</table>\n");
    html
}
