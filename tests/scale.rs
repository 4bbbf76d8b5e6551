//! Inputs far larger than the default scorecard are read, checked and scored correctly: China's
//! counties over ten years, and a framework thousands of levels deep. (How the cost grows with
//! them is measured in benches/engine.rs, not here.)
#![cfg(not(target_arch = "wasm32"))]

use innoscore::{Framework, IData, Pipeline, Table};
use serde_json::json;

#[test]
fn twenty_eight_thousand_rows_are_checked_and_scored() {
    let imeta = "Level,iCode,Direction,Weight,Parent,Type\n1,a,1,1,Index,Indicator\n1,b,-1,1,Index,Indicator\n2,Index,1,1,,Aggregate\n";
    let framework = Framework::from_table(Table::from_csv("iMeta", imeta).unwrap()).unwrap();
    // 2,800 units x 10 years; a = u, b = 2,799 - u: unit 0 is last in every year, unit 2,799 first
    let rows = (0..28_000).map(|i| (i / 10, 2014 + i % 10)).map(|(u, t)| format!("U{u},{t},{u},{}", 2799 - u));
    let idata: String = std::iter::once("uCode,Time,a,b".to_string()).chain(rows).collect::<Vec<_>>().join("\n");
    let idata = IData::from_table(Table::from_csv("iData", &idata).unwrap(), &framework).unwrap();
    assert_eq!(idata.units().len(), 28_000);
    let pipeline = Pipeline::from_json(&json!([{ "step": "normalise" }, { "step": "aggregate" }])).unwrap();
    let out = innoscore::run(&framework, &idata, &pipeline).unwrap();
    assert_eq!(out.results.len(), 28_000);
    let rank = |code: &str| out.results.iter().find(|r| r.get("uCode").map(|c| c.text()).as_deref() == Some(code)).and_then(|r| r.get("Rank")).map(|c| c.text());
    assert_eq!(rank("U2799").as_deref(), Some("1"));
    assert_eq!(rank("U0").as_deref(), Some("2800"));
    // the same unit twice in one year, at the end: found, with its line
    let twice = format!("uCode,Time,a,b\n{}\nU5,2014,1,1\n", (0..28_000).map(|i| format!("U{},{},1,1", i / 10, 2014 + i % 10)).collect::<Vec<_>>().join("\n"));
    let e = IData::from_table(Table::from_csv("iData", &twice).unwrap(), &framework).unwrap_err();
    assert_eq!(e.to_string(), "iData: line 28002: unit 'U5' appears twice for 2014 (each uCode once per Time)");
}

/// iMeta with one indicator under the first of `n` aggregates, each the Parent of the one
/// before, the last naming the first: a cycle through them all.
fn cycle(n: usize) -> String {
    let mut imeta = String::from("Level,iCode,Direction,Weight,Parent,Type\n1,a,1,1,A1,Indicator\n");
    for k in 1..=n {
        imeta.push_str(&format!("2,A{k},1,1,A{},Aggregate\n", k % n + 1));
    }
    imeta
}

#[test]
fn a_cycle_through_three_thousand_aggregates_is_found_with_its_path() {
    let e = Framework::from_table(Table::from_csv("iMeta", &cycle(3_000)).unwrap()).unwrap_err();
    let innoscore::ErrorKind::Cycle { path } = e.kind() else { panic!("{e}") };
    let expected: Vec<String> = (1..=3_000).chain([1]).map(|k| format!("A{k}")).collect();
    assert_eq!(path, &expected);
}
