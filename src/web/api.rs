//! The JavaScript API (wasm32 only): thin wrappers that convert JavaScript values straight to
//! and from the core's types with serde-wasm-bindgen. Every failure becomes a thrown `Error`
//! whose message says what is wrong and where; nothing here panics on input, so the module keeps
//! working after any error.
//!
//! The TypeScript declarations of every shape (`ScoreInput`, `ScoreOutput`, ...) are in
//! `types.d.ts` beside this file; wasm-pack copies them into `pkg/innoscore.d.ts`.

use indexmap::IndexMap;
use serde::de::{DeserializeOwned, DeserializeSeed};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::analysis::{audit, Design, Sensitivity, Uncertainty};
use crate::pipeline::Json;
use crate::steps::NOT_FINITE;
use crate::table::{Record, Table};
use crate::web::thrown_message;
use crate::{defaults, AnalysisSpec, Framework, IData, Output, Pipeline, Warning};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// The message of a serde-wasm-bindgen error (its Display would prefix "Error: ").
fn reason(e: serde_wasm_bindgen::Error) -> String {
    thrown_message(&e.into()).unwrap_or_else(|| "cannot be read".into())
}

#[wasm_bindgen]
extern "C" {
    /// The platform's `structuredClone`.
    #[wasm_bindgen(js_name = structuredClone, catch)]
    fn structured_clone(value: &JsValue) -> Result<JsValue, JsValue>;
}

/// A copy of what a script passed, made before anything else reads it. Reading a getter or a
/// Proxy runs script code, which may throw; thrown inside a read, the exception would pass
/// through the wasm frames and leave the module's stack and heap behind. The copy holds data
/// only, and a throw while it is made is caught here and told as `what` that cannot be read.
fn copied(value: JsValue, what: &str) -> Result<JsValue, JsError> {
    structured_clone(&value).map_err(|e| {
        let reason = thrown_message(&e).unwrap_or_else(|| "it threw a value that is not an Error".into());
        JsError::new(&format!("{what} cannot be read ({reason}): give plain data, such as CSV text or arrays of plain objects"))
    })
}

/// Reads a JavaScript value as `T`; a failure is told after `what`, which says where.
fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("{what}: {}", reason(e))))
}

/// Refuses the keys of a plain object that are not `allowed`. (serde-wasm-bindgen reads a
/// struct field by field, so `#[serde(deny_unknown_fields)]` never sees a misspelt one.)
fn known_keys(value: &JsValue, what: &str, allowed: &[&str]) -> Result<(), JsError> {
    let Some(object) = value.dyn_ref::<js_sys::Object>() else { return Ok(()) };
    for key in js_sys::Object::keys(object).iter().filter_map(|k| k.as_string()) {
        if !allowed.contains(&key.as_str()) {
            return Err(JsError::new(&format!("{what}: unknown field '{key}' (use {})", allowed.join(", "))));
        }
    }
    Ok(())
}

/// The pipeline: an array of steps, read by the pipeline's own reader, whose errors name the
/// step and the option (and refuse NaN, which JSON cannot hold, rather than take the default).
fn pipeline(value: JsValue) -> Result<Pipeline, JsError> {
    if !js_sys::Array::is_array(&value) {
        return Err(JsError::new("pipeline: use an array of steps such as [{\"step\": \"normalise\"}]"));
    }
    Pipeline::deserialize(serde_wasm_bindgen::Deserializer::from(value)).map_err(|e| JsError::new(&reason(e)))
}

/// A copy of a script's value as JSON, with every key (so that unknown fields can be refused),
/// refusing NaN and infinity (which JSON would read as null, and a spec take for "absent");
/// `what` says where in messages.
fn finite_json(value: JsValue, what: &str) -> Result<serde_json::Value, JsError> {
    let value = copied(value, what)?;
    let mut not_finite = None;
    let json = Json::noting(&mut not_finite)
        .deserialize(serde_wasm_bindgen::Deserializer::from(value))
        .map_err(|e| JsError::new(&format!("{what}: {}", reason(e))))?;
    match not_finite {
        Some(path) => Err(JsError::new(&format!("{what}: {path}: {NOT_FINITE}"))),
        None => Ok(json),
    }
}

/// An analysis spec, read as JSON without NaN or infinity, then by the spec's own reader.
fn analysis_spec(value: JsValue) -> Result<AnalysisSpec, JsError> {
    Ok(AnalysisSpec::try_from(finite_json(value, "analysis spec")?)?)
}

