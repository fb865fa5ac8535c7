//! Pieces shared by the self-contained HTML pages (`report`, `trend`):
//! the inline style sheet, SVG primitives drawn by hand (frames, axes,
//! ticks, lines, legends), series colours, and the escaping and number
//! formatting every value goes through. No external resources and no
//! JavaScript: a page can be mailed, archived and printed as it is.
//! Every piece of user text goes through [`escape`]; every coordinate
//! through [`num`], which never writes `NaN` or `inf` into an SVG.

// ---------------------------------------------------------------------------
// Page frame
// ---------------------------------------------------------------------------

/// Inline style sheet: the page must not fetch anything.
pub(crate) const STYLE: &str = r#"
:root { --ink: #1a1a1a; --muted: #555; --rule: #d9d9d9; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header, main, footer { max-width: 1140px; margin: 0 auto; padding: 0 24px; }
h1 { font-size: 22px; margin: 24px 0 4px; overflow-wrap: anywhere; }
.summary { font-size: 15px; color: var(--muted); margin: 0 0 8px; }
section { margin: 28px 0; }
h2 { font-size: 17px; margin: 0 0 4px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
p.note { color: var(--muted); margin: 4px 0 10px; max-width: 90ch; }
figure { margin: 8px 0 12px; }
svg { display: block; max-width: 100%; height: auto; font-family: inherit; font-size: 12px; }
table { border-collapse: collapse; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #999; background: #f3f5f7; }
th.num, td.num { text-align: right; white-space: nowrap; }
td.label { max-width: 28ch; overflow-wrap: break-word; }
td.text { max-width: 70ch; overflow-wrap: anywhere; }
td.value { max-width: 80ch; overflow-wrap: anywhere; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; }
.no-data { display: inline-block; margin: 8px 0; padding: 12px 20px; color: var(--muted);
  font-style: italic; border: 1px dashed var(--rule); }
footer { color: var(--muted); font-size: 12px; margin-top: 32px; margin-bottom: 32px; }
@media print {
  body { font-size: 10pt; }
  header, main, footer { max-width: none; padding: 0; }
  section.keep, figure, tr { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// The page up to `<body>`, with the shared style sheet and `extra_style`
/// (rules of one kind of page).
pub(crate) fn page_head(title: &str, extra_style: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}{extra_style}</style>\n</head>\n<body>\n",
        escape(title)
    )
}

// ---------------------------------------------------------------------------
// Series
// ---------------------------------------------------------------------------

/// Okabe–Ito colours, told apart with the common colour-vision deficiencies.
/// Its yellow is replaced by grey: thin yellow lines vanish on white.
pub(crate) const SERIES_COLOURS: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#7F7F7F",
];
/// Dash patterns paired with the colours, so lines stay apart in grey-scale print.
pub(crate) const SERIES_DASHES: [&str; 4] = ["", "8 3", "2 3", "9 3 2 3"];

/// Lighter than the grey series colour, so a reference line never passes for a label.
pub(crate) const REFERENCE_COLOUR: &str = "#B0B0B0";

/// Generous width of one character at the charts' 12px font, for truncating
/// labels before they run into their neighbours.
pub(crate) const CHAR_WIDTH: f64 = 7.0;

pub(crate) fn series_colour(i: usize) -> &'static str {
    SERIES_COLOURS[i % SERIES_COLOURS.len()]
}

pub(crate) fn series_dash(i: usize) -> &'static str {
    SERIES_DASHES[i % SERIES_DASHES.len()]
}

// ---------------------------------------------------------------------------
// SVG helpers
// ---------------------------------------------------------------------------

pub(crate) const SVG_CLOSE: &str = "</svg>\n";

pub(crate) fn svg_open(width: f64, height: f64, description: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{d}\"><title>{d}</title>\n",
        w = num(width),
        h = num(height),
        d = escape(description)
    )
}

pub(crate) fn figure(svg: &str) -> String {
    format!("<figure>\n{svg}</figure>\n")
}

/// The plotting area of a chart and the data ranges it maps to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    pub(crate) left: f64,
    pub(crate) top: f64,
    pub(crate) width: f64,
    pub(crate) height: f64,
    pub(crate) x: (f64, f64),
    pub(crate) y: (f64, f64),
}

