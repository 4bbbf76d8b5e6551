//! Tables as users give them: CSV text or row objects, cells as typed or as imported.
//!
//! A [`Table`] is only parsed into cells here; what the cells mean is checked by
//! [`Framework`](crate::Framework) and [`IData`](crate::IData), which know the columns.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use indexmap::IndexSet;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{CsvProblem, Error, ErrorKind, Result};


/// One cell: empty, text or a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing: a missing value.
    Empty,
    /// Text as typed or imported.
    Text(String),
    /// A number given as a number (row objects). May be NaN or infinite until validated.
    Number(f64),
}

impl Cell {
    /// The cell as text, empty for [`Cell::Empty`].
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(x) => number_text(*x),
        }
    }

    /// True when the cell holds nothing (or only blanks).
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            Cell::Number(_) => false,
        }
    }
}

/// A figure as analysts type or paste it: digits in ASCII or full width (１２３), blanks around it
/// (the ideographic space too), thousands grouped by commas ("1,234,567.5"), and a percent
/// sign after it ("12.5%" is 12.5: figures are in their column's unit). `None` for anything else,
/// a comma that does not group thousands ("1,5") among it.
pub fn read_figure(text: &str) -> Option<f64> {
    // most figures are plain numbers, which read as they are
    if let Ok(x) = text.parse() {
        return Some(x);
    }
    // full-width forms (U+FF01..U+FF5E) stand for the ASCII characters 0xFEE0 below them
    let ascii: Cow<str> = if text.is_ascii() {
        Cow::Borrowed(text)
    } else {
        text.chars().map(|c| if ('\u{FF01}'..='\u{FF5E}').contains(&c) { char::from_u32(c as u32 - 0xFEE0).unwrap_or(c) } else { c }).collect()
    };
    let t = ascii.trim();
    let t = t.strip_suffix('%').map_or(t, str::trim_end);
    if !t.contains(',') {
        return t.parse().ok();
    }
    let (whole, decimals) = t.split_once('.').map_or((t, None), |(w, d)| (w, Some(d)));
    let digits = whole.trim_start_matches(['-', '+']);
    let mut groups = digits.split(',');
    let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
    let grouped = first_ok && groups.all(|g| g.len() == 3) && digits.bytes().all(|b| b.is_ascii_digit() || b == b',');
    if !grouped {
        return None;
    }
    let plain = whole.replace(',', "");
    match decimals {
        Some(d) => format!("{plain}.{d}").parse().ok(),
        None => plain.parse().ok(),
    }
}

/// A number as text: whole numbers without a decimal point (2023, not 2023.0), others in the
/// shortest form that reads back to the same number; NaN and infinities as JavaScript spells them.
pub fn number_text(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 { "Infinity".into() } else { "-Infinity".into() }
    } else if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        ryu::Buffer::new().format_finite(x).to_string()
    }
}

/// One row object: column names with cells, in the order given, each name once.
///
/// A row has a few dozen fields and is mostly read in order, so its fields are a `Vec`:
/// a lookup by name scans it, which for rows this short costs less than hashing the name.
/// The names are shared: the rows of one table hold one copy of each, so that copying a row
/// allocates nothing for its names, and reading a column of many rows finds them in cache.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record(Vec<(Arc<str>, Cell)>);

impl Record {
    /// An empty row with room for `n` fields.
    pub fn with_capacity(n: usize) -> Record {
        Record(Vec::with_capacity(n))
    }

    /// Sets a field: a new one goes last, an existing one keeps its place.
    pub fn insert(&mut self, key: impl AsRef<str>, cell: Cell) {
        let key = key.as_ref();
        match self.0.iter_mut().find(|(k, _)| &**k == key) {
            Some((_, old)) => *old = cell,
            None => self.0.push((Arc::from(key), cell)),
        }
    }

    /// The cell of a field, if present.
    pub fn get(&self, key: &str) -> Option<&Cell> {
        self.0.iter().find(|(k, _)| &**k == key).map(|(_, c)| c)
    }

