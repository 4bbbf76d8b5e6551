//! The pipeline: an ordered list of steps, and a pure runner from framework and data to results.
//!
//! Each step reads a named data set (by default the previous step's output, `from` names
//! another) and writes its own: Raw, Denominated, Imputed, Screened, Treated, Normalised,
//! Aggregated. The spec is plain JSON, so a run can be replayed with changes (COINr's `Regen`).

use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::dataset::{Dataset, IData};
use crate::error::{Error, ErrorKind, Result};
use crate::framework::Framework;
use crate::stats;
use crate::steps::aggregate::{self, Aggregate, AggregateSpec};
use crate::steps::denominate::{Denominate, DenominateSpec};
use crate::steps::impute::{self, Impute, ImputeSpec};
use crate::steps::normalise::{self, Normalise, NormaliseSpec};
use crate::steps::screen::{Screen, ScreenSpec};
use crate::steps::treat::{self, Treat, TreatSpec};
use crate::steps::{bad_option, Context, NOT_FINITE};
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

/// A step's options as code writes them: its spec, named by the step. Written as a script
/// writes it, `{"step": "normalise", ...options}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "step", rename_all = "lowercase")]
pub enum StepSpec {
    /// Options of [`Denominate`].
    Denominate(DenominateSpec),
    /// Options of [`Impute`].
    Impute(ImputeSpec),
    /// Options of [`Screen`].
    Screen(ScreenSpec),
    /// Options of [`Treat`].
    Treat(TreatSpec),
    /// Options of [`Normalise`].
    Normalise(NormaliseSpec),
    /// Options of [`Aggregate`].
    Aggregate(AggregateSpec),
}

impl StepSpec {
    /// The step's name as written in a pipeline.
    pub fn name(&self) -> &'static str {
        match self {
            StepSpec::Denominate(_) => "denominate",
            StepSpec::Impute(_) => "impute",
            StepSpec::Screen(_) => "screen",
            StepSpec::Treat(_) => "treat",
            StepSpec::Normalise(_) => "normalise",
            StepSpec::Aggregate(_) => "aggregate",
        }
    }
}

/// Checks the options into the step.
impl TryFrom<StepSpec> for Operation {
    type Error = Error;

