//! Workbooks as analysts keep their figures in them. Excel and WPS save .xlsx (and, from older
//! versions, .xls); LibreOffice .ods. [`read_sheet`] reads one sheet of any of them, with
//! calamine, as the CSV text that every importer of the crate already reads ([`Table::from_csv`]),
//! so that a workbook's figures are checked as a CSV file's are. [`write_workbook`] writes data
//! and results as an .xlsx, with rust_xlsxwriter, for analysts who work on them in a spreadsheet.
//!
//! [`Table::from_csv`]: crate::Table::from_csv

use std::io::Cursor;

use calamine::{Data, ExcelDateTime, Reader, SheetType, SheetVisible, StyleRange};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, Result};
use crate::table::number_text;

/// One sheet of a workbook, as CSV text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// The names of the workbook's worksheets, in the workbook's order (chart sheets left out).
    pub sheets: Vec<String>,
    /// The sheet's cells as CSV text (RFC 4180, LF line ends), one line a row, every line with
    /// as many fields as the widest row.
    pub text: String,
    /// The sheet's row (from 1) of the text's first line: line `n` of the text is row
    /// `first_row + n - 1` of the sheet, which is what an analyst looks for.
    #[serde(rename = "firstRow")]
    pub first_row: u32,
}

/// Reads a sheet of a workbook's bytes as CSV text: the sheet named `sheet`, else the first
/// sheet Excel shows (the first worksheet that is not hidden).
///
/// The text starts at the sheet's first row and column with a value and ends at its last.
/// Cells are written as the spreadsheet holds them: text as it is; numbers in the shortest form
/// that reads back the same (2023, not 2023.0; 1.29); TRUE and FALSE; dates as ISO 8601
/// (2024-03-31, 2024-03-31T08:30:00 with a time); an error cell as its code (#DIV/0!, #N/A),
/// which an importer then refuses as not a number; an empty cell as an empty field. A formula
/// is read as the value the spreadsheet last computed for it.
///
/// # Errors
/// [`ErrorKind::NotAWorkbook`] for bytes that are not an .xlsx, .xlsm, .xlsb, .xls or .ods
/// calamine can read (a CSV file, a damaged workbook, one protected by a password);
/// [`ErrorKind::NoSuchSheet`] when no worksheet is named `sheet`, with the names there are;
/// [`ErrorKind::EmptySheet`] when the sheet has no cell with a value.
///
/// # Example
/// ```
/// use innoscore::workbook::{read_sheet, write_workbook, SheetOut, Value};
///
/// let rows = vec![
///     vec![Value::Text("uCode".into()), Value::Text("RD".into())],
///     vec![Value::Text("150100".into()), Value::Number(1.29)],
/// ];
/// let bytes = write_workbook(&[SheetOut { name: "数据".into(), rows }]).unwrap();
/// let sheet = read_sheet(&bytes, None).unwrap();
/// assert_eq!((sheet.name.as_str(), sheet.text.as_str()), ("数据", "uCode,RD\n150100,1.29\n"));
/// ```
pub fn read_sheet(bytes: &[u8], sheet: Option<&str>) -> Result<Sheet> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| ErrorKind::NotAWorkbook)?;
    let worksheets: Vec<&calamine::Sheet> = book.sheets_metadata().iter().filter(|s| s.typ == SheetType::WorkSheet).collect();
    let sheets: Vec<String> = worksheets.iter().map(|s| s.name.clone()).collect();
    let name = match sheet {
        Some(wanted) if sheets.iter().any(|s| s == wanted) => wanted.to_string(),
        Some(wanted) => return Err(ErrorKind::NoSuchSheet { sheet: wanted.to_string(), sheets }.into()),
        // the first tab Excel shows; a workbook that shows none (which Excel does not save) by its first
        None => match worksheets.iter().find(|s| s.visible == SheetVisible::Visible).or(worksheets.first()) {
            Some(first) => first.name.clone(),
            // chart sheets only: nothing holds cells
            None => {
                let sheet = book.sheet_names().into_iter().next().ok_or(ErrorKind::NotAWorkbook)?;
                return Err(ErrorKind::EmptySheet { sheet }.into());
            }
        },
    };
    // a sheet that cannot be read is a damaged workbook
    let range = book.worksheet_range(&name).map_err(|_| ErrorKind::NotAWorkbook)?;
    // A cell formatted as a percentage holds the fraction: 0.125 for the 12.5% it shows. Its
    // text is what it shows, as in the CSV that Excel saves, which an importer reads as 12.5 in
    // a column in % and refuses in another. (calamine reads the formats of .xlsx only.)
    let styles = book.worksheet_style(&name).unwrap_or_else(|_| StyleRange::empty());
    let (top, left) = range.start().unwrap_or_default();
    let percent = |r: usize, c: usize| {
        let format = styles.get((top + r as u32, left + c as u32)).and_then(|s| s.number_format.as_ref());
        format.is_some_and(|f| is_percent(&f.format_code))
    };
    let cells: Vec<Vec<String>> = range
        .rows()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(c, cell)| match cell {
                    Data::Float(x) if percent(r, c) => percent_text(*x),
                    Data::Int(i) if percent(r, c) => percent_text(*i as f64),
                    _ => cell_text(cell),
                })
                .collect()
        })
        .collect();
    // the rows and columns from the first cell with a value to the last (calamine's range may
    // hold empty strings), every row as wide as the widest
    let filled = |row: &Vec<String>| row.iter().any(|c| !c.is_empty());
    let (Some(first), Some(last)) = (cells.iter().position(filled), cells.iter().rposition(filled)) else {
        return Err(ErrorKind::EmptySheet { sheet: name }.into());
    };
    let rows = &cells[first..=last];
    let width = rows.iter().filter_map(|row| row.iter().rposition(|c| !c.is_empty())).max().map_or(0, |end| end + 1);
    let mut writer = csv::Writer::from_writer(Vec::new());
    let written = rows.iter().try_for_each(|row| writer.write_record((0..width).map(|i| row.get(i).map_or("", String::as_str))));
    // Writing to memory has no I/O to fail, every record has the same length, and the fields
    // are Rust strings, so the text is UTF-8.
    debug_assert!(written.is_ok(), "{written:?}");
    let text = String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default();
    Ok(Sheet { name, sheets, text, first_row: top + first as u32 + 1 })
}

