//! Screen: drop units with too little data (COINr `Screen` with `unit_screen = "byNA"`).
//!
//! A unit's data availability is the share of indicator values present; a unit whose
//! availability is below `min_availability` is removed from the data set of that year.

use serde::{Deserialize, Serialize};

use crate::dataset::Dataset;
use crate::error::{Error, ErrorKind, Result};
use super::{share, Context};
use crate::warning::WarningKind;

/// The screen step.
#[derive(Debug, Clone, PartialEq)]
pub struct Screen {
    /// Lowest share of indicator values a unit must have, from 0 to 1 (default 0.5).
    pub min_availability: f64,
}

/// The screen step's options as scripts write them: `{"min_availability": 0.66}`. Absent or
/// null means the default.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an object such as {\"min_availability\": 0.66}")]
pub struct ScreenSpec {
    /// Lowest share of indicator values a unit must have, from 0 to 1 (default 0.5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_availability: Option<f64>,
}

/// Checks the options: a share from 0 to 1.
impl TryFrom<ScreenSpec> for Screen {
    type Error = Error;

    fn try_from(spec: ScreenSpec) -> Result<Screen> {
        Ok(Screen { min_availability: share("min_availability", spec.min_availability)?.unwrap_or(0.5) })
    }
}

impl Screen {
    /// Removes the units below the threshold from every data set.
    ///
    /// # Errors
    /// [`ErrorKind::NoUnits`] when no unit is left in some year.
    pub fn run(&self, data: &mut [Dataset], ctx: &Context) -> Result<Vec<WarningKind>> {
        let mut warnings = Vec::new();
        for set in data.iter_mut() {
            let n = set.columns.len().max(1) as f64;
            let keep: Vec<bool> = (0..set.rows.len())
                .map(|i| {
                    let present = set.columns.iter().filter(|c| c.values[i].is_some()).count() as f64;
                    let availability = present / n;
                    let kept = availability >= self.min_availability;
                    if !kept {
                        let unit = &ctx.idata.units()[set.rows[i]];
                        warnings.push(WarningKind::ScreenedOut { unit: unit.code.clone(), time: unit.time, availability });
                    }
                    kept
                })
                .collect();
            set.retain_rows(&keep);
            if set.rows.is_empty() {
                return Err(ErrorKind::NoUnits.into());
            }
        }
        if warnings.is_empty() {
            warnings.push(WarningKind::NoChange {
                reason: format!(
                    "every unit has values for at least {}% of the indicators: none screened out",
                    crate::stats::fixed(self.min_availability * 100.0, 0)
                ),
            });
        }
        Ok(warnings)
    }
}
