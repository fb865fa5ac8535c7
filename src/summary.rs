//! Per-article and per-actor summaries of labeled sentences.
//!
//! A [`Tally`] adds up the labeled sentences of one group (an article, an
//! actor, or the whole corpus): sentences per label, their shares, the mean
//! probability of each label, and — when the model has `escalation` and
//! `de-escalation` labels — the escalation index (mean P(escalation) − mean
//! P(de-escalation), from −1 to 1) with the most escalatory and most
//! de-escalatory sentence. Boilerplate left unlabeled is only counted.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::predict::{round4, Format, LabeledDocument};

/// Sums for one group of sentences.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub documents: usize,
    pub sentences: usize,
    pub boilerplate: usize,
    pub counts: Vec<usize>,
    pub prob_sums: Vec<f64>,
    /// Per label: the highest probability seen and its sentence.
    pub top: Vec<Option<(f32, String)>>,
    /// Sum of the sentences' sentiment compound scores.
    pub compound_sum: f64,
}

impl Tally {
    fn new(k: usize) -> Self {
        Tally {
            counts: vec![0; k],
            prob_sums: vec![0.0; k],
            top: vec![None; k],
            ..Default::default()
        }
    }

    fn add(&mut self, label: usize, probs: &[f32], text: &str, compound: f64) {
        self.sentences += 1;
        self.compound_sum += compound;
        self.counts[label] += 1;
        for (i, &p) in probs.iter().enumerate() {
            self.prob_sums[i] += f64::from(p);
            if self.top[i].as_ref().is_none_or(|(best, _)| p > *best) {
                self.top[i] = Some((p, text.to_string()));
            }
        }
    }

    fn merge(&mut self, other: &Tally) {
        self.documents += other.documents;
        self.sentences += other.sentences;
        self.boilerplate += other.boilerplate;
        self.compound_sum += other.compound_sum;
        for i in 0..self.counts.len() {
            self.counts[i] += other.counts[i];
            self.prob_sums[i] += other.prob_sums[i];
            if let Some((p, t)) = &other.top[i] {
                if self.top[i].as_ref().is_none_or(|(best, _)| p > best) {
                    self.top[i] = Some((*p, t.clone()));
                }
            }
        }
    }

    fn mean(&self, i: usize) -> Option<f64> {
        (self.sentences > 0).then(|| self.prob_sums[i] / self.sentences as f64)
    }
}

/// Builds summary rows for articles or actors.
pub struct Summarizer {
    labels: Vec<String>,
    /// Indices of `escalation` and `de-escalation`, when the model has both.
    esc: Option<(usize, usize)>,
    total: Tally,
    by_actor: BTreeMap<String, Tally>,
    /// The article whose row [`push`](Self::push) has not given out yet
    /// (its later parts may follow): its first columns and tally.
    open: Option<([String; 2], Tally)>,
    /// Actors of the current article, so that each counts it once.
    article_actors: BTreeSet<String>,
}

/// What a summary row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Article,
    Actor,
}

impl Summarizer {
    pub fn new(labels: &[String]) -> Self {
        let find = |name: &str| labels.iter().position(|l| l == name);
        Summarizer {
            labels: labels.to_vec(),
            esc: find("escalation").zip(find("de-escalation")),
            total: Tally::new(labels.len()),
            by_actor: BTreeMap::new(),
            open: None,
            article_actors: BTreeSet::new(),
        }
    }

    /// Column names of a summary table grouped by `by`.
    pub fn header(&self, by: GroupBy) -> Vec<String> {
        let mut h: Vec<String> = match by {
            GroupBy::Article => vec!["doc".into(), "source".into()],
            GroupBy::Actor => vec!["actor".into(), "documents".into()],
        };
        h.extend(["sentences".to_string(), "boilerplate".to_string()]);
        h.extend(self.labels.iter().map(|l| format!("n_{l}")));
        h.extend(self.labels.iter().map(|l| format!("share_{l}")));
        h.extend(self.labels.iter().map(|l| format!("mean_p_{l}")));
        h.push("mean_compound".into());
        if self.esc.is_some() {
            h.extend(
                [
                    "escalation_index",
                    "most_escalatory",
                    "p_most_escalatory",
                    "most_deescalatory",
                    "p_most_deescalatory",
                ]
                .map(String::from),
            );
        }
        h
    }

