//! Speed of the engine on COINr's ASEM example (51 units, 49 indicators): the full pipeline
//! with treatment, and uncertainty analysis with the specification of COINr's vignette; then
//! how the cost grows with units x indicators x replications on generated data.
//!
//! `cargo bench` (make bench). Reads the fixtures from ../shared/fixtures/asem, or from
//! INNOSCORE_ASEM_DIR, and the county data from target/county (`node scripts/gen-county.mjs`
//! writes it; make bench runs that first), or from INNOSCORE_COUNTY_DIR.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use innoscore::{AnalysisSpec, Framework, IData, Pipeline, Table};
use serde_json::json;

fn fixture(name: &str) -> String {
    let dir = std::env::var_os("INNOSCORE_ASEM_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/asem"));
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name} in {}: {e}", dir.display()))
}

fn pipeline_a() -> Pipeline {
    Pipeline::from_json(&json!([
        { "step": "denominate" },
        { "step": "impute", "method": "mean_group", "group": "EurAsia_group" },
        { "step": "screen", "min_availability": 0.9 },
        { "step": "treat" },
        { "step": "normalise", "method": "minmax", "range": [0, 100] },
        { "step": "aggregate" }
    ]))
    .unwrap()
}

/// COINr's uncertainty example: winsorisation limit 1-5, min-max vs z-score, noisy weights at
/// two levels, arithmetic vs geometric mean.
fn coinr_spec(n: usize) -> AnalysisSpec {
    AnalysisSpec::from_json(&json!({
        "n": n, "seed": 1, "target": "Index",
        "choices": [
            { "step": "treat", "option": "winmax", "values": [1, 2, 3, 4, 5] },
            { "step": "normalise", "values": [ { "method": "minmax", "range": [1, 100] },
                                               { "method": "zscore", "mean_sd": [10, 2] } ] },
            { "step": "aggregate", "option": "method", "values": ["arithmetic", "geometric"] },
            { "weights": { "level": 2, "noise": 0.25 } },
            { "weights": { "level": 3, "noise": 0.25 } }
        ]
    }))
    .unwrap()
}

fn asem(c: &mut Criterion) {
    let imeta = Table::from_csv("iMeta", &fixture("ASEM_iMeta.csv")).unwrap();
    let idata_table = Table::from_csv("iData", &fixture("ASEM_iData.csv")).unwrap();
    let framework = Framework::from_table(imeta.clone()).unwrap();
    let idata = IData::from_table(idata_table.clone(), &framework).unwrap();
    let pipeline = pipeline_a();
    c.bench_function("asem/pipeline (run)", |b| b.iter(|| innoscore::run(&framework, &idata, &pipeline).unwrap()));
    let input = innoscore::Input { imeta, idata: idata_table, pipeline: pipeline.clone() };
    c.bench_function("asem/score (validate + run)", |b| b.iter(|| innoscore::score(&input).unwrap()));
    let mut g = c.benchmark_group("asem/uncertainty");
    g.sample_size(10);
    g.bench_function("100 replications", |b| b.iter(|| innoscore::uncertainty(&framework, &idata, &pipeline, &coinr_spec(100)).unwrap()));
    g.finish();
}

/// Generated data: `units` units, `indicators` indicators in pillars of 5, one index.
fn generated(units: usize, indicators: usize) -> (Framework, IData) {
    let mut imeta = String::from("Level,iCode,Direction,Weight,Parent,Type\n");
    let pillars = indicators.div_ceil(5);
    for i in 0..indicators {
        imeta.push_str(&format!("1,i{i},1,1,P{},Indicator\n", i / 5));
    }
    for p in 0..pillars {
        imeta.push_str(&format!("2,P{p},1,1,Index,Aggregate\n"));
    }
    imeta.push_str("3,Index,1,1,,Aggregate\n");
    let mut idata = String::from("uCode");
    for i in 0..indicators {
        idata.push_str(&format!(",i{i}"));
    }
    idata.push('\n');
    let mut rng = innoscore::analysis::Rng::new(42);
    for u in 0..units {
        idata.push_str(&format!("U{u}"));
        for _ in 0..indicators {
            // skewed values, so that treatment has work to do
            let x = rng.uniform();
            idata.push_str(&format!(",{}", 1.0 + 100.0 * x * x * x));
        }
        idata.push('\n');
    }
    let f = Framework::from_table(Table::from_csv("iMeta", &imeta).unwrap()).unwrap();
    let d = IData::from_table(Table::from_csv("iData", &idata).unwrap(), &f).unwrap();
    (f, d)
}

fn scaling(c: &mut Criterion) {
    let pipeline = Pipeline::from_json(&json!([{ "step": "treat" }, { "step": "normalise", "range": [1, 100] }, { "step": "aggregate" }])).unwrap();
    let spec = |n: usize| {
        AnalysisSpec::from_json(&json!({ "n": n, "seed": 1, "choices": [
            { "step": "treat", "option": "winmax", "values": [1, 3, 5] },
            { "weights": { "level": 2, "noise": 0.25 } } ] }))
        .unwrap()
    };
    let mut g = c.benchmark_group("scaling/uncertainty");
    g.sample_size(10);
    for (units, indicators, reps) in [(12, 25, 100), (50, 50, 100), (200, 100, 100), (50, 50, 400)] {
        let (f, d) = generated(units, indicators);
        let id = BenchmarkId::from_parameter(format!("{units}u x {indicators}i x {reps}r"));
        g.bench_with_input(id, &reps, |b, &reps| b.iter(|| innoscore::uncertainty(&f, &d, &pipeline, &spec(reps)).unwrap()));
    }
    g.finish();
}

