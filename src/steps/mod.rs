//! The six pipeline steps, one file each, in the order a pipeline usually runs them: each step
//! is an enum of methods with a `run` that reads the data sets and the [`Context`] and rewrites
//! the data sets in place.

pub mod aggregate;
pub mod denominate;
pub mod impute;
pub mod normalise;
pub mod screen;
pub mod treat;

use crate::dataset::IData;
use crate::error::{ErrorKind, Result};
use crate::framework::{ElementType, Framework};

/// What every step can read besides its data sets.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The framework.
    pub framework: &'a Framework,
    /// The unit data.
    pub idata: &'a IData,
}

impl Context<'_> {
    /// Fails on the first code that is not an indicator of the framework.
    pub fn check_indicators<'c>(&self, codes: impl IntoIterator<Item = &'c String>) -> Result<()> {
        for code in codes {
            if self.framework.get(code).is_none_or(|e| e.kind != ElementType::Indicator) {
                return Err(ErrorKind::UnknownIndicator { code: code.clone() }.into());
            }
        }
        Ok(())
    }
}