/// Hands a value to JavaScript: objects as plain objects, numbers as numbers.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("internal error: cannot hand the result to JavaScript: {e}")))
}

/// What `score`, `uncertainty` and `sensitivity` take: `{ iData, iMeta, pipeline }`.
#[derive(Deserialize)]
struct ScoreInput {
    #[serde(rename = "iData", default, with = "serde_wasm_bindgen::preserve")]
    idata: JsValue,
    #[serde(rename = "iMeta", default, with = "serde_wasm_bindgen::preserve")]
    imeta: JsValue,
    /// The default pipeline when absent.
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pipeline: JsValue,
}

/// Reads iData or iMeta, given as CSV text or as an array of row objects.
fn table(value: JsValue, name: &str) -> Result<Table, JsError> {
    if let Some(text) = value.as_string() {
        return Ok(Table::from_csv(name, &text)?);
    }
    if let Some(rows) = value.dyn_ref::<js_sys::Array>() {
        let rows = rows.iter().enumerate().map(|(i, row)| from_js::<Record>(row, &format!("{name}: row {}", i + 1)));
        return Ok(Table::from_records(name, rows.collect::<Result<_, _>>()?)?);
    }
    if value.is_undefined() || value.is_null() {
        return Err(JsError::new(&format!("score: input.{name} is missing (give CSV text or an array of row objects)")));
    }
    Err(JsError::new(&format!("{name}: give CSV text or an array of row objects")))
}

/// The framework, data and pipeline of `{ iData, iMeta, pipeline }`, validated.
fn validated(input: JsValue) -> Result<(Framework, IData, Pipeline), JsError> {
    if !input.is_object() {
        return Err(JsError::new("score: the input must be an object { iData, iMeta, pipeline }"));
    }
    let input = copied(input, "score: input")?;
    known_keys(&input, "score: input", &["iData", "iMeta", "pipeline"])?;
    let input: ScoreInput = from_js(input, "input")?;
    let framework = Framework::from_table(table(input.imeta, "iMeta")?)?;
    let idata = IData::from_table(table(input.idata, "iData")?, &framework)?;
    let pipeline = if input.pipeline.is_undefined() || input.pipeline.is_null() {
        defaults::pipeline()
    } else {
        pipeline(input.pipeline)?
    };
    Ok((framework, idata, pipeline))
}

/// Which intermediate data sets `score` returns: none (the default), all (`true`), or those named.
#[derive(Default)]
enum DatasetChoice {
    #[default]
    None,
    All(bool),
    Named(Vec<String>),
}

impl<'de> Deserialize<'de> for DatasetChoice {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<DatasetChoice, D::Error> {
        struct Choice;
        impl<'de> serde::de::Visitor<'de> for Choice {
            type Value = DatasetChoice;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true, false, or the names of data sets such as [\"Normalised\"]")
            }
            fn visit_unit<E>(self) -> Result<DatasetChoice, E> {
                Ok(DatasetChoice::None)
            }
            fn visit_bool<E>(self, all: bool) -> Result<DatasetChoice, E> {
                Ok(DatasetChoice::All(all))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<DatasetChoice, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element()? {
                    names.push(name);
                }
                Ok(DatasetChoice::Named(names))
            }
        }
        deserializer.deserialize_any(Choice)
    }
}

/// `score`'s second argument: `{ datasets }`.
#[derive(Deserialize, Default)]
#[serde(default)]
struct ScoreOptions {
    datasets: DatasetChoice,
}

/// What `score` returns: `{ results, warnings }`, and `datasets` when asked for.
#[derive(Serialize)]
struct ScoreOutput<'a> {
    results: &'a [Record],
    #[serde(skip_serializing_if = "Option::is_none")]
    datasets: Option<IndexMap<&'a str, Vec<Record>>>,
    warnings: &'a [Warning],
}

