//! Labels and messages from locale tables (`locales/*.json`). The default language's table is
//! built in; the others are loaded by the element from `pkg/locales/` when first chosen (see
//! [`table_to_load`]), so that a page does not download languages its visitors do not read.
//! Another language is one more file and one more line in [`LANGUAGES`].

use std::collections::HashMap;

use crate::error::{CsvProblem, Error, ErrorKind, ProjectProblem};
use crate::project::CellProblem;
use crate::warning::{Warning, WarningKind};

/// The languages, by tag, with their own names: the first is the default.
const LANGUAGES: [(&str, &str); 2] = [("zh-CN", "中文"), ("en", "English")];

/// The default language's table.
const DEFAULT_TABLE: &str = include_str!("../../../locales/zh-CN.json");

/// The language of a `lang` attribute (`zh`, `zh-CN`, `en-GB` ...): the default when unknown.
fn language(tag: Option<&str>) -> &'static str {
    let want = tag.unwrap_or("").to_ascii_lowercase();
    let short = |t: &str| t.get(..2).unwrap_or(t).to_ascii_lowercase();
    LANGUAGES
        .iter()
        .find(|(t, _)| t.to_ascii_lowercase() == want)
        .or_else(|| LANGUAGES.iter().find(|(t, _)| !want.is_empty() && want.starts_with(&short(t))))
        .map_or(LANGUAGES[0].0, |(t, _)| t)
}

/// The table the element must load for a `lang` attribute (`"en"`, for `pkg/locales/en.json`),
/// or nothing for the built-in default.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = tableToLoad)]
pub fn table_to_load(lang: Option<String>) -> Option<String> {
    let tag = language(lang.as_deref());
    (tag != LANGUAGES[0].0).then(|| tag.to_string())
}

/// The names, in the language shown, of the codes a message mentions.
pub struct Names<'a> {
    /// An indicator's, aggregate's or denominator's name by iCode (the code when it has none).
    pub element: &'a dyn Fn(&str) -> String,
    /// A unit's name by uCode (the code when it has none).
    pub unit: &'a dyn Fn(&str) -> String,
}

impl Names<'static> {
    /// Codes as they are, where no project names them.
    pub const CODES: Names<'static> = Names { element: &str::to_string, unit: &str::to_string };
}

/// One language's table.
pub struct Locale {
    /// Its tag (`zh-CN`, `en`).
    pub tag: &'static str,
    /// Text by key.
    table: HashMap<String, String>,
}

impl Locale {
    /// The locale for a `lang` attribute (`zh`, `zh-CN`, `en-GB` ...), with `table`, the text of
    /// its table when it is not the built-in one; the default when unknown, or when the table
    /// it needs is not given or cannot be read.
    pub fn for_tag(tag: Option<&str>, table: Option<&str>) -> Locale {
        // tests/locales.rs checks that every table is an object of strings
        let loaded = table.and_then(|text| serde_json::from_str(text).ok());
        match (language(tag), loaded) {
            (tag, Some(table)) if tag != LANGUAGES[0].0 => Locale { tag, table },
            _ => Locale { tag: LANGUAGES[0].0, table: serde_json::from_str(DEFAULT_TABLE).unwrap_or_default() },
        }
    }

    /// The message for a `lang` attribute whose table could not be had (the locale then shows
    /// the built-in language), if that is what happened.
    pub fn unavailable(&self, lang: Option<&str>) -> Option<String> {
        let wanted = language(lang);
        let name = LANGUAGES.iter().find(|(t, _)| *t == wanted).map_or(wanted, |(_, n)| n);
        (wanted != self.tag).then(|| self.f("msg.lang_failed", &[("lang", name)]))
    }

    /// Every language, as `(tag, its own name)`.
    pub fn all() -> Vec<(String, String)> {
        LANGUAGES.iter().map(|(t, name)| (t.to_string(), name.to_string())).collect()
    }