/// Whether a number format (`0.0%`, `#,##0.00`) shows a percentage: a `%` outside quoted text
/// and not escaped.
fn is_percent(code: &str) -> bool {
    let mut quoted = false;
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if !quoted => {
                chars.next();
            }
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// A fraction as the percentage it is, in the shortest form that reads back the same: 0.125 is
/// 12.5%, 0.0129 is 1.29% (the decimal point moved in the text, as 0.0129 * 100 is
/// 1.2899999999999998).
fn percent_text(x: f64) -> String {
    if !x.is_finite() {
        return number_text(x);
    }
    let mut buffer = ryu::Buffer::new();
    let shortest = buffer.format_finite(x.abs());
    let (mantissa, exponent) = match shortest.split_once('e') {
        Some((m, e)) => (m, e.parse::<i64>().unwrap_or_default()),
        None => (shortest, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{whole}{fraction}");
    // where the decimal point falls among the digits, two places on
    let point = whole.len() as i64 + exponent + 2;
    let text = if point <= 0 {
        format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
    } else if point as usize >= digits.len() {
        format!("{digits}{}", "0".repeat(point as usize - digits.len()))
    } else {
        format!("{}.{}", &digits[..point as usize], &digits[point as usize..])
    };
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { text.as_str() };
    let text = text.trim_start_matches('0');
    let text = if text.is_empty() || text.starts_with('.') { format!("0{text}") } else { text.to_string() };
    let sign = if x < 0.0 && text != "0" { "-" } else { "" };
    format!("{sign}{text}%")
}

/// A cell as text, as [`read_sheet`] writes it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(x) => number_text(*x),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::Error(e) => e.to_string(),
        Data::DateTime(d) => date_text(d),
    }
}

/// A date, time or date and time as ISO 8601: 2024-03-31, 08:30:00, 2024-03-31T08:30:00 (with
/// milliseconds when there are any); a duration (a cell formatted `[h]:mm:ss`) as hours,
/// minutes and seconds, 36:00:00.
fn date_text(d: &ExcelDateTime) -> String {
    let millis = |ms: u64| if ms > 0 { format!(".{ms:03}") } else { String::new() };
    if d.is_duration() {
        let total = (d.as_f64().abs() * 86_400_000.0).round() as u64;
        let sign = if d.as_f64() < 0.0 { "-" } else { "" };
        let (h, m, s, ms) = (total / 3_600_000, total / 60_000 % 60, total / 1000 % 60, total % 1000);
        return format!("{sign}{h}:{m:02}:{s:02}{}", millis(ms));
    }
    let (year, month, day, h, m, s, ms) = d.to_ymd_hms_milli();
    let date = format!("{year:04}-{month:02}-{day:02}");
    let time = format!("{h:02}:{m:02}:{s:02}{}", millis(u64::from(ms)));
    match (d.as_f64() < 1.0, (h, m, s, ms) == (0, 0, 0, 0)) {
        // a time of day alone is stored as a fraction of day 0
        (true, _) => time,
        (false, true) => date,
        (false, false) => format!("{date}T{time}"),
    }
}

/// A sheet to write: its name and its rows, the first of them the header.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SheetOut {
    /// The sheet's name; one Excel refuses is made valid (see [`write_workbook`]). Scripts may
    /// give a number (a year), which is its text, or null, which is no name.
    #[serde(deserialize_with = "name_text")]
    pub name: String,
    /// The rows, the header first; rows may be of different lengths.
    pub rows: Vec<Vec<Value>>,
}

