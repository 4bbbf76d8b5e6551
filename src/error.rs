//! The one error type of the core.
//!
//! Every error says what is wrong and where (table and row, unit, indicator, step), so that an
//! analyst can fix the input. The kind and its fields are kept, not only the text, so that the
//! widget can translate a message.

use std::fmt;

/// Shorthand for results of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// An error in the input or in a pipeline step.
#[derive(Clone, PartialEq)]
pub struct Error(Box<Inner>);

/// Debug shows the message: it is what a test failure or a log should say.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({self})")
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Inner {
    kind: ErrorKind,
    step: Option<StepContext>,
}

/// The pipeline step an error happened in.
#[derive(Debug, Clone, PartialEq)]
pub struct StepContext {
    /// Position of the step in the pipeline, from 1.
    pub number: usize,
    /// The step's name (`normalise`, ...).
    pub name: String,
}

/// What went wrong, with where it went wrong.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file's bytes are not text in an encoding innoscore reads (UTF-8, UTF-16 with a
    /// byte-order mark, GB18030/GBK); `workbook` when they are a spreadsheet workbook (.xlsx).
    NotText {
        /// The file is a workbook.
        workbook: bool,
    },
    /// A file in UTF-8 but for a damaged character, on `line`.
    DamagedUtf8 {
        /// 1-based line of the damaged character.
        line: u64,
    },
    /// A file's bytes are not a workbook that can be read (.xlsx, .xlsm, .xlsb, .xls, .ods), or
    /// the workbook is damaged or protected by a password.
    NotAWorkbook,
    /// A workbook has no worksheet of the name asked for.
    NoSuchSheet {
        /// The name asked for.
        sheet: String,
        /// The names of the workbook's worksheets, in order.
        sheets: Vec<String>,
    },
    /// The sheet of a workbook that was read has no cell with a value.
    EmptySheet {
        /// The sheet's name.
        sheet: String,
    },
    /// A workbook cannot be written: a sheet holds more than Excel allows.
    WorkbookWrite {
        /// The sheet's name as given (empty when the workbook as a whole failed).
        sheet: String,
        /// What is wrong, and where in the sheet.
        reason: String,
    },
    /// A CSV text could not be read.
    Csv {
        /// `iData` or `iMeta`.
        table: String,
        /// 1-based line of the text.
        line: u64,
        /// What is wrong there.
        problem: CsvProblem,
    },
    /// A table has no rows.
    EmptyTable {
        /// `iData` or `iMeta`.
        table: String,
    },
    /// Two columns of a table have the same name.
    DuplicateColumn {
        /// `iData` or `iMeta`.
        table: String,
        /// The name.
        column: String,
        /// 1-based position of the first column of that name.
        first: usize,
        /// 1-based position of the second.
        second: usize,
    },
    /// A required column is absent.
    MissingColumn {
        /// `iData` or `iMeta`.
        table: String,
        /// The column's name.
        column: String,
    },
    /// A cell that must hold a number holds text.
    NotANumber {
        /// `iData` or `iMeta`.
        table: String,
        /// Where the cell is: "line 4" (CSV) or "row 3" (row objects).
        row: String,
        /// The column's name.
        column: String,
        /// The text found.
        text: String,
    },
    /// A cell holds NaN or an infinity.
    NotFinite {
        /// `iData` or `iMeta`.
        table: String,
        /// Where the cell is.
        row: String,
        /// The column's name.
        column: String,
        /// The text found.
        text: String,
    },
    /// A cell holds a value that is not allowed there.
    InvalidValue {
        /// `iData` or `iMeta`.
        table: String,
        /// Where the cell is.
        row: String,
        /// The column's name.
        column: String,
        /// The text found.
        text: String,
        /// What is allowed.
        expected: String,
    },
    /// A required cell is empty.
    EmptyCell {
        /// `iData` or `iMeta`.
        table: String,
        /// Where the cell is.
        row: String,
        /// The column's name.
        column: String,
    },
    /// Two iData rows have the same uCode (and Time).
    DuplicateUnit {
        /// The repeated uCode.
        code: String,
        /// The year, on panel data.
        time: Option<i64>,
        /// Where the second one is.
        row: String,
    },
    /// Two iMeta rows have the same iCode.
    DuplicateCode {
        /// The repeated iCode.
        code: String,
        /// Where the second one is.
        row: String,
    },
    /// A Parent that is not an Aggregate of iMeta.
    UnknownParent {
        /// The child's iCode.
        code: String,
        /// The Parent named.
        parent: String,
    },
    /// Parents that lead back to where they started.
    Cycle {
        /// The iCodes around the cycle, in order.
        path: Vec<String>,
    },
    /// A child's Level does not sit one below its parent's.
    LevelMismatch {
        /// The child's iCode.
        code: String,
        /// The child's Level.
        level: u32,
        /// The parent's iCode.
        parent: String,
        /// The parent's Level.
        parent_level: u32,
    },
    /// An element without Parent below the top level.
    Orphan {
        /// The iCode.
        code: String,
        /// Its Level.
        level: u32,
        /// The top Level of the framework.
        top: u32,
    },
    /// An Aggregate no element names as Parent.
    NoChildren {
        /// The Aggregate's iCode.
        code: String,
    },
    /// The children of a parent have weights that add up to zero.
    ZeroWeights {
        /// The parent's iCode.
        parent: String,
    },
    /// iMeta has no Indicator rows.
    NoIndicators,
    /// An indicator has no column in iData.
    MissingIndicator {
        /// The indicator's iCode.
        code: String,
    },
    /// A Denominator named in iMeta has no column in iData.
    MissingDenominator {
        /// The indicator's iCode.
        indicator: String,
        /// The denominator's name.
        denominator: String,
    },
    /// A denominator value is zero where the indicator has a value.
    ZeroDenominator {
        /// The indicator's iCode.
        indicator: String,
        /// The denominator's name.
        denominator: String,
        /// The unit's uCode.
        unit: String,
        /// The year, on panel data.
        time: Option<i64>,
    },
    /// A pipeline step that does not exist.
    UnknownStep {
        /// What was asked for.
        step: String,
    },
    /// A method the step does not have.
    UnknownMethod {
        /// What was asked for.
        method: String,
        /// The methods the step has.
        expected: String,
    },
    /// An option of a step has a bad value, or the step does not have it.
    BadOption {
        /// The option's name.
        option: String,
        /// What is wrong.
        reason: String,
    },
    /// The pipeline itself is not a list of step objects.
    BadPipeline {
        /// What is wrong.
        reason: String,
    },
    /// A step reads a data set that does not exist (yet).
    UnknownDataset {
        /// The name asked for.
        name: String,
        /// The data sets there are at that point.
        available: Vec<String>,
    },
    /// A group column named for imputation is not in iData.
    UnknownGroup {
        /// The column asked for.
        group: String,
    },
    /// A geometric or harmonic mean met a value at or below zero.
    NonPositiveMean {
        /// The aggregate's iCode.
        aggregate: String,
        /// The unit's uCode.
        unit: String,
        /// The year, on panel data.
        time: Option<i64>,
        /// The child's iCode.
        child: String,
        /// The child's value.
        value: f64,
        /// `geometric` or `harmonic`.
        method: String,
    },
    /// An indicator whose values are all the same (or all missing) cannot be scaled.
    ConstantIndicator {
        /// The indicator's iCode.
        code: String,
        /// The year, on panel data (None when normalised globally).
        time: Option<i64>,
        /// The normalisation method.
        method: String,
    },
    /// A method that cannot scale an indicator's values (the reference unit at the lowest
    /// value, a highest value of zero, ...).
    CannotScale {
        /// The indicator's iCode.
        code: String,
        /// The year, on panel data (None when normalised globally).
        time: Option<i64>,
        /// The normalisation method.
        method: String,
        /// Why, in a sentence.
        reason: String,
    },
    /// The standard-value method needs a Target.
    MissingTarget {
        /// The indicator's iCode.
        code: String,
    },
    /// A Target or goalpost that cannot be used.
    BadTarget {
        /// The indicator's iCode.
        code: String,
        /// What is wrong.
        reason: String,
    },
    /// An exception names an iCode that is not an indicator.
    UnknownIndicator {
        /// The iCode named.
        code: String,
    },
    /// A project file that cannot be read.
    BadProject {
        /// 1-based line of the text (0 when not known).
        line: u64,
        /// 1-based column.
        column: u64,
        /// The field that is wrong (`settings.treat`, `iData[3]`), when one is.
        field: Option<String>,
        /// What kind of problem, for messages in other languages.
        problem: ProjectProblem,
        /// What is wrong, in serde's words.
        reason: String,
    },
    /// An uncertainty or sensitivity specification that cannot be used.
    BadAnalysis {
        /// Where in the spec (`choices[2].values`), and what is wrong.
        reason: String,
    },
    /// No unit is left to score.
    NoUnits,
    /// A step computed a value beyond the range of numbers (an overflow), which would otherwise
    /// pass on as a missing value and be ranked.
    Overflow {
        /// The iCode of the indicator or aggregate.
        code: String,
        /// The unit's uCode.
        unit: String,
        /// The year, on panel data.
        time: Option<i64>,
    },
}

