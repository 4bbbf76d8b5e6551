//! The statistical audit of an index, as the JRC audits one before endorsing it (COINr
//! `get_corr`, `get_cronbach`, `get_PCA`, `get_eff_weights`, `remove_elements`, `a_copeland`):
//! are a pillar's indicators coherent, does each pillar drive the index, are the nominal
//! weights the effective ones?
//!
//! Each function scores the input with its pipeline, then reads one data set (by default
//! Aggregated, which holds the indicators' normalised scores and every aggregate). On panel
//! data it reads one year's: `time`, by default the latest.

use serde::{Deserialize, Serialize};

use crate::dataset::{Column, Dataset, IData};
use crate::error::Result;
use crate::framework::{Element, ElementType, Framework};
use crate::pipeline::{Output, Pipeline};
use crate::stats;
use crate::steps::bad_option;

use super::MAX_VALUES;

/// A correlation method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CorrelationMethod {
    /// Pearson's product-moment correlation (the default).
    #[default]
    Pearson,
    /// Spearman's rank correlation (average ranks for ties).
    Spearman,
    /// Kendall's tau-b.
    Kendall,
}

/// One level, or two: `2` or `[1, 2]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Levels {
    /// Every pair of elements of this level.
    One(u32),
    /// The elements of the first level against those of the second.
    Two([u32; 2]),
}

/// The options of [`correlations`]: `{ dataset, time, levels, method, withParent }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CorrelationSpec {
    /// The data set the values are read from (default "Aggregated").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dataset: Option<String>,
    /// Panel data: the year (default the latest).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<i64>,
    /// The level(s) (default 1: every pair of indicators).
    #[serde(default = "level_one")]
    pub levels: Levels,
    /// The coefficient (default Pearson).
    #[serde(default)]
    pub method: CorrelationMethod,
    /// Only each element of the lower level with its parent (or ancestor) at the higher one.
    #[serde(default)]
    pub with_parent: bool,
}

fn level_one() -> Levels {
    Levels::One(1)
}

/// One coefficient: `{ x, y, r }`, `r` null when either element has no spread over the units
/// that have both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correlation {
    /// iCode of the lower (or earlier) element.
    pub x: String,
    /// iCode of the other.
    pub y: String,
    /// The coefficient over the units that have values of both.
    pub r: Option<f64>,
}

/// The options of [`cronbach`] and [`pca`]: `{ dataset, time, level, group }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    /// The data set the values are read from (default "Aggregated").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dataset: Option<String>,
    /// Panel data: the year (default the latest).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<i64>,
    /// The level of the elements (default 1).
    #[serde(default = "one")]
    pub level: u32,
    /// Only the elements under this aggregate (default: every element of the level).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

fn one() -> u32 {
    1
}

/// Principal components: `{ variance, loadings }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Components {
    /// The share of the variance each component explains, largest first.
    pub variance: Vec<f64>,
    /// Each element's loadings on the components.
    pub loadings: Vec<Loadings>,
    /// The number of units with values of every element (the complete cases used).
    pub units: usize,
}

/// One element's loadings: `{ iCode, values }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Loadings {
    /// The element.
    #[serde(rename = "iCode")]
    pub code: String,
    /// Its loading on each component.
    pub values: Vec<f64>,
}

/// One element's weight: `{ iCode, level, weight, effective }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EffectiveWeight {
    /// The element.
    #[serde(rename = "iCode")]
    pub code: String,
    /// Its level.
    pub level: u32,
    /// Its weight in iMeta (or as chosen).
    pub weight: f64,
    /// Its share of the index: its weight within its siblings, times its parent's share.
    pub effective: f64,
}

/// The options of [`remove_elements`] and [`copeland`]: `{ dataset, time, level }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelSpec {
    /// The data set the values are read from (default "Aggregated").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dataset: Option<String>,
    /// Panel data: the year (default the latest).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<i64>,
    /// The level (default 2: the pillars).
    #[serde(default = "two")]
    pub level: u32,
}

fn two() -> u32 {
    2
}

/// What removing one element does to the ranks of the index: `{ iCode, meanAbsRankChange }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Removal {
    /// The element removed.
    #[serde(rename = "iCode")]
    pub code: String,
    /// The mean over the units of |nominal rank - rank without the element|.
    pub mean_abs_rank_change: Option<f64>,
}

