//! Summaries of labeled sentences: per article, or per group of any key
//! (a document column such as an outlet, a period of a date column, the
//! speaking actor, or several of these together).
//!
//! A [`Tally`] adds up the labeled sentences of one group (an article, an
//! actor, or the whole corpus): sentences per label, their shares, the mean
//! probability of each label, and — when the model has `escalation` and
//! `de-escalation` labels — the escalation index (mean P(escalation) − mean
//! P(de-escalation), from −1 to 1) with the most escalatory and most
//! de-escalatory sentence, and a 95% interval for the index (normal
//! approximation over the sentences' P(escalation) − P(de-escalation)).
//! Boilerplate left unlabeled is only counted.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::predict::period::Period;
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
    /// Sum over sentences of (P(escalation) − P(de-escalation))², for the
    /// index's interval (0 when the labels have no such pair).
    pub index_sq_sum: f64,
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

    fn add(
        &mut self,
        label: usize,
        probs: &[f32],
        text: &str,
        compound: f64,
        esc: Option<(usize, usize)>,
    ) {
        self.sentences += 1;
        if let Some((e, d)) = esc {
            self.index_sq_sum += f64::from(probs[e] - probs[d]).powi(2);
        }
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
        self.index_sq_sum += other.index_sq_sum;
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

    /// The escalation index (mean P(e) − mean P(d)) and its 95% interval
    /// (mean ± 1.96 standard errors of the per-sentence differences,
    /// clamped to [−1, 1]; no interval under two sentences).
    fn index(&self, e: usize, d: usize) -> Option<(f64, Option<(f64, f64)>)> {
        let n = self.sentences as f64;
        let mean = self.mean(e)? - self.mean(d)?;
        if self.sentences < 2 {
            return Some((mean, None));
        }
        let variance = ((self.index_sq_sum - n * mean * mean) / (n - 1.0)).max(0.0);
        let half = 1.96 * (variance / n).sqrt();
        Some((
            mean,
            Some(((mean - half).max(-1.0), (mean + half).min(1.0))),
        ))
    }
}

/// Builds summary rows for articles or groups.
pub struct Summarizer {
    labels: Vec<String>,
    /// Indices of `escalation` and `de-escalation`, when the model has both.
    esc: Option<(usize, usize)>,
    /// Names of the documents' carried columns, in `Document::extra` order.
    columns: Vec<String>,
    by: GroupBy,
    total: Tally,
    groups: BTreeMap<Vec<String>, Tally>,
    /// The article whose row [`push`](Self::push) has not given out yet
    /// (its later parts may follow): its first columns and tally.
    open: Option<(Vec<String>, Tally)>,
    /// Groups the current article has counted itself in.
    article_groups: BTreeSet<Vec<String>>,
    /// Documents whose date could not be read (grouped under `undated`).
    undated: usize,
}

/// What a summary row is about: one article, or one value of each key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupBy {
    Article,
    Keys(Vec<GroupKey>),
}

/// One part of a group's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupKey {
    /// The speaking actor: only attributed sentences count.
    Actor,
    /// The value of a carried document column (by its index in `extra`).
    Column { name: String, index: usize },
    /// The period a date column's value falls in.
    Period {
        name: String,
        index: usize,
        period: Period,
    },
}

impl GroupKey {
    fn header(&self) -> String {
        match self {
            GroupKey::Actor => "actor".into(),
            GroupKey::Column { name, .. } => name.clone(),
            GroupKey::Period { period, .. } => period.name().into(),
        }
    }
}

