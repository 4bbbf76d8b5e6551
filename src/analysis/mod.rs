//! Uncertainty and sensitivity analysis: how much the scores and ranks depend on the choices
//! behind them (COINr `get_sensitivity`, `SA_sample`, `SA_estimate`; Saltelli et al., *Global
//! Sensitivity Analysis: The Primer*, 2008).
//!
//! Three pure stages: **sample** a design of points in [0, 1)^d (one coordinate per choice),
//! **run** the pipeline once per point with the choices it stands for, and **estimate**
//! statistics from the runs. The random numbers come from a seeded generator of our own
//! (SplitMix64 into xoshiro256**), so the same seed gives the same result on every platform.
//!
//! [`spec`](AnalysisSpec) holds what to vary, [`rng`](Rng) the generator; this file the runs
//! and the estimates.

pub mod audit;
mod rng;
mod spec;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::dataset::IData;
use crate::error::Result;
use crate::framework::{ElementType, Framework};
use crate::pipeline::{run_steps, run_steps_keeping, Datasets, Pipeline};
use crate::stats;
use crate::steps::Context;

pub use rng::Rng;
pub use spec::{AnalysisSpec, Choice};
use spec::bad;

/// Rank and score statistics of one unit (and year) over the runs: `{ uCode, Time (on panel
/// data), nominal, mean, median, q05, q95 }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// uCode.
    #[serde(rename = "uCode")]
    pub unit: String,
    /// Year, on panel data.
    #[serde(rename = "Time", skip_serializing_if = "Option::is_none")]
    pub time: Option<i64>,
    /// Value in the nominal run.
    pub nominal: Option<f64>,
    /// Mean over the runs.
    pub mean: Option<f64>,
    /// Median over the runs.
    pub median: Option<f64>,
    /// 5% quantile (R type 7).
    pub q05: Option<f64>,
    /// 95% quantile (R type 7).
    pub q95: Option<f64>,
}

/// The result of an uncertainty analysis: `{ units, scores, runs, failed, failure (when there
/// was one) }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Uncertainty {
    /// Ranks of each unit ("min" ties), over the runs.
    pub units: Vec<Interval>,
    /// Scores of the target, over the runs.
    pub scores: Vec<Interval>,
    /// Runs made.
    pub runs: usize,
    /// Runs whose pipeline failed for the choices drawn (left out of the statistics).
    pub failed: usize,
    /// The first failure's message, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
}

/// Variance-based sensitivity indices of one choice, with bootstrap 5–95% intervals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Index {
    /// The choice (`treat.winmax`, `weights.2`).
    pub choice: String,
    /// First-order index (Saltelli 2010 estimator).
    pub first: f64,
    /// Total index (Jansen estimator).
    pub total: f64,
    /// 5% bootstrap quantile of the first-order index.
    #[serde(deserialize_with = "nan_if_null")]
    pub first_q05: f64,
    /// 95% bootstrap quantile of the first-order index.
    #[serde(deserialize_with = "nan_if_null")]
    pub first_q95: f64,
    /// 5% bootstrap quantile of the total index.
    #[serde(deserialize_with = "nan_if_null")]
    pub total_q05: f64,
    /// 95% bootstrap quantile of the total index.
    #[serde(deserialize_with = "nan_if_null")]
    pub total_q95: f64,
}

/// A number that JSON wrote as null because it was NaN (a bootstrap quantile without a sample).
fn nan_if_null<'de, D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(deserializer)?.unwrap_or(f64::NAN))
}

/// The result of a sensitivity analysis: `{ choices: [{ choice, first, total, first_q05,
/// first_q95, total_q05, total_q95 }], variance, runs, failed, uncertainty }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sensitivity {
    /// One entry per choice, in the order of the spec.
    pub choices: Vec<Index>,
    /// Variance of the output (the mean absolute rank change) over the two base samples.
    pub variance: f64,
    /// Runs made: `n (d + 2)`.
    pub runs: usize,
    /// Runs whose pipeline failed.
    pub failed: usize,
    /// Rank and score intervals over the two base samples (`2n` runs).
    pub uncertainty: Uncertainty,
}