    /// Where a field is among the fields, if present.
    pub fn position(&self, key: &str) -> Option<usize> {
        self.0.iter().position(|(k, _)| &**k == key)
    }

    /// The cell of a field, looked for first at place `at`: rows built alike hold a field at
    /// the same place, and reading a column of many rows then takes no scan.
    pub fn get_near(&self, key: &str, at: usize) -> Option<&Cell> {
        match self.0.get(at) {
            Some((k, cell)) if &**k == key => Some(cell),
            _ => self.get(key),
        }
    }

    /// The field names, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| &**k)
    }

    /// The fields, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Cell)> {
        self.0.iter().map(|(k, c)| (&**k, c))
    }
}

/// A cell crosses a boundary as what it holds: a number, text, or `null` when empty (and for a
/// number that is not finite, which JSON cannot hold).
impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Cell::Text(t) => serializer.serialize_str(t),
            // whole numbers as such (2023, not 2023.0), for people who read a project file
            Cell::Number(x) if x.fract() == 0.0 && x.abs() < 2f64.powi(53) => serializer.serialize_i64(*x as i64),
            Cell::Number(x) if x.is_finite() => serializer.serialize_f64(*x),
            Cell::Empty | Cell::Number(_) => serializer.serialize_none(),
        }
    }
}

/// A cell is read from a number, text (true and false as text) or `null`.
impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Cell, D::Error> {
        struct CellVisitor;
        impl Visitor<'_> for CellVisitor {
            type Value = Cell;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, text or null")
            }
            fn visit_unit<E>(self) -> std::result::Result<Cell, E> {
                Ok(Cell::Empty)
            }
            fn visit_none<E>(self) -> std::result::Result<Cell, E> {
                Ok(Cell::Empty)
            }
            fn visit_f64<E>(self, x: f64) -> std::result::Result<Cell, E> {
                Ok(Cell::Number(x))
            }
            fn visit_i64<E>(self, x: i64) -> std::result::Result<Cell, E> {
                Ok(Cell::Number(x as f64))
            }
            fn visit_u64<E>(self, x: u64) -> std::result::Result<Cell, E> {
                Ok(Cell::Number(x as f64))
            }
            fn visit_str<E>(self, t: &str) -> std::result::Result<Cell, E> {
                Ok(Cell::Text(t.to_string()))
            }
            fn visit_string<E>(self, t: String) -> std::result::Result<Cell, E> {
                Ok(Cell::Text(t))
            }
            fn visit_bool<E>(self, b: bool) -> std::result::Result<Cell, E> {
                Ok(Cell::Text(b.to_string()))
            }
        }
        deserializer.deserialize_any(CellVisitor)
    }
}

/// A row crosses a boundary as an object, its fields in their order.
impl Serialize for Record {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

/// A row is read from an object of cells, keeping the order of its keys (a repeated key keeps
/// its first place and its last cell, as `JSON.parse` does).
impl<'de> Deserialize<'de> for Record {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Record, D::Error> {
        struct RecordVisitor;
        impl<'de> Visitor<'de> for RecordVisitor {
            type Value = Record;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a row object, one field per column")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Record, A::Error> {
                let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some((name, cell)) = map.next_entry::<String, Cell>()? {
                    fields.push((Arc::from(name), cell));
                }
                // JSON text may repeat a name, which would silently drop one of the values
                let mut names: IndexSet<&str> = IndexSet::with_capacity(fields.len());
                if let Some((name, _)) = fields.iter().find(|(k, _)| !names.insert(k)) {
                    return Err(de::Error::custom(format!("the field '{name}' appears twice")));
                }
                Ok(Record(fields))
            }
        }
        // any, not map: a row that is not an object is then told as such by every format
        deserializer.deserialize_any(RecordVisitor)
    }
}

/// A table: a header and rows of cells, with where each row came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    name: String,
    columns: Vec<String>,
    /// Position of each named column.
    index: BTreeMap<String, usize>,
    rows: Rows,
    places: Vec<String>,
}

