//! SVG building blocks shared by the charts: frames, axes, ticks, legends.

use super::*;

pub(super) const SVG_CLOSE: &str = "</svg>\n";

pub(super) fn svg_open(width: f64, height: f64, description: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{d}\"><title>{d}</title>\n",
        w = num(width),
        h = num(height),
        d = escape(description)
    )
}

pub(super) fn figure(svg: &str) -> String {
    format!("<figure>\n{svg}</figure>\n")
}

/// The plotting area of a chart and the data ranges it maps to.
#[derive(Debug, Clone, Copy)]
pub(super) struct Frame {
    pub(super) left: f64,
    pub(super) top: f64,
    pub(super) width: f64,
    pub(super) height: f64,
    pub(super) x: (f64, f64),
    pub(super) y: (f64, f64),
}

impl Frame {
    pub(super) fn right(&self) -> f64 {
        self.left + self.width
    }

    pub(super) fn bottom(&self) -> f64 {
        self.top + self.height
    }

    /// Pixel column of a data value, clamped to the frame.
    pub(super) fn x(&self, value: f64) -> f64 {
        self.left + fraction(value, self.x) * self.width
    }

    /// Pixel row of a data value, clamped to the frame (SVG's y grows down).
    pub(super) fn y(&self, value: f64) -> f64 {
        self.bottom() - fraction(value, self.y) * self.height
    }
}

/// Where `value` sits in `range`, from 0 to 1; 0 for anything unplottable.
pub(super) fn fraction(value: f64, (lo, hi): (f64, f64)) -> f64 {
    let t = (value - lo) / (hi - lo);
    if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// An axis tick: where it goes and what it says.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Tick {
    pub(super) value: f64,
    pub(super) label: String,
}

/// Round ticks (steps of 1, 2 or 5 × 10ⁿ) covering `lo..=hi` with about
/// `target` intervals; the last tick is at or above `hi`.
pub(super) fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<Tick> {
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

pub(super) fn grid_lines(svg: &mut String, f: &Frame, x_ticks: &[Tick], y_ticks: &[Tick]) {
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

pub(super) fn y_axis(svg: &mut String, f: &Frame, ticks: &[Tick], title: &str) {
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
pub(super) fn x_axis(svg: &mut String, f: &Frame, ticks: &[Tick], title: &str, axis_y: f64) {
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

pub(super) fn axis_line(svg: &mut String, x1: f64, y1: f64, x2: f64, y2: f64) {
    svg.push_str(&line(x1, y1, x2, y2, "#333333", 1.0, ""));
}

pub(super) fn line(
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

pub(super) fn rect(x: f64, y: f64, width: f64, height: f64, fill: &str) -> String {
    format!(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>",
        num(x),
        num(y),
        num(width.max(0.0)),
        num(height.max(0.0))
    )
}

/// Data points joined by straight segments, in the order given.
pub(super) fn polyline(
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

pub(super) fn dash_attribute(dash: &str) -> String {
    if dash.is_empty() {
        String::new()
    } else {
        format!(" stroke-dasharray=\"{}\"", escape(dash))
    }
}

/// A `<text>` element; `attributes` are trusted, `content` is escaped.
pub(super) fn text_at(x: f64, y: f64, anchor: &str, attributes: &str, content: &str) -> String {
    let separator = if attributes.is_empty() { "" } else { " " };
    format!(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\"{separator}{attributes}>{}</text>",
        num(x),
        num(y),
        escape(content)
    )
}

/// A shortened label with the whole label as a hover tooltip.
pub(super) fn label_with_tooltip(
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
pub(super) struct CategoryLabels {
    pub(super) rotate: bool,
    /// Vertical room the labels take below the axis.
    pub(super) height: f64,
    /// How far the labels reach left of their slot's centre.
    pub(super) overhang: f64,
}

impl CategoryLabels {
    pub(super) const ANGLE: f64 = 35.0;

    pub(super) fn fit(shown: &[String], slot: f64) -> Self {
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
    pub(super) fn label(&self, x: f64, axis_y: f64, shown: &str, full: &str) -> String {
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
pub(super) fn widest_px(shown: &[String]) -> f64 {
    shown
        .iter()
        .map(|label| label.chars().count())
        .max()
        .unwrap_or(0) as f64
        * CHAR_WIDTH
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Marker<'a> {
    Line { colour: &'a str, dash: &'a str },
    Swatch(&'a str),
}

#[derive(Debug, Clone)]
pub(super) struct LegendEntry<'a> {
    pub(super) marker: Marker<'a>,
    /// Shown text, already short enough.
    pub(super) text: String,
    /// Hover text: the whole label.
    pub(super) tooltip: String,
}

impl<'a> LegendEntry<'a> {
    pub(super) fn line(colour: &'a str, dash: &'a str, text: &str) -> Self {
        LegendEntry {
            marker: Marker::Line { colour, dash },
            text: text.to_string(),
            tooltip: text.to_string(),
        }
    }

    pub(super) fn swatch(colour: &'a str, text: &str) -> Self {
        LegendEntry {
            marker: Marker::Swatch(colour),
            text: text.to_string(),
            tooltip: text.to_string(),
        }
    }
}

/// A legend starting at (`x`, `y`): one entry per row, or all on one row.
pub(super) fn legend(svg: &mut String, x: f64, y: f64, horizontal: bool, entries: &[LegendEntry]) {
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
