//! Main-text extraction on the 25 saved pages of `tests/fixtures/pages/`,
//! each with a gold file of its headline and body paragraphs
//! (`scripts/measure_pages.py` prints the same figures page by page).

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

#[test]
fn main_text_keeps_the_article_and_drops_most_of_the_page() {
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages");
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
    let recall = found as f64 / gold_n as f64;
    let share = boilerplate as f64 / rows as f64;
    println!("{pages_seen} pages: recall {found}/{gold_n} = {recall:.3}, boilerplate {boilerplate}/{rows} = {share:.3}");
    assert_eq!(pages_seen, 25);
    assert!(recall >= 0.98, "main-text recall {recall:.3}");
    // Reading whole pages, 76% of the labeled rows were not article text;
    // this guards the level reached (the target is 2%).
    assert!(share <= 0.31, "boilerplate share {share:.3}");
}
