//! Checks on the shipped corpus (`data/`): the data card's promises.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

#[derive(Debug, Clone)]
struct Row {
    text: String,
    label: String,
    source: String,
    region: String,
    tags: String,
    /// The composed article the row belongs to (empty for single rows).
    article: String,
}

fn read(name: &str) -> Vec<Row> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name);
    let mut r = csv::Reader::from_path(&path).unwrap();
    assert_eq!(
        r.headers().unwrap(),
        vec!["text", "label", "source", "region", "tags", "article"]
    );
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            Row {
                text: rec[0].to_string(),
                label: rec[1].to_string(),
                source: rec[2].to_string(),
                region: rec[3].to_string(),
                tags: rec[4].to_string(),
                article: rec[5].to_string(),
            }
        })
        .collect()
}

fn words(text: &str) -> BTreeSet<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-' || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn corpus_size_labels_regions_and_tags() {
    let rows = read("corpus.csv");
    let composed: Vec<&Row> = rows.iter().filter(|r| r.source == "composed").collect();
    assert!(rows.len() >= 12_000, "{} rows", rows.len());
    let seeds: BTreeSet<&str> = rows
        .iter()
        .filter(|r| r.source != "composed")
        .map(|r| r.source.as_str())
        .collect();
    assert_eq!(seeds.len(), 5, "{seeds:?}");
    let mut labels: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &rows {
        *labels.entry(r.label.as_str()).or_default() += 1;
    }
    assert_eq!(
        labels.keys().copied().collect::<Vec<_>>(),
        ["de-escalation", "escalation", "neutral"]
    );
    for (l, n) in &labels {
        assert!(*n * 4 >= rows.len(), "{l} has {n} of {} rows", rows.len());
    }
    let regions: BTreeSet<&str> = composed.iter().map(|r| r.region.as_str()).collect();
    assert!(regions.len() >= 25, "{regions:?}");
    let tagged = rows.iter().filter(|r| !r.tags.is_empty()).count();
    assert!(tagged * 10 >= rows.len() * 3, "{tagged} tagged rows");
    let known = [
        "negation",
        "warning",
        "reported-speech",
        "mixed",
        "keyword-trap",
        "lexical-negation",
        "background-conflict-words",
        "polite-incitement",
        "history",
        "build-up",
    ];
    let mut per_tag: BTreeMap<&str, usize> = BTreeMap::new();
    for r in rows.iter().filter(|r| !r.tags.is_empty()) {
        for t in r.tags.split(';') {
            assert!(known.contains(&t), "unknown tag {t:?} in {:?}", r.text);
            *per_tag.entry(t).or_default() += 1;
        }
    }
    assert_eq!(per_tag.len(), known.len(), "{per_tag:?}");
    // The hard cases issue 23 asked for, in the numbers it asked for.
    assert!(per_tag["lexical-negation"] >= 400, "{per_tag:?}");
    assert!(per_tag["background-conflict-words"] >= 400, "{per_tag:?}");
    assert!(per_tag["polite-incitement"] >= 300, "{per_tag:?}");
}

/// Most rows come as whole articles of 10-25 sentences, at least 300 of them.
#[test]
fn most_new_rows_come_as_whole_articles() {
    let rows = read("corpus.csv");
    let mut articles: BTreeMap<&str, usize> = BTreeMap::new();
    for r in rows.iter().filter(|r| !r.article.is_empty()) {
        *articles.entry(r.article.as_str()).or_default() += 1;
    }
    assert!(articles.len() >= 300, "{} articles", articles.len());
    for (a, n) in &articles {
        assert!((10..=25).contains(n), "{a} has {n} sentences");
    }
    let in_articles: usize = articles.values().sum();
    assert!(
        in_articles * 2 > rows.len(),
        "{in_articles} of {}",
        rows.len()
    );
}

/// Bylines and sign-offs of the composed articles: the same few words in
/// every article of a newsroom, as in real news.
fn is_furniture(text: &str) -> bool {
    ["Reporting by", "This blog", "This live blog", "The full "]
        .iter()
        .any(|p| text.starts_with(p))
}

