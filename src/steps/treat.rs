//! Treat: outlier treatment (COINr `Treat`: `check_SkewKurt`, `winsorise`, then `log_CT`,
//! `log_CT_plus`, `log_GII` or `boxcox`).
//!
//! An indicator passes when |skewness| < `skew` or kurtosis < `kurtosis`. One that fails is
//! winsorised: while it fails and fewer than `winmax` values have been replaced, the extreme
//! value(s) on the side of the skew are replaced by the next value. If it still fails, the
//! original values are transformed instead ([`Transform`]; by default
//! `ln(x - min + 0.01 (max - min))`).

use std::fmt;

use indexmap::IndexMap;
use serde::de::{self, MapAccess, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::dataset::Dataset;
use crate::error::{Error, Result};
use super::{bad_option, count, finite, positive, Context};
use crate::stats;
use crate::warning::WarningKind;

/// Thresholds of the outlier treatment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Winsorise {
    /// Absolute skewness below which an indicator passes (default 2).
    pub skew: f64,
    /// Kurtosis below which an indicator passes (default 3.5).
    pub kurtosis: f64,
    /// Most values to winsorise before falling back to the transformation (default 5).
    pub winmax: usize,
    /// The transformation of an indicator that winsorising could not treat.
    pub transform: Transform,
}

impl Default for Winsorise {
    fn default() -> Self {
        Winsorise { skew: 2.0, kurtosis: 3.5, winmax: 5, transform: Transform::LogCt }
    }
}

/// The transformation of the original values of an indicator that winsorising could not
/// treat; `min`, `max` are its lowest and highest value, `a = 0.01 (max - min)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Transform {
    /// `ln(x - min + a)` (COINr `log_CT`).
    LogCt,
    /// As `LogCt` when the skewness is above zero, else `-ln(max + a - x)` (COINr `log_CT_plus`).
    LogCtPlus,
    /// `ln((max - 1) (x - min) / (max - min) + 1)`, the Global Innovation Index's (the formula
    /// of COINr's `log_GII`, which in COINr 1.1.14 returns the values untransformed).
    LogGii,
    /// Box-Cox of `x - min + 1`: `(y^lambda - 1) / lambda`, `ln y` for lambda 0 (COINr `boxcox`).
    BoxCox {
        /// The exponent.
        lambda: f64,
    },
}

impl Transform {
    /// COINr's name of the transformation.
    pub fn name(self) -> &'static str {
        match self {
            Transform::LogCt => "log_CT",
            Transform::LogCtPlus => "log_CT_plus",
            Transform::LogGii => "log_GII",
            Transform::BoxCox { .. } => "boxcox",
        }
    }

    /// Transforms the original values `x` in place.
    fn apply(self, x: &mut [Option<f64>]) {
        let p = stats::present(x);
        let (min, max) = p.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
        let a = 0.01 * (max - min);
        let f: Box<dyn Fn(f64) -> f64> = match self {
            Transform::LogCt => Box::new(|v| (v - min + a).ln()),
            Transform::LogCtPlus => match stats::skew_kurt(&p) {
                Some((skew, _)) if skew <= 0.0 => Box::new(|v| -(max + a - v).ln()),
                _ => Box::new(|v| (v - min + a).ln()),
            },
            Transform::LogGii => Box::new(|v| ((max - 1.0) * (v - min) / (max - min) + 1.0).ln()),
            Transform::BoxCox { lambda: 0.0 } => Box::new(|v| (v - min + 1.0).ln()),
            Transform::BoxCox { lambda } => Box::new(move |v| ((v - min + 1.0).powf(lambda) - 1.0) / lambda),
        };
        for v in x.iter_mut().flatten() {
            *v = f(*v);
        }
    }
}

/// A transformation by the name scripts use (COINr's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum TransformName {
    /// `"log_CT"` (the default).
    #[default]
    #[serde(rename = "log_CT")]
    LogCt,
    /// `"log_CT_plus"`.
    #[serde(rename = "log_CT_plus")]
    LogCtPlus,
    /// `"log_GII"`.
    #[serde(rename = "log_GII")]
    LogGii,
    /// `"boxcox"`, with `lambda`.
    #[serde(rename = "boxcox")]
    BoxCox,
}

/// The treat step: thresholds for all indicators, with exceptions per indicator
/// (`None` leaves an indicator untreated).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Treat {
    /// The thresholds for every indicator without an exception; `None` treats nothing.
    pub default: Option<Winsorise>,
    /// Exceptions by iCode.
    pub indicators: Vec<(String, Option<Winsorise>)>,
    /// On panel data, each indicator is judged and treated over all years at once (as global
    /// normalisation scales it), not year by year.
    pub global: bool,
}

