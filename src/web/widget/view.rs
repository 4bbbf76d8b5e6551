//! Drawing the scorecard: header, editors (data grid, framework, method) and results.

use std::collections::HashMap;


use super::charts;
use super::dom::{replace_children, select, El};
use super::i18n::Names;
use super::{Audit, Printing, Robust, State, Tab};
use crate::project::{AggregateChoice, CellDoubt, CellIssue, ImputeChoice, NormaliseChoice, Project, Standing};
use crate::table::{Cell, Record};
use crate::ElementType;

/// The width of an A4 page within the browser's margins, in CSS pixels (190 mm at 96 px an inch).
const PRINTED_WIDTH: f64 = 718.0;

/// The performance groups of the unit profile, by the index as a percentage of the average of
/// the units, from the lowest share each takes: the European Innovation Scoreboard's.
const GROUPS: [(&str, f64); 4] = [("g.leader", 125.0), ("g.strong", 100.0), ("g.moderate", 70.0), ("g.emerging", f64::NEG_INFINITY)];

pub(super) fn text_of(rec: &Record, key: &str) -> String {
    rec.get(key).map(Cell::text).unwrap_or_default()
}

/// The name of a row's unit, from [`State::unit_names`].
fn unit_name(names: &HashMap<String, String>, rec: &Record) -> String {
    let code = text_of(rec, "uCode");
    names.get(&code).cloned().unwrap_or(code)
}

/// The rank of `unit` among `rows` on column `code`, highest first, ties sharing the best.
fn rank_among(rows: &[&Record], code: &str, unit: &Record) -> Option<f64> {
    let unit = unit.get("uCode")?;
    let at = rows.iter().position(|r| r.get("uCode") == Some(unit))?;
    crate::stats::rank_min(&rows.iter().map(|r| number_of(r, code)).collect::<Vec<_>>(), true)[at]
}

pub(super) fn number_of(rec: &Record, key: &str) -> Option<f64> {
    match rec.get(key)? {
        Cell::Number(x) => Some(*x),
        Cell::Text(text) => text.trim().parse::<f64>().ok(),
        Cell::Empty => None,
    }
}

/// The ids of a cell's notes, for its input's aria-describedby.
fn described_by(notes: &[El]) -> String {
    notes.iter().map(|n| n.0.id()).collect::<Vec<_>>().join(" ")
}

/// One indicator's part in a unit's index.
struct Contribution {
    name: String,
    /// Normalised score.
    score: Option<f64>,
    /// Share of the indicator's weight in the index.
    share: f64,
    /// Score times share (arithmetic aggregation only).
    points: Option<f64>,
    /// Rank among the units of the year.
    rank: Option<f64>,
}

/// The iData columns shown in the grid: indicators by pillar, then denominators.
pub fn grid_columns(p: &Project) -> Vec<String> {
    let mut cols: Vec<String> = Vec::new();
    for (agg, level) in p.aggregates() {
        if level == 2 {
            cols.extend(p.imeta.iter().filter(|r| text_of(r, "Type") == "Indicator" && text_of(r, "Parent") == agg).map(|r| text_of(r, "iCode")));
        }
    }
    // indicators whose parent is not a level-2 aggregate (other frameworks)
    for r in p.imeta.iter().filter(|r| text_of(r, "Type") == "Indicator") {
        let c = text_of(r, "iCode");
        if !cols.contains(&c) {
            cols.push(c);
        }
    }
    cols.extend(p.imeta.iter().filter(|r| text_of(r, "Type") == "Denominator").map(|r| text_of(r, "iCode")));
    cols
}

impl State {
    pub(super) fn meta(&self, code: &str) -> Option<&Record> {
        self.project.imeta.iter().find(|r| text_of(r, "iCode") == code)
    }

    /// The iMeta column holding names in the current language (iName when there is none).
    pub(super) fn name_field(&self) -> String {
        let f = format!("iName_{}", self.loc.short());
        if self.project.imeta.first().is_some_and(|r| r.get(&f).is_some()) { f } else { "iName".into() }
    }

    /// A localised column of iMeta (`Unit_zh`), else the plain one (`Unit`).
    pub(super) fn local(&self, rec: &Record, base: &str) -> String {
        let v = text_of(rec, &format!("{base}_{}", self.loc.short()));
        if v.is_empty() { text_of(rec, base) } else { v }
    }

    pub(super) fn name(&self, code: &str) -> String {
        match self.meta(code) {
            Some(r) => {
                let n = self.local(r, "iName");
                if n.is_empty() { code.to_string() } else { n }
            }
            None => code.to_string(),
        }
    }

    /// Each unit's name in the current language (`uName_en`, ...), else uName, else its uCode,
    /// by uCode: from its first row, so that a unit has one name in every year.
    pub(super) fn unit_names(&self) -> HashMap<String, String> {
        let mut names = HashMap::new();
        for r in &self.project.idata {
            let code = text_of(r, "uCode");
            let name = Some(self.local(r, "uName")).filter(|n| !n.is_empty()).unwrap_or_else(|| code.clone());
            names.entry(code).or_insert(name);
        }
        names
    }

    /// Calls `f` with the names of indicators and units in the language shown.
    fn with_names<T>(&self, f: impl FnOnce(&Names) -> T) -> T {
        let units = self.unit_names();
        let unit = |c: &str| units.get(c).cloned().unwrap_or_else(|| c.to_string());
        f(&Names { element: &|c| self.name(c), unit: &unit })
    }

    /// A unit's name in the language shown, by uCode.
    pub(super) fn unit_name(&self, code: &str) -> String {
        self.unit_names().remove(code).unwrap_or_else(|| code.to_string())
    }

    /// An error in the language shown, naming indicators and units as the analyst knows them.
    pub(super) fn error(&self, e: &crate::Error) -> String {
        self.with_names(|names| self.loc.error_in(e, names))
    }

    pub(super) fn pillars(&self) -> Vec<String> {
        self.project.aggregates().into_iter().filter(|(_, l)| *l == 2).map(|(c, _)| c).collect()
    }

    pub(super) fn top(&self) -> Option<String> {
        self.project.aggregates().last().map(|(c, _)| c.clone())
    }

    /// Whether the scores run from 0 to 100 whatever the figures (min-max, 监测标准), so that
    /// charts keep that scale; z-scores and ranks do not.
    fn bounded_scores(&self) -> bool {
        matches!(self.project.settings.normalise, NormaliseChoice::MinMax | NormaliseChoice::Standard)
    }

    fn year_label(&self) -> String {
        self.year.map(|y| y.to_string()).unwrap_or_default()
    }

    /// Draws everything.
    pub(super) fn render(&self) {
        let doc = &self.doc;
        let elder = self.host.has_attribute("elder");
        let langs = El::new(doc, "div").class("langs").attr("role", "group").children(super::i18n::Locale::all().into_iter().map(|(tag, name)| {
            El::new(doc, "button")
                .attr("type", "button")
                .attr("data-action", "lang")
                .attr("data-lang", &tag)
                .attr("lang", &tag)
                .attr("aria-pressed", if tag == self.loc.tag { "true" } else { "false" })
                .text(&name)
        }));
        let header = El::new(doc, "header").children([
            El::new(doc, "div").children([
                El::new(doc, "h2").tr(&self.loc, "title"),
                El::new(doc, "p").class("subtitle").tr(&self.loc, "subtitle"),
            ]),
            El::new(doc, "div").class("tools").children(self.history_buttons().into_iter().chain([
                langs,
                El::new(doc, "button")
                    .attr("type", "button")
                    .attr("data-action", "elder")
                    .attr("aria-pressed", if elder { "true" } else { "false" })
                    .tr(&self.loc, "elder.on"),
            ])),
        ]);
        let status = El::new(doc, "div").class("status").attr("role", "status").attr("aria-live", "polite");
        // the answer first: the results, then the editors of what they come from
        // parts redrawn apart (render_results), so that the weights beside the bars stay put
        // while a slider of theirs moves
        let mut tune = El::new(doc, "div").class("tune").child(El::new(doc, "div").class("r-bar"));
        if !self.readonly {
            tune = tune.child(
                El::new(doc, "aside").class("weights").attr("aria-labelledby", "weights-title").child(El::new(doc, "h3").attr("id", "weights-title").tr(&self.loc, "m.weights")).children(self.weight_sliders("aside")),
            );
        }
        let results = El::new(doc, "section")
            .class("results")
            .attr("aria-label", &self.loc.f("r.title", &[("year", &self.year_label())]))
            .children([El::new(doc, "div").class("r-head"), tune, El::new(doc, "div").class("r-rest")]);
        let mut card = El::new(doc, "div").class("card").attr("lang", self.loc.tag).child(header).child(status).child(results);
        if !self.readonly {
            let tabs = [("data", Tab::Data, "tab.data"), ("framework", Tab::Framework, "tab.framework"), ("method", Tab::Method, "tab.method")];
            card = card
                .child(El::new(doc, "div").class("tabs").attr("role", "tablist").attr_tr("aria-label", &self.loc, "title").children(tabs.iter().map(|(id, tab, label)| {
                    let on = *tab == self.tab;
                    El::new(doc, "button")
                        .attr("type", "button")
                        .attr("role", "tab")
                        .attr("id", &format!("tab-{id}"))
                        .attr("aria-selected", if on { "true" } else { "false" })
                        .attr("aria-controls", "editor")
                        .attr("tabindex", if on { "0" } else { "-1" })
                        .attr("data-action", "tab")
                        .attr("data-tab", id)
                        .tr(&self.loc, label)
                })))
                .child(
                    El::new(doc, "div")
                        .class("editor")
                        .attr("id", "editor")
                        .attr("role", "tabpanel")
                        .attr("aria-labelledby", &format!("tab-{}", match self.tab { Tab::Data => "data", Tab::Framework => "framework", Tab::Method => "method" }))
                        .child(match self.tab {
                            Tab::Data => self.data_editor(),
                            Tab::Framework => self.framework_editor(),
                            Tab::Method => self.method_editor(),
                        }),
                );
        }
        self.root.set_text_content(None);
        let _ = self.root.append_child(&card.0);
        self.render_status();
        self.render_results();
    }

    /// The undo and redo buttons, each disabled when there is nothing to undo or redo (none
    /// when read-only).
    fn history_buttons(&self) -> Vec<El> {
        if self.readonly {
            return Vec::new();
        }
        let (undo, redo) = self.history.counts();
        [("undo", undo), ("redo", redo)]
            .into_iter()
            .map(|(action, steps)| self.button(action, &self.loc.t(&format!("h.{action}"))).attr("title", &self.loc.t(&format!("h.{action}.keys"))).attr_if(steps == 0, "disabled", ""))
            .collect()
    }

    /// Enables or disables the undo and redo buttons in place, as the history stands.
    pub(super) fn render_history_buttons(&self) {
        let (undo, redo) = self.history.counts();
        for (action, steps) in [("undo", undo), ("redo", redo)] {
            if let Ok(Some(button)) = self.root.query_selector(&format!("header [data-action={action}]")) {
                let _ = if steps == 0 { button.set_attribute("disabled", "") } else { button.remove_attribute("disabled") };
            }
        }
    }

