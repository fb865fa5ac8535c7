//! A self-contained HTML page of a model's evaluation, for analysts to review
//! before they rely on the model.
//!
//! [`render_html`] turns a [`ReportData`] into one page with inline CSS and
//! inline SVG charts drawn here by hand: no external resources and no
//! JavaScript, so the file can be mailed, archived and printed as it is.
//! Every piece of user text (labels, sentences, model-card values) goes
//! through [`escape`]; every coordinate through [`num`], which never writes
//! `NaN` or `inf` into the SVG.

use serde::Serialize;

use crate::chart::*;

/// Everything the report shows. Built by the caller from an evaluation run.
#[derive(Debug, Clone, Serialize)]
pub struct ReportData {
    /// Page heading, e.g. "rhetoric model report: default.model on data/test.csv".
    pub title: String,
    /// Program and version, e.g. "rhetoric 0.1.0".
    pub generated_by: String,
    /// Key/value rows: labels, training rows, data SHA-256, options, …
    pub model_card: Vec<(String, String)>,
    pub labels: Vec<String>,
    pub rows: usize,
    pub accuracy: f64,
    pub accuracy_ci: (f64, f64),
    pub macro_f1: f64,
    pub macro_f1_ci: (f64, f64),
    pub weighted_f1: f64,
    pub log_loss: f64,
    pub brier: f64,
    pub ece: f64,
    /// `confusion[gold][predicted]`.
    pub confusion: Vec<Vec<usize>>,
    pub per_class: Vec<ClassRow>,
    /// Calibration: bins of max-probability confidence.
    pub reliability: Vec<Bin>,
    /// One per label: (recall, precision) points.
    pub pr_curves: Vec<Curve>,
    /// One per label: (false-positive rate, true-positive rate) points.
    pub roc_curves: Vec<Curve>,
    /// Max-probability histogram, split into correct and wrong predictions.
    pub confidence_histogram: Vec<HistBin>,
    /// Most confident errors first.
    pub misclassified: Vec<Example>,
}

/// Scores of one label.
#[derive(Debug, Clone, Serialize)]
pub struct ClassRow {
    pub label: String,
    /// `None` when the label was never predicted.
    pub precision: Option<f64>,
    /// `None` when the label never occurs in the gold data.
    pub recall: Option<f64>,
    pub f1: f64,
    pub support: usize,
    pub roc_auc: Option<f64>,
    pub average_precision: Option<f64>,
}

/// One calibration bin of max-probability confidence.
#[derive(Debug, Clone, Serialize)]
pub struct Bin {
    pub lower: f64,
    pub upper: f64,
    pub count: usize,
    /// `None` for an empty bin.
    pub mean_confidence: Option<f64>,
    /// `None` for an empty bin.
    pub accuracy: Option<f64>,
}

/// One label's curve; `area` is its AP (precision–recall) or AUC (ROC).
#[derive(Debug, Clone, Serialize)]
pub struct Curve {
    pub label: String,
    pub points: Vec<(f64, f64)>,
    pub area: Option<f64>,
}

/// One bin of the confidence histogram.
#[derive(Debug, Clone, Serialize)]
pub struct HistBin {
    pub lower: f64,
    pub upper: f64,
    pub correct: usize,
    pub wrong: usize,
}

/// A misclassified sentence.
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    pub text: String,
    pub gold: String,
    pub predicted: String,
    pub confidence: f64,
    /// Line in the input file, when known.
    pub line: Option<u64>,
}

/// The whole page.
pub fn render_html(data: &ReportData) -> String {
    // With no rows every figure is meaningless, whatever the caller filled in.
    let has_rows = data.rows > 0;
    let chart = |svg: String| if has_rows { svg } else { no_data() };

    let mut page = String::with_capacity(96 * 1024);
    page.push_str(&page_head(&data.title, ""));
    page.push_str(&page_header(data));
    page.push_str("<main>\n");
    page.push_str(&section(
        "headline",
        "Headline figures",
        "Intervals are 95% bootstrap intervals. Log loss, Brier score and ECE: lower is better.",
        &headline_table(data),
    ));
    page.push_str(&section(
        "confusion",
        "Confusion matrix",
        "Rows are gold labels, columns are predicted labels. Each cell shows its count and its \
         share of the row; shading follows the share, so the diagonal is per-class recall.",
        &chart(confusion_svg(&data.labels, &data.confusion)),
    ));
    page.push_str(&section(
        "per-class",
        "Per-class scores",
        "n/a: precision is undefined when a label is never predicted, recall when it never \
         occurs in the gold data.",
        &format!(
            "{}{}",
            chart(per_class_svg(&data.per_class)),
            per_class_table(&data.per_class)
        ),
    ));
    page.push_str(&section(
        "calibration",
        "Calibration",
        "Each point is one bin of predictions grouped by their highest probability: how often \
         they were right against how confident they were. Points below the diagonal mean \
         over-confidence. The strip below the chart shows how many rows fall in each bin.",
        &format!(
            "{}{}",
            chart(calibration_svg(&data.reliability)),
            reliability_table(&data.reliability, has_rows)
        ),
    ));
    page.push_str(&section(
        "precision-recall",
        "Precision–recall curves",
        "One curve per label, that label against all others. AP: average precision.",
        &chart(curves_svg(&data.pr_curves, CurveKind::PrecisionRecall)),
    ));
    page.push_str(&section(
        "roc",
        "ROC curves",
        "One curve per label, that label against all others. The dashed diagonal is chance; \
         AUC: area under the curve.",
        &chart(curves_svg(&data.roc_curves, CurveKind::Roc)),
    ));
    page.push_str(&section(
        "confidence",
        "Confidence histogram",
        "Highest predicted probability of every row, split into correct and wrong predictions.",
        &chart(histogram_svg(&data.confidence_histogram)),
    ));
    page.push_str(&section(
        "misclassified",
        "Misclassified examples",
        "Most confident errors first.",
        &misclassified_table(&data.misclassified, has_rows),
    ));
    page.push_str(&section(
        "model-card",
        "Model card",
        "",
        &model_card_table(&data.model_card),
    ));
    page.push_str("</main>\n");
    page.push_str(&format!(
        "<footer>Generated by {}.</footer>\n</body>\n</html>\n",
        escape(&data.generated_by)
    ));
    page
}

