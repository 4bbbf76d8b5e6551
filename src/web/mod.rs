//! The web layer (wasm32 only), the one part of the crate that knows about JavaScript and the
//! DOM: `api`, the functions a page or script calls (`score`, `uncertainty`, ...), and
//! `widget`, the `<inno-scorecard>` element rendered with web-sys. Each is behind a feature of
//! the same name: `make build` builds the API for scripts into `pkg/` and the widget for pages
//! into `pkg/widget/`, so that neither loads the other's code.

#[cfg(feature = "api")]
pub mod api;
#[cfg(feature = "widget")]
pub mod widget;