/// A cell to write. Scripts give a string, a number or `null` (`undefined` too).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text, written as text: one that starts with `=` is not run as a formula.
    Text(String),
    /// A number; NaN and the infinities, which a workbook cannot hold as numbers, are written as
    /// text as JavaScript spells them.
    Number(f64),
    /// Nothing: the cell is left empty.
    Empty,
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Value, D::Error> {
        struct Cell;
        impl<'de> Visitor<'de> for Cell {
            type Value = Value;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string, a number or null")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> std::result::Result<Value, E> {
                Ok(Value::Text(s.to_string()))
            }
            fn visit_string<E: de::Error>(self, s: String) -> std::result::Result<Value, E> {
                Ok(Value::Text(s))
            }
            fn visit_f64<E: de::Error>(self, x: f64) -> std::result::Result<Value, E> {
                Ok(Value::Number(x))
            }
            fn visit_i64<E: de::Error>(self, x: i64) -> std::result::Result<Value, E> {
                Ok(Value::Number(x as f64))
            }
            fn visit_u64<E: de::Error>(self, x: u64) -> std::result::Result<Value, E> {
                Ok(Value::Number(x as f64))
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<Value, E> {
                Ok(Value::Empty)
            }
            fn visit_none<E: de::Error>(self) -> std::result::Result<Value, E> {
                Ok(Value::Empty)
            }
        }
        deserializer.deserialize_any(Cell)
    }
}

/// A sheet's name as scripts give it: a string, a number (2023) or null.
fn name_text<'de, D: Deserializer<'de>>(deserializer: D) -> std::result::Result<String, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Text(s) => s,
        Value::Number(x) => number_text(x),
        Value::Empty => String::new(),
    })
}

