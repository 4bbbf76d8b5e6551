//! What the scorecard asks of code that the element loads the first time it is needed (see
//! www/inno-scorecard.js), so that a page that only shows scores never downloads it: the
//! scripting API (src/web/api.rs, in pkg/) makes the robustness check, and `readText`
//! (src/web/text.rs, in pkg/text/) reads files that are not UTF-8 (GB18030 from Excel and WPS
//! on Chinese Windows, UTF-16), whose tables a page rarely needs; the workbook module
//! (src/web/workbook.rs, in pkg/workbook/) reads and writes Excel workbooks.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The element's door to that code: each method loads what it needs if it has not yet.
    pub type Api;

    /// Starts the robustness check of a project file's text with `n` base points: a promise of
    /// the API's `Analysis.ofProject(project, n)`, or of one like it running in a worker.
    #[wasm_bindgen(method, catch)]
    pub fn robustness(this: &Api, project: &str, n: usize) -> Result<js_sys::Promise, JsValue>;

    /// The statistical audit of a project file's text in year `time` (`undefined` for data of
    /// one year): a promise of the API's `auditOfProject(project, time)`, made in a worker
    /// where the page allows one.
    #[wasm_bindgen(method, catch)]
    pub fn audit(this: &Api, project: &str, time: Option<f64>) -> Result<js_sys::Promise, JsValue>;

    /// Reads a file's bytes in the encoding they were saved in: a promise of `readText`'s
    /// `{ text, encoding }`, or of null when no encoding it knows reads them; rejected when it
    /// cannot be loaded.
    #[wasm_bindgen(method, catch, js_name = readText)]
    pub fn read_text(this: &Api, bytes: &js_sys::Uint8Array) -> Result<js_sys::Promise, JsValue>;

    /// Reads sheet `sheet` of a workbook's bytes (the first shown, for `undefined`): a promise
    /// of `readWorkbook`'s `{ name, sheets, text, firstRow }`; rejected with its Error, whose
    /// `kind` says what is wrong, or with another when the module cannot be loaded.
    #[wasm_bindgen(method, catch, js_name = readWorkbook)]
    pub fn read_workbook(this: &Api, bytes: &js_sys::Uint8Array, sheet: &JsValue) -> Result<js_sys::Promise, JsValue>;

    /// Writes sheets (`[{ name, rows }]`) as an .xlsx: a promise of its bytes, a `Uint8Array`.
    #[wasm_bindgen(method, catch, js_name = writeWorkbook)]
    pub fn write_workbook(this: &Api, sheets: &JsValue) -> Result<js_sys::Promise, JsValue>;
}

/// What handles a promise's value and its failure, kept until it settles.
pub(super) type Handlers = (Closure<dyn FnMut(JsValue)>, Closure<dyn FnMut(JsValue)>);

/// Calls `ok` with the promise's value or `failed` with the message of its failure, and returns
/// the handlers, which must be kept until then. (The callbacks are boxed: one closure type
/// serves every promise.)
pub(super) fn settle(promise: &js_sys::Promise, ok: Box<dyn FnOnce(JsValue)>, failed: Box<dyn FnOnce(String)>) -> Handlers {
    settle_with(promise, ok, Box::new(move |error: JsValue| failed(message(&error))))
}

/// As [`settle`], but `failed` has what the promise was rejected with, not only its message.
pub(super) fn settle_with(promise: &js_sys::Promise, ok: Box<dyn FnOnce(JsValue)>, failed: Box<dyn FnOnce(JsValue)>) -> Handlers {
    let ok = Closure::once(ok);
    let failed = Closure::once(failed);
    let _ = promise.then2(&ok, &failed);
    (ok, failed)
}

/// The message of what JavaScript threw or a promise was rejected with.
pub(super) fn message(e: &JsValue) -> String {
    crate::web::thrown_message(e).unwrap_or_else(|| format!("{e:?}"))
}

/// Whether a failure is not the call's own: its code could not be loaded, or the worker running
/// it stopped (the element gives those the kind "unavailable").
pub(super) fn is_unavailable(error: &JsValue) -> bool {
    field(error, "kind").as_string().as_deref() == Some("unavailable")
}

/// A field of a JavaScript object; undefined when it has none (or is not an object).
pub(super) fn field(object: &JsValue, name: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    js_sys::Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// The items of a JavaScript array; none when it is not one.
pub(super) fn list(value: &JsValue) -> impl Iterator<Item = JsValue> {
    use wasm_bindgen::JsCast;
    value.dyn_ref::<js_sys::Array>().map(js_sys::Array::to_vec).unwrap_or_default().into_iter()
}
