//! Impute: fill missing values (COINr `Impute`, `i_mean`, `i_median`, `i_mean_grp`,
//! `i_median_grp`, and `impute_panel` for the latest earlier year).

use std::collections::HashMap;

use crate::dataset::Dataset;
use crate::error::{ErrorKind, Result};
use super::Context;
use crate::pipeline::Options;
use crate::stats;
use crate::warning::WarningKind;

/// How missing values are filled.
#[derive(Debug, Clone, PartialEq)]
pub enum Impute {
    /// Leave them missing.
    None,
    /// The indicator's mean over the units of the same year.
    Mean,
    /// The indicator's median over the units of the same year.
    Median,
    /// The indicator's mean over the units of the same group (a `*_group` column) and year.
    MeanGroup(String),
    /// The indicator's median over the units of the same group and year.
    MedianGroup(String),
    /// The unit's own value in the latest earlier year (panel data).
    Latest,
}

impl Impute {
    /// Reads the step's options: `method` (default `mean`) and `group` for the group methods.
    ///
    /// # Errors
    /// An unknown method, a group method without `group`, or an unknown option.
    pub fn from_options(opts: &mut Options) -> Result<Impute> {
        let method = opts.string("method")?.unwrap_or_else(|| "mean".into());
        let group = opts.string("group")?;
        let need_group = |group: Option<String>| {
            group.ok_or_else(|| ErrorKind::BadOption {
                option: "group".into(),
                reason: format!("method '{method}' needs the name of a *_group column of iData"),
            })
        };
        let out = match method.as_str() {
            "none" => Impute::None,
            "mean" => Impute::Mean,
            "median" => Impute::Median,
            "mean_group" => Impute::MeanGroup(need_group(group)?),
            "median_group" => Impute::MedianGroup(need_group(group)?),
            "latest" => Impute::Latest,
            _ => {
                return Err(ErrorKind::UnknownMethod {
                    method,
                    expected: "none, mean, median, mean_group, median_group or latest".into(),
                }
                .into());
            }
        };
        opts.finish()?;
        Ok(out)
    }

    /// Fills the missing values of every data set.
    ///
    /// # Errors
    /// [`ErrorKind::UnknownGroup`] for a group column that iData does not have.
    pub fn run(&self, data: &mut [Dataset], ctx: &Context) -> Result<Vec<WarningKind>> {
        if let Impute::MeanGroup(g) | Impute::MedianGroup(g) = self {
            if ctx.idata.group(g).is_none() {
                return Err(ErrorKind::UnknownGroup { group: g.clone() }.into());
            }
        }
        let missing: usize = data.iter().flat_map(|d| &d.columns).map(|c| c.values.iter().filter(|v| v.is_none()).count()).sum();
        if missing == 0 || *self == Impute::None {
            let reason = if missing == 0 { "no value is missing: nothing to impute" } else { "method 'none': missing values stay missing" };
            return Ok(vec![WarningKind::NoChange { reason: reason.into() }]);
        }
        match self {
            Impute::None => {}
            Impute::Mean | Impute::Median => {
                for set in data.iter_mut() {
                    let groups = vec![0; set.rows.len()];
                    fill_by_group(set, &groups, self == &Impute::Mean);
                }
            }
            Impute::MeanGroup(g) | Impute::MedianGroup(g) => {
                let column = ctx.idata.group(g).ok_or_else(|| ErrorKind::UnknownGroup { group: g.clone() })?;
                for set in data.iter_mut() {
                    let mut ids = HashMap::new();
                    let groups: Vec<usize> = set.rows.iter().map(|&r| id(&mut ids, column[r].as_deref())).collect();
                    fill_by_group(set, &groups, matches!(self, Impute::MeanGroup(_)));
                }
            }
            Impute::Latest => fill_from_earlier(data, ctx),
        }
        Ok(still_missing(data, ctx))
    }
}

/// Fills each missing value with the mean (or median) of the present values of its group.
fn fill_by_group(set: &mut Dataset, groups: &[usize], use_mean: bool) {
    let n_groups = groups.iter().max().map_or(0, |m| m + 1);
    let mut members: Vec<Vec<f64>> = vec![Vec::new(); n_groups];
    for col in set.columns.iter_mut().filter(|c| c.values.iter().any(Option::is_none)) {
        members.iter_mut().for_each(Vec::clear);
        for (v, &g) in col.values.iter().zip(groups) {
            if let Some(x) = v {
                members[g].push(*x);
            }
        }
        let fills: Vec<Option<f64>> = members.iter().map(|x| if use_mean { stats::mean(x) } else { stats::median(x) }).collect();
        for (v, &g) in col.values.iter_mut().zip(groups) {
            if v.is_none() {
                *v = fills[g];
            }
        }
    }
}

/// Fills each missing value with the unit's value in the latest earlier year that has one.
fn fill_from_earlier(data: &mut [Dataset], ctx: &Context) {
    let mut codes = HashMap::new();
    let unit_of: Vec<usize> = ctx.idata.units().iter().map(|u| id(&mut codes, Some(u.code.as_str()))).collect();
    // the latest value so far, by iCode, then by unit
    let mut latest: HashMap<String, Vec<Option<f64>>> = HashMap::new();
    for set in data.iter_mut() {
        for col in &mut set.columns {
            let seen = latest.entry(col.code.clone()).or_insert_with(|| vec![None; codes.len()]);
            for (v, &r) in col.values.iter_mut().zip(&set.rows) {
                match *v {
                    Some(x) => seen[unit_of[r]] = Some(x),
                    None => *v = seen[unit_of[r]],
                }
            }
        }
    }
}

/// A small number for each distinct name, in order of first appearance (0, 1, 2, ...).
fn id<'a>(ids: &mut HashMap<Option<&'a str>, usize>, name: Option<&'a str>) -> usize {
    let next = ids.len();
    *ids.entry(name).or_insert(next)
}

fn still_missing(data: &[Dataset], ctx: &Context) -> Vec<WarningKind> {
    let mut out = Vec::new();
    for set in data {
        for col in &set.columns {
            let units: Vec<String> = col
                .values
                .iter()
                .zip(&set.rows)
                .filter(|(v, _)| v.is_none())
                .map(|(_, &r)| ctx.idata.units()[r].code.clone())
                .collect();
            if !units.is_empty() {
                out.push(WarningKind::StillMissing { indicator: col.code.clone(), time: set.time, units });
            }
        }
    }
    out
}