/// Values (units x columns, over the data sets kept) that the data sets shared by runs may
/// hold together ([`Model::reach`]): 4 million, 32 MB.
const REACHED_VALUES: usize = 4_000_000;

/// Entries of the data sets shared by runs, at most.
const REACHED_MOST: usize = 256;

/// The nominal run and what every other run starts from.
struct Model {
    framework: Framework,
    idata: IData,
    steps: Vec<Map<String, Value>>,
    choices: Vec<Choice>,
    /// Position in the pipeline of the step each choice varies.
    positions: Vec<usize>,
    /// Steps before the first varied one, run once.
    prefix: usize,
    /// Where the weights choices start to act (the first aggregation they vary), else the end
    /// of the pipeline: the data sets before this step depend only on the alternatives of the
    /// step choices before it, and are kept in `reached` for the runs that share them.
    stop: usize,
    /// The data sets after the steps `prefix..stop`, by the alternatives of the choices before
    /// `stop` (see [`Model::reach`]); what failed there, as the run tells it.
    reached: RefCell<HashMap<Vec<usize>, std::result::Result<Datasets, String>>>,
    /// How many entries `reached` may hold: its data sets take at most [`REACHED_VALUES`] values.
    reached_most: usize,
    /// Whether a step after the prefix reads a named data set (`from`).
    reads_back: bool,
    base: Datasets,
    target: String,
    /// The unit rows scored in the nominal run.
    rows: Vec<usize>,
    /// Positions in `rows` of each year's units (one group without Time).
    years: Vec<Vec<usize>>,
    /// Pipelines already built, by the alternative of each choice.
    pipelines: RefCell<HashMap<Vec<usize>, Rc<Pipeline>>>,
    nominal: Vec<Option<f64>>,
}

/// Scores of the target for each row of `Model::rows` in one run; `None` when the run failed.
type Run = std::result::Result<Vec<Option<f64>>, String>;

