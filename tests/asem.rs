//! Conformance with COINr on its ASEM example: every intermediate data set and the results
//! table of the reference pipeline ("pipeline A" in ../shared/fixtures/asem/README.md) to 1e-9
//! relative error. The expected values were computed by COINr 1.1.14, not by this crate.
//!
//! The fixtures are read in place from ../shared/fixtures/asem, or from the folder named by
//! INNOSCORE_ASEM_DIR. A missing folder fails the run: it is never skipped.
//!
//! The methods outside pipeline A (other normalisations, means and transformations) are checked
//! against data sets that COINr 1.1.14 computed on the same example, in tests/fixtures/coinr
//! beside the R script that wrote them (make.R).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashMap;
use std::path::PathBuf;

use innoscore::{Dataset, IData, Output, Pipeline, Table, WarningKind};
use serde_json::json;

fn fixture_dir() -> PathBuf {
    let dir = std::env::var_os("INNOSCORE_ASEM_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/asem"));
    assert!(
        dir.join("ASEM_iData.csv").is_file(),
        "ASEM fixtures not found in {} (set INNOSCORE_ASEM_DIR to the folder holding ASEM_iData.csv)",
        dir.display()
    );
    dir
}

fn read(name: &str) -> String {
    let path = fixture_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// uCode -> column -> value, as COINr wrote it.
type Expected = HashMap<String, HashMap<String, Option<f64>>>;

fn expected(name: &str) -> Expected {
    parse_expected(name, &read(name))
}

/// A data set of tests/fixtures/coinr (see make.R there).
fn computed_by_coinr(name: &str) -> Expected {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/coinr").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    parse_expected(name, &text)
}

fn parse_expected(name: &str, text: &str) -> Expected {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let mut out = HashMap::new();
    for rec in reader.records() {
        let rec = rec.unwrap();
        let code = rec.get(0).unwrap().to_string();
        let row = header
            .iter()
            .zip(rec.iter())
            .skip(1)
            .map(|(h, v)| {
                let x = match v {
                    "" | "NA" => None,
                    "TRUE" => Some(1.0),
                    "FALSE" => Some(0.0),
                    v => Some(v.parse::<f64>().unwrap_or_else(|_| panic!("{name}: bad number {v}"))),
                };
                (h.clone(), x)
            })
            .collect();
        out.insert(code, row);
    }
    out
}

fn pipeline_a() -> Pipeline {
    Pipeline::from_json(&json!([
        { "step": "denominate" },
        { "step": "impute", "method": "mean_group", "group": "EurAsia_group" },
        { "step": "screen", "min_availability": 0.9 },
        { "step": "treat", "winmax": 5, "skew": 2, "kurtosis": 3.5 },
        { "step": "normalise", "method": "minmax", "range": [0, 100] },
        { "step": "aggregate", "method": "arithmetic" }
    ]))
    .unwrap()
}

fn run_a() -> (Output, IData) {
    run_with(&pipeline_a())
}

fn run_with(pipeline: &Pipeline) -> (Output, IData) {
    let framework = innoscore::Framework::from_table(Table::from_csv("iMeta", &read("ASEM_iMeta.csv")).unwrap()).unwrap();
    let idata = IData::from_table(Table::from_csv("iData", &read("ASEM_iData.csv")).unwrap(), &framework).unwrap();
    let out = innoscore::run(&framework, &idata, pipeline).unwrap_or_else(|e| panic!("{e}"));
    (out, idata)
}

/// Pipeline A with step `at` (0 for denominate ... 5 for aggregate) given by `step`.
fn pipeline_a_with(at: usize, step: serde_json::Value) -> Pipeline {
    let mut steps = vec![
        json!({ "step": "denominate" }),
        json!({ "step": "impute", "method": "mean_group", "group": "EurAsia_group" }),
        json!({ "step": "screen", "min_availability": 0.9 }),
        json!({ "step": "treat", "winmax": 5, "skew": 2, "kurtosis": 3.5 }),
        json!({ "step": "normalise", "method": "minmax", "range": [0, 100] }),
        json!({ "step": "aggregate", "method": "arithmetic" }),
    ];
    steps[at] = step;
    Pipeline::from_json(&serde_json::Value::Array(steps)).unwrap_or_else(|e| panic!("{e}"))
}

/// Runs pipeline A with step `at` replaced by `step`, and compares data set `dataset` with
/// COINr's in tests/fixtures/coinr/`fixture`.
fn assert_variant_matches(at: usize, step: serde_json::Value, dataset: &str, fixture: &str) {
    let (out, idata) = run_with(&pipeline_a_with(at, step.clone()));
    let got = out.dataset(dataset).unwrap_or_else(|| panic!("no data set {dataset}"));
    let n = assert_matches_expected(&format!("{dataset} with {step}"), got, &idata, &computed_by_coinr(fixture), fixture);
    assert!(n >= 51 * 49, "{fixture}: only {n} cells compared");
}

#[test]
fn the_other_normalisations_match_coinr() {
    for (step, fixture) in [
        (json!({ "step": "normalise", "method": "borda" }), "n_borda.csv"),
        (json!({ "step": "normalise", "method": "dist2max" }), "n_dist2max.csv"),
        (json!({ "step": "normalise", "method": "dist2ref", "ref": "NOR" }), "n_dist2ref_NOR.csv"),
        (json!({ "step": "normalise", "method": "dist2ref", "ref": "NOR", "cap": true }), "n_dist2ref_NOR_cap.csv"),
        (json!({ "step": "normalise", "method": "dist2target" }), "n_dist2targ.csv"),
        (json!({ "step": "normalise", "method": "dist2target", "cap": true }), "n_dist2targ_cap.csv"),
        // three indicators whose highest value (times Direction) is 0 take min-max (see make.R)
        (
            json!({ "step": "normalise", "method": "fracmax", "indicators": {
                "CostImpEx": { "method": "minmax" }, "Tariff": { "method": "minmax" }, "Poverty": { "method": "minmax" } } }),
            "n_fracmax.csv",
        ),
        (json!({ "step": "normalise", "method": "scaled", "center_scale": [10, 2] }), "n_scaled_10_2.csv"),
    ] {
        assert_variant_matches(4, step, "Normalised", fixture);
    }
}

#[test]
fn the_generalised_mean_and_copeland_match_coinr() {
    for (step, fixture) in [
        (json!({ "step": "aggregate", "method": "generalised", "p": 2 }), "a_genmean_2.csv"),
        (json!({ "step": "aggregate", "method": "generalised", "p": 0.5 }), "a_genmean_0.5.csv"),
        (json!({ "step": "aggregate", "method": "copeland" }), "a_copeland.csv"),
    ] {
        assert_variant_matches(5, step, "Aggregated", fixture);
    }
}

#[test]
fn the_transformations_after_winsorising_match_coinr() {
    // at most one point winsorised: 15 indicators still fail and are transformed
    for (step, fixture) in [
        (json!({ "step": "treat", "winmax": 1 }), "t_winmax1_log_CT.csv"),
        (json!({ "step": "treat", "winmax": 1, "transform": "log_CT_plus" }), "t_winmax1_log_CT_plus.csv"),
        (json!({ "step": "treat", "winmax": 1, "transform": "boxcox", "lambda": 0.5 }), "t_winmax1_boxcox_0.5.csv"),
        (json!({ "step": "treat", "winmax": 1, "transform": "boxcox", "lambda": 0 }), "t_winmax1_boxcox_0.csv"),
    ] {
        assert_variant_matches(3, step, "Treated", fixture);
    }
}

fn close(got: f64, want: f64) -> bool {
    (got - want).abs() <= 1e-9 * want.abs().max(1e-3)
}

/// Compares every cell of a data set with COINr's, by uCode and column; returns the number compared.
fn assert_matches(name: &str, got: &[Dataset], idata: &IData, fixture: &str) -> usize {
    assert_matches_expected(name, got, idata, &expected(fixture), fixture)
}

fn assert_matches_expected(name: &str, got: &[Dataset], idata: &IData, want: &Expected, fixture: &str) -> usize {
    assert_eq!(got.len(), 1, "{name}: one cross-section");
    let set = &got[0];
    assert_eq!(set.rows.len(), want.len(), "{name}: number of units");
    let mut compared = 0;
    for (i, &r) in set.rows.iter().enumerate() {
        let code = &idata.units()[r].code;
        let row = want.get(code).unwrap_or_else(|| panic!("{name}: unit {code} not in {fixture}"));
        for (col, w) in row {
            let g = set.column(col).unwrap_or_else(|| panic!("{name}: no column {col}")).values[i];
            match (g, *w) {
                (None, None) => {}
                (Some(g), Some(w)) => assert!(close(g, w), "{name}: {code}/{col}: got {g}, COINr {w}"),
                (g, w) => panic!("{name}: {code}/{col}: got {g:?}, COINr {w:?}"),
            }
            compared += 1;
        }
    }
    compared
}

#[test]
fn every_intermediate_data_set_matches_coinr() {
    let (out, idata) = run_a();
    for (name, fixture) in [
        ("Raw", "A_Raw.csv"),
        ("Denominated", "A_Denominated.csv"),
        ("Imputed", "A_Imputed.csv"),
        ("Screened", "A_Screened.csv"),
        ("Treated", "A_Treated.csv"),
        ("Normalised", "A_Normalised.csv"),
        ("Aggregated", "A_Aggregated.csv"),
    ] {
        let data = out.dataset(name).unwrap_or_else(|| panic!("no data set {name}"));
        let n = assert_matches(name, data, &idata, fixture);
        assert!(n >= 51 * 49, "{name}: only {n} cells compared");
    }
}

#[test]
fn the_results_table_matches_coinr() {
    let (out, _) = run_a();
    let want = expected("A_results_Aggs.csv");
    assert_eq!(out.results.len(), 51);
    for rec in &out.results {
        let code = rec.get("uCode").unwrap().text();
        let row = &want[&code];
        for (col, w) in row {
            let g: f64 = rec.get(col).unwrap_or_else(|| panic!("results: no {col}")).text().parse().unwrap();
            assert!(close(g, w.unwrap()), "results: {code}/{col}: got {g}, COINr {w:?}");
        }
    }
    // the published top of the table, in order
    let top: Vec<String> = out.results.iter().take(6).map(|r| r.get("uCode").unwrap().text()).collect();
    assert_eq!(top, ["CHE", "NLD", "DNK", "NOR", "BEL", "SWE"]);
}

#[test]
fn treatment_winsorises_the_same_indicators_by_the_same_points() {
    let (out, _) = run_a();
    let want = expected("A_treat_details.csv");
    let got: HashMap<String, usize> = out
        .warnings
        .iter()
        .filter_map(|w| match &w.kind {
            WarningKind::Winsorised { indicator, points, .. } => Some((indicator.clone(), *points)),
            _ => None,
        })
        .collect();
    let mut failing = 0;
    for (code, row) in &want {
        let passed = row["check_SkewKurt0.Pass"] == Some(1.0);
        match row["winsorise.nwin"] {
            Some(n) if !passed => {
                failing += 1;
                assert_eq!(got.get(code), Some(&(n as usize)), "{code}");
            }
            _ => assert!(!got.contains_key(code), "{code} was treated but passes in COINr"),
        }
    }
    assert_eq!(failing, got.len());
    assert!(failing > 10);
    assert!(!out.warnings.iter().any(|w| matches!(w.kind, WarningKind::LogTransformed { .. })));
}

#[test]
fn panel_data_runs_per_year_and_global_normalisation_pools_years() {
    let framework = innoscore::Framework::from_table(Table::from_csv("iMeta", &read("ASEM_iMeta.csv")).unwrap()).unwrap();
    let idata = IData::from_table(Table::from_csv("iData", &read("ASEM_iData_p.csv")).unwrap(), &framework).unwrap();
    assert_eq!(idata.raw().len(), 5);

    // per year: each year's scores equal those of that year's cross-section run alone
    let out = innoscore::run(&framework, &idata, &pipeline_a()).unwrap();
    assert_eq!(out.results.len(), 255);
    let one_year_csv: String = {
        let text = read("ASEM_iData_p.csv");
        let mut lines = text.lines();
        let header = lines.next().unwrap();
        let time_col = header.split(',').position(|h| h.trim_matches('"') == "Time").unwrap();
        std::iter::once(header)
            .chain(lines.filter(|l| l.split(',').nth(time_col) == Some("2020")))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let idata_2020 = IData::from_table(Table::from_csv("iData", &one_year_csv).unwrap(), &framework).unwrap();
    let alone = innoscore::run(&framework, &idata_2020, &pipeline_a()).unwrap();
    let index_of = |o: &Output, code: &str| -> f64 {
        o.results
            .iter()
            .find(|r| r.get("uCode").unwrap().text() == code && r.get("Time").is_none_or(|t| t.text() == "2020"))
            .and_then(|r| r.get("Index"))
            .unwrap()
            .text()
            .parse()
            .unwrap()
    };
    for code in ["CHE", "IND", "AUS"] {
        assert_eq!(index_of(&out, code), index_of(&alone, code), "{code}");
    }

    // global: min-max over all years, so each indicator spans 0..100 across the pooled years only
    let global = Pipeline::from_json(&json!([
        { "step": "normalise", "method": "minmax", "range": [0, 100], "global": true }
    ]))
    .unwrap();
    let out = innoscore::run(&framework, &idata, &global).unwrap();
    let norm = out.dataset("Normalised").unwrap();
    let lpi: Vec<f64> = norm.iter().flat_map(|d| d.column("LPI").unwrap().values.iter().flatten().copied()).collect();
    let (min, max) = lpi.iter().fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    assert_eq!((min, max), (0.0, 100.0));
    let per_year_max: Vec<f64> = norm
        .iter()
        .map(|d| d.column("LPI").unwrap().values.iter().flatten().copied().fold(f64::MIN, f64::max))
        .collect();
    assert!(per_year_max.iter().any(|&m| m < 100.0), "some year has no unit at the pooled maximum");
}

#[test]
fn uncertainty_analysis_runs_coinrs_example_from_coinrs_ranks() {
    // COINr's vignette: winsorisation limit 1-5, min-max vs z-score, noisy weights at levels 2
    // and 3, arithmetic vs geometric mean
    let framework = innoscore::Framework::from_table(Table::from_csv("iMeta", &read("ASEM_iMeta.csv")).unwrap()).unwrap();
    let idata = IData::from_table(Table::from_csv("iData", &read("ASEM_iData.csv")).unwrap(), &framework).unwrap();
    let spec = innoscore::AnalysisSpec::from_json(&json!({
        "n": 30, "seed": 1, "target": "Index",
        "choices": [
            { "step": "treat", "option": "winmax", "values": [1, 2, 3, 4, 5] },
            { "step": "normalise", "values": [ { "method": "minmax", "range": [1, 100] },
                                               { "method": "zscore", "mean_sd": [10, 2] } ] },
            { "step": "aggregate", "option": "method", "values": ["arithmetic", "geometric"] },
            { "weights": { "level": 2, "noise": 0.25 } },
            { "weights": { "level": 3, "noise": 0.25 } }
        ]
    }))
    .unwrap();
    let out = innoscore::uncertainty(&framework, &idata, &pipeline_a(), &spec).unwrap();
    assert_eq!(out.runs, 30);
    assert_eq!(out.units.len(), 51);
    let want = expected("A_results_Aggs.csv");
    for u in &out.units {
        assert_eq!(u.nominal, want[&u.unit]["Rank"], "{}: nominal rank", u.unit);
        let (lo, hi) = (u.q05.unwrap(), u.q95.unwrap());
        assert!(lo <= hi && (1.0..=51.0).contains(&lo) && (1.0..=51.0).contains(&hi), "{}: {lo}..{hi}", u.unit);
    }
}

// ---- the statistical audit (src/analysis/audit.rs) against COINr's get_corr, get_cronbach,
// get_PCA, get_eff_weights, remove_elements and a_copeland (tests/fixtures/coinr/audit.R)

use innoscore::analysis::audit;

/// The rows of a CSV of tests/fixtures/coinr, as text.
fn coinr_rows(name: &str) -> Vec<HashMap<String, String>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/coinr").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    reader.records().map(|r| header.iter().cloned().zip(r.unwrap().iter().map(str::to_string)).collect()).collect()
}

fn asem_inputs() -> (innoscore::Framework, IData) {
    let framework = innoscore::Framework::from_table(Table::from_csv("iMeta", &read("ASEM_iMeta.csv")).unwrap()).unwrap();
    let idata = IData::from_table(Table::from_csv("iData", &read("ASEM_iData.csv")).unwrap(), &framework).unwrap();
    (framework, idata)
}

fn number(text: &str) -> f64 {
    text.parse().unwrap_or_else(|_| panic!("not a number: {text}"))
}

#[test]
fn correlations_match_coinrs_get_corr() {
    let (framework, idata) = asem_inputs();
    for (spec, fixture, pairs) in [
        (json!({ "levels": [1, 2], "withParent": true }), "audit_corr_pearson_1_2_parent.csv", 49),
        (json!({ "levels": 2, "method": "spearman" }), "audit_corr_spearman_2_2.csv", 28),
        (json!({ "levels": [3, 4], "withParent": true, "method": "kendall" }), "audit_corr_kendall_3_4_parent.csv", 2),
        // 64 values missing: pairwise complete observations
        (json!({ "dataset": "Raw", "levels": 1 }), "audit_corr_pearson_raw_1_1.csv", 1176),
        (json!({ "dataset": "Raw", "levels": 1, "method": "spearman" }), "audit_corr_spearman_raw_1_1.csv", 1176),
        (json!({ "dataset": "Raw", "levels": 1, "method": "kendall" }), "audit_corr_kendall_raw_1_1.csv", 1176),
    ] {
        let spec: audit::CorrelationSpec = serde_json::from_value(spec.clone()).unwrap();
        let got = audit::correlations(&framework, &idata, &pipeline_a(), &spec).unwrap();
        assert_eq!(got.len(), pairs, "{fixture}");
        // COINr lists the matrix, each pair in either order
        let want: HashMap<(String, String), f64> = coinr_rows(fixture).into_iter().map(|r| ((r["x"].clone(), r["y"].clone()), number(&r["r"]))).collect();
        for c in &got {
            let w = want.get(&(c.x.clone(), c.y.clone())).or_else(|| want.get(&(c.y.clone(), c.x.clone()))).unwrap_or_else(|| panic!("{fixture}: no {} {}", c.x, c.y));
            let r = c.r.unwrap_or_else(|| panic!("{fixture}: {} {} has no coefficient", c.x, c.y));
            assert!(close(r, *w), "{fixture}: {} {}: got {r}, COINr {w}", c.x, c.y);
        }
    }
}

#[test]
fn cronbachs_alpha_matches_coinrs_get_cronbach() {
    let (framework, idata) = asem_inputs();
    let rows = coinr_rows("audit_cronbach.csv");
    assert_eq!(rows.len(), 4);
    for row in rows {
        let spec = json!({ "dataset": row["dataset"], "group": row["group"], "level": number(&row["level"]) as u32 });
        let spec: audit::GroupSpec = serde_json::from_value(spec).unwrap();
        let got = audit::cronbach(&framework, &idata, &pipeline_a(), &spec).unwrap().unwrap();
        assert!(close(got, number(&row["alpha"])), "{row:?}: got {got}");
    }
}

#[test]
fn principal_components_match_prcomp_as_get_pca_runs_it() {
    let (framework, idata) = asem_inputs();
    for (spec, fixture, units) in [
        (json!({ "dataset": "Normalised", "group": "Physical", "level": 1 }), "audit_pca_normalised_physical.csv", 51),
        (json!({ "dataset": "Aggregated", "level": 2 }), "audit_pca_aggregated_pillars.csv", 51),
        // complete cases only: 16 of the 51 units lack a value of one of Sust's indicators
        // (nrow(na.omit(...)) in R is 35)
        (json!({ "dataset": "Raw", "group": "Sust", "level": 1 }), "audit_pca_raw_sust.csv", 35),
    ] {
        let spec: audit::GroupSpec = serde_json::from_value(spec).unwrap();
        let got = audit::pca(&framework, &idata, &pipeline_a(), &spec).unwrap();
        assert_eq!(got.units, units, "{fixture}: complete units");
        let rows = coinr_rows(fixture);
        let components: Vec<&String> = rows[0].keys().filter(|k| k.starts_with("PC")).collect();
        let at = |row: &HashMap<String, String>, pc: usize| number(&row[&format!("PC{}", pc + 1)]);
        assert_eq!(got.variance.len(), components.len(), "{fixture}: number of components");
        for (pc, share) in got.variance.iter().enumerate() {
            assert!((share - at(&rows[0], pc)).abs() < 1e-6, "{fixture}: PC{} share {share}, COINr {}", pc + 1, at(&rows[0], pc));
        }
        // loadings up to each component's sign, which prcomp leaves arbitrary
        assert_eq!(got.loadings.len(), rows.len() - 1);
        for pc in 0..got.variance.len() {
            // components with (nearly) equal variance have no defined direction: only the first few are compared
            if pc >= 3 {
                break;
            }
            let want: HashMap<&str, f64> = rows[1..].iter().map(|r| (r["iCode"].as_str(), at(r, pc))).collect();
            let sign = if got.loadings.iter().map(|l| l.values[pc] * want[l.code.as_str()]).sum::<f64>() < 0.0 { -1.0 } else { 1.0 };
            for l in &got.loadings {
                let w = want[l.code.as_str()];
                assert!((sign * l.values[pc] - w).abs() < 1e-6, "{fixture}: {} on PC{}: got {}, COINr {w}", l.code, pc + 1, sign * l.values[pc]);
            }
            assert!(got.loadings.iter().map(|l| l.values[pc]).sum::<f64>() > 0.0, "{fixture}: PC{} sums to a positive number", pc + 1);
        }
    }
}

#[test]
fn effective_weights_match_coinrs_get_eff_weights() {
    // weights other than 1 (as audit.R sets them): Physical 2, Sust 3, Goods 0.5
    let text = read("ASEM_iMeta.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let weight_at = header.iter().position(|h| h == "Weight").unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).unwrap();
    for rec in reader.records() {
        let mut fields: Vec<String> = rec.unwrap().iter().map(str::to_string).collect();
        match fields[1].as_str() {
            "Physical" => fields[weight_at] = "2".into(),
            "Sust" => fields[weight_at] = "3".into(),
            "Goods" => fields[weight_at] = "0.5".into(),
            _ => {}
        }
        writer.write_record(&fields).unwrap();
    }
    let imeta = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    let framework = innoscore::Framework::from_table(Table::from_csv("iMeta", &imeta).unwrap()).unwrap();
    let got = audit::effective_weights(&framework);
    let want = coinr_rows("audit_eff_weights.csv");
    assert_eq!(got.len(), want.len());
    for w in &want {
        let g = got.iter().find(|g| g.code == w["iCode"]).unwrap_or_else(|| panic!("no {}", w["iCode"]));
        assert_eq!(f64::from(g.level), number(&w["Level"]), "{}", g.code);
        assert_eq!(g.weight, number(&w["Weight"]), "{}", g.code);
        assert!(close(g.effective, number(&w["effective"])), "{}: got {}, COINr {}", g.code, g.effective, w["effective"]);
    }
    // the indicators' effective weights make up the whole index
    let total: f64 = got.iter().filter(|g| g.level == 1).map(|g| g.effective).sum();
    assert!((total - 1.0).abs() < 1e-12);
}

#[test]
fn removing_elements_matches_coinrs_remove_elements() {
    let (framework, idata) = asem_inputs();
    for (level, fixture, count) in [(2, "audit_remove_level_2.csv", 8), (3, "audit_remove_level_3.csv", 2)] {
        let spec: audit::LevelSpec = serde_json::from_value(json!({ "level": level })).unwrap();
        let got = audit::remove_elements(&framework, &idata, &pipeline_a(), &spec).unwrap();
        assert_eq!(got.len(), count);
        let want: HashMap<String, f64> = coinr_rows(fixture).into_iter().map(|r| (r["iCode"].clone(), number(&r["meanAbsRankChange"]))).collect();
        for g in &got {
            let change = g.mean_abs_rank_change.unwrap();
            assert!(close(change, want[&g.code]), "{fixture}: {}: got {change}, COINr {}", g.code, want[&g.code]);
        }
    }
}

#[test]
fn copeland_scores_over_a_level_match_coinrs_a_copeland() {
    let (framework, idata) = asem_inputs();
    let spec: audit::LevelSpec = serde_json::from_value(json!({ "level": 2 })).unwrap();
    let got = audit::copeland(&framework, &idata, &pipeline_a(), &spec).unwrap();
    let want: HashMap<String, f64> = coinr_rows("audit_copeland_level_2.csv").into_iter().map(|r| (r["uCode"].clone(), number(&r["score"]))).collect();
    assert_eq!(got.len(), 51);
    for g in &got {
        assert_eq!(g.score, Some(want[&g.unit]), "{}", g.unit);
    }
}

#[test]
fn the_scorecards_audit_report_agrees_with_coinr() {
    let (framework, idata) = asem_inputs();
    let report = audit::report(&framework, &idata, &pipeline_a(), None).unwrap();
    assert_eq!(report.index, "Index");
    assert_eq!(report.pillars.len(), 8);
    let physical = report.pillars.iter().find(|p| p.code == "Physical").unwrap();
    // alpha of Physical's indicators (their scores are the same in Normalised and Aggregated)
    let alpha = coinr_rows("audit_cronbach.csv").into_iter().find(|r| r["group"] == "Physical" && r["dataset"] == "Normalised").unwrap();
    assert!(close(physical.alpha.unwrap(), number(&alpha["alpha"])));
    let share = coinr_rows("audit_pca_normalised_physical.csv")[0]["PC1"].clone();
    assert!((physical.pc1.unwrap() - number(&share)).abs() < 1e-6);
    // each indicator with its pillar, and each pillar's removal
    let with_parent: HashMap<(String, String), f64> =
        coinr_rows("audit_corr_pearson_1_2_parent.csv").into_iter().map(|r| ((r["x"].clone(), r["y"].clone()), number(&r["r"]))).collect();
    let removed: HashMap<String, f64> = coinr_rows("audit_remove_level_2.csv").into_iter().map(|r| (r["iCode"].clone(), number(&r["meanAbsRankChange"]))).collect();
    let mut children = 0;
    for p in &report.pillars {
        assert!(close(p.rank_change.unwrap(), removed[&p.code]), "{}", p.code);
        for c in &p.indicators {
            let w = with_parent.get(&(p.code.clone(), c.code.clone())).or_else(|| with_parent.get(&(c.code.clone(), p.code.clone()))).unwrap();
            assert!(close(c.with_pillar.unwrap(), *w), "{} in {}", c.code, p.code);
            children += 1;
        }
        // weights all 1: a pillar is its share of its sub-index, which is half the index
        assert!((p.effective - 0.5 * p.nominal).abs() < 1e-12, "{}", p.code);
        assert_eq!(p.pairs.len(), p.indicators.len() * (p.indicators.len() - 1) / 2);
    }
    assert_eq!(children, 49);
}