/// What is wrong with a line of CSV text.
#[derive(Debug, Clone, PartialEq)]
pub enum CsvProblem {
    /// A row with another number of fields than the header.
    FieldCount {
        /// Fields in the row.
        found: usize,
        /// Fields in the header.
        expected: usize,
    },
    /// A quoted field runs to the end of the text.
    Unclosed,
    /// What the CSV reader reported.
    Other(String),
}

impl fmt::Display for CsvProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvProblem::FieldCount { found, expected } => write!(f, "found {found} fields where the header has {expected}"),
            CsvProblem::Unclosed => f.write_str("a quoted field is not closed"),
            CsvProblem::Other(reason) => f.write_str(reason),
        }
    }
}

/// What kind of problem a project file has. (serde words its reasons in English only.)
#[derive(Debug, Clone, PartialEq)]
pub enum ProjectProblem {
    /// Not JSON, or cut short.
    NotJson,
    /// JSON, but not an object with iMeta and iData.
    NotAProject,
    /// `format` names another kind of file.
    OtherFormat(String),
    /// A required field is absent: its name.
    MissingField(String),
    /// A field the format does not have: its name.
    UnknownField(String),
    /// A field given twice in one object: its name.
    RepeatedField(String),
    /// A field with a value of the wrong type or out of range.
    BadValue,
}