impl Model {
    fn new(framework: &Framework, idata: &IData, pipeline: &Pipeline, spec: &AnalysisSpec) -> Result<Model> {
        let steps: Vec<Map<String, Value>> = match pipeline.to_json() {
            Value::Array(items) => items.iter().filter_map(|v| v.as_object().cloned()).collect(),
            _ => Vec::new(),
        };
        let step_name = |m: &Map<String, Value>| match m.get("step").and_then(Value::as_str) {
            Some("normalize") => "normalise".to_string(),
            Some(s) => s.to_string(),
            None => String::new(),
        };
        let mut positions = Vec::new();
        for (i, c) in spec.choices.iter().enumerate() {
            let pos = match c {
                Choice::Step { step, .. } => steps.iter().position(|m| step_name(m) == *step),
                Choice::Weights { level, .. } => {
                    if !framework.elements().iter().any(|e| matches!(e.kind, ElementType::Indicator | ElementType::Aggregate) && e.level == *level) {
                        return Err(bad(format!("choices[{i}]: the framework has no level {level}")));
                    }
                    steps.iter().position(|m| step_name(m) == "aggregate")
                }
            };
            let Some(pos) = pos else {
                let name = match c {
                    Choice::Step { step, .. } => step.as_str(),
                    Choice::Weights { .. } => "aggregate",
                };
                return Err(bad(format!("choices[{i}]: the pipeline has no '{name}' step to vary")));
            };
            positions.push(pos);
        }
        let target = match &spec.target {
            Some(t) if framework.get(t).is_some_and(|e| matches!(e.kind, ElementType::Indicator | ElementType::Aggregate)) => t.clone(),
            Some(t) => return Err(bad(format!("target '{t}' is not an indicator or aggregate of iMeta"))),
            None => framework.top().map(|e| e.code.clone()).ok_or_else(|| bad("the framework has no aggregate: name a target".into()))?,
        };
        let prefix = positions.iter().copied().min().unwrap_or(0);
        let weighted = spec.choices.iter().zip(&positions).filter(|(c, _)| matches!(c, Choice::Weights { .. })).map(|(_, &p)| p);
        let stop = weighted.min().unwrap_or(steps.len()).max(prefix);
        let mut model = Model {
            framework: framework.clone(),
            idata: idata.clone(),
            steps,
            choices: spec.choices.clone(),
            positions,
            prefix,
            stop,
            reached: RefCell::default(),
            reached_most: 0,
            reads_back: false,
            base: Datasets::default(),
            target,
            rows: Vec::new(),
            nominal: Vec::new(),
            years: Vec::new(),
            pipelines: RefCell::default(),
        };
        // every alternative must make a valid pipeline: check each once, before any run
        for (i, c) in spec.choices.iter().enumerate() {
            if let Choice::Step { values, .. } = c {
                for j in 0..values.len() {
                    let mut point = vec![0.0; spec.choices.len()];
                    point[i] = (j as f64 + 0.5) / values.len() as f64;
                    model.pipeline(&point).map_err(|e| bad(format!("choices[{i}].values[{j}]: {e}")))?;
                }
            }
        }
        let head = Pipeline::from_json(&Value::Array(model.steps[..prefix].iter().cloned().map(Value::Object).collect()))?;
        let mut base = Datasets::from([("Raw".into(), idata.raw().to_vec())]);
        run_steps(&Context { framework, idata }, &head.steps, 0, &mut base, &mut Vec::new())?;
        let values: usize = base.values().flatten().map(|set| set.rows.len() * set.columns.len()).sum();
        model.reached_most = (REACHED_VALUES / values.max(1)).min(REACHED_MOST);
        model.base = base;
        let value_reads_back = spec.choices.iter().any(|c| matches!(c, Choice::Step { values, .. } if values.iter().any(|v| v.get("from").is_some())));
        model.reads_back = value_reads_back || model.steps[prefix..].iter().any(|m| m.contains_key("from"));
        let nominal = Pipeline::from_json(pipeline.to_json())?;
        let mut sets = Datasets::from([("Raw".into(), idata.raw().to_vec())]);
        run_steps(&Context { framework, idata }, &nominal.steps, 0, &mut sets, &mut Vec::new())?;
        let (rows, values) = target_scores(&sets, &model.target).ok_or_else(|| bad(format!("the pipeline does not compute '{}'", model.target)))?;
        let units = idata.units();
        let mut times: Vec<Option<i64>> = rows.iter().map(|&r| units[r].time).collect();
        times.sort();
        times.dedup();
        model.years = times.iter().map(|t| (0..rows.len()).filter(|&i| units[rows[i]].time == *t).collect()).collect();
        model.rows = rows;
        model.nominal = values;
        Ok(model)
    }

    /// The alternative each step choice takes at a point (0 for weights choices).
    fn alternatives(&self, point: &[f64]) -> Vec<usize> {
        self.choices
            .iter()
            .zip(point)
            .map(|(c, &x)| match c {
                Choice::Step { values, .. } => ((x * values.len() as f64) as usize).min(values.len() - 1),
                Choice::Weights { .. } => 0,
            })
            .collect()
    }

    /// The pipeline a point stands for, built once per combination of alternatives.
    fn pipeline(&self, point: &[f64]) -> Result<Rc<Pipeline>> {
        let key = self.alternatives(point);
        if let Some(p) = self.pipelines.borrow().get(&key) {
            return Ok(Rc::clone(p));
        }
        let p = Rc::new(self.build_pipeline(&key)?);
        self.pipelines.borrow_mut().insert(key, Rc::clone(&p));
        Ok(p)
    }