/// A unit's Copeland score: `{ uCode, score }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopelandScore {
    /// The unit.
    #[serde(rename = "uCode")]
    pub unit: String,
    /// Its wins less its losses against the other units (null without a value).
    pub score: Option<f64>,
}

/// The data set named `name` (default Aggregated), of year `time` (default the latest), from
/// a run.
fn dataset<'a>(out: &'a Output, name: Option<&str>, time: Option<i64>) -> Result<&'a Dataset> {
    let name = name.unwrap_or("Aggregated");
    let sets = out.dataset(name).ok_or_else(|| {
        let written: Vec<&str> = out.datasets.keys().map(String::as_str).collect();
        bad_option("dataset", &format!("the pipeline writes no data set '{name}' (it writes {})", written.join(", ")))
    })?;
    match time {
        None => sets.last().ok_or_else(|| bad_option("dataset", &format!("the data set '{name}' is empty"))),
        Some(t) => sets.iter().find(|s| s.time == Some(t)).ok_or_else(|| bad_option("time", &format!("the data have no year {t}"))),
    }
}

/// The elements of `level` (under `group`, at any depth, when given), in iMeta order.
fn elements<'a>(framework: &'a Framework, level: u32, group: Option<&str>) -> Result<Vec<&'a Element>> {
    if let Some(g) = group
        && framework.get(g).is_none_or(|e| e.kind != ElementType::Aggregate)
    {
        return Err(bad_option("group", &format!("'{g}' is not an aggregate of the framework")));
    }
    let under = |e: &Element| {
        let mut parent = e.parent.as_deref();
        while let Some(p) = parent {
            if Some(p) == group {
                return true;
            }
            parent = framework.get(p).and_then(|e| e.parent.as_deref());
        }
        false
    };
    let found: Vec<&Element> = framework
        .elements()
        .iter()
        .filter(|e| matches!(e.kind, ElementType::Indicator | ElementType::Aggregate) && e.level == level)
        .filter(|e| group.is_none() || under(e))
        .collect();
    if found.is_empty() {
        let place = group.map(|g| format!(" under '{g}'")).unwrap_or_default();
        return Err(bad_option("level", &format!("the framework has no element at level {level}{place}")));
    }
    Ok(found)
}

/// The columns of `elements` in `set`.
fn columns<'a>(set: &'a Dataset, elements: &[&Element], name: &str) -> Result<Vec<&'a Column>> {
    elements
        .iter()
        .map(|e| set.column(&e.code).ok_or_else(|| bad_option("dataset", &format!("the data set '{name}' has no column '{}' (aggregates are in 'Aggregated')", e.code))))
        .collect()
}

fn dataset_name(name: Option<&str>) -> &str {
    name.unwrap_or("Aggregated")
}

/// Refuses an audit that would compute more than [`MAX_VALUES`] values (`values`, counted as
/// `how`) before it starts, as analyses are refused (see [`super::check_limits`]): beyond it,
/// it would run for minutes. `option` is what to change.
fn within_limit(values: usize, how: &str, option: &str) -> Result<()> {
    if values <= MAX_VALUES {
        return Ok(());
    }
    Err(bad_option(option, &format!("this audit would compute {values} values ({how}); the limit is {MAX_VALUES}: audit a level with fewer elements, or fewer units")))
}

/// Correlations between the elements of one level, or of two levels (COINr `get_corr` with
/// `pval = 0`): every pair once (`x` before `y` in iMeta order) within one level; every
/// element of the lower level against every one of the higher, or only against its own
/// ancestor when `with_parent`. Over the units that have values of both (pairwise complete).
///
/// # Errors
/// The pipeline's; a data set, year, level or element that is not there.
pub fn correlations(framework: &Framework, idata: &IData, pipeline: &Pipeline, spec: &CorrelationSpec) -> Result<Vec<Correlation>> {
    correlations_in(framework, &crate::run(framework, idata, pipeline)?, spec)
}

