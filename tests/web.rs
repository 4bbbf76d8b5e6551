//! The JavaScript API in a real browser (wasm-pack test --headless --chrome -- --test web).
#![cfg(target_arch = "wasm32")]

use innoscore::web::api::{copeland, correlations, cronbach, default_data, default_framework, default_pipeline, effective_weights, remove_elements, score, sensitivity, uncertainty, StepwiseAnalysis};
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
    let out = score(input(IDATA.into(), IMETA.into(), pipeline(r#"[{"step":"normalise"},{"step":"aggregate"}]"#)), None).unwrap();
    let results = Array::from(&get(&out, "results"));
    assert_eq!(results.length(), 3);
    let first = results.get(0);
    assert_eq!(get(&first, "uCode").as_string().as_deref(), Some("X"));
    assert_eq!(get(&first, "uName").as_string().as_deref(), Some("甲"));
    assert_eq!(get(&first, "Index").as_f64(), Some(75.0));
    assert_eq!(get(&first, "Rank").as_f64(), Some(1.0));
    assert_eq!(get(&results.get(2), "Index").as_f64(), Some(25.0));
    assert!(get(&out, "datasets").is_undefined(), "data sets only when asked for");
}

fn dataset_names(out: &JsValue) -> Vec<String> {
    let datasets = get(out, "datasets");
    Object::keys(datasets.unchecked_ref::<Object>()).iter().filter_map(|k| k.as_string()).collect()
}

#[wasm_bindgen_test]
fn data_sets_are_returned_when_asked_for() {
    let steps = || pipeline(r#"[{"step":"normalise"},{"step":"aggregate"}]"#);
    let all = score(input(IDATA.into(), IMETA.into(), steps()), Some(pipeline(r#"{"datasets": true}"#))).unwrap();
    assert_eq!(dataset_names(&all), ["Raw", "Normalised", "Aggregated"]);
    let one = score(input(IDATA.into(), IMETA.into(), steps()), Some(pipeline(r#"{"datasets": ["Normalised"]}"#))).unwrap();
    assert_eq!(dataset_names(&one), ["Normalised"]);
    // a -> 0, 50, 100 by min-max (hand calculation above), as a plain object per row
    let rows = Array::from(&get(&get(&one, "datasets"), "Normalised"));
    assert_eq!(rows.length(), 3);
    assert_eq!(get(&rows.get(1), "uCode").as_string().as_deref(), Some("Y"));
    assert_eq!(get(&rows.get(1), "a").as_f64(), Some(50.0));
    let none = score(input(IDATA.into(), IMETA.into(), steps()), Some(pipeline(r#"{"datasets": false}"#))).unwrap();
    assert!(get(&none, "datasets").is_undefined());
    let bad = score(input(IDATA.into(), IMETA.into(), steps()), Some(pipeline(r#"{"datasets": ["Treated"]}"#))).unwrap_err();
    assert_eq!(message(bad), "score: options.datasets: this run wrote no data set 'Treated' (it wrote Raw, Normalised, Aggregated)");
    let bad = score(input(IDATA.into(), IMETA.into(), steps()), Some(pipeline(r#"{"datsets": true}"#))).unwrap_err();
    assert_eq!(message(bad), "score: options: unknown field 'datsets' (use datasets)");
    let bad = score(input(IDATA.into(), IMETA.into(), steps()), Some(pipeline(r#"{"datasets": "Raw"}"#))).unwrap_err();
    assert!(message(bad).starts_with("score: options.datasets: "), "names the option");
}

#[wasm_bindgen_test]
fn scores_the_built_in_framework_and_data() {
    let out = score(input(default_data().unwrap(), default_framework().unwrap(), default_pipeline().unwrap()), None).unwrap();
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
        let got = message(score(input(idata, imeta, p), None).unwrap_err());
        assert!(got.starts_with(want), "{got}");
    }
    // NaN given as a number in a row object
    let row = Object::new();
    Reflect::set(&row, &"uCode".into(), &"X".into()).unwrap();
    Reflect::set(&row, &"a".into(), &JsValue::from_f64(f64::NAN)).unwrap();
    Reflect::set(&row, &"b".into(), &JsValue::from_f64(1.0)).unwrap();
    let got = message(score(input(Array::of1(&row).into(), IMETA.into(), steps()), None).unwrap_err());
    assert_eq!(got, "iData: row 1, column 'a': 'NaN' is not a finite number (leave the cell empty if the value is missing)");
    // NaN given as a number in a pipeline option: refused by name, not read as the default
    let nan_step = pipeline(r#"[{"step":"screen","min_availability":0.5}]"#);
    Reflect::set(&Array::from(&nan_step).get(0), &"min_availability".into(), &JsValue::from_f64(f64::NAN)).unwrap();
    let got = message(score(input(IDATA.into(), IMETA.into(), nan_step), None).unwrap_err());
    assert_eq!(got, "pipeline step 1 (screen): option 'min_availability': use a finite number, not NaN or an infinity");
    // codes that are not readable text: a number, a lone surrogate (read as U+FFFD)
    let rows = pipeline(r#"[{"uCode": "X", "a": 1, "b": 2}, {"uCode": "\ud800", "a": 1, "b": 2}]"#);
    let got = message(score(input(rows, IMETA.into(), steps()), None).unwrap_err());
    assert!(got.starts_with("iData: row 2, column 'uCode': '\u{FFFD}' is not allowed (a code must be readable text"), "{got}");
    Reflect::set(&row, &"uCode".into(), &JsValue::from_f64(f64::NAN)).unwrap();
    Reflect::set(&row, &"a".into(), &JsValue::from_f64(1.0)).unwrap();
    let got = message(score(input(Array::of1(&row).into(), IMETA.into(), steps()), None).unwrap_err());
    assert!(got.starts_with("iData: row 1, column 'uCode': 'NaN' is not allowed (a code is text"), "{got}");
    // NaN as winmax or as an analysis's n: refused by name
    let nan_winmax = pipeline(r#"[{"step":"treat","winmax":5},{"step":"normalise"},{"step":"aggregate"}]"#);
    Reflect::set(&Array::from(&nan_winmax).get(0), &"winmax".into(), &JsValue::from_f64(f64::NAN)).unwrap();
    let got = message(score(input(IDATA.into(), IMETA.into(), nan_winmax), None).unwrap_err());
    assert_eq!(got, "pipeline step 1 (treat): option 'winmax': use a finite number, not NaN or an infinity");
    let nan_n = pipeline(r#"{"n": 5, "choices": [{"weights": {"level": 1, "noise": 0.1}}]}"#);
    Reflect::set(&nan_n, &"n".into(), &JsValue::from_f64(f64::NAN)).unwrap();
    let got = message(uncertainty(input(IDATA.into(), IMETA.into(), steps()), nan_n).unwrap_err());
    assert_eq!(got, "analysis spec: n: use a finite number, not NaN or an infinity");
    // a row that is not an object is named by its number
    let got = message(score(input(pipeline("[{\"uCode\": \"X\", \"a\": 1, \"b\": 2}, 7]"), IMETA.into(), steps()), None).unwrap_err());
    assert_eq!(got, "iData: row 2: invalid type: integer `7`, expected a row object, one field per column");
    let got = message(score(input(IDATA.into(), IMETA.into(), steps()), Some(JsValue::from_f64(5.0))).unwrap_err());
    assert_eq!(got, "score: options: use an object such as { datasets: true }");
    // a misspelt field of the input or of a step
    let typo = input(IDATA.into(), IMETA.into(), steps());
    Reflect::set(&typo, &"pipelines".into(), &steps()).unwrap();
    let got = message(score(typo, None).unwrap_err());
    assert_eq!(got, "score: input: unknown field 'pipelines' (use iData, iMeta, pipeline)");
    let got = message(score(input(IDATA.into(), IMETA.into(), pipeline(r#"[{"step":"treat","winmux":3}]"#)), None).unwrap_err());
    assert!(got.starts_with("pipeline step 1 (treat): option 'winmux'"), "{got}");
    // still working
    let out = score(input(IDATA.into(), IMETA.into(), steps()), None).unwrap();
    assert_eq!(Array::from(&get(&out, "results")).length(), 3);
}

/// An object whose property `key` is a getter that throws, as `{ get key() { throw ... } }` makes.
fn throwing_getter(key: &str) -> Object {
    let o = Object::new();
    let descriptor = Object::new();
    Reflect::set(&descriptor, &"get".into(), &js_sys::Function::new_no_args("throw new Error('boom')")).unwrap();
    Reflect::set(&descriptor, &"enumerable".into(), &JsValue::TRUE).unwrap(); // as in `{ get iData() { ... } }`
    Object::define_property(&o, &key.into(), &descriptor);
    o
}

#[wasm_bindgen_test]
fn a_script_that_throws_while_its_input_is_read_gets_an_error_and_the_module_lives_on() {
    let steps = || pipeline(r#"[{"step":"normalise"},{"step":"aggregate"}]"#);
    // a Proxy whose every trap throws
    let handler = pipeline("{}");
    for trap in ["get", "ownKeys", "has", "getOwnPropertyDescriptor", "getPrototypeOf"] {
        Reflect::set(&handler, &trap.into(), &js_sys::Function::new_no_args("throw new Error('trap')")).unwrap();
    }
    let proxy: JsValue = js_sys::Proxy::new(&Object::new(), handler.unchecked_ref()).into();
    // enough calls to exhaust the module's stack, were any of them to unwind through it
    for i in 0..10_000 {
        let (got, want) = match i % 4 {
            0 => (score(throwing_getter("iData").into(), None), "score: input cannot be read (boom)"),
            1 => {
                let rows = Array::of1(&throwing_getter("uCode"));
                (score(input(rows.into(), IMETA.into(), steps()), None), "score: input cannot be read (boom)")
            }
            2 => (score(input(IDATA.into(), IMETA.into(), steps()), Some(proxy.clone())), "score: options cannot be read ("),
            _ => (uncertainty(input(IDATA.into(), IMETA.into(), steps()), throwing_getter("n").into()), "analysis spec cannot be read (boom)"),
        };
        let got = message(got.unwrap_err());
        assert!(got.starts_with(want), "call {i}: {got}");
    }
    let out = score(input(IDATA.into(), IMETA.into(), steps()), None).unwrap();
    assert_eq!(get(&Array::from(&get(&out, "results")).get(0), "Index").as_f64(), Some(75.0), "and the next call is right");
}

#[wasm_bindgen_test]
fn uncertainty_and_sensitivity_through_the_api() {
    let steps = || pipeline(r#"[{"step":"normalise","range":[1,100]},{"step":"aggregate"}]"#);
    let spec = pipeline(r#"{"n": 20, "seed": 4, "choices": [
        {"step": "normalise", "option": "range", "values": [[1, 100], [10, 20]]},
        {"weights": {"level": 1, "noise": 0.5}}]}"#);
    let ua = uncertainty(input(IDATA.into(), IMETA.into(), steps()), spec.clone()).unwrap();
    assert_eq!(get(&ua, "runs").as_f64(), Some(20.0));
    let units = Array::from(&get(&ua, "units"));
    assert_eq!(units.length(), 3);
    // X leads the nominal ranking (hand calculation in scores_csv_input_as_computed_by_hand)
    assert_eq!(get(&units.get(0), "uCode").as_string().as_deref(), Some("X"));
    assert_eq!(get(&units.get(0), "nominal").as_f64(), Some(1.0));
    let sa = sensitivity(input(IDATA.into(), IMETA.into(), steps()), spec).unwrap();
    assert_eq!(get(&sa, "runs").as_f64(), Some(80.0));
    let choices = Array::from(&get(&sa, "choices"));
    assert_eq!(get(&choices.get(0), "choice").as_string().as_deref(), Some("normalise.range"));
    assert_eq!(get(&choices.get(0), "total").as_f64(), Some(0.0), "the range never changes a rank");
    let bad = uncertainty(input(IDATA.into(), IMETA.into(), steps()), pipeline(r#"{"n": 0, "choices": []}"#)).unwrap_err();
    assert_eq!(message(bad), "analysis spec: 'n' must be a whole number from 1 to 100000");
    // NaN among a choice's values: refused with its place, not read as null
    let nan_spec = pipeline(r#"{"n": 5, "choices": [{"step": "treat", "option": "winmax", "values": [1, 2]}]}"#);
    let values = Reflect::get(&Array::from(&get(&nan_spec, "choices")).get(0), &"values".into()).unwrap();
    values.unchecked_ref::<Array>().set(1, JsValue::from_f64(f64::NAN)); // (Array::from would copy)
    let bad = uncertainty(input(IDATA.into(), IMETA.into(), steps()), nan_spec).unwrap_err();
    assert_eq!(message(bad), "analysis spec: choices[0].values[1]: use a finite number, not NaN or an infinity");
    let bad = uncertainty(input(IDATA.into(), IMETA.into(), steps()), pipeline(r#"{"n": 5, "choise": []}"#)).unwrap_err();
    assert!(message(bad).starts_with("analysis spec: choise: unknown field `choise`"), "unknown fields are seen");
}

#[wasm_bindgen_test]
fn an_analysis_made_a_few_runs_at_a_time_gives_what_one_call_gives() {
    let steps = || pipeline(r#"[{"step":"normalise","range":[1,100]},{"step":"aggregate"}]"#);
    let spec = || pipeline(r#"{"n": 20, "seed": 4, "choices": [
        {"step": "normalise", "option": "range", "values": [[1, 100], [10, 20]]},
        {"weights": {"level": 1, "noise": 0.5}}]}"#);
    let whole = sensitivity(input(IDATA.into(), IMETA.into(), steps()), spec()).unwrap();
    let mut a = StepwiseAnalysis::new(input(IDATA.into(), IMETA.into(), steps()), spec(), "sensitivity".into()).unwrap();
    assert_eq!((a.done(), a.total()), (0, 80), "n (choices + 2) runs");
    a.advance(30);
    assert_eq!((a.done(), a.finished()), (30, false));
    assert_eq!(message(a.result().unwrap_err()), "Analysis: not finished: 30 of 80 runs made (call advance() until finished is true)");
    while !a.finished() {
        a.advance(7);
    }
    assert_eq!(a.done(), 80);
    let json = |v: &JsValue| js_sys::JSON::stringify(v).unwrap().as_string().unwrap();
    assert_eq!(json(&a.result().unwrap()), json(&whole), "the same result however the work is divided");
    let bad = StepwiseAnalysis::new(input(IDATA.into(), IMETA.into(), steps()), spec(), "sensitivty".into()).err().unwrap();
    assert_eq!(message(bad), "Analysis: design: use \"uncertainty\" or \"sensitivity\"");
}

#[wasm_bindgen_test]
fn the_scorecards_robustness_check_of_a_project_file() {
    let project = innoscore::project::Project::default_project();
    let a = StepwiseAnalysis::of_project(&project.to_json(), 5).unwrap();
    // the default method varies the normalisation, the aggregation, the weights of both levels
    // and (treatment being on) the winsorisation limit: 5 choices, so 5 x (5 + 2) runs
    assert_eq!((a.done(), a.total()), (0, 35));
    let bad = StepwiseAnalysis::of_project("{", 5).err().unwrap();
    assert!(message(bad).starts_with("project file: line 1, column 1: not valid JSON"));
}

// ---- the widget, mounted into a detached element -------------------------------------------

use innoscore::web::widget::Scorecard;
use web_sys::{HtmlElement, ShadowRoot};

fn mount(key: &str, source: Option<&str>) -> (HtmlElement, ShadowRoot, Scorecard) {
    let window = web_sys::window().unwrap();
    window.local_storage().unwrap().unwrap().clear().unwrap();
    let doc = window.document().unwrap();
    let host: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    let root = host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).unwrap();
    let card = Scorecard::new(host.clone(), root.clone(), key.into(), source.map(str::to_string), source.map(|_| "data.csv".to_string()), None, false, None).unwrap();
    (host, root, card)
}

fn count(root: &ShadowRoot, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn text(root: &ShadowRoot, selector: &str) -> String {
    root.query_selector(selector).unwrap().and_then(|e| e.text_content()).unwrap_or_default()
}

fn type_into(root: &ShadowRoot, selector: &str, value: &str) -> web_sys::HtmlInputElement {
    let input: web_sys::HtmlInputElement = root.query_selector(selector).unwrap().expect(selector).unchecked_into();
    input.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
    input
}

#[wasm_bindgen_test]
fn the_widget_renders_the_default_scorecard_in_its_shadow_root() {
    let (_host, root, card) = mount("test:render", None);
    assert_eq!(count(&root, "table.ranking tbody tr"), 12, "12 leagues and cities");
    assert_eq!(count(&root, "[role=tab]"), 3);
    assert_eq!(count(&root, "table.grid[role=grid] tbody tr"), 12);
    assert_eq!(count(&root, "svg[data-chart=bar] rect.bar"), 12);
    // the unit's pillars, the average and the best of each
    assert_eq!(count(&root, "svg[data-chart=radar] polygon.series"), 3);
    assert_eq!(text(&root, "h2"), "创新驱动发展指数");
    assert_eq!(text(&root, "tr[data-unit=HHHT] td[data-col=Rank]"), "1");
    // styles are adopted into the shadow root, not added to the page
    assert_eq!(root.adopted_style_sheets().length(), 1);
    // a language other than the built-in one comes with its table, which the element loads
    card.attribute_changed("lang", Some("en".into()), None);
    assert_eq!(text(&root, "h2"), "创新驱动发展指数", "without its table: the built-in language");
    card.attribute_changed("lang", Some("en".into()), Some(include_str!("../locales/en.json").into()));
    assert_eq!(text(&root, "h2"), "Innovation-driven development index");
    assert_eq!(innoscore::web::widget::i18n::table_to_load(Some("en-GB".into())).as_deref(), Some("en"));
    assert_eq!(innoscore::web::widget::i18n::table_to_load(Some("zh".into())), None);
    drop(card);
    assert_eq!(root.child_nodes().length(), 0, "freed: nothing left behind");
}

#[wasm_bindgen_test]
fn a_bad_figure_is_marked_in_place_and_the_rest_keeps_working() {
    let (_host, root, _card) = mount("test:cells", None);
    let input = type_into(&root, "tr[data-unit=XAM] input[data-col=RD_GDP]", "abc");
    let td = input.parent_element().unwrap();
    assert_eq!(td.get_attribute("class").as_deref(), Some("bad"));
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(text(&root, ".cell-msg").contains("abc"), "{}", text(&root, ".cell-msg"));
    assert_eq!(count(&root, "table.ranking tbody tr"), 12, "scores without the bad cell");
    // fixed: the mark goes
    type_into(&root, "tr[data-unit=XAM] input[data-col=RD_GDP]", "2.5");
    assert_eq!(count(&root, "td.bad"), 0);
    // a negative count and a percentage over 100
    type_into(&root, "tr[data-unit=BT] input[data-col=HighTechEnt]", "-4");
    type_into(&root, "tr[data-unit=BT] input[data-col=HighTechVA]", "130");
    assert_eq!(count(&root, "td.bad"), 2);
}

#[wasm_bindgen_test]
fn editing_a_figure_changes_the_ranking() {
    let (_host, root, _card) = mount("test:rank", None);
    assert_eq!(text(&root, "tr[data-unit=XAM] td[data-col=Rank]"), "12");
    for col in ["RD_GDP", "HighTechEnt", "KeyLab", "TechSME", "Incubator", "JBGS", "RegCoop", "RDPersonnel", "TechContract"] {
        type_into(&root, &format!("tr[data-unit=XAM] input[data-col={col}]"), "100000");
    }
    let rank: u32 = text(&root, "tr[data-unit=XAM] td[data-col=Rank]").parse().unwrap();
    assert!(rank < 12, "rank {rank}");
}

#[wasm_bindgen_test]
fn user_text_is_inserted_as_text_never_html() {
    let csv = innoscore::defaults::IDATA_CSV.replace("呼和浩特市", "<img src=x onerror=alert(1)>");
    let (_host, root, _card) = mount("test:xss", Some(&csv));
    assert_eq!(count(&root, "img"), 0);
    assert!(root.text_content().unwrap_or_default().contains("<img src=x onerror=alert(1)>"));
}

#[wasm_bindgen_test]
fn a_source_that_cannot_be_fetched_falls_back_to_the_default_and_says_why() {
    let window = web_sys::window().unwrap();
    window.local_storage().unwrap().unwrap().clear().unwrap();
    let doc = window.document().unwrap();
    let host: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    let root = host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).unwrap();
    let _card = Scorecard::new(host, root.clone(), "test:missing".into(), None, Some("/data/2024.csv (HTTP 404)".into()), None, false, None).unwrap();
    assert_eq!(count(&root, "table.ranking tbody tr"), 12);
    assert_eq!(text(&root, ".status"), "无法载入 /data/2024.csv (HTTP 404)，已使用默认数据");
}

#[wasm_bindgen_test]
fn errors_are_told_in_the_users_language() {
    let project = r#"{"iMeta": [
        {"Level": 1, "iCode": "a", "Direction": 2, "Weight": 1, "Parent": "I", "Type": "Indicator"},
        {"Level": 2, "iCode": "I", "Direction": 1, "Weight": 1, "Type": "Aggregate"}],
        "iData": [{"uCode": "X", "a": 1}]}"#;
    let (_host, root, _card) = mount("test:zh-errors", Some(project));
    assert_eq!(
        text(&root, ".status"),
        "无法载入 data.csv，已使用默认数据：iMeta 第 1 行：方向只能是 1（正向）或 -1（逆向），不能是“2”"
    );
    // a project file whose settings are of the wrong kind names the field, in Chinese
    let project = project.replace(r#""iData""#, r#""settings": {"treat": "yes"}, "iData""#);
    let (_host, root, _card) = mount("test:zh-errors-2", Some(&project));
    let status = text(&root, ".status");
    assert!(status.starts_with("无法载入 data.csv，已使用默认数据：项目文件第 4 行第 "), "{status}");
    assert!(status.ends_with("列：字段 settings.treat 的值类型或取值不对"), "{status}");
}

#[wasm_bindgen_test]
fn a_source_that_does_not_fit_falls_back_to_the_default_and_says_why() {
    let (_host, root, _card) = mount("test:source", Some("uCode,RD_GDP\nX,1\n"));
    assert_eq!(count(&root, "table.ranking tbody tr"), 12);
    assert!(text(&root, ".status").contains("data.csv"), "{}", text(&root, ".status"));
}

#[wasm_bindgen_test]
fn the_random_numbers_are_those_of_the_reference_generator_here_too() {
    // SplitMix64 seeded with 0 gives 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, ... (its reference
    // implementation); xoshiro256**'s first output is rotl(s[1] * 5, 7) * 9, and a uniform
    // number its top 53 bits over 2^53: the same as natively, so seeds travel between platforms
    let first = 0x6e78_9e6a_a1b9_65f4u64.wrapping_mul(5).rotate_left(7).wrapping_mul(9);
    let expected = (first >> 11) as f64 / (1u64 << 53) as f64;
    assert_eq!(innoscore::analysis::Rng::new(0).uniform(), expected);
}

#[wasm_bindgen_test]
fn messages_in_chinese_hold_no_english_words_but_codes() {
    use innoscore::web::widget::i18n::Locale;
    use innoscore::{CsvProblem, Error, ErrorKind as K, ProjectProblem as P};
    let s = |x: &str| x.to_string();
    let cell = |row: &str, column: &str, text: &str| (s("iData"), s(row), s(column), s(text));
    let (t, r, c, x) = cell("line 3", "KeyLab", "abc");
    // every error an analyst can meet in the widget, with the codes it names
    let errors: Vec<(K, &[&str])> = vec![
        (K::Csv { table: s("iData"), line: 3, problem: CsvProblem::FieldCount { found: 1, expected: 2 } }, &[]),
        (K::Csv { table: s("iData"), line: 3, problem: CsvProblem::Unclosed }, &[]),
        (K::Csv { table: s("iData"), line: 3, problem: CsvProblem::Other(s("invalid UTF-8")) }, &[]),
        (K::EmptyTable { table: s("iMeta") }, &[]),
        (K::DuplicateColumn { table: s("iData"), column: s("KeyLab"), first: 2, second: 5 }, &["KeyLab"]),
        (K::MissingColumn { table: s("iMeta"), column: s("Weight") }, &["Weight"]),
        (K::NotANumber { table: t.clone(), row: r.clone(), column: c.clone(), text: x.clone() }, &["KeyLab", "abc"]),
        (K::NotFinite { table: t.clone(), row: r.clone(), column: c.clone(), text: s("Infinity") }, &["KeyLab", "Infinity"]),
        (K::InvalidValue { table: t.clone(), row: r.clone(), column: s("Time"), text: s("soon"), expected: s("use a year") }, &["soon"]),
        (K::InvalidValue { table: t.clone(), row: r.clone(), column: s("uCode"), text: s("NaN"), expected: s("text") }, &["NaN"]),
        (K::EmptyCell { table: t.clone(), row: r.clone(), column: s("uCode") }, &["uCode"]),
        (K::DuplicateUnit { code: s("HHHT"), time: Some(2023), row: s("line 9") }, &["HHHT"]),
        (K::DuplicateCode { code: s("KeyLab"), row: s("line 4") }, &["KeyLab"]),
        (K::UnknownParent { code: s("KeyLab"), parent: s("Platforms") }, &["KeyLab", "Platforms"]),
        (K::Cycle { path: vec![s("P"), s("Q"), s("P")] }, &["P", "Q"]),
        (K::LevelMismatch { code: s("KeyLab"), level: 1, parent: s("Index"), parent_level: 3 }, &["KeyLab", "Index"]),
        (K::Orphan { code: s("KeyLab"), level: 1, top: 3 }, &["KeyLab"]),
        (K::NoChildren { code: s("Platforms") }, &["Platforms"]),
        (K::ZeroWeights { parent: s("Platforms") }, &["Platforms"]),
        (K::NoIndicators, &[]),
        (K::MissingIndicator { code: s("KeyLab") }, &["KeyLab"]),
        (K::MissingDenominator { indicator: s("RD_GDP"), denominator: s("GDP") }, &["RD_GDP", "GDP"]),
        (K::ZeroDenominator { indicator: s("RD_GDP"), denominator: s("GDP"), unit: s("HHHT"), time: Some(2023) }, &["RD_GDP", "GDP", "HHHT"]),
        (K::NonPositiveMean { aggregate: s("Index"), unit: s("HHHT"), time: None, child: s("Talent"), value: 0.0, method: s("geometric") }, &["HHHT", "Talent"]),
        (K::ConstantIndicator { code: s("KeyLab"), time: Some(2023), method: s("minmax") }, &["KeyLab"]),
        (K::CannotScale { code: s("KeyLab"), time: Some(2023), method: s("fracmax"), reason: s("its highest value is 0") }, &["KeyLab"]),
        (K::MissingTarget { code: s("KeyLab") }, &["KeyLab"]),
        (K::BadTarget { code: s("KeyLab"), reason: s("the goalposts are reversed") }, &["KeyLab"]),
        (K::UnknownGroup { group: s("Region_group") }, &["Region_group"]),
        (K::NoUnits, &[]),
        (K::Overflow { code: s("Index"), unit: s("HHHT"), time: None }, &["Index", "HHHT"]),
        (K::UnknownIndicator { code: s("KeyLab") }, &["KeyLab"]),
        (K::BadProject { line: 2, column: 12, field: None, problem: P::NotJson, reason: s("not valid JSON (expected value)") }, &[]),
        (K::BadProject { line: 1, column: 2, field: None, problem: P::NotAProject, reason: s("expected an object") }, &[]),
        (K::BadProject { line: 0, column: 0, field: Some(s("format")), problem: P::OtherFormat(s("geojson")), reason: s("not ours") }, &["geojson"]),
        (K::BadProject { line: 1, column: 9, field: Some(s(".")), problem: P::MissingField(s("iData")), reason: s("missing field `iData`") }, &[]),
        (K::BadProject { line: 4, column: 3, field: Some(s("settings.weighs")), problem: P::UnknownField(s("weighs")), reason: s("unknown field") }, &["weighs"]),
        (K::BadProject { line: 7, column: 1, field: Some(s("iData[3]")), problem: P::RepeatedField(s("KeyLab")), reason: s("the field 'KeyLab' appears twice") }, &["KeyLab"]),
        (K::BadProject { line: 4, column: 17, field: Some(s("settings.treat")), problem: P::BadValue, reason: s("invalid type: integer `1`, expected a boolean") }, &["settings", "treat"]),
        (K::NotAWorkbook, &[]),
        (K::NoSuchSheet { sheet: s("Sheet1"), sheets: vec![s("说明"), s("数据")] }, &["Sheet1"]),
        (K::EmptySheet { sheet: s("Sheet2") }, &["Sheet2"]),
    ];
    // what a Chinese message may hold besides Chinese: the codes, and these names of things
    let names = ["iData", "iMeta", "CSV", "JSON", "innoscore", "format", "Indicator", "Aggregate", "Group", "Denominator", "Excel", "WPS", "xlsx", "xls", "ods"];
    let zh = Locale::for_tag(Some("zh-CN"), None);
    for (kind, codes) in errors {
        let english = Error::from(kind.clone()).to_string();
        let text = zh.error(&Error::from(kind));
        assert_ne!(text, english, "translated: {english}");
        let words = text.split(|ch: char| !ch.is_ascii_alphanumeric() && ch != '_').filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 2);
        for word in words {
            assert!(codes.contains(&word) || names.contains(&word), "'{word}' in {text}");
        }
    }
}

// ---- readWorkbook and writeWorkbook (feature workbook, pkg/workbook/) -------------------------

use innoscore::web::workbook::{read_workbook, write_workbook};

/// The sheets of a workbook as a script gives them to writeWorkbook.
const SHEETS: &str = r#"[
  {"name": "数据", "rows": [["uCode", "uName", "RD"], ["150100", "呼和浩特市", 1.29], ["150200", "包头市", null]]},
  {"name": "iData: 2023", "rows": [["x"], [2023]]}
]"#;

fn strings(v: &JsValue) -> Vec<String> {
    Array::from(v).iter().filter_map(|s| s.as_string()).collect()
}

#[wasm_bindgen_test]
fn a_workbook_written_in_the_browser_reads_back_as_csv_text() {
    let bytes = write_workbook(pipeline(SHEETS)).unwrap();
    let array = js_sys::Uint8Array::from(bytes.as_slice());
    let first = read_workbook(array.clone().into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&first, "name").as_string().as_deref(), Some("数据"));
    // the name Excel refuses (':') made valid
    assert_eq!(strings(&get(&first, "sheets")), ["数据", "iData_ 2023"]);
    assert_eq!(get(&first, "text").as_string().as_deref(), Some("uCode,uName,RD\n150100,呼和浩特市,1.29\n150200,包头市,\n"));
    assert_eq!(get(&first, "firstRow").as_f64(), Some(1.0));
    // a year for a sheet's name
    let bytes = write_workbook(pipeline(r#"[{"name": 2023, "rows": [["x"]]}]"#)).unwrap();
    let read = read_workbook(js_sys::Uint8Array::from(bytes.as_slice()).into(), JsValue::NULL).unwrap();
    assert_eq!(get(&read, "name").as_string().as_deref(), Some("2023"));
    // an ArrayBuffer, and a sheet by its name
    let other = read_workbook(array.buffer().into(), "iData_ 2023".into()).unwrap();
    assert_eq!(get(&other, "text").as_string().as_deref(), Some("x\n2023\n"));
    // a row with holes, as `["A", , ]` makes: empty cells
    let holes = Array::new_with_length(3);
    holes.set(0, "A".into());
    let rows = Array::of2(&Array::of2(&"uCode".into(), &"x".into()), &holes);
    let sheet = Object::new();
    Reflect::set(&sheet, &"name".into(), &"数据".into()).unwrap();
    Reflect::set(&sheet, &"rows".into(), &rows).unwrap();
    let bytes = write_workbook(Array::of1(&sheet).into()).unwrap();
    let read = read_workbook(js_sys::Uint8Array::from(bytes.as_slice()).into(), JsValue::NULL).unwrap();
    assert_eq!(get(&read, "text").as_string().as_deref(), Some("uCode,x\nA,\n"));
}

#[wasm_bindgen_test]
fn bad_workbook_arguments_throw_clear_errors_and_the_module_lives_on() {
    let book: JsValue = js_sys::Uint8Array::from(write_workbook(pipeline(SHEETS)).unwrap().as_slice()).into();
    let csv: JsValue = js_sys::Uint8Array::from("uCode,x\nA,1\n".as_bytes()).into();
    // an Error with its message, and the kind of failure for a page to tell in its language
    let cases: Vec<(Result<JsValue, JsValue>, &str, &str)> = vec![
        (read_workbook("uCode,x".into(), JsValue::UNDEFINED), "readWorkbook: give the file's bytes as a Uint8Array or an ArrayBuffer", ""),
        (
            read_workbook(csv, JsValue::UNDEFINED),
            "readWorkbook: the file is not a workbook that can be read (.xlsx, .xls or .ods), or it is damaged or protected by a password: open it in Excel or WPS and save it as .xlsx without a password",
            "NotAWorkbook",
        ),
        (read_workbook(book.clone(), "Sheet1".into()), "readWorkbook: the workbook has no sheet named 'Sheet1' (its sheets: 数据, iData_ 2023)", "NoSuchSheet"),
        (read_workbook(book.clone(), 2023.into()), "readWorkbook: give the sheet's name as a string, such as \"数据\", or no name for the first sheet", ""),
    ];
    for (got, want, kind) in cases {
        let error = got.unwrap_err();
        assert!(error.is_instance_of::<js_sys::Error>(), "a real Error is thrown");
        assert_eq!(String::from(error.clone().unchecked_into::<js_sys::Error>().message()), want);
        assert_eq!(get(&error, "kind").as_string().unwrap_or_default(), kind, "{want}");
    }
    let missing = read_workbook(book.clone(), "Sheet1".into()).unwrap_err();
    assert_eq!(get(&missing, "sheet").as_string().as_deref(), Some("Sheet1"));
    assert_eq!(strings(&get(&missing, "sheets")), ["数据", "iData_ 2023"]);
    let example = r#"[{name: "数据", rows: [["uCode", "RD"], ["150100", 1.29]]}]"#;
    let cases: Vec<(JsValue, String)> = vec![
        ("数据".into(), format!("writeWorkbook: give the sheets as an array such as {example}")),
        (pipeline(r#"{"name": "数据", "rows": []}"#), format!("writeWorkbook: give the sheets as an array such as {example}")),
        (pipeline(r#"[{"name": "数据", "rows": [["uCode", true]]}]"#), "writeWorkbook: sheets[0].rows[0][1]: invalid type: boolean `true`, expected a string, a number or null".into()),
        (pipeline(r#"[{"name": "数据", "rows": [["uCode"]]}, {"name": "结果"}]"#), "writeWorkbook: sheets[1]: missing field `rows`".into()),
        (pipeline(r#"[{"name": "数据", "rows": ["uCode"]}]"#), r#"writeWorkbook: sheets[0].rows[0]: a row is an array of cells, such as ["150100", 1.29]"#.into()),
        (pipeline(r#"[{"name": "数据", "rows": "uCode,RD"}]"#), r#"writeWorkbook: sheets[0].rows: the rows are an array of rows, such as [["uCode", "RD"], ["150100", 1.29]]"#.into()),
        (pipeline(r#"[{"name": "数据", "rows": []}, "结果"]"#), r#"writeWorkbook: sheets[1]: a sheet is an object such as {name: "数据", rows: [["uCode", "RD"]]}"#.into()),
        (pipeline(r#"[{"name": true, "rows": []}]"#), "writeWorkbook: sheets[0].name: invalid type: boolean `true`, expected a string, a number or null".into()),
    ];
    for (sheets, want) in cases {
        assert_eq!(message(write_workbook(sheets).unwrap_err()), want);
    }
    // a sheet over Excel's limit of characters in a cell
    let long = Array::of1(&Array::of1(&"长".repeat(32_768).into()));
    let sheet = Object::new();
    Reflect::set(&sheet, &"name".into(), &"数据".into()).unwrap();
    Reflect::set(&sheet, &"rows".into(), &long).unwrap();
    assert_eq!(
        message(write_workbook(Array::of1(&sheet).into()).unwrap_err()),
        "writeWorkbook: workbook: sheet '数据': cell A1: a text of 32768 characters is longer than a cell holds (32767)"
    );
    // a script whose sheets throw while they are read, many times over: no throw unwinds
    // through the module
    for _ in 0..2_000 {
        let got = message(write_workbook(Array::of1(&throwing_getter("rows")).into()).unwrap_err());
        assert!(got.starts_with("writeWorkbook: the sheets cannot be read (boom)"), "{got}");
    }
    let read = read_workbook(js_sys::Uint8Array::from(write_workbook(pipeline(SHEETS)).unwrap().as_slice()).into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&read, "name").as_string().as_deref(), Some("数据"), "and the next call works");
}

#[wasm_bindgen_test]
fn the_audit_functions_as_computed_by_hand() {
    let steps = || pipeline(r#"[{"step":"normalise"},{"step":"aggregate"}]"#);
    let case = || input(IDATA.into(), IMETA.into(), steps());
    // normalised, a: 0, 50, 100 and b (less is better): 100, 50, 0, so r = -1
    let r = Array::from(&correlations(case(), None).unwrap());
    assert_eq!(r.length(), 1);
    assert_eq!((get(&r.get(0), "x").as_string(), get(&r.get(0), "y").as_string()), (Some("a".into()), Some("b".into())));
    assert_eq!(get(&r.get(0), "r").as_f64(), Some(-1.0));
    // covariances 2500, 2500, -2500, -2500 sum to 0: alpha cannot be computed
    assert!(cronbach(case(), None).unwrap().is_null());
    // weights 1 and 3 under the index
    let w = Array::from(&effective_weights(case()).unwrap());
    let effective: Vec<(String, f64)> = w.iter().map(|e| (get(&e, "iCode").as_string().unwrap(), get(&e, "effective").as_f64().unwrap())).collect();
    assert_eq!(effective, [("a".to_string(), 0.25), ("b".to_string(), 0.75), ("Index".to_string(), 1.0)]);
    // b's weight decides every pair: X beats Y and Z, Y beats Z
    let level_one = || Some(pipeline(r#"{"level": 1}"#));
    let c = Array::from(&copeland(case(), level_one()).unwrap());
    let scores: Vec<f64> = c.iter().map(|u| get(&u, "score").as_f64().unwrap()).collect();
    assert_eq!(scores, [2.0, 0.0, -2.0]);
    // without a the index is b's order (no change); without b it is a's (X and Z swap places)
    let removed = Array::from(&remove_elements(case(), level_one()).unwrap());
    let changes: Vec<f64> = removed.iter().map(|e| get(&e, "meanAbsRankChange").as_f64().unwrap()).collect();
    assert_eq!(changes, [0.0, 4.0 / 3.0]);
}

#[wasm_bindgen_test]
fn the_audit_functions_refuse_unknown_and_non_finite_options() {
    let case = || input(IDATA.into(), IMETA.into(), pipeline(r#"[{"step":"normalise"},{"step":"aggregate"}]"#));
    let e = message(correlations(case(), Some(pipeline(r#"{"levl": 1}"#))).unwrap_err());
    assert!(e.starts_with("correlations: options: unknown field `levl`"), "{e}");
    let nan = Object::new();
    Reflect::set(&nan, &"level".into(), &JsValue::from_f64(f64::NAN)).unwrap();
    let e = message(cronbach(case(), Some(nan.into())).unwrap_err());
    assert!(e.contains("cronbach: options: level"), "{e}");
    let e = message(remove_elements(case(), Some(pipeline(r#"{"level": 2}"#))).unwrap_err());
    assert!(e.contains("option 'level': use a level below the index's (2)"), "{e}");
    let e = message(copeland(case(), Some(pipeline(r#"{"dataset": "Treated"}"#))).unwrap_err());
    assert!(e.contains("the pipeline writes no data set 'Treated'"), "{e}");
}