    fn try_from(spec: StepSpec) -> Result<Operation> {
        Ok(match spec {
            StepSpec::Denominate(s) => Operation::Denominate(s.try_into()?),
            StepSpec::Impute(s) => Operation::Impute(s.try_into()?),
            StepSpec::Screen(s) => Operation::Screen(s.try_into()?),
            StepSpec::Treat(s) => Operation::Treat(s.try_into()?),
            StepSpec::Normalise(s) => Operation::Normalise(s.try_into()?),
            StepSpec::Aggregate(s) => Operation::Aggregate(s.try_into()?),
        })
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
    /// Reads a pipeline from its JSON form: an array of objects `{"step": name, ...options}`,
    /// each step's options as its spec type reads them ([`NormaliseSpec`], [`TreatSpec`], ...),
    /// and `"from"`, the data set the step reads.
    ///
    /// # Errors
    /// Anything but an array of objects, an unknown step, method or option, an option of the
    /// wrong type or with a value the step cannot use; the message names the step by its
    /// position and the option by its path (`indicators.RD.winmax`).
    ///
    /// # Example
    /// ```
    /// let p = innoscore::Pipeline::from_json(&serde_json::json!([
    ///     {"step": "normalise", "method": "minmax", "range": [1, 100]},
    ///     {"step": "aggregate", "method": "geometric"}
    /// ])).unwrap();
    /// assert_eq!(p.steps.len(), 2);
    /// let e = innoscore::Pipeline::from_json(&serde_json::json!([
    ///     {"step": "normalise"}, {"step": "treat", "winmax": -1}
    /// ])).unwrap_err();
    /// assert_eq!(e.to_string(), "pipeline step 2 (treat): option 'winmax': use a whole number of zero or more");
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
            let Some(Value::String(name)) = map.get("step") else {
                return Err(ErrorKind::BadPipeline { reason: format!("step {number} has no \"step\" naming what it does") }.into());
            };
            steps.push(read_step(name, map).map_err(|e| e.in_step(number, name))?);
        }
        Ok(Pipeline { steps, spec: spec.clone() })
    }

    /// A pipeline built in code from its steps' specs, each reading the previous step's output
    /// and checked as [`Pipeline::from_json`] checks it.
    ///
    /// # Errors
    /// An option a step cannot use, named as [`Pipeline::from_json`] names it.
    ///
    /// # Example
    /// ```
    /// use innoscore::pipeline::{Pipeline, StepSpec};
    /// use innoscore::steps::normalise::{NormaliseMethod, NormaliseSpec};
    /// let rank = NormaliseSpec { method: Some(NormaliseMethod::Rank), ..Default::default() };
    /// let p = Pipeline::from_specs(vec![StepSpec::Normalise(rank), StepSpec::Aggregate(Default::default())]).unwrap();
    /// assert_eq!(p.to_json(), &serde_json::json!([{"step": "normalise", "method": "rank"}, {"step": "aggregate"}]));
    /// let wide = NormaliseSpec { range: Some([100.0, 0.0]), ..Default::default() };
    /// let e = Pipeline::from_specs(vec![StepSpec::Normalise(wide)]).unwrap_err();
    /// assert!(e.to_string().starts_with("pipeline step 1 (normalise): option 'range'"), "{e}");
    /// ```
    pub fn from_specs(specs: Vec<StepSpec>) -> Result<Pipeline> {
        let mut steps = Vec::with_capacity(specs.len());
        for (i, spec) in specs.iter().enumerate() {
            let operation = Operation::try_from(spec.clone()).map_err(|e| e.in_step(i + 1, spec.name()))?;
            steps.push(Step { operation, from: None });
        }
        // the checks above refuse what JSON cannot hold (NaN, infinities)
        let spec = serde_json::to_value(&specs).map_err(|e| ErrorKind::BadPipeline { reason: e.to_string() })?;
        Ok(Pipeline { steps, spec })
    }

    /// The JSON form the pipeline was read from.
    pub fn to_json(&self) -> &Value {
        &self.spec
    }
}

/// One step from its object: `from`, and the options the step's spec reads, checked.
fn read_step(name: &str, map: &Map<String, Value>) -> Result<Step> {
    let from = match map.get("from") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(bad_option("from", "use the name of a data set, such as \"Treated\"")),
    };
    let options = Value::Object(map.iter().filter(|(k, _)| *k != "step" && *k != "from").map(|(k, v)| (k.clone(), v.clone())).collect());
    let spec = match name {
        "denominate" => StepSpec::Denominate(read_spec(&options, "")?),
        "impute" => StepSpec::Impute(read_spec(&options, impute::METHODS)?),
        "screen" => StepSpec::Screen(read_spec(&options, "")?),
        "treat" => StepSpec::Treat(read_spec(&options, treat::METHODS)?),
        "normalise" | "normalize" => StepSpec::Normalise(read_spec(&options, normalise::METHODS)?),
        "aggregate" => StepSpec::Aggregate(read_spec(&options, aggregate::METHODS)?),
        _ => return Err(ErrorKind::UnknownStep { step: name.to_string() }.into()),
    };
    Ok(Step { operation: spec.try_into()?, from })
}