/// The cells of a table's rows.
#[derive(Debug, Clone, PartialEq)]
enum Rows {
    /// As row objects give them.
    Cells(Vec<Vec<Cell>>),
    /// As CSV text gives them: each record holds its fields in one buffer, read as cells
    /// (trimmed, and empty when blank) when asked for. 28,000 rows of 50 figures are then
    /// 28,000 buffers, not 1.4 million strings.
    Csv(Vec<csv::StringRecord>),
}

impl Rows {
    fn len(&self) -> usize {
        match self {
            Rows::Cells(rows) => rows.len(),
            Rows::Csv(records) => records.len(),
        }
    }
}

/// A cell as it lies in a table, without a copy of its text.
#[derive(Clone, Copy)]
enum CellRef<'a> {
    Empty,
    Number(f64),
    Text(&'a str),
}

impl CellRef<'_> {
    fn to_cell(self) -> Cell {
        match self {
            CellRef::Empty => Cell::Empty,
            CellRef::Number(x) => Cell::Number(x),
            CellRef::Text(t) => Cell::Text(t.to_string()),
        }
    }
}

/// A field of CSV text as a cell: trimmed as str::trim does (csv's own trimming knows only ASCII
/// blanks, not the ideographic space of Chinese text), text a spreadsheet would run restored.
fn csv_cell(field: &str) -> CellRef<'_> {
    match restored(field.trim()) {
        "" => CellRef::Empty,
        text => CellRef::Text(text),
    }
}