impl GroupBy {
    /// The grouping of `predict --summary`: `by` names `article` (alone),
    /// `actor`, or carried `columns`; `period` groups by the period of the
    /// `date_column`'s value, before the `by` keys. A key naming no column
    /// is an error.
    pub fn from_keys(
        by: &[String],
        period: Option<Period>,
        date_column: &str,
        columns: &[String],
    ) -> crate::Result<GroupBy> {
        use crate::Error;
        let column = |name: &str| {
            columns.iter().position(|c| c == name).ok_or_else(|| {
                let known = if columns.is_empty() {
                    "the inputs carry no columns (only CSV inputs do)".to_string()
                } else {
                    format!("the inputs carry: {}", columns.join(", "))
                };
                Error::Usage(format!("--by {name}: no such column; {known}"))
            })
        };
        let mut keys = Vec::new();
        if let Some(period) = period {
            let index = column(date_column).map_err(|_| {
                Error::Usage(format!(
                    "--period needs a date column: no column named '{date_column}' (set --date-col)"
                ))
            })?;
            keys.push(GroupKey::Period {
                name: date_column.to_string(),
                index,
                period,
            });
        }
        for name in by {
            match name.as_str() {
                "article" if by.len() == 1 && keys.is_empty() => return Ok(GroupBy::Article),
                "article" => {
                    return Err(Error::Usage(
                        "--by article cannot be combined with other keys".into(),
                    ))
                }
                "actor" => keys.push(GroupKey::Actor),
                _ => keys.push(GroupKey::Column {
                    name: name.clone(),
                    index: column(name)?,
                }),
            }
        }
        Ok(if keys.is_empty() {
            GroupBy::Article
        } else {
            GroupBy::Keys(keys)
        })
    }
}

/// The value documents get in a period column when their date cannot be read.
pub const UNDATED: &str = "undated";

impl Summarizer {
    /// A summarizer for a model's `labels`, documents carrying `columns`,
    /// rows grouped `by`.
    pub fn new(labels: &[String], columns: &[String], by: GroupBy) -> Self {
        let find = |name: &str| labels.iter().position(|l| l == name);
        Summarizer {
            labels: labels.to_vec(),
            esc: find("escalation").zip(find("de-escalation")),
            columns: columns.to_vec(),
            by,
            total: Tally::new(labels.len()),
            groups: BTreeMap::new(),
            open: None,
            article_groups: BTreeSet::new(),
            undated: 0,
        }
    }