/// The most rows, columns and characters in a cell that a sheet holds (Excel's specifications
/// and limits).
const MAX_ROWS: usize = 1_048_576;
const MAX_COLUMNS: usize = 16_384;
const MAX_TEXT: usize = 32_767;

/// Writes sheets as an .xlsx workbook, in the order given. In each sheet the first row, the
/// header, is bold and stays in view as the sheet scrolls, and each column is as wide as its
/// widest cell (Chinese characters counted twice as wide as digits).
///
/// A name Excel refuses is made valid rather than refused: `[ ] : * ? / \` become `_`, an
/// apostrophe is taken from either end, a name is cut to Excel's 31 characters, an empty one
/// becomes `Sheet1`, `Sheet2`, ... by position, and a name already taken (ignoring case, and
/// `History`, which Excel keeps for itself) gets ` (2)`, ` (3)`, .... With no sheets, the
/// workbook has one empty sheet, as Excel makes.
///
/// # Errors
/// [`ErrorKind::WorkbookWrite`] for a sheet beyond what Excel holds: more than 1,048,576 rows
/// or 16,384 columns, or a text of more than 32,767 characters.
///
/// # Example
/// ```
/// use innoscore::workbook::{write_workbook, SheetOut, Value};
///
/// let rows = vec![vec![Value::Text("uCode".into())], vec![Value::Text("150100".into())]];
/// let bytes = write_workbook(&[SheetOut { name: "iData: 2023".into(), rows }]).unwrap();
/// assert!(bytes.starts_with(b"PK")); // a zip archive, as every .xlsx is
/// ```
pub fn write_workbook(sheets: &[SheetOut]) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let mut taken = Vec::new();
    for (i, sheet) in sheets.iter().enumerate() {
        let fail = |reason: String| ErrorKind::WorkbookWrite { sheet: sheet.name.clone(), reason };
        let xlsx = |e: XlsxError| fail(e.to_string());
        if sheet.rows.len() > MAX_ROWS {
            return Err(fail(format!("{} rows are more than a sheet holds ({MAX_ROWS}): split them over several sheets", sheet.rows.len())).into());
        }
        let name = sheet_name(&sheet.name, i + 1, &taken);
        let out = book.add_worksheet();
        out.set_name(name.as_str()).map_err(xlsx)?;
        taken.push(name);
        // the width of the columns that hold wide characters, in widths of a digit
        let mut wide: Vec<Option<usize>> = Vec::new();
        for (r, row) in sheet.rows.iter().enumerate() {
            if row.len() > MAX_COLUMNS {
                return Err(fail(format!("row {} has {} cells, more than a sheet holds ({MAX_COLUMNS})", r + 1, row.len())).into());
            }
            let format = (r == 0).then_some(&bold);
            for (c, value) in row.iter().enumerate() {
                // within Excel's limits, checked above
                let (row_num, col_num) = (r as u32, c as u16);
                let text = match value {
                    Value::Empty => continue,
                    Value::Number(x) if x.is_finite() => {
                        match format {
                            Some(format) => out.write_number_with_format(row_num, col_num, *x, format),
                            None => out.write_number(row_num, col_num, *x),
                        }
                        .map_err(xlsx)?;
                        continue;
                    }
                    Value::Number(x) => number_text(*x),
                    Value::Text(s) if s.is_empty() => continue,
                    Value::Text(s) => s.clone(),
                };
                let length = text.encode_utf16().count();
                if length > MAX_TEXT {
                    return Err(fail(format!("cell {}: a text of {length} characters is longer than a cell holds ({MAX_TEXT})", cell_name(r, c))).into());
                }
                if let Some(width) = display_width(&text) {
                    wide.resize(wide.len().max(c + 1), None);
                    wide[c] = wide[c].max(Some(width));
                }
                match format {
                    Some(format) => out.write_string_with_format(row_num, col_num, text, format),
                    None => out.write_string(row_num, col_num, text),
                }
                .map_err(xlsx)?;
            }
        }
        out.set_freeze_panes(1, 0).map_err(xlsx)?;
        out.autofit();
        // rust_xlsxwriter fits a Chinese character as one Latin letter; these columns by their
        // characters, each wide one as two digits, with a digit's margin (at most Excel's 255)
        for (c, width) in wide.iter().enumerate() {
            if let Some(width) = width {
                out.set_column_width(c as u16, (*width + 1).min(255) as f64).map_err(xlsx)?;
            }
        }
    }
    book.save_to_buffer().map_err(|e| ErrorKind::WorkbookWrite { sheet: String::new(), reason: e.to_string() }.into())
}

