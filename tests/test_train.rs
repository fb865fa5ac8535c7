use crate::workdir::{one_line, Workdir};

#[test]
fn train_prints_summary_validation_and_saves() {
    let wd = Workdir::new();
    wd.small_csv();
    let (out, err) = wd.run_code(
        &["train", "small.csv", "-o", "m.model", "--min-count", "1"],
        0,
    );
    assert!(out.contains("read 36 rows"), "{out}");
    assert!(out.contains("validation (6 held-out rows"), "{out}");
    assert!(out.contains("confusion matrix"), "{out}");
    assert!(out.contains("features kept"), "{out}");
    // Data summary, then validation, then the final model.
    let at = |s: &str| out.find(s).unwrap();
    assert!(at("read 36 rows") < at("validation (") && at("validation (") < at("final model"));
    // No progress display when stderr is not a terminal.
    assert!(err.is_empty(), "{err}");
    let model: serde_json::Value = serde_json::from_str(&wd.read("m.model")).unwrap();
    assert_eq!(model["format"], "rhetoric-model");
    assert_eq!(model["format_version"], 1);
    assert_eq!(model["training"]["rows"], 36);
    assert_eq!(model["training"]["data_sha256"].as_str().unwrap().len(), 64);
    assert!(model["training"]["validation"]["macro_f1"].is_number());
    assert_eq!(
        model["model"]["labels"],
        serde_json::json!(["de-escalation", "escalation", "neutral"])
    );
}

#[test]
fn same_data_and_seed_give_identical_bytes() {
    let wd = Workdir::new();
    wd.small_csv();
    wd.run_code(&["train", "small.csv", "-o", "a.model", "--seed", "3"], 0);
    wd.run_code(&["train", "small.csv", "-o", "b.model", "--seed", "3"], 0);
    assert_eq!(
        std::fs::read(wd.path("a.model")).unwrap(),
        std::fs::read(wd.path("b.model")).unwrap()
    );
}

#[test]
fn two_label_data_uses_the_binary_model() {
    let wd = Workdir::new();
    let csv = std::fs::read_to_string(wd.small_csv()).unwrap();
    let binary: String = csv
        .lines()
        .filter(|l| !l.ends_with(",neutral"))
        .map(|l| format!("{l}\n"))
        .collect();
    wd.write("bin.csv", binary);
    wd.run_code(
        &["train", "bin.csv", "-o", "bin.model", "--min-count", "1"],
        0,
    );
    let (out, _) = wd.run_code(&["predict", "-m", "bin.model", "bin.csv", "--no-split"], 0);
    assert!(
        out.lines()
            .next()
            .unwrap()
            .ends_with("p_de-escalation,p_escalation,sentiment,compound,input_label"),
        "{out}"
    );
}

#[test]
fn missing_label_column_is_a_user_error() {
    let wd = Workdir::new();
    wd.write("d.csv", "text,tag\nhello there,x\n");
    let (_, err) = wd.run_code(&["train", "d.csv", "-o", "m.model"], 1);
    one_line(&err);
    assert!(
        err.contains("d.csv: line 1: no column named \"label\""),
        "{err}"
    );
    assert!(!wd.path("m.model").exists());
}

#[test]
fn ragged_row_names_its_line() {
    let wd = Workdir::new();
    wd.write("d.csv", "text,label\na b c,x\nd e f\n");
    let (_, err) = wd.run_code(&["train", "d.csv", "-o", "m.model"], 1);
    one_line(&err);
    assert!(err.contains("d.csv: line 3"), "{err}");
}

#[test]
fn a_single_label_cannot_be_trained() {
    let wd = Workdir::new();
    wd.write(
        "d.csv",
        "text,label\nthe army attacked,x\nthe army attacked again,x\n",
    );
    let (_, err) = wd.run_code(&["train", "d.csv", "-o", "m.model"], 1);
    one_line(&err);
    assert!(err.contains("at least two distinct labels"), "{err}");
}

#[test]
fn output_into_a_missing_directory_fails_before_training() {
    let wd = Workdir::new();
    wd.small_csv();
    let (out, err) = wd.run_code(&["train", "small.csv", "-o", "nope/m.model"], 1);
    one_line(&err);
    assert!(err.contains("does not exist"), "{err}");
    assert!(out.is_empty(), "trained anyway: {out}");
}

#[test]
fn a_failed_train_keeps_the_previous_model() {
    let wd = Workdir::new();
    wd.write("m.model", "previous");
    wd.write("d.csv", "text,label\nonly,one\n");
    wd.run_code(&["train", "d.csv", "-o", "m.model"], 1);
    assert_eq!(wd.read("m.model"), "previous");
    assert_eq!(wd.files(), ["d.csv", "m.model"]);
}

#[test]
fn bad_flags_are_user_errors() {
    let wd = Workdir::new();
    wd.small_csv();
    wd.run_code(
        &["train", "small.csv", "-o", "m.model", "--valid", "1.5"],
        1,
    );
    wd.run_code(&["train", "small.csv", "-o", "m.model", "--ngrams", "9"], 1);
    wd.run_code(&["train", "small.csv"], 1);
    wd.run_code(&["frobnicate"], 1);
}

