//! Descriptive statistics as R computes them, over the values that are present.

/// The present values.
pub(crate) fn present(x: &[Option<f64>]) -> Vec<f64> {
    let mut out = Vec::with_capacity(x.len());
    present_into(x, &mut out);
    out
}

/// The present values, written into `out` (cleared first).
pub(crate) fn present_into(x: &[Option<f64>], out: &mut Vec<f64>) {
    out.clear();
    out.extend(x.iter().flatten());
}

/// Skewness and kurtosis together (one mean, one pass), as [`skew`] and [`kurt`] give them.
pub(crate) fn skew_kurt(x: &[f64]) -> Option<(f64, f64)> {
    let n = x.len() as f64;
    if x.len() < 4 {
        return None;
    }
    let m = mean(x)?;
    let (mut s2, mut s3, mut s4) = (0.0, 0.0, 0.0);
    for v in x {
        let d = v - m;
        let d2 = d * d;
        s2 += d2;
        s3 += d2 * d;
        s4 += d2 * d2;
    }
    if s2 == 0.0 {
        return None;
    }
    let g1 = n.sqrt() * s3 / s2.powf(1.5) * (n * (n - 1.0)).sqrt() / (n - 2.0);
    let r = n * s4 / (s2 * s2);
    Some((g1, ((n + 1.0) * (r - 3.0) + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0))))
}

/// Arithmetic mean, or `None` for no values.
pub(crate) fn mean(x: &[f64]) -> Option<f64> {
    if x.is_empty() {
        return None;
    }
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    // R's mean adds the mean residual, which removes most of the rounding of the first pass.
    Some(m + x.iter().map(|v| v - m).sum::<f64>() / n)
}

/// Median (R's `median`: the mean of the two middle values for an even count).
pub(crate) fn median(x: &[f64]) -> Option<f64> {
    let mut s = x.to_vec();
    s.sort_unstable_by(f64::total_cmp);
    median_sorted(&s)
}

/// [`median`] of values already sorted ascending.
pub(crate) fn median_sorted(s: &[f64]) -> Option<f64> {
    let n = s.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(s[n / 2]),
        _ => Some((s[n / 2 - 1] + s[n / 2]) / 2.0),
    }
}

