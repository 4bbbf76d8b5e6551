//! Undo and redo of a project's edits. Each step keeps only what its edit replaced (a few cells,
//! the rows of a unit, the framework, the method), so that a hundred steps fit in the browser's
//! storage beside the project itself.

use serde::{Deserialize, Serialize};

use crate::project::{AggregateChoice, ImputeChoice, NormaliseChoice, Project, Settings};
use crate::table::{Cell, Record};

/// Steps kept to undo.
pub const STEPS: usize = 100;

/// Cells kept in all the steps, at most: a step that replaced a large data set counts its size,
/// so that a few imports of 100,000 rows do not hold a hundred copies in memory.
const MAX_CELLS: usize = 4_000_000;

/// What an edit replaced. Putting it back ([`Change::apply`]) gives what that replaced in turn,
/// which is how a step undone can be redone.
///
/// Written as rows of cells ([`Record`]s, see [`Change::rows`]): the browser keeps the steps in
/// the saved project file, whose rows the page reads already, and rows of one shape take a
/// tenth of the code that six shapes of their own would.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "Vec<Record>", from = "Vec<Record>")]
pub enum Change {
    /// Cells of iData, as `(row, column, the cell before)`.
    Cells(Vec<(usize, String, Cell)>),
    /// Rows of iData to put back at their positions, ascending (a unit deleted).
    Insert(Vec<(usize, Record)>),
    /// Positions of iData rows to take out, ascending (a unit added).
    Remove(Vec<usize>),
    /// The framework (iMeta).
    Framework(Vec<Record>),
    /// The method choices.
    Settings(Settings),
    /// The whole project (an import, a reset): iMeta, iData and the method choices.
    Project(Vec<Record>, Vec<Record>, Settings),
}

impl Change {
    /// What a change to these cells of iData replaces: their cells now.
    pub fn cells<'a>(project: &Project, cells: impl IntoIterator<Item = (usize, &'a str)>) -> Change {
        let cell = |row: usize, column: &str| project.idata.get(row).and_then(|r| r.get(column)).cloned().unwrap_or(Cell::Empty);
        Change::Cells(cells.into_iter().map(|(row, column)| (row, column.to_string(), cell(row, column))).collect())
    }

    /// What deleting the rows of unit `code` replaces: the rows and where they stand.
    pub fn unit_rows(project: &Project, code: &str) -> Change {
        let of_unit = |r: &Record| r.get("uCode").is_some_and(|c| c.text() == code);
        Change::Insert(project.idata.iter().enumerate().filter(|(_, r)| of_unit(r)).map(|(i, r)| (i, r.clone())).collect())
    }

    /// What any edit of the project replaces: all of it.
    pub fn project(project: &Project) -> Change {
        Change::Project(project.imeta.clone(), project.idata.clone(), project.settings.clone())
    }

    /// Puts back what the change holds; returns what that replaced.
    pub fn apply(self, project: &mut Project) -> Change {
        match self {
            Change::Cells(cells) => Change::Cells(
                cells
                    .into_iter()
                    .map(|(row, column, cell)| {
                        let before = project.idata.get(row).and_then(|r| r.get(&column)).cloned().unwrap_or(Cell::Empty);
                        if let Some(rec) = project.idata.get_mut(row) {
                            rec.insert(&column, cell);
                        }
                        (row, column, before)
                    })
                    .collect(),
            ),
            Change::Insert(rows) => {
                let at: Vec<usize> = rows.iter().map(|(i, _)| *i).collect();
                for (i, rec) in rows {
                    project.idata.insert(i.min(project.idata.len()), rec);
                }
                Change::Remove(at)
            }
            Change::Remove(at) => {
                let mut rows = Vec::with_capacity(at.len());
                for i in at.into_iter().rev() {
                    if i < project.idata.len() {
                        rows.push((i, project.idata.remove(i)));
                    }
                }
                rows.reverse();
                Change::Insert(rows)
            }
            Change::Framework(imeta) => Change::Framework(std::mem::replace(&mut project.imeta, imeta)),
            Change::Settings(settings) => Change::Settings(std::mem::replace(&mut project.settings, settings)),
            Change::Project(imeta, idata, settings) => Change::Project(
                std::mem::replace(&mut project.imeta, imeta),
                std::mem::replace(&mut project.idata, idata),
                std::mem::replace(&mut project.settings, settings),
            ),
        }
    }

    /// Cells the change holds, about: what it costs to keep.
    fn size(&self) -> usize {
        let rows = |rs: &[Record]| rs.iter().map(|r| r.iter().count()).sum::<usize>();
        match self {
            Change::Cells(cells) => cells.len(),
            Change::Insert(rows_at) => rows_at.iter().map(|(_, r)| r.iter().count()).sum(),
            Change::Remove(at) => at.len(),
            Change::Framework(imeta) => rows(imeta),
            Change::Settings(_) => 1,
            Change::Project(imeta, idata, _) => rows(imeta) + rows(idata),
        }
    }
}

