use crate::workdir::Workdir;

#[test]
fn inspect_shows_the_card_and_top_features() {
    let wd = Workdir::new();
    wd.small_model();
    let (out, _) = wd.run_code(&["inspect", "-m", "small.model", "--top", "3"], 0);
    for needle in [
        "labels         de-escalation, escalation, neutral",
        "training data  small.csv (36 rows",
        "validation",
        "top features for escalation",
    ] {
        assert!(out.contains(needle), "{needle}: {out}");
    }
    let (out, _) = wd.run_code(&["inspect", "-m", "small.model", "--json", "--top", "2"], 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["training"]["rows"], 36);
    assert_eq!(v["top_features"].as_array().unwrap().len(), 3);
    assert_eq!(
        v["top_features"][0]["features"].as_array().unwrap().len(),
        2
    );
    assert!(v["training"]["validation"]["macro_f1"].is_number());
}

#[test]
fn explain_lists_contributions_with_negation_marks() {
    let wd = Workdir::new();
    let (out, _) = wd.run_code(
        &[
            "explain",
            "The army will not attack the town. Both sides agreed to a ceasefire.",
            "--json",
        ],
        0,
    );
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["label"], "de-escalation");
    let feats: Vec<&str> = lines[0]["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["feature"].as_str().unwrap())
        .collect();
    assert!(feats.iter().any(|f| f.contains("NOT_")), "{feats:?}");
    let (out, _) = wd.run_code(&["explain", "Both sides agreed to a ceasefire."], 0);
    assert!(
        out.contains("label: de-escalation") && out.contains("contrib"),
        "{out}"
    );
    wd.run_code(&["explain", "   "], 1);
    wd.run_code(&["explain", "--file", "missing.txt"], 1);
}

#[test]
fn inspect_shows_a_warm_start() {
    let wd = Workdir::new();
    wd.small_csv();
    let args = [
        "train",
        "small.csv",
        "-o",
        "warm.model",
        "--min-count",
        "1",
        "--valid",
        "0",
        "--warm-start",
        "18",
        "--warm-iter",
        "7",
    ];
    wd.run_code(&args, 0);
    let (out, _) = wd.run_code(&["inspect", "-m", "warm.model"], 0);
    assert!(
        out.contains("max iterations 5, warm start 18 rows × 7 iterations,"),
        "{out}"
    );
    // Without a warm start the options line is as before.
    wd.small_model();
    let (out, _) = wd.run_code(&["inspect", "-m", "small.model"], 0);
    assert!(out.contains("max iterations 100, balanced"), "{out}");
}
