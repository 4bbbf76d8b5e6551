//! The built-in framework, data and pipeline: the seven pillars of《以创新驱动塑造高质量发展新优势》
//! (Inner Mongolia Department of Science and Technology, 2022) over the region's 12 leagues and
//! cities, 2019–2023. Figures are public where `data/SOURCES.md` says so and illustrative
//! otherwise; the `DataNote` column of the data says which.

use serde_json::Value;
use crate::pipeline::{Input, Pipeline};
use crate::table::Table;

/// The default iMeta as CSV text.
pub const IMETA_CSV: &str = include_str!("../data/default_iMeta.csv");
/// The default iData as CSV text.
pub const IDATA_CSV: &str = include_str!("../data/default_iData.csv");

/// The default iMeta.
pub fn framework() -> Table {
    // (`unreachable!` rather than `expect`: formatting the error would keep every message's
    // English text in the widget, which tells errors in the analyst's language)
    Table::from_csv("iMeta", IMETA_CSV).unwrap_or_else(|_| unreachable!("the built-in iMeta is valid CSV (tested)"))
}

/// The default iData.
pub fn data() -> Table {
    Table::from_csv("iData", IDATA_CSV).unwrap_or_else(|_| unreachable!("the built-in iData is valid CSV (tested)"))
}

/// The default pipeline as JSON text: denominate, impute by region group, treat outliers and
/// min-max 0–100, both over all years at once (so years compare), arithmetic means.
pub const PIPELINE_JSON: &str = r#"[
    { "step": "denominate" },
    { "step": "impute", "method": "mean_group", "group": "Region_group" },
    { "step": "treat", "winmax": 5, "skew": 2, "kurtosis": 3.5, "global": true },
    { "step": "normalise", "method": "minmax", "range": [0, 100], "global": true },
    { "step": "aggregate", "method": "arithmetic" }
]"#;

/// The default pipeline, in its JSON form ([`PIPELINE_JSON`]).
pub fn pipeline_json() -> Value {
    serde_json::from_str(PIPELINE_JSON).expect("the built-in pipeline is valid JSON (tested)")
}

/// The default pipeline.
pub fn pipeline() -> Pipeline {
    Pipeline::from_json(&pipeline_json()).expect("the built-in pipeline is valid (tested)")
}

/// The default framework, data and pipeline together.
pub fn input() -> Input {
    Input { idata: data(), imeta: framework(), pipeline: pipeline() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_score_every_unit_and_year() {
        let out = crate::score(&input()).unwrap();
        assert_eq!(out.results.len(), 60);
        for r in &out.results {
            let index = r.get("Index").map(|c| c.text()).unwrap_or_default();
            let x: f64 = index.parse().unwrap();
            assert!((0.0..=100.0).contains(&x), "{index}");
        }
    }
}
