use crate::workdir::Workdir;

/// Every figure of the report is the figure `eval --json` prints.
#[test]
fn report_numbers_match_eval_json() {
    let wd = Workdir::new();
    wd.small_model();
    let (eval, _) = wd.run_code(&["eval", "-m", "small.model", "small.csv", "--json"], 0);
    let eval: serde_json::Value = serde_json::from_str(&eval).unwrap();
    wd.run_code(
        &[
            "report",
            "-m",
            "small.model",
            "small.csv",
            "--json",
            "-o",
            "r.json",
        ],
        0,
    );
    let rep: serde_json::Value = serde_json::from_str(&wd.read("r.json")).unwrap();
    for key in [
        "accuracy",
        "macro_f1",
        "weighted_f1",
        "log_loss",
        "brier",
        "ece",
    ] {
        assert_eq!(rep[key], eval[key], "{key}");
    }
    assert_eq!(rep["rows"], eval["rows"]);
    assert_eq!(rep["confusion"], eval["confusion_matrix"]);
    assert_eq!(rep["accuracy_ci"][0], eval["bootstrap"]["accuracy"]["low"]);
    assert_eq!(rep["macro_f1_ci"][1], eval["bootstrap"]["macro_f1"]["high"]);
    for (r, e) in rep["per_class"]
        .as_array()
        .unwrap()
        .iter()
        .zip(eval["per_class"].as_array().unwrap())
    {
        for key in [
            "label",
            "precision",
            "recall",
            "f1",
            "support",
            "roc_auc",
            "average_precision",
        ] {
            assert_eq!(r[key], e[key], "{key} of {}", e["label"]);
        }
    }
    let bins = rep["reliability"].as_array().unwrap();
    for (r, e) in bins.iter().zip(eval["reliability"].as_array().unwrap()) {
        assert_eq!(r, e);
    }
}