    pub(super) fn render_status(&self) {
        let Ok(Some(status)) = self.root.query_selector(".status") else { return };
        status.set_text_content(None);
        let say = |text: &str, error: bool| El::new(&self.doc, "p").class(if error { "msg error" } else { "msg" }).text(text);
        if let Some((text, error)) = &self.message {
            let mut p = say(text, *error);
            if self.offer_undo {
                p = p.text(" · ").child(self.button("undo", &self.loc.t("h.undo")));
            }
            let _ = status.append_child(&p.0);
        }
        if let Some(choice) = &self.choosing {
            let p = El::new(&self.doc, "p")
                .class("msg choose-sheet")
                .attr("role", "group")
                .attr("aria-labelledby", "choose-sheet")
                .child(El::new(&self.doc, "span").attr("id", "choose-sheet").text(&self.loc.f("import.choose_sheet", &[("name", &choice.name), ("n", &choice.sheets.len().to_string())])))
                .children(choice.sheets.iter().map(|s| self.button("sheet", s).attr("data-sheet", s)))
                .child(self.button("sheet-cancel", &self.loc.t("import.cancel")));
            let _ = status.append_child(&p.0);
        }
        if let Some(name) = &self.reading_workbook {
            let _ = status.append_child(&El::new(&self.doc, "p").class("msg importing").text(&self.loc.f("msg.workbook_reading", &[("name", name)])).0);
        }
        if let Some(importing) = &self.importing {
            let label = self.import_label(&importing.name, &importing.stage);
            let bar = self.progress("import", importing.stage.number() - 1, super::Stage::COUNT, &label, &self.loc.t("import.cancel"));
            let _ = status.append_child(&bar.class("msg importing").0);
        }
        if let Some(problem) = &self.storage_problem {
            let _ = status.append_child(&say(problem, true).0);
        }
        if self.unreadable.is_some() {
            let _ = status.append_child(&El::new(&self.doc, "p").child(self.button("download-unreadable", &self.loc.t("msg.download_unreadable"))).0);
        }
    }

    fn year_select(&self, place: &str) -> El {
        let years: Vec<(String, String)> = self.project.years().into_iter().flatten().map(|y| (y.to_string(), y.to_string())).collect();
        let id = format!("year-{place}");
        El::new(&self.doc, "span").class("field").children([
            El::new(&self.doc, "label").attr("for", &id).tr(&self.loc, "year"),
            select(&self.doc, &years, &self.year_label()).attr("id", &id).attr("data-action", "year").attr("data-place", place).attr_if(years.is_empty(), "disabled", ""),
        ])
    }

    /// What the import of file `name` is doing, at `stage`.
    pub(super) fn import_label(&self, name: &str, stage: &super::Stage) -> String {
        let (step, total) = (stage.number().to_string(), super::Stage::COUNT.to_string());
        self.loc.f("import.progress", &[("name", name), ("step", &step), ("total", &total), ("stage", &self.loc.t(stage.key()))])
    }

    /// The progress of work `what` (`import`, `robust`): a bar, what it says, and the button
    /// that cancels it (action `<what>-cancel`).
    fn progress(&self, what: &str, done: usize, total: usize, label: &str, cancel: &str) -> El {
        let id = format!("{what}-progress");
        // with no total known yet, the bar shows that work is under way, not how much is done
        let bar = El::new(&self.doc, "progress").attr("aria-labelledby", &id);
        let bar = if total > 0 { bar.attr("max", &total.to_string()).attr("value", &done.to_string()) } else { bar };
        El::new(&self.doc, "p").children([
            bar,
            El::new(&self.doc, "span").class("progress-label").attr("id", &id).attr("role", "status").text(label),
            self.button(&format!("{what}-cancel"), cancel),
        ])
    }

    fn button(&self, action: &str, label: &str) -> El {
        El::new(&self.doc, "button").attr("type", "button").attr("data-action", action).text(label)
    }

    fn data_editor(&self) -> El {
        let doc = &self.doc;
        let p = &self.project;
        let cols = grid_columns(p);
        let rows = p.rows_of_year(self.year);
        let cell_issues = self.cell_issues();
        let toolbar = El::new(doc, "div").class("toolbar").children([
            self.year_select("data"),
            self.button("add-unit", &self.loc.t("unit.add")),
            El::new(doc, "label").class("file").children([
                El::new(doc, "span").tr(&self.loc, "import"),
                El::new(doc, "input")
                    .attr("type", "file")
                    .attr("accept", ".csv,.json,.xlsx,.xls,.ods,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel")
                    .attr("data-action", "import"),
            ]),
            El::new(doc, "span").class("exports").attr("role", "group").attr_tr("aria-label", &self.loc, "export").children(
                ["workbook", "project", "data", "framework", "results", "results-full"].iter().map(|w| self.button("export", &self.loc.t(&format!("export.{w}"))).attr("data-what", w)),
            ),
            self.button("reset-data", &self.loc.t("reset.data")).class("danger"),
        ]);
        let head = El::new(doc, "tr").children(
            [El::new(doc, "th").attr("scope", "col").tr(&self.loc, "unit.code"), El::new(doc, "th").attr("scope", "col").tr(&self.loc, "unit.name")]
                .into_iter()
                .chain(cols.iter().map(|c| {
                    let (holds, becomes) = self.column_heading(c);
                    let th = El::new(doc, "th").attr("scope", "col").attr("data-col", c).child(El::new(doc, "span").text(&holds));
                    match becomes {
                        Some(becomes) => th.child(El::new(doc, "span").class("unit").text(&becomes)),
                        None => th,
                    }
                }))
                .chain([El::new(doc, "th").attr("scope", "col").child(El::new(doc, "span").class("sr").text(&self.loc.f("unit.remove", &[("name", "")])))]),
        );
        let names = self.unit_names();
        let doubts = self.cell_doubts();
        // the problems and doubts of one row: both are listed row by row
        let issues_of = |row: usize| &cell_issues[cell_issues.partition_point(|i| i.row < row)..cell_issues.partition_point(|i| i.row <= row)];
        let doubts_of = |row: usize| &doubts[doubts.partition_point(|d| d.row < row)..doubts.partition_point(|d| d.row <= row)];
        // one page of rows; `r` stays the row's place among all the year's rows
        let page = self.grid_page.min(rows.len().saturating_sub(1) / super::GRID_PAGE);
        let shown = rows.iter().enumerate().skip(page * super::GRID_PAGE).take(super::GRID_PAGE);
        // one tab stop in the grid (arrow keys move it): where it was, while that cell is shown
        let last = cols.len() as i64;
        let at = Some(self.grid_at.get()).filter(|&(r, c)| r >= page * super::GRID_PAGE && r < rows.len().min((page + 1) * super::GRID_PAGE) && (-1..=last).contains(&c)).unwrap_or((page * super::GRID_PAGE, 0));
        let stop = |r: usize, c: i64| if (r, c) == at { "0" } else { "-1" };
        let body = El::new(doc, "tbody").children(shown.map(|(r, &row)| {
            let rec = &p.idata[row];
            let code = text_of(rec, "uCode");
            let uname = unit_name(&names, rec);
            El::new(doc, "tr")
                .attr("data-unit", &code)
                .child(El::new(doc, "th").attr("scope", "row").text(&code))
                .child(El::new(doc, "td").child(
                    El::new(doc, "input")
                        .attr("type", "text")
                        .attr("data-action", "unit-name")
                        .attr("data-unit", &code)
                        .attr("data-r", &r.to_string())
                        .attr("data-c", "-1")
                        .attr("tabindex", stop(r, -1))
                        .attr("aria-label", &format!("{} {code}", self.loc.t("unit.name")))
                        .value(&text_of(rec, "uName"))
                        .attr("value", &text_of(rec, "uName")),
                ))
                .children(cols.iter().enumerate().map(|(c, col)| {
                    let issue = issues_of(row).iter().find(|i| i.column == *col);
                    let doubt = doubts_of(row).iter().find(|d| d.column == *col);
                    let text = text_of(rec, col);
                    let input = El::new(doc, "input")
                        .attr("type", "text")
                        .attr("inputmode", "decimal")
                        .attr("data-action", "cell")
                        .attr("data-row", &row.to_string())
                        .attr("data-col", col)
                        .attr("data-r", &r.to_string())
                        .attr("data-c", &c.to_string())
                        .attr("tabindex", stop(r, c as i64))
                        .attr("aria-label", &format!("{uname} {}", self.name(col)))
                        .attr("value", &text);
                    let td = El::new(doc, "td").attr("role", "gridcell");
                    let (class, notes) = self.cell_notes(row, col, c, &text, issue, doubt);
                    let td = match class {
                        Some(class) => td.class(class),
                        None => td,
                    };
                    let input = input.attr_if(issue.is_some(), "aria-invalid", "true");
                    let input = if notes.is_empty() { input } else { input.attr("aria-describedby", &described_by(&notes)) };
                    td.child(input).children(notes)
                }))
                .child(El::new(doc, "td").child(
                    self.button("remove-unit", "×")
                        .attr("data-unit", &code)
                        .attr("data-r", &r.to_string())
                        .attr("data-c", &last.to_string())
                        .attr("tabindex", stop(r, last))
                        .attr("aria-label", &self.loc.f("unit.remove", &[("name", &uname)])),
                ))
        }));
        let grid = El::new(doc, "div").class("grid-wrap").attr("tabindex", "-1").child(
            El::new(doc, "table")
                .class("grid")
                .attr("role", "grid")
                .attr_tr("aria-label", &self.loc, "grid.label")
                .child(El::new(doc, "caption").text(&self.loc.f("grid.caption", &[("year", &self.year_label())])))
                .child(El::new(doc, "thead").child(head))
                .child(body),
        );
        let editor = El::new(doc, "div").child(toolbar).child(grid);
        match self.pager("grid", page, super::GRID_PAGE, rows.len()) {
            Some(pager) => editor.child(pager),
            None => editor,
        }
    }

    /// Previous and next buttons for a list of `total` units drawn `size` at a time (`what`:
    /// `grid` or `ranking`), showing `page`; none when one page holds them all.
    fn pager(&self, what: &str, page: usize, size: usize, total: usize) -> Option<El> {
        let pages = total.div_ceil(size);
        if pages <= 1 {
            return None;
        }
        let (from, to) = (page * size + 1, ((page + 1) * size).min(total));
        let turn = |direction: &str, to_page: Option<usize>| {
            self.button("page", &self.loc.t(&format!("page.{direction}")))
                .attr("data-what", what)
                .attr("data-direction", direction)
                .attr("data-page", &to_page.unwrap_or(page).to_string())
                .attr_if(to_page.is_none(), "disabled", "")
        };
        Some(El::new(&self.doc, "nav").class("pager").attr("data-what", what).attr_tr("aria-label", &self.loc, &format!("page.{what}")).children([
            turn("prev", page.checked_sub(1)),
            El::new(&self.doc, "span").text(&self.loc.f("page.range", &[("from", &from.to_string()), ("to", &to.to_string()), ("total", &total.to_string())])),
            turn("next", Some(page + 1).filter(|&n| n < pages)),
        ]))
    }

    /// The figures that cannot be used as typed: from the last scoring, or checked afresh when
    /// the project did not score.
    fn cell_issues(&self) -> Vec<crate::project::CellIssue> {
        match &self.scored {
            Ok(s) => s.issues.clone(),
            Err(_) => self.project.check_cells(),
        }
    }

    /// Marks the grid cells an edit of (`row`, `col`) may change, as typed: those of the row
    /// (the indicators computed from a denominator) and of the column (how far a figure is from
    /// the column's others): their problems, doubts and computed indicators shown in place.
    pub(super) fn mark_cells(&self, row: usize, col: &str) {
        let selector = format!("input[data-action=cell][data-row=\"{row}\"], input[data-action=cell][data-col=\"{col}\"]");
        let issues = self.cell_issues();
        let doubts = self.cell_doubts();
        for input in super::dom::all(&self.root, &selector) {
            let Some(td) = input.parent_element() else { continue };
            let (row, col) = (super::dom::data(&input, "row").parse().unwrap_or(usize::MAX), super::dom::data(&input, "col"));
            let c = super::dom::data(&input, "c").parse().unwrap_or(0);
            let issue = issues.iter().find(|i| i.row == row && i.column == col);
            let doubt = doubts.iter().find(|d| d.row == row && d.column == col);
            let (class, notes) = self.cell_notes(row, &col, c, &super::dom::value_of(&input), issue, doubt);
            while let Some(old) = input.next_element_sibling() {
                old.remove();
            }
            let _ = match class {
                Some(class) => td.set_attribute("class", class),
                None => td.remove_attribute("class"),
            };
            let _ = if issue.is_some() { input.set_attribute("aria-invalid", "true") } else { input.remove_attribute("aria-invalid") };
            let _ = if notes.is_empty() { input.remove_attribute("aria-describedby") } else { input.set_attribute("aria-describedby", &described_by(&notes)) };
            for note in notes {
                let _ = td.append_child(&note.0);
            }
        }
    }

