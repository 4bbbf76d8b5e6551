//! Normalise: bring indicators onto a common scale (COINr `Normalise`, `n_minmax`, `n_zscore`,
//! `n_goalposts`, `n_rank`, `n_prank`, `n_borda`, `n_dist2max`, `n_dist2ref`, `n_dist2targ`,
//! `n_fracmax`, `n_scaled`), plus the standard-value method of China's national S&T-progress
//! monitoring (value / 监测标准 x 100, capped at 100).
//!
//! Direction -1 indicators are multiplied by -1 before scaling (COINr), except for the
//! standard-value and goalpost methods, which use the direction in their formulas. The distance
//! to a target multiplies the Target by the direction too, as COINr does with `use_iMeta`.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::dataset::Dataset;
use crate::error::{Error, ErrorKind, Result};
use crate::framework::Element;
use super::{bad_option, pair, Context};
use crate::stats;
use crate::table::number_text;
use crate::warning::WarningKind;

/// A normalisation method.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Method {
    /// `(x - min) / (max - min) * (hi - lo) + lo`.
    MinMax {
        /// Score of the lowest value.
        lo: f64,
        /// Score of the highest value.
        hi: f64,
    },
    /// `(x - mean) / sd * sd' + mean'`.
    ZScore {
        /// Mean of the result.
        mean: f64,
        /// Standard deviation of the result.
        sd: f64,
    },
    /// `x / Target * 100`, capped at 100; Direction -1: `Target / x * 100`, capped.
    Standard,
    /// `(x - lower) / (upper - lower) * 100`, truncated to 0–100, with the goalposts of iMeta.
    Goalposts,
    /// Rank, 1 for the lowest value, ties sharing the lowest rank.
    Rank,
    /// Percentile rank `(rank - 1) / (n - 1) * 100`.
    Percentile,
    /// Borda score: rank - 1, 0 for the lowest value, ties sharing the lowest.
    Borda,
    /// Distance to the maximum: `1 - (max - x) / (max - min)`.
    Dist2Max,
    /// Distance to the reference unit's value `r` (the step's `ref`, in the same data set):
    /// `1 - (r - x) / (r - min)`, capped at 1 when `cap`.
    Dist2Ref {
        /// Scores above 1 (values beyond the reference's) become 1.
        cap: bool,
    },
    /// Distance to iMeta's Target `t`: `(x - min) / (t - min)`, capped at 1 when `cap`.
    Dist2Target {
        /// Scores above 1 (values beyond the target) become 1.
        cap: bool,
    },
    /// Fraction of the maximum: `x / max`.
    FracMax,
    /// Centred and scaled: `(x - center) / scale`.
    Scaled {
        /// Subtracted first.
        center: f64,
        /// Divided by next; not zero.
        scale: f64,
    },
    /// Values unchanged (Direction -1 still reverses the sign).
    None,
}

/// The normalise step.
#[derive(Debug, Clone, PartialEq)]
pub struct Normalise {
    /// The method for every indicator without an exception.
    pub method: Method,
    /// Exceptions by iCode.
    pub indicators: Vec<(String, Method)>,
    /// Panel data: scale over all years at once, so that scores compare across years.
    pub global: bool,
    /// The uCode of the unit that [`Method::Dist2Ref`] measures distances to.
    pub reference: Option<String>,
}

/// The normalise step's methods, for messages.
pub const METHODS: &str = "minmax, zscore, standard, goalposts, rank, percentile, borda, dist2max, dist2ref, dist2target, fracmax, scaled or none";