impl Table {
    /// Reads CSV text with a header row. `name` (`iData`, `iMeta`) is used in messages.
    ///
    /// The text is RFC 4180 (commas, CRLF or LF, double quotes around a field that holds a
    /// comma, a quote as `""` or a line break; a quote opens a field only as its first
    /// character). A UTF-8 byte-order mark is skipped, cells are trimmed, and blank lines are
    /// ignored.
    ///
    /// # Errors
    /// [`ErrorKind::Csv`] for malformed text or a row with the wrong number of fields,
    /// [`ErrorKind::EmptyTable`] when there is no data row.
    ///
    /// # Example
    /// ```
    /// let t = innoscore::Table::from_csv("iData", "uCode,x\nA,1\nB,\n").unwrap();
    /// assert_eq!(t.len(), 2);
    /// ```
    pub fn from_csv(name: &str, text: &str) -> Result<Table> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let fail = |line: u64, problem: CsvProblem| Error::from(ErrorKind::Csv { table: name.to_string(), line, problem });
        // The csv crate reads a quote left open to the end of the text without complaint.
        // A sentinel line after the text comes back as a record of its own only if every
        // quote was closed.
        let input = format!("{text}{SENTINEL}");
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(input.as_bytes());
        let mut records = reader
            .records()
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| fail(e.position().map_or(1, csv::Position::line), CsvProblem::Other(e.to_string())))?;
        match records.last() {
            Some(last) if start_of(&input, last).1 == text.len() + 1 => {
                records.pop();
            }
            open => {
                // the open field runs to the end: the lines it holds are the text's last ones
                let lines = |s: &str| s.matches('\n').count() as u64;
                let held = open.and_then(|last| last.iter().next_back()).map_or(0, lines);
                return Err(fail((1 + lines(&input)).saturating_sub(held), CsvProblem::Unclosed));
            }
        }
        // a line of blanks is skipped
        let blank = |record: &csv::StringRecord| record.len() == 1 && record[0].trim().is_empty();
        records.retain(|record| !blank(record));
        let mut places = Vec::with_capacity(records.len());
        for record in records.iter().skip(1) {
            let line = start_of(&input, record).0;
            if record.len() != records[0].len() {
                return Err(fail(line, CsvProblem::FieldCount { found: record.len(), expected: records[0].len() }));
            }
            places.push(format!("line {line}"));
        }
        let columns: Vec<String> = records.first().map(|header| header.iter().map(|f| restored(f.trim()).to_string()).collect()).unwrap_or_default();
        let rows = if records.is_empty() { Vec::new() } else { records.split_off(1) };
        Table::build(name, columns, Rows::Csv(rows), places)
    }

    /// Builds a table from row objects; the columns are every key seen, in order of first appearance.
    ///
    /// # Errors
    /// [`ErrorKind::EmptyTable`] when there is no row.
    pub fn from_records(name: &str, records: Vec<Record>) -> Result<Table> {
        // rows built alike hold each field at the same place: a field found there is not hashed
        let at = |columns: &IndexSet<Arc<str>>, j: usize, key: &Arc<str>| match columns.get_index(j) {
            Some(c) if Arc::ptr_eq(c, key) || c == key => Some(j),
            _ => columns.get_index_of(&**key),
        };
        let mut columns: IndexSet<Arc<str>> = IndexSet::new();
        for r in &records {
            for (j, (key, _)) in r.0.iter().enumerate() {
                if at(&columns, j, key).is_none() {
                    columns.insert(key.clone());
                }
            }
        }
        let places = (1..=records.len()).map(|i| format!("row {i}")).collect();
        let rows = records
            .into_iter()
            .map(|r| {
                let mut row = vec![Cell::Empty; columns.len()];
                for (j, (key, cell)) in r.0.into_iter().enumerate() {
                    if let Some(i) = at(&columns, j, &key) {
                        row[i] = cell;
                    }
                }
                row
            })
            .collect();
        Table::build(name, columns.iter().map(|c| c.to_string()).collect(), Rows::Cells(rows), places)
    }

    /// # Errors
    /// No row, or two columns of the same name (columns without a name are not used, and may
    /// repeat).
    fn build(name: &str, columns: Vec<String>, rows: Rows, places: Vec<String>) -> Result<Table> {
        let mut index = BTreeMap::new();
        for (i, column) in columns.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
            if let Some(first) = index.insert(column.clone(), i) {
                let (table, column) = (name.to_string(), column.clone());
                return Err(ErrorKind::DuplicateColumn { table, column, first: first + 1, second: i + 1 }.into());
            }
        }
        if rows.len() == 0 {
            return Err(ErrorKind::EmptyTable { table: name.to_string() }.into());
        }
        Ok(Table { name: name.to_string(), columns, index, rows, places })
    }

    /// The same table with its columns renamed: `code` gives the name a heading stands for
    /// (the code of an indicator given by its name, say), or nothing to keep the heading.
    ///
    /// # Errors
    /// Two headings that stand for the same name (a code and its name), with both positions.
    pub fn renamed(self, code: impl Fn(&str) -> Option<String>) -> Result<Table> {
        let columns = self.columns.iter().map(|c| code(c).unwrap_or_else(|| c.clone())).collect();
        Table::build(&self.name, columns, self.rows, self.places)
    }

    /// The table's name in messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The column names.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when there is no row (never, for a table that was built).
    pub fn is_empty(&self) -> bool {
        self.rows.len() == 0
    }

    /// Position of a column.
    pub fn column_index(&self, column: &str) -> Option<usize> {
        self.index.get(column).copied()
    }

    /// The cell at row `row` of column number `col`.
    pub fn cell(&self, row: usize, col: usize) -> Cow<'_, Cell> {
        match &self.rows {
            Rows::Cells(rows) => Cow::Borrowed(&rows[row][col]),
            Rows::Csv(_) => Cow::Owned(self.cell_ref(row, col).to_cell()),
        }
    }

    /// The cell at row `row` of column number `col`, without a copy of its text.
    fn cell_ref(&self, row: usize, col: usize) -> CellRef<'_> {
        match &self.rows {
            Rows::Cells(rows) => match &rows[row][col] {
                Cell::Empty => CellRef::Empty,
                Cell::Number(x) => CellRef::Number(*x),
                Cell::Text(t) => CellRef::Text(t),
            },
            Rows::Csv(records) => csv_cell(&records[row][col]),
        }
    }

    /// The code in a cell of a code column (uCode, iCode), `None` when empty.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidValue`] for a number (NaN, -0 and 0, 1 and 1.0 would become codes
    /// that collide or mislead) and for text holding U+FFFD, the mark of a character that could
    /// not be read (half of a surrogate pair, or a byte of another encoding), which would make
    /// distinct codes collide.
    pub fn code(&self, row: usize, col: usize) -> Result<Option<String>> {
        let invalid = |text: String, expected: &str| -> Error {
            ErrorKind::InvalidValue {
                table: self.name.clone(),
                row: self.places[row].clone(),
                column: self.columns[col].clone(),
                text,
                expected: expected.into(),
            }
            .into()
        };
        match self.cell_ref(row, col) {
            CellRef::Number(x) => Err(invalid(number_text(x), "a code is text: give \"150100\", not the number 150100")),
            CellRef::Empty => Ok(None),
            CellRef::Text(t) if t.contains('\u{FFFD}') => {
                Err(invalid(t.to_string(), "a code must be readable text: it holds a character that could not be read (U+FFFD)"))
            }
            CellRef::Text(t) => Ok(Some(t.to_string()).filter(|t| !t.is_empty())),
        }
    }

    /// Where row `row` came from ("line 5", "row 4").
    pub fn place(&self, row: usize) -> &str {
        &self.places[row]
    }

    /// The rows as row objects. A column whose every cell is a number, except the codes
    /// (uCode, iCode), gives numbers; the others give text.
    pub fn to_records(&self) -> Vec<Record> {
        // every cell read once, row by row (the order the cells lie in memory): a column is
        // numeric when each of its cells is a number or empty
        let width = self.columns.len();
        let mut numeric: Vec<bool> = self.columns.iter().map(|c| !matches!(c.as_str(), "uCode" | "iCode")).collect();
        let mut numbers = Vec::with_capacity(self.rows.len() * width);
        for r in 0..self.rows.len() {
            for (c, numeric) in numeric.iter_mut().enumerate() {
                let number = if *numeric { self.number(r, c).ok() } else { None };
                *numeric &= number.is_some();
                numbers.push(number);
            }
        }
        // one copy of each name, which every row shares
        let keys: Vec<Arc<str>> = self.columns.iter().map(|c| Arc::from(c.as_str())).collect();
        (0..self.rows.len())
            .map(|r| {
                let cells = (0..width).map(|c| match numeric[c].then(|| numbers[r * width + c]).flatten() {
                    Some(Some(x)) => Cell::Number(x),
                    Some(None) => Cell::Empty,
                    None => self.cell_ref(r, c).to_cell(),
                });
                // names are unique (Table::build); columns without one are not used
                Record(keys.iter().cloned().zip(cells).filter(|(column, _)| !column.is_empty()).collect())
            })
            .collect()
    }

    /// The numbers of several columns ([`Table::number`] of each cell), read row by row, which
    /// is the order the cells lie in memory.
    ///
    /// # Errors
    /// As [`Table::number`], for the first cell in that order that is not a number.
    pub fn number_columns(&self, cols: &[usize]) -> Result<Vec<Vec<Option<f64>>>> {
        let mut out: Vec<Vec<Option<f64>>> = cols.iter().map(|_| Vec::with_capacity(self.len())).collect();
        for row in 0..self.len() {
            for (values, &col) in out.iter_mut().zip(cols) {
                values.push(self.number(row, col)?);
            }
        }
        Ok(out)
    }

    /// Reads the cell as an optional finite number: empty and `NA` are missing.
    ///
    /// # Errors
    /// [`ErrorKind::NotANumber`] for text, [`ErrorKind::NotFinite`] for NaN and infinities.
    pub fn number(&self, row: usize, col: usize) -> Result<Option<f64>> {
        let fail_finite = |text: String| ErrorKind::NotFinite {
            table: self.name.clone(),
            row: self.places[row].clone(),
            column: self.columns[col].clone(),
            text,
        };
        match self.cell_ref(row, col) {
            CellRef::Empty => Ok(None),
            CellRef::Number(x) if x.is_finite() => Ok(Some(x)),
            CellRef::Number(x) => Err(fail_finite(number_text(x)).into()),
            CellRef::Text(s) => {
                let t = s.trim();
                if t.is_empty() || t == "NA" {
                    return Ok(None);
                }
                match read_figure(t) {
                    Some(x) if x.is_finite() => Ok(Some(x)),
                    Some(_) => Err(fail_finite(t.to_string()).into()),
                    None => Err(ErrorKind::NotANumber {
                        table: self.name.clone(),
                        row: self.places[row].clone(),
                        column: self.columns[col].clone(),
                        text: t.to_string(),
                    }
                    .into()),
                }
            }
        }
    }
}