#[test]
fn folds_report_mean_and_sd_and_are_stored() {
    let wd = Workdir::new();
    wd.small_csv();
    let (out, _) = wd.run_code(
        &[
            "train",
            "small.csv",
            "-o",
            "m.model",
            "--folds",
            "3",
            "--min-count",
            "1",
        ],
        0,
    );
    assert!(out.contains("3-fold cross-validation"), "{out}");
    assert!(out.contains("macro_f1") && out.contains("±"), "{out}");
    let model: serde_json::Value = serde_json::from_str(&wd.read("m.model")).unwrap();
    let cv = &model["training"]["cross_validation"];
    assert_eq!(cv["folds"], 3);
    let mean = cv["macro_f1"]["mean"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&mean));
    assert!(cv["macro_f1"]["sd"].as_f64().unwrap() >= 0.0);
    assert_eq!(
        model["training"]["rows"], 36,
        "the final fit uses every row"
    );
    let (out, _) = wd.run_code(&["inspect", "-m", "m.model"], 0);
    assert!(out.contains("cross-valid.   3 folds"), "{out}");
    wd.run_code(&["train", "small.csv", "-o", "m.model", "--folds", "1"], 1);
    wd.run_code(&["train", "small.csv", "-o", "m.model", "--folds", "99"], 1);
}

/// A train killed mid-way (SIGKILL, no cleanup possible) leaves the
/// previous model exactly as it was: the new one is only renamed into
/// place once complete.
#[test]
fn a_killed_train_leaves_the_previous_model_intact() {
    let wd = Workdir::new();
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/train.csv");
    wd.write("m.model", "previous model");
    let mut child = wd
        .std_cmd()
        .args([
            "train",
            data.to_str().unwrap(),
            "-o",
            "m.model",
            "--max-features",
            "4096",
            "--folds",
            "5",
        ])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    let still_running = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        still_running,
        "training finished before it could be killed; use more data"
    );
    assert_eq!(wd.read("m.model"), "previous model");
    for f in wd.files() {
        assert!(
            f == "m.model" || f.starts_with(".rhetoric-tmp-"),
            "unexpected file {f}"
        );
    }
}

/// Two predicts and a train on the same files at once give the same
/// results as each run alone.
#[test]
fn concurrent_runs_give_the_same_results_as_alone() {
    let wd = Workdir::new();
    wd.small_csv();
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let seeds = seeds.to_str().unwrap();
    let alone_pred = wd.run(&["predict", seeds]).stdout;
    wd.run_code(
        &[
            "train",
            "small.csv",
            "-o",
            "alone.model",
            "--min-count",
            "1",
        ],
        0,
    );
    let spawn = |args: &[&str]| {
        wd.std_cmd()
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let p1 = spawn(&["predict", seeds]);
    let p2 = spawn(&["predict", seeds, "-o", "p2.csv"]);
    let t = spawn(&[
        "train",
        "small.csv",
        "-o",
        "together.model",
        "--min-count",
        "1",
    ]);
    let (o1, o2, ot) = (
        p1.wait_with_output().unwrap(),
        p2.wait_with_output().unwrap(),
        t.wait_with_output().unwrap(),
    );
    assert!(o1.status.success() && o2.status.success() && ot.status.success());
    assert_eq!(o1.stdout, alone_pred);
    assert_eq!(std::fs::read(wd.path("p2.csv")).unwrap(), alone_pred);
    assert_eq!(
        std::fs::read(wd.path("together.model")).unwrap(),
        std::fs::read(wd.path("alone.model")).unwrap()
    );
}

/// `train base.csv corrections.csv`: the files are read as one, a later
/// row replacing the label of an earlier row with the same text, and the
/// run says how many it replaced.
#[test]
fn corrections_in_a_later_file_replace_earlier_labels() {
    let wd = Workdir::new();
    wd.write(
        "base.csv",
        "text,label\nThe army will attack.,escalation\nTalks resume.,de-escalation\nThe minister travels.,neutral\nTroops shelled the town.,escalation\nBoth sides agreed to a truce.,de-escalation\nThe meeting is on Monday.,neutral\n",
    );
    wd.write(
        "fix.csv",
        "text,label\nThe minister travels.,de-escalation\nRebels rejected the truce.,escalation\n",
    );
    let (out, _) = wd.run_code(
        &[
            "train",
            "base.csv",
            "fix.csv",
            "-o",
            "m.model",
            "--valid",
            "0",
            "--min-count",
            "1",
            "-q",
        ],
        0,
    );
    assert!(out.contains("read 7 rows from base.csv, fix.csv"), "{out}");
    assert!(out.contains("1 rows of later files replaced"), "{out}");
    let model: serde_json::Value = serde_json::from_str(&wd.read("m.model")).unwrap();
    let counts = &model["training"]["label_counts"];
    assert_eq!(
        (
            counts["de-escalation"].clone(),
            counts["escalation"].clone(),
            counts["neutral"].clone()
        ),
        (3.into(), 3.into(), 1.into()),
        "{counts}"
    );
    assert_eq!(model["training"]["data_file"], "base.csv, fix.csv");
    // Neither input may be the output.
    wd.run_code(&["train", "base.csv", "fix.csv", "-o", "fix.csv", "-q"], 1);
    assert!(wd.read("fix.csv").starts_with("text,label\n"));
}
