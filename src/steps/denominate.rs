//! Denominate: divide indicators by a size measure (COINr `Denominate`).
//!
//! `x / denominator * Scale`, for every indicator whose iMeta row names a Denominator column
//! of iData; Scale (default 1) turns the ratio into the unit of the indicator (x 100 for a percentage).

use serde::{Deserialize, Serialize};

use crate::dataset::Dataset;
use crate::error::{Error, ErrorKind, Result};
use super::Context;
use crate::warning::WarningKind;

/// The denominate step. It has no options besides `from`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Denominate;

/// The denominate step's options as scripts write them: `{}`, none.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an object without options: {}")]
pub struct DenominateSpec {}

impl TryFrom<DenominateSpec> for Denominate {
    type Error = Error;

    fn try_from(_: DenominateSpec) -> Result<Denominate> {
        Ok(Denominate)
    }
}

impl Denominate {
    /// Divides each indicator that has a Denominator by it, in every data set.
    ///
    /// # Errors
    /// [`ErrorKind::ZeroDenominator`] where a value has a zero denominator. A missing
    /// denominator makes the value missing (as in COINr), with a warning.
    pub fn run(&self, data: &mut [Dataset], ctx: &Context) -> Result<Vec<WarningKind>> {
        let mut any = false;
        let mut warnings = Vec::new();
        for (k, ind) in ctx.framework.indicators().enumerate() {
            let Some(name) = &ind.denominator else { continue };
            let Some(den) = ctx.idata.denominator(name) else {
                return Err(ErrorKind::MissingDenominator { indicator: ind.code.clone(), denominator: name.clone() }.into());
            };
            any = true;
            for set in data.iter_mut() {
                let Some(i) = set.position(&ind.code, k) else { continue };
                let Dataset { rows, columns, time } = set;
                let (col, time) = (&mut columns[i], *time);
                let mut no_denominator = Vec::new();
                for (v, &r) in col.values.iter_mut().zip(rows.iter()) {
                    let Some(x) = *v else { continue };
                    let unit = &ctx.idata.units()[r];
                    match den[r] {
                        Some(d) if d != 0.0 => *v = Some(x / d * ind.scale),
                        Some(_) => {
                            return Err(ErrorKind::ZeroDenominator {
                                indicator: ind.code.clone(),
                                denominator: name.clone(),
                                unit: unit.code.clone(),
                                time: unit.time,
                            }
                            .into());
                        }
                        None => {
                            *v = None;
                            no_denominator.push(unit.code.clone());
                        }
                    }
                }
                if !no_denominator.is_empty() {
                    warnings.push(WarningKind::NoDenominator {
                        indicator: ind.code.clone(),
                        denominator: name.clone(),
                        time,
                        units: no_denominator,
                    });
                }
            }
        }
        if !any {
            return Ok(vec![WarningKind::NoChange {
                reason: "no indicator has a Denominator in iMeta: nothing to denominate".into(),
            }]);
        }
        Ok(warnings)
    }
}