/// What treatment did to one vector.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Passed as it was, or could not be judged.
    Untouched,
    /// Winsorised: the number of values replaced.
    Winsorised(usize),
    /// Transformed (see [`Transform`]).
    Logged,
}

/// The treat step's methods, for messages.
pub const METHODS: &str = "winsorise or none";

/// A treatment by the name scripts use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum TreatMethod {
    /// `"winsorise"` (also `"winsorize"`; the default), then the log transform if need be.
    #[default]
    #[serde(rename = "winsorise", alias = "winsorize")]
    Winsorise,
    /// `"none"`: treat no indicator but the exceptions.
    #[serde(rename = "none")]
    None,
}

/// The treat step's options as scripts write them:
/// `{"method": "winsorise", "skew": 2, "kurtosis": 3.5, "winmax": 5, "indicators": {"RD": "none"}}`.
/// Absent or null means the default.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an object such as {\"winmax\": 5}")]
pub struct TreatSpec {
    /// The treatment of every indicator without an exception (default `winsorise`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<TreatMethod>,
    /// Absolute skewness below which an indicator passes, above zero (default 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skew: Option<f64>,
    /// Kurtosis below which an indicator passes, above zero (default 3.5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kurtosis: Option<f64>,
    /// Most values to winsorise, a whole number (default 5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub winmax: Option<f64>,
    /// The transformation when winsorising does not suffice (default `log_CT`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transform: Option<TransformName>,
    /// The exponent of the `boxcox` transformation, a finite number (needed by it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda: Option<f64>,
    /// Exceptions by iCode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicators: Option<IndexMap<String, TreatIndicatorSpec>>,
    /// Panel data: treat each indicator over all years at once (default false: year by year).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub global: Option<bool>,
}

/// An exception of the treat step for one indicator: `"none"` or thresholds of its own.
#[derive(Debug, Clone, PartialEq)]
pub enum TreatIndicatorSpec {
    /// `"none"`: leave the indicator untreated.
    None,
    /// `{"winmax": 2}`: treat it with these thresholds; those not given are the step's.
    Thresholds(ThresholdsSpec),
}

/// Thresholds of an exception, as scripts write them: `{"skew": 3, "kurtosis": 4, "winmax": 2}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "\"none\" or an object such as {\"winmax\": 2}")]
pub struct ThresholdsSpec {
    /// As [`TreatSpec::skew`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skew: Option<f64>,
    /// As [`TreatSpec::kurtosis`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kurtosis: Option<f64>,
    /// As [`TreatSpec::winmax`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub winmax: Option<f64>,
}

/// Written as `"none"` or as the thresholds' object.
impl Serialize for TreatIndicatorSpec {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            TreatIndicatorSpec::None => serializer.serialize_str("none"),
            TreatIndicatorSpec::Thresholds(t) => t.serialize(serializer),
        }
    }
}

/// Read from `"none"` or an object of thresholds, so that a wrong field inside the object is
/// named (an untagged enum would only say that nothing matched).
impl<'de> Deserialize<'de> for TreatIndicatorSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct Exception;
        impl<'de> Visitor<'de> for Exception {
            type Value = TreatIndicatorSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("\"none\" or an object such as {\"winmax\": 2}")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> std::result::Result<Self::Value, E> {
                match s {
                    "none" => Ok(TreatIndicatorSpec::None),
                    _ => Err(E::invalid_value(Unexpected::Str(s), &self)),
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<Self::Value, A::Error> {
                ThresholdsSpec::deserialize(de::value::MapAccessDeserializer::new(map)).map(TreatIndicatorSpec::Thresholds)
            }
        }
        deserializer.deserialize_any(Exception)
    }
}

/// Checks the options: thresholds above zero, `winmax` a whole number.
impl TryFrom<TreatSpec> for Treat {
    type Error = Error;

    fn try_from(spec: TreatSpec) -> Result<Treat> {
        let transform = match (spec.transform.unwrap_or_default(), finite("lambda", spec.lambda)?) {
            (TransformName::LogCt, _) => Transform::LogCt,
            (TransformName::LogCtPlus, _) => Transform::LogCtPlus,
            (TransformName::LogGii, _) => Transform::LogGii,
            (TransformName::BoxCox, Some(lambda)) => Transform::BoxCox { lambda },
            (TransformName::BoxCox, None) => return Err(bad_option("lambda", "the boxcox transformation needs its exponent, as in \"lambda\": 0.5")),
        };
        let base = thresholds("", spec.skew, spec.kurtosis, spec.winmax, Winsorise { transform, ..Winsorise::default() })?;
        let default = match spec.method.unwrap_or_default() {
            TreatMethod::Winsorise => Some(base),
            TreatMethod::None => None,
        };
        let mut indicators = Vec::new();
        for (code, exception) in spec.indicators.unwrap_or_default() {
            let t = match exception {
                TreatIndicatorSpec::None => None,
                TreatIndicatorSpec::Thresholds(t) => Some(thresholds(&format!("indicators.{code}."), t.skew, t.kurtosis, t.winmax, base)?),
            };
            indicators.push((code, t));
        }
        Ok(Treat { default, indicators, global: spec.global.unwrap_or(false) })
    }
}

