//! Aggregate: score each aggregate from its children, level by level (COINr `Aggregate`,
//! `a_amean`, `a_gmean`, `a_hmean`, `a_genmean`, `a_copeland`).
//!
//! Missing children are skipped and the weights of the others renormalised. A unit whose share
//! of children with values is below `min_availability` gets no score for that aggregate.
//!
//! The Copeland method scores a unit against the other units rather than from its own values
//! alone: for each pair of units, the share of the children's weight on which the one is ahead
//! (half of it where they tie) makes it win (above one half), lose or draw; its score is its
//! wins less its losses.

use std::fmt;

use indexmap::IndexMap;
use serde::de::{self, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::dataset::{Column, Dataset};
use crate::error::{Error, ErrorKind, Result};
use super::{bad_option, finite, share, Context};
use crate::warning::WarningKind;

/// The aggregate step's methods, for messages.
pub const METHODS: &str = "arithmetic, geometric, harmonic, generalised or copeland";

/// A weighted mean, by the name scripts use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mean {
    /// `"arithmetic"`: `sum(w x) / sum(w)`.
    #[serde(rename = "arithmetic")]
    Arithmetic,
    /// `"geometric"`: `exp(sum(w ln x) / sum(w))`; needs values above zero.
    #[serde(rename = "geometric")]
    Geometric,
    /// `"harmonic"`: `sum(w) / sum(w / x)`; needs values above zero.
    #[serde(rename = "harmonic")]
    Harmonic,
    /// `"generalised"` (also `"generalized"`): `(sum(w x^p) / sum(w))^(1/p)`, with the step's
    /// `p` (not zero); needs values above zero when p is negative, and of zero or more otherwise.
    #[serde(rename = "generalised", alias = "generalized")]
    Generalised,
    /// `"copeland"`: wins less losses against the other units, over the weighted children.
    #[serde(rename = "copeland")]
    Copeland,
}

impl Mean {
    fn name(self) -> &'static str {
        match self {
            Mean::Arithmetic => "arithmetic",
            Mean::Geometric => "geometric",
            Mean::Harmonic => "harmonic",
            Mean::Generalised => "generalised",
            Mean::Copeland => "Copeland",
        }
    }
}

/// The aggregate step.
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregate {
    /// The mean for every level without an exception.
    pub method: Mean,
    /// Exceptions by level.
    pub levels: Vec<(u32, Mean)>,
    /// Lowest share of children with values for a score (0 to 1; default 0: any one child).
    pub min_availability: f64,
    /// The exponent of the generalised mean (given when a level takes it; not zero).
    pub p: f64,
}

/// The aggregate step's options as scripts write them:
/// `{"method": {"2": "arithmetic", "3": "geometric"}, "min_availability": 0.5}`. Absent or null
/// means the default.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an object such as {\"method\": \"geometric\"}")]
pub struct AggregateSpec {
    /// The mean, at every level or by level (default `arithmetic` at every level).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<AggregateMethod>,
    /// Lowest share of children with values for a score, from 0 to 1 (default 0: any one child).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_availability: Option<f64>,
    /// The exponent of the generalised mean, not zero (needed when a level takes that mean).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p: Option<f64>,
}

/// The aggregate step's `method`: one mean for every level, or one per level.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum AggregateMethod {
    /// `"geometric"`: the same mean at every level.
    Every(Mean),
    /// `{"2": "arithmetic", "3": "geometric"}`: a mean per level of aggregates (2 and up);
    /// a level not named takes the arithmetic mean.
    ByLevel(IndexMap<u32, Mean>),
}

/// Read from a name or an object by level, so that a wrong level or name is named (an untagged
/// enum would only say that nothing matched).
impl<'de> Deserialize<'de> for AggregateMethod {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct Method;
        impl<'de> Visitor<'de> for Method {
            type Value = AggregateMethod;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a name such as \"arithmetic\", or an object such as {\"2\": \"arithmetic\", \"3\": \"geometric\"}")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> std::result::Result<Self::Value, E> {
                Mean::deserialize(s.into_deserializer()).map(AggregateMethod::Every)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
                let mut levels = IndexMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    let Ok(level) = key.parse::<u32>() else { return Err(de::Error::custom(not_a_level(&key))) };
                    levels.insert(level, map.next_value()?);
                }
                Ok(AggregateMethod::ByLevel(levels))
            }
        }
        deserializer.deserialize_any(Method)
    }
}

fn not_a_level(level: &str) -> String {
    format!("'{level}' is not a level of aggregates (use 2, 3, ...)")
}

/// Checks the options: levels from 2 up, a share from 0 to 1.
impl TryFrom<AggregateSpec> for Aggregate {
    type Error = Error;

