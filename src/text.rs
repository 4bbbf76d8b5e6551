//! The text of files as analysts have them. Excel and WPS on Chinese Windows save CSV in GB18030
//! (GBK); "CSV UTF-8" comes with a byte-order mark, other tools without one; Excel's "Unicode
//! text" is UTF-16 with a mark. [`decode`] tells which, with encoding_rs, and refuses bytes that
//! none of them reads without damage rather than import them as mojibake.

use encoding_rs::{Encoding, GB18030, UTF_8};
use serde::Serialize;

use crate::error::{ErrorKind, Result};

/// A file's text and the encoding it was read in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decoded {
    /// The text, without a byte-order mark.
    pub text: String,
    /// The encoding's name: `UTF-8`, `UTF-16LE`, `UTF-16BE` or `GB18030`.
    pub encoding: String,
}

/// Reads a text file's bytes: as UTF-8 when they are valid UTF-8 (which text in GB18030 almost
/// never is); else by their byte-order mark (UTF-16); else as GB18030, which covers GBK and
/// GB2312.
///
/// # Errors
/// [`ErrorKind::DamagedUtf8`] for UTF-8 with a bad byte after good Chinese text, with its line;
/// [`ErrorKind::NotText`] when the bytes are none of these without damage: a file in another
/// encoding, or not text at all, such as a workbook (which it says).
pub fn decode(bytes: &[u8]) -> Result<Decoded> {
    if let Some(text) = utf8(bytes)? {
        return Ok(Decoded { text: text.to_string(), encoding: UTF_8.name().into() });
    }
    let read = match Encoding::for_bom(bytes) {
        Some((encoding, mark)) => clean(encoding, &bytes[mark..]),
        None => clean(GB18030, bytes),
    };
    read.ok_or_else(|| ErrorKind::NotText { workbook: false }.into())
}

/// The text of bytes in UTF-8, without its byte-order mark; `None` when they are in another
/// encoding. This part of [`decode`] needs none of encoding_rs's tables, which a page's first
/// load has no room for.
///
/// # Errors
/// As [`decode`], for a workbook and for damaged UTF-8.
pub fn utf8(bytes: &[u8]) -> Result<Option<&str>> {
    // a workbook (.xlsx) is a zip archive, whose first bytes no text file has
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(ErrorKind::NotText { workbook: true }.into());
    }
    let unmarked = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(unmarked) {
        Ok(text) => Ok(Some(text)),
        // Chinese characters read well in UTF-8 before a bad byte: UTF-8 with a damaged
        // character, which in GB18030 would become mojibake from the first character on
        Err(e) if !unmarked[..e.valid_up_to()].is_ascii() => {
            let line = 1 + unmarked[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() as u64;
            Err(ErrorKind::DamagedUtf8 { line }.into())
        }
        Err(_) => Ok(None),
    }
}

/// The bytes read in `encoding`, if every one of them is valid there.
fn clean(encoding: &'static Encoding, bytes: &[u8]) -> Option<Decoded> {
    let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
    // encoding_rs names GB18030 in lower case, as the WHATWG Encoding Standard does
    Some(Decoded { text: text.into_owned(), encoding: encoding.name().to_ascii_uppercase() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_read_with_or_without_its_mark() {
        let plain = "uCode,uName\nHHHT,呼和浩特市\n";
        let read = decode(plain.as_bytes()).unwrap();
        assert_eq!((read.text.as_str(), read.encoding.as_str()), (plain, "UTF-8"));
        let marked = [b"\xef\xbb\xbf".as_slice(), plain.as_bytes()].concat();
        assert_eq!(decode(&marked).unwrap(), read);
    }

    #[test]
    fn gbk_as_excel_and_wps_save_it_is_read_as_gb18030() {
        // "uCode,uName\nHHHT,呼和浩特市\n" in GBK: 呼 BAF4, 和 BACD, 浩 BAC6, 特 CCD8, 市 CAD0 (GB 2312 table)
        let bytes = b"uCode,uName\nHHHT,\xba\xf4\xba\xcd\xba\xc6\xcc\xd8\xca\xd0\n";
        let read = decode(bytes).unwrap();
        assert_eq!(read.text, "uCode,uName\nHHHT,呼和浩特市\n");
        assert_eq!(read.encoding, "GB18030");
    }

    #[test]
    fn utf16_with_its_mark_is_read() {
        // Excel's "Unicode text": UTF-16LE after the mark FF FE; 兴 is U+5174
        let read = decode(b"\xff\xfeA\x00\t\x00\x74\x51").unwrap();
        assert_eq!((read.text.as_str(), read.encoding.as_str()), ("A\t兴", "UTF-16LE"));
    }

    #[test]
    fn utf8_damaged_after_chinese_text_is_refused_with_its_line_not_read_as_gb18030() {
        // 呼 in UTF-8 (E5 91 BC) on line 2, then a lone continuation byte on line 3
        let e = decode(b"uCode,uName\nHHHT,\xe5\x91\xbc\nBT,\xbc\n").unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::DamagedUtf8 { line: 3 });
    }

    #[test]
    fn bytes_that_no_encoding_reads_cleanly_are_refused() {
        // 0xFF is a byte of neither UTF-8 nor GB18030 (whose first bytes run from 0x81 to 0xFE)
        let e = decode(b"uCode\nA\xff\n").unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::NotText { workbook: false });
        // a workbook: the zip archive's signature first
        let e = decode(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00").unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::NotText { workbook: true });
    }
}
