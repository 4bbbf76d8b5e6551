//! The pipeline: an ordered list of steps, and a pure runner from framework and data to results.
//!
//! Each step reads a named data set (by default the previous step's output, `from` names
//! another) and writes its own: Raw, Denominated, Imputed, Screened, Treated, Normalised,
//! Aggregated. The spec is plain JSON, so a run can be replayed with changes (COINr's `Regen`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::dataset::{Dataset, IData};
use crate::error::{Error, ErrorKind, Result};
use crate::framework::Framework;
use crate::stats;
use crate::steps::aggregate::Aggregate;
use crate::steps::denominate::Denominate;
use crate::steps::impute::Impute;
use crate::steps::normalise::Normalise;
use crate::steps::screen::Screen;
use crate::steps::treat::Treat;
use crate::steps::Context;
use crate::table::{Cell, Record, Table};
use crate::warning::{Warning, WarningKind};

/// One step with its options.
#[derive(Debug, Clone, PartialEq)]
pub enum Operation {
    /// Divide by denominators.
    Denominate(Denominate),
    /// Fill missing values.
    Impute(Impute),
    /// Drop units with too little data.
    Screen(Screen),
    /// Treat outliers.
    Treat(Treat),
    /// Scale indicators.
    Normalise(Normalise),
    /// Score aggregates.
    Aggregate(Aggregate),
}

impl Operation {
    /// The step's name as written in a pipeline.
    pub fn name(&self) -> &'static str {
        match self {
            Operation::Denominate(_) => "denominate",
            Operation::Impute(_) => "impute",
            Operation::Screen(_) => "screen",
            Operation::Treat(_) => "treat",
            Operation::Normalise(_) => "normalise",
            Operation::Aggregate(_) => "aggregate",
        }
    }

    /// The name of the data set the step writes.
    pub fn output(&self) -> &'static str {
        match self {
            Operation::Denominate(_) => "Denominated",
            Operation::Impute(_) => "Imputed",
            Operation::Screen(_) => "Screened",
            Operation::Treat(_) => "Treated",
            Operation::Normalise(_) => "Normalised",
            Operation::Aggregate(_) => "Aggregated",
        }
    }

    fn run(&self, data: &mut [Dataset], ctx: &Context) -> Result<Vec<WarningKind>> {
        match self {
            Operation::Denominate(s) => s.run(data, ctx),
            Operation::Impute(s) => s.run(data, ctx),
            Operation::Screen(s) => s.run(data, ctx),
            Operation::Treat(s) => s.run(data, ctx),
            Operation::Normalise(s) => s.run(data, ctx),
            Operation::Aggregate(s) => s.run(data, ctx),
        }
    }
}

/// A step: what it does and which data set it reads (`None`: the previous step's output).
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// What the step does.
    pub operation: Operation,
    /// The data set it reads.
    pub from: Option<String>,
}

/// An ordered list of steps.
#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline {
    /// The steps, in order.
    pub steps: Vec<Step>,
    spec: Value,
}

impl Pipeline {
    /// Reads a pipeline from its JSON form: an array of objects `{"step": name, ...options}`.
    ///
    /// # Errors
    /// Anything but an array of objects, an unknown step, method or option, or an option of
    /// the wrong kind; the message names the step by its position.
    ///
    /// # Example
    /// ```
    /// let p = innoscore::Pipeline::from_json(&serde_json::json!([
    ///     {"step": "normalise", "method": "minmax", "range": [1, 100]},
    ///     {"step": "aggregate", "method": "geometric"}
    /// ])).unwrap();
    /// assert_eq!(p.steps.len(), 2);
    /// ```
    pub fn from_json(spec: &Value) -> Result<Pipeline> {
        let Value::Array(items) = spec else {
            return Err(ErrorKind::BadPipeline { reason: "use an array of steps such as [{\"step\": \"normalise\"}]".into() }.into());
        };
        let mut steps = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let number = i + 1;
            let Value::Object(map) = item else {
                return Err(ErrorKind::BadPipeline { reason: format!("step {number} is not an object such as {{\"step\": \"normalise\"}}") }.into());
            };
            let name = match map.get("step") {
                Some(Value::String(s)) => s.clone(),
                _ => {
                    return Err(ErrorKind::BadPipeline { reason: format!("step {number} has no \"step\" naming what it does") }.into());
                }
            };
            let mut opts = Options::new(map.clone(), "");
            opts.take("step");
            let parsed = (|| -> Result<Step> {
                let from = opts.string("from")?;
                let operation = match name.as_str() {
                    "denominate" => Operation::Denominate(Denominate::from_options(&mut opts)?),
                    "impute" => Operation::Impute(Impute::from_options(&mut opts)?),
                    "screen" => Operation::Screen(Screen::from_options(&mut opts)?),
                    "treat" => Operation::Treat(Treat::from_options(&mut opts)?),
                    "normalise" | "normalize" => Operation::Normalise(Normalise::from_options(&mut opts)?),
                    "aggregate" => Operation::Aggregate(Aggregate::from_options(&mut opts)?),
                    _ => return Err(ErrorKind::UnknownStep { step: name.clone() }.into()),
                };
                Ok(Step { operation, from })
            })();
            steps.push(parsed.map_err(|e| e.in_step(number, &name))?);
        }
        Ok(Pipeline { steps, spec: spec.clone() })
    }

    /// The JSON form the pipeline was read from.
    pub fn to_json(&self) -> &Value {
        &self.spec
    }
}

