//! The web layer (wasm32 only), the one part of the crate that knows about JavaScript and the
//! DOM: `api`, the functions a page or script calls (`score`, `uncertainty`, ...); `widget`, the
//! `<inno-scorecard>` element rendered with web-sys; and `text`, `readText` for files not in
//! UTF-8. Each is behind a feature of the same name: `make build` builds the API for scripts
//! into `pkg/`, the widget for pages into `pkg/widget/` and `readText` into `pkg/text/`, so that
//! none loads another's code.

#[cfg(feature = "api")]
pub mod api;

/// The message of what JavaScript threw: an Error's message, or the text of a string thrown.
#[cfg(any(feature = "api", feature = "widget"))]
pub(crate) fn thrown_message(thrown: &wasm_bindgen::JsValue) -> Option<String> {
    use wasm_bindgen::JsCast;
    match thrown.dyn_ref::<js_sys::Error>() {
        Some(error) => Some(String::from(error.message())),
        None => thrown.as_string(),
    }
}
#[cfg(feature = "text")]
pub mod text;
#[cfg(feature = "widget")]
pub mod widget;