    /// The figures scored as typed that look wrong: from the last scoring, or checked afresh
    /// when the project did not score.
    fn cell_doubts(&self) -> Vec<crate::project::CellDoubt> {
        match &self.scored {
            Ok(s) => s.doubts.clone(),
            Err(_) => self.project.doubts(&self.project.check_cells()),
        }
    }

    /// What grid cell (`row`, `col`, the grid's `c`th column) holding `text` shows under its
    /// figure, with the class of the cell: what is wrong with it (`bad`); else what it was read
    /// as, what looks wrong (`doubt`) and the indicator it makes with its denominator.
    fn cell_notes(&self, row: usize, col: &str, c: usize, text: &str, issue: Option<&CellIssue>, doubt: Option<&CellDoubt>) -> (Option<&'static str>, Vec<El>) {
        let doc = &self.doc;
        let note = |what: &str, class: &str| El::new(doc, "span").class(class).attr("id", &format!("cell-{row}-{c}-{what}"));
        if let Some(issue) = issue {
            return (Some("bad"), vec![note("msg", "cell-msg").text(&self.loc.cell_problem(issue.problem, &issue.text))]);
        }
        let mut notes = Vec::new();
        if let Some(read) = self.read_as(text) {
            notes.push(note("read", "cell-msg note").text(&read));
        }
        if let Some(doubt) = doubt {
            notes.push(note("doubt", "cell-msg doubt").text(&self.doubt_text(doubt)));
        }
        if let Some((short, full)) = self.computed(row, col, text) {
            // the value under the figure; the whole sum while the cell has the focus, and for screen readers
            notes.push(note("calc", "cell-calc").children([
                El::new(doc, "span").class("short").attr("aria-hidden", "true").text(&short),
                El::new(doc, "span").class("full").text(&full),
            ]));
        }
        (doubt.map(|_| "doubt"), notes)
    }

    /// Why a figure looks wrong, and what to check.
    fn doubt_text(&self, d: &CellDoubt) -> String {
        use crate::project::Doubt;
        let times = |of: f64| {
            let t = if d.value >= of { d.value / of } else { of / d.value };
            self.loc.number(Some(t), 0)
        };
        match d.doubt {
            Doubt::ShareOver100 { value } => {
                let denominator = self.meta(&d.column).map(|m| self.name(&text_of(m, "Denominator"))).unwrap_or_default();
                self.loc.f("cell.doubt.share", &[("indicator", &self.name(&d.column)), ("value", &self.loc.figure(Some(value))), ("denominator", &denominator)])
            }
            Doubt::FarFromUnit { median } => {
                let key = if d.value > median { "cell.doubt.unit_above" } else { "cell.doubt.unit_below" };
                self.loc.f(key, &[("median", &self.loc.figure(Some(median))), ("times", &times(median))])
            }
            Doubt::FarFromColumn { low, high } => {
                let (key, of) = if d.value > high { ("cell.doubt.column_above", high) } else { ("cell.doubt.column_below", low) };
                self.loc.f(key, &[("quartile", &self.loc.figure(Some(of))), ("times", &times(of))])
            }
        }
    }

    /// What grid column `column` holds, "R&D经费（亿元）", and for an indicator with a
    /// denominator what it becomes: "÷ 地区生产总值 × 100 = R&D经费投入强度（%）".
    fn column_heading(&self, column: &str) -> (String, Option<String>) {
        let Some(m) = self.meta(column) else { return (column.to_string(), None) };
        let denominator = text_of(m, "Denominator");
        let name = self.local(m, "DataName");
        let name = match (name.is_empty(), denominator.is_empty()) {
            (false, _) => name,
            (true, true) => self.name(column),
            (true, false) => self.loc.f("grid.numerator", &[("name", &self.name(column))]),
        };
        let data_unit = self.local(m, "DataUnit");
        // the unit of the figure typed: the numerator's, when there is a denominator
        let unit = if data_unit.is_empty() && denominator.is_empty() { self.local(m, "Unit") } else { data_unit };
        let holds = if unit.is_empty() { name } else { self.loc.f("grid.heading", &[("name", &name), ("unit", &unit)]) };
        if denominator.is_empty() {
            return (holds, None);
        }
        let becomes = self.loc.f(
            "grid.becomes",
            &[("denominator", &self.name(&denominator)), ("scale", &self.scale_text(m)), ("indicator", &self.name(column)), ("unit", &self.local(m, "Unit"))],
        );
        (holds, Some(becomes))
    }

    /// " × 100" for an indicator's Scale other than 1; nothing for 1.
    fn scale_text(&self, m: &Record) -> String {
        match number_of(m, "Scale") {
            Some(scale) if scale != 1.0 => self.loc.f("grid.scale", &[("scale", &crate::table::number_text(scale))]),
            _ => String::new(),
        }
    }

    /// The indicator that figure `text` makes in (`row`, `col`) with its denominator, as "=
    /// 2.05 %" and as the whole sum, "R&D经费投入强度 = 77.5 亿元 ÷ 3781 亿元 × 100 = 2.05 %";
    /// none for an indicator without a denominator, or while either figure cannot be used.
    pub(super) fn computed(&self, row: usize, col: &str, text: &str) -> Option<(String, String)> {
        let m = self.meta(col)?;
        let denominator = text_of(m, "Denominator");
        if denominator.is_empty() || text.trim().is_empty() {
            return None;
        }
        let figure = crate::table::read_figure(text)?;
        let value = self.project.indicator_value(row, col, figure)?;
        let den_figure = self.project.idata.get(row).map(|r| text_of(r, &denominator)).and_then(|t| crate::table::read_figure(&t))?;
        let unit = self.local(m, "Unit");
        let den_unit = self.meta(&denominator).map(|d| self.local(d, "Unit")).unwrap_or_default();
        let value_text = self.loc.figure(Some(value));
        let short = self.loc.f("cell.computed.short", &[("value", &value_text), ("unit", &unit)]);
        let full = self.loc.f(
            "cell.computed",
            &[
                ("indicator", &self.name(col)),
                ("figure", &crate::table::number_text(figure)),
                ("figure_unit", &self.local(m, "DataUnit")),
                ("denominator", &crate::table::number_text(den_figure)),
                ("denominator_unit", &den_unit),
                ("scale", &self.scale_text(m)),
                ("value", &value_text),
                ("unit", &unit),
            ],
        );
        Some((short, full))
    }

    /// What a figure typed in another form ("1,234", "１２", "12.5%") was read as, to show
    /// beside it; nothing for a plain number.
    fn read_as(&self, text: &str) -> Option<String> {
        let t = text.trim();
        if t.is_empty() || t.parse::<f64>().is_ok() {
            return None;
        }
        crate::table::read_figure(t).map(|x| self.loc.f("cell.read_as", &[("value", &crate::table::number_text(x))]))
    }

    fn framework_editor(&self) -> El {
        let doc = &self.doc;
        let p = &self.project;
        let pillars = self.pillars();
        let pillar_options: Vec<(String, String)> = pillars.iter().map(|c| (c.clone(), self.name(c))).collect();
        let denominators: Vec<(String, String)> = std::iter::once((String::new(), "—".to_string()))
            .chain(p.imeta.iter().filter(|r| text_of(r, "Type") == "Denominator").map(|r| (text_of(r, "iCode"), self.name(&text_of(r, "iCode")))))
            .collect();
        let name_field = self.name_field();
        let unit_field = if p.imeta.first().is_some_and(|r| r.get(&format!("Unit_{}", self.loc.short())).is_some()) { format!("Unit_{}", self.loc.short()) } else { "Unit".into() };
        let directions = vec![("1".to_string(), self.loc.t("fw.direction.up")), ("-1".to_string(), self.loc.t("fw.direction.down"))];
        let sections = pillars.iter().map(|pillar| {
            let indicators: Vec<&Record> = p.imeta.iter().filter(|r| text_of(r, "Type") == "Indicator" && text_of(r, "Parent") == *pillar).collect();
            let head = El::new(doc, "tr").children(
                ["fw.name", "fw.unit", "fw.direction", "fw.weight", "fw.denominator", "fw.target", "fw.move", ""]
                    .iter()
                    .map(|k| El::new(doc, "th").attr("scope", "col").text(&if k.is_empty() { String::new() } else { self.loc.t(k) })),
            );
            let field = |code: &str, f: &str, label: &str, value: &str, kind: &str| {
                El::new(doc, "input")
                    .attr("type", kind)
                    .attr("data-action", "meta")
                    .attr("data-code", code)
                    .attr("data-field", f)
                    .attr("aria-label", &format!("{} {label}", self.name(code)))
                    .attr("value", value)
                    .attr_if(kind == "number", "step", "any")
            };
            let rows = indicators.iter().map(|r| {
                let code = text_of(r, "iCode");
                El::new(doc, "tr").attr("data-code", &code).children([
                    El::new(doc, "td").child(field(&code, &name_field, &self.loc.t("fw.name"), &self.name(&code), "text").attr("data-role", "name")),
                    El::new(doc, "td").child(field(&code, &unit_field, &self.loc.t("fw.unit"), &self.local(r, "Unit"), "text").class("short")),
                    El::new(doc, "td").child(
                        select(doc, &directions, &text_of(r, "Direction"))
                            .attr("data-action", "meta")
                            .attr("data-code", &code)
                            .attr("data-field", "Direction")
                            .attr("aria-label", &format!("{} {}", self.name(&code), self.loc.t("fw.direction"))),
                    ),
                    El::new(doc, "td").child(field(&code, "Weight", &self.loc.t("fw.weight"), &text_of(r, "Weight"), "number").attr("min", "0").class("short")),
                    El::new(doc, "td").child(
                        select(doc, &denominators, &text_of(r, "Denominator"))
                            .attr("data-action", "meta")
                            .attr("data-code", &code)
                            .attr("data-field", "Denominator")
                            .attr("aria-label", &format!("{} {}", self.name(&code), self.loc.t("fw.denominator"))),
                    ),
                    El::new(doc, "td").child(field(&code, "Target", &self.loc.t("fw.target"), &text_of(r, "Target"), "number").class("short")),
                    El::new(doc, "td").child(
                        select(doc, &pillar_options, pillar)
                            .attr("data-action", "meta")
                            .attr("data-code", &code)
                            .attr("data-field", "Parent")
                            .attr("aria-label", &format!("{} {}", self.name(&code), self.loc.t("fw.move"))),
                    ),
                    El::new(doc, "td").child(
                        self.button("remove-indicator", "×").attr("data-code", &code).attr("aria-label", &self.loc.f("fw.remove", &[("name", &self.name(&code))])),
                    ),
                ])
            });
            El::new(doc, "section").class("pillar").attr("data-pillar", pillar).children([
                El::new(doc, "h3").text(&self.name(pillar)),
                El::new(doc, "table").class("meta").child(El::new(doc, "thead").child(head)).child(El::new(doc, "tbody").children(rows)),
                self.button("add-indicator", &self.loc.t("fw.add")).attr("data-parent", pillar),
            ])
        });
        El::new(doc, "div").children(sections)
    }