/// [`correlations`] of a run made.
fn correlations_in(framework: &Framework, out: &Output, spec: &CorrelationSpec) -> Result<Vec<Correlation>> {
    let set = dataset(out, spec.dataset.as_deref(), spec.time)?;
    let name = dataset_name(spec.dataset.as_deref());
    let coefficient = |x: &Column, y: &Column| {
        let (a, b) = stats::complete_pairs(&x.values, &y.values);
        match spec.method {
            CorrelationMethod::Pearson => stats::pearson(&a, &b),
            CorrelationMethod::Spearman => stats::spearman(&a, &b),
            CorrelationMethod::Kendall => stats::kendall(&a, &b),
        }
    };
    let pair = |x: &Element, cx: &Column, y: &Element, cy: &Column| Correlation { x: x.code.clone(), y: y.code.clone(), r: coefficient(cx, cy) };
    let (low, high) = match spec.levels {
        Levels::One(l) => (l, l),
        Levels::Two([a, b]) => (a.min(b), a.max(b)),
    };
    let lower = elements(framework, low, None)?;
    let lower_columns = columns(set, &lower, name)?;
    let units = set.rows.len();
    if low == high {
        if spec.with_parent {
            return Err(bad_option("withParent", "correlating with the parent needs two levels, as in levels: [1, 2]"));
        }
        let pairs = lower.len() * lower.len().saturating_sub(1) / 2;
        within_limit(pairs.saturating_mul(units), "pairs x units", "levels")?;
        let mut out = Vec::new();
        for (i, (x, cx)) in lower.iter().zip(&lower_columns).enumerate() {
            for (y, cy) in lower.iter().zip(&lower_columns).skip(i + 1) {
                out.push(pair(x, cx, y, cy));
            }
        }
        return Ok(out);
    }
    let higher = elements(framework, high, None)?;
    let higher_columns = columns(set, &higher, name)?;
    let pairs = if spec.with_parent { lower.len() } else { lower.len().saturating_mul(higher.len()) };
    within_limit(pairs.saturating_mul(units), "pairs x units", "levels")?;
    let ancestor = |e: &Element| {
        let mut at = framework.get(&e.code);
        while let Some(a) = at {
            if a.level >= high {
                return Some(a.code.clone());
            }
            at = a.parent.as_deref().and_then(|p| framework.get(p));
        }
        None
    };
    let mut out = Vec::new();
    for (x, cx) in lower.iter().zip(&lower_columns) {
        let own = ancestor(x);
        for (y, cy) in higher.iter().zip(&higher_columns) {
            if !spec.with_parent || own.as_deref() == Some(y.code.as_str()) {
                out.push(pair(x, cx, y, cy));
            }
        }
    }
    Ok(out)
}

/// Cronbach's alpha of the elements of a level (under a group), as COINr `get_cronbach`:
/// `k^2 * mean off-diagonal covariance / sum of all covariances`, the covariances over pairwise
/// complete units. `None` when it cannot be computed (fewer than two elements, no variance).
///
/// # Errors
/// As [`correlations`].
pub fn cronbach(framework: &Framework, idata: &IData, pipeline: &Pipeline, spec: &GroupSpec) -> Result<Option<f64>> {
    cronbach_in(framework, &crate::run(framework, idata, pipeline)?, spec)
}

/// [`cronbach`] of a run made.
fn cronbach_in(framework: &Framework, out: &Output, spec: &GroupSpec) -> Result<Option<f64>> {
    let set = dataset(out, spec.dataset.as_deref(), spec.time)?;
    let found = elements(framework, spec.level, spec.group.as_deref())?;
    let cols = columns(set, &found, dataset_name(spec.dataset.as_deref()))?;
    within_limit(cols.len().saturating_mul(cols.len()).saturating_mul(set.rows.len()), "elements x elements x units", "level")?;
    let k = cols.len() as f64;
    if cols.len() < 2 {
        return Ok(None);
    }
    let (mut all, mut diagonal) = (0.0, 0.0);
    for (i, x) in cols.iter().enumerate() {
        for (j, y) in cols.iter().enumerate() {
            let (a, b) = stats::complete_pairs(&x.values, &y.values);
            // R's sum(na.rm = TRUE): a covariance that cannot be computed counts as none
            let Some(c) = stats::cov(&a, &b) else { continue };
            all += c;
            if i == j {
                diagonal += c;
            }
        }
    }
    let off_diagonal_mean = (all - diagonal) / (k * (k - 1.0));
    let alpha = k * k * off_diagonal_mean / all;
    Ok(alpha.is_finite().then_some(alpha))
}

/// Principal components of the elements of a level (under a group), as COINr `get_PCA` (R's
/// `prcomp(center = TRUE, scale = TRUE)`) on the units with values of every element: the
/// eigenvalues and eigenvectors of their correlation matrix. The sign of a component is
/// arbitrary; each is given the sign that makes its loadings sum to a positive number.
///
/// # Errors
/// As [`correlations`]; fewer than two complete units, or an element without spread over them.
pub fn pca(framework: &Framework, idata: &IData, pipeline: &Pipeline, spec: &GroupSpec) -> Result<Components> {
    pca_in(framework, &crate::run(framework, idata, pipeline)?, spec)
}

