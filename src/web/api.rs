//! The JavaScript API (wasm32 only): thin wrappers that convert between JavaScript values and
//! the core's types. Every failure becomes a thrown `Error` with the core's message; nothing
//! here panics on input, so the module keeps working after any error.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::json::{self, Map, Value};
use crate::table::{records_json, Cell, Record, Table};
use crate::{defaults, Output, Pipeline};

/// Hands a value to JavaScript through JSON (the writer turns any non-finite number into null).
fn to_js(value: &Value) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(&value.to_string()).map_err(|_| JsError::new("internal error: cannot convert the result"))
}

/// Reads a JavaScript value through JSON; `what` names it in messages.
fn from_js(value: &JsValue, what: &str) -> Result<Value, JsError> {
    let text = match value.as_string() {
        Some(text) => text,
        None => js_sys::JSON::stringify(value).ok().and_then(|s| s.as_string()).ok_or_else(|| JsError::new(&format!("{what}: cannot be read as JSON")))?,
    };
    json::parse(&text).map_err(|e| JsError::new(&format!("{what}: not valid JSON: {e}")))
}

/// Reads an array of row objects; numbers stay numbers (NaN included, for validation to refuse).
fn records(name: &str, rows: &js_sys::Array) -> Result<Vec<Record>, JsError> {
    let mut out = Vec::with_capacity(rows.length() as usize);
    for (i, row) in rows.iter().enumerate() {
        if !row.is_object() || js_sys::Array::is_array(&row) {
            return Err(JsError::new(&format!("{name}: row {}: use an object such as {{\"uCode\": \"HHHT\"}}", i + 1)));
        }
        let mut rec = Record::default();
        for entry in js_sys::Object::entries(row.unchecked_ref()).iter() {
            let pair: js_sys::Array = entry.unchecked_into();
            let key = pair.get(0).as_string().unwrap_or_default();
            let v = pair.get(1);
            let cell = if let Some(x) = v.as_f64() {
                Cell::Number(x)
            } else if let Some(t) = v.as_string() {
                Cell::Text(t)
            } else if let Some(b) = v.as_bool() {
                Cell::Text(b.to_string())
            } else if v.is_null() || v.is_undefined() {
                Cell::Empty
            } else {
                return Err(JsError::new(&format!("{name}: row {}, column '{key}': use a number, text or null", i + 1)));
            };
            rec.push(key, cell);
        }
        out.push(rec);
    }
    Ok(out)
}

fn field(input: &JsValue, name: &str) -> Result<JsValue, JsError> {
    if !input.is_object() {
        return Err(JsError::new("score: the input must be an object { iData, iMeta, pipeline }"));
    }
    js_sys::Reflect::get(input, &JsValue::from_str(name)).map_err(|_| JsError::new(&format!("score: cannot read input.{name}")))
}

/// Reads iData or iMeta given as CSV text or as an array of row objects.
fn table(input: &JsValue, name: &str) -> Result<Table, JsError> {
    let v = field(input, name)?;
    if let Some(text) = v.as_string() {
        return Ok(Table::from_csv(name, &text)?);
    }
    if js_sys::Array::is_array(&v) {
        return Ok(Table::from_records(name, records(name, v.unchecked_ref())?)?);
    }
    if v.is_undefined() || v.is_null() {
        return Err(JsError::new(&format!("score: input.{name} is missing (give CSV text or an array of row objects)")));
    }
    Err(JsError::new(&format!("{name}: give CSV text or an array of row objects")))
}

fn pipeline(input: &JsValue) -> Result<Pipeline, JsError> {
    let v = field(input, "pipeline")?;
    if v.is_undefined() || v.is_null() {
        return Ok(defaults::pipeline());
    }
    Ok(Pipeline::from_json(&from_js(&v, "pipeline")?)?)
}

/// The output in the shape scripts read: `{ results, datasets: { Raw: [...], ... }, warnings }`.
fn output_json(out: &Output, idata: &crate::IData) -> Value {
    let datasets: Map = out.datasets.iter().map(|(name, panel)| (name.to_string(), records_json(&idata.records_of(panel)))).collect();
    let warnings: Vec<Value> = out.warnings.iter().map(crate::Warning::to_json).collect();
    crate::json!({ "results": records_json(&out.results), "datasets": datasets, "warnings": warnings })
}

/// Scores `{ iData, iMeta, pipeline }` and returns `{ results, datasets, warnings }`.
///
/// iData and iMeta are CSV text or arrays of row objects; pipeline is an array of
/// `{ step, ...options }` (the default pipeline when absent). Throws an Error whose message
/// says what is wrong and where.
#[wasm_bindgen]
pub fn score(input: JsValue) -> Result<JsValue, JsError> {
    let (framework, idata, pipeline) = validated(&input)?;
    let out = crate::run(&framework, &idata, &pipeline)?;
    to_js(&output_json(&out, &idata))
}

/// The framework, data and pipeline of `{ iData, iMeta, pipeline }`, validated.
fn validated(input: &JsValue) -> Result<(crate::Framework, crate::IData, Pipeline), JsError> {
    let imeta = table(input, "iMeta")?;
    let idata = table(input, "iData")?;
    let pipeline = pipeline(input)?;
    let framework = crate::Framework::from_table(imeta)?;
    let idata = crate::IData::from_table(idata, &framework)?;
    Ok((framework, idata, pipeline))
}

fn analysis_spec(spec: &JsValue) -> Result<crate::AnalysisSpec, JsError> {
    Ok(crate::AnalysisSpec::from_json(&from_js(spec, "analysis spec")?)?)
}

/// Uncertainty analysis of `input` (what `score` takes; its pipeline is the nominal one) under
/// `spec = { n, seed, target, choices }`: `{ units, scores, runs, failed }`, where units and
/// scores hold `{ uCode, nominal, mean, median, q05, q95 }` of each unit's rank and score.
#[wasm_bindgen]
pub fn uncertainty(input: JsValue, spec: JsValue) -> Result<JsValue, JsError> {
    let (framework, idata, pipeline) = validated(&input)?;
    to_js(&crate::uncertainty(&framework, &idata, &pipeline, &analysis_spec(&spec)?)?.to_json())
}

/// Variance-based sensitivity analysis of `input` under the same spec: first-order and total
/// indices of each choice on the mean absolute rank change, with bootstrap 5-95% intervals.
#[wasm_bindgen]
pub fn sensitivity(input: JsValue, spec: JsValue) -> Result<JsValue, JsError> {
    let (framework, idata, pipeline) = validated(&input)?;
    to_js(&crate::sensitivity(&framework, &idata, &pipeline, &analysis_spec(&spec)?)?.to_json())
}

/// The built-in iMeta (the seven pillars of the policy article) as an array of row objects.
#[wasm_bindgen(js_name = defaultFramework)]
pub fn default_framework() -> Result<JsValue, JsError> {
    to_js(&records_json(&defaults::framework().to_records()))
}

/// The built-in iData (Inner Mongolia's 12 leagues and cities, 2019–2023) as row objects.
#[wasm_bindgen(js_name = defaultData)]
pub fn default_data() -> Result<JsValue, JsError> {
    to_js(&records_json(&defaults::data().to_records()))
}

/// The built-in pipeline as an array of step objects.
#[wasm_bindgen(js_name = defaultPipeline)]
pub fn default_pipeline() -> Result<JsValue, JsError> {
    to_js(&defaults::pipeline_json())
}