/// One row of cells.
fn row<const N: usize>(cells: [(&str, Cell); N]) -> Record {
    let mut rec = Record::with_capacity(N);
    for (key, cell) in cells {
        rec.insert(key, cell);
    }
    rec
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn number(x: usize) -> Cell {
    Cell::Number(x as f64)
}

/// A row's whole number under `key` (0 when it has none).
fn position(rec: &Record, key: &str) -> usize {
    rec.get(key).map(Cell::text).and_then(|t| t.parse().ok()).unwrap_or(0)
}

impl Change {
    /// The step as rows: a first row `{ step, ... }` that names its kind (and holds the method
    /// choices, when it has them), then its rows.
    fn rows(self) -> Vec<Record> {
        let head = |kind: &str| row([("step", text(kind))]);
        match self {
            Change::Cells(cells) => std::iter::once(head("cells"))
                .chain(cells.into_iter().map(|(r, column, cell)| row([("row", number(r)), ("column", Cell::Text(column)), ("cell", cell)])))
                .collect(),
            Change::Insert(rows) => std::iter::once(head("insert")).chain(rows.into_iter().flat_map(|(r, rec)| [row([("row", number(r))]), rec])).collect(),
            Change::Remove(at) => std::iter::once(head("remove")).chain(at.into_iter().map(|r| row([("row", number(r))]))).collect(),
            Change::Framework(imeta) => std::iter::once(head("framework")).chain(imeta).collect(),
            Change::Settings(settings) => vec![settings_row("settings", &settings, 0)],
            Change::Project(imeta, idata, settings) => std::iter::once(settings_row("project", &settings, imeta.len())).chain(imeta).chain(idata).collect(),
        }
    }

    /// The step that [`Change::rows`] wrote; rows it cannot have written make an empty step.
    fn from_rows(mut rows: Vec<Record>) -> Change {
        if rows.is_empty() {
            return Change::Cells(Vec::new());
        }
        let head = rows.remove(0);
        match head.get("step").map(Cell::text).as_deref() {
            Some("insert") => Change::Insert(rows.chunks_exact(2).map(|pair| (position(&pair[0], "row"), pair[1].clone())).collect()),
            Some("remove") => Change::Remove(rows.iter().map(|r| position(r, "row")).collect()),
            Some("framework") => Change::Framework(rows),
            Some("settings") => Change::Settings(settings_of(&head)),
            Some("project") => {
                let idata = rows.split_off(position(&head, "imeta").min(rows.len()));
                Change::Project(rows, idata, settings_of(&head))
            }
            _ => Change::Cells(
                rows.into_iter()
                    .map(|r| (position(&r, "row"), r.get("column").map(Cell::text).unwrap_or_default(), r.get("cell").cloned().unwrap_or(Cell::Empty)))
                    .collect(),
            ),
        }
    }
}

impl From<Change> for Vec<Record> {
    fn from(change: Change) -> Vec<Record> {
        change.rows()
    }
}

impl From<Vec<Record>> for Change {
    fn from(rows: Vec<Record>) -> Change {
        Change::from_rows(rows)
    }
}

/// The first row of a step that holds method choices: `{ step, imeta, normalise, aggregate,
/// impute, treat, weight:<iCode>... }` (`imeta`: how many of the rows that follow are iMeta's).
fn settings_row(kind: &str, s: &Settings, imeta: usize) -> Record {
    let mut rec = row([
        ("step", text(kind)),
        ("imeta", number(imeta)),
        ("normalise", text(s.normalise.name())),
        ("aggregate", text(s.aggregate.name())),
        ("impute", text(s.impute.name())),
        ("treat", text(if s.treat { "true" } else { "false" })),
    ]);
    for (code, weight) in &s.weights {
        rec.insert(format!("weight:{code}"), Cell::Number(*weight));
    }
    rec
}

/// The method choices of a row that [`settings_row`] wrote (defaults for what it lacks).
fn settings_of(rec: &Record) -> Settings {
    let d = Settings::default();
    let name = |key: &str| rec.get(key).map(Cell::text).unwrap_or_default();
    Settings {
        normalise: NormaliseChoice::from_name(&name("normalise")).unwrap_or(d.normalise),
        aggregate: AggregateChoice::from_name(&name("aggregate")).unwrap_or(d.aggregate),
        impute: ImputeChoice::from_name(&name("impute")).unwrap_or(d.impute),
        treat: name("treat") != "false",
        weights: rec
            .iter()
            .filter_map(|(key, cell)| Some((key.strip_prefix("weight:")?.to_string(), cell.text().parse().ok()?)))
            .collect(),
    }
}

/// The steps that can be undone, latest last, and those undone that can be redone.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct History {
    undo: Vec<Change>,
    redo: Vec<Change>,
    /// What the edit under way is typing into (a cell, a weight): its keystrokes are one step.
    #[serde(skip)]
    typing: Option<String>,
}