/// [`pca`] of a run made.
fn pca_in(framework: &Framework, out: &Output, spec: &GroupSpec) -> Result<Components> {
    let set = dataset(out, spec.dataset.as_deref(), spec.time)?;
    let found = elements(framework, spec.level, spec.group.as_deref())?;
    let cols = columns(set, &found, dataset_name(spec.dataset.as_deref()))?;
    let k = cols.len();
    within_limit(k.saturating_mul(k).saturating_mul(set.rows.len() + k), "elements x elements x (units + elements)", "level")?;
    let complete: Vec<usize> = (0..set.rows.len()).filter(|&r| cols.iter().all(|c| c.values[r].is_some())).collect();
    let n = complete.len();
    if n < 2 {
        return Err(bad_option("level", &format!("principal components need two units with values of every element; {n} have them")));
    }
    // standardised values, element by element
    let mut z: Vec<Vec<f64>> = Vec::with_capacity(cols.len());
    for (c, e) in cols.iter().zip(&found) {
        let x: Vec<f64> = complete.iter().filter_map(|&r| c.values[r]).collect();
        let (m, v) = (stats::mean(&x), stats::var(&x));
        let (Some(m), Some(v)) = (m, v.filter(|&v| v > 0.0)) else {
            return Err(bad_option("level", &format!("'{}' has the same value for every unit used, so it cannot be standardised", e.code)));
        };
        let sd = v.sqrt();
        z.push(x.iter().map(|v| (v - m) / sd).collect());
    }
    let correlation = nalgebra::DMatrix::from_fn(k, k, |i, j| z[i].iter().zip(&z[j]).map(|(a, b)| a * b).sum::<f64>() / (n as f64 - 1.0));
    let eigen = nalgebra::SymmetricEigen::new(correlation);
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| eigen.eigenvalues[b].total_cmp(&eigen.eigenvalues[a]));
    // as prcomp: at most n components (the others have no variance)
    order.truncate(n.min(k));
    let values: Vec<f64> = order.iter().map(|&i| eigen.eigenvalues[i].max(0.0)).collect();
    let total: f64 = values.iter().sum();
    let signs: Vec<f64> = order.iter().map(|&i| if eigen.eigenvectors.column(i).sum() < 0.0 { -1.0 } else { 1.0 }).collect();
    let loadings = found
        .iter()
        .enumerate()
        .map(|(row, e)| Loadings { code: e.code.clone(), values: order.iter().zip(&signs).map(|(&i, s)| s * eigen.eigenvectors[(row, i)]).collect() })
        .collect();
    Ok(Components { variance: values.iter().map(|v| v / total).collect(), loadings, units: n })
}

/// Each element's effective weight in the index, as COINr `get_eff_weights`: its weight over
/// the sum of its siblings' (the top level's elements over theirs), times its parent's
/// effective weight, from the top down. Every element, in iMeta order.
pub fn effective_weights(framework: &Framework) -> Vec<EffectiveWeight> {
    let scored: Vec<&Element> = framework.elements().iter().filter(|e| matches!(e.kind, ElementType::Indicator | ElementType::Aggregate)).collect();
    let weight = |e: &Element| framework.weight(&e.code).unwrap_or(e.weight);
    let siblings = |e: &Element| -> f64 { scored.iter().filter(|s| s.parent == e.parent && (e.parent.is_some() || s.level == e.level)).map(|s| weight(s)).sum() };
    let share = |e: &Element| {
        let mut share = 1.0;
        let mut at = Some(e);
        while let Some(a) = at {
            share *= weight(a) / siblings(a);
            at = a.parent.as_deref().and_then(|p| framework.get(p));
        }
        share
    };
    scored.iter().map(|e| EffectiveWeight { code: e.code.clone(), level: e.level, weight: weight(e), effective: share(e) }).collect()
}