/// A normalisation method by the name scripts use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum NormaliseMethod {
    /// `"minmax"` (the default), scaled to `range`.
    #[default]
    #[serde(rename = "minmax")]
    MinMax,
    /// `"zscore"`, scaled to `mean_sd`.
    #[serde(rename = "zscore")]
    ZScore,
    /// `"standard"`: the standard-value method, against iMeta's Target.
    #[serde(rename = "standard")]
    Standard,
    /// `"goalposts"`, iMeta's goalposts.
    #[serde(rename = "goalposts")]
    Goalposts,
    /// `"rank"`.
    #[serde(rename = "rank")]
    Rank,
    /// `"percentile"`.
    #[serde(rename = "percentile")]
    Percentile,
    /// `"borda"`.
    #[serde(rename = "borda")]
    Borda,
    /// `"dist2max"`.
    #[serde(rename = "dist2max")]
    Dist2Max,
    /// `"dist2ref"`, to the unit named by `ref`.
    #[serde(rename = "dist2ref")]
    Dist2Ref,
    /// `"dist2target"`, to iMeta's Target.
    #[serde(rename = "dist2target")]
    Dist2Target,
    /// `"fracmax"`.
    #[serde(rename = "fracmax")]
    FracMax,
    /// `"scaled"`, with `center_scale`.
    #[serde(rename = "scaled")]
    Scaled,
    /// `"none"`.
    #[serde(rename = "none")]
    None,
}

/// The normalise step's options as scripts write them:
/// `{"method": "minmax", "range": [0, 100], "global": true, "indicators": {"RD": {"method": "standard"}}}`.
/// Absent or null means the default. `range` and `mean_sd` may be given with any method: they
/// apply when the method (here or in a replay that varies it) is min-max or z-scores.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an object such as {\"method\": \"minmax\", \"range\": [0, 100]}")]
pub struct NormaliseSpec {
    /// The method for every indicator without an exception (default `minmax`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<NormaliseMethod>,
    /// Min-max: the scores of the lowest and highest values, first below second (default [0, 100]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<[f64; 2]>,
    /// Z-scores: the mean and standard deviation of the result, sd above zero (default [0, 1]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_sd: Option<[f64; 2]>,
    /// Scaled: the center subtracted and the scale divided by, scale not zero (default [0, 1]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub center_scale: Option<[f64; 2]>,
    /// Distances to a reference or a target: scores above 1 become 1 (default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap: Option<bool>,
    /// Distance to a reference: the reference unit's uCode (needed by `dist2ref`).
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Panel data: scale over all years at once (default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub global: Option<bool>,
    /// Exceptions by iCode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicators: Option<IndexMap<String, NormaliseIndicatorSpec>>,
}

/// An exception of the normalise step for one indicator: `{"method": "standard"}`. An option
/// not given is the step's, except that naming a method starts from that method's defaults.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an object such as {\"method\": \"standard\"}")]
pub struct NormaliseIndicatorSpec {
    /// As [`NormaliseSpec::method`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<NormaliseMethod>,
    /// As [`NormaliseSpec::range`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<[f64; 2]>,
    /// As [`NormaliseSpec::mean_sd`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_sd: Option<[f64; 2]>,
    /// As [`NormaliseSpec::center_scale`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub center_scale: Option<[f64; 2]>,
    /// As [`NormaliseSpec::cap`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap: Option<bool>,
}

/// A method's parameters as options give them; `None` where not given.
#[derive(Default)]
struct Parameters {
    range: Option<[f64; 2]>,
    mean_sd: Option<[f64; 2]>,
    center_scale: Option<[f64; 2]>,
    cap: Option<bool>,
}

/// The method that `name` and its parameters (options named with `prefix`) make, starting
/// from `default` when no method is named.
fn method(prefix: &str, name: Option<NormaliseMethod>, given: Parameters, default: Method) -> Result<Method> {
    let range_option = format!("{prefix}range");
    let mean_sd_option = format!("{prefix}mean_sd");
    let center_scale_option = format!("{prefix}center_scale");
    let range = pair(&range_option, given.range)?;
    let mean_sd = pair(&mean_sd_option, given.mean_sd)?;
    let center_scale = pair(&center_scale_option, given.center_scale)?;
    let method = match name {
        None => default,
        Some(NormaliseMethod::MinMax) => Method::MinMax { lo: 0.0, hi: 100.0 },
        Some(NormaliseMethod::ZScore) => Method::ZScore { mean: 0.0, sd: 1.0 },
        Some(NormaliseMethod::Standard) => Method::Standard,
        Some(NormaliseMethod::Goalposts) => Method::Goalposts,
        Some(NormaliseMethod::Rank) => Method::Rank,
        Some(NormaliseMethod::Percentile) => Method::Percentile,
        Some(NormaliseMethod::Borda) => Method::Borda,
        Some(NormaliseMethod::Dist2Max) => Method::Dist2Max,
        Some(NormaliseMethod::Dist2Ref) => Method::Dist2Ref { cap: false },
        Some(NormaliseMethod::Dist2Target) => Method::Dist2Target { cap: false },
        Some(NormaliseMethod::FracMax) => Method::FracMax,
        Some(NormaliseMethod::Scaled) => Method::Scaled { center: 0.0, scale: 1.0 },
        Some(NormaliseMethod::None) => Method::None,
    };
    Ok(match method {
        Method::MinMax { lo, hi } => {
            let (lo, hi) = range.unwrap_or((lo, hi));
            if lo >= hi {
                return Err(bad_option(&range_option, "the first number must be below the second, as in [0, 100]"));
            }
            Method::MinMax { lo, hi }
        }
        Method::ZScore { mean, sd } => {
            let (mean, sd) = mean_sd.unwrap_or((mean, sd));
            if sd <= 0.0 {
                return Err(bad_option(&mean_sd_option, "the standard deviation must be above zero, as in [0, 1]"));
            }
            Method::ZScore { mean, sd }
        }
        Method::Scaled { center, scale } => {
            let (center, scale) = center_scale.unwrap_or((center, scale));
            if scale == 0.0 {
                return Err(bad_option(&center_scale_option, "the scale must not be zero, as in [0, 1]"));
            }
            Method::Scaled { center, scale }
        }
        Method::Dist2Ref { cap } => Method::Dist2Ref { cap: given.cap.unwrap_or(cap) },
        Method::Dist2Target { cap } => Method::Dist2Target { cap: given.cap.unwrap_or(cap) },
        m => m,
    })
}

/// Checks the options: a range in order, a standard deviation above zero, finite numbers.
impl TryFrom<NormaliseSpec> for Normalise {
    type Error = Error;