impl Frame {
    pub(crate) fn right(&self) -> f64 {
        self.left + self.width
    }

    pub(crate) fn bottom(&self) -> f64 {
        self.top + self.height
    }

    /// Pixel column of a data value, clamped to the frame.
    pub(crate) fn x(&self, value: f64) -> f64 {
        self.left + fraction(value, self.x) * self.width
    }

    /// Pixel row of a data value, clamped to the frame (SVG's y grows down).
    pub(crate) fn y(&self, value: f64) -> f64 {
        self.bottom() - fraction(value, self.y) * self.height
    }
}

/// Where `value` sits in `range`, from 0 to 1; 0 for anything unplottable.
pub(crate) fn fraction(value: f64, (lo, hi): (f64, f64)) -> f64 {
    let t = (value - lo) / (hi - lo);
    if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// An axis tick: where it goes and what it says.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tick {
    pub(crate) value: f64,
    pub(crate) label: String,
}

/// Round ticks (steps of 1, 2 or 5 × 10ⁿ) covering `lo..=hi` with about
/// `target` intervals; the last tick is at or above `hi`.
pub(crate) fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<Tick> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo || target == 0 {
        return Vec::new();
    }
    let raw = (hi - lo) / target as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let normalised = raw / magnitude;
    let step = magnitude
        * if normalised <= 1.0 {
            1.0
        } else if normalised <= 2.0 {
            2.0
        } else if normalised <= 5.0 {
            5.0
        } else {
            10.0
        };
    // A span too small for f64 leaves no usable step.
    if !(step.is_finite() && step > 0.0) {
        return Vec::new();
    }
    let decimals = (-step.log10().floor()).clamp(0.0, 6.0) as usize;
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step - 1e-9).ceil() as i64;
    // Bounded whatever the floating point does.
    (first..=last)
        .take(100)
        .map(|k| {
            let value = k as f64 * step;
            Tick {
                value,
                label: format!("{value:.decimals$}"),
            }
        })
        .collect()
}

pub(crate) fn grid_lines(svg: &mut String, f: &Frame, x_ticks: &[Tick], y_ticks: &[Tick]) {
    svg.push_str("<g class=\"grid\">");
    for tick in x_ticks {
        let x = f.x(tick.value);
        svg.push_str(&line(x, f.top, x, f.bottom(), "#E6E6E6", 1.0, ""));
    }
    for tick in y_ticks {
        let y = f.y(tick.value);
        svg.push_str(&line(f.left, y, f.right(), y, "#E6E6E6", 1.0, ""));
    }
    svg.push_str("</g>\n");
}

pub(crate) fn y_axis(svg: &mut String, f: &Frame, ticks: &[Tick], title: &str) {
    svg.push_str("<g class=\"y-axis\">");
    axis_line(svg, f.left, f.top, f.left, f.bottom());
    for tick in ticks {
        let y = f.y(tick.value);
        svg.push_str(&line(f.left - 5.0, y, f.left, y, "#333333", 1.0, ""));
        svg.push_str(&text_at(f.left - 8.0, y + 4.0, "end", "", &tick.label));
    }
    let (x, y) = (16.0, f.top + f.height / 2.0);
    svg.push_str(&text_at(
        x,
        y,
        "middle",
        &format!(
            "font-weight=\"600\" transform=\"rotate(-90 {} {})\"",
            num(x),
            num(y)
        ),
        title,
    ));
    svg.push_str("</g>\n");
}

/// A horizontal axis at `axis_y` spanning the frame's width.
pub(crate) fn x_axis(svg: &mut String, f: &Frame, ticks: &[Tick], title: &str, axis_y: f64) {
    svg.push_str("<g class=\"x-axis\">");
    axis_line(svg, f.left, axis_y, f.right(), axis_y);
    for tick in ticks {
        let x = f.x(tick.value);
        svg.push_str(&line(x, axis_y, x, axis_y + 5.0, "#333333", 1.0, ""));
        svg.push_str(&text_at(x, axis_y + 18.0, "middle", "", &tick.label));
    }
    svg.push_str(&text_at(
        f.left + f.width / 2.0,
        axis_y + 38.0,
        "middle",
        "font-weight=\"600\"",
        title,
    ));
    svg.push_str("</g>\n");
}

