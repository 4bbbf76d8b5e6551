//! The web layer (wasm32 only), the one part of the crate that knows about JavaScript and the
//! DOM: `api`, the functions a page or script calls (`score`, `uncertainty`, ...); `widget`, the
//! `<inno-scorecard>` element rendered with web-sys; `text`, `readText` for files not in UTF-8;
//! and `workbook`, `readWorkbook` and `writeWorkbook`, Excel workbooks in and out. Each is behind
//! a feature of the same name: `make build` builds the API for scripts into `pkg/`, the widget
//! for pages into `pkg/widget/`, `readText` into `pkg/text/` and the workbooks into
//! `pkg/workbook/`, so that none loads another's code.

#[cfg(feature = "api")]
pub mod api;

/// The message of what JavaScript threw: an Error's message, or the text of a string thrown.
#[cfg(any(feature = "api", feature = "widget", feature = "workbook"))]
pub(crate) fn thrown_message(thrown: &wasm_bindgen::JsValue) -> Option<String> {
    use wasm_bindgen::JsCast;
    match thrown.dyn_ref::<js_sys::Error>() {
        Some(error) => Some(String::from(error.message())),
        None => thrown.as_string(),
    }
}
/// The bytes of a file given as a `Uint8Array` or an `ArrayBuffer`, to `function`.
#[cfg(any(feature = "text", feature = "workbook"))]
pub(crate) fn bytes_of(value: &wasm_bindgen::JsValue, function: &str) -> Result<Vec<u8>, wasm_bindgen::JsError> {
    use wasm_bindgen::JsCast;
    if let Some(array) = value.dyn_ref::<js_sys::Uint8Array>() {
        Ok(array.to_vec())
    } else if let Some(buffer) = value.dyn_ref::<js_sys::ArrayBuffer>() {
        Ok(js_sys::Uint8Array::new(buffer).to_vec())
    } else {
        Err(wasm_bindgen::JsError::new(&format!("{function}: give the file's bytes as a Uint8Array or an ArrayBuffer")))
    }
}

#[cfg(feature = "text")]
pub mod text;
#[cfg(feature = "widget")]
pub mod widget;
#[cfg(feature = "workbook")]
pub mod workbook;