    fn method_editor(&self) -> El {
        let doc = &self.doc;
        let s = &self.project.settings;
        let radios = |setting: &str, options: &[&str], current: &str| {
            El::new(doc, "fieldset").child(El::new(doc, "legend").tr(&self.loc, &format!("m.{setting}"))).children(options.iter().map(|o| {
                let id = format!("m-{setting}-{o}");
                El::new(doc, "div").class("choice").children([
                    El::new(doc, "input")
                        .attr("type", "radio")
                        .attr("name", &format!("m-{setting}"))
                        .attr("id", &id)
                        .attr("value", o)
                        .attr("data-action", "setting")
                        .attr("data-setting", setting)
                        .attr("aria-describedby", &format!("{id}-help"))
                        .attr_if(*o == current, "checked", ""),
                    El::new(doc, "label").attr("for", &id).tr(&self.loc, &format!("m.{setting}.{o}")),
                    self.help(&id, &format!("m.{setting}.{o}.help")),
                ])
            }))
        };

        let (normalise, aggregate, impute) = (s.normalise.name(), s.aggregate.name(), s.impute.name());
        let weights = El::new(doc, "fieldset").child(El::new(doc, "legend").tr(&self.loc, "m.weights")).children(self.weight_sliders("method"));
        El::new(doc, "div").class("method").children([
            radios("normalise", NormaliseChoice::NAMES, normalise),
            radios("aggregate", AggregateChoice::NAMES, aggregate),
            radios("impute", ImputeChoice::NAMES, impute),
            El::new(doc, "fieldset").child(El::new(doc, "legend").tr(&self.loc, "m.treat")).child(
                El::new(doc, "div").class("choice").children([
                    El::new(doc, "input")
                        .attr("type", "checkbox")
                        .attr("id", "m-treat")
                        .attr("data-action", "setting")
                        .attr("data-setting", "treat")
                        .attr("aria-describedby", "m-treat-help")
                        .attr_if(s.treat, "checked", ""),
                    El::new(doc, "label").attr("for", "m-treat").tr(&self.loc, "m.treat"),
                    self.help("m-treat", "m.treat.help"),
                ]),
            ),
            weights,
            self.button("reset-method", &self.loc.t("m.reset")),
        ])
    }

    /// The one-line explanation of the method choice `id`, from locale key `key`.
    fn help(&self, id: &str, key: &str) -> El {
        El::new(&self.doc, "span").class("help").attr("id", &format!("{id}-help")).tr(&self.loc, key)
    }

    /// Each pillar's code, weight (as chosen, else as in iMeta) and share of all the pillars'
    /// weights.
    pub(super) fn pillar_weights(&self) -> Vec<(String, f64, f64)> {
        let weights: Vec<(String, f64)> = self
            .pillars()
            .into_iter()
            .map(|p| {
                let base = self.meta(&p).and_then(|r| number_of(r, "Weight")).unwrap_or(1.0);
                let w = self.project.settings.weight(&p).unwrap_or(base);
                (p, w)
            })
            .collect();
        let total: f64 = weights.iter().map(|(_, w)| w).sum();
        weights.into_iter().map(|(p, w)| (p, w, if total > 0.0 { w / total } else { 0.0 })).collect()
    }

    /// A slider for each pillar's weight, with the weight and its share of all; `place` tells
    /// the method tab's from those beside the bars.
    fn weight_sliders(&self, place: &str) -> Vec<El> {
        let doc = &self.doc;
        self.pillar_weights()
            .into_iter()
            .map(|(p, w, share)| {
                let id = format!("w-{place}-{p}");
                El::new(doc, "div").class("slider").children([
                    El::new(doc, "label").attr("for", &id).text(&self.name(&p)),
                    El::new(doc, "input")
                        .attr("type", "range")
                        .attr("id", &id)
                        .attr("min", "0")
                        .attr("max", "5")
                        .attr("step", "0.5")
                        .attr("data-action", "weight")
                        .attr("data-code", &p)
                        .attr("value", &crate::table::number_text(w)),
                    El::new(doc, "output").attr("data-for", &p).attr("for", &id).number(&self.loc, Some(w), 1),
                    El::new(doc, "span").class("share").attr("data-share-for", &p).text(&self.share_text(share)),
                ])
            })
            .collect()
    }

    /// A weight's share as the slider shows it ("占 25.0%").
    pub(super) fn share_text(&self, share: f64) -> String {
        self.loc.f("m.weight.share", &[("share", &format!("{}%", crate::stats::fixed(share * 100.0, 1)))])
    }

    /// The room the results' charts are drawn in, and the bar chart of the index (beside the
    /// weights on a wide screen): the width on screen of the results and of the bars' place, in
    /// steps of 10 px, with elder mode's text; on paper, the page's width or (a unit's profile)
    /// half of it.
    pub(super) fn measure_frames(&self) -> (charts::Frame, charts::Frame) {
        let on_screen = |selector: &str| {
            let width = self.root.query_selector(selector).ok().flatten().map_or(0, |s| s.client_width());
            charts::Frame::new(f64::from(width / 10 * 10), self.host.has_attribute("elder"))
        };
        match self.printing {
            Some(Printing::Page) => (charts::Frame::printed(PRINTED_WIDTH), charts::Frame::printed(PRINTED_WIDTH)),
            Some(Printing::Profile) => (charts::Frame::printed(PRINTED_WIDTH / 2.0 - 8.0), charts::Frame::printed(PRINTED_WIDTH)),
            None => (on_screen("section.results"), on_screen(".tune > .r-bar")),
        }
    }

    /// The room the charts being drawn have (see [`State::measure_frames`]).
    fn frame(&self) -> charts::Frame {
        self.chart_frame.get().0
    }

    /// Draws the results of the current year: ranking, bar chart, the unit's profile (radar,
    /// contributions, trend, targets, what-if) and the robustness check.
    pub(super) fn render_results(&self) {
        self.draw_results(true);
    }

    /// Draws the ranking and the bar chart, and marks the rest of the results as being updated
    /// (`aria-busy`) for [`State::render_rest_soon`] to draw after the next frame.
    pub(super) fn render_results_first(&self) {
        self.draw_results(false);
    }

    fn draw_results(&self, with_rest: bool) {
        let part = |class: &str| self.root.query_selector(&format!("section.results > .{class}, section.results > .tune > .{class}")).ok().flatten();
        let (Some(head_part), Some(bar_part), Some(rest)) = (part("r-head"), part("r-bar"), part("r-rest")) else { return };
        self.rest_due.set(!with_rest);
        let _ = if with_rest { rest.remove_attribute("aria-busy") } else { rest.set_attribute("aria-busy", "true") };
        self.chart_frame.set(self.measure_frames());
        let doc = &self.doc;
        let scored = match &self.scored {
            Ok(s) => s,
            Err(e) => {
                let msg = self.loc.f("msg.scoring_failed", &[("error", &self.error(e))]);
                replace_children(&head_part, &El::new(doc, "p").class("msg error").attr("role", "alert").text(&msg));
                bar_part.set_text_content(None);
                rest.set_text_content(None);
                return;
            }
        };
        let Some(top) = self.top() else { return };
        let pillars = self.pillars();
        let rows: Vec<&Record> = scored.output.results.iter().filter(|r| number_of(r, "Time").map(|t| t as i64) == self.year).collect();
        let names = self.unit_names();
        // ranks of each pillar among the units of the year, by pillar, then by row
        let pillar_rank: Vec<Vec<Option<f64>>> =
            pillars.iter().map(|p| crate::stats::rank_min(&rows.iter().map(|r| number_of(r, p)).collect::<Vec<_>>(), true)).collect();
        let mut order: Vec<usize> = (0..rows.len()).collect();
        if let Some((col, desc)) = &self.sort {
            order.sort_by(|&a, &b| {
                let (a, b) = (rows[a], rows[b]);
                let (x, y) = if col == "uName" {
                    return if *desc { unit_name(&names, b).cmp(&unit_name(&names, a)) } else { unit_name(&names, a).cmp(&unit_name(&names, b)) };
                } else {
                    (number_of(a, col).unwrap_or(f64::NEG_INFINITY), number_of(b, col).unwrap_or(f64::NEG_INFINITY))
                };
                if *desc { y.total_cmp(&x) } else { x.total_cmp(&y) }
            });
        }
        let sort_head = |col: &str, label: &str| {
            let aria = match &self.sort {
                Some((c, d)) if c == col => if *d { "descending" } else { "ascending" },
                None if col == "Rank" => "ascending",
                _ => "none",
            };
            El::new(doc, "th").attr("scope", "col").attr("aria-sort", aria).child(
                self.button("sort", label).attr("data-col", col).attr("aria-label", &self.loc.f("r.sort", &[("name", label)])),
            )
        };
        // the year before, for the change of each unit's index and rank
        // (index, rank) of each unit in the year before, by uCode
        let previous: HashMap<String, Standing> = self
            .year
            .and_then(|y| self.project.years().into_iter().flatten().filter(|&t| t < y).max())
            .map(|p| {
                scored
                    .output
                    .results
                    .iter()
                    .filter(|r| number_of(r, "Time").map(|t| t as i64) == Some(p))
                    .map(|r| (text_of(r, "uCode"), Standing { score: number_of(r, &top), rank: number_of(r, "Rank") }))
                    .collect()
            })
            .unwrap_or_default();
        let mut head = El::new(doc, "tr")
            .child(sort_head("Rank", &self.loc.t("r.rank")))
            .child(sort_head("uName", &self.loc.t("unit")))
            .child(sort_head(&top, &self.loc.t("r.index")));
        if !previous.is_empty() {
            head = head.child(El::new(doc, "th").attr("scope", "col").tr(&self.loc, "r.change"));
        }
        let head = head.children(pillars.iter().map(|p| sort_head(p, &self.name(p))));
        // one page of the ranking, in the order chosen
        let page = self.ranking_page.min(rows.len().saturating_sub(1) / super::PAGE);
        let on_page: Vec<usize> = order.iter().skip(page * super::PAGE).take(super::PAGE).copied().collect();
        let body = El::new(doc, "tbody").children(on_page.iter().map(|&i| {
            let r = rows[i];
            let code = text_of(r, "uCode");
            let row = El::new(doc, "tr")
                .attr("data-unit", &code)
                .child(El::new(doc, "td").attr("data-col", "Rank").number(&self.loc, number_of(r, "Rank"), 0))
                .child(El::new(doc, "th").attr("scope", "row").text(&unit_name(&names, r)))
                .child(El::new(doc, "td").attr("data-col", &top).class("index").number(&self.loc, number_of(r, &top), 1));
            let row = if previous.is_empty() {
                row
            } else {
                let before = previous.get(&code).copied();
                let (before, rank_before) = (before.and_then(|s| s.score), before.and_then(|s| s.rank));
                let change = number_of(r, &top).zip(before).map(|(a, b)| a - b);
                let moved = number_of(r, "Rank").zip(rank_before).map(|(a, b)| b - a);
                let text = match (change, moved) {
                    (Some(c), Some(m)) => {
                        let arrow = if m > 0.0 { format!(" ↑{}", self.loc.number(Some(m), 0)) } else if m < 0.0 { format!(" ↓{}", self.loc.number(Some(-m), 0)) } else { " =".into() };
                        format!("{}{}{arrow}", if c >= 0.0 { "+" } else { "" }, self.loc.number(Some(c), 1))
                    }
                    _ => self.loc.t("r.none"),
                };
                let class = match moved { Some(m) if m > 0.0 => "delta-up", Some(m) if m < 0.0 => "delta-down", _ => "" };
                row.child(El::new(doc, "td").attr("data-col", "change").class(class).attr("aria-label", &self.loc.f("r.change.label", &[("name", &unit_name(&names, r))])).text(&text))
            };
            row.children(pillars.iter().enumerate().map(|(k, p)| {
                    let rank = pillar_rank[k][i];
                    El::new(doc, "td")
                        .attr("data-col", p)
                        .number(&self.loc, number_of(r, p), 1)
                        .child(El::new(doc, "span").class("rank").text(&format!(" ({})", self.loc.number(rank, 0))))
                }))
        }));
        let table = El::new(doc, "div").class("table-wrap").child(
            El::new(doc, "table").class("ranking").child(El::new(doc, "caption").text(&self.loc.f("r.title", &[("year", &self.year_label())]))).child(El::new(doc, "thead").child(head)).child(body),
        );
        // what the change and the bracketed ranks mean
        let legend = El::new(doc, "p").class("notice legend").tr(&self.loc, if previous.is_empty() { "r.legend" } else { "r.legend.change" });
        let mut table = El::new(doc, "div").child(table);
        if let Some(pager) = self.pager("ranking", page, super::PAGE, rows.len()) {
            table = table.child(pager);
        }
        let mut table = table.child(legend);
        // the ranking shared: its method and weights in a link, under it
        if !self.readonly {
            table = table.child(El::new(doc, "div").class("toolbar").child(self.button("share", &self.loc.t("r.share"))));
            if let Some(link) = &self.share_link {
                table = table.child(El::new(doc, "p").class("share").children([
                    El::new(doc, "label").attr("for", "share-link").tr(&self.loc, "r.share.label"),
                    El::new(doc, "input").attr("id", "share-link").class("share-link").attr("type", "url").attr("readonly", "").attr("value", link),
                ]));
            }
        }

        // bar chart of the index, best first
        let mut ranked: Vec<&Record> = scored.output.results.iter().filter(|r| number_of(r, "Time").map(|t| t as i64) == self.year).collect();
        ranked.sort_by(|a, b| number_of(b, &top).unwrap_or(f64::NEG_INFINITY).total_cmp(&number_of(a, &top).unwrap_or(f64::NEG_INFINITY)));
        // the best PAGE units: thousands of bars would be read by nobody
        let items: Vec<(String, Option<f64>)> = ranked.iter().take(super::PAGE).map(|r| (unit_name(&names, r), number_of(r, &top))).collect();
        let mut bar_title = format!("{} {}", self.loc.t("r.bar"), self.year_label());
        if ranked.len() > super::PAGE {
            bar_title = format!("{bar_title} {}", self.loc.f("r.bar.best", &[("n", &super::PAGE.to_string())]));
        }
        let bar = self.figure("bar", &bar_title, charts::bars(doc, self.chart_frame.get().1, "bar", &bar_title, &items, self.bounded_scores(), |v| self.loc.number(Some(v), 1)), &[self.loc.t("unit"), self.loc.t("r.index")], items.iter().map(|(n, v)| vec![n.clone(), self.loc.number(*v, 1)]).collect());

        // one unit: radar against the average, contributions, strengths
        let unit = self.unit.clone().filter(|u| ranked.iter().any(|r| text_of(r, "uCode") == *u)).or_else(|| ranked.first().map(|r| text_of(r, "uCode")));
        // the published ranking alone (view="ranking") shows no unit's detail
        // (and none until the rest of the results is drawn)
        let unit = unit.filter(|_| !self.ranking_only && with_rest);
        let unit_block = unit.and_then(|u| ranked.iter().find(|r| text_of(r, "uCode") == u).map(|r| {
            // the units of the ranking's page shown: thousands of options would take seconds to draw
            let choices: Vec<&Record> = on_page.iter().map(|&i| rows[i]).collect();
            self.unit_block(scored, &ranked, &choices, r, &pillars, &names)
        }));

        let unscored: Vec<String> = scored.unscored.iter().map(|c| self.name(c)).collect();
        let warnings = &scored.output.warnings;
        let notes = self.with_names(|names| {
            El::new(doc, "details").class("warnings").child(El::new(doc, "summary").text(&self.loc.f("r.warnings", &[("n", &warnings.len().to_string())]))).child(
                El::new(doc, "ul").children(warnings.iter().map(|w| El::new(doc, "li").text(&self.loc.note(w, names)))),
            )
        });
        let mut out = El::new(doc, "div");
        if self.project.has_illustrative_figures() {
            out = out.child(El::new(doc, "p").class("sample").tr(&self.loc, "r.sample"));
        }
        if let Some(lead) = self.lead(&ranked, &top, &names) {
            out = out.child(El::new(doc, "p").class("lead").text(&lead));
        }
        let mut toolbar = El::new(doc, "div").class("toolbar").child(self.year_select("results"));
        if !self.readonly {
            // the editors follow the results: one key away
            toolbar = toolbar.child(self.button("goto-editor", &self.loc.t("r.goto_editor")));
        }
        out = out.child(toolbar);
        if !unscored.is_empty() {
            out = out.child(El::new(doc, "p").class("msg").text(&self.loc.f("r.unscored", &[("names", &unscored.join(&self.loc.t("list.sep")))])));
        }
        for note in self.denominator_notes(scored, &names) {
            out = out.child(El::new(doc, "p").class("msg").text(&note));
        }
        if let Some(note) = self.doubts_note(scored, &names) {
            out = out.child(El::new(doc, "p").class("msg doubt").text(&note));
        }
        replace_children(&head_part, &out.child(table));
        replace_children(&bar_part, &bar);
        if !with_rest {
            return;
        }
        let mut rest_of = El::new(doc, "div");
        if let Some(block) = unit_block {
            rest_of = rest_of.child(block);
        }
        if !self.readonly && !self.ranking_only && self.api.is_some() {
            rest_of = rest_of.child(self.robust_block(&names)).child(self.audit_block());
        }
        replace_children(&rest, &rest_of.child(notes));
    }

