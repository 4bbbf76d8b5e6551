//! The robustness check, made by the scripting API's `Analysis` (src/web/api.rs, built into
//! pkg/). The element hands the scorecard a function that loads that build the first time an
//! analyst asks for a check, so a page that only shows scores never downloads the analysis
//! code. The scorecard drives the analysis a few runs per timer tick and reads its result back
//! into the core's types.
//!
//! Between the two modules, the input, the spec and the result go as JSON text (the element
//! parses what it hands on, this file what comes back): they are read once a check, and the
//! page's build then needs no serde-wasm-bindgen.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::Sensitivity;

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

/// What handles a promise's value and its failure, kept until it settles.
pub(super) type Handlers = (Closure<dyn FnMut(JsValue)>, Closure<dyn FnMut(JsValue)>);

/// Where the robustness check stands.
pub(super) enum Robust {
    /// None asked for, or cancelled, or the figures changed since.
    Idle,
    /// Waiting for the analysis code to load and the analysis to start: request `id` of `total`
    /// runs (the id tells this request's answer from a cancelled one's).
    Starting { id: u32, total: usize },
    /// Running.
    Running(Running),
    /// Finished: the result, until the figures or methods change.
    Done(Sensitivity),
}

impl Robust {
    /// Runs made and runs in all, while the check is under way.
    pub(super) fn progress(&self) -> Option<(usize, usize)> {
        match self {
            Robust::Starting { total, .. } => Some((0, *total)),
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

    /// Makes up to `runs` more runs; the result once every run is made.
    pub(super) fn advance(&self, runs: usize) -> Result<Option<Sensitivity>, String> {
        self.0.advance(runs).map_err(|e| message(&e))?;
        if !self.0.finished() {
            return Ok(None);
        }
        let out = self.0.result().map_err(|e| message(&e))?;
        let text = js_sys::JSON::stringify(&out).map_err(|e| message(&e))?;
        serde_json::from_str(&String::from(text)).map(Some).map_err(|e| e.to_string())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.0.free();
    }
}

/// The message of what JavaScript threw or a promise was rejected with.
pub(super) fn message(e: &JsValue) -> String {
    crate::web::thrown_message(e).unwrap_or_else(|| format!("{e:?}"))
}
