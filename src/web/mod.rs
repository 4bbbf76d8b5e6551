//! The web layer (wasm32 only), the one part of the crate that knows about JavaScript and the
//! DOM: [`api`], the functions a page or script calls (`score`, `uncertainty`, ...), and
//! [`widget`], the `<inno-scorecard>` element rendered with web-sys.

pub mod api;
pub mod widget;
