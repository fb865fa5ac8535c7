//! The report's per-group tables (`--by COLUMN`): rows, accuracy and
//! macro-F1 with its interval, for each model, one table per column.

use super::*;
use crate::eval::groups::GroupBreakdown;

/// Groups shown per column; the JSON keeps them all. A column such as
/// `article` can have hundreds of values, which no reader scans.
pub(super) const GROUPS_SHOWN: usize = 40;

/// The whole section: one table per `--by` column.
pub(super) fn groups_section(breakdowns: &[GroupBreakdown]) -> String {
    section(
        "groups",
        "By group",
        "Each group's rows scored on their own, largest group first. Within a group, macro-F1 \
             averages over the labels that occur in it (gold or predicted). Small groups have wide \
             intervals.",
        &breakdowns.iter().map(breakdown_table).collect::<String>(),
    )
}

fn breakdown_table(b: &GroupBreakdown) -> String {
    let several = b.models.len() > 1;
    let span = if several { " rowspan=\"2\"" } else { "" };
    let mut html = format!(
        "<h3>By {}</h3>\n<table class=\"groups compare\">\n<thead><tr><th{span}>{}</th>\
         <th class=\"num\"{span}>rows</th>",
        escape(&b.column),
        escape(&b.column)
    );
    if several {
        for i in 0..b.models.len() {
            html.push_str(&format!(
                "<th class=\"num first\" colspan=\"3\">[{}]</th>",
                i + 1
            ));
        }
        html.push_str("</tr>\n<tr>");
    }
    for _ in &b.models {
        html.push_str(
            "<th class=\"num first\">accuracy</th><th class=\"num\">macro-F1</th>\
             <th class=\"num\">95% CI</th>",
        );
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for g in b.groups.iter().take(GROUPS_SHOWN) {
        html.push_str(&format!(
            "<tr><td class=\"label\">{}</td><td class=\"num\">{}</td>",
            escape(&g.group),
            g.rows
        ));
        for m in &g.models {
            html.push_str(&format!(
                "<td class=\"num first\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}–{}</td>",
                fmt3(m.accuracy),
                fmt3(m.macro_f1),
                fmt3(m.macro_f1_ci.low),
                fmt3(m.macro_f1_ci.high)
            ));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table>\n");
    let hidden = b.groups.len().saturating_sub(GROUPS_SHOWN);
    if hidden > 0 {
        let rows: usize = b.groups[GROUPS_SHOWN..].iter().map(|g| g.rows).sum();
        html.push_str(&format!(
            "<p class=\"note\">{hidden} smaller groups ({rows} rows) not shown; --json lists them all.</p>\n"
        ));
    }
    html
}
