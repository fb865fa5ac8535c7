//! Why a model labels a sentence the way it does, and which features drive
//! each label.
//!
//! With softmax, adding the same amount to every label's score changes no
//! probability, so a feature's pull towards label `c` is its weight for `c`
//! minus its mean weight over all labels. A sentence's feature `j` with value
//! `x_j` then contributes `x_j × (w_jc − mean_c' w_jc')` to label `c`'s
//! centred score; the contributions plus the centred intercept add up to
//! that score exactly.

use serde::Serialize;

use crate::model::Model;

/// One feature's effect.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    /// The n-gram as the featurizer sees it (stems; `NOT_` marks negation scope).
    pub feature: String,
    /// Its value in this sentence (TF-IDF weight or 1), or 0 for a model-wide ranking.
    pub value: f32,
    /// Centred weight for the label in question.
    pub weight: f32,
    /// `value × weight`: how far this feature pushed the label's score.
    pub contribution: f32,
}

/// A labeled sentence with the features that decided it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    pub text: String,
    pub label: String,
    pub probabilities: Vec<(String, f32)>,
    /// Centred intercept of the predicted label.
    pub bias: f32,
    /// Every feature present, largest absolute contribution to the
    /// predicted label first.
    pub contributions: Vec<Contribution>,
}

/// Centred weight of column `col` for label `label`.
fn centred(model: &Model, col: usize, label: usize) -> f32 {
    let k = model.labels().len();
    let mean: f32 = (0..k).map(|c| model.weight(col, c)).sum::<f32>() / k as f32;
    model.weight(col, label) - mean
}

/// Explain one sentence.
pub fn explain(model: &Model, text: &str) -> Explanation {
    let x = model.featurizer().transform(text);
    let probs = model.probabilities_of(&x);
    let label = Model::predict_index(&probs);
    let k = model.labels().len();
    let bias = model.intercepts()[label] - model.intercepts().iter().sum::<f32>() / k as f32;
    let mut contributions: Vec<Contribution> = x
        .iter()
        .map(|&(col, value)| {
            let weight = centred(model, col as usize, label);
            Contribution {
                feature: model.featurizer().feature_name(col as usize).to_string(),
                value,
                weight,
                contribution: value * weight,
            }
        })
        .collect();
    contributions.sort_by(|a, b| {
        b.contribution
            .abs()
            .total_cmp(&a.contribution.abs())
            .then_with(|| a.feature.cmp(&b.feature))
    });
    Explanation {
        text: text.to_string(),
        label: model.labels()[label].clone(),
        probabilities: model.labels().iter().cloned().zip(probs).collect(),
        bias,
        contributions,
    }
}

/// The `n` features that push hardest towards each label (largest centred
/// weight first), in label order.
pub fn top_features(model: &Model, n: usize) -> Vec<(String, Vec<Contribution>)> {
    let f = model.featurizer();
    (0..model.labels().len())
        .map(|label| {
            let mut all: Vec<Contribution> = (0..f.dim())
                .map(|col| {
                    let weight = centred(model, col, label);
                    Contribution {
                        feature: f.feature_name(col).to_string(),
                        value: 0.0,
                        weight,
                        contribution: 0.0,
                    }
                })
                .collect();
            all.sort_by(|a, b| {
                b.weight
                    .total_cmp(&a.weight)
                    .then_with(|| a.feature.cmp(&b.feature))
            });
            all.truncate(n);
            (model.labels()[label].clone(), all)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::FeaturizerParams;
    use crate::model::ModelParams;

    fn model() -> Model {
        let rows = [
            ("troops launched new strikes on the city", "escalation"),
            ("the army vowed more strikes and retaliation", "escalation"),
            ("rebels shelled the town and vowed revenge", "escalation"),
            ("both sides agreed to a ceasefire", "de-escalation"),
            ("talks on a ceasefire resumed in cairo", "de-escalation"),
            ("the envoy urged restraint and talks", "de-escalation"),
            ("the minister will travel on monday", "neutral"),
            ("the minister met the envoy on monday", "neutral"),
            ("the meeting was held in the capital on monday", "neutral"),
        ];
        let (t, l): (Vec<&str>, Vec<&str>) = rows.iter().copied().unzip();
        ModelParams {
            featurizer: FeaturizerParams::default().min_count(1),
            ..ModelParams::default()
        }
        .fit(&t, &l)
        .unwrap()
    }

    #[test]
    fn contributions_add_up_to_the_centred_score() {
        let m = model();
        let e = explain(&m, "new strikes and a ceasefire on monday");
        let label = m.labels().iter().position(|l| *l == e.label).unwrap();
        let k = m.labels().len();
        // Centred score of the predicted label from the probabilities:
        // log p_c − mean log p.
        let logs: Vec<f32> = e.probabilities.iter().map(|(_, p)| p.ln()).collect();
        let centred_score = logs[label] - logs.iter().sum::<f32>() / k as f32;
        let sum: f32 = e.bias + e.contributions.iter().map(|c| c.contribution).sum::<f32>();
        assert!(
            (sum - centred_score).abs() < 1e-4,
            "{sum} vs {centred_score}"
        );
        assert!(e
            .contributions
            .windows(2)
            .all(|w| w[0].contribution.abs() >= w[1].contribution.abs()));
    }

    #[test]
    fn top_features_point_the_right_way() {
        let m = model();
        let top = top_features(&m, 3);
        let esc = &top.iter().find(|(l, _)| l == "escalation").unwrap().1;
        assert!(
            esc.iter()
                .any(|c| c.feature.contains("strike") || c.feature.contains("vow")),
            "{esc:?}"
        );
        let de = &top.iter().find(|(l, _)| l == "de-escalation").unwrap().1;
        assert!(
            de.iter()
                .any(|c| c.feature.contains("ceasefir") || c.feature.contains("talk")),
            "{de:?}"
        );
    }

    #[test]
    fn negation_marks_are_visible() {
        let m = model();
        let e = explain(&m, "the army did not launch strikes");
        assert!(e.contributions.iter().all(|c| !c.feature.is_empty()));
        let feats: Vec<&str> = e.contributions.iter().map(|c| c.feature.as_str()).collect();
        assert!(
            !feats.contains(&"strike"),
            "strikes is negated here: {feats:?}"
        );
    }
}
