use innoscore::*;
use serde_json::json;
#[test]
fn profile_ua() {
    let dir = "../shared/fixtures/asem/";
    let f = Framework::from_table(Table::from_csv("iMeta", &std::fs::read_to_string(format!("{dir}ASEM_iMeta.csv")).unwrap()).unwrap()).unwrap();
    let d = IData::from_table(Table::from_csv("iData", &std::fs::read_to_string(format!("{dir}ASEM_iData.csv")).unwrap()).unwrap(), &f).unwrap();
    let p = Pipeline::from_json(&json!([{ "step": "denominate" }, { "step": "impute", "method": "mean_group", "group": "EurAsia_group" }, { "step": "screen", "min_availability": 0.9 }, { "step": "treat" }, { "step": "normalise", "method": "minmax", "range": [0, 100] }, { "step": "aggregate" }])).unwrap();
    let spec = AnalysisSpec::from_json(&json!({"n": 200, "seed": 1, "choices": [
        { "step": "treat", "option": "winmax", "values": [1, 2, 3, 4, 5] },
        { "step": "normalise", "values": [ { "method": "minmax", "range": [1, 100] }, { "method": "zscore", "mean_sd": [10, 2] } ] },
        { "step": "aggregate", "option": "method", "values": ["arithmetic", "geometric"] },
        { "weights": { "level": 2, "noise": 0.25 } }, { "weights": { "level": 3, "noise": 0.25 } } ]})).unwrap();
    let out = uncertainty(&f, &d, &p, &spec).unwrap();
    assert_eq!(out.runs, 200);
}