    /// The steps (as JSON) for one alternative of each choice.
    fn build_pipeline(&self, alternatives: &[usize]) -> Result<Pipeline> {
        let mut steps = self.steps.clone();
        for ((c, &pos), &k) in self.choices.iter().zip(&self.positions).zip(alternatives) {
            let Choice::Step { option, values, .. } = c else { continue };
            let v = &values[k];
            match option {
                Some(o) => {
                    steps[pos].insert(o.clone(), v.clone());
                }
                None => {
                    let mut whole = Map::new();
                    for keep in ["step", "from"] {
                        if let Some(k) = steps[pos].get(keep) {
                            whole.insert(keep.to_string(), k.clone());
                        }
                    }
                    for (key, x) in v.as_object().into_iter().flat_map(Map::iter) {
                        whole.insert(key.clone(), x.clone());
                    }
                    steps[pos] = whole;
                }
            }
        }
        Pipeline::from_json(&Value::Array(steps.into_iter().map(Value::Object).collect()))
    }

    /// The framework with the weights a point stands for (None when no choice is of weights).
    fn framework(&self, point: &[f64]) -> Option<Framework> {
        // one generator per weights choice, seeded by the point's coordinate, so that equal
        // coordinates give equal weights (what the sensitivity design relies on)
        let mut noisy: Vec<(u32, f64, Rng)> = self
            .choices
            .iter()
            .zip(point)
            .enumerate()
            .filter_map(|(k, (c, &x))| match c {
                Choice::Weights { level, noise } => Some((*level, *noise, Rng::new(x.to_bits() ^ (k as u64).wrapping_mul(0x9E37_79B9)))),
                Choice::Step { .. } => None,
            })
            .collect();
        if noisy.is_empty() {
            return None;
        }
        Some(self.framework.reweighted(|level| {
            let mut f = None;
            for (_, noise, rng) in noisy.iter_mut().filter(|(l, ..)| *l == level) {
                f = Some(f.unwrap_or(1.0) * (1.0 + (2.0 * rng.uniform() - 1.0) * *noise));
            }
            f
        }))
    }

    /// The data sets of a run after its steps `prefix..stop`: made by the first run with these
    /// alternatives of the choices before `stop`, and kept for the others (while `reached` has
    /// room). Those steps use no weight, so the run's framework does not matter to them.
    fn reach(&self, point: &[f64], pipeline: &Pipeline) -> std::result::Result<Datasets, String> {
        let key: Vec<usize> = self.alternatives(point).into_iter().zip(&self.positions).filter(|&(_, &pos)| pos < self.stop).map(|(k, _)| k).collect();
        if let Some(reached) = self.reached.borrow().get(&key) {
            return reached.clone();
        }
        // the remaining steps read only the last data set, unless one of them names another
        let mut sets: Datasets = if self.reads_back {
            self.base.clone()
        } else {
            self.base.last().map(|(name, data)| (name.clone(), data.clone())).into_iter().collect()
        };
        let ctx = Context { framework: &self.framework, idata: &self.idata };
        let reached = run_steps_keeping(&ctx, &pipeline.steps[self.prefix..self.stop], self.prefix, &mut sets, &mut Vec::new(), self.reads_back)
            .map(|()| sets)
            .map_err(|e| e.to_string());
        let mut kept = self.reached.borrow_mut();
        if kept.len() < self.reached_most {
            kept.insert(key, reached.clone());
        }
        reached
    }

    /// Runs the pipeline for one point of the design.
    fn run(&self, point: &[f64]) -> Run {
        let pipeline = self.pipeline(point).map_err(|e| e.to_string())?;
        let mut sets = self.reach(point, &pipeline)?;
        let framework = self.framework(point);
        let fw = framework.as_ref().unwrap_or(&self.framework);
        let ctx = Context { framework: fw, idata: &self.idata };
        run_steps_keeping(&ctx, &pipeline.steps[self.stop..], self.stop, &mut sets, &mut Vec::new(), self.reads_back).map_err(|e| e.to_string())?;
        let (rows, values) = target_scores(&sets, &self.target).ok_or_else(|| format!("no '{}' computed", self.target))?;
        if rows == self.rows {
            return Ok(values);
        }
        Ok(self.rows.iter().map(|r| rows.iter().position(|x| x == r).and_then(|i| values[i])).collect())
    }

