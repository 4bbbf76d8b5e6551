//! Workbooks for pages and scripts (wasm32 only, feature `workbook`, built into `pkg/workbook/`):
//! `readWorkbook`, a sheet of an Excel, WPS or LibreOffice workbook as CSV text for the
//! importers, and `writeWorkbook`, data and results out as an .xlsx (src/workbook.rs). It is a
//! module of its own, loaded the first time a page reads or writes a workbook: calamine and
//! rust_xlsxwriter (with zip and an XML reader) are four times what `readText` is, and more than
//! a page's first load, the scripting API or a CSV in GB18030 should carry.

use wasm_bindgen::prelude::*;

use crate::error::ErrorKind;
use crate::workbook::SheetOut;
use super::{bytes_of, thrown_message};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** What `readWorkbook` returns: one sheet of a workbook, as CSV text. */
export interface WorkbookSheet {
  /** The sheet's name. */
  name: string;
  /** The names of the workbook's worksheets, in the workbook's order, to choose another. */
  sheets: string[];
  /**
   * The sheet's cells as CSV text, from its first row and column with a value to its last:
   * numbers as 2023 and 1.29, dates as 2024-03-31, TRUE and FALSE, an error cell as its code
   * (#DIV/0!), an empty cell as an empty field; every line as long as the widest.
   */
  text: string;
  /** The sheet's row (from 1) of the text's first line: line n is row firstRow + n - 1. */
  firstRow: number;
}

/** A sheet for `writeWorkbook`: its name and its rows, the header first. */
export interface SheetOut {
  /**
   * The sheet's name; one Excel refuses (too long, with `[]:*?/\`, taken) is made valid. A
   * number (a year) is its text.
   */
  name: string | number;
  /** The rows, the header first: text, numbers, and null (or undefined) for an empty cell. */
  rows: (string | number | null | undefined)[][];
}
"#;

#[wasm_bindgen]
extern "C" {
    /// The platform's `structuredClone`.
    #[wasm_bindgen(js_name = structuredClone, catch)]
    fn structured_clone(value: &JsValue) -> Result<JsValue, JsValue>;
}

/// An Error with `message`, and for a page to tell the reader in its own language what went
/// wrong, `kind` (`NotAWorkbook`, `NoSuchSheet`, `EmptySheet`) and, for a sheet, `sheet` and
/// `sheets`.
fn read_error(e: &crate::Error) -> JsValue {
    let error = js_sys::Error::new(&format!("readWorkbook: {e}"));
    let (kind, sheet, sheets) = match e.kind() {
        ErrorKind::NotAWorkbook => ("NotAWorkbook", None, None),
        ErrorKind::NoSuchSheet { sheet, sheets } => ("NoSuchSheet", Some(sheet), Some(sheets)),
        ErrorKind::EmptySheet { sheet } => ("EmptySheet", Some(sheet), None),
        _ => ("Other", None, None),
    };
    let set = |key: &str, value: JsValue| js_sys::Reflect::set(&error, &JsValue::from_str(key), &value);
    let _ = set("kind", JsValue::from_str(kind));
    if let Some(sheet) = sheet {
        let _ = set("sheet", JsValue::from_str(sheet));
    }
    if let Some(sheets) = sheets {
        let _ = set("sheets", sheets.iter().map(|s| JsValue::from_str(s)).collect::<js_sys::Array>().into());
    }
    error.into()
}

/// One sheet of a workbook's bytes (a `Uint8Array` or `ArrayBuffer` of an .xlsx, .xls or .ods,
/// as Excel, WPS and LibreOffice save them) as CSV text: the sheet named `sheet`, else the first
/// sheet the workbook shows. Returns `{ name, sheets, text, firstRow }`, the text ready for the
/// importers of CSV; throws when the bytes are not a workbook that can be read, when there is
/// no sheet of that name (saying which there are), or when the sheet is empty: an Error whose
/// `kind` says which (`NotAWorkbook`, `NoSuchSheet`, `EmptySheet`), with `sheet` and `sheets`.
#[wasm_bindgen(js_name = readWorkbook, unchecked_return_type = "WorkbookSheet")]
pub fn read_workbook(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: JsValue,
    // not Option<String>, whose glue takes a number for a string and writes past its memory
    #[wasm_bindgen(unchecked_optional_param_type = "string")] sheet: JsValue,
) -> Result<JsValue, JsValue> {
    let bytes = bytes_of(&bytes, "readWorkbook")?;
    let sheet = match sheet.as_string() {
        Some(name) => Some(name),
        None if sheet.is_undefined() || sheet.is_null() => None,
        None => return Err(JsError::new("readWorkbook: give the sheet's name as a string, such as \"数据\", or no name for the first sheet").into()),
    };
    let read = crate::workbook::read_sheet(&bytes, sheet.as_deref()).map_err(|e| read_error(&e))?;
    serde_wasm_bindgen::to_value(&read).map_err(|_| JsError::new("readWorkbook: cannot hand the sheet to JavaScript").into())
}