    /// Column names of the summary table.
    pub fn header(&self) -> Vec<String> {
        let mut h: Vec<String> = match &self.by {
            GroupBy::Article => ["doc", "source"]
                .iter()
                .map(|s| s.to_string())
                .chain(self.columns.iter().cloned())
                .collect(),
            GroupBy::Keys(keys) => keys
                .iter()
                .map(GroupKey::header)
                .chain(["documents".to_string()])
                .collect(),
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
                    "escalation_index_low",
                    "escalation_index_high",
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
    /// a long text ([`Part`](crate::io::input::Part)) adds to the article of
    /// the parts before it, which stays one document for it and its groups.
    pub fn add(&mut self, d: &LabeledDocument) -> Tally {
        let first_part = !d.doc.is_later_part();
        if first_part {
            self.article_groups.clear();
        }
        let k = self.labels.len();
        let mut t = Tally::new(k);
        t.documents = usize::from(first_part);
        let keys = match &self.by {
            GroupBy::Keys(keys) => keys.clone(),
            GroupBy::Article => Vec::new(),
        };
        // The document's part of every key (None for the actor, which is
        // the sentence's).
        let doc_key: Vec<Option<String>> = keys
            .iter()
            .map(|key| match key {
                GroupKey::Actor => None,
                GroupKey::Column { index, .. } => Some(d.doc.extra[*index].trim().to_string()),
                GroupKey::Period { index, period, .. } => Some(
                    period
                        .of(&d.doc.extra[*index])
                        .unwrap_or_else(|| UNDATED.to_string()),
                ),
            })
            .collect();
        if first_part && doc_key.iter().flatten().any(|v| v == UNDATED) {
            self.undated += 1;
        }
        let mut groups: BTreeMap<Vec<String>, Tally> = BTreeMap::new();
        for s in &d.sentences {
            let Some((l, probs)) = &s.label else {
                t.boilerplate += 1;
                continue;
            };
            let compound = s.sentiment.map_or(0.0, |x| x.compound);
            t.add(*l, probs, &s.text, compound, self.esc);
            if keys.is_empty() {
                continue;
            }
            let key: Option<Vec<String>> = doc_key
                .iter()
                .map(|part| part.clone().or_else(|| s.actor.clone()))
                .collect();
            if let Some(key) = key {
                groups
                    .entry(key)
                    .or_insert_with(|| Tally::new(k))
                    .add(*l, probs, &s.text, compound, self.esc);
            }
        }
        for (key, mut gt) in groups {
            gt.documents = usize::from(self.article_groups.insert(key.clone()));
            self.groups
                .entry(key)
                .or_insert_with(|| Tally::new(k))
                .merge(&gt);
        }
        self.total.merge(&t);
        t
    }

    /// Documents whose date could not be read, so counted under
    /// [`UNDATED`] instead of a period.
    pub fn undated(&self) -> usize {
        self.undated
    }

    /// The values of one row (same order as [`Summarizer::header`]).
    /// The key cells `first` (strings; a group's document count as a
    /// number), then the tally's figures.
    fn row(&self, first: Vec<Value>, t: &Tally) -> Vec<Value> {
        let mut v = first;
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
            let index = t.index(e, d);
            let value = |x: Option<f64>| x.map_or(Value::Null, |x| round4(x as f32).into());
            v.push(value(index.map(|(i, _)| i)));
            let interval = index.and_then(|(_, ci)| ci);
            v.push(value(interval.map(|(lo, _)| lo)));
            v.push(value(interval.map(|(_, hi)| hi)));
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
        let mut first = vec![d.doc.id.clone(), d.doc.source.to_string()];
        first.extend(d.doc.extra.iter().cloned());
        let done = self.open.replace((first, t));
        done.map(|(first, t)| self.row(first.into_iter().map(Value::from).collect(), &t))
    }

    /// The row of the last article [`push`](Self::push) was given.
    pub fn finish(&mut self) -> Option<Vec<Value>> {
        self.open
            .take()
            .map(|(first, t)| self.row(first.into_iter().map(Value::from).collect(), &t))
    }

    /// The corpus total row (first column `TOTAL`). Grouped by an actor,
    /// only attributed sentences count in it.
    pub fn total_row(&self) -> Vec<Value> {
        let (mut first, total) = match &self.by {
            GroupBy::Article => (
                vec![String::new(); 1 + self.columns.len()],
                self.total.clone(),
            ),
            GroupBy::Keys(keys) => {
                let mut total = self.total.clone();
                if keys.contains(&GroupKey::Actor) {
                    let mut t = Tally::new(self.labels.len());
                    self.groups.values().for_each(|g| t.merge(g));
                    t.documents = self.total.documents;
                    total = t;
                }
                let first = vec![String::new(); keys.len() - 1];
                (first, total)
            }
        };
        first.insert(0, "TOTAL".into());
        let mut first: Vec<Value> = first.into_iter().map(Value::from).collect();
        if let GroupBy::Keys(_) = &self.by {
            first.push(self.total.documents.into());
        }
        self.row(first, &total)
    }

    /// One row per group: by key, in order (periods run in time order), or
    /// most sentences first when the actor is the only key.
    pub fn group_rows(&self) -> Vec<Vec<Value>> {
        let mut groups: Vec<(&Vec<String>, &Tally)> = self.groups.iter().collect();
        if self.by == GroupBy::Keys(vec![GroupKey::Actor]) {
            groups.sort_by(|a, b| b.1.sentences.cmp(&a.1.sentences).then(a.0.cmp(b.0)));
        }
        groups
            .into_iter()
            .map(|(key, t)| {
                let mut first: Vec<Value> = key.iter().map(|k| Value::from(k.as_str())).collect();
                first.push(t.documents.into());
                self.row(first, t)
            })
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
    use crate::io::input::Document;
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
            sentiment: label
                .as_ref()
                .map(|_| crate::annotate::sentiment::Sentiment {
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
        let mut s = Summarizer::new(&labels, &[], GroupBy::Article);
        let d = doc(vec![
            sentence(0, Some((1, vec![0.1, 0.8, 0.1])), Some("Gallant")),
            sentence(1, Some((0, vec![0.7, 0.2, 0.1])), Some("Blinken")),
            sentence(2, Some((1, vec![0.1, 0.6, 0.3])), Some("Gallant")),
            sentence(3, None, None),
        ]);
        assert!(s.push(&d).is_none(), "its row waits for any later parts");
        let row = s.finish().unwrap();
        let header = s.header();
        let get = |name: &str| row[header.iter().position(|h| h == name).unwrap()].clone();
        assert_eq!((get("sentences"), get("boilerplate")), (3.into(), 1.into()));
        assert_eq!(get("n_escalation"), 2);
        assert_eq!(get("share_escalation"), 0.6667);
        // mean P(esc) = 1.6/3, mean P(de-esc) = 0.9/3 → 0.2333
        assert_eq!(get("escalation_index"), 0.2333);
        assert_eq!(get("most_escalatory"), "s0");
        assert_eq!(get("most_deescalatory"), "s1");
        // The per-sentence differences are 0.7, -0.5, 0.5: sd 0.6429, so
        // the interval is 0.2333 ± 1.96 × 0.6429 / √3 = ± 0.7275.
        assert_eq!(get("escalation_index_low"), -0.4942);
        assert_eq!(get("escalation_index_high"), 0.9609);
        let mut by_actor = Summarizer::new(&labels, &[], GroupBy::Keys(vec![GroupKey::Actor]));
        by_actor.push(&d);
        let actors = by_actor.group_rows();
        assert_eq!(actors[0][0], "Gallant");
        assert_eq!(actors[0][2], 2);
    }

    #[test]
    fn groups_by_a_column_and_a_period_with_undated_documents_counted() {
        let labels: Vec<String> = ["de-escalation", "escalation", "neutral"]
            .map(String::from)
            .to_vec();
        let columns = ["outlet".to_string(), "date".to_string()];
        let by = GroupBy::Keys(vec![
            GroupKey::Period {
                name: "date".into(),
                index: 1,
                period: Period::Month,
            },
            GroupKey::Column {
                name: "outlet".into(),
                index: 0,
            },
        ]);
        let mut s = Summarizer::new(&labels, &columns, by);
        let article = |outlet: &str, date: &str, p_esc: f32| {
            let mut d = doc(vec![sentence(
                0,
                Some((1, vec![0.0, p_esc, 1.0 - p_esc])),
                None,
            )]);
            d.doc.extra = vec![outlet.into(), date.into()];
            d
        };
        for d in [
            article("Wire", "2024-03-05", 0.8),
            article("Wire", "March 20, 2024", 0.6),
            article("Daily", "2024-04-01", 0.2),
            article("Wire", "last spring", 0.5),
        ] {
            s.push(&d);
        }
        let header = s.header();
        assert_eq!(&header[..3], ["month", "outlet", "documents"]);
        let rows = s.group_rows();
        let keys: Vec<(String, String, u64)> = rows
            .iter()
            .map(|r| {
                (
                    r[0].as_str().unwrap().into(),
                    r[1].as_str().unwrap().into(),
                    r[2].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            keys,
            [
                ("2024-03".into(), "Wire".into(), 2),
                ("2024-04".into(), "Daily".into(), 1),
                (UNDATED.into(), "Wire".into(), 1),
            ]
        );
        let index = header.iter().position(|h| h == "escalation_index").unwrap();
        assert_eq!(rows[0][index], 0.7);
        assert_eq!(s.undated(), 1);
        let total = s.total_row();
        assert_eq!(
            (total[0].clone(), total[2].clone()),
            ("TOTAL".into(), 4.into())
        );
    }

    #[test]
    fn labels_without_escalation_have_no_index() {
        let labels: Vec<String> = ["a", "b"].map(String::from).to_vec();
        let s = Summarizer::new(&labels, &[], GroupBy::Article);
        assert!(!s.header().contains(&"escalation_index".to_string()));
    }
}