impl History {
    /// Records what an edit replaced, as a step of its own. A new edit ends what could be redone.
    pub fn record(&mut self, change: Change) {
        self.typing = None;
        self.push(change);
    }

    /// Records what a keystroke into `target` (a cell, a weight) replaced: the keystrokes that
    /// follow into the same target, until [`History::settle`], belong to the same step.
    pub fn record_typing(&mut self, target: &str, change: Change) {
        if self.typing.as_deref() == Some(target) {
            return;
        }
        self.push(change);
        self.typing = Some(target.to_string());
    }

    /// Ends the step being typed: the next keystroke starts a step of its own.
    pub fn settle(&mut self) {
        self.typing = None;
    }

    fn push(&mut self, change: Change) {
        self.redo.clear();
        self.undo.push(change);
        let mut cells: usize = self.undo.iter().map(Change::size).sum();
        while self.undo.len() > STEPS || (cells > MAX_CELLS && self.undo.len() > 1) {
            cells -= self.undo.remove(0).size();
        }
    }

    /// Undoes the latest step; false when there is none.
    pub fn undo(&mut self, project: &mut Project) -> bool {
        self.typing = None;
        let Some(change) = self.undo.pop() else { return false };
        self.redo.push(change.apply(project));
        true
    }

    /// Redoes the latest step undone; false when there is none.
    pub fn redo(&mut self, project: &mut Project) -> bool {
        self.typing = None;
        let Some(change) = self.redo.pop() else { return false };
        self.undo.push(change.apply(project));
        true
    }

    /// Steps that can be undone, and redone.
    pub fn counts(&self) -> (usize, usize) {
        (self.undo.len(), self.redo.len())
    }