    /// Who leads in the year shown, and by how much: "2023 年，呼和浩特市以 89.0 分居首，领先第
    /// 2 名包头市 12.3 分"; `ranked` are the year's results, best first. None without a score.
    fn lead(&self, ranked: &[&Record], top: &str, names: &HashMap<String, String>) -> Option<String> {
        let first = ranked.first()?;
        let score = number_of(first, top)?;
        let year = self.year_label();
        let Some((second, next)) = ranked.get(1).and_then(|r| Some((*r, number_of(r, top)?))) else {
            return Some(self.loc.f("r.lead.alone", &[("year", &year), ("first", &unit_name(names, first)), ("score", &self.loc.number(Some(score), 1))]));
        };
        let gap = self.loc.number(Some(score - next), 1);
        let key = if gap == self.loc.number(Some(0.0), 1) { "r.lead.tie" } else { "r.lead" };
        Some(self.loc.f(
            key,
            &[
                ("year", &year),
                ("first", &unit_name(names, first)),
                ("score", &self.loc.number(Some(score), 1)),
                ("second", &unit_name(names, second)),
                ("gap", &gap),
            ],
        ))
    }

    /// What the denominators that are empty or not above zero in the year shown leave out: one
    /// sentence for each, naming the unit, the denominator and the indicators divided by it.
    fn denominator_notes(&self, scored: &crate::project::Scored, names: &HashMap<String, String>) -> Vec<String> {
        use crate::project::CellProblem::{MissingDenominator, NonPositiveDenominator};
        let year = self.year.map(|y| self.loc.f("year.in", &[("year", &y.to_string())])).unwrap_or_default();
        scored
            .issues
            .iter()
            .filter(|i| matches!(i.problem, NonPositiveDenominator | MissingDenominator))
            .filter_map(|i| self.project.idata.get(i.row).map(|rec| (i, rec)))
            .filter(|(_, rec)| number_of(rec, "Time").map(|t| t as i64) == self.year)
            .map(|(issue, rec)| {
                let divided: Vec<String> = self
                    .project
                    .imeta
                    .iter()
                    .filter(|m| text_of(m, "Type") == "Indicator" && text_of(m, "Denominator") == issue.column)
                    .map(|m| self.name(&text_of(m, "iCode")))
                    .collect();
                self.loc.f(
                    "r.denominator_problem",
                    &[("unit", &unit_name(names, rec)), ("year", &year), ("denominator", &self.name(&issue.column)), ("indicators", &divided.join(&self.loc.t("list.sep")))],
                )
            })
            .collect()
    }

    /// The figures that look wrong, in every year (a figure of one year moves the scores of
    /// all when they are scaled over all years): how many, and the first few by name.
    fn doubts_note(&self, scored: &crate::project::Scored, names: &HashMap<String, String>) -> Option<String> {
        const LISTED: usize = 5;
        if scored.doubts.is_empty() {
            return None;
        }
        let items: Vec<String> = scored
            .doubts
            .iter()
            .take(LISTED)
            .filter_map(|d| self.project.idata.get(d.row).map(|rec| (d, rec)))
            .map(|(d, rec)| {
                let year = number_of(rec, "Time").map(|t| self.loc.f("year.in", &[("year", &t.to_string())])).unwrap_or_default();
                let value = crate::table::number_text(d.value);
                self.loc.f("r.doubt_item", &[("unit", &unit_name(names, rec)), ("year", &year), ("name", &self.column_heading(&d.column).0), ("value", &value)])
            })
            .collect();
        let mut list = items.join(&self.loc.t("list.sep"));
        if scored.doubts.len() > LISTED {
            list.push_str(&self.loc.t("list.more"));
        }
        Some(self.loc.f("r.doubts", &[("n", &scored.doubts.len().to_string()), ("list", &list)]))
    }

    /// The robustness check: a button, its progress, or its result for the year shown.
    fn robust_block(&self, names: &HashMap<String, String>) -> El {
        let doc = &self.doc;
        let runs = (super::ROBUST_POINTS * (self.project.robustness_spec(1).choices.len() + 2)).to_string();
        let block = El::new(doc, "section").class("robust").attr("aria-labelledby", "robust-title").children([
            El::new(doc, "h3").attr("id", "robust-title").tr(&self.loc, "rb.title"),
            El::new(doc, "p").text(&self.loc.f("rb.intro", &[("runs", &runs)])),
        ]);
        if let Some((done, total)) = self.robust.progress() {
            let label = if total > 0 { self.loc.f("rb.progress", &[("done", &done.to_string()), ("total", &total.to_string())]) } else { self.loc.t("rb.starting") };
            return block.child(self.progress("robust", done, total, &label, &self.loc.t("rb.cancel")));
        }
        let block = block.child(self.button("robust-run", &self.loc.t("rb.run")));
        let Robust::Done(done) = &self.robust else { return block };
        let mut rows: Vec<(String, f64, f64, f64, f64)> = done
            .units
            .iter()
            .filter(|u| u.time == self.year)
            .filter_map(|u| Some((names.get(&u.unit).unwrap_or(&u.unit).clone(), u.nominal?, u.q05?, u.median?, u.q95?)))
            .collect();
        rows.sort_by(|a, b| a.1.total_cmp(&b.1));
        let worst = rows.iter().map(|r| r.4.max(r.1)).fold(1.0, f64::max);
        let title = self.loc.f("rb.interval", &[("year", &self.year_label())]);
        let legend = [self.loc.t("rb.nominal"), self.loc.t("rb.median"), self.loc.t("rb.range")];
        let chart = charts::intervals(doc, self.frame(), "robust", &title, &rows, worst, [&legend[0], &legend[1], &legend[2]]);
        let table_rows = rows
            .iter()
            .map(|(n, nominal, lo, median, hi)| vec![n.clone(), self.loc.number(Some(*nominal), 0), self.loc.number(Some(*median), 0), format!("{}–{}", self.loc.number(Some(*lo), 0), self.loc.number(Some(*hi), 0))])
            .collect();
        let figure = self.figure("robust", &title, chart, &[self.loc.t("unit"), legend[0].clone(), legend[1].clone(), legend[2].clone()], table_rows);
        let name_of = |c: &str| {
            let key = format!("ch.{c}");
            let t = self.loc.t(&key);
            if t == key { c.to_string() } else { t }
        };
        let mut block = block.child(figure);
        if let Some(top) = done.choices.iter().max_by(|a, b| a.total.total_cmp(&b.total)) {
            block = block.child(El::new(doc, "p").class("lead").text(&self.loc.f("rb.lead", &[("choice", &name_of(&top.choice)), ("total", &self.loc.number(Some(top.total.max(0.0)), 2))])));
        }
        let items: Vec<(String, Option<f64>)> = done.choices.iter().map(|c| (name_of(&c.choice), Some(c.total.max(0.0) * 100.0))).collect();
        let sens_rows = done
            .choices
            .iter()
            .map(|c| vec![name_of(&c.choice), self.loc.number(Some(c.first), 2), self.loc.number(Some(c.total), 2)])
            .collect();
        // bars on a 0-100 scale, labelled with the index itself (0 to 1)
        let bars = charts::bars(doc, self.frame(), "sensitivity", &self.loc.t("rb.index"), &items, true, |v| self.loc.number(Some(v / 100.0), 2));
        block = block
            .child(self.figure("sensitivity", &self.loc.t("rb.index"), bars, &[self.loc.t("rb.choice"), self.loc.t("rb.first"), self.loc.t("rb.total")], sens_rows))
            .child(El::new(doc, "p").class("notice explain").tr(&self.loc, "rb.explain"));
        if done.failed > 0 {
            block = block.child(El::new(doc, "p").class("notice").text(&self.loc.f("rb.failed", &[("n", &done.failed.to_string())])));
        }
        block
    }

