//! Seeded, stratified train/validation splits.
//!
//! Draws come from the crate's one generator, [`crate::rng::SplitMix64`], so
//! the split (and so the model file) depends only on the seed.

use crate::rng::SplitMix64;

/// Split row indices into (train, valid) so that each label keeps its share:
/// per label, `round(n_label × fraction)` rows go to validation, but at least
/// one row of every label stays in training. Both lists are sorted.
pub fn stratified_split(labels: &[&str], fraction: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    let mut by_label: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (i, l) in labels.iter().enumerate() {
        by_label.entry(l).or_default().push(i);
    }
    let mut rng = SplitMix64::new(seed);
    let (mut train, mut valid) = (Vec::new(), Vec::new());
    for (_, mut idx) in by_label {
        rng.shuffle(&mut idx);
        let n_valid = ((idx.len() as f64 * fraction).round() as usize).min(idx.len() - 1);
        valid.extend_from_slice(&idx[..n_valid]);
        train.extend_from_slice(&idx[n_valid..]);
    }
    train.sort_unstable();
    valid.sort_unstable();
    (train, valid)
}

/// Assign every row to one of `k` folds so that each label is spread evenly:
/// per label, rows are shuffled (seeded) and dealt round-robin, starting
/// where the previous label stopped. Returns the row indices of each fold,
/// sorted.
pub fn stratified_folds(labels: &[&str], k: usize, seed: u64) -> Vec<Vec<usize>> {
    let mut by_label: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (i, l) in labels.iter().enumerate() {
        by_label.entry(l).or_default().push(i);
    }
    let mut rng = SplitMix64::new(seed);
    let k = k.max(1);
    let mut folds = vec![Vec::new(); k];
    let mut next = 0;
    for (_, mut idx) in by_label {
        rng.shuffle(&mut idx);
        for i in idx {
            folds[next % k].push(i);
            next += 1;
        }
    }
    folds.iter_mut().for_each(|f| f.sort_unstable());
    folds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_is_stratified_seeded_and_complete() {
        let labels: Vec<&str> = (0..100)
            .map(|i| if i % 4 == 0 { "a" } else { "b" })
            .collect();
        let (t, v) = stratified_split(&labels, 0.2, 7);
        assert_eq!(t.len() + v.len(), 100);
        assert_eq!(v.iter().filter(|&&i| labels[i] == "a").count(), 5);
        assert_eq!(v.iter().filter(|&&i| labels[i] == "b").count(), 15);
        assert_eq!(stratified_split(&labels, 0.2, 7), (t.clone(), v.clone()));
        assert_ne!(stratified_split(&labels, 0.2, 8).1, v);
    }

    #[test]
    fn folds_cover_every_row_once_and_balance_labels() {
        let labels: Vec<&str> = (0..103)
            .map(|i| if i % 3 == 0 { "a" } else { "b" })
            .collect();
        let folds = stratified_folds(&labels, 5, 9);
        let mut all: Vec<usize> = folds.iter().flatten().copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..103).collect::<Vec<_>>());
        for f in &folds {
            let a = f.iter().filter(|&&i| labels[i] == "a").count();
            assert!((6..=8).contains(&a), "{a}");
            assert!((20..=21).contains(&f.len()), "{}", f.len());
        }
        assert_eq!(stratified_folds(&labels, 5, 9), folds);
    }

    #[test]
    fn a_single_row_label_stays_in_training() {
        let (t, v) = stratified_split(&["a", "b", "b", "b"], 0.5, 1);
        assert!(t.contains(&0));
        assert_eq!(v.len(), 2);
    }
}
