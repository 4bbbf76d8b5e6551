//! innoscore: composite indicators of regional innovation.
//!
//! A pure Rust core computes composite indicators with the methods of the JRC/OECD
//! *Handbook on Constructing Composite Indicators*, reproducing COINr (the JRC's reference R
//! package), plus the standard-value method of China's national S&T-progress monitoring.
//! The formulas, with their sources, are in `docs/METHODOLOGY.md`.
//!
//! Modules, in pipeline order:
//! - [`table`]: tables as users give them (CSV text or row objects).
//! - [`framework`]: the indicator tree (iMeta), validated once.
//! - [`dataset`]: unit data (iData) and the data sets steps read and write.
//! - [`denominate`], [`impute`], [`screen`], [`treat`], [`normalise`], [`aggregate`]: one file per step.
//! - [`pipeline`]: the ordered steps and the runner; [`score`] does it all.
//! - [`sensitivity`](mod@sensitivity): uncertainty and variance-based sensitivity analysis of the choices behind a score.
//! - [`defaults`]: the built-in framework, data and pipeline for Inner Mongolia.
//! - [`project`]: an analyst's whole scorecard as the widget keeps it: edits, choices, files.
//! - [`error`], [`warning`]: what went wrong, and what the analyst should know.
//! - [`json`](mod@json): JSON values, parser and writer for pipeline specs, project files and results.
//!
//! The browser API (`score`, `defaultFramework`, ...) lives in `bindings`, compiled for
//! wasm32 only, and so does `widget`, the `<inno-scorecard>` element; the core never touches the web.
//! The wasm32 build also brings its own small memory allocator (`allocator`).
//!
//! ```
//! let out = innoscore::score(&innoscore::defaults::input()).unwrap();
//! assert_eq!(out.results.len(), 60); // 12 leagues and cities x 5 years
//! ```
#![deny(missing_docs)]

pub mod aggregate;
pub mod dataset;
pub mod defaults;
pub mod denominate;
pub mod error;
pub mod framework;
mod float;
pub mod impute;
pub mod json;
pub mod normalise;
pub mod pipeline;
pub mod project;
pub mod screen;
pub mod sensitivity;
mod stats;
pub mod table;
pub mod treat;
pub mod warning;

#[cfg(target_arch = "wasm32")]
mod allocator;
#[cfg(target_arch = "wasm32")]
pub mod bindings;
#[cfg(target_arch = "wasm32")]
pub mod widget;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: allocator::SizeClasses = allocator::SizeClasses::new();

pub use dataset::{Column, Dataset, IData, Unit};
pub use error::{Error, ErrorKind, Result};
pub use framework::{Element, ElementType, Framework};
pub use pipeline::{run, score, Input, Output, Pipeline, Step};
pub use sensitivity::{sensitivity, uncertainty, Analysis, AnalysisSpec, Design, Sensitivity, Uncertainty};
pub use table::{Cell, Record, Table};
pub use warning::{Warning, WarningKind};