/// A step's spec from its options; `methods` lists the step's methods for an unknown one.
///
/// A serde error becomes [`ErrorKind::BadOption`], named by its path (`range[1]`,
/// `indicators.RD.skew`) with serde's reason, except that a method name the step does not
/// have becomes [`ErrorKind::UnknownMethod`].
fn read_spec<T: DeserializeOwned>(options: &Value, methods: &str) -> Result<T> {
    serde_path_to_error::deserialize(options).map_err(|e| {
        let path = e.path();
        let reason = e.inner().to_string();
        let found = path.iter().try_fold(options, |v, segment| match segment {
            serde_path_to_error::Segment::Map { key } => v.get(key),
            serde_path_to_error::Segment::Seq { index } => v.get(index),
            _ => None,
        });
        let in_method = path.iter().any(|s| matches!(s, serde_path_to_error::Segment::Map { key } if key == "method"));
        match found {
            // serde words an unknown name of an enum as "unknown variant `name`, expected ..."
            Some(Value::String(name)) if in_method && reason.starts_with(&format!("unknown variant `{name}`")) => {
                ErrorKind::UnknownMethod { method: name.clone(), expected: methods.to_string() }.into()
            }
            _ => bad_option(&path.to_string(), &reason),
        }
    })
}

/// A pipeline is written as its JSON form.
impl Serialize for Pipeline {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        self.spec.serialize(serializer)
    }
}

/// A pipeline is read from its JSON form, as [`Pipeline::from_json`] reads it, from any
/// self-describing format (JSON text, a JavaScript value). A number JSON cannot hold (NaN, an
/// infinity, which JavaScript can pass) is refused as the step's checks refuse it.
impl<'de> Deserialize<'de> for Pipeline {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Pipeline, D::Error> {
        struct Steps;
        impl<'de> Visitor<'de> for Steps {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array of steps such as [{\"step\": \"normalise\"}]")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Value, A::Error> {
                let mut steps = Vec::new();
                let mut not_finite = None;
                while let Some(step) = seq.next_element_seed(Json::noting(&mut not_finite))? {
                    if let Some(option) = not_finite.take() {
                        let name = step.get("step").and_then(Value::as_str).unwrap_or("?");
                        return Err(de::Error::custom(bad_option(&option, NOT_FINITE).in_step(steps.len() + 1, name)));
                    }
                    steps.push(step);
                }
                Ok(Value::Array(steps))
            }
        }
        let spec = deserializer.deserialize_seq(Steps)?;
        Pipeline::from_json(&spec).map_err(de::Error::custom)
    }
}

/// Reads JSON from any self-describing format as `serde_json::Value` does, except for numbers
/// JSON cannot hold (NaN, infinities): `Value` reads them as null, which a spec would take for
/// "absent". `Json` either refuses them at once, or notes where the first one is (as a path
/// such as `indicators.RD.skew`) and reads it as null, for the caller to refuse with context.
pub(crate) struct Json<'a> {
    /// Where the value sits, from where reading began.
    at: String,
    /// Where to note a number that is not finite; `None` to refuse it at once.
    not_finite: Option<&'a mut Option<String>>,
}

impl<'a> Json<'a> {
    /// Refuses a number that is not finite, with [`NOT_FINITE`].
    pub(crate) fn strict() -> Json<'static> {
        Json { at: String::new(), not_finite: None }
    }

    /// Notes where the first number that is not finite is, and reads it as null.
    pub(crate) fn noting(not_finite: &'a mut Option<String>) -> Json<'a> {
        Json { at: String::new(), not_finite: Some(not_finite) }
    }

    fn child(&mut self, at: String) -> Json<'_> {
        Json { at, not_finite: self.not_finite.as_deref_mut() }
    }
}

impl<'de> DeserializeSeed<'de> for Json<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Json<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> std::result::Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> std::result::Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> std::result::Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_f64<E: de::Error>(self, x: f64) -> std::result::Result<Value, E> {
        match (serde_json::Number::from_f64(x), self.not_finite) {
            (Some(n), _) => Ok(Value::Number(n)),
            (None, None) => Err(E::custom(NOT_FINITE)),
            (None, Some(first)) => {
                first.get_or_insert(self.at);
                Ok(Value::Null)
            }
        }
    }
    fn visit_str<E: de::Error>(self, s: &str) -> std::result::Result<Value, E> {
        Ok(Value::String(s.to_string()))
    }
    fn visit_string<E: de::Error>(self, s: String) -> std::result::Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_unit<E: de::Error>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> std::result::Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.child(format!("{}[{}]", self.at, items.len())))? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> std::result::Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let at = if self.at.is_empty() { key.clone() } else { format!("{}.{key}", self.at) };
            let value = map.next_value_seed(self.child(at))?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