/// Refuses a sheet that is not an object, and rows and a row that are not arrays, saying where.
/// (serde-wasm-bindgen would read a string as the sequence of its characters, and then fail
/// with JavaScript's words.)
fn arrays_where_arrays_belong(sheets: &JsValue) -> Result<(), JsError> {
    let fail = |at: String, what: &str| Err(JsError::new(&format!("writeWorkbook: sheets{at}: {what}")));
    for (i, sheet) in js_sys::Array::from(sheets).iter().enumerate() {
        if !sheet.is_object() || js_sys::Array::is_array(&sheet) {
            return fail(format!("[{i}]"), "a sheet is an object such as {name: \"数据\", rows: [[\"uCode\", \"RD\"]]}");
        }
        // a copy of plain data: reading it runs no script
        let rows = js_sys::Reflect::get(&sheet, &JsValue::from_str("rows")).unwrap_or(JsValue::UNDEFINED);
        if rows.is_undefined() {
            continue; // serde says that the field is missing
        }
        if !js_sys::Array::is_array(&rows) {
            return fail(format!("[{i}].rows"), "the rows are an array of rows, such as [[\"uCode\", \"RD\"], [\"150100\", 1.29]]");
        }
        for (r, row) in js_sys::Array::from(&rows).iter().enumerate() {
            if !js_sys::Array::is_array(&row) {
                return fail(format!("[{i}].rows[{r}]"), "a row is an array of cells, such as [\"150100\", 1.29]");
            }
        }
    }
    Ok(())
}

/// Data and results as an .xlsx workbook's bytes, one sheet for each of `sheets` in order:
/// `[{ name, rows }]`, the rows arrays of text, numbers and null, the first the header (bold,
/// and kept in view as the sheet scrolls). A sheet name Excel refuses is made valid. Throws when
/// `sheets` is not such an array (saying where: `sheets[0].rows[2][1]`), or when a sheet holds
/// more than Excel does.
#[wasm_bindgen(js_name = writeWorkbook)]
pub fn write_workbook(#[wasm_bindgen(unchecked_param_type = "SheetOut[]")] sheets: JsValue) -> Result<Vec<u8>, JsError> {
    const EXAMPLE: &str = "[{name: \"数据\", rows: [[\"uCode\", \"RD\"], [\"150100\", 1.29]]}]";
    if !js_sys::Array::is_array(&sheets) {
        return Err(JsError::new(&format!("writeWorkbook: give the sheets as an array such as {EXAMPLE}")));
    }
    // A copy made before anything reads it: a getter or a Proxy that throws while it is read
    // would throw through the module's frames (see web/api.rs).
    let sheets = structured_clone(&sheets).map_err(|e| {
        let reason = thrown_message(&e).unwrap_or_else(|| "it threw a value that is not an Error".into());
        JsError::new(&format!("writeWorkbook: the sheets cannot be read ({reason}): give plain data such as {EXAMPLE}"))
    })?;
    arrays_where_arrays_belong(&sheets)?;
    let sheets: Vec<SheetOut> = serde_path_to_error::deserialize(serde_wasm_bindgen::Deserializer::from(sheets)).map_err(|e| {
        let path = e.path().to_string();
        let reason = thrown_message(&e.into_inner().into()).unwrap_or_else(|| "cannot be read".into());
        JsError::new(&format!("writeWorkbook: sheets{}: {reason}", if path == "." { String::new() } else { path }))
    })?;
    crate::workbook::write_workbook(&sheets).map_err(|e| JsError::new(&format!("writeWorkbook: {e}")))
}
