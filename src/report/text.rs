//! Escaping user text and formatting numbers for the page and its SVG.

/// HTML-escape user text for element content and quoted attributes. Control
/// characters become U+FFFD: they are invisible in HTML and invalid in SVG.
pub(super) fn escape(text: &str) -> String {
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
pub(super) fn chart_labels(labels: &[String], max_chars: usize) -> Vec<String> {
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
pub(super) fn cut_middle(text: &str, max_chars: usize) -> String {
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

/// The name of label `i`, or `#i` when the label list is too short.
pub(super) fn label_name(labels: &[String], i: usize) -> String {
    labels.get(i).cloned().unwrap_or_else(|| format!("#{i}"))
}

/// A figure with three decimals; `n/a` for NaN.
pub(super) fn fmt3(value: f64) -> String {
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

pub(super) fn fmt_opt(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_string(), fmt3)
}

/// An SVG coordinate: one decimal, and 0 for anything non-finite.
pub(super) fn num(value: f64) -> String {
    if value.is_finite() {
        format!("{value:.1}")
    } else {
        "0".to_string()
    }
}
