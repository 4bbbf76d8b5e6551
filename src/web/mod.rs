//! The web layer (wasm32 only), the one part of the crate that knows about JavaScript and the
//! DOM: `api`, the functions a page or script calls (`score`, `uncertainty`, ...), and
//! `widget`, the `<inno-scorecard>` element rendered with web-sys. Each is behind a feature of
//! the same name: `make build` builds the API for scripts into `pkg/` and the widget for pages
//! into `pkg/widget/`, so that neither loads the other's code.

#[cfg(feature = "api")]
pub mod api;

use wasm_bindgen::{JsCast, JsValue};

/// The message of what JavaScript threw: an Error's message, or the text of a string thrown.
pub(crate) fn thrown_message(thrown: &JsValue) -> Option<String> {
    match thrown.dyn_ref::<js_sys::Error>() {
        Some(error) => Some(String::from(error.message())),
        None => thrown.as_string(),
    }
}
#[cfg(feature = "widget")]
pub mod widget;
