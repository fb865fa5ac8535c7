//! Main-text extraction on the 25 saved pages of `tests/fixtures/pages/`
//! and the 5 held-out pages of `tests/fixtures/pages_heldout/`, each with a
//! gold file of its headline and body paragraphs
//! (`scripts/measure_pages.py [--pages DIR]` prints the same figures page by page).

use std::collections::BTreeMap;
use std::path::Path;

use crate::workdir::Workdir;

fn norm(s: &str) -> String {
    s.replace(['\u{2019}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Gold paragraphs cut into sentences at `. ! ?` (with a closing quote)
/// before a space and a capital, digit or quote.
fn gold_sentences(gold: &str) -> Vec<String> {
    let mut out = Vec::new();
    for para in gold.lines().map(norm).filter(|p| !p.is_empty()) {
        let chars: Vec<char> = para.chars().collect();
        let mut start = 0;
        for i in 1..chars.len().saturating_sub(1) {
            let end_mark = matches!(chars[i - 1], '.' | '!' | '?')
                || (i >= 2
                    && matches!(chars[i - 2], '.' | '!' | '?')
                    && matches!(chars[i - 1], '"' | '\'' | ')'));
            let next = chars[i + 1];
            if chars[i] == ' '
                && end_mark
                && (next.is_uppercase() || next.is_ascii_digit() || next == '"' || next == '\'')
            {
                out.push(chars[start..i].iter().collect::<String>());
                start = i + 1;
            }
        }
        out.push(chars[start..].iter().collect::<String>());
    }
    out
}

/// (pages, gold sentences found, labeled rows, labeled rows that are not
/// article text) for the pages with gold files in `dir`.
fn measure(dir: &str) -> (usize, usize, usize, usize, usize) {
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let wd = Workdir::new();
    let (out, _) = wd.run_code(
        &[
            "predict",
            pages.to_str().unwrap(),
            "--format",
            "jsonl",
            "-q",
        ],
        0,
    );
    let mut labeled: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in out.lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        if !row["label"].is_null() {
            let page = Path::new(row["source"].as_str().unwrap())
                .file_stem()
                .unwrap();
            labeled
                .entry(page.to_string_lossy().into_owned())
                .or_default()
                .push(norm(row["text"].as_str().unwrap()));
        }
    }
    let (mut gold_n, mut found, mut rows, mut boilerplate) = (0, 0, 0, 0);
    let mut pages_seen = 0;
    for entry in std::fs::read_dir(&pages).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".gold.txt") else {
            continue;
        };
        pages_seen += 1;
        let gold_text = std::fs::read_to_string(&path).unwrap();
        let whole = norm(&gold_text.lines().collect::<Vec<_>>().join(" "));
        let gold = gold_sentences(&gold_text);
        let got = labeled.get(stem).cloned().unwrap_or_default();
        gold_n += gold.len();
        found += gold
            .iter()
            .filter(|g| got.iter().any(|l| l.contains(g.as_str())))
            .count();
        rows += got.len();
        boilerplate += got
            .iter()
            .filter(|l| !whole.contains(l.as_str()) && !gold.iter().any(|g| l.contains(g.as_str())))
            .count();
    }
    println!(
        "{dir}: {pages_seen} pages, recall {found}/{gold_n}, boilerplate {boilerplate}/{rows}"
    );
    (pages_seen, gold_n, found, rows, boilerplate)
}

#[test]
fn main_text_keeps_the_article_and_drops_most_of_the_page() {
    let (pages, gold, found, rows, boilerplate) = measure("tests/fixtures/pages");
    assert_eq!(pages, 25);
    let recall = found as f64 / gold as f64;
    let share = boilerplate as f64 / rows as f64;
    // Reading whole pages, 76% of the labeled rows were not article text;
    // these guard the level reached (issue 24: recall >= 0.98, at most 2%).
    assert!(recall >= 0.99, "main-text recall {recall:.3}");
    assert!(share <= 0.02, "boilerplate share {share:.3}");
}

/// Pages written after the rules were settled, in site templates the
/// rules were not tuned on: what a new site is likely to get.
#[test]
fn main_text_on_pages_the_rules_were_not_tuned_on() {
    let (pages, gold, found, rows, boilerplate) = measure("tests/fixtures/pages_heldout");
    assert_eq!(pages, 5);
    let recall = found as f64 / gold as f64;
    let share = boilerplate as f64 / rows as f64;
    assert!(recall >= 0.98, "main-text recall {recall:.3}");
    assert!(share <= 0.15, "boilerplate share {share:.3}");
}