/// What removing each element of a level does to the index (COINr `remove_elements`): its
/// weight is set to zero, the pipeline run again, and the index's ranks ("min" ties, highest
/// first) compared with the nominal ones; the mean of the absolute changes over the units
/// ranked both times.
///
/// # Errors
/// As [`correlations`]; a level that is the index's own.
pub fn remove_elements(framework: &Framework, idata: &IData, pipeline: &Pipeline, spec: &LevelSpec) -> Result<Vec<Removal>> {
    let top = framework.top().ok_or_else(|| bad_option("level", "the framework has no index"))?;
    if spec.level >= top.level {
        return Err(bad_option("level", &format!("use a level below the index's ({}), such as 2 for the pillars", top.level)));
    }
    let ranks = |framework: &Framework| -> Result<Vec<Option<f64>>> {
        let out = crate::run(framework, idata, pipeline)?;
        let set = dataset(&out, spec.dataset.as_deref(), spec.time)?;
        let index = columns(set, &[top], dataset_name(spec.dataset.as_deref()))?[0];
        Ok(stats::rank_min(&index.values, true))
    };
    let removed = elements(framework, spec.level, None)?;
    let run = idata.units().len().saturating_mul(framework.indicators().count());
    within_limit((removed.len() + 1).saturating_mul(run), "runs x rows x indicators, a run for each element and one more", "level")?;
    let nominal = ranks(framework)?;
    removed
        .into_iter()
        .map(|e| {
            let without = ranks(&framework.with_weight(&e.code, 0.0))?;
            let changes: Vec<f64> = nominal.iter().zip(&without).filter_map(|(a, b)| Some(((*a)? - (*b)?).abs())).collect();
            Ok(Removal { code: e.code.clone(), mean_abs_rank_change: stats::mean(&changes) })
        })
        .collect()
}

/// Each unit's Copeland score over all the elements of a level, weighted as in iMeta (COINr
/// `a_copeland` on that level's data; see [`crate::steps::aggregate`]). A unit without a value
/// of any of them has no score.
///
/// # Errors
/// As [`correlations`].
pub fn copeland(framework: &Framework, idata: &IData, pipeline: &Pipeline, spec: &LevelSpec) -> Result<Vec<CopelandScore>> {
    let out = crate::run(framework, idata, pipeline)?;
    let set = dataset(&out, spec.dataset.as_deref(), spec.time)?;
    let found = elements(framework, spec.level, None)?;
    let cols = columns(set, &found, dataset_name(spec.dataset.as_deref()))?;
    within_limit(set.rows.len().saturating_mul(set.rows.len()).saturating_mul(cols.len()), "units x units x elements", "level")?;
    let children: Vec<(&Column, f64)> = cols.iter().zip(&found).map(|(c, e)| (*c, framework.weight(&e.code).unwrap_or(e.weight))).collect();
    let scored: Vec<Option<f64>> = (0..set.rows.len()).map(|r| cols.iter().any(|c| c.values[r].is_some()).then_some(0.0)).collect();
    let scores = crate::steps::aggregate::copeland(&children, &scored);
    Ok(set.rows.iter().zip(scores).map(|(&r, score)| CopelandScore { unit: idata.units()[r].code.clone(), score }).collect())
}

/// The audit the scorecard shows, of the pillars (the aggregates of level 2) in one year's
/// Aggregated data set: `{ index, pillars }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The index's iCode.
    pub index: String,
    /// Each pillar, in iMeta order.
    pub pillars: Vec<PillarAudit>,
}

/// One pillar's audit: `{ iCode, alpha, pc1, withIndex, nominal, effective, rankChange,
/// indicators, pairs }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PillarAudit {
    /// The pillar.
    #[serde(rename = "iCode")]
    pub code: String,
    /// Cronbach's alpha of its children (null when it cannot be computed).
    pub alpha: Option<f64>,
    /// The share of their variance that their first principal component explains (null when
    /// it cannot be computed: fewer than two children or complete units, a constant child).
    pub pc1: Option<f64>,
    /// Its Pearson correlation with the index.
    pub with_index: Option<f64>,
    /// Its weight as a share of its siblings' (the weight it is given).
    pub nominal: f64,
    /// Its effective weight in the index.
    pub effective: f64,
    /// The index's mean absolute rank change without it.
    pub rank_change: Option<f64>,
    /// Its children.
    pub indicators: Vec<ChildAudit>,
    /// The Pearson correlations of every pair of its children.
    pub pairs: Vec<Correlation>,
}

impl PillarAudit {
    /// The correlation of two of its children, in either order.
    pub fn r(&self, x: &str, y: &str) -> Option<f64> {
        self.pairs.iter().find(|p| (p.x == x && p.y == y) || (p.x == y && p.y == x)).and_then(|p| p.r)
    }
}

