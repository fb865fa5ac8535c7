//! `rhetoric trend`: the page's figures against the predictions rows, the
//! page as a real browser draws it, and bad inputs.
//!
//! The browser test needs Debian's `chromium` (`scripts/install-chromium.sh`,
//! run by `.ci/run`); without it the test fails, it is not skipped.

use std::collections::BTreeMap;
use std::path::Path;

use rhetoric::pages::trend::page::period_label;
use rhetoric::predict::period::Period;

use crate::workdir::{one_line, Workdir};

/// Copy the dated predictions fixture (three outlets, twelve weeks) in.
fn predictions(wd: &Workdir) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/trend_predictions.csv");
    wd.write("sentences.csv", std::fs::read(src).unwrap());
}

/// Per (week, outlet): articles, sentences and the per-sentence
/// P(escalation) − P(de-escalation), computed here from the rows.
type Expected = BTreeMap<(String, String), (BTreeMap<String, ()>, Vec<f64>)>;

fn expected_from_rows(path: &Path) -> Expected {
    let mut r = csv::Reader::from_path(path).unwrap();
    let h = r.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let (doc, label, esc, de, date, outlet) = (
        col("doc"),
        col("label"),
        col("p_escalation"),
        col("p_de-escalation"),
        col("date"),
        col("outlet"),
    );
    let mut groups = Expected::new();
    for row in r.records() {
        let row = row.unwrap();
        let Some(week) = Period::Week.of(&row[date]) else {
            continue;
        };
        if row[label].is_empty() {
            continue;
        }
        let diff = row[esc].parse::<f64>().unwrap() - row[de].parse::<f64>().unwrap();
        let g = groups.entry((week, row[outlet].to_string())).or_default();
        g.0.insert(row[doc].to_string(), ());
        g.1.push(diff);
    }
    groups
}

/// The numbers of a figures-table cell: "0.123", "−0.456 to 0.789".
fn numbers(cell: &str) -> Vec<f64> {
    cell.replace('−', "-")
        .split(" to ")
        .map(|x| x.trim().parse::<f64>().unwrap())
        .collect()
}

/// The rows of the page's figures table, as cell texts.
fn table_rows(html: &str) -> Vec<Vec<String>> {
    let table = &html[html.find("<section id=\"figures\"").unwrap()..];
    let body = &table[table.find("<tbody>").unwrap()..table.find("</tbody>").unwrap()];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<td")
                .skip(1)
                .map(|cell| {
                    let text = &cell[cell.find('>').unwrap() + 1..];
                    text[..text.find("</td>").unwrap()].to_string()
                })
                .collect()
        })
        .collect()
}

