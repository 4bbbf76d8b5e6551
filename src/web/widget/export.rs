//! What the widget exports: the framework, data and results as CSV, and the project as JSON.
//!
//! The results come two ways. As on screen: in the interface language, units and leagues by
//! name, each column headed with its unit, numbers rounded as shown, year by year in the order
//! of rank. In full: the pipeline's results as the scripting API gives them (COINr's columns,
//! codes, full precision), for further work; the project file keeps the figures as typed.

use std::collections::HashMap;

use super::view::{number_of, text_of};
use super::{dom, State};
use crate::table::{Cell, Record};

impl State {
    /// Downloads `what`: `framework`, `data`, `results` (as on screen), `results-full` or the
    /// project.
    pub(super) fn export(&self, what: &str) {
        let (name, mime, text) = match what {
            "framework" => ("innoscore-framework.csv", "text/csv", crate::table::to_csv(&self.project.imeta)),
            "data" => ("innoscore-data.csv", "text/csv", crate::table::to_csv(&self.project.idata)),
            "results" => ("innoscore-results.csv", "text/csv", crate::table::to_csv(&self.results_as_shown())),
            "results-full" => {
                let rows = self.scored.as_ref().map(|s| s.output.results.clone()).unwrap_or_default();
                ("innoscore-results-full.csv", "text/csv", crate::table::to_csv(&rows))
            }
            _ => ("innoscore-project.json", "application/json", self.project.to_json()),
        };
        // a byte-order mark lets Excel and WPS open UTF-8 CSV with Chinese text correctly
        let text = if mime == "text/csv" { format!("\u{feff}{text}") } else { text };
        dom::download(&self.doc, name, mime, &text);
    }

    /// The results as the ranking shows them, for every year: year, rank, code, name, the
    /// index and its change since the year before, each pillar's score and rank; headed in the
    /// interface language with units, rounded as shown (scores to one decimal). Empty when the
    /// project does not score.
    pub(super) fn results_as_shown(&self) -> Vec<Record> {
        let (Ok(scored), Some(top)) = (&self.scored, self.top()) else { return Vec::new() };
        let pillars = self.pillars();
        let names = self.unit_names();
        let headed = |code: &str| {
            let unit = self.meta(code).map(|m| self.local(m, "Unit")).unwrap_or_default();
            if unit.is_empty() { self.name(code) } else { self.loc.f("grid.heading", &[("name", &self.name(code)), ("unit", &unit)]) }
        };
        let heads = ExportHeads {
            year: self.loc.t("year"),
            rank: self.loc.t("r.rank"),
            code: self.loc.t("unit.code"),
            unit: self.loc.t("unit"),
            index: headed(&top),
            change: self.loc.f("x.change", &[("unit", &self.meta(&top).map(|m| self.local(m, "Unit")).unwrap_or_default())]),
            moved: self.loc.t("x.moved"),
            pillars: pillars.iter().map(|p| (p.clone(), headed(p), self.loc.f("x.pillar_rank", &[("name", &self.name(p))]))).collect(),
        };
        let mut years: Vec<Option<i64>> = scored.output.results.iter().map(|r| number_of(r, "Time").map(|t| t as i64)).collect();
        years.sort_unstable();
        years.dedup();
        let mut out = Vec::new();
        let mut previous: HashMap<String, (Option<f64>, Option<f64>)> = HashMap::new();
        for year in years {
            let mut rows: Vec<&Record> = scored.output.results.iter().filter(|r| number_of(r, "Time").map(|t| t as i64) == year).collect();
            rows.sort_by(|a, b| number_of(a, "Rank").unwrap_or(f64::INFINITY).total_cmp(&number_of(b, "Rank").unwrap_or(f64::INFINITY)));
            let pillar_rank: Vec<Vec<Option<f64>>> =
                pillars.iter().map(|p| crate::stats::rank_min(&rows.iter().map(|r| number_of(r, p)).collect::<Vec<_>>(), true)).collect();
            let mut now = HashMap::new();
            for (i, r) in rows.iter().enumerate() {
                let code = text_of(r, "uCode");
                let (score, rank) = (number_of(r, &top), number_of(r, "Rank"));
                let (before, rank_before) = previous.get(&code).copied().unwrap_or((None, None));
                let mut rec = Record::with_capacity(7 + 2 * pillars.len());
                let number = |x: Option<f64>, decimals| x.filter(|x| x.is_finite()).map_or(Cell::Empty, |x| Cell::Text(crate::stats::fixed(x, decimals)));
                rec.insert(heads.year.clone(), year.map_or(Cell::Empty, |y| Cell::Text(y.to_string())));
                rec.insert(heads.rank.clone(), number(rank, 0));
                rec.insert(heads.code.clone(), Cell::Text(code.clone()));
                rec.insert(heads.unit.clone(), Cell::Text(names.get(&code).cloned().unwrap_or_else(|| code.clone())));
                rec.insert(heads.index.clone(), number(score, 1));
                rec.insert(heads.change.clone(), number(score.zip(before).map(|(a, b)| a - b), 1));
                rec.insert(heads.moved.clone(), number(rank.zip(rank_before).map(|(a, b)| b - a), 0));
                for (k, (p, score_head, rank_head)) in heads.pillars.iter().enumerate() {
                    rec.insert(score_head.clone(), number(number_of(r, p), 1));
                    rec.insert(rank_head.clone(), number(pillar_rank[k][i], 0));
                }
                now.insert(code, (score, rank));
                out.push(rec);
            }
            previous = now;
        }
        out
    }
}

/// The headings of the results as shown.
struct ExportHeads {
    year: String,
    rank: String,
    code: String,
    unit: String,
    index: String,
    change: String,
    moved: String,
    /// (code, score heading, rank heading) of each pillar.
    pillars: Vec<(String, String, String)>,
}
