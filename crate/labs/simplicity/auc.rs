//! Area under the ROC curve as the Mann–Whitney rank statistic (Hanley & McNeil 1982,
//! Radiology 143:29): AUC = (R₁ − n₁(n₁ + 1)/2) / (n₁ n₀), R₁ the sum of the positives'
//! ranks, tied scores taking their average rank — equal to sklearn's roc_auc_score,
//! which the official probe code calls. Labels: 1 positive, anything else negative.

/// AUC of `scores` against 0/1 `labels`; 0.5 when one class is absent.
pub fn auc(scores: &[f64], labels: &[f32]) -> f64 {
    assert_eq!(scores.len(), labels.len(), "one label per score");
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let (mut rank_sum, mut positives) = (0.0f64, 0usize);
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && scores[idx[j + 1]] == scores[idx[i]] {
            j += 1;
        }
        // Ranks i+1 ..= j+1 share their mean.
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            if labels[k] == 1.0 {
                rank_sum += rank;
                positives += 1;
            }
        }
        i = j + 1;
    }
    let (n1, n0) = (positives as f64, (scores.len() - positives) as f64);
    if n1 == 0.0 || n0 == 0.0 {
        return 0.5;
    }
    (rank_sum - n1 * (n1 + 1.0) / 2.0) / (n1 * n0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tensor::Rng;

    #[test]
    fn auc_matches_hand_counted_pairs_with_ties() {
        // Positives {0.8, 0.4, 0.4}, negatives {0.4, 0.1}, 6 pairs counted by hand:
        // 0.8 beats both (2); each 0.4 beats 0.1 (1) and ties 0.4 (½): 2 + 1.5 + 1.5 = 5 of 6.
        let s = [0.8, 0.4, 0.4, 0.4, 0.1];
        let y = [1.0, 1.0, 1.0, 0.0, 0.0];
        assert!((auc(&s, &y) - 5.0 / 6.0).abs() < 1e-12);
        assert_eq!(auc(&[1.0, 2.0], &[0.0, 1.0]), 1.0);
        assert_eq!(auc(&[1.0, 2.0], &[1.0, 0.0]), 0.0);
        assert_eq!(auc(&[3.0, 3.0], &[1.0, 0.0]), 0.5);
    }

    #[test]
    fn auc_equals_the_brute_force_pair_count_on_random_scores() {
        let mut r = Rng::new(4);
        let s: Vec<f64> = (0..300).map(|_| (r.unit() * 20.0).floor()).collect(); // many ties
        let y: Vec<f32> = (0..300).map(|_| r.below(2) as f32).collect();
        let (mut won, mut pairs) = (0.0, 0.0);
        for i in 0..300 {
            for j in 0..300 {
                if y[i] == 1.0 && y[j] == 0.0 {
                    pairs += 1.0;
                    won += if s[i] > s[j] { 1.0 } else if s[i] == s[j] { 0.5 } else { 0.0 };
                }
            }
        }
        assert!((auc(&s, &y) - won / pairs).abs() < 1e-12);
    }
}