#[test]
fn page_figures_are_those_of_the_rows() {
    let wd = Workdir::new();
    predictions(&wd);
    let (_, err) = wd.run_code(
        &[
            "trend",
            "sentences.csv",
            "--by",
            "outlet",
            "-o",
            "page.html",
        ],
        0,
    );
    assert!(err.contains("1 article(s) have no date"), "{err}");
    let html = wd.read("page.html");
    let expected = expected_from_rows(&wd.path("sentences.csv"));
    assert_eq!(expected.len(), 36, "12 weeks × 3 outlets in the fixture");

    let rows = table_rows(&html);
    assert_eq!(rows.len(), expected.len());
    for row in &rows {
        let [period, outlet, articles, sentences, index, interval] = &row[..] else {
            panic!("row {row:?}");
        };
        let ((week, _), (docs, diffs)) = expected
            .iter()
            .find(|((w, o), _)| period_label(Period::Week, w) == *period && o == outlet)
            .unwrap_or_else(|| panic!("no rows for {period} {outlet}"));
        assert_eq!(articles, &docs.len().to_string(), "{week} {outlet}");
        assert_eq!(sentences, &diffs.len().to_string(), "{week} {outlet}");
        let n = diffs.len() as f64;
        let mean = diffs.iter().sum::<f64>() / n;
        let sd = (diffs.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let half = 1.96 * sd / n.sqrt();
        let close = |a: f64, b: f64| (a - b).abs() < 0.0011;
        assert!(
            close(numbers(index)[0], mean),
            "{week} {outlet}: {index} vs {mean}"
        );
        let ci = numbers(interval);
        assert!(
            close(ci[0], (mean - half).max(-1.0)) && close(ci[1], (mean + half).min(1.0)),
            "{week} {outlet}: {interval} vs {mean} ± {half}"
        );
    }

    // One line, one band stretch and one point per week for each outlet,
    // named in the legend with its sentences.
    let chart = &html
        [html.find("<section id=\"index\"").unwrap()..html.find("<section id=\"volume\"").unwrap()];
    assert_eq!(chart.matches("<polyline").count(), 3);
    assert_eq!(chart.matches("<polygon class=\"band\"").count(), 3);
    assert_eq!(chart.matches("<circle").count(), 36);
    for outlet in ["Border Radio", "Capital Daily", "Northern Wire"] {
        let n: usize = expected
            .iter()
            .filter(|((_, o), _)| o == outlet)
            .map(|(_, (_, d))| d.len())
            .sum();
        assert!(
            chart.contains(&format!(">{outlet} ({n})</text>")),
            "{outlet}"
        );
    }
    assert!(chart.contains(">1 Jan 2024</text>"), "dates on the x axis");
    assert!(html.contains("1 article(s) without a readable &#39;date&#39; left out"));
    // Self-contained: nothing to fetch, nothing to run.
    for fetch in [
        "<script", "<link", "<img", "src=", "href=", "url(", "@import",
    ] {
        assert!(!html.contains(fetch), "{fetch}");
    }

    // The first week's most escalatory sentence comes first.
    let mut r = csv::Reader::from_path(wd.path("sentences.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let best = r
        .records()
        .map(Result::unwrap)
        .filter(|row| Period::Week.of(&row[col("date")]).as_deref() == Some("2024-W01"))
        .filter(|row| !row[col("label")].is_empty())
        .max_by(|a, b| {
            let p = |row: &csv::StringRecord| row[col("p_escalation")].parse::<f64>().unwrap();
            // Earlier row wins a tie, as the page keeps it.
            p(a).partial_cmp(&p(b))
                .unwrap()
                .then(std::cmp::Ordering::Greater)
        })
        .unwrap();
    let week = &html[html.find("<h3>Week of 1 Jan 2024</h3>").unwrap()..];
    let first = &week[..week.find("</li>").unwrap()];
    assert!(first.contains(&best[col("text")]), "{first}");
    assert!(
        first.contains(&format!("doc {}", &best[col("doc")])),
        "{first}"
    );
    assert_eq!(html.matches("<h3>Week of").count(), 12);
}

#[test]
fn csv_and_jsonl_predictions_give_the_same_page() {
    let wd = Workdir::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/trend_articles.csv");
    wd.write("news.csv", std::fs::read(src).unwrap());
    for format in ["csv", "jsonl"] {
        let out = format!("s.{format}");
        let args = [
            "predict", "news.csv", "--id-col", "id", "-q", "--format", format, "-o", &out,
        ];
        wd.run_code(&args, 0);
        let page = format!("{format}.html");
        wd.run_code(
            &[
                "trend", &out, "--period", "month", "--by", "outlet", "-o", &page,
            ],
            0,
        );
    }
    let body = |name: &str| {
        let html = wd.read(name);
        html[..html.find("<footer>").unwrap()].to_string()
    };
    assert_eq!(body("csv.html"), body("jsonl.html"));
    assert!(body("csv.html").contains("<td>Feb 2024</td>"));
}

#[test]
fn a_summary_draws_the_figures_of_its_predictions() {
    let wd = Workdir::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/trend_articles.csv");
    wd.write("news.csv", std::fs::read(src).unwrap());
    let predict = ["predict", "news.csv", "--id-col", "id", "-q"];
    let mut args = predict.to_vec();
    args.extend(["-o", "s.csv"]);
    wd.run_code(&args, 0);
    let trend = ["trend", "--by", "outlet", "-o"];
    wd.run_code(&[&trend[..], &["rows.html", "s.csv"]].concat(), 0);
    for format in ["csv", "jsonl"] {
        let out = format!("summary.{format}");
        let mut args = predict.to_vec();
        args.extend([
            "--summary",
            "--period",
            "week",
            "--by",
            "outlet",
            "--format",
            format,
        ]);
        args.extend(["-o", &out]);
        wd.run_code(&args, 0);
        let page = format!("{format}.html");
        wd.run_code(&[&trend[..], &[page.as_str(), out.as_str()]].concat(), 0);
        let (rows, summary) = (wd.read("rows.html"), wd.read(&page));
        // Counts agree exactly; the index and interval to rounding, as
        // predictions print probabilities with four decimals and the
        // summary sums them unrounded.
        let (from_rows, from_summary) = (table_rows(&rows), table_rows(&summary));
        assert_eq!(from_rows.len(), from_summary.len(), "{format}");
        for (a, b) in from_rows.iter().zip(&from_summary) {
            assert_eq!(a[..4], b[..4], "{format}");
            for cell in 4..6 {
                let (x, y) = (numbers(&a[cell]), numbers(&b[cell]));
                assert!(
                    x.iter().zip(&y).all(|(x, y)| (x - y).abs() <= 0.002),
                    "{format}: {a:?} vs {b:?}"
                );
            }
        }
        assert!(
            summary.contains("1 article(s) without a readable"),
            "{format}"
        );
        assert_eq!(summary.matches("<h3>Week of").count(), 12, "{format}");
    }
    // A summary by month does not make a weekly page.
    let mut args = predict.to_vec();
    args.extend(["--summary", "--period", "month", "-o", "monthly.csv"]);
    wd.run_code(&args, 0);
    let (_, err) = wd.run_code(&["trend", "monthly.csv", "-o", "m.html"], 1);
    assert!(
        err.contains("monthly.csv: a summary without a 'week' column"),
        "{err}"
    );
    let (_, err) = wd.run_code(&["trend", "monthly.csv", "s.csv", "-o", "m.html"], 1);
    assert!(
        err.contains("monthly.csv: is a summary; give it alone"),
        "{err}"
    );
    wd.run_code(
        &["trend", "monthly.csv", "--period", "month", "-o", "m.html"],
        0,
    );
    assert!(wd.read("m.html").contains("<td>Mar 2024</td>"));
}

#[test]
fn chromium_draws_the_page() {
    let wd = Workdir::new();
    predictions(&wd);
    wd.run_code(
        &[
            "trend",
            "sentences.csv",
            "--by",
            "outlet",
            "-o",
            "page.html",
        ],
        0,
    );
    let (width, height) = (1200u32, 1000u32);
    let shot = wd.path("shot.png");
    let status = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            &format!("--user-data-dir={}", wd.path("profile").display()),
            &format!("--screenshot={}", shot.display()),
            &format!("--window-size={width},{height}"),
        ])
        .arg(format!("file://{}", wd.path("page.html").display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap_or_else(|e| {
            panic!("cannot run chromium ({e}); install it with scripts/install-chromium.sh")
        });
    assert!(status.success(), "chromium: {status}");

    let decoder = png::Decoder::new(std::fs::File::open(&shot).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((info.width, info.height), (width, height));
    let channels = info.color_type.samples();
    let pixel = |x: u32, y: u32| {
        let at = y as usize * info.line_size + x as usize * channels;
        (pixels[at], pixels[at + 1], pixels[at + 2])
    };
    // The index chart sits below the title: about x 120–860, y 210–590 at
    // this width. Count what is drawn there, and the first series' blue.
    let (mut inked, mut blue, mut total) = (0, 0, 0);
    for y in 210..590 {
        for x in 120..860 {
            let (r, g, b) = pixel(x, y);
            total += 1;
            if r < 235 || g < 235 || b < 235 {
                inked += 1;
            }
            if r < 40 && (90..140).contains(&g) && b > 150 {
                blue += 1;
            }
        }
    }
    let share = inked as f64 / total as f64;
    assert!(share > 0.15, "chart area mostly blank: {share:.3} inked");
    assert!(
        blue > 300,
        "the first series' line is not drawn: {blue} blue pixels"
    );
    // The title is drawn at the top left.
    let title_ink = (20..60)
        .flat_map(|y| (40..400).map(move |x| (x, y)))
        .filter(|&(x, y)| pixel(x, y).0 < 100)
        .count();
    assert!(title_ink > 500, "no title: {title_ink} dark pixels");
}

/// `csv` with the cells of `column` in the data rows `which` (1-based)
/// set to `value`.
fn edit_cells(csv: &str, column: &str, which: impl Fn(usize) -> bool, value: &str) -> String {
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header = r.headers().unwrap().clone();
    let at = header.iter().position(|c| c == column).unwrap();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).unwrap();
    for (i, row) in r.records().enumerate() {
        let mut cells: Vec<String> = row.unwrap().iter().map(String::from).collect();
        if which(i + 1) {
            cells[at] = value.to_string();
        }
        w.write_record(&cells).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn bad_inputs_get_one_line_and_no_page() {
    let wd = Workdir::new();
    predictions(&wd);
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/trend_articles.csv");
    wd.write("news.csv", std::fs::read(src).unwrap());
    wd.write("notes.txt", "Kesh moved troops to the border.\n");
    let rows = wd.read("sentences.csv");
    wd.write("undated.csv", edit_cells(&rows, "date", |_| true, "soon"));
    wd.write(
        "bad_p.csv",
        edit_cells(&rows, "p_escalation", |row| row == 3, "1.7"),
    );

    for (args, message) in [
        (
            vec!["sentences.csv", "--date-col", "published"],
            "sentences.csv: no date column named 'published'",
        ),
        (
            vec!["undated.csv"],
            "undated.csv: no labeled row has a date that can be read in column 'date'",
        ),
        (vec!["news.csv"], "news.csv: not predictions"),
        (vec!["notes.txt"], "notes.txt: expected predictions"),
        (
            vec!["bad_p.csv"],
            "bad_p.csv: line 4: p_escalation '1.7' is not a probability",
        ),
        (vec!["missing.csv"], "missing.csv: no such file"),
        (
            vec!["sentences.csv", "--by", "region"],
            "--by region: no such column",
        ),
    ] {
        let mut all = vec!["trend"];
        all.extend(&args);
        all.extend(["-o", "page.html"]);
        let (_, err) = wd.run_code(&all, 1);
        one_line(&err);
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(!wd.path("page.html").exists(), "{args:?} left a page");
    }
    let before = wd.read("sentences.csv");
    let (_, err) = wd.run_code(&["trend", "sentences.csv", "-o", "sentences.csv"], 1);
    assert!(err.contains("refusing to overwrite"), "{err}");
    assert_eq!(wd.read("sentences.csv"), before);
}
