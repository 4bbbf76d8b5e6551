//! Descriptive statistics as R computes them, over the values that are present, and the one
//! sort of the crate.

use std::cmp::Ordering;

/// The present values.
pub(crate) fn present(x: &[Option<f64>]) -> Vec<f64> {
    let mut out = Vec::with_capacity(x.len());
    present_into(x, &mut out);
    out
}

/// The present values, written into `out` (cleared first).
pub(crate) fn present_into(x: &[Option<f64>], out: &mut Vec<f64>) {
    out.clear();
    for v in x.iter().copied().flatten() {
        out.push(v);
    }
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
    sort_numbers(&mut s);
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




/// `x` with `decimals` places, rounded half away from zero (as `{:.N}` would show it, without
/// pulling the exact float formatter into the WebAssembly).
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
    sort_numbers(&mut sorted);
    let n = sorted.len();
    // the rank of v is one more than the number of values before it: below v ascending,
    // above v descending
    let rank = |v: f64| {
        let before = if descending { n - sorted.partition_point(|&s| s <= v) } else { sorted.partition_point(|&s| s < v) };
        (before + 1) as f64
    };
    x.iter().map(|v| v.map(rank)).collect()
}

/// The positions `0..n` in the order `cmp` puts them, equals in their original order.
///
/// The crate sorts only through this function (and [`sort_numbers`] for numbers): std's
/// `sort_by` is compiled anew, some 2 KB of WebAssembly, for every element type and comparator.
/// Insertion sort of runs of 16, then bottom-up merges: stable, O(n log n), and fast for the
/// short lists of a scorecard.
pub(crate) fn sorted_positions(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    const RUN: usize = 16;
    let mut a: Vec<usize> = (0..n).collect();
    for start in (0..n).step_by(RUN) {
        for i in start + 1..(start + RUN).min(n) {
            let mut j = i;
            while j > start && cmp(a[j - 1], a[j]) == Ordering::Greater {
                a.swap(j - 1, j);
                j -= 1;
            }
        }
    }
    let mut b = vec![0; n];
    let mut width = RUN;
    while width < n {
        for lo in (0..n).step_by(2 * width) {
            let (mid, hi) = ((lo + width).min(n), (lo + 2 * width).min(n));
            let (mut i, mut j) = (lo, mid);
            for slot in &mut b[lo..hi] {
                // the left run wins ties: that keeps equals in order
                if i < mid && (j == hi || cmp(a[j], a[i]) != Ordering::Less) {
                    *slot = a[i];
                    i += 1;
                } else {
                    *slot = a[j];
                    j += 1;
                }
            }
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// Sorts `items` by `cmp`, stably (see [`sorted_positions`]).
pub(crate) fn sort_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_positions(items.len(), &|a, b| cmp(&items[a], &items[b]));
    // Move the item from `order[k]` to `k`. Items before `k` are already placed, so one that
    // `order[k]` names may have been swapped away: follow `order` to where it went.
    for k in 0..order.len() {
        let mut from = order[k];
        while from < k {
            from = order[from];
        }
        items.swap(k, from);
    }
}

/// Sorts numbers ascending in the order of `f64::total_cmp` (NaN last). A heapsort: in place,
/// with the comparison inlined. Analyses sort thousands of run results, where this is several
/// times faster than [`sorted_positions`] behind its comparator; and as `total_cmp` is a total
/// order, any sort gives the same result, bit for bit.
pub(crate) fn sort_numbers(x: &mut [f64]) {
    fn sift_down(x: &mut [f64], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && x[child].total_cmp(&x[child + 1]) == Ordering::Less {
                child += 1;
            }
            if x[root].total_cmp(&x[child]) != Ordering::Less {
                return;
            }
            x.swap(root, child);
            root = child;
        }
    }
    let n = x.len();
    for i in (0..n / 2).rev() {
        sift_down(x, i, n);
    }
    for end in (1..n).rev() {
        x.swap(0, end);
        sift_down(x, 0, end);
    }
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
    fn sorts_stably_as_std_does() {
        // std's stable sort is the independent reference; 0..=40 covers the insertion runs
        // of 16 and one, two and three rounds of merging
        let mut seed = 7u64;
        for n in 0..=40 {
            let items: Vec<(u64, usize)> = (0..n)
                .map(|i| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    ((seed >> 60) % 5, i)
                })
                .collect();
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut reference = items.clone();
            reference.sort_by_key(|a| a.0);
            assert_eq!(ours, reference, "n = {n}");
        }
        let mut x = [3.0, f64::NAN, -1.0, 2.5, -1.0];
        sort_numbers(&mut x);
        assert_eq!(x[..4], [-1.0, -1.0, 2.5, 3.0]);
        assert!(x[4].is_nan());
        // numbers: std's sort by total_cmp is the reference, bit for bit (signed zeros,
        // infinities, subnormals, NaN of either sign)
        let special = [0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, -f64::NAN, 5e-324, -5e-324, f64::MAX, f64::MIN];
        let mut numbers: Vec<f64> = special.to_vec();
        for _ in 0..500 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            numbers.push(f64::from_bits(seed) % 1e6);
            numbers.push((seed >> 40) as f64 - 8e6);
        }
        let mut ours = numbers.clone();
        sort_numbers(&mut ours);
        numbers.sort_by(f64::total_cmp);
        assert_eq!(ours.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), numbers.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
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
}