#[test]
fn html_report_is_self_contained_with_charts() {
    let wd = Workdir::new();
    wd.small_model();
    wd.run_code(
        &[
            "report",
            "-m",
            "small.model",
            "small.csv",
            "-o",
            "report.html",
        ],
        0,
    );
    let html = wd.read("report.html");
    assert!(
        html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"),
        "{}",
        &html[..40]
    );
    assert!(html.matches("<svg").count() >= 6, "charts missing");
    for needle in [
        "Confusion matrix",
        "Calibration",
        "Precision",
        "ROC",
        "Model card",
        "small.csv",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    assert!(!html.contains("<script"), "no scripts in the report");
    assert!(!html.contains("http://") || html.contains("http://www.w3.org/2000/svg"));
    let (_, err) = wd.run_code(
        &[
            "report",
            "-m",
            "small.model",
            "small.csv",
            "-o",
            "nope/report.html",
        ],
        1,
    );
    assert!(err.contains("does not exist"), "{err}");
}

/// `small.model` plus `weak.model`, trained on every third row only, so
/// the two disagree on some rows of `small.csv`.
fn two_models(wd: &Workdir) {
    wd.small_model();
    let small = wd.read("small.csv");
    let mut lines = small.lines();
    let mut weak = format!("{}\n", lines.next().unwrap());
    for line in lines.step_by(3) {
        weak.push_str(line);
        weak.push('\n');
    }
    wd.write("weak.csv", weak);
    wd.run_code(
        &["train", "weak.csv", "-o", "weak.model", "--min-count", "1"],
        0,
    );
}

/// The side-by-side numbers are eval's: same figures per model, same
/// paired test, and the disagreements are rows only one model got right.
#[test]
fn two_models_side_by_side_match_eval() {
    let wd = Workdir::new();
    two_models(&wd);
    let (eval, _) = wd.run_code(
        &[
            "eval",
            "-m",
            "small.model",
            "-m",
            "weak.model",
            "small.csv",
            "--json",
        ],
        0,
    );
    let eval: serde_json::Value = serde_json::from_str(&eval).unwrap();
    wd.run_code(
        &[
            "report",
            "-m",
            "small.model",
            "-m",
            "weak.model",
            "small.csv",
            "--json",
            "-o",
            "r.json",
            "--disagreements",
            "2",
        ],
        0,
    );
    let rep: serde_json::Value = serde_json::from_str(&wd.read("r.json")).unwrap();
    let c = &rep["comparison"];
    assert_eq!(c["test"], eval["comparisons"][0]["test"]);
    for (i, name) in ["small.model", "weak.model"].iter().enumerate() {
        let (r, e) = (&c["models"][i], &eval["models"][i]);
        assert_eq!(r["name"], *name);
        assert_eq!(r["accuracy"], e["accuracy"]);
        assert_eq!(r["macro_f1"], e["macro_f1"]);
        assert_eq!(r["macro_f1_ci"][0], e["bootstrap"]["macro_f1"]["low"]);
        assert_eq!(r["confusion"], e["confusion_matrix"]);
        for (rc, ec) in r["per_class"]
            .as_array()
            .unwrap()
            .iter()
            .zip(e["per_class"].as_array().unwrap())
        {
            for key in ["label", "precision", "recall", "f1", "support"] {
                assert_eq!(rc[key], ec[key], "{key}");
            }
        }
    }
    // The first model's detailed sections are unchanged.
    assert_eq!(rep["accuracy"], eval["models"][0]["accuracy"]);
    let t = &c["test"];
    let counts = [t["a_only"].as_u64().unwrap(), t["b_only"].as_u64().unwrap()];
    assert!(counts[0] + counts[1] > 0, "the models should disagree: {t}");
    for (side, count) in counts.iter().enumerate() {
        let rows = c["right_only"][side].as_array().unwrap();
        assert_eq!(rows.len() as u64, (*count).min(2), "side {side}");
        for r in rows {
            assert_eq!(r["predicted"][side], r["gold"], "{r}");
            assert_ne!(r["predicted"][1 - side], r["gold"], "{r}");
        }
    }

    wd.run_code(
        &[
            "report",
            "-m",
            "small.model",
            "-m",
            "weak.model",
            "small.csv",
            "-o",
            "r.html",
        ],
        0,
    );
    let html = wd.read("r.html");
    for needle in [
        "id=\"compare\"",
        "Side by side",
        "[1]</b> small.model",
        "[2]</b> weak.model",
        "Confusion matrix of [2]",
        "Right only in [1]",
        "McNemar exact p",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    assert!(html.find("id=\"compare\"") < html.find("id=\"headline\""));
    // One model: no comparison section, and none in the JSON.
    wd.run_code(
        &["report", "-m", "small.model", "small.csv", "-o", "one.html"],
        0,
    );
    assert!(!wd.read("one.html").contains("id=\"compare\""));
    let (_, err) = wd.run_code(
        &[
            "report",
            "-m",
            "a",
            "-m",
            "b",
            "-m",
            "c",
            "small.csv",
            "-o",
            "x.html",
        ],
        1,
    );
    assert!(err.contains("at most two models"), "{err}");
    assert!(!wd.path("x.html").exists());
}

/// `--by region`: one row per region, scored on that region's rows alone
/// (the same figures as eval on a file of those rows), in report and eval.
#[test]
fn figures_are_broken_down_by_a_group_column() {
    let wd = Workdir::new();
    two_models(&wd);
    let small = wd.read("small.csv");
    let mut lines = small.lines();
    let mut by_region = format!("{},region\n", lines.next().unwrap());
    let mut north = String::from("text,label\n");
    for (i, line) in lines.enumerate() {
        let region = ["north", "south", "east"][i % 3];
        by_region.push_str(&format!("{line},{region}\n"));
        if region == "north" {
            north.push_str(&format!("{line}\n"));
        }
    }
    wd.write("regions.csv", by_region);
    wd.write("north.csv", north);
    let args = |cmd: &str| -> Vec<String> {
        let mut v: Vec<String> = [
            cmd,
            "-m",
            "small.model",
            "-m",
            "weak.model",
            "regions.csv",
            "--by",
            "region",
            "--json",
        ]
        .map(String::from)
        .to_vec();
        if cmd == "report" {
            v.extend(["-o".to_string(), "r.json".to_string()]);
        }
        v
    };
    let report_args = args("report");
    wd.run_code(
        &report_args.iter().map(String::as_str).collect::<Vec<_>>(),
        0,
    );
    let rep: serde_json::Value = serde_json::from_str(&wd.read("r.json")).unwrap();
    let eval_args = args("eval");
    let (eval, _) = wd.run_code(&eval_args.iter().map(String::as_str).collect::<Vec<_>>(), 0);
    let eval: serde_json::Value = serde_json::from_str(&eval).unwrap();
    assert_eq!(rep["groups"], eval["groups"]);
    let b = &rep["groups"][0];
    assert_eq!(b["column"], "region");
    let groups = b["groups"].as_array().unwrap();
    let names: Vec<&str> = groups
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["east", "north", "south"],
        "equal sizes sort by name"
    );
    assert!(groups.iter().all(|g| g["rows"] == 12));
    let (alone, _) = wd.run_code(&["eval", "-m", "weak.model", "north.csv", "--json"], 0);
    let alone: serde_json::Value = serde_json::from_str(&alone).unwrap();
    let north = &groups[1]["models"][1];
    assert_eq!(north["accuracy"], alone["accuracy"]);
    assert_eq!(north["macro_f1"], alone["macro_f1"]);

    wd.run_code(
        &[
            "report",
            "-m",
            "weak.model",
            "regions.csv",
            "--by",
            "region",
            "-o",
            "r.html",
        ],
        0,
    );
    let html = wd.read("r.html");
    assert!(html.contains("By region"), "group table missing");
    assert!(html.contains("<td class=\"label\">north</td>"));
    let (out, _) = wd.run_code(
        &["eval", "-m", "weak.model", "regions.csv", "--by", "region"],
        0,
    );
    assert!(out.contains("by region") && out.contains("north"), "{out}");
    let (_, err) = wd.run_code(
        &[
            "report",
            "-m",
            "weak.model",
            "regions.csv",
            "--by",
            "regoin",
            "-o",
            "x.html",
        ],
        1,
    );
    assert!(
        err.contains("regions.csv") && err.contains("no column named \"regoin\""),
        "{err}"
    );
    assert!(!wd.path("x.html").exists());
}

/// Report warns about gold labels the model cannot predict, as eval does.
#[test]
fn report_warns_about_labels_the_model_never_saw() {
    let wd = Workdir::new();
    wd.small_model();
    wd.write("other.csv", "text,label\nthe talks resumed,peace\n");
    let (_, eval_err) = wd.run_code(&["eval", "-m", "small.model", "other.csv"], 0);
    let (_, err) = wd.run_code(
        &["report", "-m", "small.model", "other.csv", "-o", "r.html"],
        0,
    );
    assert!(err.contains("labels the model never saw: peace"), "{err}");
    assert_eq!(err, eval_err);
}