/// Quantile as R's default (type 7): `x[h] + (h - floor h) (x[h+1] - x[h])`, `h = (n - 1) p`
/// on the sorted values. `None` for no values.
pub(crate) fn quantile(sorted: &[f64], p: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// Sample variance (denominator n - 1), or `None` below two values.
pub(crate) fn var(x: &[f64]) -> Option<f64> {
    if x.len() < 2 {
        return None;
    }
    let m = mean(x)?;
    let ss: f64 = x.iter().map(|v| (v - m) * (v - m)).sum();
    Some(ss / (x.len() as f64 - 1.0))
}

/// `x` with `decimals` places, rounded half away from zero after scaling by `10^decimals`,
/// and never `-0.0`: `fixed(-1.25, 1)` is `-1.3` and `fixed(-0.04, 1)` is `0.0`, where
/// `format!("{x:.1}")` gives `-1.2` (ties to even on the exact binary value) and `-0.0`.
/// Numbers too large to scale exactly, and NaN and infinities, are written by
/// [`crate::table::number_text`].
pub(crate) fn fixed(x: f64, decimals: u32) -> String {
    let scaled = (x * 10f64.powi(decimals as i32)).round();
    if !scaled.is_finite() || scaled.abs() >= 9e15 {
        return crate::table::number_text(x);
    }
    let v = scaled as i64;
    let sign = if v < 0 { "-" } else { "" };
    let (v, unit) = (v.unsigned_abs(), 10u64.pow(decimals));
    match decimals {
        0 => format!("{sign}{v}"),
        d => format!("{sign}{}.{:0width$}", v / unit, v % unit, width = d as usize),
    }
}

/// Ranks with the "min" tie rule: 1 for the smallest value when `descending` is false,
/// for the largest when true; ties share the lowest rank; missing values get no rank.
pub(crate) fn rank_min(x: &[Option<f64>], descending: bool) -> Vec<Option<f64>> {
    let mut sorted = present(x);
    sorted.sort_unstable_by(f64::total_cmp);
    let n = sorted.len();
    // the rank of v is one more than the number of values before it: below v ascending,
    // above v descending
    let rank = |v: f64| {
        let before = if descending { n - sorted.partition_point(|&s| s <= v) } else { sorted.partition_point(|&s| s < v) };
        (before + 1) as f64
    };
    x.iter().map(|v| v.map(rank)).collect()
}

/// The pairs of `x` and `y` where both are present (R's `use = "pairwise.complete.obs"`).
pub(crate) fn complete_pairs(x: &[Option<f64>], y: &[Option<f64>]) -> (Vec<f64>, Vec<f64>) {
    x.iter().zip(y).filter_map(|(a, b)| Some(((*a)?, (*b)?))).unzip()
}

/// Sample covariance of complete pairs, `sum((x - mean x)(y - mean y)) / (n - 1)`; `None` for
/// fewer than two pairs.
pub(crate) fn cov(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() < 2 {
        return None;
    }
    let (mx, my) = (mean(x)?, mean(y)?);
    Some(x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum::<f64>() / (x.len() as f64 - 1.0))
}

/// Pearson's correlation of complete pairs (R's `cor`), clamped to [-1, 1]; `None` when either
/// has no spread or there are fewer than two pairs.
pub(crate) fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() < 2 {
        return None;
    }
    let (mx, my) = (mean(x)?, mean(y)?);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    (sxx > 0.0 && syy > 0.0).then(|| (sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0))
}

/// Ranks from 1, ties sharing the mean of their ranks (R's `rank`, `ties.method = "average"`).
pub(crate) fn rank_average(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut ranks = vec![0.0; x.len()];
    let mut start = 0;
    while start < order.len() {
        let end = start + order[start..].iter().take_while(|&&i| x[i] == x[order[start]]).count();
        // positions start..end (0-based) share the ranks start+1 ..= end
        let rank = (start + 1 + end) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = rank;
        }
        start = end;
    }
    ranks
}

/// Spearman's correlation of complete pairs: Pearson's of their average ranks.
pub(crate) fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    pearson(&rank_average(x), &rank_average(y))
}

/// Kendall's tau-b of complete pairs, as R's `cor(method = "kendall")`: the sum over pairs of
/// observations of sign(dx) sign(dy), over the square roots of the pairs not tied in x and not
/// tied in y, clamped to [-1, 1] as R clamps every correlation.
///
/// Counted in O(n log n), as Knight (1966) does, rather than over the n²/2 pairs: with the
/// observations in order of x, then y, a pair is discordant when the later one has the lower y;
/// those are counted with a Fenwick tree over the ranks of y. The counts are whole numbers, so
/// the result is the pairwise sum's to the last digit.
pub(crate) fn kendall(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len().min(y.len());
    // -0 and 0 are tied, as their difference is 0
    let (x, y): (Vec<f64>, Vec<f64>) = (0..n).map(|i| (x[i] + 0.0, y[i] + 0.0)).unzip();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by(|&a, &b| x[a].total_cmp(&x[b]).then(y[a].total_cmp(&y[b])));
    let tied_x = tied_pairs(order.iter().map(|&i| x[i]));
    let tied_both = tied_pairs(order.iter().map(|&i| (x[i], y[i])));
    let mut sorted_y = y.clone();
    sorted_y.sort_unstable_by(f64::total_cmp);
    let tied_y = tied_pairs(sorted_y.iter().copied());
    sorted_y.dedup();
    // discordant pairs: for each observation in order, the earlier ones with a higher y
    let mut counts = vec![0_u64; sorted_y.len() + 1];
    let mut discordant = 0_u64;
    for (seen, &i) in order.iter().enumerate() {
        let rank = sorted_y.partition_point(|&v| v < y[i]) + 1;
        let (mut at, mut not_higher) = (rank, 0);
        while at > 0 {
            not_higher += counts[at];
            at &= at - 1;
        }
        discordant += seen as u64 - not_higher;
        let mut at = rank;
        while at < counts.len() {
            counts[at] += 1;
            at += at & at.wrapping_neg();
        }
    }
    let all = pairs(n);
    let (tx, ty) = (all - tied_x, all - tied_y);
    let s = all - tied_x - tied_y + tied_both - 2.0 * discordant as f64;
    (tx > 0.0 && ty > 0.0).then(|| (s / (tx.sqrt() * ty.sqrt())).clamp(-1.0, 1.0))
}