/// A pipeline from its JSON form, as [`Pipeline::from_json`] reads it.
impl TryFrom<Value> for Pipeline {
    type Error = Error;
    fn try_from(spec: Value) -> Result<Pipeline> {
        Pipeline::from_json(&spec)
    }
}

/// The first value of `data` that is not a finite number: an overflow (values or weights near
/// 1e308, a denominator near 1e-308), which JSON would write as null and a ranking would rank.
fn overflow(data: &[Dataset], idata: &IData) -> Option<ErrorKind> {
    data.iter().find_map(|set| {
        set.columns.iter().find_map(|column| {
            let row = column.values.iter().position(|v| v.is_some_and(|x| !x.is_finite()))?;
            let unit = set.rows.get(row).and_then(|&r| idata.units().get(r)).map(|u| u.code.clone()).unwrap_or_default();
            Some(ErrorKind::Overflow { code: column.code.clone(), unit, time: set.time })
        })
    })
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

/// As [`run`], for a caller that wants the results and warnings only: each step takes the data
/// set it reads instead of copying it, so [`Output::datasets`] holds only the last one. (When a
/// step reads a named data set with `from`, or the last step is not the aggregation, every data
/// set is kept, as [`run`] keeps them.)
///
/// # Errors
/// As [`run`].
pub fn run_for_results(framework: &Framework, idata: &IData, pipeline: &Pipeline) -> Result<Output> {
    let lean = pipeline.steps.iter().all(|s| s.from.is_none())
        && pipeline.steps.last().is_some_and(|s| s.operation.output() == "Aggregated");
    if !lean {
        return run(framework, idata, pipeline);
    }
    let mut datasets = Datasets::from([("Raw".into(), idata.raw().to_vec())]);
    let mut warnings = Vec::new();
    run_steps_keeping(&Context { framework, idata }, &pipeline.steps, 0, &mut datasets, &mut warnings, false)?;
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
        if let Some(overflow) = overflow(&data, ctx.idata) {
            return Err(Error::from(overflow).in_step(number, name));
        }
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
    let mut out = Vec::with_capacity(aggregated.iter().map(|set| set.rows.len()).sum());
    for set in aggregated {
        let ranks = top.and_then(|t| set.column(t)).map(|c| stats::rank_min(&c.values, true));
        let columns: Vec<_> = framework.aggregates().map(|a| (a, set.column(&a.code))).collect();
        let mut order: Vec<usize> = (0..set.rows.len()).collect();
        if let Some(r) = &ranks {
            order.sort_by(|&a, &b| r[a].unwrap_or(f64::INFINITY).total_cmp(&r[b].unwrap_or(f64::INFINITY)));
        }
        for i in order {
            let unit = &idata.units()[set.rows[i]];
            let mut rec = Record::with_capacity(columns.len() + 4);
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

/// Written as the JavaScript API's `score` reads it: `{ iData, iMeta, pipeline }`, the tables as
/// arrays of row objects.
impl Serialize for Input {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut input = serializer.serialize_struct("Input", 3)?;
        input.serialize_field("iData", &self.idata.to_records())?;
        input.serialize_field("iMeta", &self.imeta.to_records())?;
        input.serialize_field("pipeline", &self.pipeline)?;
        input.end()
    }
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

#[cfg(test)]
pub(crate) mod js {
    //! A stand-in for JavaScript values in tests.
    use serde::de::{self, Visitor};

    /// A stand-in for a JavaScript value, which (unlike JSON) can hold NaN and infinities.
    pub(crate) enum Js {
        /// A number, NaN and infinities included.
        Num(f64),
        /// Text.
        Str(&'static str),
        /// An object's entries, in order.
        Obj(Vec<(&'static str, Js)>),
        /// An array.
        Arr(Vec<Js>),
    }

    impl<'de> serde::Deserializer<'de> for Js {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> std::result::Result<V::Value, Self::Error> {
            match self {
                Js::Num(x) => visitor.visit_f64(x),
                Js::Str(s) => visitor.visit_str(s),
                Js::Obj(entries) => visitor.visit_map(de::value::MapDeserializer::new(entries.into_iter())),
                Js::Arr(items) => visitor.visit_seq(de::value::SeqDeserializer::new(items.into_iter())),
            }
        }
        fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> std::result::Result<V::Value, Self::Error> {
            visitor.visit_some(self)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
            unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
        }
    }

    impl<'de> de::IntoDeserializer<'de, de::value::Error> for Js {
        type Deserializer = Js;
        fn into_deserializer(self) -> Js {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_run_for_results_gives_the_same_results_and_keeps_only_the_last_data_set() {
        let framework = Framework::from_table(crate::defaults::framework()).unwrap();
        let idata = IData::from_table(crate::defaults::data(), &framework).unwrap();
        let pipeline = crate::defaults::pipeline();
        let (all, lean) = (run(&framework, &idata, &pipeline).unwrap(), run_for_results(&framework, &idata, &pipeline).unwrap());
        assert_eq!(lean.results, all.results);
        assert_eq!(lean.warnings, all.warnings);
        assert_eq!(all.datasets.keys().collect::<Vec<_>>(), ["Raw", "Denominated", "Imputed", "Treated", "Normalised", "Aggregated"]);
        assert_eq!(lean.datasets.keys().collect::<Vec<_>>(), ["Aggregated"]);
        // a step that reads a data set by name: every data set is kept, as it may be read
        let pipeline = Pipeline::from_json(&json!([{"step": "treat"}, {"step": "normalise", "from": "Raw"}, {"step": "aggregate"}])).unwrap();
        let kept = run_for_results(&framework, &idata, &pipeline).unwrap();
        assert_eq!(kept.datasets.keys().collect::<Vec<_>>(), ["Raw", "Treated", "Normalised", "Aggregated"]);
        assert_eq!(kept.results, run(&framework, &idata, &pipeline).unwrap().results);
    }

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
            "pipeline step 1 (normalise): unknown method 'softmax' (use minmax, zscore, standard, goalposts, rank, percentile, borda, dist2max, dist2ref, dist2target, fracmax, scaled or none)"
        );
        let e = Pipeline::from_json(&json!([{"step": "treat", "winmux": 3}])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "pipeline step 1 (treat): option 'winmux': unknown field `winmux`, expected one of `method`, `skew`, `kurtosis`, `winmax`, `transform`, `lambda`, `indicators`, `global`"
        );
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

    fn message(spec: Value) -> String {
        Pipeline::from_json(&spec).unwrap_err().to_string()
    }

    #[test]
    fn aliases_are_read() {
        let p = Pipeline::from_json(&json!([{"step": "treat", "method": "winsorize"}, {"step": "normalize", "method": "rank"}])).unwrap();
        assert_eq!(p.steps[0].operation, Operation::Treat(Treat { default: Some(Default::default()), indicators: Vec::new(), global: false }));
        assert_eq!(p.steps[1].operation.name(), "normalise");
    }

    #[test]
    fn unknown_fields_are_named_with_the_step() {
        assert_eq!(
            message(json!([{"step": "normalise"}, {"step": "denominate", "scale": 100}])),
            "pipeline step 2 (denominate): option 'scale': unknown field `scale`, there are no fields"
        );
        assert_eq!(
            message(json!([{"step": "treat", "indicators": {"RD": {"winmax": 1, "method": "none"}}}])),
            "pipeline step 1 (treat): option 'indicators.RD.method': unknown field `method`, expected one of `skew`, `kurtosis`, `winmax`"
        );
        assert_eq!(
            message(json!([{"step": "normalize", "indicators": {"RD": {"global": true}}}])),
            "pipeline step 1 (normalize): option 'indicators.RD.global': unknown field `global`, expected one of `method`, `range`, `mean_sd`, `center_scale`, `cap`"
        );
    }

    #[test]
    fn a_wrong_type_names_the_field() {
        assert_eq!(
            message(json!([{"step": "normalise", "range": [1, "100"]}])),
            "pipeline step 1 (normalise): option 'range[1]': invalid type: string \"100\", expected f64"
        );
        assert_eq!(
            message(json!([{"step": "normalise", "range": 100}])),
            "pipeline step 1 (normalise): option 'range': invalid type: integer `100`, expected an array of length 2"
        );
        assert_eq!(
            message(json!([{"step": "normalise", "global": "yes"}])),
            "pipeline step 1 (normalise): option 'global': invalid type: string \"yes\", expected a boolean"
        );
        assert_eq!(
            message(json!([{"step": "treat", "indicators": {"RD": {"skew": "NaN"}}}])),
            "pipeline step 1 (treat): option 'indicators.RD.skew': invalid type: string \"NaN\", expected f64"
        );
        assert_eq!(
            message(json!([{"step": "treat", "indicators": {"RD": "nothing"}}])),
            "pipeline step 1 (treat): option 'indicators.RD': invalid value: string \"nothing\", expected \"none\" or an object such as {\"winmax\": 2}"
        );
        assert_eq!(
            message(json!([{"step": "normalise", "indicators": {"RD": "rank"}}])),
            "pipeline step 1 (normalise): option 'indicators.RD': invalid type: string \"rank\", expected an object such as {\"method\": \"standard\"}"
        );
        assert_eq!(
            message(json!([{"step": "aggregate", "method": 2}])),
            "pipeline step 1 (aggregate): option 'method': invalid type: integer `2`, expected a name such as \"arithmetic\", or an object such as {\"2\": \"arithmetic\", \"3\": \"geometric\"}"
        );
        assert_eq!(
            message(json!([{"step": "impute", "method": "mean_group", "group": 3}])),
            "pipeline step 1 (impute): option 'group': invalid type: integer `3`, expected a string"
        );
        assert_eq!(
            message(json!([{"step": "screen", "from": 1}])),
            "pipeline step 1 (screen): option 'from': use the name of a data set, such as \"Treated\""
        );
    }

    #[test]
    fn unknown_methods_anywhere_say_which_there_are() {
        assert_eq!(
            message(json!([{"step": "aggregate", "method": {"2": "arithmetic", "3": "median"}}])),
            "pipeline step 1 (aggregate): unknown method 'median' (use arithmetic, geometric, harmonic, generalised or copeland)"
        );
        assert_eq!(
            message(json!([{"step": "normalise", "indicators": {"RD": {"method": "log"}}}])),
            "pipeline step 1 (normalise): unknown method 'log' (use minmax, zscore, standard, goalposts, rank, percentile, borda, dist2max, dist2ref, dist2target, fracmax, scaled or none)"
        );
        assert_eq!(message(json!([{"step": "treat", "method": "trim"}])), "pipeline step 1 (treat): unknown method 'trim' (use winsorise or none)");
        assert_eq!(
            message(json!([{"step": "impute", "method": "knn"}])),
            "pipeline step 1 (impute): unknown method 'knn' (use none, mean, median, mean_group, median_group or latest)"
        );
        // a step without methods has no option 'method'
        assert_eq!(
            message(json!([{"step": "screen", "method": "byNA"}])),
            "pipeline step 1 (screen): option 'method': unknown field `method`, expected `min_availability`"
        );
    }

    #[test]
    fn levels_of_aggregates_start_at_two() {
        let level = |l: &str| message(json!([{"step": "aggregate", "method": {l: "geometric"}}]));
        assert_eq!(level("1"), "pipeline step 1 (aggregate): option 'method': '1' is not a level of aggregates (use 2, 3, ...)");
        assert_eq!(level("pillars"), "pipeline step 1 (aggregate): option 'method': 'pillars' is not a level of aggregates (use 2, 3, ...)");
        assert_eq!(
            message(json!([{"step": "aggregate", "method": {"2": 1}}])),
            "pipeline step 1 (aggregate): option 'method.2': invalid type: integer `1`, expected string or map"
        );
    }

    #[test]
    fn checks_serde_cannot_express() {
        assert_eq!(
            message(json!([{"step": "normalise", "indicators": {"RD": {"range": [5, 5]}}}])),
            "pipeline step 1 (normalise): option 'indicators.RD.range': the first number must be below the second, as in [0, 100]"
        );
        assert_eq!(
            message(json!([{"step": "normalise", "method": "zscore", "mean_sd": [0, 0]}])),
            "pipeline step 1 (normalise): option 'mean_sd': the standard deviation must be above zero, as in [0, 1]"
        );
        assert_eq!(message(json!([{"step": "treat", "skew": 0}])), "pipeline step 1 (treat): option 'skew': use a number above zero");
        assert_eq!(
            message(json!([{"step": "treat", "indicators": {"RD": {"kurtosis": -1}}}])),
            "pipeline step 1 (treat): option 'indicators.RD.kurtosis': use a number above zero"
        );
        assert_eq!(
            message(json!([{"step": "aggregate", "min_availability": 1.5}])),
            "pipeline step 1 (aggregate): option 'min_availability': use a share from 0 to 1, such as 0.66"
        );
        assert_eq!(
            message(json!([{"step": "impute", "method": "median_group"}])),
            "pipeline step 1 (impute): option 'group': method 'median_group' needs the name of a *_group column of iData"
        );
    }

    #[test]
    fn nan_and_infinities_are_refused_by_name() {
        use crate::steps::normalise::{NormaliseIndicatorSpec, NormaliseSpec};
        use crate::steps::treat::{ThresholdsSpec, TreatIndicatorSpec, TreatSpec};
        let treat = |spec: TreatSpec| Treat::try_from(spec).unwrap_err().to_string();
        assert_eq!(treat(TreatSpec { skew: Some(f64::NAN), ..Default::default() }), "option 'skew': use a finite number, not NaN or an infinity");
        assert_eq!(treat(TreatSpec { winmax: Some(f64::INFINITY), ..Default::default() }), "option 'winmax': use a finite number, not NaN or an infinity");
        let exception = TreatIndicatorSpec::Thresholds(ThresholdsSpec { kurtosis: Some(f64::NEG_INFINITY), ..Default::default() });
        assert_eq!(
            treat(TreatSpec { indicators: Some([("RD".to_string(), exception)].into_iter().collect()), ..Default::default() }),
            "option 'indicators.RD.kurtosis': use a finite number, not NaN or an infinity"
        );
        let normalise = |spec: NormaliseSpec| Normalise::try_from(spec).unwrap_err().to_string();
        assert_eq!(normalise(NormaliseSpec { range: Some([0.0, f64::INFINITY]), ..Default::default() }), "option 'range': use a finite number, not NaN or an infinity");
        // even for an option the method does not use
        assert_eq!(normalise(NormaliseSpec { mean_sd: Some([f64::NAN, 1.0]), ..Default::default() }), "option 'mean_sd': use a finite number, not NaN or an infinity");
        let exception = NormaliseIndicatorSpec { range: Some([f64::NAN, 1.0]), ..Default::default() };
        assert_eq!(
            normalise(NormaliseSpec { indicators: Some([("RD".to_string(), exception)].into_iter().collect()), ..Default::default() }),
            "option 'indicators.RD.range': use a finite number, not NaN or an infinity"
        );
        let screen = Screen::try_from(ScreenSpec { min_availability: Some(f64::NAN) }).unwrap_err();
        assert_eq!(screen.to_string(), "option 'min_availability': use a finite number, not NaN or an infinity");
        let aggregate = Aggregate::try_from(AggregateSpec { min_availability: Some(f64::NAN), ..Default::default() }).unwrap_err();
        assert_eq!(aggregate.to_string(), "option 'min_availability': use a finite number, not NaN or an infinity");
    }

    #[test]
    fn nan_from_javascript_is_refused_with_the_step_and_option() {
        use super::js::Js::{self, *};
        let steps = |options: Vec<(&'static str, Js)>| {
            let mut treat = vec![("step", Str("treat"))];
            treat.extend(options);
            Arr(vec![Obj(vec![("step", Str("denominate"))]), Obj(treat)])
        };
        let e = Pipeline::deserialize(steps(vec![("skew", Num(f64::NAN))])).unwrap_err();
        assert_eq!(e.to_string(), "pipeline step 2 (treat): option 'skew': use a finite number, not NaN or an infinity");
        let exception = Obj(vec![("winmax", Num(f64::INFINITY))]);
        let e = Pipeline::deserialize(steps(vec![("indicators", Obj(vec![("RD", exception)]))])).unwrap_err();
        assert_eq!(e.to_string(), "pipeline step 2 (treat): option 'indicators.RD.winmax': use a finite number, not NaN or an infinity");
        // the step's name may come after the option
        let e = Pipeline::deserialize(Arr(vec![Obj(vec![("range", Arr(vec![Num(0.0), Num(f64::NAN)])), ("step", Str("normalise"))])])).unwrap_err();
        assert_eq!(e.to_string(), "pipeline step 1 (normalise): option 'range[1]': use a finite number, not NaN or an infinity");
        let p = Pipeline::deserialize(steps(vec![("skew", Num(2.5))])).unwrap();
        let Operation::Treat(t) = &p.steps[1].operation else { panic!("not treat") };
        assert_eq!(t.default.map(|w| w.skew), Some(2.5));
    }

    #[test]
    fn pipelines_and_specs_are_written_as_read() {
        let spec = json!([
            {"step": "impute", "method": "mean_group", "group": "Region_group"},
            {"step": "treat", "winmax": 2, "indicators": {"a": "none", "b": {"skew": 1.5}}},
            {"from": "Raw", "step": "normalize", "method": "zscore", "mean_sd": [10, 2]},
            {"step": "aggregate", "method": {"2": "arithmetic", "3": "geometric"}}
        ]);
        let p: Pipeline = serde_json::from_value(spec.clone()).unwrap();
        assert_eq!(serde_json::to_value(&p).unwrap(), spec);
        assert_eq!(p, Pipeline::from_json(&spec).unwrap());
        let e = serde_json::from_value::<Pipeline>(json!([{"step": "treat", "winmux": 1}])).unwrap_err();
        assert!(e.to_string().starts_with("pipeline step 1 (treat): option 'winmux': unknown field"), "{e}");
        // each step's spec reads what it writes, with the same options
        fn round_trip<T: DeserializeOwned + Serialize + PartialEq + fmt::Debug>(options: &Value) {
            let spec: T = read_spec(options, "").unwrap();
            let back = serde_json::to_value(&spec).unwrap();
            assert_eq!(read_spec::<T>(&back, "").unwrap(), spec);
            let keys = |v: &Value| v.as_object().map(|m| m.keys().cloned().collect::<Vec<_>>());
            assert_eq!(keys(&back), keys(options));
        }
        for step in spec.as_array().into_iter().flatten() {
            let options: Map<String, Value> = step.as_object().into_iter().flatten().filter(|(k, _)| *k != "step" && *k != "from").map(|(k, v)| (k.clone(), v.clone())).collect();
            let options = Value::Object(options);
            match step["step"].as_str() {
                Some("impute") => round_trip::<ImputeSpec>(&options),
                Some("treat") => round_trip::<TreatSpec>(&options),
                Some("normalize") => round_trip::<NormaliseSpec>(&options),
                _ => round_trip::<AggregateSpec>(&options),
            }
        }
    }
}