/// A pipeline is written as its JSON form.
impl Serialize for Pipeline {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        self.spec.serialize(serializer)
    }
}

/// A pipeline is read from its JSON form, as [`Pipeline::from_json`] reads it.
impl<'de> Deserialize<'de> for Pipeline {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Pipeline, D::Error> {
        let spec = Value::deserialize(deserializer)?;
        Pipeline::from_json(&spec).map_err(serde::de::Error::custom)
    }
}

/// What a run produces.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// One row per unit (and year): uCode, uName, Time (panel data), one score per aggregate,
    /// and Rank on the top aggregate. Empty when the pipeline has no aggregate step.
    pub results: Vec<Record>,
    /// Every data set by name, in the order written, Raw first.
    pub datasets: Datasets,
    /// What the analyst should know.
    pub warnings: Vec<Warning>,
}

impl Output {
    /// The data set with this name.
    pub fn dataset(&self, name: &str) -> Option<&[Dataset]> {
        self.datasets.get(name).map(Vec::as_slice)
    }
}

/// The data sets written so far, Raw first, each named by the step that wrote it; a step that
/// writes a name again moves it to the end.
pub type Datasets = indexmap::IndexMap<String, Vec<Dataset>>;

/// Runs a pipeline over validated data.
///
/// # Errors
/// The first step that fails, with its position in the pipeline.
pub fn run(framework: &Framework, idata: &IData, pipeline: &Pipeline) -> Result<Output> {
    let mut datasets = Datasets::from([("Raw".into(), idata.raw().to_vec())]);
    let mut warnings = Vec::new();
    run_steps(&Context { framework, idata }, &pipeline.steps, 0, &mut datasets, &mut warnings)?;
    let results = results(framework, idata, datasets.get("Aggregated").map(Vec::as_slice));
    Ok(Output { results, datasets, warnings })
}

/// Runs `steps`, the first being step number `skipped + 1` of its pipeline, on top of the data
/// sets written so far: a run can be resumed, which is what uncertainty analysis does.
///
/// # Errors
/// The first step that fails, with its position in the pipeline.
pub fn run_steps(ctx: &Context, steps: &[Step], skipped: usize, datasets: &mut Datasets, warnings: &mut Vec<Warning>) -> Result<()> {
    run_steps_keeping(ctx, steps, skipped, datasets, warnings, true)
}

/// As [`run_steps`]; with `keep` false, a step that reads the last data set takes it instead
/// of copying it, so only the final data set is left: what an analysis run needs.
pub(crate) fn run_steps_keeping(ctx: &Context, steps: &[Step], skipped: usize, datasets: &mut Datasets, warnings: &mut Vec<Warning>, keep: bool) -> Result<()> {
    for (i, step) in steps.iter().enumerate() {
        let (number, name) = (skipped + i + 1, step.operation.name());
        let position = match &step.from {
            None => datasets.len().checked_sub(1),
            Some(f) => datasets.get_index_of(f),
        };
        let Some(position) = position else {
            let available = datasets.keys().cloned().collect();
            let from = step.from.clone().unwrap_or_default();
            return Err(Error::from(ErrorKind::UnknownDataset { name: from, available }).in_step(number, name));
        };
        let mut data = if !keep && position + 1 == datasets.len() {
            datasets.pop().map(|(_, d)| d).unwrap_or_default()
        } else {
            datasets[position].clone()
        };
        let kinds = step.operation.run(&mut data, ctx).map_err(|e| e.in_step(number, name))?;
        warnings.extend(kinds.into_iter().map(|k| Warning::new(number, name, k)));
        datasets.shift_remove(step.operation.output());
        datasets.insert(step.operation.output().to_string(), data);
    }
    Ok(())
}

