//! The report's charts, one function each, as inline SVG.

use super::*;

pub(super) const PRECISION_COLOUR: &str = "#0072B2";
pub(super) const RECALL_COLOUR: &str = "#E69F00";
pub(super) const F1_COLOUR: &str = "#009E73";
pub(super) const CORRECT_COLOUR: &str = "#0072B2";
pub(super) const WRONG_COLOUR: &str = "#D55E00";
pub(super) const COUNT_COLOUR: &str = "#A6A6A6";

/// Longest label drawn in a chart; tables always show the whole label.
pub(super) const MAX_CHART_LABEL: usize = 22;

/// The confusion matrix as a heatmap, shaded by each row's share.
pub(super) fn confusion_svg(labels: &[String], confusion: &[Vec<usize>]) -> String {
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
pub(super) fn per_class_svg(rows: &[ClassRow]) -> String {
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
pub(super) fn calibration_svg(bins: &[Bin]) -> String {
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
    svg.push_str(&diagonal(&f));

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
pub(super) enum CurveKind {
    PrecisionRecall,
    Roc,
}

/// One line per label on a unit square: precision–recall or ROC.
pub(super) fn curves_svg(curves: &[Curve], kind: CurveKind) -> String {
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
        svg.push_str(&diagonal(&f));
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
pub(super) fn histogram_svg(bins: &[HistBin]) -> String {
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
pub(super) fn sequential_blue(share: f64) -> String {
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
pub(super) fn label_name(labels: &[String], i: usize) -> String {
    labels.get(i).cloned().unwrap_or_else(|| format!("#{i}"))
}

/// The dashed reference diagonal from (0, 0) to (1, 1): perfect
/// calibration, or a ROC curve's chance line.
fn diagonal(f: &Frame) -> String {
    line(
        f.x(0.0),
        f.y(0.0),
        f.x(1.0),
        f.y(1.0),
        REFERENCE_COLOUR,
        1.5,
        "6 4",
    )
}