    /// Tally one labeled document; returns its own tally. A later part of
    /// a long text ([`Part`](crate::input::Part)) adds to the article of
    /// the parts before it, which stays one document for it and its actors.
    pub fn add(&mut self, d: &LabeledDocument) -> Tally {
        let first_part = !d.doc.is_later_part();
        if first_part {
            self.article_actors.clear();
        }
        let mut t = Tally::new(self.labels.len());
        t.documents = usize::from(first_part);
        let mut actors: BTreeMap<&str, Tally> = BTreeMap::new();
        for s in &d.sentences {
            match &s.label {
                Some((l, probs)) => {
                    let compound = s.sentiment.map_or(0.0, |x| x.compound);
                    t.add(*l, probs, &s.text, compound);
                    if let Some(a) = &s.actor {
                        actors
                            .entry(a.as_str())
                            .or_insert_with(|| Tally::new(self.labels.len()))
                            .add(*l, probs, &s.text, compound);
                    }
                }
                None => t.boilerplate += 1,
            }
        }
        for (a, mut at) in actors {
            at.documents = usize::from(self.article_actors.insert(a.to_string()));
            self.by_actor
                .entry(a.to_string())
                .or_insert_with(|| Tally::new(self.labels.len()))
                .merge(&at);
        }
        self.total.merge(&t);
        t
    }

    /// The values of one row (same order as [`Summarizer::header`]).
    fn row(&self, first: [String; 2], t: &Tally) -> Vec<Value> {
        let mut v: Vec<Value> = first.into_iter().map(Value::from).collect();
        v.push(t.sentences.into());
        v.push(t.boilerplate.into());
        v.extend(t.counts.iter().map(|&c| Value::from(c)));
        let share = |c: usize| {
            if t.sentences == 0 {
                Value::Null
            } else {
                round4(c as f32 / t.sentences as f32).into()
            }
        };
        v.extend(t.counts.iter().map(|&c| share(c)));
        let mean = |i: usize| t.mean(i).map_or(Value::Null, |m| round4(m as f32).into());
        v.extend((0..self.labels.len()).map(mean));
        v.push(if t.sentences == 0 {
            Value::Null
        } else {
            round4((t.compound_sum / t.sentences as f64) as f32).into()
        });
        if let Some((e, d)) = self.esc {
            let index = t
                .mean(e)
                .zip(t.mean(d))
                .map(|(a, b)| round4((a - b) as f32));
            v.push(index.map_or(Value::Null, Value::from));
            for i in [e, d] {
                match &t.top[i] {
                    Some((p, text)) => {
                        v.push(text.clone().into());
                        v.push(round4(*p).into());
                    }
                    None => v.extend([Value::Null, Value::Null]),
                }
            }
        }
        v
    }

    /// Tally one labeled document, as [`add`](Self::add) does; returns the
    /// row of the article before it once this one starts a new article.
    /// The last article's row comes from [`finish`](Self::finish).
    pub fn push(&mut self, d: &LabeledDocument) -> Option<Vec<Value>> {
        let t = self.add(d);
        if d.doc.is_later_part() {
            if let Some((_, open)) = &mut self.open {
                open.merge(&t);
                return None;
            }
        }
        let first = [d.doc.id.clone(), d.doc.source.to_string()];
        let done = self.open.replace((first, t));
        done.map(|(first, t)| self.row(first, &t))
    }

    /// The row of the last article [`push`](Self::push) was given.
    pub fn finish(&mut self) -> Option<Vec<Value>> {
        self.open.take().map(|(first, t)| self.row(first, &t))
    }

    /// The corpus total row (`doc` = `TOTAL`).
    pub fn total_row(&self, by: GroupBy) -> Vec<Value> {
        let second = match by {
            GroupBy::Article => String::new(),
            GroupBy::Actor => self.total.documents.to_string(),
        };
        let mut total = self.total.clone();
        if by == GroupBy::Actor {
            // Only attributed sentences count in the per-actor total.
            let mut t = Tally::new(self.labels.len());
            self.by_actor.values().for_each(|a| t.merge(a));
            t.documents = self.total.documents;
            total = t;
        }
        self.row(["TOTAL".into(), second], &total)
    }

    /// One row per actor, most sentences first.
    pub fn actor_rows(&self) -> Vec<Vec<Value>> {
        let mut actors: Vec<(&String, &Tally)> = self.by_actor.iter().collect();
        actors.sort_by(|a, b| b.1.sentences.cmp(&a.1.sentences).then(a.0.cmp(b.0)));
        actors
            .into_iter()
            .map(|(name, t)| self.row([name.clone(), t.documents.to_string()], t))
            .collect()
    }
}