/// The results table: aggregates' scores and the rank on the top one, per unit and year.
fn results(framework: &Framework, idata: &IData, aggregated: Option<&[Dataset]>) -> Vec<Record> {
    let Some(aggregated) = aggregated else { return Vec::new() };
    let top = framework.top().map(|e| e.code.as_str());
    let mut out = Vec::new();
    for set in aggregated {
        let ranks = top.and_then(|t| set.column(t)).map(|c| stats::rank_min(&c.values, true));
        let columns: Vec<_> = framework.aggregates().map(|a| (a, set.column(&a.code))).collect();
        let mut order: Vec<usize> = (0..set.rows.len()).collect();
        if let Some(r) = &ranks {
            order.sort_by(|&a, &b| r[a].unwrap_or(f64::INFINITY).total_cmp(&r[b].unwrap_or(f64::INFINITY)));
        }
        for i in order {
            let unit = &idata.units()[set.rows[i]];
            let mut rec = Record::default();
            rec.insert("uCode", Cell::Text(unit.code.clone()));
            rec.insert("uName", Cell::Text(unit.name.clone()));
            if let Some(t) = unit.time {
                rec.insert("Time", Cell::Number(t as f64));
            }
            for (agg, col) in &columns {
                let v = col.and_then(|c| c.values[i]);
                rec.insert(agg.code.clone(), v.map_or(Cell::Empty, Cell::Number));
            }
            let rank = ranks.as_ref().and_then(|r| r[i]);
            rec.insert("Rank", rank.map_or(Cell::Empty, Cell::Number));
            out.push(rec);
        }
    }
    out
}

/// The whole input of a run: framework, data and pipeline, as a user gives them.
#[derive(Debug, Clone)]
pub struct Input {
    /// iData.
    pub idata: Table,
    /// iMeta.
    pub imeta: Table,
    /// The pipeline.
    pub pipeline: Pipeline,
}

/// Validates the input and runs the pipeline: the whole of what `score` does.
///
/// # Errors
/// The first problem found in iMeta, then iData, then the pipeline's steps.
///
/// # Example
/// ```
/// use innoscore::{score, Input, Pipeline, Table};
/// let input = Input {
///     imeta: Table::from_csv("iMeta", "Level,iCode,Direction,Weight,Parent,Type\n\
///         1,a,1,1,Index,Indicator\n1,b,1,1,Index,Indicator\n2,Index,1,1,,Aggregate\n").unwrap(),
///     idata: Table::from_csv("iData", "uCode,a,b\nX,1,10\nY,3,30\n").unwrap(),
///     pipeline: Pipeline::from_json(&serde_json::json!([
///         {"step": "normalise"}, {"step": "aggregate"}])).unwrap(),
/// };
/// let out = score(&input).unwrap();
/// assert_eq!(out.results[0].get("uCode").map(|c| c.text()), Some("Y".to_string()));
/// ```
pub fn score(input: &Input) -> Result<Output> {
    let framework = Framework::from_table(input.imeta.clone())?;
    let idata = IData::from_table(input.idata.clone(), &framework)?;
    run(&framework, &idata, &input.pipeline)
}

/// A step's options, taken one by one, so that any left over can be reported as unknown.
#[derive(Debug, Clone)]
pub struct Options {
    map: Map<String, Value>,
    prefix: String,
}

impl Options {
    /// Wraps an options object; `prefix` names where it sits (`indicators.x`), empty at the top.
    pub fn new(map: Map<String, Value>, prefix: &str) -> Options {
        Options { map, prefix: prefix.to_string() }
    }

    fn name(&self, key: &str) -> String {
        if self.prefix.is_empty() { key.to_string() } else { format!("{}.{key}", self.prefix) }
    }

    fn bad(&self, key: &str, reason: &str) -> Error {
        ErrorKind::BadOption { option: self.name(key), reason: reason.into() }.into()
    }

    /// Removes and returns an option's raw value; `null` counts as absent.
    pub fn take(&mut self, key: &str) -> Option<Value> {
        self.map.remove(key).filter(|v| !v.is_null())
    }

