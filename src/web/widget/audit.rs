//! The statistical audit (统计检验), made by the scripting API's `auditOfProject`
//! (src/analysis/audit.rs, built into pkg/ and loaded when an analyst first asks, as the
//! robustness check is). What comes back is read field by field into the core's [`Report`], as
//! robust.rs reads its result, so that the page's first load carries no deserialiser of it.

use wasm_bindgen::JsValue;

use super::bridge::{field, list};
use crate::analysis::audit::{ChildAudit, Correlation, PillarAudit, Report};

/// Cronbach's alpha from which a pillar's indicators count as coherent (the rule of thumb).
pub(super) const ALPHA_COHERENT: f64 = 0.7;
/// A correlation with its own pillar below this is flagged: the indicator pulls little, or
/// against the others (COINr's flag of negative or near-zero correlations).
pub(super) const WEAK: f64 = 0.3;
/// Two indicators of a pillar correlated above this may measure the same thing.
pub(super) const REDUNDANT: f64 = 0.9;

/// Where the audit stands.
pub(super) enum Audit {
    /// None asked for, or the figures or methods changed since.
    Idle,
    /// Waiting for the API: request `id` (which tells this request's answer from an older one's).
    Loading { id: u32 },
    /// The audit of year `time`, until the figures or methods change.
    Done { time: Option<i64>, report: Report },
}

/// Reads the API's `AuditReport` into the core's own shape (a field that is missing reads as
/// no value).
pub(super) fn read(result: &JsValue) -> Report {
    let text = |v: &JsValue, k: &str| field(v, k).as_string().unwrap_or_default();
    let number = |v: &JsValue, k: &str| field(v, k).as_f64();
    let pillars = list(&field(result, "pillars"))
        .map(|p| PillarAudit {
            code: text(&p, "iCode"),
            alpha: number(&p, "alpha"),
            pc1: number(&p, "pc1"),
            with_index: number(&p, "withIndex"),
            nominal: number(&p, "nominal").unwrap_or(0.0),
            effective: number(&p, "effective").unwrap_or(0.0),
            rank_change: number(&p, "rankChange"),
            indicators: list(&field(&p, "indicators"))
                .map(|c| ChildAudit {
                    code: text(&c, "iCode"),
                    with_pillar: number(&c, "withPillar"),
                    nominal: number(&c, "nominal").unwrap_or(0.0),
                    effective: number(&c, "effective").unwrap_or(0.0),
                })
                .collect(),
            pairs: list(&field(&p, "pairs")).map(|c| Correlation { x: text(&c, "x"), y: text(&c, "y"), r: number(&c, "r") }).collect(),
        })
        .collect();
    Report { index: text(result, "index"), pillars }
}

/// The class of a correlation's cell in the heat map: its strength, in five steps.
pub(super) fn heat(r: Option<f64>) -> &'static str {
    match r {
        None => "heat-none",
        Some(r) if r > REDUNDANT => "heat-5",
        Some(r) if r >= 0.6 => "heat-4",
        Some(r) if r >= WEAK => "heat-3",
        Some(r) if r >= 0.0 => "heat-2",
        Some(_) => "heat-1",
    }
}