    /// Ranks ("min" ties, highest score first) of scores aligned with `rows`, within each year.
    fn ranks(&self, scores: &[Option<f64>]) -> Vec<Option<f64>> {
        if self.years.len() == 1 {
            return stats::rank_min(scores, true);
        }
        let mut out = vec![None; scores.len()];
        for idx in &self.years {
            let ranks = stats::rank_min(&idx.iter().map(|&i| scores[i]).collect::<Vec<_>>(), true);
            for (k, &i) in idx.iter().enumerate() {
                out[i] = ranks[k];
            }
        }
        out
    }

    /// Rank and score intervals over runs.
    fn intervals(&self, runs: &[Run]) -> Uncertainty {
        let ok: Vec<&Vec<Option<f64>>> = runs.iter().filter_map(|r| r.as_ref().ok()).collect();
        let ranks: Vec<Vec<Option<f64>>> = ok.iter().map(|s| self.ranks(s)).collect();
        let nominal_ranks = self.ranks(&self.nominal);
        let units = self.idata.units();
        let summary = |i: usize, nominal: Option<f64>, values: Vec<f64>| {
            let mut v = values;
            v.sort_unstable_by(f64::total_cmp);
            Interval {
                unit: units[self.rows[i]].code.clone(),
                time: units[self.rows[i]].time,
                nominal,
                mean: stats::mean(&v),
                median: stats::median_sorted(&v),
                q05: stats::quantile(&v, 0.05),
                q95: stats::quantile(&v, 0.95),
            }
        };
        let (mut unit_rows, mut score_rows) = (Vec::new(), Vec::new());
        for i in 0..self.rows.len() {
            unit_rows.push(summary(i, nominal_ranks[i], ranks.iter().filter_map(|r| r[i]).collect()));
            score_rows.push(summary(i, self.nominal[i], ok.iter().filter_map(|s| s[i]).collect()));
        }
        let failure = runs.iter().find_map(|r| r.as_ref().err().cloned());
        Uncertainty { units: unit_rows, scores: score_rows, runs: runs.len(), failed: runs.len() - ok.len(), failure }
    }

    /// Mean absolute rank change against the nominal ranks: the output of sensitivity analysis.
    fn rank_change(&self, run: &Run) -> Option<f64> {
        let scores = run.as_ref().ok()?;
        let (ranks, nominal) = (self.ranks(scores), self.ranks(&self.nominal));
        let d: Vec<f64> = ranks.iter().zip(&nominal).filter_map(|(r, n)| Some((r.as_ref()? - n.as_ref()?).abs())).collect();
        stats::mean(&d)
    }
}

/// The rows and values of the target column in the last data set that has it.
fn target_scores(sets: &Datasets, target: &str) -> Option<(Vec<usize>, Vec<Option<f64>>)> {
    let panel = sets.values().rev().find(|p| p.iter().any(|d| d.column(target).is_some()))?;
    let mut rows = Vec::new();
    let mut values = Vec::new();
    for d in panel {
        let col = d.column(target)?;
        rows.extend(&d.rows);
        values.extend(&col.values);
    }
    Some((rows, values))
}

/// Most runs an analysis may make: `n` (uncertainty) or `n (choices + 2)` (sensitivity).
pub const MAX_RUNS: usize = 1_000_000;
/// Most numbers an analysis may keep while it runs: `runs x (units + choices)` (each run's scores
/// and its point), about 16 bytes each.
pub const MAX_KEPT: usize = 25_000_000;
/// Most values an analysis may compute: `runs x units x indicators`, at tens of millions a
/// second in a browser.
pub const MAX_VALUES: usize = 1_000_000_000;
/// Most terms a sensitivity analysis may resample for its intervals: `bootstrap x choices x n`.
pub const MAX_RESAMPLED: usize = 1_000_000_000;

