use crate::workdir::{one_line, Workdir};

const ARTICLE: &str = "The army launched new strikes on the town. Officials said the talks were postponed.\n\nBy Staff Reporter\n";

fn rows(csv_text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(csv_text.as_bytes())
        .records()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn predicts_every_sentence_of_a_text_file() {
    let wd = Workdir::new();
    wd.small_model();
    wd.write("a.txt", ARTICLE);
    let (out, _) = wd.run_code(&["predict", "-m", "small.model", "a.txt"], 0);
    let header = out.lines().next().unwrap();
    assert_eq!(
        header,
        "doc,source,line,sentence,start,end,boilerplate,actor,text,label,p_de-escalation,p_escalation,p_neutral"
    );
    let rows = rows(&out);
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[2][8], "By Staff Reporter");
    assert_eq!(&rows[2][6], "byline");
    assert_eq!(&rows[2][9], "", "boilerplate is not labeled by default");
    for r in &rows[..2] {
        let p: f64 = (10..13).map(|i| r[i].parse::<f64>().unwrap()).sum();
        assert!((p - 1.0).abs() < 1e-3, "{r:?}");
    }
    for r in &rows {
        let (s, e): (usize, usize) = (r[4].parse().unwrap(), r[5].parse().unwrap());
        assert_eq!(&ARTICLE[s..e], &r[8]);
    }
}

#[test]
fn jsonl_to_a_file_and_csv_columns_carried() {
    let wd = Workdir::new();
    wd.small_model();
    wd.write("news.csv", "id,text\n17,\"Troops shelled the city. Mediators urged a truce.\"\n18,The minister will travel on Monday.\n");
    wd.run_code(
        &[
            "predict",
            "-m",
            "small.model",
            "news.csv",
            "--format",
            "jsonl",
            "-o",
            "out.jsonl",
        ],
        0,
    );
    let lines: Vec<serde_json::Value> = wd
        .read("out.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "17");
    assert_eq!(lines[1]["sentence"], 1);
    assert_eq!(lines[2]["line"], 3);
    assert!(lines[0]["p_escalation"].is_number());
    let (out, _) = wd.run_code(
        &["predict", "-m", "small.model", "news.csv", "--no-split"],
        0,
    );
    assert_eq!(rows(&out).len(), 2);
}

#[test]
fn stdin_is_read_as_text() {
    let wd = Workdir::new();
    wd.small_model();
    let out = wd
        .cmd()
        .args(["predict", "-m", "small.model", "-"])
        .write_stdin("Both sides agreed to a ceasefire. The minister will travel.")
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows = rows(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][1], "-");
}

#[test]
fn default_model_labels_the_seeds_from_any_directory() {
    let wd = Workdir::new();
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let (out, _) = wd.run_code(&["predict", seeds.to_str().unwrap()], 0);
    let rows = rows(&out);
    assert!(rows.len() > 100, "{} rows", rows.len());
    let labels: std::collections::BTreeSet<&str> = rows
        .iter()
        .filter(|r| r[6].is_empty())
        .map(|r| &r[9])
        .collect();
    assert_eq!(labels.len(), 3, "{labels:?}");
    // The seed articles, in path order.
    assert!(rows[0][1].ends_with("000_38042ad1cad530a7.txt"));
    assert!(rows.last().unwrap()[1].ends_with("004_14b77fddce9fba82.txt"));
}

#[test]
fn refuses_to_write_over_an_input() {
    let wd = Workdir::new();
    wd.small_model();
    wd.write("a.txt", ARTICLE);
    let (_, err) = wd.run_code(&["predict", "-m", "small.model", "a.txt", "-o", "a.txt"], 1);
    one_line(&err);
    assert!(err.contains("is also an input"), "{err}");
    assert_eq!(wd.read("a.txt"), ARTICLE);
}

#[test]
fn missing_input_and_missing_text_column_are_user_errors() {
    let wd = Workdir::new();
    wd.small_model();
    let (_, err) = wd.run_code(
        &["predict", "-m", "small.model", "nope.txt", "-o", "out.csv"],
        1,
    );
    one_line(&err);
    assert!(err.contains("nope.txt: no such file"), "{err}");
    wd.write("n.csv", "body\nhello\n");
    let (_, err) = wd.run_code(
        &["predict", "-m", "small.model", "n.csv", "-o", "out.csv"],
        1,
    );
    assert!(
        err.contains("n.csv: line 1: no column named \"text\""),
        "{err}"
    );
    assert!(!wd.path("out.csv").exists());
}

#[test]
fn invalid_utf8_is_reported_and_no_output_is_left() {
    let wd = Workdir::new();
    wd.small_model();
    wd.write("latin1.txt", b"First line.\nCaf\xe9 talks resumed.\n");
    let (_, err) = wd.run_code(
        &[
            "predict",
            "-m",
            "small.model",
            "latin1.txt",
            "-o",
            "out.csv",
        ],
        1,
    );
    one_line(&err);
    assert!(err.contains("latin1.txt: line 2: not valid UTF-8"), "{err}");
    assert!(!wd
        .files()
        .iter()
        .any(|f| f.starts_with("out") || f.starts_with(".rhetoric-tmp")));
}