/// Thresholds from the options given (named with `prefix`), the others from `base`.
fn thresholds(prefix: &str, skew: Option<f64>, kurtosis: Option<f64>, winmax: Option<f64>, base: Winsorise) -> Result<Winsorise> {
    Ok(Winsorise {
        skew: positive(&format!("{prefix}skew"), skew)?.unwrap_or(base.skew),
        kurtosis: positive(&format!("{prefix}kurtosis"), kurtosis)?.unwrap_or(base.kurtosis),
        winmax: count(&format!("{prefix}winmax"), winmax)?.unwrap_or(base.winmax),
        transform: base.transform,
    })
}

impl Treat {
    /// Treats every indicator of every data set: each year's on its own, or, when `global`,
    /// all years' values of an indicator together.
    ///
    /// # Errors
    /// An exception for an iCode that is not an indicator.
    pub fn run(&self, data: &mut [Dataset], ctx: &Context) -> Result<Vec<WarningKind>> {
        ctx.check_indicators(self.indicators.iter().map(|(k, _)| k))?;
        let mut warnings = Vec::new();
        for (k, ind) in ctx.framework.indicators().enumerate() {
            let spec = self.indicators.iter().find(|(c, _)| *c == ind.code).map_or(self.default, |(_, s)| *s);
            let Some(spec) = spec else { continue };
            // (set, column) of the indicator in each data set
            let at: Vec<(usize, usize)> = data.iter().enumerate().filter_map(|(s, set)| Some((s, set.position(&ind.code, k)?))).collect();
            let spans: Vec<Vec<(usize, usize)>> = if self.global && at.len() > 1 { vec![at] } else { at.into_iter().map(|a| vec![a]).collect() };
            for span in spans {
                let time = match span.as_slice() {
                    [(s, _)] => data[*s].time,
                    _ => None,
                };
                let mut values: Vec<Option<f64>> = span.iter().flat_map(|&(s, c)| data[s].columns[c].values.iter().copied()).collect();
                let Some(outcome) = treat_span(&mut values, &spec, &ind.code, time, &mut warnings) else { continue };
                // the units whose values winsorising replaced: they now tie with the next value
                let mut units: Vec<String> = Vec::new();
                let mut it = values.into_iter();
                for &(s, c) in &span {
                    let set = &mut data[s];
                    for (row, v) in set.rows.iter().zip(set.columns[c].values.iter_mut()) {
                        let treated = it.next().flatten();
                        if matches!(outcome, Outcome::Winsorised(_)) && treated != *v {
                            let code = &ctx.idata.units()[*row].code;
                            if !units.contains(code) {
                                units.push(code.clone());
                            }
                        }
                        *v = treated;
                    }
                }
                if let Some(WarningKind::Winsorised { units: replaced, .. }) = warnings.last_mut() {
                    *replaced = units;
                }
            }
        }
        if warnings.is_empty() {
            warnings.push(WarningKind::NoChange { reason: "no indicator has outliers: nothing treated".into() });
        }
        Ok(warnings)
    }
}

/// Judges and treats the values of one indicator over one span (a year, or all years), with a
/// warning for what was done; `None` when they were left as they were.
fn treat_span(values: &mut [Option<f64>], spec: &Winsorise, code: &str, time: Option<i64>, warnings: &mut Vec<WarningKind>) -> Option<Outcome> {
    let present = stats::present(values);
    let indicator = code.to_string();
    let Some((skew, kurtosis)) = stats::skew_kurt(&present) else {
        if present.len() < 4 {
            warnings.push(WarningKind::TooFewToTreat { indicator, time, count: present.len() });
        }
        return None;
    };
    if skew.abs() < spec.skew || kurtosis < spec.kurtosis {
        return None;
    }
    let outcome = treat_failing(values, spec);
    match outcome {
        Outcome::Untouched => return None,
        Outcome::Winsorised(points) => warnings.push(WarningKind::Winsorised { indicator, time, points, skew, kurtosis, units: Vec::new() }),
        Outcome::Logged => warnings.push(WarningKind::LogTransformed { indicator, time, skew, kurtosis, transform: spec.transform.name().into() }),
    }
    Some(outcome)
}

