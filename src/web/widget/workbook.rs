//! Workbooks in and out of the scorecard. An .xlsx, .xls or .ods is imported as the CSV text of
//! one of its sheets: the first it shows when it has one, else the one the analyst chooses. The
//! data and results go out as an .xlsx of four sheets. The workbook module that reads and writes
//! them (src/web/workbook.rs) is loaded the first time it is needed (bridge.rs).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{bridge, dom, with, State};
use crate::error::ErrorKind;
use crate::table::{Cell, Record};

/// A workbook of several sheets, whose sheet to import the analyst is asked.
pub(super) struct SheetChoice {
    /// The file's name.
    pub(super) name: String,
    pub(super) bytes: js_sys::Uint8Array,
    /// The names of its sheets.
    pub(super) sheets: Vec<String>,
    /// The sheet read first (the first the workbook shows) and its text.
    pub(super) first: (String, String),
}

/// Whether a file is a workbook: by its name, or by its first bytes (a zip, as .xlsx and .ods
/// are, or an OLE file, as .xls is), which no CSV or JSON file begins with.
pub(super) fn is_workbook(name: &str, bytes: &[u8]) -> bool {
    let name = name.to_ascii_lowercase();
    [".xlsx", ".xlsm", ".xls", ".ods"].iter().any(|ext| name.ends_with(ext)) || bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

fn field(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn strings(value: &JsValue) -> Vec<String> {
    js_sys::Array::from(value).iter().filter_map(|s| s.as_string()).collect()
}

/// A cell for a workbook: a number where the text is one that a spreadsheet keeps as typed (not
/// a code such as "0101", whose zero it would drop), else the text; nothing for an empty cell.
fn spreadsheet_value(cell: &Cell) -> JsValue {
    match cell {
        Cell::Number(x) => JsValue::from_f64(*x),
        Cell::Empty => JsValue::NULL,
        Cell::Text(text) => {
            let t = text.trim();
            let leading_zero = t.len() > 1 && t.starts_with('0') && !t.starts_with("0.");
            match t.parse::<f64>() {
                Ok(x) if x.is_finite() && !leading_zero && !t.starts_with('+') => JsValue::from_f64(x),
                _ if t.is_empty() => JsValue::NULL,
                _ => JsValue::from_str(text),
            }
        }
    }
}

/// A sheet for `writeWorkbook`: `{ name, rows }`, the header (every field, in the order first
/// met) then a row per record.
fn sheet(name: &str, records: &[Record]) -> JsValue {
    let mut header: Vec<&str> = Vec::new();
    for key in records.iter().flat_map(Record::keys) {
        if !header.contains(&key) {
            header.push(key);
        }
    }
    let rows = js_sys::Array::new();
    rows.push(&header.iter().map(|h| JsValue::from_str(h)).collect::<js_sys::Array>());
    for rec in records {
        rows.push(&header.iter().map(|h| rec.get(h).map_or(JsValue::NULL, spreadsheet_value)).collect::<js_sys::Array>());
    }
    let out = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&out, &JsValue::from_str("name"), &JsValue::from_str(name));
    let _ = js_sys::Reflect::set(&out, &JsValue::from_str("rows"), &rows);
    out.into()
}

impl State {
    /// Reads sheet `sheet` (the first shown, for none) of workbook `name`, then imports it, or
    /// asks which sheet when none was named and it has more than one.
    pub(super) fn read_workbook(&mut self, name: &str, bytes: js_sys::Uint8Array, sheet: Option<String>) {
        let Some(api) = &self.api else { return self.import_failed(name, &self.loc.t("msg.workbook_unavailable")) };
        let asked = sheet.is_some();
        let promise = match api.read_workbook(&bytes, &sheet.map_or(JsValue::UNDEFINED, |s| JsValue::from_str(&s))) {
            Ok(promise) => promise,
            Err(e) => return self.import_failed(name, &bridge::message(&e)),
        };
        self.reading_workbook = Some(name.to_string());
        self.message = None;
        self.render_status();
        let (ok, failed, name, also) = (self.me.clone(), self.me.clone(), name.to_string(), name.to_string());
        self.pending_import = Some(bridge::settle_with(
            &promise,
            Box::new(move |read| {
                if let Some(rc) = ok.upgrade() {
                    with(&rc, |s| s.workbook_read(&name, bytes, asked, &read));
                }
            }),
            Box::new(move |error| {
                if let Some(rc) = failed.upgrade() {
                    with(&rc, |s| s.workbook_failed(&also, &error));
                }
            }),
        ));
    }

    /// A sheet read from workbook `name`: imported, or, when the analyst was not `asked` and the
    /// workbook has other sheets, offered beside them.
    fn workbook_read(&mut self, name: &str, bytes: js_sys::Uint8Array, asked: bool, read: &JsValue) {
        self.reading_workbook = None;
        let (sheet, sheets) = (field(read, "name").as_string().unwrap_or_default(), strings(&field(read, "sheets")));
        let Some(text) = field(read, "text").as_string() else { return self.import_failed(name, &self.loc.t("msg.workbook_unavailable")) };
        if !asked && sheets.len() > 1 {
            self.choosing = Some(SheetChoice { name: name.to_string(), bytes, sheets, first: (sheet, text) });
            self.message = None;
            self.render_status();
            self.focus("[data-action=sheet]");
            return;
        }
        self.import(&self.loc.f("import.sheet", &[("name", name), ("sheet", &sheet)]), text, None);
    }

    /// Says why workbook `name` cannot be read: in the interface language when the workbook
    /// module told what is wrong, else that the module could not be loaded.
    fn workbook_failed(&mut self, name: &str, error: &JsValue) {
        self.reading_workbook = None;
        let sheet = field(error, "sheet").as_string().unwrap_or_default();
        let kind = match field(error, "kind").as_string().as_deref() {
            Some("NotAWorkbook") => Some(ErrorKind::NotAWorkbook),
            Some("NoSuchSheet") => Some(ErrorKind::NoSuchSheet { sheet, sheets: strings(&field(error, "sheets")) }),
            Some("EmptySheet") => Some(ErrorKind::EmptySheet { sheet }),
            _ => None,
        };
        let text = match kind {
            Some(kind) => self.error(&kind.into()),
            None => self.loc.f("msg.workbook_failed", &[("error", &bridge::message(error))]),
        };
        self.import_failed(name, &text);
    }

    /// The analyst chose sheet `sheet` of the workbook offered (none: the import is cancelled).
    pub(super) fn sheet_chosen(&mut self, sheet: Option<String>) {
        let Some(choice) = self.choosing.take() else { return };
        match sheet {
            None => {
                self.say(self.loc.f("msg.import_cancelled", &[("name", &choice.name)]), false);
                self.focus("[data-action=import]");
            }
            Some(sheet) if sheet == choice.first.0 => {
                self.import(&self.loc.f("import.sheet", &[("name", &choice.name), ("sheet", &sheet)]), choice.first.1, None);
            }
            Some(sheet) => self.read_workbook(&choice.name, choice.bytes, Some(sheet)),
        }
    }

    /// Downloads the data and results as an .xlsx: the results as shown, the data, the framework
    /// and the results in full, a sheet each.
    pub(super) fn export_workbook(&mut self) {
        let Some(api) = &self.api else { return self.say(self.loc.t("msg.workbook_unavailable"), true) };
        let full = self.scored.as_ref().map(|s| s.output.results.clone()).unwrap_or_default();
        let sheets: js_sys::Array = [
            sheet(&self.loc.t("x.sheet.results"), &self.results_as_shown()),
            sheet(&self.loc.t("x.sheet.data"), &self.project.idata),
            sheet(&self.loc.t("x.sheet.framework"), &self.project.imeta),
            sheet(&self.loc.t("x.sheet.full"), &full),
        ]
        .into_iter()
        .collect();
        let promise = match api.write_workbook(&sheets) {
            Ok(promise) => promise,
            Err(e) => return self.say(self.loc.f("msg.workbook_failed", &[("error", &bridge::message(&e))]), true),
        };
        self.say(self.loc.t("msg.workbook_writing"), false);
        let (ok, failed) = (self.me.clone(), self.me.clone());
        self.pending_workbook = Some(bridge::settle(
            &promise,
            Box::new(move |bytes| {
                let Some(rc) = ok.upgrade() else { return };
                with(&rc, |s| match bytes.dyn_into::<js_sys::Uint8Array>() {
                    Ok(bytes) => {
                        dom::download_bytes(&s.doc, "innoscore.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &bytes);
                        s.say(s.loc.f("msg.workbook_written", &[("name", "innoscore.xlsx")]), false);
                    }
                    Err(_) => s.say(s.loc.f("msg.workbook_failed", &[("error", "")]), true),
                });
            }),
            Box::new(move |error| {
                if let Some(rc) = failed.upgrade() {
                    with(&rc, |s| s.say(s.loc.f("msg.workbook_failed", &[("error", &error)]), true));
                }
            }),
        ));
    }
}
