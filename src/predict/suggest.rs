//! The labeling loop's first step: from unlabeled articles, the sentences a
//! model is least sure of, no two of them near-duplicates, to be labeled
//! by hand and fed back to `train` as corrections.

use std::collections::BTreeSet;

/// A labeled sentence that could be sent for labeling.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub text: String,
    /// Document id and source file of the sentence.
    pub doc: String,
    pub source: String,
    /// The model's label index and probabilities.
    pub label: usize,
    pub probs: Vec<f32>,
}

impl Candidate {
    /// How sure the model is: its top probability minus the next one.
    pub fn margin(&self) -> f32 {
        let mut p = self.probs.clone();
        p.sort_by(|a, b| b.total_cmp(a));
        p[0] - p.get(1).copied().unwrap_or(0.0)
    }
}

/// Two sentences sharing more than this share of their words are
/// near-duplicates: only the first is suggested.
pub const NEAR_DUPLICATE: f64 = 0.6;

/// Collects candidates and keeps the least sure ones, in bounded memory.
pub struct Suggester {
    n: usize,
    kept: Vec<(f32, Candidate)>,
}

impl Suggester {
    /// A suggester that will pick `n` sentences.
    pub fn new(n: usize) -> Self {
        Suggester {
            n,
            kept: Vec::new(),
        }
    }

    /// Consider one sentence.
    pub fn add(&mut self, c: Candidate) {
        self.kept.push((c.margin(), c));
        // Near-duplicates may knock out many of the least sure, so a wide
        // pool is kept; it is cut back whenever it doubles.
        if self.kept.len() >= 2 * self.pool() {
            self.sort();
            self.kept.truncate(self.pool());
        }
    }

    fn pool(&self) -> usize {
        self.n.saturating_mul(20).max(1000)
    }

    /// Least sure first; ties by document, then text, so that the same
    /// inputs always give the same list.
    fn sort(&mut self) {
        self.kept.sort_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then_with(|| a.1.doc.cmp(&b.1.doc))
                .then_with(|| a.1.text.cmp(&b.1.text))
        });
    }

    /// The `n` least sure sentences, skipping any that is a near-duplicate
    /// of one already picked, with their margins.
    pub fn finish(mut self) -> Vec<(f32, Candidate)> {
        self.sort();
        let mut picked: Vec<(f32, Candidate)> = Vec::new();
        let mut words: Vec<BTreeSet<String>> = Vec::new();
        for (margin, c) in self.kept {
            if picked.len() == self.n {
                break;
            }
            let w = word_set(&c.text);
            if words.iter().any(|p| jaccard(p, &w) > NEAR_DUPLICATE) {
                continue;
            }
            words.push(w);
            picked.push((margin, c));
        }
        picked
    }
}

fn word_set(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let shared = a.intersection(b).count();
    let all = a.len() + b.len() - shared;
    if all == 0 {
        1.0
    } else {
        shared as f64 / all as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(text: &str, probs: [f32; 3]) -> Candidate {
        Candidate {
            text: text.into(),
            doc: "d".into(),
            source: "d.txt".into(),
            label: 0,
            probs: probs.to_vec(),
        }
    }

    #[test]
    fn least_sure_first_without_near_duplicates() {
        let mut s = Suggester::new(2);
        s.add(c("The army shelled the town.", [0.9, 0.05, 0.05]));
        s.add(c("Talks may resume next week in Doha.", [0.4, 0.35, 0.25]));
        s.add(c(
            "Talks may resume next week in Doha, officials said.",
            [0.38, 0.36, 0.26],
        ));
        s.add(c("The minister will travel on Monday.", [0.5, 0.1, 0.4]));
        let picked: Vec<String> = s.finish().into_iter().map(|(_, c)| c.text).collect();
        assert_eq!(
            picked,
            [
                "Talks may resume next week in Doha, officials said.",
                "The minister will travel on Monday."
            ]
        );
    }

    #[test]
    fn the_pool_stays_bounded() {
        let mut s = Suggester::new(1);
        for i in 0..5000 {
            s.add(c(
                &format!("sentence number {i}"),
                [0.5 + (i % 7) as f32 / 100.0, 0.3, 0.2],
            ));
            assert!(s.kept.len() < 2 * s.pool());
        }
        assert_eq!(s.finish().len(), 1);
    }
}
