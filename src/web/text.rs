//! `readText`, for pages and scripts (wasm32 only, feature `text`, built into `pkg/text/`): the
//! text of a file's bytes in the encoding it was saved in (src/text.rs). It is a module of its
//! own because encoding_rs's tables (about 125 KB gzipped) are more than the page's first load
//! or the scripting API should carry for the few files that are not UTF-8.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** What `readText` returns: a file's text, and the encoding it was read in. */
export interface DecodedText {
  /** The text, without a byte-order mark. */
  text: string;
  /** `UTF-8`, `UTF-16LE`, `UTF-16BE` or `GB18030`. */
  encoding: string;
}
"#;

/// The text of a file's bytes (a `Uint8Array` or `ArrayBuffer`), read in the encoding it was
/// saved in: UTF-8 with or without a byte-order mark, UTF-16 with one, or GB18030 (GBK), what
/// Excel and WPS save as CSV on Chinese Windows. Returns `{ text, encoding }`; throws when the
/// bytes are none of these without damage, or a workbook. (Not `decodeText`: wasm-bindgen's
/// glue has a function of that name, which the export would clash with.)
#[wasm_bindgen(js_name = readText, unchecked_return_type = "DecodedText")]
pub fn read_text(#[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: JsValue) -> Result<JsValue, JsError> {
    let bytes = super::bytes_of(&bytes, "readText")?;
    let decoded = crate::text::decode(&bytes).map_err(|e| JsError::new(&format!("readText: {e}")))?;
    let out = js_sys::Object::new();
    for (key, value) in [("text", decoded.text), ("encoding", decoded.encoding)] {
        js_sys::Reflect::set(&out, &JsValue::from_str(key), &JsValue::from_str(&value)).map_err(|_| JsError::new("readText: cannot hand the text to JavaScript"))?;
    }
    Ok(out.into())
}
