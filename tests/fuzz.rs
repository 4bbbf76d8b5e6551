//! Fuzzing, run with every `cargo test` from a fixed seed (so that a run can be repeated): the
//! three readers of what users type or import (CSV text, project files, pipeline specs) take
//! anything without a panic, and what they accept scores without one.
#![cfg(not(target_arch = "wasm32"))]

use innoscore::project::Project;
use innoscore::{Framework, IData, Pipeline, Table};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::{json, Value};

fn config(cases: u32) -> Config {
    Config { cases, rng_seed: RngSeed::Fixed(20261129), failure_persistence: None, ..Config::default() }
}

/// CSV-like text: the characters that matter to a CSV reader, digits, letters, a BOM, Chinese
/// text, an ideographic space.
fn csv_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just(",".to_string()),
            Just("\"".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("\u{feff}".to_string()),
            Just("\u{3000}".to_string()),
            Just("NA".to_string()),
            Just("'=".to_string()),
            Just("uCode".to_string()),
            Just("a".to_string()),
            "[0-9.eE+-]{1,6}",
            "[a-z内蒙古]{1,4}",
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

const IMETA: &str = "Level,iCode,Direction,Weight,Parent,Type\n1,a,1,1,Index,Indicator\n2,Index,1,1,,Aggregate\n";

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn any_csv_text_is_read_or_refused_and_what_is_read_scores_or_is_refused(text in csv_text()) {
        let framework = Framework::from_table(Table::from_csv("iMeta", IMETA).unwrap()).unwrap();
        if let Ok(table) = Table::from_csv("iData", &text) {
            // every row has the header's width
            prop_assert!(!table.is_empty());
            let rows = table.to_records();
            prop_assert_eq!(rows.len(), table.len());
            if let Ok(idata) = IData::from_table(table, &framework) {
                let pipeline = Pipeline::from_json(&json!([{"step": "normalise"}, {"step": "aggregate"}])).unwrap();
                let _ = innoscore::run(&framework, &idata, &pipeline);
            }
        }
    }
}

/// A project file with a few characters changed: deleted, replaced or inserted.
fn mutated_project() -> impl Strategy<Value = String> {
    let file = Project::default_project().to_json();
    let len = file.chars().count();
    let edit = (0..len, 0u8..3, prop::sample::select(vec!['{', '}', '[', ']', '"', ',', ':', '1', '-', 'x', 'e', '.', ' ', '\\', '\u{fffd}']));
    prop::collection::vec(edit, 1..4).prop_map(move |edits| {
        let mut chars: Vec<char> = file.chars().collect();
        for (at, how, ch) in edits {
            let at = at.min(chars.len().saturating_sub(1));
            match how {
                0 => {
                    chars.remove(at);
                }
                1 => chars[at] = ch,
                _ => chars.insert(at, ch),
            }
        }
        chars.into_iter().collect()
    })
}

proptest! {
    #![proptest_config(config(400))]

    #[test]
    fn any_damaged_project_file_is_read_or_refused_and_what_is_read_round_trips(text in mutated_project()) {
        if let Ok(project) = Project::from_json(&text) {
            let _ = project.score();
            prop_assert_eq!(Project::from_json(&project.to_json()).unwrap(), project);
        }
    }
}

/// JSON built from the words of pipelines: step and option names, methods, numbers of every
/// kind, nested a few levels; most items are step objects, so that the checks of each step's
/// options are reached, not only the check that an item is a step.
fn pipeline_json() -> impl Strategy<Value = Value> {
    let word = prop::sample::select(vec![
        "step", "denominate", "impute", "screen", "treat", "normalise", "aggregate", "method", "range", "mean_sd", "global",
        "indicators", "a", "Index", "winmax", "skew", "kurtosis", "min_availability", "group", "from", "Raw", "minmax",
        "zscore", "rank", "geometric", "none", "standard", "2",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        prop_oneof![Just(0.0), Just(-1.0), Just(0.5), Just(1e308), Just(-0.0), Just(100.0), any::<f64>()].prop_map(|x| json!(x)),
        any::<i64>().prop_map(Value::from),
        word.clone().prop_map(Value::from),
    ];
    let value = leaf.prop_recursive(3, 24, 4, {
        let word = word.clone();
        move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((word.clone(), inner), 0..4).prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
            ]
        }
    });
    let steps = prop::sample::select(vec!["denominate", "impute", "screen", "treat", "normalise", "aggregate"]);
    let step = (steps, prop::collection::vec((word, value.clone()), 0..3)).prop_map(|(name, options)| {
        let mut object = serde_json::Map::new();
        object.insert("step".into(), json!(name));
        object.extend(options.into_iter().filter(|(k, _)| *k != "step").map(|(k, v)| (k.to_string(), v)));
        Value::Object(object)
    });
    prop::collection::vec(prop_oneof![4 => step, 1 => value], 0..5).prop_map(Value::Array)
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn any_pipeline_spec_is_read_or_refused_and_what_is_read_runs_or_is_refused(spec in pipeline_json()) {
        if let Ok(pipeline) = Pipeline::from_json(&spec) {
            prop_assert_eq!(Pipeline::from_json(pipeline.to_json()).unwrap(), pipeline.clone());
            let framework = Framework::from_table(Table::from_csv("iMeta", IMETA).unwrap()).unwrap();
            let idata = IData::from_table(Table::from_csv("iData", "uCode,a\nX,1\nY,5\nZ,2\n").unwrap(), &framework).unwrap();
            let _ = innoscore::run(&framework, &idata, &pipeline);
        }
    }
}