/// What [`Table::from_csv`] appends to the text: a line break (which ends the text's last
/// line, or makes an empty line), then a record of two empty fields, one byte after the text.
const SENTINEL: &str = "\n,\n";

/// The line and byte a record's text starts at.
///
/// The csv crate places a record where the one before it ended: before the line break that
/// ended it, when that is CRLF, and before the empty lines it skips.
fn start_of(input: &str, record: &csv::StringRecord) -> (u64, usize) {
    let (line, byte) = record.position().map_or((1, 0), |p| (p.line(), p.byte() as usize));
    let breaks = input.as_bytes().get(byte..).unwrap_or_default().iter().take_while(|&&b| b == b'\r' || b == b'\n');
    let (lf, skipped) = breaks.fold((0, 0), |(lf, n), &b| (lf + u64::from(b == b'\n'), n + 1));
    (line + lf, byte + skipped)
}

/// What a spreadsheet takes for the start of a formula (OWASP's CSV injection rule).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Text as a CSV cell that Excel and WPS show as text: one that would start a formula (a unit
/// named `=HYPERLINK(...)`) gets a leading `'`, which the spreadsheet hides and
/// [`Table::from_csv`] removes. Numbers (`-5`) are left as they are.
fn neutralised(text: String) -> String {
    let formula = text.starts_with(FORMULA_START) && !text.parse::<f64>().is_ok_and(f64::is_finite);
    if formula { format!("'{text}") } else { text }
}

