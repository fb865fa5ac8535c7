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