/// `Some(true)` when the values pass, `None` when they cannot be judged (too few, all equal).
fn passes(x: &[Option<f64>], spec: &Winsorise) -> Option<bool> {
    let (s, k) = stats::skew_kurt(&stats::present(x))?;
    Some(s.abs() < spec.skew || k < spec.kurtosis)
}

/// Treats one vector in place, as COINr's `Treat.numeric` with `winsorise` then the
/// transformation of `spec`.
pub fn treat(x: &mut [Option<f64>], spec: &Winsorise) -> Outcome {
    if passes(x, spec) != Some(false) {
        return Outcome::Untouched;
    }
    treat_failing(x, spec)
}

/// Treats a vector known to fail the check.
fn treat_failing(x: &mut [Option<f64>], spec: &Winsorise) -> Outcome {
    let original = x.to_vec();
    let (points, still_failing) = winsorise(x, spec);
    if !still_failing {
        return Outcome::Winsorised(points);
    }
    x.copy_from_slice(&original);
    spec.transform.apply(x);
    Outcome::Logged
}

/// Winsorises while the vector fails, up to `winmax` values; returns how many were replaced
/// and whether it still fails.
///
/// As in COINr, each round replaces every value tied at the extreme with the next value, and
/// the count is the number replaced in the last round on each side: the values winsorised so
/// far sit at the extreme together, so they are all replaced again.
fn winsorise(x: &mut [Option<f64>], spec: &Winsorise) -> (usize, bool) {
    let (mut at_max, mut at_min, mut nwin) = (0usize, 0usize, 0usize);
    let mut p: Vec<f64> = Vec::with_capacity(x.len());
    loop {
        stats::present_into(x, &mut p);
        // values that can no longer be judged (all equal) count as passing, as in `passes`
        let Some((skew, kurtosis)) = stats::skew_kurt(&p) else { return (nwin, false) };
        if skew.abs() < spec.skew || kurtosis < spec.kurtosis {
            return (nwin, false);
        }
        if nwin >= spec.winmax {
            return (nwin, true);
        }
        let high = skew >= 0.0;
        let extreme = if high { p.iter().copied().fold(f64::NEG_INFINITY, f64::max) } else { p.iter().copied().fold(f64::INFINITY, f64::min) };
        let rest = p.iter().copied().filter(|&v| v != extreme);
        let next = if high { rest.fold(f64::NEG_INFINITY, f64::max) } else { rest.fold(f64::INFINITY, f64::min) };
        if !next.is_finite() {
            return (nwin, true);
        }
        let mut count = 0;
        for v in x.iter_mut().flatten() {
            if *v == extreme {
                *v = next;
                count += 1;
            }
        }
        if high { at_max = count } else { at_min = count }
        nwin = at_max + at_min;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(x: &[f64]) -> Vec<Option<f64>> {
        x.iter().map(|&x| Some(x)).collect()
    }

    #[test]
    fn a_single_high_outlier_is_winsorised_to_the_next_value() {
        // COINr's example: 1..10 plus 30 and 100 fails (skew 3.06, kurtosis 9.74, by hand);
        // replacing 100 by 30 gives skew 1.71, which passes.
        let mut x = v(&[1., 2., 3., 4., 5., 6., 7., 8., 9., 10., 30., 100.]);
        let out = treat(&mut x, &Winsorise::default());
        assert_eq!(out, Outcome::Winsorised(1));
        assert_eq!(x[10], Some(30.0));
        assert_eq!(x[11], Some(30.0));
    }

    #[test]
    fn missing_values_are_kept_missing() {
        let mut x = v(&[1., 2., 3., 4., 5., 6., 7., 8., 9., 10., 1000.]);
        x.push(None);
        treat(&mut x, &Winsorise::default());
        assert_eq!(x[11], None);
        assert_eq!(x[10], Some(10.0));
    }

    #[test]
    fn a_vector_that_winsorising_cannot_fix_is_logged() {
        // 1..20, 500, 1000: replacing 1000 by 500 still fails (skew 3.05, kurtosis 8.05),
        // and winmax 1 allows no more, so the original values are logged.
        let mut x: Vec<Option<f64>> = (1..=20).map(|i| Some(f64::from(i))).collect();
        x.extend([Some(500.0), Some(1000.0)]);
        let spec = Winsorise { winmax: 1, ..Winsorise::default() };
        assert_eq!(treat(&mut x, &spec), Outcome::Logged);
        // ln(x - min + 0.01 (max - min)) at x = 1 and at x = 1000
        assert!((x[0].unwrap() - (9.99f64).ln()).abs() < 1e-12);
        assert!((x[21].unwrap() - (999.0f64 + 9.99).ln()).abs() < 1e-12);
    }

    #[test]
    fn global_treatment_judges_the_years_together_and_names_the_units_replaced() {
        use crate::{Framework, IData, Pipeline, Table};
        let imeta = "Level,iCode,Direction,Weight,Parent,Type\n1,a,1,1,Index,Indicator\n2,Index,1,1,,Aggregate\n";
        // 2000: 1..6; 2001: 1..5 and 100 at U6. Pooled, 100 is the one outlier; replaced by the
        // next value, 6, it leaves 1..6 twice, symmetric (skewness 0): one point, one round.
        let mut idata = String::from("uCode,Time,a\n");
        for (year, values) in [(2000, [1, 2, 3, 4, 5, 6]), (2001, [1, 2, 3, 4, 5, 100])] {
            for (i, v) in values.iter().enumerate() {
                idata.push_str(&format!("U{},{year},{v}\n", i + 1));
            }
        }
        let framework = Framework::from_table(Table::from_csv("iMeta", imeta).unwrap()).unwrap();
        let data = IData::from_table(Table::from_csv("iData", &idata).unwrap(), &framework).unwrap();
        let pipeline = Pipeline::from_json(&serde_json::json!([{"step": "treat", "global": true}])).unwrap();
        let out = crate::run(&framework, &data, &pipeline).unwrap();
        match out.warnings.iter().map(|w| &w.kind).collect::<Vec<_>>().as_slice() {
            [WarningKind::Winsorised { indicator, time: None, points: 1, skew, units, .. }] => {
                assert_eq!((indicator.as_str(), units.as_slice()), ("a", ["U6".to_string()].as_slice()));
                assert!(*skew > 2.0);
            }
            other => panic!("expected one winsorised warning over both years, got {other:?}"),
        }
        let treated = out.dataset("Treated").unwrap();
        assert_eq!(treated[1].column("a").unwrap().values[5], Some(6.0));
        assert_eq!(treated[0].column("a").unwrap().values, v(&[1., 2., 3., 4., 5., 6.]));
    }

    #[test]
    fn the_other_transformations_by_hand() {
        // the vector of a_vector_that_winsorising_cannot_fix_is_logged: min 1, max 1000
        let failing = || {
            let mut x: Vec<Option<f64>> = (1..=20).map(|i| Some(f64::from(i))).collect();
            x.extend([Some(500.0), Some(1000.0)]);
            x
        };
        let with = |transform| Winsorise { winmax: 1, transform, ..Winsorise::default() };
        // log_GII: ln((max - 1) (x - min) / (max - min) + 1): 0 at the lowest, ln 1000 at the highest
        let mut x = failing();
        assert_eq!(treat(&mut x, &with(Transform::LogGii)), Outcome::Logged);
        assert_eq!(x[0], Some(0.0));
        assert!((x[21].unwrap() - 1000f64.ln()).abs() < 1e-12);
        // boxcox, lambda 0.5, of x - min + 1: (sqrt(y) - 1) / 0.5; y = 1 gives 0, y = 1000 gives 2 (sqrt(1000) - 1)
        let mut x = failing();
        treat(&mut x, &with(Transform::BoxCox { lambda: 0.5 }));
        assert_eq!(x[0], Some(0.0));
        assert!((x[21].unwrap() - 2.0 * (1000f64.sqrt() - 1.0)).abs() < 1e-12);
        // log_CT_plus on a vector skewed to the left: -ln(max + a - x), a = 0.01 (max - min)
        let mut x: Vec<Option<f64>> = failing().into_iter().map(|v| v.map(|v| -v)).collect();
        treat(&mut x, &with(Transform::LogCtPlus));
        assert!((x[0].unwrap() - -(9.99f64).ln()).abs() < 1e-12, "{:?}", x[0]);
    }

    #[test]
    fn boxcox_needs_lambda() {
        let spec = |v: serde_json::Value| Treat::try_from(serde_json::from_value::<TreatSpec>(v).unwrap()).map_err(|e| e.to_string());
        assert!(spec(serde_json::json!({ "transform": "boxcox" })).unwrap_err().contains("option 'lambda'"));
        let t = spec(serde_json::json!({ "transform": "boxcox", "lambda": 0 })).unwrap();
        assert_eq!(t.default.map(|w| w.transform), Some(Transform::BoxCox { lambda: 0.0 }));
    }
}