/// A CSV cell as written by [`neutralised`]: without the `'` before a formula's start.
fn restored(field: &str) -> &str {
    match field.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => field,
    }
}

/// Makes rows that hold the same field names in the same places share one copy of each (see
/// [`Record`]), as the rows of [`Table::to_records`] do: rows read one by one, from a project
/// file, say, each hold their own.
pub fn share_names(rows: &mut [Record]) {
    let mut names: Vec<Arc<str>> = Vec::new();
    for row in rows {
        for (j, (key, _)) in row.0.iter_mut().enumerate() {
            match names.get(j) {
                Some(name) if name == key => *key = name.clone(),
                Some(_) => {}
                None => names.push(key.clone()),
            }
        }
    }
}

/// Writes rows as CSV (RFC 4180: fields with a comma, a double quote or a line break are
/// quoted), with the union of their keys as the header. Cells that a spreadsheet would run as
/// a formula are written as text (see [`neutralised`]).
pub fn to_csv(records: &[Record]) -> String {
    let columns: IndexSet<&str> = records.iter().flat_map(|r| r.keys()).collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    let cell = |r: &Record, c: &str| neutralised(r.get(c).map(Cell::text).unwrap_or_default());
    let written = writer
        .write_record(columns.iter().map(|c| neutralised(c.to_string())))
        .and_then(|()| records.iter().try_for_each(|r| writer.write_record(columns.iter().map(|c| cell(r, c)))));
    // Writing to memory has no I/O to fail, and every row has the header's length.
    debug_assert!(written.is_ok(), "{written:?}");
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_read_one_by_one_come_to_share_their_names() {
        let mut rows: Vec<Record> = serde_json::from_str(r#"[{"uCode":"A","x":1},{"uCode":"B","x":2},{"x":3,"uCode":"C"}]"#).unwrap();
        let shared = |a: &Record, b: &Record, j: usize| Arc::ptr_eq(&a.0[j].0, &b.0[j].0);
        assert!(!shared(&rows[0], &rows[1], 0), "each row read holds its own names");
        share_names(&mut rows);
        assert!(shared(&rows[0], &rows[1], 0) && shared(&rows[0], &rows[1], 1));
        // a row with its fields in another order keeps its own, and its cells
        assert!(!shared(&rows[0], &rows[2], 0));
        assert_eq!(rows[2].get("uCode"), Some(&Cell::Text("C".into())));
        assert_eq!(rows[1].get("x"), Some(&Cell::Number(2.0)));
    }

    #[test]
    fn figures_are_read_as_analysts_type_them() {
        let cases: [(&str, Option<f64>); 14] = [
            ("1234", Some(1234.0)),
            (" 1,234 ", Some(1234.0)),
            ("1,234,567.25", Some(1_234_567.25)),
            ("-12,000", Some(-12_000.0)),
            ("１２３４．５", Some(1234.5)),
            ("\u{3000}８９\u{3000}", Some(89.0)),
            ("12.5%", Some(12.5)),
            ("１２．５％", Some(12.5)),
            ("1e3", Some(1000.0)),
            // a comma that does not group thousands is not read: 1.5 or 15?
            ("1,5", None),
            ("12,34", None),
            ("1,2345", None),
            (",123", None),
            ("12abc", None),
        ];
        for (text, want) in cases {
            assert_eq!(read_figure(text), want, "{text:?}");
        }
    }

    #[test]
    fn cells_a_spreadsheet_would_run_are_written_as_text_and_read_back_unchanged() {
        let mut r = Record::default();
        r.insert("uCode", Cell::Text("A".into()));
        r.insert("uName", Cell::Text("=HYPERLINK(\"http://x\",\"y\")".into()));
        r.insert("note", Cell::Text("@SUM(A1)".into()));
        r.insert("x", Cell::Number(-5.0));
        r.insert("y", Cell::Text("+3".into()));
        let text = to_csv(std::slice::from_ref(&r));
        assert_eq!(text, "uCode,uName,note,x,y\nA,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'@SUM(A1),-5,+3\n");
        let back = Table::from_csv("iData", &text).unwrap();
        assert_eq!(*back.cell(0, 1), Cell::Text("=HYPERLINK(\"http://x\",\"y\")".into()));
        assert_eq!(*back.cell(0, 2), Cell::Text("@SUM(A1)".into()));
        assert_eq!(back.number(0, 3).unwrap(), Some(-5.0));
        // a quote before anything else is data
        assert_eq!(Table::from_csv("iData", "uCode,n\nA,'tis\n").unwrap().cell(0, 1).into_owned(), Cell::Text("'tis".into()));
    }

    #[test]
    fn csv_cells_are_trimmed_and_blank_lines_skipped() {
        let t = Table::from_csv("iData", "\u{feff}uCode, x \n A , 1.5\n\nB,\n").unwrap();
        assert_eq!(t.columns(), ["uCode", "x"]);
        assert_eq!(t.len(), 2);
        assert_eq!(t.number(0, 1).unwrap(), Some(1.5));
        assert_eq!(t.number(1, 1).unwrap(), None);
        assert_eq!(t.place(1), "line 4");
    }

    #[test]
    fn a_row_with_too_many_fields_names_its_line() {
        let e = Table::from_csv("iData", "uCode,x\nA,1\nB,2,3\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "iData: line 3: malformed CSV: found 3 fields where the header has 2 (check quotes and the number of columns)"
        );
    }

    #[test]
    fn text_nan_and_infinity_are_refused_with_their_place() {
        let t = Table::from_csv("iData", "uCode,x\nA,abc\nB,NaN\nC,-inf\nD,NA\n").unwrap();
        assert_eq!(
            t.number(0, 1).unwrap_err().to_string(),
            "iData: line 2, column 'x': 'abc' is not a number (use digits and a decimal point, or leave the cell empty if the value is missing)"
        );
        assert!(matches!(t.number(1, 1).unwrap_err().kind(), ErrorKind::NotFinite { .. }));
        assert!(matches!(t.number(2, 1).unwrap_err().kind(), ErrorKind::NotFinite { .. }));
        assert_eq!(t.number(3, 1).unwrap(), None);
    }

    #[test]
    fn records_keep_column_order_and_fill_gaps() {
        let rows: Vec<Record> = serde_json::from_str(r#"[{"uCode":"A","x":1},{"y":"2","uCode":"B"}]"#).unwrap();
        let t = Table::from_records("iData", rows).unwrap();
        assert_eq!(t.columns(), ["uCode", "x", "y"]);
        assert_eq!(t.number(1, 1).unwrap(), None);
        assert_eq!(t.number(1, 2).unwrap(), Some(2.0));
        assert_eq!(t.place(1), "row 2");
    }

    #[test]
    fn records_give_numbers_for_numeric_columns_only() {
        let t = Table::from_csv("iData", "uCode,uName,x\n01,A,1.5\n02,B,\n").unwrap();
        let r = t.to_records();
        assert_eq!(r[0].get("uCode"), Some(&Cell::Text("01".into())));
        assert_eq!(r[0].get("x"), Some(&Cell::Number(1.5)));
        assert_eq!(r[1].get("x"), Some(&Cell::Empty));
        assert_eq!(r[1].get("uName"), Some(&Cell::Text("B".into())));
    }

    #[test]
    fn quoted_fields_commas_quotes_and_line_breaks() {
        let t = Table::from_csv("iMeta", "a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\r\n3,4").unwrap();
        assert_eq!(*t.cell(0, 0), Cell::Text("x, \"y\"".into()));
        assert_eq!(*t.cell(0, 1), Cell::Text("two\nlines".into()));
        assert_eq!(t.place(1), "line 4");
        let e = Table::from_csv("iData", "a,b\n1,\"open\n2,3\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "iData: line 2: malformed CSV: a quoted field is not closed (check quotes and the number of columns)"
        );
    }

    #[test]
    fn lines_are_counted_as_an_editor_shows_them() {
        // CRLF, and blank or blank-looking lines before and between the rows
        let t = Table::from_csv("iData", "\r\n  \r\nuCode,x\r\n\r\nA,\u{3000}1\u{3000}\r\n \r\nB,2").unwrap();
        assert_eq!(t.columns(), ["uCode", "x"]);
        assert_eq!((t.place(0), t.place(1)), ("line 5", "line 7"));
        // trimmed of any blank, the ideographic space too
        assert_eq!(*t.cell(0, 1), Cell::Text("1".into()));
        // a quote left open is reported on the line where it opens
        let e = Table::from_csv("iData", "a,b\n\"x\ny\",\"open\n1,2\n").unwrap_err();
        assert!(e.to_string().starts_with("iData: line 3: malformed CSV: a quoted field is not closed"), "{e}");
    }

    #[test]
    fn written_csv_reads_back() {
        let t = Table::from_csv("iData", "uCode,uName\nA,\"Hohhot, \"\"HHHT\"\"\"\nB,包头\n").unwrap();
        let again = Table::from_csv("iData", &to_csv(&t.to_records())).unwrap();
        assert_eq!(again.to_records(), t.to_records());
    }

    #[test]
    fn a_field_is_found_at_its_place_or_wherever_it_is() {
        let mut rec = Record::default();
        rec.insert("uCode", Cell::Text("A".into()));
        rec.insert("x", Cell::Number(1.0));
        assert_eq!(rec.position("x"), Some(1));
        assert_eq!(rec.get_near("x", 1), Some(&Cell::Number(1.0)));
        // a row whose fields are in another order, or a place beyond its fields
        assert_eq!(rec.get_near("uCode", 1), Some(&Cell::Text("A".into())));
        assert_eq!(rec.get_near("x", 7), Some(&Cell::Number(1.0)));
        assert_eq!(rec.get_near("y", 0), None);
    }

    #[test]
    fn an_empty_table_is_an_error() {
        assert!(matches!(
            Table::from_csv("iMeta", "iCode,Type\n").unwrap_err().kind(),
            ErrorKind::EmptyTable { .. }
        ));
        assert!(Table::from_records("iData", vec![]).is_err());
    }
}
