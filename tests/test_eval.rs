use crate::workdir::{one_line, Workdir};

#[test]
fn eval_prints_metrics_and_confusion_matrix() {
    let wd = Workdir::new();
    wd.small_model();
    let (out, _) = wd.run_code(&["eval", "-m", "small.model", "small.csv"], 0);
    for needle in [
        "accuracy",
        "macro-F1",
        "weighted-F1",
        "precision",
        "confusion matrix",
        "de-escalation",
    ] {
        assert!(out.contains(needle), "{needle} missing: {out}");
    }
}

#[test]
fn eval_json_has_the_documented_keys_and_consistent_numbers() {
    let wd = Workdir::new();
    wd.small_model();
    let (out, _) = wd.run_code(&["eval", "-m", "small.model", "small.csv", "--json"], 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for key in ["accuracy", "macro_f1", "per_class", "confusion_matrix"] {
        assert!(v.get(key).is_some(), "{key} missing: {out}");
    }
    let cm = v["confusion_matrix"].as_array().unwrap();
    let total: u64 = cm
        .iter()
        .flat_map(|r| r.as_array().unwrap())
        .map(|x| x.as_u64().unwrap())
        .sum();
    let diag: u64 = (0..cm.len()).map(|i| cm[i][i].as_u64().unwrap()).sum();
    assert_eq!(total, 36);
    assert!((v["accuracy"].as_f64().unwrap() - diag as f64 / 36.0).abs() < 1e-12);
    // A model scored on its own training data must beat chance clearly.
    assert!(v["accuracy"].as_f64().unwrap() > 0.8, "{out}");
}

#[test]
fn labels_the_model_never_saw_are_reported() {
    let wd = Workdir::new();
    wd.small_model();
    wd.write("other.csv", "text,label\nthe talks resumed,peace\n");
    let (out, err) = wd.run_code(&["eval", "-m", "small.model", "other.csv"], 0);
    assert!(err.contains("labels the model never saw: peace"), "{err}");
    assert!(out.contains("peace"), "{out}");
}

#[test]
fn corrupted_and_future_models_are_refused() {
    let wd = Workdir::new();
    wd.small_csv();
    wd.write("bad.model", "{\"format\": \"rhetoric-model\", \"format_");
    let (_, err) = wd.run_code(&["eval", "-m", "bad.model", "small.csv"], 1);
    one_line(&err);
    assert!(
        err.contains("bad.model: not a rhetoric model file"),
        "{err}"
    );
    wd.write(
        "future.model",
        r#"{"format":"rhetoric-model","format_version":7}"#,
    );
    let (_, err) = wd.run_code(&["eval", "-m", "future.model", "small.csv"], 1);
    one_line(&err);
    assert!(err.contains("format version 7 is not supported"), "{err}");
    let (_, err) = wd.run_code(&["eval", "-m", "missing.model", "small.csv"], 1);
    assert!(err.contains("missing.model: no such file"), "{err}");
}

#[test]
fn eval_json_has_probability_metrics_and_mistakes() {
    let wd = Workdir::new();
    wd.small_model();
    let (out, _) = wd.run_code(
        &[
            "eval",
            "-m",
            "small.model",
            "small.csv",
            "--json",
            "--errors",
            "2",
        ],
        0,
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for key in [
        "log_loss",
        "brier",
        "ece",
        "reliability",
        "misclassified",
        "bootstrap",
    ] {
        assert!(v.get(key).is_some(), "{key} missing: {out}");
    }
    assert!(v["log_loss"].as_f64().unwrap() > 0.0);
    assert!((0.0..=2.0).contains(&v["brier"].as_f64().unwrap()));
    for c in v["per_class"].as_array().unwrap() {
        let auc = c["roc_auc"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&auc), "{c}");
    }
    let bins = v["reliability"].as_array().unwrap();
    let counted: u64 = bins.iter().map(|b| b["count"].as_u64().unwrap()).sum();
    assert_eq!(counted, 36);
    assert!(v["misclassified"].as_array().unwrap().len() <= 2);
    let b = &v["bootstrap"]["macro_f1"];
    let f1 = v["macro_f1"].as_f64().unwrap();
    assert!(b["low"].as_f64().unwrap() <= f1 && f1 <= b["high"].as_f64().unwrap());
}

#[test]
fn two_models_side_by_side_with_a_paired_test() {
    let wd = Workdir::new();
    wd.small_model();
    wd.run_code(
        &[
            "train",
            "small.csv",
            "-o",
            "uni.model",
            "--ngrams",
            "1",
            "--min-count",
            "1",
        ],
        0,
    );
    let (out, _) = wd.run_code(
        &["eval", "-m", "small.model", "-m", "uni.model", "small.csv"],
        0,
    );
    assert!(out.contains("[1] vs [2] on the same 36 rows"), "{out}");
    assert!(out.contains("McNemar exact p"), "{out}");
    assert!(out.contains("verdict:"), "{out}");
    let (out, _) = wd.run_code(
        &[
            "eval",
            "-m",
            "small.model",
            "-m",
            "small.model",
            "small.csv",
            "--json",
        ],
        0,
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["models"].as_array().unwrap().len(), 2);
    let t = &v["comparisons"][0]["test"];
    assert_eq!(t["a_only"], 0);
    assert_eq!(t["b_only"], 0);
    assert_eq!(t["mcnemar_p"], 1.0);
    assert_eq!(t["macro_f1_diff"], 0.0);
}

#[test]
fn eval_scores_tone_when_the_csv_has_a_sentiment_column() {
    let wd = Workdir::new();
    wd.small_model();
    wd.write(
        "tone.csv",
        "text,label,sentiment\nThe talks were a great success and both sides welcomed the deal.,de-escalation,positive\nThe shelling killed dozens and destroyed the hospital.,escalation,negative\nThe minister will travel on Monday.,neutral,neutral\n",
    );
    let (out, _) = wd.run_code(&["eval", "-m", "small.model", "tone.csv", "--json"], 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["sentiment"]["rows"], 3);
    assert_eq!(v["sentiment"]["accuracy"], 1.0, "{}", v["sentiment"]);
    let (out, _) = wd.run_code(&["eval", "-m", "small.model", "tone.csv"], 0);
    assert!(out.contains("sentiment (gold tones"), "{out}");
    let (out, _) = wd.run_code(&["eval", "-m", "small.model", "small.csv", "--json"], 0);
    assert!(serde_json::from_str::<serde_json::Value>(&out)
        .unwrap()
        .get("sentiment")
        .is_none());
}