pub(crate) fn axis_line(svg: &mut String, x1: f64, y1: f64, x2: f64, y2: f64) {
    svg.push_str(&line(x1, y1, x2, y2, "#333333", 1.0, ""));
}

pub(crate) fn line(
    x1: f64,
    y1: f64,
    x2: f64,
    y2: f64,
    stroke: &str,
    width: f64,
    dash: &str,
) -> String {
    format!(
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\" stroke-width=\"{}\"{}/>",
        num(x1),
        num(y1),
        num(x2),
        num(y2),
        num(width),
        dash_attribute(dash)
    )
}

pub(crate) fn rect(x: f64, y: f64, width: f64, height: f64, fill: &str) -> String {
    format!(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>",
        num(x),
        num(y),
        num(width.max(0.0)),
        num(height.max(0.0))
    )
}

/// Data points joined by straight segments, in the order given.
pub(crate) fn polyline(
    f: &Frame,
    points: &[(f64, f64)],
    stroke: &str,
    dash: &str,
    width: f64,
) -> String {
    let coordinates: Vec<String> = points
        .iter()
        .map(|&(x, y)| format!("{},{}", num(f.x(x)), num(f.y(y))))
        .collect();
    format!(
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{}\" \
         stroke-linejoin=\"round\"{}/>\n",
        coordinates.join(" "),
        num(width),
        dash_attribute(dash)
    )
}

pub(crate) fn dash_attribute(dash: &str) -> String {
    if dash.is_empty() {
        String::new()
    } else {
        format!(" stroke-dasharray=\"{}\"", escape(dash))
    }
}

/// A `<text>` element; `attributes` are trusted, `content` is escaped.
pub(crate) fn text_at(x: f64, y: f64, anchor: &str, attributes: &str, content: &str) -> String {
    let separator = if attributes.is_empty() { "" } else { " " };
    format!(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\"{separator}{attributes}>{}</text>",
        num(x),
        num(y),
        escape(content)
    )
}

/// A shortened label with the whole label as a hover tooltip.
pub(crate) fn label_with_tooltip(
    x: f64,
    y: f64,
    anchor: &str,
    attributes: &str,
    shown: &str,
    full: &str,
) -> String {
    format!(
        "<g><title>{}</title>{}</g>",
        escape(full),
        text_at(x, y, anchor, attributes, shown)
    )
}

/// Labels under a row of categories (heatmap columns, bar groups): level
/// when they fit their slot, else turned so that neighbours cannot overlap.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CategoryLabels {
    pub(crate) rotate: bool,
    /// Vertical room the labels take below the axis.
    pub(crate) height: f64,
    /// How far the labels reach left of their slot's centre.
    pub(crate) overhang: f64,
}

impl CategoryLabels {
    const ANGLE: f64 = 35.0;

    pub(crate) fn fit(shown: &[String], slot: f64) -> Self {
        let widest = widest_px(shown);
        if widest <= slot - 6.0 {
            return CategoryLabels {
                rotate: false,
                height: 20.0,
                overhang: widest / 2.0,
            };
        }
        let (sin, cos) = Self::ANGLE.to_radians().sin_cos();
        CategoryLabels {
            rotate: true,
            height: widest * sin + 20.0,
            overhang: widest * cos,
        }
    }

    /// The label of the slot centred on `x`, below an axis at `axis_y`.
    pub(crate) fn label(&self, x: f64, axis_y: f64, shown: &str, full: &str) -> String {
        let y = axis_y + 16.0;
        if self.rotate {
            let turn = format!(
                "transform=\"rotate(-{} {} {})\"",
                Self::ANGLE,
                num(x),
                num(y)
            );
            label_with_tooltip(x, y, "end", &turn, shown, full)
        } else {
            label_with_tooltip(x, y, "middle", "", shown, full)
        }
    }
}

/// Estimated width of the widest label.
pub(crate) fn widest_px(shown: &[String]) -> f64 {
    shown
        .iter()
        .map(|label| label.chars().count())
        .max()
        .unwrap_or(0) as f64
        * CHAR_WIDTH
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Marker<'a> {
    Line { colour: &'a str, dash: &'a str },
    Swatch(&'a str),
}

#[derive(Debug, Clone)]
pub(crate) struct LegendEntry<'a> {
    pub(crate) marker: Marker<'a>,
    /// Shown text, already short enough.
    pub(crate) text: String,
    /// Hover text: the whole label.
    pub(crate) tooltip: String,
}