    /// The statistical audit: a button, or its result for the year shown: a table of the pillars
    /// (coherence, weight, influence), then each pillar's correlations as a heat map. Each
    /// with a sentence on what it means.
    fn audit_block(&self) -> El {
        use super::audit::{heat, ALPHA_COHERENT, REDUNDANT, WEAK};
        let doc = &self.doc;
        let block = El::new(doc, "section").class("audit").attr("aria-labelledby", "audit-title").attr("tabindex", "-1").children([
            El::new(doc, "h3").attr("id", "audit-title").attr("tabindex", "-1").tr(&self.loc, "au.title"),
            El::new(doc, "p").tr(&self.loc, "au.intro"),
        ]);
        let report = match &self.audit {
            Audit::Loading { .. } => return block.attr("aria-busy", "true").child(El::new(doc, "p").class("notice").tr(&self.loc, "au.loading")),
            Audit::Done { time, report } if *time == self.year => report,
            _ => return block.child(self.button("audit-run", &self.loc.t("au.run"))),
        };
        let number = |x: Option<f64>, d: u32| self.loc.number(x, d);
        let percent = |x: f64| format!("{}%", crate::stats::fixed(x * 100.0, 1));
        let flag = |text: &str| El::new(doc, "span").class("flag").text(text);
        // the pillars, one row each
        let head = ["au.pillar", "au.alpha", "au.pc1", "au.with_index", "au.nominal", "au.effective", "au.rank_change"];
        let rows = report.pillars.iter().map(|p| {
            let mut alpha = El::new(doc, "td").text(&number(p.alpha, 2));
            if p.alpha.is_some_and(|a| a < ALPHA_COHERENT) {
                alpha = alpha.class("flagged").child(flag(&self.loc.t("au.flag.alpha")));
            }
            El::new(doc, "tr").children([
                El::new(doc, "th").attr("scope", "row").text(&self.name(&p.code)),
                alpha,
                El::new(doc, "td").text(&p.pc1.map(percent).unwrap_or_else(|| self.loc.t("r.none"))),
                El::new(doc, "td").text(&number(p.with_index, 2)),
                El::new(doc, "td").text(&percent(p.nominal)),
                El::new(doc, "td").text(&percent(p.effective)),
                El::new(doc, "td").text(&self.loc.f("au.places", &[("n", &number(p.rank_change, 1))])),
            ])
        });
        let table = El::new(doc, "div").class("table-wrap").child(
            El::new(doc, "table")
                .class("audit-pillars")
                .child(El::new(doc, "caption").text(&self.loc.f("au.pillars", &[("year", &self.year_label())])))
                .child(El::new(doc, "thead").child(El::new(doc, "tr").children(head.iter().map(|k| El::new(doc, "th").attr("scope", "col").tr(&self.loc, k)))))
                .child(El::new(doc, "tbody").children(rows)),
        );
        let mut block = block.child(table).children(["au.explain.alpha", "au.explain.pc1", "au.explain.weights", "au.explain.removal"].map(|k| El::new(doc, "p").class("notice explain").tr(&self.loc, k)));
        // each pillar's correlations: its indicators with each other and with the pillar
        block = block.child(El::new(doc, "h4").tr(&self.loc, "au.heat.title")).child(El::new(doc, "p").class("notice explain").text(&self.loc.f(
            "au.explain.heat",
            &[("weak", &number(Some(WEAK), 1)), ("redundant", &number(Some(REDUNDANT), 1))],
        )));
        for p in &report.pillars {
            let names: Vec<String> = p.indicators.iter().map(|c| self.name(&c.code)).collect();
            let mut flags: Vec<String> = Vec::new();
            let cell = |r: Option<f64>| El::new(doc, "td").class(heat(r)).text(&number(r, 2));
            let rows = p.indicators.iter().zip(&names).map(|(c, name)| {
                let mut with_pillar = cell(c.with_pillar);
                if c.with_pillar.is_none_or(|r| r < WEAK) {
                    with_pillar = with_pillar.class("flagged").child(flag(&self.loc.t("au.flag.weak")));
                }
                El::new(doc, "tr")
                    .child(El::new(doc, "th").attr("scope", "row").text(name))
                    .children(p.indicators.iter().map(|o| if o.code == c.code { El::new(doc, "td").class("heat-self").text("1") } else { cell(p.r(&c.code, &o.code)) }))
                    .child(with_pillar)
            });
            for (c, name) in p.indicators.iter().zip(&names) {
                if c.with_pillar.is_none_or(|r| r < WEAK) {
                    flags.push(self.loc.f("au.weak", &[("name", name), ("r", &number(c.with_pillar, 2))]));
                }
            }
            for c in p.pairs.iter().filter(|c| c.r.is_some_and(|r| r > REDUNDANT)) {
                flags.push(self.loc.f("au.redundant", &[("x", &self.name(&c.x)), ("y", &self.name(&c.y)), ("r", &number(c.r, 2))]));
            }
            let pillar = self.name(&p.code);
            let table = El::new(doc, "div").class("table-wrap").child(
                El::new(doc, "table")
                    .class("heat")
                    .child(El::new(doc, "caption").text(&self.loc.f("au.heat", &[("name", &pillar)])))
                    .child(El::new(doc, "thead").child(
                        El::new(doc, "tr")
                            .child(El::new(doc, "td"))
                            .children(names.iter().map(|n| El::new(doc, "th").attr("scope", "col").text(n)))
                            .child(El::new(doc, "th").attr("scope", "col").text(&self.loc.f("au.with_pillar", &[("name", &pillar)]))),
                    ))
                    .child(El::new(doc, "tbody").children(rows)),
            );
            let summary = if flags.is_empty() { self.loc.t("au.no_flags") } else { flags.join(&self.loc.t("list.sep")) };
            block = block.child(El::new(doc, "div").class("audit-pillar").children([table, El::new(doc, "p").class(if flags.is_empty() { "notice" } else { "notice warn" }).text(&summary)]));
        }
        block
    }

    /// Display names of the units, by uCode (from a unit's first row).
    /// A chart with its caption, a download button and the same numbers as a table.
    fn figure(&self, id: &str, title: &str, svg: El, head: &[String], rows: Vec<Vec<String>>) -> El {
        let doc = &self.doc;
        El::new(doc, "figure").class("chart-figure").children([
            El::new(doc, "figcaption").child(El::new(doc, "span").text(title)).children(["svg", "png"].map(|format| {
                self.button("download", &self.loc.t(&format!("r.download.{format}"))).attr("data-chart", id).attr("data-format", format)
            })),
            svg.attr("data-chart", id),
            El::new(doc, "details").child(El::new(doc, "summary").tr(&self.loc, "r.table")).child(
                El::new(doc, "table")
                    .child(El::new(doc, "thead").child(El::new(doc, "tr").children(head.iter().map(|h| El::new(doc, "th").attr("scope", "col").text(h)))))
                    .child(El::new(doc, "tbody").children(rows.iter().map(|r| El::new(doc, "tr").children(r.iter().map(|c| El::new(doc, "td").text(c)))))),
            ),
        ])
    }