/// The data sets asked for, by name, in the order the run wrote them.
fn datasets<'a>(out: &'a Output, idata: &IData, choice: &DatasetChoice) -> Result<Option<IndexMap<&'a str, Vec<Record>>>, JsError> {
    let names: Vec<&str> = match choice {
        DatasetChoice::None | DatasetChoice::All(false) => return Ok(None),
        DatasetChoice::All(true) => out.datasets.keys().map(String::as_str).collect(),
        DatasetChoice::Named(names) => {
            if let Some(unknown) = names.iter().find(|n| out.dataset(n).is_none()) {
                let available: Vec<&str> = out.datasets.keys().map(String::as_str).collect();
                return Err(JsError::new(&format!(
                    "score: options.datasets: this run wrote no data set '{unknown}' (it wrote {})",
                    available.join(", ")
                )));
            }
            out.datasets.keys().map(String::as_str).filter(|n| names.iter().any(|w| w == n)).collect()
        }
    };
    Ok(Some(names.into_iter().filter_map(|name| Some((name, idata.records_of(out.dataset(name)?)))).collect()))
}

/// Scores `{ iData, iMeta, pipeline }` and returns `{ results, warnings }`, with the
/// intermediate data sets too when `options.datasets` asks for them (`true` for all, or names
/// such as `["Normalised"]`).
///
/// iData and iMeta are CSV text or arrays of row objects; pipeline is an array of
/// `{ step, ...options }` (the default pipeline when absent). Throws an Error whose message
/// says what is wrong and where.
///
/// Its TypeScript declaration is in types.d.ts, where `options` can be marked optional.
#[wasm_bindgen(skip_typescript)]
pub fn score(input: JsValue, options: Option<JsValue>) -> Result<JsValue, JsError> {
    let options: ScoreOptions = match options {
        Some(o) if !o.is_undefined() && !o.is_null() => {
            if !o.is_object() {
                return Err(JsError::new("score: options: use an object such as { datasets: true }"));
            }
            let o = copied(o, "score: options")?;
            known_keys(&o, "score: options", &["datasets"])?;
            from_js(o, "score: options.datasets")?
        }
        _ => ScoreOptions::default(),
    };
    let (framework, idata, pipeline) = validated(input)?;
    let out = match options.datasets {
        DatasetChoice::None | DatasetChoice::All(false) => crate::pipeline::run_for_results(&framework, &idata, &pipeline)?,
        _ => crate::run(&framework, &idata, &pipeline)?,
    };
    let datasets = datasets(&out, &idata, &options.datasets)?;
    // each row repeats the same field names: made into JavaScript strings once, not per row
    for rows in std::iter::once(&out.results[..]).chain(datasets.iter().flat_map(|sets| sets.values().map(Vec::as_slice))) {
        for key in rows.first().into_iter().flat_map(Record::keys) {
            wasm_bindgen::intern(key);
        }
    }
    to_js(&ScoreOutput { results: &out.results, datasets, warnings: &out.warnings })
}

/// Uncertainty analysis of `input` (what `score` takes; its pipeline is the nominal one) under
/// `spec = { n, seed, target, choices }`: `{ units, scores, runs, failed }`, where units and
/// scores hold `{ uCode, nominal, mean, median, q05, q95 }` of each unit's rank and score.
#[wasm_bindgen(unchecked_return_type = "UncertaintyOutput")]
pub fn uncertainty(
    #[wasm_bindgen(unchecked_param_type = "ScoreInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AnalysisSpec")] spec: JsValue,
) -> Result<JsValue, JsError> {
    let (framework, idata, pipeline) = validated(input)?;
    let spec = analysis_spec(spec)?;
    let out: Uncertainty = crate::uncertainty(&framework, &idata, &pipeline, &spec)?;
    to_js(&out)
}

/// Variance-based sensitivity analysis of `input` under the same spec: first-order and total
/// indices of each choice on the mean absolute rank change, with bootstrap 5-95% intervals.
#[wasm_bindgen(unchecked_return_type = "SensitivityOutput")]
pub fn sensitivity(
    #[wasm_bindgen(unchecked_param_type = "ScoreInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AnalysisSpec")] spec: JsValue,
) -> Result<JsValue, JsError> {
    let (framework, idata, pipeline) = validated(input)?;
    let spec = analysis_spec(spec)?;
    let out: Sensitivity = crate::sensitivity(&framework, &idata, &pipeline, &spec)?;
    to_js(&out)
}

/// The options of an audit function (`what` names it in messages), read as JSON without NaN or
/// infinity, unknown fields refused; absent, every option takes its default.
fn audit_options<T: DeserializeOwned>(value: Option<JsValue>, what: &str) -> Result<T, JsError> {
    let what = format!("{what}: options");
    let json = match value {
        Some(v) if !v.is_undefined() && !v.is_null() => {
            if !v.is_object() || js_sys::Array::is_array(&v) {
                return Err(JsError::new(&format!("{what}: use an object such as {{ level: 2 }}")));
            }
            finite_json(v, &what)?
        }
        _ => serde_json::Value::Object(Default::default()),
    };
    serde_json::from_value(json).map_err(|e| JsError::new(&format!("{what}: {e}")))
}