    fn try_from(spec: AggregateSpec) -> Result<Aggregate> {
        let (method, levels) = match spec.method {
            None => (Mean::Arithmetic, Vec::new()),
            Some(AggregateMethod::Every(m)) => (m, Vec::new()),
            Some(AggregateMethod::ByLevel(levels)) => {
                if let Some(low) = levels.keys().find(|&&l| l < 2) {
                    return Err(bad_option("method", &not_a_level(&low.to_string())));
                }
                (Mean::Arithmetic, levels.into_iter().collect())
            }
        };
        let min_availability = share("min_availability", spec.min_availability)?.unwrap_or(0.0);
        let generalised = method == Mean::Generalised || levels.iter().any(|(_, m)| *m == Mean::Generalised);
        let p = match finite("p", spec.p)? {
            Some(0.0) => return Err(bad_option("p", "the generalised mean needs p other than zero (p = 0 would be the geometric mean)")),
            Some(p) => p,
            None if generalised => return Err(bad_option("p", "the generalised mean needs its exponent, as in \"p\": 2")),
            None => 1.0,
        };
        Ok(Aggregate { method, levels, min_availability, p })
    }
}

impl Aggregate {
    /// Adds one column per aggregate, lowest level first.
    ///
    /// # Errors
    /// A child column that the data set lacks, or a value at or below zero under a geometric
    /// or harmonic mean.
    pub fn run(&self, data: &mut [Dataset], ctx: &Context) -> Result<Vec<WarningKind>> {
        let mut warnings = Vec::new();
        for set in data.iter_mut() {
            set.columns.retain(|c| ctx.framework.get(&c.code).is_none_or(|e| e.level <= 1));
            for (level, aggregates) in ctx.framework.aggregate_levels() {
                let mean = self.levels.iter().find(|(l, _)| *l == level).map_or(self.method, |(_, m)| *m);
                for agg in aggregates {
                    // children sit in iMeta order among the columns: look for each just after the last
                    let mut hint = 0;
                    let children: Vec<(&Column, f64)> = ctx
                        .framework
                        .children_weighted(&agg.code)
                        .map(|(child, weight)| {
                            let at = set.position(&child.code, hint).ok_or_else(|| ErrorKind::MissingIndicator { code: child.code.clone() })?;
                            hint = at + 1;
                            Ok((&set.columns[at], weight))
                        })
                        .collect::<std::result::Result<_, ErrorKind>>()?;
                    let mut values = Vec::with_capacity(set.rows.len());
                    // one buffer per aggregate, refilled for each row
                    let mut present: Vec<(&str, f64, f64)> = Vec::with_capacity(children.len());
                    let negative_allowed = matches!(mean, Mean::Arithmetic | Mean::Copeland);
                    for (i, &r) in set.rows.iter().enumerate() {
                        present.clear();
                        present.extend(children.iter().filter_map(|(c, w)| c.values[i].map(|v| (c.code.as_str(), v, *w))));
                        let availability = present.len() as f64 / children.len() as f64;
                        if present.is_empty() || availability < self.min_availability {
                            let unit = &ctx.idata.units()[r];
                            warnings.push(WarningKind::ScoreMissing {
                                aggregate: agg.code.clone(),
                                unit: unit.code.clone(),
                                time: unit.time,
                                availability,
                            });
                            values.push(None);
                            continue;
                        }
                        let too_low = |v: f64| if mean == Mean::Generalised && self.p > 0.0 { v < 0.0 } else { v <= 0.0 };
                        if !negative_allowed
                            && let Some(&(child, value, _)) = present.iter().find(|(_, v, _)| too_low(*v))
                        {
                            let unit = &ctx.idata.units()[r];
                            return Err(ErrorKind::NonPositiveMean {
                                aggregate: agg.code.clone(),
                                unit: unit.code.clone(),
                                time: unit.time,
                                child: child.into(),
                                value,
                                method: match mean {
                                    Mean::Generalised => format!("generalised (p = {})", crate::table::number_text(self.p)),
                                    _ => mean.name().into(),
                                },
                            }
                            .into());
                        }
                        values.push(match mean {
                            // scored against the others below, once each unit's is known to count
                            Mean::Copeland => Some(0.0),
                            _ => weighted_mean(mean, self.p, &present),
                        });
                    }
                    if mean == Mean::Copeland {
                        values = copeland(&children, &values);
                    }
                    set.columns.push(Column { code: agg.code.clone(), values });
                }
            }
        }
        Ok(warnings)
    }
}