    /// The short language code used for names in iMeta columns (`iName_zh`, `iName_en`).
    pub fn short(&self) -> &'static str {
        self.tag.get(..2).unwrap_or(self.tag)
    }

    /// The text for a key (the key itself when missing, so a gap is visible, never blank).
    pub fn t(&self, key: &str) -> String {
        self.text(key).unwrap_or(key).to_string()
    }

    /// The text for a key with its `{name}` placeholders filled from `args` (a placeholder
    /// not in `args` stays as it is).
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut rest = self.text(key).unwrap_or(key);
        let mut out = String::with_capacity(rest.len());
        while let Some((before, after)) = rest.split_once('{') {
            out.push_str(before);
            let filled = after.split_once('}').and_then(|(name, tail)| Some((args.iter().find(|(k, _)| *k == name)?.1, tail)));
            match filled {
                Some((value, tail)) => {
                    out.push_str(value);
                    rest = tail;
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn has(&self, key: &str) -> bool {
        self.text(key).is_some()
    }

    fn text(&self, key: &str) -> Option<&str> {
        self.table.get(key).map(String::as_str)
    }

    /// A score or figure, with `decimals` places; "—" for none.
    pub fn number(&self, x: Option<f64>, decimals: u32) -> String {
        match x {
            Some(x) if x.is_finite() => crate::stats::fixed(x, decimals),
            _ => self.t("r.none"),
        }
    }

    /// A figure with up to two decimals and no trailing zeros (500, 2.5, 0.23), or two
    /// significant digits below 0.1 (0.047, not 0.05).
    pub fn figure(&self, x: Option<f64>) -> String {
        match x {
            Some(x) if x.is_finite() => {
                let decimals = if x != 0.0 && x.abs() < 0.1 { (1.0 - x.abs().log10().floor()).min(12.0) as u32 } else { 2 };
                let s = crate::stats::fixed(x, decimals);
                if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
            }
            _ => self.t("r.none"),
        }
    }

    /// What is wrong with a typed figure, and that it is scored as missing until fixed.
    pub fn cell_problem(&self, problem: CellProblem, text: &str) -> String {
        let then = match problem {
            CellProblem::NonPositiveDenominator | CellProblem::MissingDenominator => "cell.divided_as_missing",
            _ => "cell.as_missing",
        };
        format!("{}: {}", self.figure_problem(problem, text), self.t(then))
    }

    /// What is wrong with a typed figure.
    pub fn figure_problem(&self, problem: CellProblem, text: &str) -> String {
        let key = match problem {
            CellProblem::NotANumber => "cell.not_a_number",
            CellProblem::NotFinite => "cell.not_finite",
            CellProblem::NegativeCount => "cell.negative_count",
            CellProblem::PercentOver100 => "cell.percent_over_100",
            CellProblem::NonPositiveDenominator => "cell.non_positive_denominator",
            CellProblem::MissingDenominator => "cell.missing_denominator",
            CellProblem::PercentSign => "cell.percent_sign",
        };
        self.f(key, &[("text", text)])
    }

    fn year(&self, time: Option<i64>) -> String {
        time.map(|t| self.f("year.in", &[("year", &t.to_string())])).unwrap_or_default()
    }

    /// A note on the calculation (a pipeline warning) in this language: the step that made it,
    /// then what it did, naming indicators and units by their `names`.
    pub fn note(&self, w: &Warning, names: &Names) -> String {
        use WarningKind::*;
        let (el, list) = (names.element, |units: &[String]| units.iter().map(|u| (names.unit)(u)).collect::<Vec<_>>().join(&self.t("list.sep")));
        let two = |x: f64| crate::stats::fixed(x, 2);
        let share = |x: f64| format!("{}%", crate::stats::fixed(x * 100.0, 0));
        let no_change = format!("note.no_change.{}", w.step_name);
        let (key, args): (&str, Vec<(&str, String)>) = match &w.kind {
            Winsorised { indicator, time, points, skew, kurtosis, units } => (
                if units.is_empty() { "note.winsorised" } else { "note.winsorised_tied" },
                vec![
                    ("indicator", el(indicator)),
                    ("year", self.year(*time)),
                    ("points", points.to_string()),
                    ("skew", two(*skew)),
                    ("kurtosis", two(*kurtosis)),
                    ("units", list(units)),
                ],
            ),
            LogTransformed { indicator, time, skew, kurtosis, .. } => {
                ("note.logged", vec![("indicator", el(indicator)), ("year", self.year(*time)), ("skew", two(*skew)), ("kurtosis", two(*kurtosis))])
            }
            TooFewToTreat { indicator, time, count } => ("note.too_few", vec![("indicator", el(indicator)), ("year", self.year(*time)), ("count", count.to_string())]),
            NoDenominator { indicator, denominator, time, units } => (
                "note.no_denominator",
                vec![("indicator", el(indicator)), ("year", self.year(*time)), ("denominator", el(denominator)), ("units", list(units))],
            ),
            // the reason is the step's: each step has one way of having nothing to do in the widget
            NoChange { .. } => (no_change.as_str(), vec![]),
            StillMissing { indicator, time, units } => ("note.still_missing", vec![("indicator", el(indicator)), ("year", self.year(*time)), ("units", list(units))]),
            ScreenedOut { unit, time, availability } => ("note.screened_out", vec![("unit", (names.unit)(unit)), ("year", self.year(*time)), ("share", share(*availability))]),
            ScoreMissing { aggregate, unit, time, availability } => (
                "note.score_missing",
                vec![("unit", (names.unit)(unit)), ("year", self.year(*time)), ("aggregate", el(aggregate)), ("share", share(*availability))],
            ),
        };
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        format!("{}{}{}", self.t(&format!("note.step.{}", w.step_name)), self.t("note.colon"), self.f(key, &args))
    }

    /// An error in this language where the table has it, else the core's English message;
    /// codes as they are.
    pub fn error(&self, e: &Error) -> String {
        self.error_in(e, &Names::CODES)
    }

    /// An error in this language; the indicators and units it mentions by their `names`, and
    /// a file's columns by name and by the heading the file gives them.
    pub fn error_in(&self, e: &Error, names: &Names) -> String {
        use ErrorKind::*;
        let (el, unit) = (names.element, names.unit);
        let column = |code: &str| match el(code) {
            name if name == code => name,
            name => self.f("name.code", &[("name", &name), ("code", code)]),
        };
        // "line 4" or "row 3": the number, for "第 4 行"
        let num = |place: &str| place.trim_start_matches(|c: char| !c.is_ascii_digit()).to_string();
        let cell = |table: &String, row: &String, col: &String, text: &String| {
            vec![("table", table.clone()), ("row", num(row)), ("column", column(col)), ("text", text.clone())]
        };
        let invalid_key;
        let (key, args): (&str, Vec<(&str, String)>) = match e.kind() {
            NotANumber { table, row, column, text } => ("err.not_a_number", cell(table, row, column, text)),
            NotFinite { table, row, column, text } => ("err.not_finite", cell(table, row, column, text)),
            InvalidValue { table, row, column, text, .. } => {
                invalid_key = format!("err.invalid.{column}");
                let key = if self.has(&invalid_key) { invalid_key.as_str() } else { "err.invalid_value" };
                (key, cell(table, row, column, text))
            }
            EmptyCell { table, row, column } => ("err.empty_cell", cell(table, row, column, &String::new())),
            DuplicateCode { code, .. } => ("err.duplicate_code", vec![("code", code.clone())]),
            UnknownParent { code, parent } => ("err.unknown_parent", vec![("code", el(code)), ("parent", el(parent))]),
            Cycle { path } => ("err.cycle", vec![("path", path.iter().map(|c| el(c)).collect::<Vec<_>>().join(" → "))]),
            LevelMismatch { code, level, parent, parent_level } => (
                "err.level_mismatch",
                vec![("code", el(code)), ("level", level.to_string()), ("parent", el(parent)), ("parent_level", parent_level.to_string())],
            ),
            Orphan { code, level, top } => ("err.orphan", vec![("code", el(code)), ("level", level.to_string()), ("top", top.to_string())]),
            NoIndicators => ("err.no_indicators", vec![]),
            MissingDenominator { indicator, denominator } => ("err.missing_denominator", vec![("indicator", el(indicator)), ("denominator", el(denominator))]),
            ZeroDenominator { indicator, denominator, unit: unit_code, time } => (
                "err.zero_denominator",
                vec![("indicator", el(indicator)), ("denominator", el(denominator)), ("unit", unit(unit_code)), ("year", self.year(*time))],
            ),
            BadTarget { code, .. } => ("err.bad_target", vec![("code", el(code))]),
            UnknownGroup { group } => ("err.unknown_group", vec![("group", group.clone())]),
            NoUnits => ("err.no_units", vec![]),
            UnknownIndicator { code } => ("err.unknown_indicator", vec![("code", el(code))]),
            NotText { workbook } => (if *workbook { "err.workbook" } else { "err.not_text" }, vec![]),
            DamagedUtf8 { line } => ("err.damaged_utf8", vec![("line", line.to_string())]),
            Csv { table, line, problem } => {
                let mut args = vec![("table", table.clone()), ("line", line.to_string())];
                let key = match problem {
                    CsvProblem::FieldCount { found, expected } => {
                        args.extend([("found", found.to_string()), ("expected", expected.to_string())]);
                        "err.csv.fields"
                    }
                    CsvProblem::Unclosed => "err.csv.unclosed",
                    CsvProblem::Other(_) => "err.csv",
                };
                (key, args)
            }
            MissingColumn { table, column: col } => ("err.missing_column", vec![("table", table.clone()), ("column", column(col))]),
            DuplicateColumn { table, column, first, second } => (
                "err.duplicate_column",
                vec![("table", table.clone()), ("column", column.clone()), ("first", first.to_string()), ("second", second.to_string())],
            ),
            MissingIndicator { code } => ("err.missing_indicator", vec![("code", column(code))]),
            DuplicateUnit { code, time, row } => ("err.duplicate_unit", vec![("code", el(code)), ("row", num(row)), ("year", self.year(*time))]),
            ConstantIndicator { code, time, .. } => ("err.constant", vec![("code", el(code)), ("year", self.year(*time))]),
            CannotScale { code, time, .. } => ("err.cannot_scale", vec![("code", el(code)), ("year", self.year(*time))]),
            NonPositiveMean { unit: unit_code, time, child, value, .. } => (
                "err.non_positive",
                vec![("unit", unit(unit_code)), ("year", self.year(*time)), ("child", el(child)), ("value", crate::table::number_text(*value))],
            ),
            MissingTarget { code } => ("err.missing_target", vec![("code", el(code))]),
            Overflow { code, unit: unit_code, time } => ("err.overflow", vec![("code", el(code)), ("unit", unit(unit_code)), ("year", self.year(*time))]),
            NoChildren { code } => ("err.no_children", vec![("code", el(code))]),
            ZeroWeights { parent } => ("err.zero_weights", vec![("parent", el(parent))]),
            EmptyTable { table } => ("err.empty_table", vec![("table", table.clone())]),
            BadProject { line, column, field, problem, .. } => {
                let at = if *line > 0 {
                    self.f("err.project.at", &[("line", &line.to_string()), ("column", &column.to_string())])
                } else {
                    self.t("err.project.file")
                };
                let mut args = vec![("at", at), ("field", field.clone().unwrap_or_default())];
                let key = match problem {
                    ProjectProblem::NotJson => "err.project.not_json",
                    ProjectProblem::NotAProject => "err.project.not_a_project",
                    ProjectProblem::BadValue => "err.project.bad_value",
                    ProjectProblem::OtherFormat(name) | ProjectProblem::MissingField(name) | ProjectProblem::UnknownField(name) | ProjectProblem::RepeatedField(name) => {
                        args.push(("name", name.clone()));
                        match problem {
                            ProjectProblem::OtherFormat(_) => "err.project.other_format",
                            ProjectProblem::MissingField(_) => "err.project.missing_field",
                            ProjectProblem::UnknownField(_) => "err.project.unknown_field",
                            _ => "err.project.repeated_field",
                        }
                    }
                };
                (key, args)
            }
            // workbooks (src/workbook.rs); the keys' texts are in /tmp/xlsx-locale.json until the locale tables have them
            NotAWorkbook => ("err.not_a_workbook", vec![]),
            NoSuchSheet { sheet, sheets } => ("err.no_such_sheet", vec![("sheet", sheet.clone()), ("sheets", sheets.join(&self.t("list.sep")))]),
            EmptySheet { sheet } => ("err.empty_sheet", vec![("sheet", sheet.clone())]),
            WorkbookWrite { sheet, .. } => ("err.workbook_write", vec![("sheet", sheet.clone())]),
            // what only scripts can ask for: the widget's own pipeline never does
            UnknownStep { .. } | UnknownMethod { .. } | BadOption { .. } | BadPipeline { .. } | UnknownDataset { .. } | BadAnalysis { .. } => ("err.internal", vec![]),
        };
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.f(key, &args)
    }
}
