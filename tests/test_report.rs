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