/// Render summary rows as CSV (with `header` when given) or JSONL.
pub fn render_rows(
    format: Format,
    header: &[String],
    rows: &[Vec<Value>],
    with_header: bool,
) -> Vec<u8> {
    match format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            if with_header {
                w.write_record(header).expect("write to memory");
            }
            for r in rows {
                let cells: Vec<String> = r
                    .iter()
                    .map(|v| match v {
                        Value::Null => String::new(),
                        Value::String(s) => s.clone(),
                        Value::Number(n) => match n.as_f64() {
                            Some(f) if n.is_f64() => format!("{f:.4}"),
                            _ => n.to_string(),
                        },
                        other => other.to_string(),
                    })
                    .collect();
                w.write_record(cells).expect("write to memory");
            }
            w.into_inner().expect("flush to memory")
        }
        Format::Jsonl => {
            let mut out = Vec::new();
            for r in rows {
                let obj: Map<String, Value> =
                    header.iter().cloned().zip(r.iter().cloned()).collect();
                serde_json::to_writer(&mut out, &Value::Object(obj)).expect("write to memory");
                out.push(b'\n');
            }
            out
        }
    }
}

/// Summary of a whole labeled batch as JSON (handy for tests and reports).
pub fn to_json(header: &[String], rows: &[Vec<Value>]) -> Value {
    json!(rows
        .iter()
        .map(|r| header
            .iter()
            .cloned()
            .zip(r.iter().cloned())
            .collect::<Map<_, _>>())
        .collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Document;
    use crate::predict::LabeledSentence;

    fn sentence(
        i: usize,
        label: Option<(usize, Vec<f32>)>,
        actor: Option<&str>,
    ) -> LabeledSentence {
        LabeledSentence {
            index: i,
            start: 0,
            end: 0,
            text: format!("s{i}"),
            boilerplate: None,
            actor: actor.map(String::from),
            sentiment: label.as_ref().map(|_| crate::sentiment::Sentiment {
                neg: 0.0,
                neu: 1.0,
                pos: 0.0,
                compound: 0.5,
            }),
            label,
        }
    }

    fn doc(sentences: Vec<LabeledSentence>) -> LabeledDocument {
        LabeledDocument {
            doc: Document {
                id: "d".into(),
                source: "d.txt".into(),
                line: None,
                text: String::new(),
                extra: vec![],
                part: None,
            },
            sentences,
        }
    }

    #[test]
    fn escalation_index_and_top_sentences() {
        let labels: Vec<String> = ["de-escalation", "escalation", "neutral"]
            .map(String::from)
            .to_vec();
        let mut s = Summarizer::new(&labels);
        let d = doc(vec![
            sentence(0, Some((1, vec![0.1, 0.8, 0.1])), Some("Gallant")),
            sentence(1, Some((0, vec![0.7, 0.2, 0.1])), Some("Blinken")),
            sentence(2, Some((1, vec![0.1, 0.6, 0.3])), Some("Gallant")),
            sentence(3, None, None),
        ]);
        assert!(s.push(&d).is_none(), "its row waits for any later parts");
        let row = s.finish().unwrap();
        let header = s.header(GroupBy::Article);
        let get = |name: &str| row[header.iter().position(|h| h == name).unwrap()].clone();
        assert_eq!((get("sentences"), get("boilerplate")), (3.into(), 1.into()));
        assert_eq!(get("n_escalation"), 2);
        assert_eq!(get("share_escalation"), 0.6667);
        // mean P(esc) = 1.6/3, mean P(de-esc) = 0.9/3 → 0.2333
        assert_eq!(get("escalation_index"), 0.2333);
        assert_eq!(get("most_escalatory"), "s0");
        assert_eq!(get("most_deescalatory"), "s1");
        let actors = s.actor_rows();
        assert_eq!(actors[0][0], "Gallant");
        assert_eq!(actors[0][2], 2);
    }

    #[test]
    fn labels_without_escalation_have_no_index() {
        let labels: Vec<String> = ["a", "b"].map(String::from).to_vec();
        let s = Summarizer::new(&labels);
        assert!(!s
            .header(GroupBy::Article)
            .contains(&"escalation_index".to_string()));
    }
}