/// The weighted mean of `(name, value, weight)` (`p`: the generalised mean's exponent);
/// `None` when the weights add up to zero.
fn weighted_mean(mean: Mean, p: f64, x: &[(&str, f64, f64)]) -> Option<f64> {
    let sw: f64 = x.iter().map(|(_, _, w)| w).sum();
    if sw <= 0.0 {
        return None;
    }
    Some(match mean {
        Mean::Arithmetic => x.iter().map(|(_, v, w)| w * v).sum::<f64>() / sw,
        Mean::Geometric => (x.iter().map(|(_, v, w)| w * v.ln()).sum::<f64>() / sw).exp(),
        Mean::Harmonic => sw / x.iter().map(|(_, v, w)| w / v).sum::<f64>(),
        Mean::Generalised => (x.iter().map(|(_, v, w)| w * v.powf(p)).sum::<f64>() / sw).powf(1.0 / p),
        Mean::Copeland => return None,
    })
}

/// Copeland scores of the units whose `scored` value is not `None`, from the weighted
/// `children` (COINr `a_copeland`): for units i before j, `o = sum of w where i is ahead +
/// half the sum of w where they tie`, over the children both have, with the weights summing to
/// 1; j against i is `1 - o`. Each pair is a win (o above 0.5), a loss (below) or a draw, and a
/// unit's score is its wins less its losses.
pub(crate) fn copeland(children: &[(&Column, f64)], scored: &[Option<f64>]) -> Vec<Option<f64>> {
    let total: f64 = children.iter().map(|(_, w)| w).sum();
    let weights: Vec<f64> = children.iter().map(|(_, w)| w / total).collect();
    let units: Vec<usize> = (0..scored.len()).filter(|&i| scored[i].is_some()).collect();
    let mut score = vec![0.0; scored.len()];
    for (a, &i) in units.iter().enumerate() {
        for &j in &units[a + 1..] {
            let mut o = 0.0;
            let mut tied = 0.0;
            for ((c, _), w) in children.iter().zip(&weights) {
                let (Some(x), Some(y)) = (c.values[i], c.values[j]) else { continue };
                if x > y {
                    o += w;
                } else if x == y {
                    tied += w;
                }
            }
            let o = o + tied / 2.0;
            let (win_i, win_j) = (outcome(o), outcome(1.0 - o));
            score[i] += win_i;
            score[j] += win_j;
        }
    }
    scored.iter().zip(score).map(|(s, x)| s.map(|_| x)).collect()
}

/// A pair's outcome from the outranking share: 1 (win), -1 (loss) or 0 (draw at one half).
fn outcome(o: f64) -> f64 {
    if o > 0.5 {
        1.0
    } else if o < 0.5 {
        -1.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_means_by_hand() {
        let x = [("a", 1.0, 1.0), ("b", 4.0, 3.0)];
        // (1 + 12) / 4
        assert_eq!(weighted_mean(Mean::Arithmetic, 1.0, &x), Some(3.25));
        // exp((0 + 3 ln 4) / 4) = 4^(3/4)
        assert!((weighted_mean(Mean::Geometric, 1.0, &x).unwrap() - 4f64.powf(0.75)).abs() < 1e-12);
        // 4 / (1 + 3/4)
        assert!((weighted_mean(Mean::Harmonic, 1.0, &x).unwrap() - 4.0 / 1.75).abs() < 1e-12);
        // p = 2: sqrt((1 + 3 * 16) / 4) = sqrt(12.25) = 3.5
        assert_eq!(weighted_mean(Mean::Generalised, 2.0, &x), Some(3.5));
        assert_eq!(weighted_mean(Mean::Arithmetic, 1.0, &[("a", 5.0, 0.0)]), None);
    }

    #[test]
    fn copeland_counts_wins_less_losses() {
        // three units on two children weighted 3 and 1:
        //   a = (1, 9), b = (2, 0), c = (2, 5)
        // a-b: a ahead on the child of weight 1 only: o = 0.25, a loses, b wins
        // a-c: a ahead on weight 1: o = 0.25, a loses
        // b-c: tied on weight 3, c ahead on weight 1: o = 0.375, b loses, c wins
        let x = Column { code: "x".into(), values: vec![Some(1.0), Some(2.0), Some(2.0), None] };
        let y = Column { code: "y".into(), values: vec![Some(9.0), Some(0.0), Some(5.0), None] };
        let scored = [Some(0.0), Some(0.0), Some(0.0), None];
        assert_eq!(copeland(&[(&x, 3.0), (&y, 1.0)], &scored), [Some(-2.0), Some(0.0), Some(2.0), None]);
    }

    #[test]
    fn the_generalised_mean_needs_p_other_than_zero() {
        let spec = |v: serde_json::Value| Aggregate::try_from(serde_json::from_value::<AggregateSpec>(v).unwrap()).map_err(|e| e.to_string());
        assert!(spec(serde_json::json!({ "method": "generalised" })).unwrap_err().contains("option 'p'"));
        assert!(spec(serde_json::json!({ "method": { "3": "generalized" }, "p": 0 })).unwrap_err().contains("p = 0 would be the geometric mean"));
        assert_eq!(spec(serde_json::json!({ "method": "generalised", "p": -1 })).unwrap().p, -1.0);
    }
}