    /// A text option.
    pub fn string(&mut self, key: &str) -> Result<Option<String>> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.bad(key, "use text")),
        }
    }

    /// A true/false option.
    pub fn boolean(&mut self, key: &str) -> Result<Option<bool>> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(_) => Err(self.bad(key, "use true or false")),
        }
    }

    fn number(&mut self, key: &str) -> Result<Option<f64>> {
        match self.take(key) {
            None => Ok(None),
            Some(v) => v.as_f64().filter(|x| x.is_finite()).map(Some).ok_or_else(|| self.bad(key, "use a number")),
        }
    }

    /// A number above zero.
    pub fn positive(&mut self, key: &str) -> Result<Option<f64>> {
        match self.number(key)? {
            Some(x) if x <= 0.0 => Err(self.bad(key, "use a number above zero")),
            x => Ok(x),
        }
    }

    /// A share from 0 to 1.
    pub fn share(&mut self, key: &str) -> Result<Option<f64>> {
        match self.number(key)? {
            Some(x) if !(0.0..=1.0).contains(&x) => Err(self.bad(key, "use a share from 0 to 1, such as 0.66")),
            x => Ok(x),
        }
    }

    /// A whole number of zero or more.
    pub fn count(&mut self, key: &str) -> Result<Option<usize>> {
        match self.number(key)? {
            Some(x) if x < 0.0 || x.fract() != 0.0 || x > 1e6 => Err(self.bad(key, "use a whole number of zero or more")),
            x => Ok(x.map(|x| x as usize)),
        }
    }

    /// Two numbers, `[a, b]`.
    pub fn pair(&mut self, key: &str) -> Result<Option<(f64, f64)>> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::Array(a)) if a.len() == 2 => match (a[0].as_f64(), a[1].as_f64()) {
                (Some(x), Some(y)) if x.is_finite() && y.is_finite() => Ok(Some((x, y))),
                _ => Err(self.bad(key, "use two numbers, as in [0, 100]")),
            },
            Some(_) => Err(self.bad(key, "use two numbers, as in [0, 100]")),
        }
    }

    /// An object option, as its entries; empty when absent.
    pub fn object(&mut self, key: &str) -> Result<Vec<(String, Value)>> {
        match self.take(key) {
            None => Ok(Vec::new()),
            Some(Value::Object(m)) => Ok(m.into_iter().collect()),
            Some(_) => Err(self.bad(key, "use an object keyed by iCode")),
        }
    }

    /// Fails on any option not taken.
    pub fn finish(&self) -> Result<()> {
        match self.map.keys().next() {
            None => Ok(()),
            Some(k) => Err(self.bad(k, "this step has no such option")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_steps_methods_and_options_name_the_step() {
        let e = Pipeline::from_json(&json!([{"step": "denominate"}, {"step": "weigh"}])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "pipeline step 2 (weigh): unknown step 'weigh' (use denominate, impute, screen, treat, normalise or aggregate)"
        );
        let e = Pipeline::from_json(&json!([{"step": "normalise", "method": "softmax"}])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "pipeline step 1 (normalise): unknown method 'softmax' (use minmax, zscore, standard, goalposts, rank, percentile or none)"
        );
        let e = Pipeline::from_json(&json!([{"step": "treat", "winmux": 3}])).unwrap_err();
        assert_eq!(e.to_string(), "pipeline step 1 (treat): option 'winmux': this step has no such option");
        let e = Pipeline::from_json(&json!([{"step": "impute", "method": "mean_group"}])).unwrap_err();
        assert!(e.to_string().contains("needs the name of a *_group column"), "{e}");
        let e = Pipeline::from_json(&json!({"step": "impute"})).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::BadPipeline { .. }));
    }

    #[test]
    fn options_are_read() {
        let p = Pipeline::from_json(&json!([
            {"step": "treat", "winmax": 2, "indicators": {"a": "none", "b": {"skew": 1.5}}},
            {"step": "normalise", "method": "zscore", "mean_sd": [10, 2], "global": true, "from": "Raw"},
            {"step": "aggregate", "method": {"2": "arithmetic", "3": "geometric"}, "min_availability": 0.5}
        ]))
        .unwrap();
        let Operation::Treat(t) = &p.steps[0].operation else { panic!("not treat") };
        assert_eq!(t.default.map(|w| w.winmax), Some(2));
        assert_eq!(t.indicators[0], ("a".to_string(), None));
        assert_eq!(t.indicators[1].0, "b");
        assert_eq!(t.indicators[1].1.map(|w| (w.skew, w.winmax)), Some((1.5, 2)));
        let Operation::Normalise(n) = &p.steps[1].operation else { panic!("not normalise") };
        assert!(n.global);
        assert_eq!(p.steps[1].from.as_deref(), Some("Raw"));
        let Operation::Aggregate(a) = &p.steps[2].operation else { panic!("not aggregate") };
        assert_eq!(a.levels.len(), 2);
    }

    #[test]
    fn bad_option_values_say_what_to_use() {
        let e = Pipeline::from_json(&json!([{"step": "normalise", "range": [100, 0]}])).unwrap_err();
        assert!(e.to_string().ends_with("option 'range': the first number must be below the second, as in [0, 100]"), "{e}");
        let e = Pipeline::from_json(&json!([{"step": "screen", "min_availability": 66}])).unwrap_err();
        assert!(e.to_string().ends_with("use a share from 0 to 1, such as 0.66"), "{e}");
        let e = Pipeline::from_json(&json!([{"step": "treat", "winmax": 2.5}])).unwrap_err();
        assert!(e.to_string().ends_with("use a whole number of zero or more"), "{e}");
    }
}
