//! Every bad input a user can give gets an error that says what is wrong and where.
//! Messages are pinned: they are what an analyst reads.
#![cfg(not(target_arch = "wasm32"))]

use innoscore::{Cell, Input, Pipeline, Record, Table};
use serde_json::json;

const IMETA: &str = "Level,iCode,Direction,Weight,Parent,Type,Denominator\n\
    1,rd,1,1,Index,Indicator,GDP\n1,labs,1,1,Index,Indicator,\n2,Index,1,1,,Aggregate,\n,GDP,,,,Denominator,\n";
const IDATA: &str = "uCode,uName,GDP,rd,labs\nHHHT,呼和浩特,3300,44.5,40\nBT,包头,3800,77.5,35\nCF,赤峰,2100,9.1,12\n";

fn score(imeta: &str, idata: &str, pipeline: serde_json::Value) -> String {
    let input = (|| {
        Ok::<_, innoscore::Error>(Input {
            imeta: Table::from_csv("iMeta", imeta)?,
            idata: Table::from_csv("iData", idata)?,
            pipeline: Pipeline::from_json(&pipeline)?,
        })
    })();
    match input.and_then(|i| innoscore::score(&i)) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

fn default_steps() -> serde_json::Value {
    json!([{"step": "denominate"}, {"step": "normalise"}, {"step": "aggregate"}])
}

#[test]
fn the_fixture_itself_scores() {
    let input = Input {
        imeta: Table::from_csv("iMeta", IMETA).unwrap(),
        idata: Table::from_csv("iData", IDATA).unwrap(),
        pipeline: Pipeline::from_json(&default_steps()).unwrap(),
    };
    assert_eq!(innoscore::score(&input).unwrap().results.len(), 3);
}

#[test]
fn malformed_csv() {
    let bad = "uCode,uName,GDP,rd,labs\nHHHT,\"呼和浩特,3300,44.5,40\nBT,包头,3800,77.5\n";
    let msg = score(IMETA, bad, default_steps());
    assert!(msg.starts_with("iData: line "), "{msg}");
    assert!(msg.contains("malformed CSV"), "{msg}");
    let msg = score(IMETA, "uCode,uName,GDP,rd,labs\nBT,包头,3800,77.5\n", default_steps());
    assert_eq!(msg, "iData: line 2: malformed CSV: found 4 fields where the header has 5 (check quotes and the number of columns)");
}

#[test]
fn a_non_numeric_cell() {
    // a decimal comma splits the cell into two fields
    let msg = score(IMETA, &IDATA.replace("77.5", "77,5"), default_steps());
    assert!(msg.contains("malformed CSV"), "{msg}");
    let msg = score(IMETA, &IDATA.replace("77.5", "七十七"), default_steps());
    assert_eq!(
        msg,
        "iData: line 3, column 'rd': '七十七' is not a number (use digits and a decimal point, or leave the cell empty if the value is missing)"
    );
}

#[test]
fn nan_and_infinity() {
    let msg = score(IMETA, &IDATA.replace("77.5", "NaN"), default_steps());
    assert_eq!(msg, "iData: line 3, column 'rd': 'NaN' is not a finite number (leave the cell empty if the value is missing)");
    let msg = score(IMETA, &IDATA.replace("12\n", "inf\n"), default_steps());
    assert_eq!(msg, "iData: line 4, column 'labs': 'inf' is not a finite number (leave the cell empty if the value is missing)");
    // as row objects (what scripts pass), a NaN number is refused the same way
    let mut rec = Record::default();
    rec.insert("uCode", Cell::Text("X".into()));
    rec.insert("GDP", Cell::Number(1.0));
    rec.insert("rd", Cell::Number(f64::NAN));
    rec.insert("labs", Cell::Number(1.0));
    let input = Input {
        imeta: Table::from_csv("iMeta", IMETA).unwrap(),
        idata: Table::from_records("iData", vec![rec]).unwrap(),
        pipeline: Pipeline::from_json(&default_steps()).unwrap(),
    };
    assert_eq!(
        innoscore::score(&input).unwrap_err().to_string(),
        "iData: row 1, column 'rd': 'NaN' is not a finite number (leave the cell empty if the value is missing)"
    );
}

#[test]
fn duplicate_codes() {
    let msg = score(IMETA, &format!("{IDATA}BT,包头,1,1,1\n"), default_steps());
    assert_eq!(msg, "iData: line 5: unit 'BT' appears twice (each uCode once)");
    let msg = score(&format!("{IMETA}1,labs,1,1,Index,Indicator,\n"), IDATA, default_steps());
    assert_eq!(msg, "iMeta: line 6: iCode 'labs' appears twice (each iCode once)");
}

#[test]
fn unknown_parent_and_cycle() {
    let msg = score(&IMETA.replace("1,labs,1,1,Index", "1,labs,1,1,Platforms"), IDATA, default_steps());
    assert_eq!(msg, "iMeta: 'labs' has Parent 'Platforms', which is not an Aggregate in iMeta (add it or fix the Parent)");
    let cyclic = "Level,iCode,Direction,Weight,Parent,Type\n1,rd,1,1,A,Indicator\n2,A,1,1,B,Aggregate\n3,B,1,1,A,Aggregate\n";
    let msg = score(cyclic, "uCode,rd\nX,1\n", json!([]));
    assert_eq!(msg, "iMeta: the Parents form a cycle: A -> B -> A (the tree must end at one top aggregate)");
}

#[test]
fn weights_summing_to_zero() {
    let msg = score(&IMETA.replace("1,rd,1,1,", "1,rd,1,0,").replace("1,labs,1,1,", "1,labs,1,0,"), IDATA, default_steps());
    assert_eq!(msg, "iMeta: the weights of the children of 'Index' add up to zero (give at least one a positive Weight)");
}

#[test]
fn denominator_missing_or_zero() {
    let msg = score(IMETA, &IDATA.replace("uCode,uName,GDP,", "uCode,uName,GDPx,"), default_steps());
    assert_eq!(msg, "iData: indicator 'rd' is divided by 'GDP', but iData has no column 'GDP'");
    let msg = score(IMETA, &IDATA.replace("2100", "0"), default_steps());
    assert_eq!(
        msg,
        "pipeline step 1 (denominate): iData: unit 'CF': denominator 'GDP' of indicator 'rd' is zero (enter the value, or leave it empty if unknown)"
    );
}

#[test]
fn unknown_step_or_method() {
    let msg = score(IMETA, IDATA, json!([{"step": "denominate"}, {"step": "weight"}]));
    assert_eq!(msg, "pipeline step 2 (weight): unknown step 'weight' (use denominate, impute, screen, treat, normalise or aggregate)");
    let msg = score(IMETA, IDATA, json!([{"step": "aggregate", "method": "median"}]));
    assert_eq!(msg, "pipeline step 1 (aggregate): unknown method 'median' (use arithmetic, geometric, harmonic, generalised or copeland)");
}

#[test]
fn geometric_mean_of_a_zero() {
    // min-max to [0, 100] puts the lowest unit at 0, which a geometric mean cannot take
    let msg = score(IMETA, IDATA, json!([{"step": "normalise"}, {"step": "aggregate", "method": "geometric"}]));
    assert_eq!(
        msg,
        "pipeline step 2 (aggregate): unit 'CF': the geometric mean for 'Index' needs values above zero, but 'rd' is 0 (normalise to a range above zero, such as min-max [1, 100])"
    );
}

#[test]
fn an_empty_data_set() {
    let msg = score(IMETA, "uCode,uName,GDP,rd,labs\n", default_steps());
    assert_eq!(msg, "iData: the table has no rows");
    let input = Table::from_records("iData", vec![]);
    assert_eq!(input.unwrap_err().to_string(), "iData: the table has no rows");
}

#[test]
fn a_constant_indicator_under_min_max() {
    let msg = score(IMETA, &IDATA.replace(",40\n", ",7\n").replace(",35\n", ",7\n").replace(",12\n", ",7\n"), default_steps());
    assert_eq!(
        msg,
        "pipeline step 2 (normalise): indicator 'labs' has the same value for every unit (or no values), so min-max cannot scale it (check the data, or remove the indicator)"
    );
}

#[test]
fn a_step_reading_a_data_set_that_does_not_exist() {
    let msg = score(IMETA, IDATA, json!([{"step": "normalise", "from": "Treated"}]));
    assert_eq!(msg, "pipeline step 1 (normalise): there is no data set 'Treated' to read from (available here: Raw)");
}

#[test]
fn exceptions_for_an_unknown_indicator() {
    let msg = score(IMETA, IDATA, json!([{"step": "treat", "indicators": {"RD": "none"}}]));
    assert_eq!(
        msg,
        "pipeline step 1 (treat): option 'indicators' names 'RD', which is not an indicator in iMeta (check the iCode)"
    );
    let msg = score(IMETA, IDATA, json!([{"step": "normalise", "indicators": {"lab": {"method": "rank"}}}]));
    assert!(msg.starts_with("pipeline step 1 (normalise): option 'indicators' names 'lab'"), "{msg}");
}

#[test]
fn an_unknown_group_even_with_nothing_missing() {
    let msg = score(IMETA, IDATA, json!([{"step": "impute", "method": "mean_group", "group": "Region_group"}]));
    assert_eq!(msg, "pipeline step 1 (impute): iData has no group column 'Region_group' (name a column ending in _group)");
}

#[test]
fn options_of_the_wrong_name_or_type() {
    let msg = score(IMETA, IDATA, json!([{"step": "denominate"}, {"step": "treat", "winmux": 3}]));
    assert_eq!(
        msg,
        "pipeline step 2 (treat): option 'winmux': unknown field `winmux`, expected one of `method`, `skew`, `kurtosis`, `winmax`, `transform`, `lambda`, `indicators`, `global`"
    );
    let msg = score(IMETA, IDATA, json!([{"step": "normalise", "range": [1, "100"]}]));
    assert_eq!(msg, "pipeline step 1 (normalise): option 'range[1]': invalid type: string \"100\", expected f64");
    let msg = score(IMETA, IDATA, json!([{"step": "treat", "indicators": {"rd": {"skew": "Infinity"}}}]));
    assert_eq!(msg, "pipeline step 1 (treat): option 'indicators.rd.skew': invalid type: string \"Infinity\", expected f64");
}

#[test]
fn a_value_beyond_the_range_of_numbers_is_an_error_that_names_it_not_a_null_with_a_rank() {
    // min-max of [1e308, -1e308, 0]: max - min overflows, and X's (x - min) / (max - min) is inf / inf
    let imeta = "Level,iCode,Direction,Weight,Parent,Type\n1,a,1,1,Index,Indicator\n2,Index,1,1,,Aggregate\n";
    let msg = score(imeta, "uCode,a\nX,1e308\nY,-1e308\nZ,0\n", json!([{"step": "normalise"}, {"step": "aggregate"}]));
    assert_eq!(
        msg,
        "pipeline step 1 (normalise): the value of 'a' for unit 'X' is beyond the range of numbers: \
         a figure or a weight is too large, or a denominator too close to zero"
    );
    // a denominator of 1e-308: CF's rd / GDP = 9.1 / 1e-308 overflows
    let msg = score(IMETA, &IDATA.replace("2100", "1e-308"), default_steps());
    assert!(msg.starts_with("pipeline step 1 (denominate): the value of 'rd' for unit 'CF' is beyond the range of numbers"), "{msg}");
    // a weight of 1e308: HHHT's 1e308 x 56.98 (its min-max score of rd) overflows in the weighted sum
    let msg = score(&IMETA.replace("1,rd,1,1,", "1,rd,1,1e308,"), IDATA, default_steps());
    assert!(msg.starts_with("pipeline step 3 (aggregate): the value of 'Index' for unit 'HHHT' is beyond the range of numbers"), "{msg}");
}

#[test]
fn a_column_given_twice_is_refused_with_both_positions() {
    let msg = score(IMETA, &IDATA.replacen("uCode,uName,GDP,rd,labs", "uCode,uName,GDP,rd,labs,rd", 1).replace("40\n", "40,1\n").replace("35\n", "35,2\n").replace("12\n", "12,3\n"), default_steps());
    assert_eq!(msg, "iData: there are two columns named 'rd', columns 4 and 6 (keep one, or rename the other)");
    let imeta = IMETA.replacen("Parent,Type,Denominator", "Parent,Type,Weight", 1);
    let msg = score(&imeta, IDATA, default_steps());
    assert_eq!(msg, "iMeta: there are two columns named 'Weight', columns 4 and 7 (keep one, or rename the other)");
    // columns without a name are not used, and may repeat (Excel writes trailing commas)
    let unnamed = IDATA.replacen("labs\n", "labs,,\n", 1).replace("40\n", "40,,\n").replace("35\n", "35,,\n").replace("12\n", "12,,\n");
    let input = Input {
        imeta: Table::from_csv("iMeta", IMETA).unwrap(),
        idata: Table::from_csv("iData", &unnamed).unwrap(),
        pipeline: Pipeline::from_json(&default_steps()).unwrap(),
    };
    assert_eq!(innoscore::score(&input).unwrap().results.len(), 3);
    // a row object read from JSON text that names a field twice
    let e = serde_json::from_str::<Record>(r#"{"uCode": "X", "rd": 1, "rd": 2}"#).unwrap_err();
    assert!(e.to_string().starts_with("the field 'rd' appears twice"), "{e}");
}

#[test]
fn a_code_that_is_not_readable_text_is_refused() {
    let row = |code: Cell| {
        let mut r = Record::default();
        r.insert("uCode", code);
        r.insert("rd", Cell::Number(1.0));
        r.insert("labs", Cell::Number(2.0));
        r.insert("GDP", Cell::Number(3.0));
        r
    };
    let score_rows = |rows: Vec<Record>| {
        let input = Input {
            imeta: Table::from_csv("iMeta", IMETA).unwrap(),
            idata: Table::from_records("iData", rows).unwrap(),
            pipeline: Pipeline::from_json(&default_steps()).unwrap(),
        };
        innoscore::score(&input).unwrap_err().to_string()
    };
    // NaN, -0 and 0 as numbers would become the codes "NaN", "0" and "0"
    for (x, text) in [(f64::NAN, "NaN"), (-0.0, "0"), (150100.0, "150100")] {
        assert_eq!(
            score_rows(vec![row(Cell::Text("A".into())), row(Cell::Number(x))]),
            format!("iData: row 2, column 'uCode': '{text}' is not allowed (a code is text: give \"150100\", not the number 150100)")
        );
    }
    // a lone surrogate arrives as U+FFFD, and two different ones would collide
    assert_eq!(
        score_rows(vec![row(Cell::Text("X\u{FFFD}".into()))]),
        "iData: row 1, column 'uCode': 'X\u{FFFD}' is not allowed (a code must be readable text: it holds a character that could not be read (U+FFFD))"
    );
    let imeta = IMETA.replace("1,labs,", "1,lab\u{FFFD},");
    let msg = score(&imeta, IDATA, default_steps());
    assert!(msg.starts_with("iMeta: line 3, column 'iCode': 'lab\u{FFFD}' is not allowed"), "{msg}");
}