/// No templates with swapped names: no two rows share more than 80% of
/// their word tokens. Seed sentences are exempt only against other seed
/// articles, where newspapers quote the same official verbatim; bylines
/// and sign-offs ([`is_furniture`]) against each other.
#[test]
fn no_two_rows_are_near_duplicates() {
    let rows = read("corpus.csv");
    let sets: Vec<BTreeSet<String>> = rows.iter().map(|r| words(&r.text)).collect();
    let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, s) in sets.iter().enumerate() {
        for w in s {
            index.entry(w.as_str()).or_default().push(i);
        }
    }
    let mut worst = (0.0f64, 0, 0);
    for (i, s) in sets.iter().enumerate() {
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for w in s {
            for &j in &index[w.as_str()] {
                if j > i {
                    *shared.entry(j).or_default() += 1;
                }
            }
        }
        for (j, n) in shared {
            let both_seeds = rows[i].source != "composed" && rows[j].source != "composed";
            if both_seeds && rows[i].source != rows[j].source {
                continue;
            }
            if is_furniture(&rows[i].text) && is_furniture(&rows[j].text) {
                continue;
            }
            let jac = n as f64 / (s.len() + sets[j].len() - n) as f64;
            if jac > worst.0 {
                worst = (jac, i, j);
            }
        }
    }
    let (jac, i, j) = worst;
    assert!(
        jac <= 0.8,
        "Jaccard {jac:.2}:\n{}\n{}",
        rows[i].text,
        rows[j].text
    );
}

#[test]
fn splits_partition_the_corpus_by_conflict() {
    let corpus = read("corpus.csv");
    let splits: Vec<(&str, Vec<Row>)> = ["train", "dev", "test"]
        .iter()
        .map(|s| (*s, read(&format!("{s}.csv"))))
        .collect();
    let total: usize = splits.iter().map(|(_, r)| r.len()).sum();
    assert_eq!(total, corpus.len());
    let mut all: Vec<&str> = splits
        .iter()
        .flat_map(|(_, r)| r.iter().map(|r| r.text.as_str()))
        .collect();
    let mut want: Vec<&str> = corpus.iter().map(|r| r.text.as_str()).collect();
    all.sort();
    want.sort();
    assert_eq!(all, want);
    // A conflict group (composed region, or seed article) sits in one split only.
    let mut home: BTreeMap<String, &str> = BTreeMap::new();
    for (name, rows) in &splits {
        for r in rows {
            let group = if r.source == "composed" {
                r.region.clone()
            } else {
                r.source.clone()
            };
            let prev = home.insert(group.clone(), name);
            assert!(
                prev.is_none() || prev == Some(name),
                "{group} is in {prev:?} and {name}"
            );
        }
    }
    let test_seeds: BTreeSet<&String> = splits[2]
        .1
        .iter()
        .filter(|r| r.source != "composed")
        .map(|r| &r.source)
        .collect();
    assert_eq!(test_seeds.len(), 2, "{test_seeds:?}");
    for (name, rows) in &splits {
        assert!(rows.len() >= 300, "{name} has {} rows", rows.len());
    }
}

/// The shipped default model was trained on the shipped data: its recorded
/// SHA-256 is that of `data/traindev.csv` (rebuild with
/// `scripts/build-default-model.sh` after changing the data).
#[test]
fn default_model_is_built_from_the_shipped_data() {
    use sha2::{Digest, Sha256};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("models/default.model")).unwrap()).unwrap();
    let data = std::fs::read(root.join("data/traindev.csv")).unwrap();
    let hex: String = Sha256::digest(&data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(model["training"]["data_sha256"], hex.as_str());
    assert_eq!(model["training"]["rows"], read("traindev.csv").len());
}

/// The default model's recipe is deterministic: the same flags on a slice
/// of the training data give byte-identical files (the full run is the
/// same code on more rows).
#[test]
fn default_recipe_is_byte_identical_on_a_subset() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("data/train.csv")).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(r.headers().unwrap()).unwrap();
    for rec in r.records().step_by(5) {
        w.write_record(&rec.unwrap()).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let subset = dir.path().join("subset.csv");
    std::fs::write(&subset, w.into_inner().unwrap()).unwrap();
    let build = |out: &str| {
        let status = assert_cmd::Command::cargo_bin("rhetoric")
            .unwrap()
            .current_dir(dir.path())
            .args([
                "train",
                "subset.csv",
                "-o",
                out,
                "--ngrams",
                "2",
                "--max-features",
                "4096",
            ])
            .args(["--alpha", "0.3", "--max-iter", "30", "--seed", "42"])
            .output()
            .unwrap();
        assert!(status.status.success());
        std::fs::read(dir.path().join(out)).unwrap()
    };
    assert_eq!(build("a.model"), build("b.model"));
}