/// A valid sheet name for `wanted`, the `position`th sheet (from 1), not among `taken`.
fn sheet_name(wanted: &str, position: usize, taken: &[String]) -> String {
    let cleaned: String = wanted.chars().map(|c| if "[]:*?/\\".contains(c) || c.is_control() { '_' } else { c }).collect();
    let cleaned = cleaned.trim_matches('\'');
    let base = if cleaned.is_empty() { format!("Sheet{position}") } else { cleaned.to_string() };
    let used = |name: &str| name.eq_ignore_ascii_case("History") || taken.iter().any(|t| t.to_lowercase() == name.to_lowercase());
    let mut name = cut(&base, 31);
    let mut n = 2;
    while used(&name) {
        let suffix = format!(" ({n})");
        name = format!("{}{suffix}", cut(&base, 31 - suffix.len()));
        n += 1;
    }
    name
}

/// The longest start of `s` of at most `units` UTF-16 code units (what Excel counts), which
/// does not end in an apostrophe.
fn cut(s: &str, units: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        used += c.len_utf16();
        if used > units {
            break;
        }
        out.push(c);
    }
    out.trim_end_matches('\'').to_string()
}

/// The width of a text that holds wide characters (Chinese, Japanese, Korean, full-width
/// forms), in widths of a digit: each wide one two, others one; `None` for text without any,
/// which rust_xlsxwriter's autofit measures well.
fn display_width(text: &str) -> Option<usize> {
    let wide = |c: char| matches!(c, '\u{1100}'..='\u{115F}' | '\u{2E80}'..='\u{A4CF}' | '\u{AC00}'..='\u{D7A3}' | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FF60}' | '\u{FFE0}'..='\u{FFE6}' | '\u{20000}'..='\u{3FFFD}');
    if !text.chars().any(wide) {
        return None;
    }
    text.lines().map(|line| line.chars().map(|c| if wide(c) { 2 } else { 1 }).sum()).max()
}

