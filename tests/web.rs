//! The JavaScript API in a real browser (wasm-pack test --headless --chrome -- --test web).
#![cfg(target_arch = "wasm32")]

use innoscore::bindings::{default_data, default_framework, default_pipeline, score};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).expect("readable property")
}

fn input(idata: JsValue, imeta: JsValue, pipeline: JsValue) -> JsValue {
    let o = Object::new();
    Reflect::set(&o, &"iData".into(), &idata).unwrap();
    Reflect::set(&o, &"iMeta".into(), &imeta).unwrap();
    Reflect::set(&o, &"pipeline".into(), &pipeline).unwrap();
    o.into()
}

fn pipeline(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

fn message(e: JsError) -> String {
    let v: JsValue = e.into();
    assert!(v.is_instance_of::<js_sys::Error>(), "a real Error is thrown");
    String::from(v.unchecked_into::<js_sys::Error>().message())
}

const IMETA: &str = "Level,iCode,Direction,Weight,Parent,Type\n1,a,1,1,Index,Indicator\n1,b,-1,3,Index,Indicator\n2,Index,1,1,,Aggregate\n";
const IDATA: &str = "uCode,uName,a,b\nX,甲,0,10\nY,乙,5,20\nZ,丙,10,30\n";

#[wasm_bindgen_test]
fn scores_csv_input_as_computed_by_hand() {
    // min-max 0-100: a -> 0, 50, 100; b reversed (less is better) -> 100, 50, 0
    // Index = (1 * a + 3 * b) / 4 -> X 75, Y 50, Z 25
    let out = score(input(IDATA.into(), IMETA.into(), pipeline(r#"[{"step":"normalise"},{"step":"aggregate"}]"#))).unwrap();
    let results = Array::from(&get(&out, "results"));
    assert_eq!(results.length(), 3);
    let first = results.get(0);
    assert_eq!(get(&first, "uCode").as_string().as_deref(), Some("X"));
    assert_eq!(get(&first, "uName").as_string().as_deref(), Some("甲"));
    assert_eq!(get(&first, "Index").as_f64(), Some(75.0));
    assert_eq!(get(&first, "Rank").as_f64(), Some(1.0));
    assert_eq!(get(&results.get(2), "Index").as_f64(), Some(25.0));
    let datasets = get(&out, "datasets");
    let names: Vec<String> = Object::keys(datasets.unchecked_ref::<Object>()).iter().filter_map(|k| k.as_string()).collect();
    assert_eq!(names, ["Raw", "Normalised", "Aggregated"]);
}

#[wasm_bindgen_test]
fn scores_the_built_in_framework_and_data() {
    let out = score(input(default_data().unwrap(), default_framework().unwrap(), default_pipeline().unwrap())).unwrap();
    let results = Array::from(&get(&out, "results"));
    assert_eq!(results.length(), 60, "12 leagues and cities x 5 years");
    let top = results.get(0);
    assert_eq!(get(&top, "Rank").as_f64(), Some(1.0));
    for pillar in ["RDInvest", "TechSupply", "Enterprise", "Platforms", "Talent", "Reform", "Openness"] {
        let v = get(&top, pillar).as_f64().unwrap_or(f64::NAN);
        assert!((0.0..=100.0).contains(&v), "{pillar} = {v}");
    }
    let warnings = Array::from(&get(&out, "warnings"));
    assert!(warnings.length() > 0);
    assert!(get(&warnings.get(0), "message").as_string().is_some());
    assert!(get(&warnings.get(0), "kind").as_string().is_some());
}

#[wasm_bindgen_test]
fn bad_input_throws_a_clear_error_and_the_module_keeps_working() {
    let steps = || pipeline(r#"[{"step":"normalise"},{"step":"aggregate"}]"#);
    let cases: [(JsValue, JsValue, JsValue, &str); 4] = [
        ("uCode,a,b\nX,1\n".into(), IMETA.into(), steps(), "iData: line 2: malformed CSV"),
        ("uCode,a,b\nX,1,abc\n".into(), IMETA.into(), steps(), "iData: line 2, column 'b': 'abc' is not a number"),
        (IDATA.into(), IMETA.into(), pipeline(r#"[{"step":"weigh"}]"#), "pipeline step 1 (weigh): unknown step 'weigh'"),
        (IDATA.into(), JsValue::UNDEFINED, steps(), "score: input.iMeta is missing"),
    ];
    for (idata, imeta, p, want) in cases {
        let got = message(score(input(idata, imeta, p)).unwrap_err());
        assert!(got.starts_with(want), "{got}");
    }
    // NaN given as a number in a row object
    let row = Object::new();
    Reflect::set(&row, &"uCode".into(), &"X".into()).unwrap();
    Reflect::set(&row, &"a".into(), &JsValue::from_f64(f64::NAN)).unwrap();
    Reflect::set(&row, &"b".into(), &JsValue::from_f64(1.0)).unwrap();
    let got = message(score(input(Array::of1(&row).into(), IMETA.into(), steps())).unwrap_err());
    assert_eq!(got, "iData: row 1, column 'a': 'NaN' is not a finite number (leave the cell empty if the value is missing)");
    // still working
    let out = score(input(IDATA.into(), IMETA.into(), steps())).unwrap();
    assert_eq!(Array::from(&get(&out, "results")).length(), 3);
}