    /// The latest steps whose JSON text takes at most `max_chars` characters (steps redone
    /// first, then undone, newest first): what the browser can keep beside the project.
    pub fn latest(&self, max_chars: usize) -> History {
        let mut room = max_chars;
        let mut fits = |c: &Change| {
            // a cell takes four characters or more: a step too large is not written to be measured
            let n = if c.size().saturating_mul(4) > room { usize::MAX } else { serde_json::to_string(c).map_or(usize::MAX, |s| s.len() + 1) };
            let ok = n <= room;
            room = room.saturating_sub(n);
            ok
        };
        let redo = self.redo.iter().rev().take_while(|c| fits(c)).count();
        let undo = self.undo.iter().rev().take_while(|c| fits(c)).count();
        History { undo: self.undo[self.undo.len() - undo..].to_vec(), redo: self.redo[self.redo.len() - redo..].to_vec(), typing: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(p: &Project, row: usize, column: &str) -> String {
        p.idata[row].get(column).map(Cell::text).unwrap_or_default()
    }

    #[test]
    fn keystrokes_into_one_cell_are_one_step_and_redo_gives_them_back() {
        let mut p = Project::default_project();
        let mut h = History::default();
        let before = figure(&p, 0, "GDP");
        for text in ["1", "12", "123"] {
            h.record_typing("cell 0 GDP", Change::cells(&p, [(0, "GDP")]));
            p.set_figure(0, "GDP", text);
        }
        h.settle();
        h.record_typing("cell 0 GDP", Change::cells(&p, [(0, "GDP")]));
        p.set_figure(0, "GDP", "7");
        assert_eq!(h.counts(), (2, 0));
        assert!(h.undo(&mut p));
        assert_eq!(figure(&p, 0, "GDP"), "123");
        assert!(h.undo(&mut p));
        assert_eq!(figure(&p, 0, "GDP"), before);
        assert!(!h.undo(&mut p), "nothing more to undo");
        assert!(h.redo(&mut p) && h.redo(&mut p));
        assert_eq!(figure(&p, 0, "GDP"), "7");
        assert_eq!(h.counts(), (2, 0));
    }

    #[test]
    fn a_unit_deleted_comes_back_in_its_places_and_can_be_deleted_again() {
        let original = Project::default_project();
        let mut p = original.clone();
        let mut h = History::default();
        h.record(Change::unit_rows(&p, "CF"));
        p.remove_unit("CF");
        assert_eq!(p.idata.len(), original.idata.len() - 5, "five years of 赤峰市");
        h.undo(&mut p);
        assert_eq!(p, original);
        h.redo(&mut p);
        assert!(p.idata.iter().all(|r| r.get("uCode").unwrap().text() != "CF"));
    }

    #[test]
    fn a_unit_added_goes_and_every_kind_of_step_undoes_to_the_project_before() {
        let original = Project::default_project();
        let mut p = original.clone();
        let mut h = History::default();
        let rows = p.idata.len();
        p.add_unit("新单位");
        h.record(Change::Remove((rows..p.idata.len()).collect()));
        h.record(Change::Framework(p.imeta.clone()));
        p.set_meta("RD_GDP", "Weight", "3").unwrap();
        h.record(Change::Settings(p.settings.clone()));
        p.settings.treat = false;
        h.record(Change::project(&p));
        p = Project { idata: Vec::new(), ..p };
        while h.undo(&mut p) {}
        assert_eq!(p, original);
        while h.redo(&mut p) {}
        assert!(p.idata.is_empty() && !p.settings.treat);
    }

    #[test]
    fn a_new_edit_ends_the_redo_and_at_most_a_hundred_steps_are_kept() {
        let mut p = Project::default_project();
        let mut h = History::default();
        for i in 0..150 {
            h.record(Change::cells(&p, [(0, "GDP")]));
            p.set_figure(0, "GDP", &i.to_string());
        }
        assert_eq!(h.counts(), (STEPS, 0));
        h.undo(&mut p);
        h.record(Change::cells(&p, [(1, "GDP")]));
        assert_eq!(h.counts(), (STEPS, 0));
    }

    #[test]
    fn the_history_survives_the_saved_project_file_and_keeps_the_latest_steps_that_fit() {
        let mut p = Project::default_project();
        let mut h = History::default();
        h.record(Change::project(&p));
        for i in 0..3 {
            h.record(Change::cells(&p, [(0, "GDP")]));
            p.set_figure(0, "GDP", &format!("{i}00"));
        }
        h.undo(&mut p);
        let (read, kept) = Project::from_saved_json(&p.to_saved_json(&h.latest(usize::MAX))).unwrap();
        assert_eq!((read, kept), (p.clone(), h.clone()));
        // room for the small steps only: the whole-project step, the oldest, is left out
        assert_eq!(h.latest(1_000).counts(), (2, 1));
        // a project file as exported has none
        assert_eq!(Project::from_saved_json(&p.to_json()).unwrap().1, History::default());
    }

    #[test]
    fn every_kind_of_step_reads_back_from_its_rows() {
        let p = Project::default_project();
        let mut settings = Settings { treat: false, normalise: NormaliseChoice::Rank, ..Settings::default() };
        settings.set_weight("Talent", 2.5);
        let steps = [
            Change::cells(&p, [(0, "GDP"), (3, "KeyLab")]),
            Change::unit_rows(&p, "CF"),
            Change::Remove(vec![2, 7]),
            Change::Framework(p.imeta.clone()),
            Change::Settings(settings.clone()),
            Change::Project(p.imeta.clone(), p.idata.clone(), settings),
        ];
        for step in steps {
            let json = serde_json::to_string(&step).unwrap();
            assert!(json.starts_with(r#"[{"step":""#), "{json}");
            assert_eq!(serde_json::from_str::<Change>(&json).unwrap(), step);
        }
    }
}
