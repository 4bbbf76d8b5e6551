//! Uncertainty and sensitivity analysis: determinism, and results that can be worked out by hand.
#![cfg(not(target_arch = "wasm32"))]

use innoscore::{sensitivity, uncertainty, Analysis, AnalysisSpec, Design, Framework, IData, Pipeline, Table};
use serde_json::json;

/// Three units, two indicators with opposite leaders; one level of aggregation.
const IMETA: &str = "Level,iCode,Direction,Weight,Parent,Type\n\
    1,a,1,1,Index,Indicator\n1,b,1,1,Index,Indicator\n2,Index,1,1,,Aggregate\n";
const IDATA: &str = "uCode,a,b\nX,10,1\nY,6,6\nZ,1,10\n";

fn setup(imeta: &str, idata: &str) -> (Framework, IData) {
    let f = Framework::from_table(Table::from_csv("iMeta", imeta).unwrap()).unwrap();
    let d = IData::from_table(Table::from_csv("iData", idata).unwrap(), &f).unwrap();
    (f, d)
}

fn pipeline() -> Pipeline {
    Pipeline::from_json(&json!([
        { "step": "normalise", "method": "minmax", "range": [1, 100] },
        { "step": "aggregate", "method": "arithmetic" }
    ]))
    .unwrap()
}

#[test]
fn a_choice_that_changes_nothing_leaves_every_interval_at_the_nominal_value() {
    let (f, d) = setup(IMETA, IDATA);
    // the range of min-max moves scores but never ranks under an arithmetic mean
    let spec = AnalysisSpec::from_json(&json!({
        "n": 40, "seed": 3,
        "choices": [{ "step": "normalise", "option": "range", "values": [[1, 100], [10, 20]] }]
    }))
    .unwrap();
    let out = uncertainty(&f, &d, &pipeline(), &spec).unwrap();
    assert_eq!(out.runs, 40);
    assert_eq!(out.failed, 0);
    for u in &out.units {
        assert_eq!(u.q05, u.nominal, "{}", u.unit);
        assert_eq!(u.q95, u.nominal, "{}", u.unit);
        assert_eq!(u.mean, u.nominal, "{}", u.unit);
    }
    // by hand: X normalises to (100 + 1) / 2 = 50.5 on [1, 100]; on [10, 20] to (20 + 10) / 2 = 15
    let x = out.scores.iter().find(|s| s.unit == "X").unwrap();
    assert_eq!(x.nominal, Some(50.5));
    assert_eq!(x.q05, Some(15.0));
    assert_eq!(x.q95, Some(50.5));
}

#[test]
fn the_same_seed_gives_the_same_result_and_another_seed_another() {
    let (f, d) = setup(IMETA, IDATA);
    let spec = |seed: u64| {
        AnalysisSpec::from_json(&json!({
            "n": 60, "seed": seed,
            "choices": [{ "weights": { "level": 1, "noise": 0.9 } }]
        }))
        .unwrap()
    };
    let one = uncertainty(&f, &d, &pipeline(), &spec(1)).unwrap();
    let again = uncertainty(&f, &d, &pipeline(), &spec(1)).unwrap();
    let other = uncertainty(&f, &d, &pipeline(), &spec(2)).unwrap();
    assert_eq!(one, again);
    assert_ne!(one.scores, other.scores);
    // with weights of a and b each anywhere in [0.1, 1.9], X (a leader) and Z (b leader)
    // swap places often: both reach rank 1 and rank 3 across the runs
    let x = one.units.iter().find(|u| u.unit == "X").unwrap();
    assert_eq!((x.q05, x.q95), (Some(1.0), Some(3.0)));
}

#[test]
fn sensitivity_gives_all_to_the_choice_that_matters_and_nothing_to_the_one_that_does_not() {
    let (f, d) = setup(IMETA, IDATA);
    let spec = AnalysisSpec::from_json(&json!({
        "n": 400, "seed": 11, "bootstrap": 200,
        "choices": [
            { "step": "normalise", "option": "range", "values": [[1, 100], [10, 20]] },
            { "weights": { "level": 1, "noise": 0.9 } }
        ]
    }))
    .unwrap();
    let out = sensitivity(&f, &d, &pipeline(), &spec).unwrap();
    assert_eq!(out.runs, 400 * 4);
    assert!(out.variance > 0.0);
    // the range never changes a rank: A with its column from B gives exactly A's output
    let range = &out.choices[0];
    assert_eq!(range.choice, "normalise.range");
    assert_eq!((range.first, range.total), (0.0, 0.0));
    // the weights are then all there is: A with B's weights is B, so both estimators tend to 1
    let weights = &out.choices[1];
    assert_eq!(weights.choice, "weights.1");
    assert!((0.8..1.2).contains(&weights.first), "first-order {}", weights.first);
    assert!((0.8..1.2).contains(&weights.total), "total {}", weights.total);
    assert!(weights.first_q05 <= weights.first && weights.first <= weights.first_q95);
    assert!(weights.total_q05 <= weights.total && weights.total <= weights.total_q95);
}

