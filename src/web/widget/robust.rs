//! The robustness check, made by the scripting API's `Analysis` (src/web/api.rs, built into
//! pkg/, loaded when an analyst first asks for a check: see bridge.rs). The scorecard drives the
//! analysis a few runs per timer tick and reads its result back. The element runs it in a
//! worker where it can (www/innoscore-worker.js), and hands the scorecard an object of the same
//! shape, whose runs the worker makes on its own: a tick then only reads how far it is.
//!
//! The project goes to the API as its file's text, and the API builds the check from it
//! ([`crate::project::Project::robustness`]): the page's build then needs neither
//! serde-wasm-bindgen nor the analysis spec's types. What comes back is read field by field into
//! [`Outcome`], the little of the result the scorecard shows; deserialising the whole result
//! would add the analysis types' deserialisers, about 7 KB, to the page's first load.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::bridge::{field, list};

#[wasm_bindgen]
extern "C" {
    /// An `Analysis` of the scripting API.
    pub type ApiAnalysis;

    #[wasm_bindgen(method, catch)]
    fn advance(this: &ApiAnalysis, runs: usize) -> Result<(), JsValue>;
    #[wasm_bindgen(method, getter)]
    fn done(this: &ApiAnalysis) -> usize;
    #[wasm_bindgen(method, getter)]
    fn total(this: &ApiAnalysis) -> usize;
    #[wasm_bindgen(method, getter)]
    fn finished(this: &ApiAnalysis) -> bool;
    #[wasm_bindgen(method, catch)]
    fn result(this: &ApiAnalysis) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method)]
    fn free(this: &ApiAnalysis);
}

/// Where the robustness check stands.
pub(super) enum Robust {
    /// None asked for, or cancelled, or the figures changed since.
    Idle,
    /// Waiting for the analysis code to load and the analysis to start: request `id` (which
    /// tells this request's answer from a cancelled one's).
    Starting { id: u32 },
    /// Running.
    Running(Running),
    /// Finished: the result, until the figures or methods change.
    Done(Outcome),
}

impl Robust {
    /// Runs made and runs in all, while the check is under way (none made of none known while
    /// it starts).
    pub(super) fn progress(&self) -> Option<(usize, usize)> {
        match self {
            Robust::Starting { .. } => Some((0, 0)),
            Robust::Running(a) => Some((a.0.done(), a.0.total())),
            Robust::Idle | Robust::Done(_) => None,
        }
    }
}

/// A running analysis; dropping it releases its memory in the API's module.
pub(super) struct Running(ApiAnalysis);

impl Running {
    /// The analysis the API's promise resolved to.
    pub(super) fn new(analysis: JsValue) -> Running {
        Running(analysis.unchecked_into())
    }

    /// Makes up to `runs` more runs; the result once every run is made. A failure is what was
    /// thrown.
    pub(super) fn advance(&self, runs: usize) -> Result<Option<Outcome>, JsValue> {
        self.0.advance(runs)?;
        if !self.0.finished() {
            return Ok(None);
        }
        self.0.result().map(|result| Some(Outcome::read(&result)))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.0.free();
    }
}

/// What the scorecard shows of a sensitivity analysis (the API's `Sensitivity`).
pub(super) struct Outcome {
    /// The rank of each unit (and year) over the runs.
    pub units: Vec<RankInterval>,
    /// The sensitivity indices of each choice, in the order of the spec.
    pub choices: Vec<ChoiceIndex>,
    /// Runs whose pipeline failed.
    pub failed: usize,
}

/// A unit's rank in the nominal run and over the runs (`Interval`).
pub(super) struct RankInterval {
    pub unit: String,
    pub time: Option<i64>,
    pub nominal: Option<f64>,
    pub median: Option<f64>,
    pub q05: Option<f64>,
    pub q95: Option<f64>,
}

/// A choice's first-order and total sensitivity index (`Index`; NaN when not estimated).
pub(super) struct ChoiceIndex {
    pub choice: String,
    pub first: f64,
    pub total: f64,
}

impl Outcome {
    /// Reads the API's result object (a field that is missing reads as no value).
    fn read(result: &JsValue) -> Outcome {
        let units = list(&field(&field(result, "uncertainty"), "units"))
            .map(|u| RankInterval {
                unit: field(&u, "uCode").as_string().unwrap_or_default(),
                time: field(&u, "Time").as_f64().map(|t| t as i64),
                nominal: field(&u, "nominal").as_f64(),
                median: field(&u, "median").as_f64(),
                q05: field(&u, "q05").as_f64(),
                q95: field(&u, "q95").as_f64(),
            })
            .collect();
        let choices = list(&field(result, "choices"))
            .map(|c| ChoiceIndex {
                choice: field(&c, "choice").as_string().unwrap_or_default(),
                first: field(&c, "first").as_f64().unwrap_or(f64::NAN),
                total: field(&c, "total").as_f64().unwrap_or(f64::NAN),
            })
            .collect();
        let failed = field(result, "failed").as_f64().map_or(0, |n| n as usize);
        Outcome { units, choices, failed }
    }
}
