//! What the analyst should know about a run that still produced scores.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::error::in_year;
use crate::stats::fixed;

/// Something a step did or could not do that changes how to read the scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum WarningKind {
    /// Outlier treatment winsorised an indicator.
    Winsorised {
        /// iCode.
        indicator: String,
        /// Year, on panel data.
        time: Option<i64>,
        /// Number of values replaced.
        points: usize,
        /// Skewness before.
        skew: f64,
        /// Kurtosis before.
        kurtosis: f64,
        /// uCodes of the units whose values were replaced: each now ties with the unit that
        /// held the next value.
        units: Vec<String>,
    },
    /// Winsorising up to the limit did not suffice: the log transform was applied instead.
    LogTransformed {
        /// iCode.
        indicator: String,
        /// Year, on panel data.
        time: Option<i64>,
        /// Skewness before.
        skew: f64,
        /// Kurtosis before.
        kurtosis: f64,
        /// The transformation, by COINr's name (`log_CT`, `log_CT_plus`, `log_GII`, `boxcox`).
        transform: String,
    },
    /// Too few values to judge skewness and kurtosis: left untreated.
    TooFewToTreat {
        /// iCode.
        indicator: String,
        /// Year, on panel data.
        time: Option<i64>,
        /// Values present.
        count: usize,
    },
    /// Values made missing because their denominator is missing.
    NoDenominator {
        /// iCode.
        indicator: String,
        /// The denominator column.
        denominator: String,
        /// Year, on panel data.
        time: Option<i64>,
        /// Units whose value became missing.
        units: Vec<String>,
    },
    /// A step that had nothing to do.
    NoChange {
        /// Why.
        reason: String,
    },
    /// Missing values that imputation could not fill.
    StillMissing {
        /// iCode.
        indicator: String,
        /// Year, on panel data.
        time: Option<i64>,
        /// Units left without a value.
        units: Vec<String>,
    },
    /// A unit dropped for lack of data.
    ScreenedOut {
        /// uCode.
        unit: String,
        /// Year, on panel data.
        time: Option<i64>,
        /// Share of indicators with a value.
        availability: f64,
    },
    /// An aggregate left without a score because too few children have values.
    ScoreMissing {
        /// iCode of the aggregate.
        aggregate: String,
        /// uCode.
        unit: String,
        /// Year, on panel data.
        time: Option<i64>,
        /// Share of children with a value.
        availability: f64,
    },
}

/// A warning with the pipeline step it came from. Its message is written when asked for
/// (or when serialised), not when the step runs: analyses run thousands of pipelines.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// Position of the step in the pipeline, from 1.
    pub step: usize,
    /// The step's name.
    pub step_name: &'static str,
    /// What happened.
    pub kind: WarningKind,
}

impl Warning {
    /// Attaches the step to a warning.
    pub fn new(step: usize, step_name: &'static str, kind: WarningKind) -> Warning {
        Warning { step, step_name, kind }
    }

    /// The warning as a sentence, with its step.
    pub fn message(&self) -> String {
        format!("pipeline step {} ({}): {}", self.step, self.step_name, self.kind)
    }
}

/// `{ step, step_name, message, kind, ...details }`, the shape scripts read: `kind` in
/// snake_case (`"winsorised"`) and the details under their field names.
impl Serialize for Warning {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Flat<'a> {
            step: usize,
            step_name: &'a str,
            message: String,
            #[serde(flatten)]
            kind: &'a WarningKind,
        }
        Flat { step: self.step, step_name: self.step_name, message: self.message(), kind: &self.kind }.serialize(serializer)
    }
}

fn pct(x: f64) -> String {
    format!("{}%", fixed(x * 100.0, 0))
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use WarningKind::*;
        match self {
            Winsorised { indicator, time, points, skew, kurtosis, .. } => write!(
                f,
                "indicator '{indicator}'{} had outliers (skewness {}, kurtosis {}): {points} value(s) winsorised",
                in_year(*time),
                fixed(*skew, 2),
                fixed(*kurtosis, 2)
            ),
            LogTransformed { indicator, time, skew, kurtosis, transform } => write!(
                f,
                "indicator '{indicator}'{} had outliers (skewness {}, kurtosis {}) that winsorising could not treat: {} instead",
                in_year(*time),
                fixed(*skew, 2),
                fixed(*kurtosis, 2),
                if transform == "log_CT" { "log-transformed".to_string() } else { format!("transformed by {transform}") }
            ),
            TooFewToTreat { indicator, time, count } => write!(
                f,
                "indicator '{indicator}'{} has only {count} value(s), too few to check for outliers: left untreated",
                in_year(*time)
            ),
            NoDenominator { indicator, denominator, time, units } => write!(
                f,
                "indicator '{indicator}'{}: denominator '{denominator}' is missing for {}: their values are treated as missing",
                in_year(*time),
                units.join(", ")
            ),
            NoChange { reason } => write!(f, "{reason}"),
            StillMissing { indicator, time, units } => write!(
                f,
                "indicator '{indicator}'{}: no value to impute from for {}: left missing",
                in_year(*time),
                units.join(", ")
            ),
            ScreenedOut { unit, time, availability } => write!(
                f,
                "unit '{unit}'{} has values for only {} of the indicators: screened out",
                in_year(*time),
                pct(*availability)
            ),
            ScoreMissing { aggregate, unit, time, availability } => write!(
                f,
                "unit '{unit}'{} has values for only {} of the components of '{aggregate}': no score",
                in_year(*time),
                pct(*availability)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_reach_scripts_flat_with_their_kind() {
        let w = Warning::new(3, "treat", WarningKind::Winsorised { indicator: "RD".into(), time: Some(2023), points: 2, skew: 2.5, kurtosis: 4.0, units: vec!["XA".into()] });
        let expected = concat!(
            r#"{"step":3,"step_name":"treat","#,
            r#""message":"pipeline step 3 (treat): indicator 'RD' in 2023 had outliers (skewness 2.50, kurtosis 4.00): 2 value(s) winsorised","#,
            r#""kind":"winsorised","indicator":"RD","time":2023,"points":2,"skew":2.5,"kurtosis":4.0,"units":["XA"]}"#
        );
        assert_eq!(serde_json::to_string(&w).unwrap(), expected);
        let w = Warning::new(1, "screen", WarningKind::ScreenedOut { unit: "XA".into(), time: None, availability: 0.5 });
        let json = serde_json::to_value(&w).unwrap();
        assert_eq!(json["kind"], "screened_out");
        assert!(json["time"].is_null());
    }
}