#[test]
fn specs_that_do_not_fit_the_pipeline_say_why() {
    let (f, d) = setup(IMETA, IDATA);
    let run = |spec: serde_json::Value| uncertainty(&f, &d, &pipeline(), &AnalysisSpec::from_json(&spec).unwrap()).unwrap_err().to_string();
    assert_eq!(
        run(json!({ "choices": [{ "step": "treat", "option": "winmax", "values": [1, 2] }] })),
        "analysis spec: choices[0]: the pipeline has no 'treat' step to vary"
    );
    assert!(run(json!({ "choices": [{ "step": "aggregate", "option": "method", "values": ["median"] }] }))
        .starts_with("analysis spec: choices[0].values[0]: pipeline step 2 (aggregate): unknown method 'median'"));
    assert_eq!(
        run(json!({ "target": "Idx", "choices": [{ "weights": { "level": 1, "noise": 0.1 } }] })),
        "analysis spec: target 'Idx' is not an indicator or aggregate of iMeta"
    );
    let one = AnalysisSpec::from_json(&json!({ "choices": [{ "weights": { "level": 1, "noise": 0.1 } }] })).unwrap();
    assert_eq!(
        sensitivity(&f, &d, &pipeline(), &one).unwrap_err().to_string(),
        "analysis spec: sensitivity analysis needs at least two choices (use uncertainty for one)"
    );
}

#[test]
fn runs_that_fail_are_counted_and_left_out() {
    let (f, d) = setup(IMETA, IDATA);
    // min-max to [0, 100] gives zeros, which a geometric mean refuses: half the runs fail
    let p = Pipeline::from_json(&json!([{ "step": "normalise" }, { "step": "aggregate" }])).unwrap();
    let spec = AnalysisSpec::from_json(&json!({
        "n": 50, "seed": 5,
        "choices": [{ "step": "aggregate", "option": "method", "values": ["arithmetic", "geometric"] }]
    }))
    .unwrap();
    let out = uncertainty(&f, &d, &p, &spec).unwrap();
    assert!(out.failed > 0 && out.failed < 50, "{} failed", out.failed);
    assert!(out.failure.as_deref().unwrap_or("").contains("geometric mean"));
}

#[test]
fn an_analysis_run_a_few_points_at_a_time_gives_the_same_result() {
    let (f, d) = setup(IMETA, IDATA);
    let spec = AnalysisSpec::from_json(&json!({
        "n": 30, "seed": 9, "bootstrap": 50,
        "choices": [
            { "step": "normalise", "option": "range", "values": [[1, 100], [10, 20]] },
            { "weights": { "level": 1, "noise": 0.9 } }
        ]
    }))
    .unwrap();
    let whole = sensitivity(&f, &d, &pipeline(), &spec).unwrap();
    let mut parts = Analysis::new(&f, &d, &pipeline(), &spec, Design::Sensitivity).unwrap();
    assert_eq!(parts.total(), 30 * 4);
    assert!(parts.sensitivity().is_none(), "no indices before the last run");
    while !parts.is_done() {
        parts.advance(7);
    }
    assert_eq!(parts.sensitivity().unwrap(), whole);
}

#[test]
fn an_analysis_beyond_the_limits_is_refused_before_it_starts_and_says_which_limit() {
    let (f, d) = setup(IMETA, IDATA);
    let message = |spec: serde_json::Value, design: Design| {
        let spec = AnalysisSpec::from_json(&spec).unwrap();
        Analysis::new(&f, &d, &pipeline(), &spec, design).err().map(|e| e.to_string())
    };
    let choice = json!({ "step": "normalise", "option": "range", "values": [[1, 100], [10, 20]] });
    // 100,000 x (100 choices + 2) = 10,200,000 runs
    let many = json!({ "n": 100000, "choices": vec![choice.clone(); 100] });
    assert_eq!(
        message(many, Design::Sensitivity).as_deref(),
        Some("analysis spec: this analysis would make 10200000 runs; the limit is 1000000: lower n, or vary fewer choices")
    );
    // bootstrap 100,000 x 2 choices x n 10,000 = 2,000,000,000 terms
    let resampled = json!({ "n": 10000, "bootstrap": 100000, "choices": [choice.clone(), { "weights": { "level": 1, "noise": 0.1 } }] });
    assert_eq!(
        message(resampled, Design::Sensitivity).as_deref(),
        Some("analysis spec: this analysis would resample 2000000000 terms (bootstrap x choices x n); the limit is 1000000000: lower bootstrap")
    );
    // 1,000 units x 100 indicators: 20,000 runs x 1,000 x 100 = 2,000,000,000 values
    let imeta: String = std::iter::once("Level,iCode,Direction,Weight,Parent,Type".to_string())
        .chain((0..100).map(|i| format!("1,i{i},1,1,Index,Indicator")))
        .chain(std::iter::once("2,Index,1,1,,Aggregate".to_string()))
        .collect::<Vec<_>>()
        .join("\n");
    let idata: String = std::iter::once(format!("uCode,{}", (0..100).map(|i| format!("i{i}")).collect::<Vec<_>>().join(",")))
        .chain((0..1000).map(|u| format!("U{u},{}", (0..100).map(|i| ((u * 7 + i * 13) % 97).to_string()).collect::<Vec<_>>().join(","))))
        .collect::<Vec<_>>()
        .join("\n");
    let (big_f, big_d) = setup(&imeta, &idata);
    let spec = AnalysisSpec::from_json(&json!({ "n": 20000, "choices": [choice] })).unwrap();
    let e = Analysis::new(&big_f, &big_d, &pipeline(), &spec, Design::Uncertainty).err().unwrap();
    assert_eq!(
        e.to_string(),
        "analysis spec: this analysis would compute 2000000000 values (runs x units x indicators); the limit is 1000000000: lower n"
    );
    // and within the limits it runs
    let spec = AnalysisSpec::from_json(&json!({ "n": 5, "choices": [{ "weights": { "level": 1, "noise": 0.1 } }] })).unwrap();
    assert_eq!(uncertainty(&big_f, &big_d, &pipeline(), &spec).unwrap().runs, 5);
}