/// What the widget does after each edit: score the whole default scorecard (12 units, 25
/// indicators, 5 years) from the figures as typed.
fn default_scorecard(c: &mut Criterion) {
    let project = innoscore::project::Project::default_project();
    c.bench_function("default scorecard: rescore after an edit", |b| b.iter(|| project.score().unwrap()));
}

/// What the widget does when an analyst imports a large data file: the built-in data 167 times
/// over (10,020 rows: 2,004 units x 5 years, 38 columns), read into the project, then scored.
fn widget_import(c: &mut Criterion) {
    let data = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/default_iData.csv")).unwrap();
    let mut lines = data.lines();
    let mut csv = format!("{}\n", lines.next().unwrap());
    let rows: Vec<&str> = lines.collect();
    for k in 0..167 {
        for row in &rows {
            let (code, rest) = row.split_once(',').unwrap();
            csv.push_str(&format!("{code}_{k},{rest}\n"));
        }
    }
    let mut g = c.benchmark_group("widget import, 10,020 rows");
    g.sample_size(10);
    g.bench_function("read the file into the project", |b| {
        b.iter(|| innoscore::project::Project::default_project().import_file("big.csv", &csv).unwrap())
    });
    let mut project = innoscore::project::Project::default_project();
    project.import_file("big.csv", &csv).unwrap();
    g.bench_function("score the project", |b| b.iter(|| project.score().unwrap()));
    g.finish();
}

/// The checks of the input alone, at sizes that would show a cost growing faster than the
/// input: 28,000 and 100,000 units (China's counties over ten years, and more), and frameworks
/// whose Parents run in a cycle through 300 and 3,000 aggregates.
fn validation(c: &mut Criterion) {
    let mut g = c.benchmark_group("validation");
    g.sample_size(10);
    let imeta = Table::from_csv("iMeta", "Level,iCode,Direction,Weight,Parent,Type\n1,a,1,1,Index,Indicator\n2,Index,1,1,,Aggregate\n").unwrap();
    let framework = Framework::from_table(imeta).unwrap();
    for units in [28_000, 100_000] {
        let idata: String = std::iter::once("uCode,Time,a".to_string()).chain((0..units).map(|u| format!("U{},{},{u}", u / 10, 2014 + u % 10))).collect::<Vec<_>>().join("\n");
        let table = Table::from_csv("iData", &idata).unwrap();
        g.bench_with_input(BenchmarkId::new("iData", units), &table, |b, t| b.iter(|| IData::from_table(t.clone(), &framework).unwrap()));
    }
    for n in [300, 3_000] {
        let table = Table::from_csv("iMeta", &cycle(n)).unwrap();
        g.bench_with_input(BenchmarkId::new("iMeta, a cycle through n aggregates", n), &table, |b, t| b.iter(|| Framework::from_table(t.clone()).unwrap_err()));
    }
    g.finish();
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

/// A file of the county data set written by scripts/gen-county.mjs; why it cannot be read.
fn county_file(name: &str) -> Result<String, String> {
    let dir = std::env::var_os("INNOSCORE_COUNTY_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/county"));
    std::fs::read_to_string(dir.join(name)).map_err(|e| format!("{name} in {}: {e}", dir.display()))
}

/// China's counties: 2,800 units x 50 indicators x 10 years, from CSV text to results
/// (reading, validation and the pipeline), and the same for the first 28 and 280 counties: the
/// cost should grow linearly with them. Without the data (which `make bench` writes first) the
/// group is left out and says so, so that `cargo bench -- <filter>` runs the other groups.
fn county(c: &mut Criterion) {
    let files = county_file("iData.csv").and_then(|d| Ok((d, county_file("iMeta.csv")?, county_file("pipeline.json")?)));
    let (idata, imeta, pipeline) = match files {
        Ok(files) => files,
        Err(e) => {
            eprintln!("county: left out, no data ({e}): node scripts/gen-county.mjs --seed 1 --out target/county writes it");
            return;
        }
    };
    let pipeline = Pipeline::from_json(&serde_json::from_str(&pipeline).unwrap()).unwrap();
    let mut g = c.benchmark_group("county");
    g.sample_size(10);
    for units in [28, 280, 2_800] {
        // ten rows per county, after the header
        let rows: String = idata.lines().take(1 + units * 10).map(|l| format!("{l}\n")).collect();
        g.bench_with_input(BenchmarkId::new("CSV text to results", format!("{units} x 50 x 10")), &rows, |b, rows| {
            // what the JavaScript API's score() does with CSV text
            b.iter(|| {
                let framework = Framework::from_table(Table::from_csv("iMeta", &imeta).unwrap()).unwrap();
                let idata = IData::from_table(Table::from_csv("iData", rows).unwrap(), &framework).unwrap();
                innoscore::pipeline::run_for_results(&framework, &idata, &pipeline).unwrap()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, asem, scaling, default_scorecard, widget_import, validation, county);
criterion_main!(benches);