impl<'a> LegendEntry<'a> {
    pub(crate) fn line(colour: &'a str, dash: &'a str, text: &str) -> Self {
        LegendEntry {
            marker: Marker::Line { colour, dash },
            text: text.to_string(),
            tooltip: text.to_string(),
        }
    }

    pub(crate) fn swatch(colour: &'a str, text: &str) -> Self {
        LegendEntry {
            marker: Marker::Swatch(colour),
            text: text.to_string(),
            tooltip: text.to_string(),
        }
    }
}

/// A legend starting at (`x`, `y`): one entry per row, or all on one row.
pub(crate) fn legend(svg: &mut String, x: f64, y: f64, horizontal: bool, entries: &[LegendEntry]) {
    svg.push_str("<g class=\"legend\">");
    let (mut cx, mut cy) = (x, y);
    for entry in entries {
        svg.push_str(&format!("<g><title>{}</title>", escape(&entry.tooltip)));
        match entry.marker {
            Marker::Line { colour, dash } => {
                svg.push_str(&line(cx, cy, cx + 26.0, cy, colour, 2.5, dash));
            }
            Marker::Swatch(colour) => svg.push_str(&rect(cx + 6.0, cy - 6.0, 14.0, 12.0, colour)),
        }
        svg.push_str(&text_at(cx + 32.0, cy + 4.0, "start", "", &entry.text));
        svg.push_str("</g>");
        if horizontal {
            cx += 32.0 + entry.text.chars().count() as f64 * CHAR_WIDTH + 18.0;
        } else {
            cy += 22.0;
        }
    }
    svg.push_str("</g>\n");
}

// ---------------------------------------------------------------------------
// Text and numbers
// ---------------------------------------------------------------------------

/// HTML-escape user text for element content and quoted attributes. Control
/// characters become U+FFFD: they are invisible in HTML and invalid in SVG.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Labels short enough for a chart. Long ones lose their middle: label sets
/// often share a prefix ("de-escalation: …") or a suffix, rarely both. When
/// shortening still leaves two alike, every label gets its 1-based number.
pub(crate) fn chart_labels(labels: &[String], max_chars: usize) -> Vec<String> {
    let shortened: Vec<String> = labels
        .iter()
        .map(|label| cut_middle(label, max_chars))
        .collect();
    let mut sorted: Vec<&String> = shortened.iter().collect();
    sorted.sort();
    if sorted.windows(2).all(|pair| pair[0] != pair[1]) {
        return shortened;
    }
    labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let number = format!("{}. ", i + 1);
            let room = max_chars.saturating_sub(number.chars().count());
            format!("{number}{}", cut_middle(label, room))
        })
        .collect()
}

/// At most `max_chars` characters, with "…" in place of the middle when cut.
pub(crate) fn cut_middle(text: &str, max_chars: usize) -> String {
    let max_chars = max_chars.max(1);
    let count = text.chars().count();
    if count <= max_chars {
        return text.to_string();
    }
    let tail = (max_chars - 1) / 2;
    let head = max_chars - 1 - tail;
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    format!("{}…{}", start.trim_end(), end.trim_start())
}

/// A figure with three decimals; `n/a` for NaN.
pub(crate) fn fmt3(value: f64) -> String {
    if value.is_nan() {
        return "n/a".to_string();
    }
    if value.is_infinite() {
        return if value > 0.0 { "∞" } else { "−∞" }.to_string();
    }
    let text = format!("{value:.3}");
    // A tiny negative rounds to "-0.000", which reads like an error.
    if text == "-0.000" {
        "0.000".to_string()
    } else {
        text
    }
}

pub(crate) fn fmt_opt(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_string(), fmt3)
}

/// An SVG coordinate: one decimal, and 0 for anything non-finite.
pub(crate) fn num(value: f64) -> String {
    if value.is_finite() {
        format!("{value:.1}")
    } else {
        "0".to_string()
    }
}
