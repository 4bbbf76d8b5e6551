//! Aggregate: score each aggregate from its children, level by level (COINr `Aggregate`,
//! `a_amean`, `a_gmean`, `a_hmean`).
//!
//! Missing children are skipped and the weights of the others renormalised. A unit whose share
//! of children with values is below `min_availability` gets no score for that aggregate.


use serde_json::Value;

use crate::dataset::{Column, Dataset};
use crate::error::{ErrorKind, Result};
use super::Context;
use crate::pipeline::Options;
use crate::warning::WarningKind;

/// A weighted mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mean {
    /// `sum(w x) / sum(w)`.
    Arithmetic,
    /// `exp(sum(w ln x) / sum(w))`; needs values above zero.
    Geometric,
    /// `sum(w) / sum(w / x)`; needs values above zero.
    Harmonic,
}

impl Mean {
    fn parse(name: &str) -> Result<Mean> {
        match name {
            "arithmetic" => Ok(Mean::Arithmetic),
            "geometric" => Ok(Mean::Geometric),
            "harmonic" => Ok(Mean::Harmonic),
            _ => Err(ErrorKind::UnknownMethod { method: name.into(), expected: "arithmetic, geometric or harmonic".into() }.into()),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Mean::Arithmetic => "arithmetic",
            Mean::Geometric => "geometric",
            Mean::Harmonic => "harmonic",
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
}

impl Aggregate {
    /// Reads the step's options: `method`, either a name (`arithmetic`, the default,
    /// `geometric`, `harmonic`) or an object from level to name such as
    /// `{"2": "arithmetic", "3": "geometric"}`, and `min_availability`.
    ///
    /// # Errors
    /// Unknown methods, levels that are not numbers, a share outside 0 to 1, unknown options.
    pub fn from_options(opts: &mut Options) -> Result<Aggregate> {
        let mut method = Mean::Arithmetic;
        let mut levels = Vec::new();
        match opts.take("method") {
            None => {}
            Some(Value::String(s)) => method = Mean::parse(&s)?,
            Some(Value::Object(map)) => {
                for (level, name) in map {
                    let l: u32 = level.parse().ok().filter(|&l| l >= 2).ok_or_else(|| ErrorKind::BadOption {
                        option: "method".into(),
                        reason: format!("'{level}' is not a level of aggregates (use 2, 3, ...)"),
                    })?;
                    let Value::String(name) = name else {
                        return Err(ErrorKind::BadOption { option: format!("method.{level}"), reason: "use a method name".into() }.into());
                    };
                    levels.push((l, Mean::parse(&name)?));
                }
            }
            Some(_) => {
                return Err(ErrorKind::BadOption {
                    option: "method".into(),
                    reason: "use a name such as \"arithmetic\", or an object such as {\"2\": \"arithmetic\", \"3\": \"geometric\"}".into(),
                }
                .into());
            }
        }
        let min_availability = opts.share("min_availability")?.unwrap_or(0.0);
        opts.finish()?;
        Ok(Aggregate { method, levels, min_availability })
    }

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
                        if mean != Mean::Arithmetic {
                            if let Some(&(child, value, _)) = present.iter().find(|(_, v, _)| *v <= 0.0) {
                                let unit = &ctx.idata.units()[r];
                                return Err(ErrorKind::NonPositiveMean {
                                    aggregate: agg.code.clone(),
                                    unit: unit.code.clone(),
                                    time: unit.time,
                                    child: child.into(),
                                    value,
                                    method: mean.name().into(),
                                }
                                .into());
                            }
                        }
                        values.push(weighted_mean(mean, &present));
                    }
                    set.columns.push(Column { code: agg.code.clone(), values });
                }
            }
        }
        Ok(warnings)
    }
}

/// The weighted mean of `(name, value, weight)`; `None` when the weights add up to zero.
fn weighted_mean(mean: Mean, x: &[(&str, f64, f64)]) -> Option<f64> {
    let sw: f64 = x.iter().map(|(_, _, w)| w).sum();
    if sw <= 0.0 {
        return None;
    }
    Some(match mean {
        Mean::Arithmetic => x.iter().map(|(_, v, w)| w * v).sum::<f64>() / sw,
        Mean::Geometric => (x.iter().map(|(_, v, w)| w * v.ln()).sum::<f64>() / sw).exp(),
        Mean::Harmonic => sw / x.iter().map(|(_, v, w)| w / v).sum::<f64>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_means_by_hand() {
        let x = [("a", 1.0, 1.0), ("b", 4.0, 3.0)];
        // (1 + 12) / 4
        assert_eq!(weighted_mean(Mean::Arithmetic, &x), Some(3.25));
        // exp((0 + 3 ln 4) / 4) = 4^(3/4)
        assert!((weighted_mean(Mean::Geometric, &x).unwrap() - 4f64.powf(0.75)).abs() < 1e-12);
        // 4 / (1 + 3/4)
        assert!((weighted_mean(Mean::Harmonic, &x).unwrap() - 4.0 / 1.75).abs() < 1e-12);
        assert_eq!(weighted_mean(Mean::Arithmetic, &[("a", 5.0, 0.0)]), None);
    }
}
