//! Properties that hold for any data: min-max spans its range, more of a good thing never
//! lowers an arithmetic index, unit order changes no score, equal weights on equal values
//! give that value.
#![cfg(not(target_arch = "wasm32"))]

use innoscore::{Input, Output, Pipeline, Table};
use proptest::prelude::*;
use serde_json::json;

const IMETA: &str = "Level,iCode,Direction,Weight,Parent,Type\n\
    1,a,1,1,P,Indicator\n1,b,-1,2,P,Indicator\n1,c,1,1,Q,Indicator\n\
    2,P,1,1,Index,Aggregate\n2,Q,1,3,Index,Aggregate\n3,Index,1,1,,Aggregate\n";

fn idata_csv(rows: &[[f64; 3]]) -> String {
    let mut s = String::from("uCode,a,b,c\n");
    for (i, r) in rows.iter().enumerate() {
        s.push_str(&format!("U{i},{},{},{}\n", r[0], r[1], r[2]));
    }
    s
}

fn run(rows: &[[f64; 3]], pipeline: serde_json::Value) -> Output {
    let input = Input {
        imeta: Table::from_csv("iMeta", IMETA).unwrap(),
        idata: Table::from_csv("iData", &idata_csv(rows)).unwrap(),
        pipeline: Pipeline::from_json(&pipeline).unwrap(),
    };
    innoscore::score(&input).unwrap()
}

fn index_of(out: &Output, unit: &str) -> f64 {
    let rec = out.results.iter().find(|r| r.get("uCode").unwrap().text() == unit).unwrap();
    rec.get("Index").unwrap().text().parse().unwrap()
}

/// Rows of three values with at least two distinct values in every column.
fn data() -> impl Strategy<Value = Vec<[f64; 3]>> {
    prop::collection::vec(prop::array::uniform3(-1e3f64..1e3), 3..12).prop_filter("no constant column", |rows| {
        (0..3).all(|c| rows.iter().any(|r| r[c] != rows[0][c]))
    })
}

proptest! {
    #[test]
    fn min_max_spans_exactly_the_range(rows in data(), lo in -50f64..50.0, width in 1f64..200.0) {
        let hi = lo + width;
        let out = run(&rows, json!([{"step": "normalise", "method": "minmax", "range": [lo, hi]}]));
        for col in &out.dataset("Normalised").unwrap()[0].columns {
            let v: Vec<f64> = col.values.iter().flatten().copied().collect();
            let min = v.iter().copied().fold(f64::INFINITY, f64::min);
            let max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            prop_assert_eq!(min, lo);
            prop_assert!((max - hi).abs() <= 1e-12 * hi.abs().max(1.0), "max {} for hi {}", max, hi);
        }
    }

    #[test]
    fn raising_a_positive_indicator_never_lowers_the_index(rows in data(), unit in 0usize..3, add in 0f64..500.0) {
        // normalise against fixed goalposts would be trivial; min-max is the interesting case,
        // since raising one unit can move the maximum and so rescale everyone else
        let unit = unit % rows.len();
        let pipeline = json!([{"step": "normalise"}, {"step": "aggregate"}]);
        let before = run(&rows, pipeline.clone());
        let mut raised = rows.clone();
        raised[unit][0] += add;
        let after = run(&raised, pipeline);
        let name = format!("U{unit}");
        prop_assert!(index_of(&after, &name) >= index_of(&before, &name) - 1e-9);
    }

    #[test]
    fn reordering_units_changes_no_score(rows in data(), seed in any::<u64>()) {
        let pipeline = json!([{"step": "treat"}, {"step": "normalise", "method": "zscore"}, {"step": "aggregate"}]);
        let before = run(&rows, pipeline.clone());
        // a deterministic shuffle: rotate by seed, then reverse
        let mut shuffled = rows.clone();
        shuffled.rotate_left((seed as usize) % rows.len());
        shuffled.reverse();
        // names follow the rows, so rebuild them from the original positions
        let names: Vec<usize> = {
            let mut idx: Vec<usize> = (0..rows.len()).collect();
            idx.rotate_left((seed as usize) % rows.len());
            idx.reverse();
            idx
        };
        let mut csv = String::from("uCode,a,b,c\n");
        for (r, n) in shuffled.iter().zip(&names) {
            csv.push_str(&format!("U{n},{},{},{}\n", r[0], r[1], r[2]));
        }
        let input = Input {
            imeta: Table::from_csv("iMeta", IMETA).unwrap(),
            idata: Table::from_csv("iData", &csv).unwrap(),
            pipeline: Pipeline::from_json(&pipeline).unwrap(),
        };
        let after = innoscore::score(&input).unwrap();
        for i in 0..rows.len() {
            let name = format!("U{i}");
            // equal up to the rounding of sums taken in another order
            let (b, a) = (index_of(&before, &name), index_of(&after, &name));
            prop_assert!((b - a).abs() <= 1e-12 * b.abs().max(1.0), "{}: {} vs {}", name, b, a);
        }
    }

    #[test]
    fn equal_weights_on_equal_values_give_that_value(v in 0.001f64..1e4, n in 1usize..8) {
        let mut imeta = String::from("Level,iCode,Direction,Weight,Parent,Type\n");
        let mut header = String::from("uCode");
        let mut row = String::from("X");
        for i in 0..n {
            imeta.push_str(&format!("1,i{i},1,1,Index,Indicator\n"));
            header.push_str(&format!(",i{i}"));
            row.push_str(&format!(",{v}"));
        }
        imeta.push_str("2,Index,1,1,,Aggregate\n");
        for method in ["arithmetic", "geometric", "harmonic"] {
            let input = Input {
                imeta: Table::from_csv("iMeta", &imeta).unwrap(),
                idata: Table::from_csv("iData", &format!("{header}\n{row}\n")).unwrap(),
                pipeline: Pipeline::from_json(&json!([{"step": "aggregate", "method": method}])).unwrap(),
            };
            let out = innoscore::score(&input).unwrap();
            let got = index_of(&out, "X");
            prop_assert!((got - v).abs() <= 1e-12 * v, "{}: {} vs {}", method, got, v);
        }
    }
}