/// One child of a pillar: `{ iCode, withPillar, nominal, effective }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChildAudit {
    /// The child.
    #[serde(rename = "iCode")]
    pub code: String,
    /// Its Pearson correlation with its pillar.
    pub with_pillar: Option<f64>,
    /// Its weight as a share of its siblings'.
    pub nominal: f64,
    /// Its effective weight in the index.
    pub effective: f64,
}

/// The scorecard's audit ([`Report`]) of year `time` (on panel data; default the latest): the
/// functions above on one run, and one run more per pillar for its removal.
///
/// # Errors
/// The pipeline's, or one without an Aggregated data set.
pub fn report(framework: &Framework, idata: &IData, pipeline: &Pipeline, time: Option<i64>) -> Result<Report> {
    let out = crate::run(framework, idata, pipeline)?;
    let top = framework.top().ok_or_else(|| bad_option("level", "the framework has no index"))?;
    let set = dataset(&out, None, time)?;
    let weights = effective_weights(framework);
    let weight_of = |code: &str| weights.iter().find(|w| w.code == code);
    let nominal = |e: &Element| {
        let siblings: f64 = framework.elements().iter().filter(|s| s.parent == e.parent && s.parent.is_some()).filter_map(|s| framework.weight(&s.code)).sum();
        framework.weight(&e.code).map_or(0.0, |w| if siblings > 0.0 { w / siblings } else { 1.0 })
    };
    let pearson = |x: &str, y: &str| {
        let (a, b) = stats::complete_pairs(&set.column(x)?.values, &set.column(y)?.values);
        stats::pearson(&a, &b)
    };
    let removals = if top.level > 2 { remove_elements(framework, idata, pipeline, &LevelSpec { dataset: None, time, level: 2 })? } else { Vec::new() };
    let mut pillars = Vec::new();
    for pillar in elements(framework, 2, None)? {
        let children: Vec<&Element> = framework.children(&pillar.code).collect();
        let group = GroupSpec { dataset: None, time, level: pillar.level - 1, group: Some(pillar.code.clone()) };
        let alpha = cronbach_in(framework, &out, &group)?;
        let pc1 = pca_in(framework, &out, &group).ok().and_then(|c| c.variance.first().copied());
        let mut pairs = Vec::new();
        for (i, x) in children.iter().enumerate() {
            for y in &children[i + 1..] {
                pairs.push(Correlation { x: x.code.clone(), y: y.code.clone(), r: pearson(&x.code, &y.code) });
            }
        }
        let indicators = children
            .iter()
            .map(|c| ChildAudit { code: c.code.clone(), with_pillar: pearson(&c.code, &pillar.code), nominal: nominal(c), effective: weight_of(&c.code).map_or(0.0, |w| w.effective) })
            .collect();
        pillars.push(PillarAudit {
            code: pillar.code.clone(),
            alpha,
            pc1,
            with_index: pearson(&pillar.code, &top.code),
            nominal: nominal(pillar),
            effective: weight_of(&pillar.code).map_or(0.0, |w| w.effective),
            rank_change: removals.iter().find(|r| r.code == pillar.code).and_then(|r| r.mean_abs_rank_change),
            indicators,
            pairs,
        });
    }
    Ok(Report { index: top.code.clone(), pillars })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Pipeline, Table};

    fn case() -> (Framework, IData, Pipeline) {
        let imeta = "Level,iCode,Direction,Weight,Parent,Type\n1,a,1,1,P,Indicator\n1,b,1,1,P,Indicator\n1,c,1,2,Q,Indicator\n2,P,1,1,Index,Aggregate\n2,Q,1,1,Index,Aggregate\n3,Index,1,1,,Aggregate\n";
        let idata = "uCode,a,b,c\nX,1,2,3\nY,2,4,1\nZ,3,5,2\n";
        let framework = Framework::from_table(Table::from_csv("iMeta", imeta).unwrap()).unwrap();
        let idata = IData::from_table(Table::from_csv("iData", idata).unwrap(), &framework).unwrap();
        let pipeline = Pipeline::from_json(&serde_json::json!([{ "step": "normalise" }, { "step": "aggregate" }])).unwrap();
        (framework, idata, pipeline)
    }

    #[test]
    fn options_are_checked_with_their_names() {
        let unknown = serde_json::from_value::<CorrelationSpec>(serde_json::json!({ "level": 1 })).unwrap_err().to_string();
        assert!(unknown.contains("unknown field `level`"), "{unknown}");
        let (framework, idata, pipeline) = case();
        let spec = |v| serde_json::from_value::<GroupSpec>(v).unwrap();
        let e = cronbach(&framework, &idata, &pipeline, &spec(serde_json::json!({ "group": "a" }))).unwrap_err().to_string();
        assert!(e.contains("option 'group': 'a' is not an aggregate"), "{e}");
        let e = cronbach(&framework, &idata, &pipeline, &spec(serde_json::json!({ "level": 5 }))).unwrap_err().to_string();
        assert!(e.contains("no element at level 5"), "{e}");
        let e = pca(&framework, &idata, &pipeline, &spec(serde_json::json!({ "level": 2, "dataset": "Normalised" }))).unwrap_err().to_string();
        assert!(e.contains("has no column 'P' (aggregates are in 'Aggregated')"), "{e}");
        let with_parent = serde_json::from_value::<CorrelationSpec>(serde_json::json!({ "withParent": true })).unwrap();
        let e = correlations(&framework, &idata, &pipeline, &with_parent).unwrap_err().to_string();
        assert!(e.contains("option 'withParent'"), "{e}");
    }

    #[test]
    fn an_audit_beyond_the_limit_is_refused_before_it_starts() {
        // Copeland compares every pair of units on every element: 40,000 units x 40,000 x 1
        // is 1.6e9 comparisons, over the limit of 1e9
        let imeta = "Level,iCode,Direction,Weight,Parent,Type\n1,a,1,1,Index,Indicator\n2,Index,1,1,,Aggregate\n";
        let idata: String = std::iter::once("uCode,a\n".to_string()).chain((0..40_000).map(|u| format!("U{u},{}\n", u % 97))).collect();
        let framework = Framework::from_table(Table::from_csv("iMeta", imeta).unwrap()).unwrap();
        let idata = IData::from_table(Table::from_csv("iData", &idata).unwrap(), &framework).unwrap();
        let pipeline = Pipeline::from_json(&serde_json::json!([{ "step": "normalise" }, { "step": "aggregate" }])).unwrap();
        let level = serde_json::from_value::<LevelSpec>(serde_json::json!({ "level": 1 })).unwrap();
        let e = copeland(&framework, &idata, &pipeline, &level).unwrap_err().to_string();
        assert!(e.contains("option 'level': this audit would compute 1600000000 values (units x units x elements); the limit is 1000000000"), "{e}");
        // the other audits of the same data are within it: 40,000 units and one indicator
        let group = serde_json::from_value::<GroupSpec>(serde_json::json!({ "level": 1 })).unwrap();
        assert_eq!(cronbach(&framework, &idata, &pipeline, &group).unwrap(), None, "one element has no alpha");
        // and the limit is checked on the counts the audits are given
        assert!(within_limit(MAX_VALUES, "pairs x units", "levels").is_ok());
        let e = within_limit(MAX_VALUES + 1, "pairs x units", "levels").unwrap_err().to_string();
        assert!(e.contains("option 'levels': this audit would compute 1000000001 values (pairs x units)"), "{e}");
    }

    #[test]
    fn effective_weights_and_groups_by_hand() {
        let (framework, idata, pipeline) = case();
        // P and Q halve the index; a and b halve P; c is Q's only child
        let w: Vec<(String, f64)> = effective_weights(&framework).into_iter().map(|w| (w.code, w.effective)).collect();
        assert_eq!(w[..3], [("a".to_string(), 0.25), ("b".to_string(), 0.25), ("c".to_string(), 0.5)]);
        // the elements under P: a and b, whose normalised values (0, 50, 100) and (0, 66.7, 100)
        // correlate; alpha of two elements is 2 * 2 cov / (var + var + 2 cov)
        let group = serde_json::from_value::<GroupSpec>(serde_json::json!({ "group": "P" })).unwrap();
        let alpha = cronbach(&framework, &idata, &pipeline, &group).unwrap().unwrap();
        let (a, b) = ([0.0, 50.0, 100.0], [0.0, 200.0 / 3.0, 100.0]);
        let (va, vb, c) = (stats::var(&a).unwrap(), stats::var(&b).unwrap(), stats::cov(&a, &b).unwrap());
        assert!((alpha - 4.0 * c / (va + vb + 2.0 * c)).abs() < 1e-12, "{alpha}");
    }
}