    /// The block of one unit (`unit`, among the year's `year_rows`), chosen from `choices`.
    fn unit_block(&self, scored: &crate::project::Scored, year_rows: &[&Record], choices: &[&Record], unit: &Record, pillars: &[String], names: &HashMap<String, String>) -> El {
        let doc = &self.doc;
        let code = text_of(unit, "uCode");
        let uname = unit_name(names, unit);
        let mut options: Vec<(String, String)> = choices.iter().map(|r| (text_of(r, "uCode"), unit_name(names, r))).collect();
        if !options.iter().any(|(c, _)| *c == code) {
            options.push((code.clone(), uname.clone()));
        }
        // the unit it is compared with, side by side
        let other = self.compare.as_deref().filter(|c| *c != code).and_then(|c| year_rows.iter().copied().find(|r| text_of(r, "uCode") == c));
        let chooser = El::new(doc, "span").class("field").children([
            El::new(doc, "label").attr("for", "unit-select").tr(&self.loc, if year_rows.len() > choices.len() { "r.unitselect.page" } else { "r.unitselect" }),
            select(doc, &options, &code).attr("id", "unit-select").attr("data-action", "unit"),
        ]);
        // each pillar against the average of the year's units and the best of them
        let axes: Vec<String> = pillars.iter().map(|p| self.name(p)).collect();
        let mine: Vec<Option<f64>> = pillars.iter().map(|p| number_of(unit, p)).collect();
        let avg: Vec<Option<f64>> = pillars.iter().map(|p| crate::stats::mean(&year_rows.iter().filter_map(|r| number_of(r, p)).collect::<Vec<_>>())).collect();
        let best: Vec<Option<&Record>> = pillars
            .iter()
            .map(|p| year_rows.iter().copied().filter(|r| number_of(r, p).is_some()).max_by(|a, b| number_of(a, p).unwrap_or(f64::MIN).total_cmp(&number_of(b, p).unwrap_or(f64::MIN))))
            .collect();
        let best_scores: Vec<Option<f64>> = best.iter().zip(pillars).map(|(r, p)| r.and_then(|r| number_of(r, p))).collect();
        let radar_title = self.loc.f("r.radar", &[("name", &uname)]);
        let mut series = vec![(uname.clone(), mine.clone(), "unit"), (self.loc.t("r.average"), avg.clone(), "average"), (self.loc.t("r.best"), best_scores.clone(), "best")];
        if let Some(other) = other {
            series.push((unit_name(names, other), pillars.iter().map(|p| number_of(other, p)).collect(), "other"));
        }
        let radar = charts::radar(doc, self.frame(), "radar", &radar_title, &axes, &series, self.bounded_scores());
        let pillar_rows: Vec<Vec<String>> = (0..axes.len())
            .map(|i| {
                let rank = rank_among(year_rows, &pillars[i], unit);
                let who = best[i].map(|r| format!(" ({})", unit_name(names, r))).unwrap_or_default();
                vec![axes[i].clone(), self.loc.number(mine[i], 1), self.loc.number(rank, 0), self.loc.number(avg[i], 1), format!("{}{who}", self.loc.number(best_scores[i], 1))]
            })
            .collect();
        let pillar_head = [self.loc.t("fw.pillar"), uname.clone(), self.loc.t("r.rank"), self.loc.t("r.average"), self.loc.t("r.best")];
        let pillar_table = El::new(doc, "div").class("table-wrap pillars").child(
            El::new(doc, "table")
                .child(El::new(doc, "caption").text(&self.loc.f("p.pillars", &[("name", &uname)])))
                .child(El::new(doc, "thead").child(El::new(doc, "tr").children(pillar_head.iter().map(|h| El::new(doc, "th").attr("scope", "col").text(h)))))
                .child(El::new(doc, "tbody").children(pillar_rows.iter().map(|row| {
                    El::new(doc, "tr").child(El::new(doc, "th").attr("scope", "row").text(&row[0])).children(row[1..].iter().map(|c| El::new(doc, "td").text(c)))
                }))),
        );
        let radar = self.figure("radar", &radar_title, radar, &pillar_head, pillar_rows);

        // contributions: share of each indicator's weight in the index times its normalised score
        let fw = &scored.framework;
        let norm = scored.output.dataset("Normalised").and_then(|d| d.iter().find(|s| s.time == self.year));
        let pos = norm.and_then(|set| set.rows.iter().position(|&r| scored.idata.units()[r].code == code));
        let top_weights: f64 = pillars.iter().filter_map(|p| fw.weight(p)).sum();
        let mut lines: Vec<Contribution> = Vec::new();
        for p in pillars {
            let Some(pillar_weight) = fw.weight(p) else { continue };
            let kids: Vec<(&crate::Element, f64)> = fw.children_weighted(p).filter(|(e, _)| e.kind == ElementType::Indicator).collect();
            let kid_weights: f64 = kids.iter().map(|(_, w)| w).sum();
            for (e, weight) in kids {
                let share = if top_weights > 0.0 && kid_weights > 0.0 { pillar_weight / top_weights * weight / kid_weights } else { 0.0 };
                let col = norm.and_then(|set| set.column(&e.code));
                let score = col.zip(pos).and_then(|(c, i)| c.values[i]);
                let rank = col.zip(pos).and_then(|(c, i)| crate::stats::rank_min(&c.values, true)[i]);
                let contribution = (self.project.settings.aggregate == AggregateChoice::Arithmetic).then(|| score.map(|s| s * share)).flatten();
                lines.push(Contribution { name: self.name(&e.code), score, share, points: contribution, rank });
            }
        }
        let mut by_rank: Vec<&Contribution> = lines.iter().filter(|l| l.rank.is_some()).collect();
        by_rank.sort_by(|a, b| a.rank.unwrap_or(f64::MAX).total_cmp(&b.rank.unwrap_or(f64::MAX)));
        let describe = |l: &&Contribution| format!("{} ({})", l.name, self.loc.f("r.rankof", &[("rank", &self.loc.number(l.rank, 0))]));
        let strongest: Vec<String> = by_rank.iter().take(3).map(describe).collect();
        let weakest: Vec<String> = by_rank.iter().rev().take(3).map(describe).collect();
        let contrib = El::new(doc, "table").class("contrib").child(El::new(doc, "caption").text(&self.loc.f("r.contrib", &[("name", &uname)]))).child(
            El::new(doc, "thead").child(El::new(doc, "tr").children(
                ["r.indicator", "r.score", "r.weight", "r.contribution", "r.rank"].iter().map(|k| El::new(doc, "th").attr("scope", "col").tr(&self.loc, k)),
            )),
        );
        let contrib = contrib.child(El::new(doc, "tbody").children(lines.iter().map(|l| {
            El::new(doc, "tr").children([
                El::new(doc, "th").attr("scope", "row").text(&l.name),
                El::new(doc, "td").number(&self.loc, l.score, 1),
                El::new(doc, "td").text(&format!("{}%", crate::stats::fixed(l.share * 100.0, 1))),
                El::new(doc, "td").number(&self.loc, l.points, 2),
                El::new(doc, "td").number(&self.loc, l.rank, 0),
            ])
        })));
        // the unit to compare with: any other of the year's units listed
        let mut others: Vec<(String, String)> = vec![(String::new(), self.loc.t("p.compare.none"))];
        others.extend(options.iter().filter(|(c, _)| *c != code).cloned());
        let other_code = other.map(|r| text_of(r, "uCode")).unwrap_or_default();
        let compare = El::new(doc, "span").class("field").children([
            El::new(doc, "label").attr("for", "compare-select").tr(&self.loc, "p.compare"),
            select(doc, &others, &other_code).attr("id", "compare-select").attr("data-action", "compare"),
        ]);
        let mut profile = El::new(doc, "div").class("profile-head").child(chooser).child(compare);
        if !self.readonly {
            profile = profile.child(self.button("print-profile", &self.loc.t("p.print")));
        }
        let mut block = El::new(doc, "div").class("unit-block").attr("data-unit", &code).children([
            profile,
            El::new(doc, "h3").class("profile-title").text(&self.loc.f("p.title", &[("name", &uname), ("year", &self.year_label())])),
            self.standing(unit, year_rows, &uname),
            El::new(doc, "div").class("strengths").children([
                El::new(doc, "p").child(El::new(doc, "strong").tr(&self.loc, "r.strongest")).text(&format!(": {}", strongest.join(&self.loc.t("list.sep")))),
                El::new(doc, "p").child(El::new(doc, "strong").tr(&self.loc, "r.weakest")).text(&format!(": {}", weakest.join(&self.loc.t("list.sep")))),
            ]),
            radar,
            pillar_table,
        ]);
        if let Some(other) = other {
            block = block.child(self.comparison(unit, other, year_rows, pillars, names));
        }
        block = block.child(El::new(doc, "div").class("table-wrap contributions").child(contrib));
        if let Some(trend) = self.trend(scored, &code, &uname) {
            block = block.child(trend);
        }
        if let Some(targets) = self.targets(scored, &code, &uname) {
            block = block.child(targets);
        }
        if !self.readonly {
            block = block.child(self.whatif(&code, &uname));
        }
        block
    }

    /// Where `unit` stands among the year's `year_rows`: its index and rank and, for scores on
    /// 0 to 100, its performance group by its index as a share of the average, as the European
    /// Innovation Scoreboard groups countries, with the thresholds stated.
    fn standing(&self, unit: &Record, year_rows: &[&Record], uname: &str) -> El {
        let doc = &self.doc;
        let top = self.top().unwrap_or_default();
        let score = number_of(unit, &top);
        let scores: Vec<f64> = year_rows.iter().filter_map(|r| number_of(r, &top)).collect();
        let group = score.zip(crate::stats::mean(&scores)).filter(|&(_, average)| self.bounded_scores() && average > 0.0).map(|(score, average)| {
            let share = score / average * 100.0;
            let key = GROUPS.iter().find(|(_, from)| share >= *from).map_or(GROUPS[3].0, |(key, _)| *key);
            (key, self.loc.number(Some(share), 0))
        });
        let (score, rank, n) = (self.loc.number(score, 1), self.loc.number(number_of(unit, "Rank"), 0), scores.len().to_string());
        let args = [("name", uname), ("score", score.as_str()), ("rank", rank.as_str()), ("n", n.as_str())];
        let out = El::new(doc, "div").class("standing");
        let Some((key, share)) = group else {
            return out.child(El::new(doc, "p").class("lead").text(&self.loc.f("p.standing", &args))).child(El::new(doc, "p").class("notice").tr(&self.loc, "p.groups.none"));
        };
        let args: Vec<(&str, &str)> = args.into_iter().chain([("share", share.as_str())]).collect();
        out.child(El::new(doc, "p").class("lead").text(&self.loc.f("p.standing.share", &args)))
            .child(El::new(doc, "p").class("group").attr("data-group", &key["g.".len()..]).text(&self.loc.f("p.group", &[("group", &self.loc.t(key))])))
            .child(El::new(doc, "p").class("notice").tr(&self.loc, "p.groups"))
    }

    /// Two units side by side: the index, the rank and each pillar's score and rank of `unit`
    /// and `other`, and the difference between them.
    fn comparison(&self, unit: &Record, other: &Record, year_rows: &[&Record], pillars: &[String], names: &HashMap<String, String>) -> El {
        let doc = &self.doc;
        let (a, b) = (unit_name(names, unit), unit_name(names, other));
        let top = self.top().unwrap_or_default();
        let row = |label: String, code: &str, class: &str| {
            let (x, y) = (number_of(unit, code), number_of(other, code));
            let cell = |r: &Record, v: Option<f64>| format!("{} ({})", self.loc.number(v, 1), self.loc.number(rank_among(year_rows, code, r), 0));
            let gap = x.zip(y).map(|(x, y)| format!("{}{}", if x >= y { "+" } else { "" }, self.loc.number(Some(x - y), 1))).unwrap_or_else(|| self.loc.t("r.none"));
            El::new(doc, "tr").class(class).children([
                El::new(doc, "th").attr("scope", "row").text(&label),
                El::new(doc, "td").text(&cell(unit, x)),
                El::new(doc, "td").text(&cell(other, y)),
                El::new(doc, "td").text(&gap),
            ])
        };
        let head = [self.loc.t("fw.pillar"), a.clone(), b.clone(), self.loc.f("p.compare.gap", &[("a", &a), ("b", &b)])];
        El::new(doc, "div").class("table-wrap comparison").child(
            El::new(doc, "table")
                .child(El::new(doc, "caption").text(&self.loc.f("p.compare.title", &[("a", &a), ("b", &b), ("year", &self.year_label())])))
                .child(El::new(doc, "thead").child(El::new(doc, "tr").children(head.iter().map(|h| El::new(doc, "th").attr("scope", "col").text(h)))))
                .child(El::new(doc, "tbody").child(row(self.loc.t("r.index"), &top, "index")).children(pillars.iter().map(|p| row(self.name(p), p, "")))),
        )
    }

    /// The unit's index over the years against the average of all units.
    fn trend(&self, scored: &crate::project::Scored, code: &str, uname: &str) -> Option<El> {
        let years: Vec<i64> = self.project.years().into_iter().flatten().collect();
        let top = self.top()?;
        if years.len() < 2 {
            return None;
        }
        let of_year = |y: i64| scored.output.results.iter().filter(move |r| number_of(r, "Time").map(|t| t as i64) == Some(y));
        let mine: Vec<Option<f64>> = years.iter().map(|&y| of_year(y).find(|r| text_of(r, "uCode") == code).and_then(|r| number_of(r, &top))).collect();
        let avg: Vec<Option<f64>> = years
            .iter()
            .map(|&y| crate::stats::mean(&of_year(y).filter_map(|r| number_of(r, &top)).collect::<Vec<_>>()))
            .collect();
        let title = self.loc.f("r.trend", &[("name", uname)]);
        let chart = charts::lines(&self.doc, self.frame(), "trend", &title, &years, &[(uname.to_string(), mine.clone(), "unit"), (self.loc.t("r.average"), avg.clone(), "average")], self.bounded_scores());
        let rows = years.iter().zip(mine.iter().zip(&avg)).map(|(y, (m, a))| vec![y.to_string(), self.loc.number(*m, 1), self.loc.number(*a, 1)]).collect();
        let mut fig = self.figure("trend", &title, chart, &[self.loc.t("year"), uname.to_string(), self.loc.t("r.average")], rows);
        if self.project.settings.normalise == crate::project::NormaliseChoice::Rank {
            fig = fig.child(El::new(&self.doc, "p").class("notice").tr(&self.loc, "r.notcomparable"));
        }
        // the pillars over the years, a small chart each, the unit against the average
        let pillars = self.pillars();
        let panels: Vec<(String, Vec<charts::Series>)> = pillars
            .iter()
            .map(|p| {
                let mine = years.iter().map(|&y| of_year(y).find(|r| text_of(r, "uCode") == code).and_then(|r| number_of(r, p))).collect();
                let avg = years.iter().map(|&y| crate::stats::mean(&of_year(y).filter_map(|r| number_of(r, p)).collect::<Vec<_>>())).collect();
                (self.name(p), vec![(uname.to_string(), mine, "unit"), (self.loc.t("r.average"), avg, "average")])
            })
            .collect();
        let ptitle = self.loc.f("r.trend.pillars", &[("name", uname)]);
        let pchart = charts::multiples(&self.doc, self.frame(), "trend-pillars", &ptitle, &years, &panels, self.bounded_scores());
        let head: Vec<String> = std::iter::once(self.loc.t("year")).chain(panels.iter().map(|(n, _)| n.clone())).collect();
        let prows = years.iter().enumerate().map(|(i, y)| std::iter::once(y.to_string()).chain(panels.iter().map(|(_, s)| self.loc.number(s[0].1[i], 1))).collect()).collect();
        let pfig = self.figure("trend-pillars", &ptitle, pchart, &head, prows);
        Some(El::new(&self.doc, "div").class("trends").child(fig).child(pfig))
    }

