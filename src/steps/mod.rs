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
use crate::error::{Error, ErrorKind, Result};
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

/// Why a number is refused wherever a step takes one: NaN and infinities reach a spec from
/// JavaScript, and no step can use them.
pub(crate) const NOT_FINITE: &str = "use a finite number, not NaN or an infinity";

/// The error for an option that has a bad value.
pub(crate) fn bad_option(option: &str, reason: &str) -> Error {
    ErrorKind::BadOption { option: option.to_string(), reason: reason.to_string() }.into()
}

/// A number option: any finite number.
pub(crate) fn finite(option: &str, x: Option<f64>) -> Result<Option<f64>> {
    match x {
        Some(x) if !x.is_finite() => Err(bad_option(option, NOT_FINITE)),
        x => Ok(x),
    }
}

/// A number above zero.
pub(crate) fn positive(option: &str, x: Option<f64>) -> Result<Option<f64>> {
    match finite(option, x)? {
        Some(x) if x <= 0.0 => Err(bad_option(option, "use a number above zero")),
        x => Ok(x),
    }
}

/// A share from 0 to 1.
pub(crate) fn share(option: &str, x: Option<f64>) -> Result<Option<f64>> {
    match finite(option, x)? {
        Some(x) if !(0.0..=1.0).contains(&x) => Err(bad_option(option, "use a share from 0 to 1, such as 0.66")),
        x => Ok(x),
    }
}

/// A whole number of zero or more (up to a million).
pub(crate) fn count(option: &str, x: Option<f64>) -> Result<Option<usize>> {
    match finite(option, x)? {
        Some(x) if x < 0.0 || x.fract() != 0.0 || x > 1e6 => Err(bad_option(option, "use a whole number of zero or more")),
        x => Ok(x.map(|x| x as usize)),
    }
}

/// Two finite numbers, `[a, b]`.
pub(crate) fn pair(option: &str, x: Option<[f64; 2]>) -> Result<Option<(f64, f64)>> {
    match x {
        Some([a, b]) if !a.is_finite() || !b.is_finite() => Err(bad_option(option, NOT_FINITE)),
        x => Ok(x.map(|[a, b]| (a, b))),
    }
}