/// Refuses an analysis beyond the limits above before it starts, saying which limit and what to
/// lower: beyond them, it would run for hours or run out of memory.
fn check_limits(spec: &AnalysisSpec, design: Design, units: usize, indicators: usize) -> Result<()> {
    let (n, d) = (spec.n, spec.choices.len());
    let runs = match design {
        Design::Uncertainty => n,
        Design::Sensitivity => n.saturating_mul(d + 2),
    };
    let over = |what: String, limit: usize, lower: &str| Err(bad(format!("{what}; the limit is {limit}: {lower}")));
    if runs > MAX_RUNS {
        return over(format!("this analysis would make {runs} runs"), MAX_RUNS, "lower n, or vary fewer choices");
    }
    let kept = runs.saturating_mul(units + d);
    if kept > MAX_KEPT {
        return over(format!("this analysis would keep {kept} numbers (runs x (units + choices))"), MAX_KEPT, "lower n");
    }
    let values = runs.saturating_mul(units).saturating_mul(indicators);
    if values > MAX_VALUES {
        return over(format!("this analysis would compute {values} values (runs x units x indicators)"), MAX_VALUES, "lower n");
    }
    let resampled = match design {
        Design::Uncertainty => 0,
        Design::Sensitivity => spec.bootstrap.saturating_mul(d).saturating_mul(n),
    };
    if resampled > MAX_RESAMPLED {
        return over(format!("this analysis would resample {resampled} terms (bootstrap x choices x n)"), MAX_RESAMPLED, "lower bootstrap");
    }
    Ok(())
}

/// Which design an [`Analysis`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Design {
    /// `n` independent uniform points.
    Uncertainty,
    /// Saltelli's `n (d + 2)` points: A, B, then A with column i from B for each choice i.
    Sensitivity,
}

/// An analysis that runs a few points at a time, so that a page can show progress and stay
/// responsive: create it, call [`Analysis::advance`] until [`Analysis::is_done`], then read
/// the result. The points are drawn up front from the seed, so the result does not depend
/// on how the work was divided.
pub struct Analysis {
    model: Model,
    design: Design,
    n: usize,
    seed: u64,
    bootstrap: usize,
    points: Vec<Vec<f64>>,
    runs: Vec<Run>,
}

impl Analysis {
    /// Prepares an analysis: checks the spec against the pipeline and runs the nominal pipeline.
    ///
    /// # Errors
    /// A spec that does not fit the pipeline or framework, a nominal pipeline that fails, a
    /// sensitivity design with fewer than two choices, or an analysis beyond the limits
    /// ([`MAX_RUNS`], [`MAX_KEPT`], [`MAX_VALUES`], [`MAX_RESAMPLED`]).
    pub fn new(framework: &Framework, idata: &IData, pipeline: &Pipeline, spec: &AnalysisSpec, design: Design) -> Result<Analysis> {
        let d = spec.choices.len();
        if design == Design::Sensitivity && d < 2 {
            return Err(bad("sensitivity analysis needs at least two choices (use uncertainty for one)".into()));
        }
        check_limits(spec, design, idata.units().len(), framework.indicators().count())?;
        let model = Model::new(framework, idata, pipeline, spec)?;
        let (n, mut rng) = (spec.n, Rng::new(spec.seed));
        let mut sample = |rows: usize| -> Vec<Vec<f64>> { (0..rows).map(|_| (0..d).map(|_| rng.uniform()).collect()).collect() };
        let points = match design {
            Design::Uncertainty => sample(n),
            Design::Sensitivity => {
                let (a, b) = (sample(n), sample(n));
                let mut points = a.clone();
                points.extend(b.iter().cloned());
                for i in 0..d {
                    points.extend(a.iter().zip(&b).map(|(pa, pb)| {
                        let mut p = pa.clone();
                        p[i] = pb[i];
                        p
                    }));
                }
                points
            }
        };
        Ok(Analysis { model, design, n, seed: spec.seed, bootstrap: spec.bootstrap, runs: Vec::with_capacity(points.len()), points })
    }

    /// The design this analysis runs.
    pub fn design(&self) -> Design {
        self.design
    }