    /// Progress of the unit towards each indicator's Target (监测标准 or plan value).
    fn targets(&self, scored: &crate::project::Scored, code: &str, uname: &str) -> Option<El> {
        let doc = &self.doc;
        let set = scored
            .output
            .dataset("Denominated")
            .or_else(|| scored.output.dataset("Raw"))?
            .iter()
            .find(|s| s.time == self.year)?;
        let pos = set.rows.iter().position(|&r| scored.idata.units()[r].code == code)?;
        let mut rows = Vec::new();
        for e in scored.framework.indicators() {
            let Some(target) = e.target.filter(|t| *t > 0.0) else { continue };
            let value = set.column(&e.code).and_then(|c| c.values[pos]);
            let progress = value.map(|v| if e.direction > 0.0 { v / target * 100.0 } else if v <= 0.0 { 100.0 } else { target / v * 100.0 });
            let unit = self.meta(&e.code).map(|m| self.local(m, "Unit")).unwrap_or_default();
            rows.push(El::new(doc, "tr").children([
                El::new(doc, "th").attr("scope", "row").text(&self.name(&e.code)),
                // a missing value is a dash, with no unit after it
                El::new(doc, "td").text(&value.map_or_else(|| self.loc.figure(None), |v| format!("{} {unit}", self.loc.figure(Some(v))))),
                El::new(doc, "td").text(&format!("{} {unit}", self.loc.figure(Some(target)))),
                El::new(doc, "td").children([
                    El::new(doc, "meter")
                        .attr("min", "0")
                        .attr("max", "100")
                        .attr("value", &crate::table::number_text(progress.unwrap_or(0.0).clamp(0.0, 100.0)))
                        .attr("aria-label", &format!("{} {}", self.name(&e.code), self.loc.t("t.progress"))),
                    El::new(doc, "span").text(&progress.map_or_else(|| format!(" {}", self.loc.number(None, 0)), |p| format!(" {}%", self.loc.number(Some(p), 0)))),
                ]),
            ]));
        }
        if rows.is_empty() {
            return None;
        }
        let head = El::new(doc, "tr").children(["r.indicator", "t.value", "t.target", "t.progress"].iter().map(|k| El::new(doc, "th").attr("scope", "col").tr(&self.loc, k)));
        Some(
            El::new(doc, "div").class("table-wrap targets").child(
                El::new(doc, "table")
                    .child(El::new(doc, "caption").text(&self.loc.f("t.title", &[("name", uname), ("year", &self.year_label())])))
                    .child(El::new(doc, "thead").child(head))
                    .child(El::new(doc, "tbody").children(rows)),
            ),
        )
    }

    /// The iData row of a unit in the year shown.
    pub(super) fn row_of(&self, code: &str) -> Option<usize> {
        self.project.rows_of_year(self.year).into_iter().find(|&r| text_of(&self.project.idata[r], "uCode") == code)
    }

    /// The unit shown in the results (the chosen one, else the first ranked).
    pub(super) fn shown_unit(&self) -> Option<String> {
        let rows: Vec<String> = self.project.rows_of_year(self.year).into_iter().map(|r| text_of(&self.project.idata[r], "uCode")).collect();
        self.unit.clone().filter(|u| rows.contains(u)).or_else(|| {
            let scored = self.scored.as_ref().ok()?;
            scored.output.results.iter().find(|r| number_of(r, "Time").map(|t| t as i64) == self.year).map(|r| text_of(r, "uCode"))
        })
    }

    /// The scenario's outcome beside the current standing, as a sentence.
    /// `issues` are the scenario's figures that cannot be used ([`Self::scenario_issues`]).
    pub(super) fn scenario_outcome(&self, issues: &[crate::project::CellIssue]) -> String {
        let Some(row) = self.shown_unit().and_then(|u| self.row_of(&u)) else { return String::new() };
        // a figure that cannot be used is said, not scored as missing
        if let Some(issue) = issues.first() {
            return self.loc.f("w.invalid", &[("name", &self.name(&issue.column)), ("problem", &self.loc.figure_problem(issue.problem, &issue.text))]);
        }
        // the current standing comes from the last scoring; only the scenario is scored anew
        let Ok(scored) = &self.scored else { return String::new() };
        let now = self.project.standing_in(scored, row);
        // without a figure changed, the scenario is the project as it stands
        let then = if self.scenario.is_empty() { Ok(now) } else { self.project.scenario(row, &self.scenario).standing(row) };
        let Ok(then) = then else { return String::new() };
        self.loc.f(
            "w.outcome",
            &[
                ("score", &self.loc.number(then.score, 1)),
                ("rank", &self.loc.number(then.rank, 0)),
                ("now", &self.loc.number(now.score, 1)),
                ("nowrank", &self.loc.number(now.rank, 0)),
            ],
        )
    }

    /// The what-if figures of `row` that cannot be used as typed.
    pub(super) fn scenario_issues(&self, row: usize) -> Vec<crate::project::CellIssue> {
        if self.scenario.is_empty() {
            return Vec::new();
        }
        let typed = |issue: &crate::project::CellIssue| issue.row == row && self.scenario.iter().any(|(c, _)| *c == issue.column);
        self.project.scenario(row, &self.scenario).check_cells().into_iter().filter(typed).collect()
    }

    /// "What would it take", for the question last asked in the form.
    pub(super) fn what_it_takes(&self) -> String {
        let (column, kind, goal) = self.take_form.clone();
        let Some(row) = self.shown_unit().and_then(|u| self.row_of(&u)) else { return String::new() };
        let Ok(goal) = goal.trim().parse::<f64>() else { return String::new() };
        let Some(m) = self.meta(&column) else { return String::new() };
        let current_text = text_of(&self.project.idata[row], &column);
        let current = crate::table::read_figure(&current_text);
        let data_unit = self.local(m, "DataUnit");
        let unit = if data_unit.is_empty() && text_of(m, "Denominator").is_empty() { self.local(m, "Unit") } else { data_unit };
        let with_unit = |x: Option<f64>| self.loc.f("w.take.figure", &[("figure", &self.loc.figure(x)), ("unit", &unit)]);
        let (goal, goal_text) = if kind == "score" {
            (crate::project::Goal::Score(goal), self.loc.f("w.take.score", &[("score", &self.loc.number(Some(goal), 1))]))
        } else {
            (crate::project::Goal::Rank(goal), self.loc.f("w.take.rank", &[("rank", &self.loc.number(Some(goal), 0))]))
        };
        match self.project.what_it_takes(row, &column, goal) {
            Ok(Some(v)) if current == Some(v) => self.loc.f("w.take.already", &[("goal", &goal_text)]),
            Ok(Some(v)) => {
                let holds = self.local(m, "DataName");
                let holds = if holds.is_empty() { self.name(&column) } else { holds };
                let result = self.loc.f("w.take.result", &[("indicator", &holds), ("value", &with_unit(Some(v))), ("current", &with_unit(current)), ("goal", &goal_text)]);
                // a figure divided by a denominator: what the indicator itself would be
                let indicator = |x: Option<f64>| x.and_then(|x| self.project.indicator_value(row, &column, x));
                match (text_of(m, "Denominator").is_empty(), indicator(current), indicator(Some(v))) {
                    (false, now, Some(then)) => {
                        let in_unit = |x: Option<f64>| self.loc.f("w.take.figure", &[("figure", &self.loc.figure(x)), ("unit", &self.local(m, "Unit"))]);
                        result + &self.loc.f("w.take.makes", &[("indicator", &self.name(&column)), ("now", &in_unit(now)), ("then", &in_unit(Some(then)))])
                    }
                    _ => result,
                }
            }
            Ok(None) => self.loc.f("w.take.none", &[("indicator", &self.name(&column)), ("goal", &goal_text)]),
            Err(e) => self.error(&e),
        }
    }

    /// The what-if form: other figures for the unit, and the goal-seeking question.
    fn whatif(&self, code: &str, uname: &str) -> El {
        let doc = &self.doc;
        let Some(row) = self.row_of(code) else { return El::new(doc, "div") };
        let rec = &self.project.idata[row];
        let issues = self.scenario_issues(row);
        let indicators: Vec<String> =
            grid_columns(&self.project).into_iter().filter(|c| self.meta(c).is_some_and(|m| text_of(m, "Type") == "Indicator")).collect();
        let head = El::new(doc, "tr").children(["r.indicator", "w.current", "w.scenario"].iter().map(|k| El::new(doc, "th").attr("scope", "col").tr(&self.loc, k)));
        let body = El::new(doc, "tbody").children(indicators.iter().map(|c| {
            let value = self.scenario.iter().find(|(k, _)| k == c).map(|(_, v)| v.clone()).unwrap_or_default();
            // figures are typed as in the grid, in the unit of what the column holds; the
            // indicator each makes with its denominator is shown under it
            let holds = self.column_heading(c).0;
            let current = text_of(rec, c);
            let calc = |text: &str| El::new(doc, "span").class("cell-calc").text(&self.computed(row, c, text).map(|(short, _)| short).unwrap_or_default());
            El::new(doc, "tr").children([
                El::new(doc, "th").attr("scope", "row").text(&holds),
                El::new(doc, "td").text(&current).child(calc(&current)),
                El::new(doc, "td").child(
                    El::new(doc, "input")
                        .attr("type", "text")
                        .attr("inputmode", "decimal")
                        .attr("data-action", "whatif")
                        .attr("data-col", c)
                        .attr("aria-label", &format!("{holds} {}", self.loc.t("w.scenario")))
                        .attr_if(issues.iter().any(|i| i.column == *c), "aria-invalid", "true")
                        .attr("value", &value),
                ).child(calc(&value).attr("data-calc-for", c)),
            ])
        }));
        let options: Vec<(String, String)> = indicators.iter().map(|c| (c.clone(), self.name(c))).collect();
        let take = El::new(doc, "div").class("toolbar").children([
            El::new(doc, "strong").tr(&self.loc, "w.take"),
            El::new(doc, "label").attr("for", "take-indicator").tr(&self.loc, "w.take.indicator"),
            select(doc, &options, if self.take_form.0.is_empty() { options.first().map(|o| o.0.as_str()).unwrap_or("") } else { &self.take_form.0 }).attr("id", "take-indicator"),
            El::new(doc, "label").attr("for", "take-kind").tr(&self.loc, "w.take.goal"),
            select(doc, &[("rank".to_string(), self.loc.t("w.take.kind.rank")), ("score".to_string(), self.loc.t("w.take.kind.score"))], &self.take_form.1).attr("id", "take-kind"),
            El::new(doc, "input")
                .attr("type", "number")
                .attr("id", "take-goal")
                .attr("min", "0")
                .attr("step", "any")
                .attr("value", &self.take_form.2)
                .attr_tr("aria-label", &self.loc, "w.take.value")
                .class("short"),
            self.button("take-run", &self.loc.t("w.take.run")),
        ]);
        let mut out = El::new(doc, "details")
            .class("whatif")
            .attr_if(self.whatif_open, "open", "")
            .child(El::new(doc, "summary").text(&self.loc.f("w.title", &[("name", uname), ("year", &self.year_label())])))
            .child(El::new(doc, "p").tr(&self.loc, "w.intro"))
            .child(El::new(doc, "p").class(if issues.is_empty() { "outcome" } else { "outcome error" }).attr("role", "status").text(&self.scenario_outcome(&issues)))
            .child(self.button("whatif-reset", &self.loc.t("w.reset")))
            .child(El::new(doc, "div").class("table-wrap").child(El::new(doc, "table").child(El::new(doc, "thead").child(head)).child(body)))
            .child(take);
        if let Some(answer) = &self.take {
            out = out.child(El::new(doc, "p").class("outcome take").attr("role", "status").text(answer));
        }
        out
    }
}