/// Title and the one-line summary an analyst reads first.
fn page_header(data: &ReportData) -> String {
    format!(
        "<header>\n<h1>{}</h1>\n<p class=\"summary\">{} rows · accuracy {} (95% CI {}–{}) · \
         macro-F1 {} (95% CI {}–{})</p>\n</header>\n",
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

fn section(id: &str, heading: &str, note: &str, body: &str) -> String {
    let note = if note.is_empty() {
        String::new()
    } else {
        format!("<p class=\"note\">{}</p>\n", escape(note))
    };
    // In print, a chart stays on one page with its heading; the long tables
    // of examples and of the model card may run over pages.
    let keep = if matches!(id, "misclassified" | "model-card") {
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

fn no_data() -> String {
    "<p class=\"no-data\">no data</p>\n".to_string()
}

// ---------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------

fn headline_table(data: &ReportData) -> String {
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

fn per_class_table(rows: &[ClassRow]) -> String {
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

fn reliability_table(bins: &[Bin], has_rows: bool) -> String {
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

fn misclassified_table(examples: &[Example], has_rows: bool) -> String {
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

fn model_card_table(card: &[(String, String)]) -> String {
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

// ---------------------------------------------------------------------------
// Charts
// ---------------------------------------------------------------------------

const PRECISION_COLOUR: &str = "#0072B2";
const RECALL_COLOUR: &str = "#E69F00";
const F1_COLOUR: &str = "#009E73";
const CORRECT_COLOUR: &str = "#0072B2";
const WRONG_COLOUR: &str = "#D55E00";
const COUNT_COLOUR: &str = "#A6A6A6";

/// Longest label drawn in a chart; tables always show the whole label.
const MAX_CHART_LABEL: usize = 22;

/// The confusion matrix as a heatmap, shaded by each row's share.
fn confusion_svg(labels: &[String], confusion: &[Vec<usize>]) -> String {
    // The matrix may disagree with the label list; show whatever is there.
    let widest_row = confusion.iter().map(Vec::len).max().unwrap_or(0);
    let n = labels.len().max(confusion.len()).max(widest_row);
    let count = |gold: usize, predicted: usize| {
        confusion
            .get(gold)
            .and_then(|row| row.get(predicted))
            .copied()
            .unwrap_or(0)
    };
    let row_totals: Vec<usize> = (0..n).map(|g| (0..n).map(|p| count(g, p)).sum()).collect();
    if n == 0 || row_totals.iter().all(|&total| total == 0) {
        return no_data();
    }
    let names: Vec<String> = (0..n).map(|i| label_name(labels, i)).collect();
    let shown = chart_labels(&names, MAX_CHART_LABEL);

    let cell = (560.0 / n as f64).clamp(48.0, 110.0);
    let columns = CategoryLabels::fit(&shown, cell);
    let row_label_px = widest_px(&shown);
    let left = (36.0 + row_label_px + 10.0).max(columns.overhang - cell / 2.0 + 10.0);
    let top = 12.0;
    let grid = cell * n as f64;
    let width = left + grid + 70.0;
    let height = top + grid + columns.height + 34.0;

    let mut svg = svg_open(
        width,
        height,
        "Confusion matrix: gold labels on rows, predicted labels on columns",
    );
    for gold in 0..n {
        let total = row_totals.get(gold).copied().unwrap_or(0);
        let y = top + gold as f64 * cell;
        for predicted in 0..n {
            let x = left + predicted as f64 * cell;
            let c = count(gold, predicted);
            let share = if total > 0 {
                Some(c as f64 / total as f64)
            } else {
                None
            };
            let shade = share.unwrap_or(0.0);
            let ink = if shade > 0.5 { "#ffffff" } else { "#1a1a1a" };
            let tooltip = format!(
                "gold {} → predicted {}: {} rows, {} of the row",
                names.get(gold).map_or("", String::as_str),
                names.get(predicted).map_or("", String::as_str),
                c,
                fmt_opt(share)
            );
            svg.push_str(&format!(
                "<g><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" \
                 fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"2\"/>",
                escape(&tooltip),
                num(x),
                num(y),
                num(cell),
                num(cell),
                sequential_blue(shade)
            ));
            svg.push_str(&text_at(
                x + cell / 2.0,
                y + cell / 2.0,
                "middle",
                &format!("font-size=\"14\" font-weight=\"600\" fill=\"{ink}\""),
                &c.to_string(),
            ));
            svg.push_str(&text_at(
                x + cell / 2.0,
                y + cell / 2.0 + 16.0,
                "middle",
                &format!("font-size=\"10\" fill=\"{ink}\""),
                &fmt_opt(share),
            ));
            svg.push_str("</g>\n");
        }
        svg.push_str(&label_with_tooltip(
            left - 8.0,
            y + cell / 2.0 + 4.0,
            "end",
            "",
            shown.get(gold).map_or("", String::as_str),
            names.get(gold).map_or("", String::as_str),
        ));
        svg.push_str(&text_at(
            left + grid + 8.0,
            y + cell / 2.0 + 4.0,
            "start",
            "fill=\"#555555\"",
            &format!("n={total}"),
        ));
    }
    for (predicted, (short, full)) in shown.iter().zip(&names).enumerate() {
        let x = left + predicted as f64 * cell + cell / 2.0;
        svg.push_str(&columns.label(x, top + grid, short, full));
    }
    svg.push_str(&text_at(
        left + grid / 2.0,
        top + grid + columns.height + 22.0,
        "middle",
        "font-weight=\"600\"",
        "predicted label",
    ));
    let title_x = 14.0;
    let title_y = top + grid / 2.0;
    svg.push_str(&text_at(
        title_x,
        title_y,
        "middle",
        &format!(
            "font-weight=\"600\" transform=\"rotate(-90 {} {})\"",
            num(title_x),
            num(title_y)
        ),
        "gold label",
    ));
    svg.push_str(SVG_CLOSE);
    figure(&svg)
}

/// Grouped bars of precision, recall and F1 per label.
fn per_class_svg(rows: &[ClassRow]) -> String {
    if rows.is_empty() {
        return no_data();
    }
    let full: Vec<String> = rows.iter().map(|row| row.label.clone()).collect();
    let shown = chart_labels(&full, MAX_CHART_LABEL);
    let plot_width = 680.0;
    let group = plot_width / rows.len() as f64;
    let categories = CategoryLabels::fit(&shown, group);
    let f = Frame {
        left: (60.0f64).max(categories.overhang - group / 2.0 + 10.0),
        top: 36.0,
        width: plot_width,
        height: 240.0,
        x: (0.0, 1.0),
        y: (0.0, 1.0),
    };
    let width = f.right() + 20.0;
    let height = f.bottom() + categories.height + 34.0;
    let y_ticks = nice_ticks(0.0, 1.0, 5);
    let mut svg = svg_open(width, height, "Precision, recall and F1 per label");
    grid_lines(&mut svg, &f, &[], &y_ticks);
    y_axis(&mut svg, &f, &y_ticks, "score");

    let bar = ((group * 0.78) / 3.0).min(40.0);
    for (i, row) in rows.iter().enumerate() {
        let centre = f.left + group * (i as f64 + 0.5);
        let metrics = [
            ("precision", row.precision, PRECISION_COLOUR),
            ("recall", row.recall, RECALL_COLOUR),
            ("F1", Some(row.f1), F1_COLOUR),
        ];
        for (j, (name, value, colour)) in metrics.iter().enumerate() {
            let x = centre + (j as f64 - 1.5) * bar;
            match value.filter(|v| v.is_finite()) {
                Some(v) => {
                    let y = f.y(v);
                    svg.push_str(&format!(
                        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{colour}\">\
                         <title>{}: {name} {}</title></rect>\n",
                        num(x + 1.0),
                        num(y),
                        num(bar - 2.0),
                        num(f.bottom() - y),
                        escape(&row.label),
                        fmt3(v)
                    ));
                }
                None => svg.push_str(&text_at(
                    x + bar / 2.0,
                    f.bottom() - 4.0,
                    "middle",
                    "font-size=\"9\" fill=\"#555555\"",
                    "n/a",
                )),
            }
        }
        svg.push_str(&categories.label(
            centre,
            f.bottom(),
            shown.get(i).map_or("", String::as_str),
            &row.label,
        ));
    }
    axis_line(&mut svg, f.left, f.bottom(), f.right(), f.bottom());
    legend(
        &mut svg,
        f.left,
        14.0,
        true,
        &[
            LegendEntry::swatch(PRECISION_COLOUR, "precision"),
            LegendEntry::swatch(RECALL_COLOUR, "recall"),
            LegendEntry::swatch(F1_COLOUR, "F1"),
        ],
    );
    svg.push_str(&text_at(
        f.left + f.width / 2.0,
        f.bottom() + categories.height + 22.0,
        "middle",
        "font-weight=\"600\"",
        "label",
    ));
    svg.push_str(SVG_CLOSE);
    figure(&svg)
}

/// Reliability diagram: accuracy against mean confidence per bin, with the
/// bins' row counts in a strip underneath.
fn calibration_svg(bins: &[Bin]) -> String {
    let max_count = bins.iter().map(|b| b.count).max().unwrap_or(0);
    if max_count == 0 {
        return no_data();
    }
    let f = Frame {
        left: 64.0,
        top: 16.0,
        width: 420.0,
        height: 320.0,
        x: (0.0, 1.0),
        y: (0.0, 1.0),
    };
    let strip_top = f.bottom() + 10.0;
    let strip_height = 56.0;
    let axis_y = strip_top + strip_height;
    let width = 760.0;
    let height = axis_y + 48.0;
    let ticks = nice_ticks(0.0, 1.0, 5);

    let mut svg = svg_open(
        width,
        height,
        "Calibration: accuracy against mean confidence per bin",
    );
    grid_lines(&mut svg, &f, &ticks, &ticks);
    y_axis(&mut svg, &f, &ticks, "accuracy");
    axis_line(&mut svg, f.left, f.bottom(), f.right(), f.bottom());
    svg.push_str(&line(
        f.x(0.0),
        f.y(0.0),
        f.x(1.0),
        f.y(1.0),
        REFERENCE_COLOUR,
        1.5,
        "6 4",
    ));

    // Counts strip: bars share the chart's x axis.
    svg.push_str("<g class=\"counts\">");
    let strip_bar_max = strip_height - 14.0;
    for bin in bins.iter().filter(|b| b.count > 0) {
        if !(bin.lower.is_finite() && bin.upper.is_finite()) {
            continue;
        }
        let x0 = f.x(bin.lower) + 0.5;
        let x1 = (f.x(bin.upper) - 0.5).max(x0 + 1.0);
        let h = (bin.count as f64 / max_count as f64 * strip_bar_max).max(1.0);
        svg.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{COUNT_COLOUR}\">\
             <title>{}–{}: {} rows</title></rect>",
            num(x0),
            num(axis_y - h),
            num(x1 - x0),
            num(h),
            fmt3(bin.lower),
            fmt3(bin.upper),
            bin.count
        ));
        let label = bin.count.to_string();
        if label.len() as f64 * 6.0 <= x1 - x0 + 4.0 {
            svg.push_str(&text_at(
                (x0 + x1) / 2.0,
                axis_y - h - 3.0,
                "middle",
                "font-size=\"10\" fill=\"#555555\"",
                &label,
            ));
        }
    }
    svg.push_str("</g>\n");
    svg.push_str(&text_at(
        f.left - 8.0,
        strip_top + strip_height / 2.0 + 4.0,
        "end",
        "font-size=\"11\" fill=\"#555555\"",
        "rows",
    ));
    x_axis(
        &mut svg,
        &f,
        &ticks,
        "mean confidence (highest probability)",
        axis_y,
    );

    let mut points: Vec<(f64, f64, &Bin)> = bins
        .iter()
        .filter(|b| b.count > 0)
        .filter_map(|b| match (b.mean_confidence, b.accuracy) {
            (Some(c), Some(a)) if c.is_finite() && a.is_finite() => Some((c, a, b)),
            _ => None,
        })
        .collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    if points.len() > 1 {
        let path: Vec<(f64, f64)> = points.iter().map(|&(c, a, _)| (c, a)).collect();
        svg.push_str(&polyline(&f, &path, series_colour(0), "", 2.0));
    }
    for &(c, a, bin) in &points {
        svg.push_str(&format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1\">\
             <title>{}–{}: {} rows, mean confidence {}, accuracy {}</title></circle>\n",
            num(f.x(c)),
            num(f.y(a)),
            series_colour(0),
            fmt3(bin.lower),
            fmt3(bin.upper),
            bin.count,
            fmt3(c),
            fmt3(a)
        ));
    }
    if points.is_empty() {
        svg.push_str(&text_at(
            f.left + f.width / 2.0,
            f.top + f.height / 2.0,
            "middle",
            "fill=\"#555555\"",
            "no points",
        ));
    }
    legend(
        &mut svg,
        f.right() + 28.0,
        f.top + 10.0,
        false,
        &[
            LegendEntry::line(series_colour(0), "", "model (one point per bin)"),
            LegendEntry::line(REFERENCE_COLOUR, "6 4", "perfect calibration"),
            LegendEntry::swatch(COUNT_COLOUR, "rows per bin"),
        ],
    );
    svg.push_str(SVG_CLOSE);
    figure(&svg)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum CurveKind {
    PrecisionRecall,
    Roc,
}

/// One line per label on a unit square: precision–recall or ROC.
fn curves_svg(curves: &[Curve], kind: CurveKind) -> String {
    if curves.is_empty() {
        return no_data();
    }
    let (x_title, y_title, area_name, description) = match kind {
        CurveKind::PrecisionRecall => (
            "recall",
            "precision",
            "AP",
            "Precision–recall curves, one per label",
        ),
        CurveKind::Roc => (
            "false-positive rate",
            "true-positive rate",
            "AUC",
            "ROC curves, one per label",
        ),
    };
    let f = Frame {
        left: 64.0,
        top: 16.0,
        width: 420.0,
        height: 320.0,
        x: (0.0, 1.0),
        y: (0.0, 1.0),
    };
    // Room on the right for a legend of long labels.
    let width = 820.0;
    let height = f.bottom() + 52.0;
    let ticks = nice_ticks(0.0, 1.0, 5);
    let full: Vec<String> = curves.iter().map(|curve| curve.label.clone()).collect();
    let shown = chart_labels(&full, 26);

    let mut svg = svg_open(width, height, description);
    grid_lines(&mut svg, &f, &ticks, &ticks);
    y_axis(&mut svg, &f, &ticks, y_title);
    x_axis(&mut svg, &f, &ticks, x_title, f.bottom());
    if kind == CurveKind::Roc {
        svg.push_str(&line(
            f.x(0.0),
            f.y(0.0),
            f.x(1.0),
            f.y(1.0),
            REFERENCE_COLOUR,
            1.5,
            "6 4",
        ));
    }

    let mut entries = Vec::with_capacity(curves.len());
    let mut drawn = 0;
    for (i, curve) in curves.iter().enumerate() {
        let (colour, dash) = (series_colour(i), series_dash(i));
        let points: Vec<(f64, f64)> = curve
            .points
            .iter()
            .copied()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .collect();
        match points.as_slice() {
            [] => {}
            [(x, y)] => {
                drawn += 1;
                svg.push_str(&format!(
                    "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{colour}\"><title>{}</title></circle>\n",
                    num(f.x(*x)),
                    num(f.y(*y)),
                    escape(&curve.label)
                ));
            }
            _ => {
                drawn += 1;
                svg.push_str(&polyline(&f, &points, colour, dash, 2.0));
            }
        }
        let short = shown.get(i).map_or("", String::as_str);
        let text = if points.is_empty() {
            format!("{short} — no points")
        } else {
            format!("{short} — {area_name} {}", fmt_opt(curve.area))
        };
        entries.push(LegendEntry {
            marker: Marker::Line { colour, dash },
            text,
            tooltip: curve.label.clone(),
        });
    }
    if drawn == 0 {
        svg.push_str(&text_at(
            f.left + f.width / 2.0,
            f.top + f.height / 2.0,
            "middle",
            "fill=\"#555555\"",
            "no points",
        ));
    }
    if kind == CurveKind::Roc {
        entries.push(LegendEntry::line(REFERENCE_COLOUR, "6 4", "chance"));
    }
    legend(&mut svg, f.right() + 28.0, f.top + 10.0, false, &entries);
    svg.push_str(SVG_CLOSE);
    figure(&svg)
}

/// Stacked bars of correct and wrong predictions per confidence bin.
fn histogram_svg(bins: &[HistBin]) -> String {
    let usable: Vec<&HistBin> = bins
        .iter()
        .filter(|b| b.lower.is_finite() && b.upper.is_finite())
        .collect();
    let max_stack = usable
        .iter()
        .map(|b| b.correct.saturating_add(b.wrong))
        .max()
        .unwrap_or(0);
    if max_stack == 0 {
        return no_data();
    }
    // Confidences live in [0, 1]; widen only if the bins say otherwise.
    let x_lo = usable.iter().map(|b| b.lower).fold(0.0, f64::min);
    let x_hi = usable.iter().map(|b| b.upper).fold(1.0, f64::max);
    let y_ticks = nice_ticks(0.0, max_stack as f64, 5);
    let y_hi = y_ticks
        .last()
        .map_or(max_stack as f64, |t| t.value.max(max_stack as f64));
    let f = Frame {
        left: 64.0,
        top: 16.0,
        width: 540.0,
        height: 260.0,
        x: (x_lo, x_hi),
        y: (0.0, y_hi),
    };
    let width = 760.0;
    let height = f.bottom() + 52.0;
    let x_ticks = nice_ticks(x_lo, x_hi, 10);

    let mut svg = svg_open(
        width,
        height,
        "Histogram of the highest predicted probability, correct and wrong",
    );
    grid_lines(&mut svg, &f, &[], &y_ticks);
    y_axis(&mut svg, &f, &y_ticks, "rows");
    for bin in &usable {
        let x0 = f.x(bin.lower) + 0.5;
        let x1 = (f.x(bin.upper) - 0.5).max(x0 + 1.0);
        let tooltip = format!(
            "{}–{}: {} correct, {} wrong",
            fmt3(bin.lower),
            fmt3(bin.upper),
            bin.correct,
            bin.wrong
        );
        svg.push_str(&format!("<g><title>{}</title>", escape(&tooltip)));
        let base = f.y(0.0);
        let correct_top = f.y(bin.correct as f64);
        let wrong_top = f.y(bin.correct.saturating_add(bin.wrong) as f64);
        if bin.correct > 0 {
            svg.push_str(&rect(
                x0,
                correct_top,
                x1 - x0,
                base - correct_top,
                CORRECT_COLOUR,
            ));
        }
        if bin.wrong > 0 {
            svg.push_str(&rect(
                x0,
                wrong_top,
                x1 - x0,
                correct_top - wrong_top,
                WRONG_COLOUR,
            ));
        }
        svg.push_str("</g>\n");
    }
    x_axis(
        &mut svg,
        &f,
        &x_ticks,
        "highest predicted probability",
        f.bottom(),
    );
    legend(
        &mut svg,
        f.right() + 24.0,
        f.top + 10.0,
        false,
        &[
            LegendEntry::swatch(CORRECT_COLOUR, "correct"),
            LegendEntry::swatch(WRONG_COLOUR, "wrong"),
        ],
    );
    svg.push_str(SVG_CLOSE);
    figure(&svg)
}

/// Light-to-dark blue for a share from 0 to 1: one hue reads in print and
/// for colour-blind readers.
fn sequential_blue(share: f64) -> String {
    let t = if share.is_finite() {
        share.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (light, dark) = ((247.0, 251.0, 255.0), (8.0, 48.0, 107.0));
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(light.0, dark.0),
        mix(light.1, dark.1),
        mix(light.2, dark.2)
    )
}

/// The name of label `i`, or `#i` when the label list is too short.
fn label_name(labels: &[String], i: usize) -> String {
    labels.get(i).cloned().unwrap_or_else(|| format!("#{i}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    /// A report over `names` with a plausible diagonal-heavy confusion matrix.
    fn data_for(names: &[&str]) -> ReportData {
        let k = names.len();
        let confusion: Vec<Vec<usize>> = (0..k)
            .map(|g| {
                (0..k)
                    .map(|p| if g == p { 80 + 10 * g } else { 3 + (g + p) % 5 })
                    .collect()
            })
            .collect();
        data_from(names, confusion)
    }

    /// A report whose counts and per-class scores follow `confusion`.
    fn data_from(names: &[&str], confusion: Vec<Vec<usize>>) -> ReportData {
        let labels = labels(names);
        let k = labels.len();
        let rows: usize = confusion.iter().flatten().sum();
        let diagonal: usize = (0..k).map(|i| confusion[i][i]).sum();
        let per_class = (0..k)
            .map(|j| {
                let support: usize = confusion[j].iter().sum();
                let predicted: usize = confusion.iter().map(|r| r[j]).sum();
                let precision = confusion[j][j] as f64 / predicted as f64;
                let recall = confusion[j][j] as f64 / support as f64;
                ClassRow {
                    label: labels[j].clone(),
                    precision: Some(precision),
                    recall: Some(recall),
                    f1: 2.0 * precision * recall / (precision + recall),
                    support,
                    roc_auc: Some(0.9 - 0.02 * j as f64),
                    average_precision: Some(0.85 - 0.03 * j as f64),
                }
            })
            .collect();
        let pr_curves = labels
            .iter()
            .enumerate()
            .map(|(j, l)| {
                let q = 0.25 + 0.1 * j as f64;
                Curve {
                    label: l.clone(),
                    points: (0..=20)
                        .map(|i| {
                            let r = i as f64 / 20.0;
                            (r, 1.0 - q * r.powi(3))
                        })
                        .collect(),
                    area: Some(1.0 - q / 4.0),
                }
            })
            .collect();
        let roc_curves = labels
            .iter()
            .enumerate()
            .map(|(j, l)| {
                let a = 9.0 - j as f64;
                Curve {
                    label: l.clone(),
                    points: (0..=20)
                        .map(|i| {
                            let x = i as f64 / 20.0;
                            (x, 1.0 - (1.0 - x).powf(a))
                        })
                        .collect(),
                    area: Some(a / (a + 1.0)),
                }
            })
            .collect();
        let floor = 1.0 / k as f64;
        let reliability = (0..10)
            .map(|i| {
                let lower = i as f64 / 10.0;
                let upper = lower + 0.1;
                let count = if upper <= floor {
                    0
                } else {
                    20 + 30 * i * i / 9
                };
                let mid = lower + 0.05;
                Bin {
                    lower,
                    upper,
                    count,
                    mean_confidence: (count > 0).then_some(mid),
                    accuracy: (count > 0).then_some((mid - 0.06).max(0.0)),
                }
            })
            .collect();
        let confidence_histogram = (0..20)
            .map(|i| {
                let lower = i as f64 / 20.0;
                let upper = lower + 0.05;
                if upper <= floor {
                    HistBin {
                        lower,
                        upper,
                        correct: 0,
                        wrong: 0,
                    }
                } else {
                    HistBin {
                        lower,
                        upper,
                        correct: 4 + 3 * i * i / 10,
                        wrong: 12usize.saturating_sub(i / 2),
                    }
                }
            })
            .collect();
        ReportData {
            title: "rhetoric model report: default.model on data/test.csv".to_string(),
            generated_by: "rhetoric 0.1.0".to_string(),
            model_card: vec![
                ("labels".to_string(), names.join(", ")),
                ("training rows".to_string(), "5400".to_string()),
                ("data SHA-256".to_string(), "ab".repeat(32)),
            ],
            labels: labels.clone(),
            rows,
            accuracy: diagonal as f64 / rows as f64,
            accuracy_ci: (0.8512, 0.8943),
            macro_f1: 0.84213,
            macro_f1_ci: (0.8184, 0.8655),
            weighted_f1: 0.8612,
            log_loss: 0.4123,
            brier: 0.2011,
            ece: 0.0457,
            confusion,
            per_class,
            reliability,
            pr_curves,
            roc_curves,
            confidence_histogram,
            misclassified: vec![
                Example {
                    text: "Officials said talks would \"resume\" next week & sanctions eased."
                        .to_string(),
                    gold: labels[0].clone(),
                    predicted: labels[k - 1].clone(),
                    confidence: 0.9312,
                    line: Some(118),
                },
                Example {
                    text: "The minister warned of a 'severe response'.".to_string(),
                    gold: labels[k - 1].clone(),
                    predicted: labels[0].clone(),
                    confidence: 0.8127,
                    line: None,
                },
            ],
        }
    }

    fn three_labels() -> ReportData {
        data_for(&["escalation", "de-escalation", "neutral"])
    }

    /// Every `<svg>…</svg>` block of a page.
    fn svg_blocks(html: &str) -> Vec<&str> {
        let mut blocks = Vec::new();
        let mut rest = html;
        while let Some(start) = rest.find("<svg") {
            let Some(len) = rest[start..].find("</svg>") else {
                blocks.push(&rest[start..]);
                break;
            };
            let end = start + len + "</svg>".len();
            blocks.push(&rest[start..end]);
            rest = &rest[end..];
        }
        blocks
    }

    /// Checks that tags nest properly: each opening tag is closed in order.
    fn check_balanced(markup: &str) -> Result<(), String> {
        let mut open: Vec<String> = Vec::new();
        let mut rest = markup;
        while let Some(lt) = rest.find('<') {
            rest = &rest[lt..];
            let Some(gt) = rest.find('>') else {
                return Err("unterminated tag".to_string());
            };
            let tag = &rest[1..gt];
            rest = &rest[gt + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                match open.pop() {
                    Some(top) if top == name.trim() => {}
                    other => return Err(format!("</{name}> closes {other:?}")),
                }
            } else if !tag.ends_with('/') {
                let name: String = tag
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                if name.is_empty() {
                    return Err(format!("odd tag <{tag}>"));
                }
                open.push(name);
            }
        }
        if open.is_empty() {
            Ok(())
        } else {
            Err(format!("left open: {open:?}"))
        }
    }

    /// Every numeric attribute parses as a finite number.
    fn assert_coordinates_finite(svg: &str) {
        let names = [
            "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height", "points",
        ];
        for name in names {
            let needle = format!(" {name}=\"");
            for (at, _) in svg.match_indices(&needle) {
                let value = &svg[at + needle.len()..];
                let value = &value[..value.find('"').unwrap_or(value.len())];
                for number in value.split([' ', ',']) {
                    let parsed: f64 = number
                        .parse()
                        .unwrap_or_else(|_| panic!("{name}=\"{value}\" is not numeric"));
                    assert!(parsed.is_finite(), "{name}=\"{value}\"");
                }
            }
        }
    }

    fn assert_svgs_well_formed(html: &str) {
        assert_eq!(html.matches("<svg").count(), html.matches("</svg>").count());
        let g_open = html.matches("<g>").count() + html.matches("<g ").count();
        assert_eq!(g_open, html.matches("</g>").count());
        for block in svg_blocks(html) {
            check_balanced(block).unwrap_or_else(|e| panic!("{e} in {block}"));
            assert_coordinates_finite(block);
        }
    }

    #[test]
    fn escape_replaces_the_five_special_characters() {
        assert_eq!(
            escape(r#"a & b < c > d "e" 'f'"#),
            "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;"
        );
        assert_eq!(escape("bell\u{7}"), "bell\u{FFFD}");
        assert_eq!(escape("tab\tline\n"), "tab\tline\n");
    }

    #[test]
    fn hostile_text_is_escaped_everywhere() {
        let hostile = "<script>alert(1)</script> \"quoted\" 'single' & more";
        let mut data = three_labels();
        data.title = hostile.to_string();
        data.generated_by = hostile.to_string();
        data.labels[0] = hostile.to_string();
        data.per_class[0].label = hostile.to_string();
        data.pr_curves[0].label = hostile.to_string();
        data.roc_curves[0].label = hostile.to_string();
        data.misclassified[0].text = hostile.to_string();
        data.misclassified[0].gold = hostile.to_string();
        data.model_card
            .push((hostile.to_string(), hostile.to_string()));
        let html = render_html(&data);
        assert!(!html.to_lowercase().contains("<script"));
        assert!(!html.contains("\"quoted\""));
        assert!(!html.contains("'single'"));
        assert!(html.contains(
            "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &#39;single&#39; &amp; more"
        ));
        assert_svgs_well_formed(&html);
    }

    #[test]
    fn every_svg_is_well_formed() {
        let html = render_html(&three_labels());
        // Heatmap, per-class bars, calibration, PR, ROC, histogram.
        assert_eq!(svg_blocks(&html).len(), 6);
        assert_svgs_well_formed(&html);
        let body_start = html.find("<body>").unwrap_or(0);
        let body_end = html.find("</body>").unwrap_or(html.len()) + "</body>".len();
        check_balanced(&html[body_start..body_end]).unwrap_or_else(|e| panic!("page body: {e}"));
    }

    #[test]
    fn figures_are_shown_with_three_decimals() {
        let mut data = three_labels();
        data.accuracy = 0.87345;
        let html = render_html(&data);
        assert!(html.contains("accuracy 0.873 (95% CI 0.851–0.894)"));
        assert!(html.contains("macro-F1 0.842 (95% CI 0.818–0.866)"));
        for figure in ["0.861", "0.412", "0.201", "0.046", "0.931"] {
            assert!(html.contains(figure), "{figure} missing");
        }
        assert_eq!(fmt3(-0.00001), "0.000");
        assert_eq!(fmt3(f64::NAN), "n/a");
    }

    #[test]
    fn missing_values_show_as_na() {
        let mut data = three_labels();
        data.per_class[1].precision = None;
        data.per_class[1].roc_auc = None;
        data.per_class[2].average_precision = None;
        let html = render_html(&data);
        let table_start = html.find("<table class=\"per-class\">").unwrap_or(0);
        let table = &html[table_start..];
        let table = &table[..table.find("</table>").unwrap_or(table.len())];
        assert_eq!(table.matches(">n/a<").count(), 3);
        // The bar chart marks the missing bar instead of drawing it.
        assert!(html.contains(">n/a</text>"));
        // The second misclassified example has no line number.
        assert!(html.contains("<td class=\"num\">n/a</td></tr>"));
    }

    #[test]
    fn zero_rows_render_no_data() {
        let data = ReportData {
            title: "empty".to_string(),
            generated_by: "rhetoric 0.1.0".to_string(),
            model_card: Vec::new(),
            labels: labels(&["escalation", "neutral"]),
            rows: 0,
            accuracy: f64::NAN,
            accuracy_ci: (f64::NAN, f64::NAN),
            macro_f1: 0.0,
            macro_f1_ci: (0.0, 0.0),
            weighted_f1: 0.0,
            log_loss: f64::INFINITY,
            brier: 0.0,
            ece: 0.0,
            confusion: vec![vec![0, 0], vec![0, 0]],
            per_class: Vec::new(),
            reliability: Vec::new(),
            pr_curves: Vec::new(),
            roc_curves: Vec::new(),
            confidence_histogram: Vec::new(),
            misclassified: Vec::new(),
        };
        let html = render_html(&data);
        assert!(html.contains("0 rows"));
        // Confusion, per-class, calibration, PR, ROC, histogram, examples.
        assert_eq!(html.matches(">no data<").count(), 7);
        assert!(!html.contains("<svg"));
        // Stale figures for zero rows are still hidden.
        let mut stale = three_labels();
        stale.rows = 0;
        let html = render_html(&stale);
        assert!(!html.contains("<svg"));
        assert_eq!(html.matches(">no data<").count(), 7);
    }

    #[test]
    fn two_labels_render() {
        let html = render_html(&data_for(&["escalation", "de-escalation"]));
        assert_eq!(svg_blocks(&html).len(), 6);
        assert_svgs_well_formed(&html);
        // One per-class table row per label.
        assert_eq!(html.matches("<tr><td class=\"label\">").count(), 2);
        assert!(html.contains(">n=94<")); // row total of the second gold label: 4 + 90
    }

    #[test]
    fn six_labels_render_with_a_line_and_legend_entry_each() {
        let names = [
            "threat",
            "ultimatum",
            "mobilisation",
            "truce",
            "talks",
            "neutral",
        ];
        let html = render_html(&data_for(&names));
        assert_svgs_well_formed(&html);
        for name in names {
            assert!(html.contains(&format!("{name} — AP ")), "{name}");
            assert!(html.contains(&format!("{name} — AUC ")), "{name}");
        }
        // PR, ROC and the calibration line.
        assert_eq!(html.matches("<polyline").count(), 6 + 6 + 1);
        // 36 heatmap cells.
        assert_eq!(
            html.matches("stroke=\"#ffffff\" stroke-width=\"2\"")
                .count(),
            36
        );
    }

    #[test]
    fn eight_long_labels_are_cut_in_charts_but_whole_in_tables() {
        let long: Vec<String> = (0..8)
            .map(|i| format!("an extremely long label number {i} that never ends"))
            .collect();
        let names: Vec<&str> = long.iter().map(String::as_str).collect();
        let html = render_html(&data_for(&names));
        assert_svgs_well_formed(&html);
        for name in &long {
            assert!(html.contains(&format!("<td class=\"label\">{name}</td>")));
        }
        for block in svg_blocks(&html) {
            // Whole labels only appear as hover titles.
            for name in &long {
                assert!(!block.contains(&format!(">{name}</text>")));
            }
        }
        // Cut alike, so numbered: each chart can still tell them apart.
        assert!(html.contains(">1. an extrem…ever ends</text>"));
        assert!(html.contains(">8. an extrem…ever ends</text>"));
        // Crowded heatmap columns and bar groups turn their labels.
        assert_eq!(svg_blocks(&html)[0].matches("rotate(-35").count(), 8);
        assert_eq!(svg_blocks(&html)[1].matches("rotate(-35").count(), 8);
    }

    #[test]
    fn chart_labels_stay_distinct() {
        let plain = labels(&["escalation", "de-escalation", "neutral"]);
        assert_eq!(chart_labels(&plain, 22), plain);
        let shared_prefix = labels(&[
            "de-escalation: ceasefire negotiations",
            "de-escalation: humanitarian corridors",
        ]);
        assert_eq!(
            chart_labels(&shared_prefix, 22),
            ["de-escalati…gotiations", "de-escalati…corridors"]
        );
        let alike = labels(&["same", "same"]);
        assert_eq!(chart_labels(&alike, 22), ["1. same", "2. same"]);
    }

    #[test]
    fn empty_curves_and_odd_numbers_do_not_break_charts() {
        let mut data = three_labels();
        data.pr_curves[1].points.clear();
        data.roc_curves[2].points = vec![(0.5, 0.5)];
        data.roc_curves[0].points.push((f64::NAN, 1.0));
        data.reliability[5].accuracy = Some(f64::INFINITY);
        data.per_class[0].f1 = f64::NAN;
        let html = render_html(&data);
        assert_svgs_well_formed(&html);
        assert!(html.contains("de-escalation — no points"));
        for curve in data.pr_curves.iter_mut() {
            curve.points.clear();
        }
        let html = render_html(&data);
        assert_svgs_well_formed(&html);
        assert!(html.contains(">no points</text>"));
    }

    #[test]
    fn mismatched_confusion_matrix_does_not_panic() {
        let mut data = three_labels();
        data.confusion = vec![vec![5], vec![1, 2, 3, 4], Vec::new()];
        let html = render_html(&data);
        assert_svgs_well_formed(&html);
        assert!(html.contains(">#3</text>"));
    }

    #[test]
    fn odd_strings_survive_as_escaped_text() {
        let pieces = [
            "<",
            ">",
            "&",
            "\"",
            "'",
            "</svg>",
            "<g>",
            "]]>",
            "<!--",
            "-->",
            "&amp;",
            "\u{0}",
            "\u{202E}",
            "مرحبا",
            "戦争",
            "👩‍👩‍👧",
            "e\u{301}",
            " ",
            "\n",
            "\t",
            "",
            "x",
            "NaN",
            "{}",
            "%s",
            "\\",
            "javascript:",
            "<img src=x onerror=alert(1)>",
        ];
        // Reproducible: the same odd inputs on every run.
        let mut next = crate::testing::numbers(0x2545_F491_4F6C_DD1D);
        for round in 0..150 {
            let mut odd = || {
                let len = next() % 12;
                (0..len)
                    .map(|_| pieces[next() % pieces.len()])
                    .collect::<String>()
            };
            let mut data = data_for(&["a", "b", "c", "d"][..2 + round % 3]);
            let k = data.labels.len();
            for i in 0..k {
                let label = odd();
                data.labels[i] = label.clone();
                data.per_class[i].label = label.clone();
                data.pr_curves[i].label = label.clone();
                data.roc_curves[i].label = label;
            }
            data.title = odd();
            data.misclassified[0].text = odd();
            data.misclassified[1].predicted = odd();
            data.model_card.push((odd(), odd()));
            let html = render_html(&data);
            assert!(!html.contains("<img"), "round {round}");
            assert!(!html.contains("<!--"), "round {round}");
            assert!(!html.contains('\u{0}'), "round {round}");
            assert_svgs_well_formed(&html);
            assert!(html.contains(&escape(&data.misclassified[0].text)));
        }
    }

    #[test]
    fn sections_come_in_the_documented_order() {
        let html = render_html(&three_labels());
        let order = [
            "<h1>",
            "id=\"headline\"",
            "id=\"confusion\"",
            "id=\"per-class\"",
            "id=\"calibration\"",
            "id=\"precision-recall\"",
            "id=\"roc\"",
            "id=\"confidence\"",
            "id=\"misclassified\"",
            "id=\"model-card\"",
        ];
        let positions: Vec<usize> = order
            .iter()
            .map(|marker| {
                html.find(marker)
                    .unwrap_or_else(|| panic!("{marker} missing"))
            })
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]));
        // Self-contained: the only URL is the SVG namespace name.
        assert_eq!(
            html.matches("http").count(),
            html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
        );
        assert!(!html.contains("<link") && !html.contains("src="));
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        let labels: Vec<String> = nice_ticks(0.0, 1.0, 5)
            .into_iter()
            .map(|t| t.label)
            .collect();
        assert_eq!(labels, ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]);
        let counts = nice_ticks(0.0, 37.0, 5);
        assert_eq!(counts.first().map(|t| t.label.as_str()), Some("0"));
        assert!(counts.last().is_some_and(|t| t.value >= 37.0));
        assert!(nice_ticks(1.0, 1.0, 5).is_empty());
        assert!(nice_ticks(0.0, f64::NAN, 5).is_empty());
        // Degenerate spans give few ticks, never a runaway loop or format.
        for hi in [1e-320, 5e-324, f64::MIN_POSITIVE, 1e300] {
            assert!(nice_ticks(0.0, hi, 5).len() <= 100);
        }
    }

    #[test]
    fn truncation_counts_characters_not_bytes() {
        assert_eq!(cut_middle("戦争と平和", 3), "戦…和");
        assert_eq!(cut_middle("short", 10), "short");
        assert_eq!(cut_middle("abc", 0), "…");
        assert_eq!(
            cut_middle("de-escalation: ceasefire negotiations", 20),
            "de-escalat…otiations"
        );
    }

    #[test]
    fn heatmap_shading_follows_the_row_share() {
        assert_eq!(sequential_blue(0.0), "#f7fbff");
        assert_eq!(sequential_blue(1.0), "#08306b");
        assert_eq!(sequential_blue(f64::NAN), "#f7fbff");
        // A small row's diagonal is as dark as a big row's: shares, not counts.
        let svg = confusion_svg(&labels(&["x", "y"]), &[vec![1000, 0], vec![0, 3]]);
        assert_eq!(svg.matches("fill=\"#08306b\"").count(), 2);
    }

    /// Writes a realistic three-label report for a person to look at:
    /// `cargo test report -- --ignored`, then open the file in a browser.
    #[test]
    #[ignore]
    fn write_sample_report() {
        let mut data = data_from(
            &["escalation", "de-escalation", "neutral"],
            vec![vec![412, 31, 57], vec![28, 301, 46], vec![49, 38, 838]],
        );
        // Calibration and histogram consistent with the 1800 rows.
        let counts = [0, 0, 0, 30, 70, 110, 160, 210, 380, 840];
        let accuracies = [0.0, 0.0, 0.0, 0.37, 0.46, 0.55, 0.66, 0.78, 0.9, 0.985];
        data.reliability = counts
            .iter()
            .zip(accuracies)
            .enumerate()
            .map(|(i, (&count, accuracy))| Bin {
                lower: i as f64 / 10.0,
                upper: (i + 1) as f64 / 10.0,
                count,
                mean_confidence: (count > 0).then_some(i as f64 / 10.0 + 0.052),
                accuracy: (count > 0).then_some(accuracy),
            })
            .collect();
        data.confidence_histogram = data
            .reliability
            .iter()
            .flat_map(|bin| {
                let accuracy = bin.accuracy.unwrap_or(0.0);
                let halves = [bin.count * 2 / 5, bin.count - bin.count * 2 / 5];
                halves.into_iter().enumerate().map(move |(h, count)| {
                    let correct = (count as f64 * accuracy).round() as usize;
                    let lower = bin.lower + h as f64 * 0.05;
                    HistBin {
                        lower,
                        upper: lower + 0.05,
                        correct,
                        wrong: count - correct,
                    }
                })
            })
            .collect();
        data.title = "rhetoric model report: default.model on data/test.csv".to_string();
        data.model_card = vec![
            (
                "labels".to_string(),
                "escalation, de-escalation, neutral".to_string(),
            ),
            ("training rows".to_string(), "7,214".to_string()),
            (
                "data SHA-256".to_string(),
                "9f2c1e7a5b3d4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f9012a3b4c5d6e7f".to_string(),
            ),
            (
                "options".to_string(),
                "ngrams=1..2, min_df=2, weighting=tf-idf, C=1.0, class_weight=balanced".to_string(),
            ),
            ("features kept".to_string(), "48,913".to_string()),
            (
                "stored validation metrics".to_string(),
                "accuracy 0.868, macro-F1 0.851 (n=900)".to_string(),
            ),
        ];
        data.misclassified = vec![
            Example {
                text: "Both sides agreed to \"pause\" strikes while envoys meet in Doha, officials said."
                    .to_string(),
                gold: "de-escalation".to_string(),
                predicted: "escalation".to_string(),
                confidence: 0.943,
                line: Some(1182),
            },
            Example {
                text: "The ministry said it would respond 'decisively' to any violation of the ceasefire & its airspace."
                    .to_string(),
                gold: "escalation".to_string(),
                predicted: "de-escalation".to_string(),
                confidence: 0.917,
                line: Some(77),
            },
            Example {
                text: "Reporters were shown the <damaged> radar site on Tuesday.".to_string(),
                gold: "neutral".to_string(),
                predicted: "escalation".to_string(),
                confidence: 0.884,
                line: None,
            },
            Example {
                text: "Talks collapsed after the delegation walked out, and the army announced a new call-up of reservists across three northern provinces, according to state media.".to_string(),
                gold: "escalation".to_string(),
                predicted: "neutral".to_string(),
                confidence: 0.802,
                line: Some(2240),
            },
        ];
        let path = "/tmp/rhetoric_sample_report.html";
        std::fs::write(path, render_html(&data)).expect("write sample report");
        println!("wrote {path}");
    }
}