    fn try_from(spec: NormaliseSpec) -> Result<Normalise> {
        let given = Parameters { range: spec.range, mean_sd: spec.mean_sd, center_scale: spec.center_scale, cap: spec.cap };
        let base = method("", spec.method, given, Method::MinMax { lo: 0.0, hi: 100.0 })?;
        let mut indicators = Vec::new();
        for (code, e) in spec.indicators.unwrap_or_default() {
            let given = Parameters { range: e.range, mean_sd: e.mean_sd, center_scale: e.center_scale, cap: e.cap };
            let m = method(&format!("indicators.{code}."), e.method, given, base)?;
            indicators.push((code, m));
        }
        let global = spec.global.unwrap_or(false);
        let to_reference = std::iter::once(&base).chain(indicators.iter().map(|(_, m)| m)).any(|m| matches!(m, Method::Dist2Ref { .. }));
        if to_reference && spec.reference.as_deref().is_none_or(|r| r.trim().is_empty()) {
            return Err(bad_option("ref", "dist2ref needs the uCode of the reference unit, as in \"ref\": \"CHE\""));
        }
        if to_reference && global {
            return Err(bad_option("global", "dist2ref measures each year against the reference unit's value that year: leave global out"));
        }
        Ok(Normalise { method: base, indicators, global, reference: spec.reference })
    }
}

impl Normalise {
    /// Normalises every indicator column (aggregates, if the data set has any, are left as they are).
    ///
    /// # Errors
    /// A constant indicator under min-max or z-score, a missing or unusable Target or goalpost.
    pub fn run(&self, data: &mut [Dataset], ctx: &Context) -> Result<Vec<WarningKind>> {
        ctx.check_indicators(self.indicators.iter().map(|(k, _)| k))?;
        for (k, ind) in ctx.framework.indicators().enumerate() {
            let method = self.indicators.iter().find(|(k, _)| *k == ind.code).map_or(self.method, |(_, m)| *m);
            if self.global && data.len() > 1 {
                let mut pooled: Vec<Option<f64>> = Vec::new();
                for set in data.iter() {
                    if let Some(i) = set.position(&ind.code, k) {
                        pooled.extend(&set.columns[i].values);
                    }
                }
                let scaled = normalise(&pooled, method, ind, None).map_err(|e| e.at(ind, None))?;
                let mut it = scaled.into_iter();
                for set in data.iter_mut() {
                    if let Some(i) = set.position(&ind.code, k) {
                        set.columns[i].values.iter_mut().for_each(|v| *v = it.next().flatten());
                    }
                }
            } else {
                for set in data.iter_mut() {
                    if let Some(i) = set.position(&ind.code, k) {
                        let reference = match method {
                            Method::Dist2Ref { .. } => Some(self.reference_value(set, i, ind, ctx)?),
                            _ => None,
                        };
                        let c = &mut set.columns[i];
                        c.values = normalise(&c.values, method, ind, reference).map_err(|e| e.at(ind, set.time))?;
                    }
                }
            }
        }
        Ok(Vec::new())
    }
}

impl Normalise {
    /// The value of the reference unit in column `i` of `set`.
    fn reference_value(&self, set: &Dataset, i: usize, ind: &Element, ctx: &Context) -> Result<f64> {
        let unit = self.reference.as_deref().unwrap_or_default();
        let year = set.time.map(|t| format!(" in {t}")).unwrap_or_default();
        let Some(row) = set.rows.iter().position(|&r| ctx.idata.units()[r].code == unit) else {
            return Err(bad_option("ref", &format!("the reference unit '{unit}' is not in the data{year}")));
        };
        set.columns[i].values[row].ok_or_else(|| bad_option("ref", &format!("the reference unit '{unit}' has no value of '{}'{year}", ind.code)))
    }
}

/// Why one column could not be normalised; placed by the caller.
#[derive(Debug)]
enum Failure {
    Constant(&'static str),
    /// The method, and why it cannot scale these values.
    Cannot(&'static str, &'static str),
    Other(crate::Error),
}

impl Failure {
    fn at(self, ind: &Element, time: Option<i64>) -> crate::Error {
        match self {
            Failure::Constant(method) => {
                ErrorKind::ConstantIndicator { code: ind.code.clone(), time, method: method.into() }.into()
            }
            Failure::Cannot(method, reason) => {
                ErrorKind::CannotScale { code: ind.code.clone(), time, method: method.into(), reason: reason.into() }.into()
            }
            Failure::Other(e) => e,
        }
    }
}

/// Normalises one indicator's values; `reference` is the reference unit's value, for
/// [`Method::Dist2Ref`].
fn normalise(x: &[Option<f64>], method: Method, ind: &Element, reference: Option<f64>) -> std::result::Result<Vec<Option<f64>>, Failure> {
    let dir = ind.direction;
    let signed = || x.iter().map(|v| v.map(|v| v * dir)).collect::<Vec<_>>();
    let (min, max) = x.iter().flatten().map(|v| v * dir).fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    let capped = |y: f64, cap: bool| if cap { y.min(1.0) } else { y };
    Ok(match method {
        Method::MinMax { lo, hi } => {
            if min.is_infinite() || min == max {
                return Err(Failure::Constant("min-max"));
            }
            x.iter().map(|v| v.map(|v| (v * dir - min) / (max - min) * (hi - lo) + lo)).collect()
        }
        Method::ZScore { mean, sd } => {
            let p: Vec<f64> = x.iter().flatten().map(|v| v * dir).collect();
            let (Some(m), true) = (stats::mean(&p), p.len() >= 2) else {
                return Err(Failure::Constant("z-score"));
            };
            let s = (p.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (p.len() as f64 - 1.0)).sqrt();
            if s == 0.0 {
                return Err(Failure::Constant("z-score"));
            }
            x.iter().map(|v| v.map(|v| (v * dir - m) / s * sd + mean)).collect()
        }
        Method::Standard => {
            let target = ind.target.ok_or_else(|| Failure::Other(ErrorKind::MissingTarget { code: ind.code.clone() }.into()))?;
            if target <= 0.0 {
                return Err(Failure::Other(ErrorKind::BadTarget {
                    code: ind.code.clone(),
                    reason: format!("the Target {} must be above zero for the standard-value method", number_text(target)),
                }.into()));
            }
            x.iter()
                .map(|v| {
                    v.map(|v| {
                        let score = if dir > 0.0 {
                            v / target * 100.0
                        } else if v <= 0.0 {
                            100.0
                        } else {
                            target / v * 100.0
                        };
                        score.min(100.0)
                    })
                })
                .collect()
        }
        Method::Goalposts => {
            let (Some(lower), Some(upper)) = (ind.goalpost_lower, ind.goalpost_upper) else {
                return Err(Failure::Other(ErrorKind::BadTarget {
                    code: ind.code.clone(),
                    reason: "goalpost normalisation needs the iMeta columns goalpost_lower and goalpost_upper".into(),
                }.into()));
            };
            if lower >= upper {
                return Err(Failure::Other(ErrorKind::BadTarget {
                    code: ind.code.clone(),
                    reason: format!("goalpost_lower ({}) must be below goalpost_upper ({})", number_text(lower), number_text(upper)),
                }.into()));
            }
            x.iter()
                .map(|v| {
                    v.map(|v| {
                        let y = if dir > 0.0 { (v - lower) / (upper - lower) } else { (upper - v) / (upper - lower) };
                        y.clamp(0.0, 1.0) * 100.0
                    })
                })
                .collect()
        }
        Method::Rank => stats::rank_min(&signed(), false),
        Method::Percentile => {
            let x = signed();
            let n = x.iter().flatten().count();
            if n < 2 {
                return Err(Failure::Constant("percentile"));
            }
            stats::rank_min(&x, false).into_iter().map(|r| r.map(|r| (r - 1.0) / (n as f64 - 1.0) * 100.0)).collect()
        }
        Method::Borda => stats::rank_min(&signed(), false).into_iter().map(|r| r.map(|r| r - 1.0)).collect(),
        Method::Dist2Max => {
            if min.is_infinite() || min == max {
                return Err(Failure::Constant("dist2max"));
            }
            x.iter().map(|v| v.map(|v| 1.0 - (max - v * dir) / (max - min))).collect()
        }
        Method::Dist2Ref { cap } => {
            let r = reference.ok_or_else(|| Failure::Other(super::bad_option("ref", "no reference value")))? * dir;
            if r == min {
                return Err(Failure::Cannot("dist2ref", "the reference unit has the lowest value, so there is no distance to scale by"));
            }
            x.iter().map(|v| v.map(|v| capped(1.0 - (r - v * dir) / (r - min), cap))).collect()
        }
        Method::Dist2Target { cap } => {
            let target = ind.target.ok_or_else(|| Failure::Other(ErrorKind::MissingTarget { code: ind.code.clone() }.into()))? * dir;
            if min.is_infinite() {
                return Err(Failure::Constant("dist2target"));
            }
            if target == min {
                return Err(Failure::Cannot("dist2target", "the Target equals the lowest value, so there is no distance to scale by"));
            }
            x.iter().map(|v| v.map(|v| capped((v * dir - min) / (target - min), cap))).collect()
        }
        Method::FracMax => {
            if max.is_infinite() {
                return Err(Failure::Constant("fracmax"));
            }
            if max == 0.0 {
                return Err(Failure::Cannot("fracmax", "its highest value (after Direction) is 0"));
            }
            x.iter().map(|v| v.map(|v| v * dir / max)).collect()
        }
        Method::Scaled { center, scale } => x.iter().map(|v| v.map(|v| (v * dir - center) / scale)).collect(),
        Method::None => signed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::ElementType;

    fn element(direction: f64, target: Option<f64>) -> Element {
        Element {
            code: "x".into(),
            name: "x".into(),
            kind: ElementType::Indicator,
            level: 1,
            direction,
            weight: 1.0,
            unit: String::new(),
            target,
            denominator: None,
            scale: 1.0,
            parent: None,
            goalpost_lower: Some(10.0),
            goalpost_upper: Some(20.0),
        }
    }

    fn some(x: &[f64]) -> Vec<Option<f64>> {
        x.iter().map(|&v| Some(v)).collect()
    }

    #[test]
    fn min_max_reverses_negative_indicators() {
        let out = normalise(&some(&[1.0, 3.0, 5.0]), Method::MinMax { lo: 0.0, hi: 100.0 }, &element(-1.0, None), None).unwrap();
        assert_eq!(out, some(&[100.0, 50.0, 0.0]));
    }

    #[test]
    fn standard_value_is_capped_at_100() {
        // R&D intensity against the 2.5% standard: 1.0 -> 40, 2.5 -> 100, 3.0 -> 120 capped to 100
        let out = normalise(&some(&[1.0, 2.5, 3.0]), Method::Standard, &element(1.0, Some(2.5)), None).unwrap();
        assert_eq!(out, some(&[40.0, 100.0, 100.0]));
        // less is better: target 2 / value 4 = 50; value 1 -> 200 capped to 100
        let out = normalise(&some(&[4.0, 1.0]), Method::Standard, &element(-1.0, Some(2.0)), None).unwrap();
        assert_eq!(out, some(&[50.0, 100.0]));
    }

    #[test]
    fn goalposts_truncate() {
        let out = normalise(&some(&[5.0, 15.0, 25.0]), Method::Goalposts, &element(1.0, None), None).unwrap();
        assert_eq!(out, some(&[0.0, 50.0, 100.0]));
        let out = normalise(&some(&[12.0]), Method::Goalposts, &element(-1.0, None), None).unwrap();
        assert_eq!(out, some(&[80.0]));
    }

    #[test]
    fn rank_percentile_and_zscore() {
        let x = vec![Some(3.0), None, Some(1.0), Some(3.0)];
        assert_eq!(normalise(&x, Method::Rank, &element(1.0, None), None).unwrap(), [Some(2.0), None, Some(1.0), Some(2.0)]);
        assert_eq!(normalise(&x, Method::Percentile, &element(1.0, None), None).unwrap(), [Some(50.0), None, Some(0.0), Some(50.0)]);
        // mean 2, sd 1: 1 -> -1, 3 -> 1, then * 10 + 50
        let z = normalise(&some(&[1.0, 2.0, 3.0]), Method::ZScore { mean: 50.0, sd: 10.0 }, &element(1.0, None), None).unwrap();
        assert_eq!(z, some(&[40.0, 50.0, 60.0]));
    }

    #[test]
    fn a_constant_indicator_cannot_be_min_maxed() {
        let e = normalise(&some(&[2.0, 2.0]), Method::MinMax { lo: 0.0, hi: 100.0 }, &element(1.0, None), None).unwrap_err();
        assert_eq!(
            e.at(&element(1.0, None), Some(2022)).to_string(),
            "indicator 'x' has the same value for every unit in 2022 (or no values), so min-max cannot scale it (check the data, or remove the indicator)"
        );
    }

    #[test]
    fn distances_fractions_and_scaling_by_hand() {
        let x = some(&[2.0, 4.0, 10.0]);
        let up = element(1.0, Some(6.0));
        // borda: rank - 1
        assert_eq!(normalise(&x, Method::Borda, &up, None).unwrap(), some(&[0.0, 1.0, 2.0]));
        // dist2max: 1 - (10 - x) / 8
        assert_eq!(normalise(&x, Method::Dist2Max, &up, None).unwrap(), some(&[0.0, 0.25, 1.0]));
        // dist2ref to the value 4: 1 - (4 - x) / (4 - 2), capped: 10 gives 4, or 1
        assert_eq!(normalise(&x, Method::Dist2Ref { cap: false }, &up, Some(4.0)).unwrap(), some(&[0.0, 1.0, 4.0]));
        assert_eq!(normalise(&x, Method::Dist2Ref { cap: true }, &up, Some(4.0)).unwrap(), some(&[0.0, 1.0, 1.0]));
        // dist2target 6: (x - 2) / (6 - 2)
        assert_eq!(normalise(&x, Method::Dist2Target { cap: false }, &up, None).unwrap(), some(&[0.0, 0.5, 2.0]));
        // less is better, target 3: values times -1 are -2, -4, -10, target -3:
        // (-x - -10) / (-3 - -10) = (10 - x) / 7
        let down = element(-1.0, Some(3.0));
        assert_eq!(normalise(&x, Method::Dist2Target { cap: true }, &down, None).unwrap(), some(&[1.0, 6.0 / 7.0, 0.0]));
        // fracmax: x / 10; scaled: (x - 2) / 4
        assert_eq!(normalise(&x, Method::FracMax, &up, None).unwrap(), some(&[0.2, 0.4, 1.0]));
        assert_eq!(normalise(&x, Method::Scaled { center: 2.0, scale: 4.0 }, &up, None).unwrap(), some(&[0.0, 0.5, 2.0]));
    }

    #[test]
    fn a_distance_with_nothing_to_scale_by_is_refused() {
        let x = some(&[0.0, 4.0, 10.0]);
        let at = |f: Failure| f.at(&element(1.0, None), None).to_string();
        // the reference at the lowest value
        let e = normalise(&x, Method::Dist2Ref { cap: false }, &element(1.0, None), Some(0.0)).unwrap_err();
        assert!(at(e).contains("dist2ref cannot scale it: the reference unit has the lowest value"));
        // a highest value of 0 once less is better: -0, -4, -10
        let e = normalise(&x, Method::FracMax, &element(-1.0, None), None).unwrap_err();
        assert!(at(e).contains("fracmax cannot scale it: its highest value (after Direction) is 0"));
        // the target at the lowest value
        let e = normalise(&x, Method::Dist2Target { cap: false }, &element(1.0, Some(0.0)), None).unwrap_err();
        assert!(at(e).contains("dist2target cannot scale it"));
    }

    #[test]
    fn dist2ref_needs_a_reference_and_no_global() {
        let spec = |v: serde_json::Value| Normalise::try_from(serde_json::from_value::<NormaliseSpec>(v).unwrap()).map_err(|e| e.to_string());
        assert!(spec(serde_json::json!({ "method": "dist2ref" })).unwrap_err().contains("option 'ref'"));
        assert!(spec(serde_json::json!({ "method": "dist2ref", "ref": "A", "global": true })).unwrap_err().contains("option 'global'"));
        assert!(spec(serde_json::json!({ "method": "scaled", "center_scale": [1, 0] })).unwrap_err().contains("option 'center_scale'"));
        let n = spec(serde_json::json!({ "indicators": { "x": { "method": "dist2ref", "cap": true } }, "ref": "A" })).unwrap();
        assert_eq!(n.indicators, [("x".to_string(), Method::Dist2Ref { cap: true })]);
    }
}