    /// Runs made so far.
    pub fn done(&self) -> usize {
        self.runs.len()
    }

    /// Runs in all.
    pub fn total(&self) -> usize {
        self.points.len()
    }

    /// True when every run is made.
    pub fn is_done(&self) -> bool {
        self.done() == self.total()
    }

    /// Makes up to `k` more runs.
    pub fn advance(&mut self, k: usize) {
        let end = (self.runs.len() + k).min(self.points.len());
        for p in self.runs.len()..end {
            let run = self.model.run(&self.points[p]);
            self.runs.push(run);
        }
    }

    /// Rank and score intervals over the runs made (for sensitivity, over those of A and B).
    pub fn uncertainty(&self) -> Uncertainty {
        let base = match self.design {
            Design::Uncertainty => &self.runs[..],
            Design::Sensitivity => &self.runs[..self.runs.len().min(2 * self.n)],
        };
        self.model.intervals(base)
    }

    /// Sensitivity indices, once every run is made (None before, or for an uncertainty design).
    pub fn sensitivity(&self) -> Option<Sensitivity> {
        if self.design != Design::Sensitivity || !self.is_done() {
            return None;
        }
        let (n, d) = (self.n, self.model.choices.len());
        let y: Vec<Option<f64>> = self.runs.iter().map(|r| self.model.rank_change(r)).collect();
        let (ya, yb) = (&y[..n], &y[n..2 * n]);
        let both: Vec<f64> = ya.iter().chain(yb).flatten().copied().collect();
        let variance = stats::var(&both).unwrap_or(0.0);
        let estimate = |first: &[f64], total: &[f64]| -> (f64, f64) {
            if variance <= 0.0 || first.is_empty() {
                return (0.0, 0.0);
            }
            let m = first.len() as f64;
            (first.iter().sum::<f64>() / m / variance, total.iter().sum::<f64>() / (2.0 * m * variance))
        };
        let mut choices = Vec::with_capacity(d);
        for (i, choice) in self.model.choices.iter().enumerate() {
            let yab = &y[(2 + i) * n..(3 + i) * n];
            // per-point terms; a point where any of its three runs failed is left out
            let (mut first_terms, mut total_terms) = (Vec::new(), Vec::new());
            for k in 0..n {
                if let (Some(ya), Some(yb), Some(yab)) = (ya[k], yb[k], yab[k]) {
                    first_terms.push(yb * (yab - ya));
                    total_terms.push((ya - yab) * (ya - yab));
                }
            }
            let (first, total) = estimate(&first_terms, &total_terms);
            let mut boot = Rng::new(self.seed ^ (0xB007 + i as u64));
            let (mut fb, mut tb) = (Vec::with_capacity(self.bootstrap), Vec::with_capacity(self.bootstrap));
            let m = first_terms.len();
            for _ in 0..self.bootstrap {
                if m == 0 {
                    break;
                }
                let picks: Vec<usize> = (0..m).map(|_| boot.below(m)).collect();
                let f: Vec<f64> = picks.iter().map(|&k| first_terms[k]).collect();
                let t: Vec<f64> = picks.iter().map(|&k| total_terms[k]).collect();
                let (fi, ti) = estimate(&f, &t);
                fb.push(fi);
                tb.push(ti);
            }
            fb.sort_unstable_by(f64::total_cmp);
            tb.sort_unstable_by(f64::total_cmp);
            let q = |v: &[f64], p: f64| stats::quantile(v, p).unwrap_or(f64::NAN);
            choices.push(Index {
                choice: choice.label(),
                first,
                total,
                first_q05: q(&fb, 0.05),
                first_q95: q(&fb, 0.95),
                total_q05: q(&tb, 0.05),
                total_q95: q(&tb, 0.95),
            });
        }
        let failed = self.runs.iter().filter(|r| r.is_err()).count();
        Some(Sensitivity { choices, variance, runs: self.runs.len(), failed, uncertainty: self.uncertainty() })
    }
}

