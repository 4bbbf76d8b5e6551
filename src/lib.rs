//! innoscore: composite indicators of regional innovation.
//!
//! A pure Rust core computes composite indicators with the methods of the JRC/OECD
//! *Handbook on Constructing Composite Indicators*, reproducing COINr (the JRC's reference R
//! package), plus the standard-value method of China's national S&T-progress monitoring.
//! The formulas, with their sources, are in `docs/METHODOLOGY.md`.
//!
//! Where things are:
//! - the model: [`table`] (tables as users give them: CSV text or row objects), [`framework`]
//!   (the indicator tree, iMeta, validated once), [`dataset`] (unit data, iData, and the data
//!   sets steps read and write), [`project`] (an analyst's whole scorecard as the widget keeps
//!   it), [`defaults`] (the built-in framework, data and pipeline for Inner Mongolia);
//! - [`steps`]: the six pipeline steps, one file each (denominate, impute, screen, treat,
//!   normalise, aggregate), and the context they share;
//! - [`pipeline`]: the ordered steps and the runner; [`score`] does it all;
//! - [`analysis`]: uncertainty and variance-based sensitivity analysis of the choices behind a score;
//! - [`error`], [`warning`]: what went wrong, and what the analyst should know;
//! - `web` (wasm32 only): the JavaScript API (`score`, `defaultFramework`, ...) and the
//!   `<inno-scorecard>` widget, the only code that touches JavaScript or the DOM.
//!
//! ```
//! let out = innoscore::score(&innoscore::defaults::input()).unwrap();
//! assert_eq!(out.results.len(), 60); // 12 leagues and cities x 5 years
//! ```
#![deny(missing_docs)]

pub mod analysis;
pub mod dataset;
pub mod defaults;
pub mod error;
pub mod framework;
pub mod history;
pub mod pipeline;
pub mod project;
mod stats;
pub mod steps;
pub mod table;
pub mod text;
pub mod warning;
#[cfg(feature = "workbook")]
pub mod workbook;

#[cfg(target_arch = "wasm32")]
pub mod web;

pub use dataset::{Column, Dataset, IData, Unit};
pub use error::{CsvProblem, Error, ErrorKind, ProjectProblem, Result};
pub use framework::{Element, ElementType, Framework};
pub use pipeline::{run, score, Input, Output, Pipeline, Step};
pub use analysis::{sensitivity, uncertainty, Analysis, AnalysisSpec, Design, Sensitivity, Uncertainty};
pub use table::{Cell, Record, Table};
pub use warning::{Warning, WarningKind};