/// Runs audit function `f` (named `what` in messages) on `input` with its `options`, and hands
/// its result to JavaScript.
fn audit_of<S: DeserializeOwned, T: Serialize>(
    input: JsValue,
    options: Option<JsValue>,
    what: &str,
    f: impl FnOnce(&Framework, &IData, &Pipeline, &S) -> crate::Result<T>,
) -> Result<JsValue, JsError> {
    let spec: S = audit_options(options, what)?;
    let (framework, idata, pipeline) = validated(input)?;
    to_js(&f(&framework, &idata, &pipeline, &spec)?)
}

/// The audit functions' TypeScript declarations are in types.d.ts, where `options` can be
/// marked optional.
///
/// Correlations between the elements of `options.levels` (a level, or two such as `[1, 2]`;
/// default 1) in `options.dataset` (default "Aggregated"; on panel data `options.time`, default
/// the latest year), by `options.method` ("pearson", "spearman" or "kendall"), each element of
/// the lower level with its parent only when `options.withParent`: `[{ x, y, r }]`.
#[wasm_bindgen(skip_typescript)]
pub fn correlations(input: JsValue, options: Option<JsValue>) -> Result<JsValue, JsError> {
    audit_of(input, options, "correlations", audit::correlations)
}

/// Cronbach's alpha of the elements of `options.level` (default 1) under `options.group`:
/// a number, or null when it cannot be computed.
#[wasm_bindgen(skip_typescript)]
pub fn cronbach(input: JsValue, options: Option<JsValue>) -> Result<JsValue, JsError> {
    audit_of(input, options, "cronbach", audit::cronbach)
}

/// Principal components of the elements of `options.level` (default 1) under `options.group`,
/// standardised, over complete cases: `{ variance, loadings: [{ iCode, values }], units }`.
#[wasm_bindgen(skip_typescript)]
pub fn pca(input: JsValue, options: Option<JsValue>) -> Result<JsValue, JsError> {
    audit_of(input, options, "pca", audit::pca)
}

/// Each element's weight in the index after all levels: `[{ iCode, level, weight, effective }]`.
#[wasm_bindgen(js_name = effectiveWeights, unchecked_return_type = "EffectiveWeight[]")]
pub fn effective_weights(#[wasm_bindgen(unchecked_param_type = "ScoreInput")] input: JsValue) -> Result<JsValue, JsError> {
    let (framework, ..) = validated(input)?;
    to_js(&audit::effective_weights(&framework))
}

/// For each element of `options.level` (default 2), the mean absolute change of the index's
/// ranks when it is removed: `[{ iCode, meanAbsRankChange }]`.
#[wasm_bindgen(js_name = removeElements, skip_typescript)]
pub fn remove_elements(input: JsValue, options: Option<JsValue>) -> Result<JsValue, JsError> {
    audit_of(input, options, "removeElements", audit::remove_elements)
}

/// Each unit's Copeland score over the elements of `options.level` (default 2), weighted as
/// in iMeta: `[{ uCode, score }]`.
#[wasm_bindgen(skip_typescript)]
pub fn copeland(input: JsValue, options: Option<JsValue>) -> Result<JsValue, JsError> {
    audit_of(input, options, "copeland", audit::copeland)
}

/// The widget's statistical audit of a project file's text, in year `time` (on panel data;
/// the latest when absent): `{ index, pillars: [{ iCode, alpha, pc1, withIndex, nominal,
/// effective, rankChange, indicators: [{ iCode, withPillar, nominal, effective }], pairs }] }`.
#[wasm_bindgen(js_name = auditOfProject, unchecked_return_type = "AuditReport")]
pub fn audit_of_project(project: &str, time: Option<f64>) -> Result<JsValue, JsError> {
    let project = crate::project::Project::from_json(project)?;
    to_js(&project.audit(time.map(|t| t as i64))?)
}