/// The pairs among `run` observations.
fn pairs(run: usize) -> f64 {
    (run * run.saturating_sub(1) / 2) as f64
}

/// The pairs of equal keys in a sorted sequence, over its runs of equal keys.
fn tied_pairs<T: PartialEq>(keys: impl IntoIterator<Item = T>) -> f64 {
    let (mut total, mut run, mut last) = (0.0, 0, None);
    for key in keys {
        if last.as_ref() == Some(&key) {
            run += 1;
        } else {
            total += pairs(run);
            (run, last) = (1, Some(key));
        }
    }
    total + pairs(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skew_and_kurtosis_match_excel() {
        // Hand calculation: mean 4, deviations -3,-2,-1,0,6; s2 = 50, s3 = 180, s4 = 1394.
        // G1 = sqrt(5)*180/50^1.5 * sqrt(20)/3 = 1.69706 (Excel's SKEW gives the same),
        // G2 = (6*(5*1394/2500 - 3) + 6) * 4/6 = 3.152 (Excel's KURT).
        let x = [1.0, 2.0, 3.0, 4.0, 10.0];
        let g1 = 5f64.sqrt() * 180.0 / 50f64.powf(1.5) * 20f64.sqrt() / 3.0;
        let g2 = (6.0 * (5.0 * 1394.0 / 2500.0 - 3.0) + 6.0) * 4.0 / 6.0;
        let (s, k) = skew_kurt(&x).unwrap();
        assert!((s - g1).abs() < 1e-12 && (k - g2).abs() < 1e-12);
        assert!((g1 - 1.697_06).abs() < 1e-5 && (g2 - 3.152).abs() < 1e-12);
        assert_eq!(skew_kurt(&[2.0, 2.0, 2.0, 2.0]), None);
    }

    #[test]
    fn kendall_counts_the_pairs_of_its_definition() {
        // the definition, pair by pair: sum of sign(dx) sign(dy) over sqrt(pairs untied in x
        // times pairs untied in y)
        let by_pairs = |x: &[f64], y: &[f64]| {
            let (mut s, mut tx, mut ty) = (0.0, 0.0, 0.0);
            for j in 0..x.len() {
                for k in 0..j {
                    let (a, b) = ((x[j] - x[k]).signum() * f64::from(x[j] != x[k]), (y[j] - y[k]).signum() * f64::from(y[j] != y[k]));
                    (s, tx, ty) = (s + a * b, tx + a * a, ty + b * b);
                }
            }
            (tx > 0.0 && ty > 0.0).then(|| (s / (tx * ty).sqrt()).clamp(-1.0, 1.0))
        };
        // by hand: x 1 2 3 4, y 1 3 2 4 has 5 concordant pairs and 1 discordant: tau = 4/6
        assert!((kendall(&[1.0, 2.0, 3.0, 4.0], &[1.0, 3.0, 2.0, 4.0]).unwrap() - 4.0 / 6.0).abs() < 1e-15);
        // ties in x, in y and in both, -0 tied with 0, and a constant
        assert_eq!(kendall(&[0.0, -0.0, 1.0, 1.0], &[2.0, 1.0, 1.0, 1.0]), by_pairs(&[0.0, -0.0, 1.0, 1.0], &[2.0, 1.0, 1.0, 1.0]));
        assert_eq!(kendall(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), None);
        assert_eq!(kendall(&[1.0], &[1.0]), None);
        // small integers, so that many values are tied, from a fixed seed
        let mut seed = 7_u64;
        let mut next = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) % 6) as f64
        };
        for n in 2..60 {
            let (x, y): (Vec<f64>, Vec<f64>) = (0..n).map(|_| (next(), next())).unzip();
            let (fast, slow) = (kendall(&x, &y), by_pairs(&x, &y));
            assert!(fast == slow || fast.zip(slow).is_some_and(|(a, b)| (a - b).abs() < 1e-15), "{x:?} {y:?}: {fast:?} {slow:?}");
        }
    }

    #[test]
    fn min_ties_rank() {
        let r = rank_min(&[Some(3.0), Some(5.0), None, Some(5.0), Some(1.0)], true);
        assert_eq!(r, [Some(3.0), Some(1.0), None, Some(1.0), Some(4.0)]);
    }

    #[test]
    fn fixed_places() {
        assert_eq!(fixed(91.66, 1), "91.7");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-1.25, 1), "-1.3");
        assert_eq!(fixed(12.0, 2), "12.00");
        assert_eq!(fixed(0.995, 0), "1");
    }

    #[test]
    fn quantiles_as_r_type_7() {
        // R: quantile(c(1, 2, 3, 4, 10), c(0.05, 0.5, 0.95)) gives 1.2, 3, 8.8
        let x = [1.0, 2.0, 3.0, 4.0, 10.0];
        assert!((quantile(&x, 0.05).unwrap() - 1.2).abs() < 1e-12);
        assert_eq!(quantile(&x, 0.5), Some(3.0));
        assert!((quantile(&x, 0.95).unwrap() - 8.8).abs() < 1e-12);
        assert_eq!(quantile(&[7.0], 0.95), Some(7.0));
    }

    #[test]
    fn median_and_sd() {
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(var(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]), Some(32.0 / 7.0));
    }

    #[test]
    fn correlations_by_hand() {
        let x = [1.0, 2.0, 3.0, 4.0];
        let y = [2.0, 4.0, 5.0, 9.0];
        // Pearson: means 2.5 and 5; deviations (-1.5,-0.5,0.5,1.5) and (-3,-1,0,4):
        // sxy = 4.5 + 0.5 + 0 + 6 = 11, sxx = 5, syy = 26
        assert!((pearson(&x, &y).unwrap() - 11.0 / (5f64.sqrt() * 26f64.sqrt())).abs() < 1e-15);
        // the same order: Spearman and Kendall 1; reversed, -1
        assert!((spearman(&x, &y).unwrap() - 1.0).abs() < 1e-15);
        assert_eq!(kendall(&x, &y), Some(1.0));
        assert_eq!(kendall(&x, &[4.0, 3.0, 2.0, 1.0]), Some(-1.0));
        // ties: y = (1, 1, 2, 3): 5 of the 6 pairs concordant, one tied in y:
        // tau-b = 5 / sqrt(6 * 5)
        assert!((kendall(&x, &[1.0, 1.0, 2.0, 3.0]).unwrap() - 5.0 / 30f64.sqrt()).abs() < 1e-15);
        assert_eq!(rank_average(&[3.0, 1.0, 3.0, 2.0]), [3.5, 1.0, 3.5, 2.0]);
        // no spread, no coefficient
        assert_eq!(pearson(&x, &[1.0; 4]), None);
        // covariance: 11 / 3
        assert!((cov(&x, &y).unwrap() - 11.0 / 3.0).abs() < 1e-15);
        assert_eq!(complete_pairs(&[Some(1.0), None, Some(3.0)], &[Some(2.0), Some(5.0), None]), (vec![1.0], vec![2.0]));
    }
}
