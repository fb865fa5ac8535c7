//! The kept n-grams of a fitted featurizer, each with a column index.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// The kept n-grams, each with a column index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "Vec<String>", into = "Vec<String>")]
pub struct Vocabulary {
    terms: Vec<String>,
    pub(super) index: HashMap<String, u32>,
}

impl Vocabulary {
    pub fn new(terms: Vec<String>) -> Self {
        let index = terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u32))
            .collect();
        Vocabulary { terms, index }
    }
    pub fn len(&self) -> usize {
        self.terms.len()
    }
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
    pub fn get(&self, term: &str) -> Option<u32> {
        self.index.get(term).copied()
    }
    pub fn term(&self, i: usize) -> &str {
        &self.terms[i]
    }
    pub fn terms(&self) -> &[String] {
        &self.terms
    }
}

impl From<Vec<String>> for Vocabulary {
    fn from(terms: Vec<String>) -> Self {
        Vocabulary::new(terms)
    }
}

impl From<Vocabulary> for Vec<String> {
    fn from(v: Vocabulary) -> Self {
        v.terms
    }
}