/// An uncertainty or sensitivity analysis made a few runs at a time, so that a page can show
/// its progress and stay responsive:
///
/// ```js
/// const a = new Analysis(input, spec, "sensitivity");
/// while (!a.finished) { a.advance(20); await new Promise(requestAnimationFrame); }
/// const out = a.result(); // as sensitivity(input, spec) returns it
/// ```
///
/// The points are drawn up front from the seed, so the result does not depend on how the work
/// is divided. Call `free()` on an analysis no longer wanted to release its memory at once.
#[wasm_bindgen(js_name = Analysis)]
pub struct StepwiseAnalysis(crate::Analysis);

#[wasm_bindgen(js_class = Analysis)]
impl StepwiseAnalysis {
    /// Prepares an analysis of `input` (what `score` takes) under `spec`: checks both and runs
    /// the nominal pipeline. `design` is `"uncertainty"` or `"sensitivity"`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ScoreInput")] input: JsValue,
        #[wasm_bindgen(unchecked_param_type = "AnalysisSpec")] spec: JsValue,
        #[wasm_bindgen(unchecked_param_type = "\"uncertainty\" | \"sensitivity\"")] design: JsValue,
    ) -> Result<StepwiseAnalysis, JsError> {
        let design = match design.as_string().as_deref() {
            Some("uncertainty") => Design::Uncertainty,
            Some("sensitivity") => Design::Sensitivity,
            _ => return Err(JsError::new("Analysis: design: use \"uncertainty\" or \"sensitivity\"")),
        };
        let (framework, idata, pipeline) = validated(input)?;
        let spec = analysis_spec(spec)?;
        Ok(StepwiseAnalysis(crate::Analysis::new(&framework, &idata, &pipeline, &spec, design)?))
    }

    /// Prepares the robustness check that `<inno-scorecard>` offers for a project file's text
    /// (`{ format, version, iMeta, iData, settings }`): a sensitivity analysis of `n` base points
    /// over the normalisation, the aggregation, the winsorisation limit (when treatment is on)
    /// and noise of ±25% on the weights, `n (choices + 2)` runs in all.
    #[wasm_bindgen(js_name = ofProject)]
    pub fn of_project(project: &str, n: usize) -> Result<StepwiseAnalysis, JsError> {
        let project = crate::project::Project::from_json(project)?;
        Ok(StepwiseAnalysis(project.robustness(n)?))
    }

    /// Makes up to `runs` more runs.
    pub fn advance(&mut self, runs: usize) {
        self.0.advance(runs);
    }

    /// Runs made so far.
    #[wasm_bindgen(getter)]
    pub fn done(&self) -> usize {
        self.0.done()
    }

    /// Runs in all: `n` for uncertainty, `n (choices + 2)` for sensitivity.
    #[wasm_bindgen(getter)]
    pub fn total(&self) -> usize {
        self.0.total()
    }

    /// True when every run is made.
    #[wasm_bindgen(getter)]
    pub fn finished(&self) -> bool {
        self.0.is_done()
    }

    /// The result: for uncertainty, over the runs made so far; for sensitivity, once finished
    /// (before, it throws an Error that says how many runs are left).
    #[wasm_bindgen(unchecked_return_type = "UncertaintyOutput | SensitivityOutput")]
    pub fn result(&self) -> Result<JsValue, JsError> {
        match self.0.design() {
            Design::Uncertainty => to_js(&self.0.uncertainty()),
            Design::Sensitivity => match self.0.sensitivity() {
                Some(out) => to_js(&out),
                None => Err(JsError::new(&format!(
                    "Analysis: not finished: {} of {} runs made (call advance() until finished is true)",
                    self.0.done(),
                    self.0.total()
                ))),
            },
        }
    }
}

/// The built-in iMeta (the seven pillars of the policy article) as an array of row objects.
#[wasm_bindgen(js_name = defaultFramework, unchecked_return_type = "Row[]")]
pub fn default_framework() -> Result<JsValue, JsError> {
    to_js(&defaults::framework().to_records())
}

/// The built-in iData (Inner Mongolia's 12 leagues and cities, 2019–2023) as row objects.
#[wasm_bindgen(js_name = defaultData, unchecked_return_type = "Row[]")]
pub fn default_data() -> Result<JsValue, JsError> {
    to_js(&defaults::data().to_records())
}

/// The built-in pipeline as an array of step objects.
#[wasm_bindgen(js_name = defaultPipeline, unchecked_return_type = "PipelineStep[]")]
pub fn default_pipeline() -> Result<JsValue, JsError> {
    to_js(&defaults::pipeline())
}