/// A cell's name as a spreadsheet gives it: row 0, column 27 is AB1.
fn cell_name(row: usize, column: usize) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A workbook written by openpyxl from tests/fixtures/workbook/make.py.
    fn fixture(name: &str) -> Vec<u8> {
        let path = format!("{}/tests/fixtures/workbook/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn text(s: &str) -> Value {
        Value::Text(s.to_string())
    }

    fn strings(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_first_sheet_is_read_when_none_is_named() {
        let sheet = read_sheet(&fixture("data.xlsx"), None).unwrap();
        assert_eq!(sheet.name, "说明");
        assert_eq!(sheet.sheets, strings(&["说明", "数据"]));
        // openpyxl stored the date 2024-03-31 as the serial number 45382 with a date format
        assert_eq!(sheet.text, "区域创新指标（示例数据）,\n更新日期,2024-03-31\n已核对,TRUE\n");
        assert_eq!(sheet.first_row, 1);
    }

    #[test]
    fn a_named_sheet_is_read_as_csv_text() {
        let sheet = read_sheet(&fixture("data.xlsx"), Some("数据")).unwrap();
        assert_eq!(sheet.name, "数据");
        assert_eq!(
            sheet.text,
            "uCode,uName,Time,RD,GDP\n\
             150100,呼和浩特市,2023,1.29,3802.97\n\
             150200,包头市,2023,,4180.2\n\
             150300,乌海市,2023,#DIV/0!,706.9\n"
        );
        // and the crate's importer reads it, the error cell as not a number
        let table = crate::Table::from_csv("iData", &sheet.text).unwrap();
        assert_eq!(table.len(), 3);
    }

    #[test]
    fn a_percentage_is_read_as_the_sheet_shows_it_not_as_its_fraction() {
        let sheet = read_sheet(&fixture("percent.xlsx"), None).unwrap();
        // as Excel saves the sheet as CSV: 12.5% where the cell holds 0.125
        assert_eq!(
            sheet.text,
            "format,RD_GDP\n0.0%,12.5%\n0.00%,1.29%\n0%,100%\nGeneral,0.125\n\"0.000\"\" %\"\"\",0.125\n0.0%,-0.5%\n"
        );
        let cases = [(0.0, "0%"), (1e-7, "0.00001%"), (0.07, "7%"), (123.456, "12345.6%"), (1.5e20, "15000000000000000000000%")];
        for (x, want) in cases {
            assert_eq!(percent_text(x), want);
        }
        assert!(is_percent("0.0%") && is_percent("[Red]-0%;0%") && !is_percent("0.00\\%") && !is_percent("#,##0.00"));
    }

    #[test]
    fn the_first_sheet_shown_is_read_not_a_hidden_one() {
        let sheet = read_sheet(&fixture("hidden.xlsx"), None).unwrap();
        assert_eq!((sheet.name.as_str(), sheet.text.as_str()), ("数据", "uCode,x\nA,1\n"));
        assert_eq!(sheet.sheets, strings(&["底表", "数据"]));
        // a hidden sheet is read when it is named
        assert_eq!(read_sheet(&fixture("hidden.xlsx"), Some("底表")).unwrap().text, "对照表\n");
    }

    #[test]
    fn an_unknown_sheet_is_refused_with_the_sheets_there_are() {
        let e = read_sheet(&fixture("data.xlsx"), Some("Sheet1")).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::NoSuchSheet { sheet: "Sheet1".into(), sheets: strings(&["说明", "数据"]) });
        assert_eq!(e.to_string(), "the workbook has no sheet named 'Sheet1' (its sheets: 说明, 数据)");
    }

    #[test]
    fn bytes_that_are_not_a_workbook_are_refused() {
        // xorshift64 from a fixed seed
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let random: Vec<u8> = (0..4096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        let book = fixture("data.xlsx");
        let cut = &book[..book.len() / 2];
        let csv = "uCode,uName,RD\n150100,呼和浩特市,1.29\n".as_bytes();
        for bytes in [random.as_slice(), csv, b"", b"PK\x03\x04", cut] {
            let e = read_sheet(bytes, None).unwrap_err();
            assert_eq!(e.kind(), &ErrorKind::NotAWorkbook);
        }
        assert_eq!(
            ErrorKind::NotAWorkbook.to_string(),
            "the file is not a workbook that can be read (.xlsx, .xls or .ods), or it is damaged or protected by a password: open it in Excel or WPS and save it as .xlsx without a password"
        );
    }

    #[test]
    fn a_sheet_without_values_is_refused() {
        let empty = |rows: Vec<Vec<Value>>| SheetOut { name: "空".into(), rows };
        for rows in [vec![], vec![vec![Value::Empty, text("")]]] {
            let bytes = write_workbook(&[SheetOut { name: "数据".into(), rows: vec![vec![text("x")]] }, empty(rows)]).unwrap();
            let e = read_sheet(&bytes, Some("空")).unwrap_err();
            assert_eq!(e.kind(), &ErrorKind::EmptySheet { sheet: "空".into() });
            assert_eq!(e.to_string(), "sheet '空' is empty (choose the sheet that holds the data)");
        }
    }

    #[test]
    fn a_written_workbook_reads_back_with_calamine() {
        let data = SheetOut {
            name: "数据".into(),
            rows: vec![
                vec![text("uCode"), text("uName"), text("Time"), text("RD")],
                vec![text("150100"), text("呼和浩特市"), Value::Number(2023.0), Value::Number(1.29)],
                vec![text("150200"), text("=1+1"), Value::Number(2023.0), Value::Empty],
                vec![text("150300"), text(""), Value::Number(-0.5), Value::Number(f64::NAN)],
            ],
        };
        let results = SheetOut { name: "结果".into(), rows: vec![vec![text("Index")], vec![Value::Number(1e-7)]] };
        let bytes = write_workbook(&[data, results]).unwrap();
        let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.as_slice())).unwrap();
        assert_eq!(book.sheet_names(), strings(&["数据", "结果"]));
        let range = book.worksheet_range("数据").unwrap();
        let s = |x: &str| Data::String(x.to_string());
        let expected = vec![
            vec![s("uCode"), s("uName"), s("Time"), s("RD")],
            vec![s("150100"), s("呼和浩特市"), Data::Float(2023.0), Data::Float(1.29)],
            // text that starts with "=" stays text, never a formula
            vec![s("150200"), s("=1+1"), Data::Float(2023.0), Data::Empty],
            vec![s("150300"), Data::Empty, Data::Float(-0.5), s("NaN")],
        ];
        assert_eq!(range.rows().map(<[Data]>::to_vec).collect::<Vec<_>>(), expected);
        assert_eq!(book.worksheet_formula("数据").unwrap().used_cells().count(), 0);
        let range = book.worksheet_range("结果").unwrap();
        assert_eq!(range.rows().map(<[Data]>::to_vec).collect::<Vec<_>>(), vec![vec![s("Index")], vec![Data::Float(1e-7)]]);
        // the header is bold, the rest not
        let style = book.worksheet_style("数据").unwrap();
        let bold = |cell: (u32, u32)| style.get(cell).and_then(|s| s.font.as_ref()).is_some_and(|f| f.is_bold());
        assert!((0..4).all(|c| bold((0, c))));
        assert!(!bold((1, 0)) && !bold((1, 2)));
    }

    #[test]
    fn rows_of_any_length_read_back_as_a_rectangle_from_the_first_row_with_a_value() {
        let rows = vec![
            vec![],
            vec![Value::Empty, Value::Empty],
            vec![text("uCode"), text("x"), text("y")],
            vec![text("A")],
            vec![],
            vec![text("B"), Value::Number(2.0), Value::Empty, Value::Empty],
            vec![Value::Empty, text("")],
        ];
        let sheet = read_sheet(&write_workbook(&[SheetOut { name: "数据".into(), rows }]).unwrap(), None).unwrap();
        // a blank row within the data stays, so that line n is row first_row + n - 1
        assert_eq!(sheet.text, "uCode,x,y\nA,,\n,,\nB,2,\n");
        assert_eq!(sheet.first_row, 3);
    }

    #[test]
    fn sheet_names_excel_refuses_are_made_valid() {
        // 39 characters; Excel keeps 31
        let long = "规模以上工业企业研究与试验发展（R&D）经费内部支出占主营业务收入的比重（%）";
        let cut = "规模以上工业企业研究与试验发展（R&D）经费内部支出占主营业务";
        let names = ["iData: 2023/24", long, "", "数据", "数据", "'引号'", "history", "Data", "DATA", "[*?\\]"];
        let sheets: Vec<SheetOut> = names.iter().map(|n| SheetOut { name: n.to_string(), rows: vec![vec![text("x")]] }).collect();
        let bytes = write_workbook(&sheets).unwrap();
        let book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.as_slice())).unwrap();
        let expected = ["iData_ 2023_24", cut, "Sheet3", "数据", "数据 (2)", "引号", "history (2)", "Data", "DATA (2)", "_____"];
        assert_eq!(book.sheet_names(), strings(&expected));
        // a name cut to make room for its number; characters beyond the BMP count twice
        assert_eq!(sheet_name(long, 1, &strings(&[cut])), "规模以上工业企业研究与试验发展（R&D）经费内部支出占 (2)");
        assert_eq!(sheet_name(&"𝑥".repeat(20), 1, &[]), "𝑥".repeat(15));
    }

    #[test]
    fn a_sheet_beyond_what_excel_holds_is_refused() {
        let rows = vec![vec![text("uCode"), text("note")], vec![text("A"), text(&"长".repeat(32_768))]];
        let e = write_workbook(&[SheetOut { name: "数据".into(), rows }]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "workbook: sheet '数据': cell B2: a text of 32768 characters is longer than a cell holds (32767)"
        );
        assert!(matches!(e.kind(), ErrorKind::WorkbookWrite { sheet, .. } if sheet == "数据"));
        let wide = vec![vec![Value::Number(1.0); MAX_COLUMNS + 1]];
        let e = write_workbook(&[SheetOut { name: "宽".into(), rows: wide }]).unwrap_err();
        assert_eq!(e.to_string(), "workbook: sheet '宽': row 1 has 16385 cells, more than a sheet holds (16384)");
    }

    #[test]
    fn scripts_give_cells_as_strings_numbers_or_null() {
        let sheet: SheetOut = serde_json::from_str(r#"{"name": "数据", "rows": [["uCode", "x"], ["A", 1.5, null], ["B", 2]]}"#).unwrap();
        let expected = vec![vec![text("uCode"), text("x")], vec![text("A"), Value::Number(1.5), Value::Empty], vec![text("B"), Value::Number(2.0)]];
        assert_eq!(sheet, SheetOut { name: "数据".into(), rows: expected });
        let e = serde_json::from_str::<SheetOut>(r#"{"name": "数据", "rows": [["A", true]]}"#).unwrap_err();
        assert!(e.to_string().starts_with("invalid type: boolean `true`, expected a string, a number or null"), "{e}");
        // a year for a name is its text; no name, a name by position
        let named = |json: &str| serde_json::from_str::<SheetOut>(json).map(|s| s.name);
        assert_eq!(named(r#"{"name": 2023, "rows": []}"#).unwrap(), "2023");
        assert_eq!(named(r#"{"name": null, "rows": []}"#).unwrap(), "");
        assert!(named(r#"{"name": false, "rows": []}"#).unwrap_err().to_string().starts_with("invalid type: boolean `false`"));
    }

    #[test]
    fn dates_and_times_are_read_as_iso_8601() {
        use calamine::ExcelDateTimeType::{DateTime, TimeDelta};
        // Excel's serial numbers: day 45382 is 2024-03-31 (as openpyxl wrote it in data.xlsx),
        // a day's fraction its time; 1904-based workbooks count from 1904-01-01 (day 0)
        let cases = [
            (45382.0, DateTime, false, "2024-03-31"),
            (45382.5, DateTime, false, "2024-03-31T12:00:00"),
            (45382.25 + 1.5 / 86_400.0, DateTime, false, "2024-03-31T06:00:01.500"),
            (0.75, DateTime, false, "18:00:00"),
            (1.0, DateTime, true, "1904-01-02"),
            (1.5, TimeDelta, false, "36:00:00"),
        ];
        for (serial, kind, is_1904, want) in cases {
            assert_eq!(cell_text(&Data::DateTime(ExcelDateTime::new(serial, kind, is_1904))), want, "{serial}");
        }
    }

    #[test]
    fn cells_are_named_as_a_spreadsheet_names_them() {
        assert_eq!([cell_name(0, 0), cell_name(1, 25), cell_name(9, 26), cell_name(0, 16_383)], ["A1", "Z2", "AA10", "XFD1"]);
    }
}