impl ProjectProblem {
    /// The kind of a serde error's `reason` (its text is all serde gives).
    pub fn of(reason: &str) -> ProjectProblem {
        // serde names the field between backticks; our row reader between quotes
        let name = |quote: char| reason.split(quote).nth(1).unwrap_or_default().to_string();
        if reason.starts_with("missing field") {
            ProjectProblem::MissingField(name('`'))
        } else if reason.starts_with("unknown field") {
            ProjectProblem::UnknownField(name('`'))
        } else if reason.starts_with("duplicate field") {
            ProjectProblem::RepeatedField(name('`'))
        } else if reason.ends_with("appears twice") {
            ProjectProblem::RepeatedField(name('\''))
        } else {
            ProjectProblem::BadValue
        }
    }
}

impl Error {
    /// An error of this kind, outside any step.
    pub fn new(kind: ErrorKind) -> Self {
        Error(Box::new(Inner { kind, step: None }))
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// The pipeline step it went wrong in, if any.
    pub fn step(&self) -> Option<&StepContext> {
        self.0.step.as_ref()
    }

    /// The same error, placed in step `number` (from 1) called `name`.
    pub fn in_step(mut self, number: usize, name: &str) -> Self {
        if self.0.step.is_none() {
            self.0.step = Some(StepContext { number, name: name.to_string() });
        }
        self
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error::new(kind)
    }
}

/// " in 2021" on panel data, nothing otherwise.
pub(crate) fn in_year(time: Option<i64>) -> String {
    time.map(|t| format!(" in {t}")).unwrap_or_default()
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(s) = &self.0.step {
            write!(f, "pipeline step {} ({}): ", s.number, s.name)?;
        }
        fmt::Display::fmt(&self.0.kind, f)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ErrorKind::*;
        match self {
            NotText { workbook: true } => write!(f, "the file is a workbook (.xlsx), not CSV text: save it from Excel or WPS as CSV"),
            NotText { workbook: false } => write!(
                f,
                "the file is not text in UTF-8, UTF-16 or GB18030 (GBK): save it from Excel or WPS as \"CSV UTF-8\""
            ),
            DamagedUtf8 { line } => write!(
                f,
                "line {line}: a character is damaged (the file is UTF-8 otherwise): correct it, or save the file again as \"CSV UTF-8\""
            ),
            NotAWorkbook => write!(
                f,
                "the file is not a workbook that can be read (.xlsx, .xls or .ods), or it is damaged or protected by a password: open it in Excel or WPS and save it as .xlsx without a password"
            ),
            NoSuchSheet { sheet, sheets } => {
                write!(f, "the workbook has no sheet named '{sheet}' (its sheets: {})", sheets.join(", "))
            }
            EmptySheet { sheet } => write!(f, "sheet '{sheet}' is empty (choose the sheet that holds the data)"),
            WorkbookWrite { sheet, reason } if sheet.is_empty() => write!(f, "workbook: {reason}"),
            WorkbookWrite { sheet, reason } => write!(f, "workbook: sheet '{sheet}': {reason}"),
            Csv { table, line, problem } => {
                write!(f, "{table}: line {line}: malformed CSV: {problem} (check quotes and the number of columns)")
            }
            EmptyTable { table } => write!(f, "{table}: the table has no rows"),
            DuplicateColumn { table, column, first, second } => write!(
                f,
                "{table}: there are two columns named '{column}', columns {first} and {second} (keep one, or rename the other)"
            ),
            MissingColumn { table, column } => {
                write!(f, "{table}: column '{column}' is missing (add it to the header row)")
            }
            NotANumber { table, row, column, text } => write!(
                f,
                "{table}: {row}, column '{column}': '{text}' is not a number (use digits and a decimal point, or leave the cell empty if the value is missing)"
            ),
            NotFinite { table, row, column, text } => write!(
                f,
                "{table}: {row}, column '{column}': '{text}' is not a finite number (leave the cell empty if the value is missing)"
            ),
            InvalidValue { table, row, column, text, expected } => {
                write!(f, "{table}: {row}, column '{column}': '{text}' is not allowed ({expected})")
            }
            EmptyCell { table, row, column } => {
                write!(f, "{table}: {row}, column '{column}': the cell is empty (it needs a value)")
            }
            DuplicateUnit { code, time, row } => match time {
                Some(t) => write!(f, "iData: {row}: unit '{code}' appears twice for {t} (each uCode once per Time)"),
                None => write!(f, "iData: {row}: unit '{code}' appears twice (each uCode once)"),
            },
            DuplicateCode { code, row } => {
                write!(f, "iMeta: {row}: iCode '{code}' appears twice (each iCode once)")
            }
            UnknownParent { code, parent } => write!(
                f,
                "iMeta: '{code}' has Parent '{parent}', which is not an Aggregate in iMeta (add it or fix the Parent)"
            ),
            Cycle { path } => write!(
                f,
                "iMeta: the Parents form a cycle: {} (the tree must end at one top aggregate)",
                path.join(" -> ")
            ),
            LevelMismatch { code, level, parent, parent_level } => write!(
                f,
                "iMeta: '{code}' is at Level {level} but its Parent '{parent}' is at Level {parent_level} (a Parent sits one Level above its children)"
            ),
            Orphan { code, level, top } => write!(
                f,
                "iMeta: '{code}' at Level {level} has no Parent (only the top Level, {top}, may have none)"
            ),
            NoChildren { code } => {
                write!(f, "iMeta: aggregate '{code}' has no children (give it indicators or remove it)")
            }
            ZeroWeights { parent } => write!(
                f,
                "iMeta: the weights of the children of '{parent}' add up to zero (give at least one a positive Weight)"
            ),
            NoIndicators => write!(f, "iMeta: there is no row of Type Indicator"),
            MissingIndicator { code } => {
                write!(f, "iData: indicator '{code}' has no column (add a column named '{code}')")
            }
            MissingDenominator { indicator, denominator } => write!(
                f,
                "iData: indicator '{indicator}' is divided by '{denominator}', but iData has no column '{denominator}'"
            ),
            ZeroDenominator { indicator, denominator, unit, time } => write!(
                f,
                "iData: unit '{unit}'{}: denominator '{denominator}' of indicator '{indicator}' is zero (enter the value, or leave it empty if unknown)",
                in_year(*time)
            ),
            UnknownStep { step } => write!(
                f,
                "unknown step '{step}' (use denominate, impute, screen, treat, normalise or aggregate)"
            ),
            UnknownMethod { method, expected } => {
                write!(f, "unknown method '{method}' (use {expected})")
            }
            BadOption { option, reason } => write!(f, "option '{option}': {reason}"),
            BadPipeline { reason } => write!(f, "pipeline: {reason}"),
            UnknownDataset { name, available } => write!(
                f,
                "there is no data set '{name}' to read from (available here: {})",
                available.join(", ")
            ),
            UnknownGroup { group } => write!(
                f,
                "iData has no group column '{group}' (name a column ending in _group)"
            ),
            NonPositiveMean { aggregate, unit, time, child, value, method } => write!(
                f,
                "unit '{unit}'{}: the {method} mean for '{aggregate}' needs values above zero, but '{child}' is {} (normalise to a range above zero, such as min-max [1, 100])",
                in_year(*time),
                crate::table::number_text(*value)
            ),
            ConstantIndicator { code, time, method } => write!(
                f,
                "indicator '{code}' has the same value for every unit{} (or no values), so {method} cannot scale it (check the data, or remove the indicator)",
                in_year(*time)
            ),
            CannotScale { code, time, method, reason } => write!(f, "indicator '{code}'{}: {method} cannot scale it: {reason} (choose another method for it)", in_year(*time)),
            MissingTarget { code } => write!(
                f,
                "indicator '{code}' has no Target in iMeta, which the standard-value method needs (add a Target or choose another method for it)"
            ),
            BadTarget { code, reason } => write!(f, "indicator '{code}': {reason}"),
            UnknownIndicator { code } => write!(
                f,
                "option 'indicators' names '{code}', which is not an indicator in iMeta (check the iCode)"
            ),
            BadProject { line, column, field, reason, .. } => {
                f.write_str("project file: ")?;
                if *line > 0 {
                    write!(f, "line {line}, column {column}: ")?;
                }
                if let Some(field) = field {
                    write!(f, "{field}: ")?;
                }
                f.write_str(reason)
            }
            BadAnalysis { reason } => write!(f, "analysis spec: {reason}"),
            NoUnits => write!(f, "no unit is left to score"),
            Overflow { code, unit, time } => write!(
                f,
                "the value of '{code}' for unit '{unit}'{} is beyond the range of numbers: a figure or a weight is too large, or a denominator too close to zero",
                in_year(*time)
            ),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_context_prefixes_the_message() {
        let e = Error::new(ErrorKind::MissingTarget { code: "RD".into() }).in_step(5, "normalise");
        assert_eq!(
            e.to_string(),
            "pipeline step 5 (normalise): indicator 'RD' has no Target in iMeta, which the standard-value method needs (add a Target or choose another method for it)"
        );
    }

    #[test]
    fn the_innermost_step_is_kept() {
        let e = Error::new(ErrorKind::NoUnits).in_step(2, "screen").in_step(9, "other");
        assert_eq!(e.step().map(|s| s.number), Some(2));
    }
}