/// Uncertainty analysis: `spec.n` runs, each choice drawn independently and uniformly; the
/// rank ("min" ties) and score of every unit summarised by nominal, mean, median, 5% and 95%
/// quantiles (R type 7).
///
/// # Errors
/// A spec that does not fit the pipeline or framework (a step it does not have, an
/// alternative that is not a valid step), a nominal pipeline that fails, or every run failing.
pub fn uncertainty(framework: &Framework, idata: &IData, pipeline: &Pipeline, spec: &AnalysisSpec) -> Result<Uncertainty> {
    let mut analysis = Analysis::new(framework, idata, pipeline, spec, Design::Uncertainty)?;
    analysis.advance(usize::MAX);
    let out = analysis.uncertainty();
    if out.failed == out.runs {
        return Err(bad(format!("every run failed: {}", out.failure.unwrap_or_default())));
    }
    Ok(out)
}

/// Sensitivity analysis: a Saltelli design of `n (d + 2)` runs (base samples A and B, and A
/// with column i from B for each choice i); the output of each run is the mean absolute rank
/// change against the nominal ranks; first-order indices by Saltelli's 2010 estimator and
/// total indices by Jansen's, as COINr's `SA_estimate`, with bootstrap 5–95% intervals.
///
/// # Errors
/// As [`uncertainty`], and fewer than two choices (nothing to apportion).
pub fn sensitivity(framework: &Framework, idata: &IData, pipeline: &Pipeline, spec: &AnalysisSpec) -> Result<Sensitivity> {
    let mut analysis = Analysis::new(framework, idata, pipeline, spec, Design::Sensitivity)?;
    analysis.advance(usize::MAX);
    analysis.sensitivity().ok_or_else(|| bad("the analysis did not finish".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in scorecard varied as COINr's example varies ASEM: winsorising limit, min-max
    /// vs z-scores, arithmetic vs geometric mean, and noisy weights of the pillars.
    fn varied() -> Analysis {
        let framework = Framework::from_table(crate::defaults::framework()).unwrap();
        let idata = IData::from_table(crate::defaults::data(), &framework).unwrap();
        let spec = AnalysisSpec::from_json(&serde_json::json!({
            "n": 60, "seed": 7,
            "choices": [
                { "step": "treat", "option": "winmax", "values": [1, 2, 3, 4, 5] },
                { "step": "normalise", "values": [{ "method": "minmax", "range": [1, 100], "global": true },
                                                  { "method": "zscore", "mean_sd": [10, 2], "global": true }] },
                { "step": "aggregate", "option": "method", "values": ["arithmetic", "geometric"] },
                { "weights": { "level": 2, "noise": 0.25 } }
            ]
        }))
        .unwrap();
        Analysis::new(&framework, &idata, &crate::defaults::pipeline(), &spec, Design::Uncertainty).unwrap()
    }

    #[test]
    fn runs_that_share_their_first_steps_score_as_runs_made_from_the_raw_data() {
        let mut analysis = varied();
        analysis.advance(usize::MAX);
        let model = &analysis.model;
        // the treatment and normalisation are made once per pair of their alternatives (5 x 2),
        // not once per run
        assert_eq!(model.stop, 4, "the weights act from the aggregation on");
        assert!(model.reached.borrow().len() <= 10, "{}", model.reached.borrow().len());
        for (point, run) in analysis.points.iter().zip(&analysis.runs) {
            // the whole pipeline of the point, from the raw data, with its weights
            let pipeline = model.pipeline(point).unwrap();
            let framework = model.framework(point).unwrap();
            let mut sets = Datasets::from([("Raw".into(), model.idata.raw().to_vec())]);
            run_steps(&Context { framework: &framework, idata: &model.idata }, &pipeline.steps, 0, &mut sets, &mut Vec::new()).unwrap();
            let (rows, scores) = target_scores(&sets, &model.target).unwrap();
            assert_eq!(rows, model.rows);
            assert_eq!(run.as_ref().unwrap(), &scores);
        }
    }
}
