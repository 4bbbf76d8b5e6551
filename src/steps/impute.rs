//! Impute: fill missing values (COINr `Impute`, `i_mean`, `i_median`, `i_mean_grp`,
//! `i_median_grp`, and `impute_panel` for the latest earlier year).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::dataset::Dataset;
use crate::error::{Error, ErrorKind, Result};
use super::Context;
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

/// The impute step's methods, for messages.
pub const METHODS: &str = "none, mean, median, mean_group, median_group or latest";

/// An imputation method by the name scripts use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ImputeMethod {
    /// `"none"`: leave missing values missing.
    #[serde(rename = "none")]
    None,
    /// `"mean"` (the default).
    #[default]
    #[serde(rename = "mean")]
    Mean,
    /// `"median"`.
    #[serde(rename = "median")]
    Median,
    /// `"mean_group"`: needs `group`.
    #[serde(rename = "mean_group")]
    MeanGroup,
    /// `"median_group"`: needs `group`.
    #[serde(rename = "median_group")]
    MedianGroup,
    /// `"latest"`: the latest earlier year (panel data).
    #[serde(rename = "latest")]
    Latest,
}

/// The impute step's options as scripts write them:
/// `{"method": "mean_group", "group": "Region_group"}`. Absent or null means the default.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an object such as {\"method\": \"mean_group\", \"group\": \"Region_group\"}")]
pub struct ImputeSpec {
    /// The method (default `mean`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<ImputeMethod>,
    /// The `*_group` column of iData that the group methods group by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// Checks the options: the group methods need `group`.
impl TryFrom<ImputeSpec> for Impute {
    type Error = Error;

    fn try_from(spec: ImputeSpec) -> Result<Impute> {
        let need_group = |method: &str| {
            spec.group.clone().ok_or_else(|| ErrorKind::BadOption {
                option: "group".into(),
                reason: format!("method '{method}' needs the name of a *_group column of iData"),
            })
        };
        Ok(match spec.method.unwrap_or_default() {
            ImputeMethod::None => Impute::None,
            ImputeMethod::Mean => Impute::Mean,
            ImputeMethod::Median => Impute::Median,
            ImputeMethod::MeanGroup => Impute::MeanGroup(need_group("mean_group")?),
            ImputeMethod::MedianGroup => Impute::MedianGroup(need_group("median_group")?),
            ImputeMethod::Latest => Impute::Latest,
        })
    }
}

impl Impute {
    /// Fills the missing values of every data set.
    ///
    /// # Errors
    /// [`ErrorKind::UnknownGroup`] for a group column that iData does not have.
    pub fn run(&self, data: &mut [Dataset], ctx: &Context) -> Result<Vec<WarningKind>> {
        if let Impute::MeanGroup(g) | Impute::MedianGroup(g) = self
            && ctx.idata.group(g).is_none()
        {
            return Err(ErrorKind::UnknownGroup { group: g.clone() }.into());
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
