//! JSON values, a strict parser with line and column in its errors, and a writer.
//!
//! A small replacement for `serde_json` with the same names: [`Value`] and [`Map`] hold a
//! document, [`parse`] (or `str::parse`) reads one by RFC 8259, `to_string()` writes it compactly
//! and [`to_string_pretty`] indented, and [`json!`](crate::json!) builds one from JSON-like Rust
//! syntax. Numbers are `f64`; object keys keep their insertion order.

use std::fmt;
use std::ops::Index;

use crate::table::number_text;

/// A JSON value.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number. NaN and infinities can be held but are written as `null`.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object.
    Object(Map),
}

/// A JSON object: keys with values in insertion order. Lookups are linear, which suits the
/// small objects of specifications and rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map(Vec<(String, Value)>);

impl Map {
    /// An empty object.
    pub fn new() -> Map { Map(Vec::new()) }
    /// The value of a key, if present.
    pub fn get(&self, key: &str) -> Option<&Value> { self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v) }
    /// The value of a key, mutably, if present.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> { self.0.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v) }
    /// True when the key is present.
    pub fn contains_key(&self, key: &str) -> bool { self.get(key).is_some() }
    /// The number of keys.
    pub fn len(&self) -> usize { self.0.len() }
    /// True when there are no keys.
    pub fn is_empty(&self) -> bool { self.0.is_empty() }
    /// The keys with their values, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> { self.0.iter().map(|(k, v)| (k, v)) }
    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> { self.0.iter().map(|(k, _)| k) }

    /// Sets a key: an existing key keeps its position and its old value is returned; a new key goes last.
    pub fn insert(&mut self, key: impl Into<String>, value: Value) -> Option<Value> { self.insert_string(key.into(), value) }

    fn insert_string(&mut self, key: String, value: Value) -> Option<Value> {
        if let Some(old) = self.get_mut(&key) {
            return Some(std::mem::replace(old, value));
        }
        self.0.push((key, value));
        None
    }

    /// Removes a key and returns its value; the other keys keep their order.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let i = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(i).1)
    }
}

impl IntoIterator for Map {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;
    fn into_iter(self) -> Self::IntoIter { self.0.into_iter() }
}

/// Entries taken as given: for keys known to be distinct (row objects), where checking each key
/// against the others would cost time quadratic in their number. A repeated key is kept twice
/// (written twice; [`Map::get`] finds the first).
impl From<Vec<(String, Value)>> for Map {
    fn from(entries: Vec<(String, Value)>) -> Map {
        Map(entries)
    }
}

/// Collects keys with values; a repeated key keeps its first position and its last value.
impl FromIterator<(String, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(pairs: I) -> Map {
        let mut map = Map::new();
        for (k, v) in pairs {
            map.insert_string(k, v);
        }
        map
    }
}

static NULL: Value = Value::Null;

impl Value {
    /// The value of a key of an object; `None` when absent or when this is not an object.
    pub fn get(&self, key: &str) -> Option<&Value> { self.as_object()?.get(key) }
    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> { if let Value::String(s) = self { Some(s) } else { None } }
    /// The number of a number.
    pub fn as_f64(&self) -> Option<f64> { if let Value::Number(x) = self { Some(*x) } else { None } }
    /// The value of a boolean.
    pub fn as_bool(&self) -> Option<bool> { if let Value::Bool(b) = self { Some(*b) } else { None } }
    /// The items of an array.
    pub fn as_array(&self) -> Option<&Vec<Value>> { if let Value::Array(a) = self { Some(a) } else { None } }
    /// The items of an array, mutably.
    pub fn as_array_mut(&mut self) -> Option<&mut Vec<Value>> { if let Value::Array(a) = self { Some(a) } else { None } }
    /// The keys and values of an object.
    pub fn as_object(&self) -> Option<&Map> { if let Value::Object(m) = self { Some(m) } else { None } }
    /// The keys and values of an object, mutably.
    pub fn as_object_mut(&mut self) -> Option<&mut Map> { if let Value::Object(m) = self { Some(m) } else { None } }
    /// True for `null`.
    pub fn is_null(&self) -> bool { matches!(self, Value::Null) }
    /// True for a string.
    pub fn is_string(&self) -> bool { matches!(self, Value::String(_)) }
    /// True for a number.
    pub fn is_number(&self) -> bool { matches!(self, Value::Number(_)) }
    /// True for an array.
    pub fn is_array(&self) -> bool { matches!(self, Value::Array(_)) }
    /// True for an object.
    pub fn is_object(&self) -> bool { matches!(self, Value::Object(_)) }

    /// A number that is a whole number from 0 to `u64::MAX`.
    pub fn as_u64(&self) -> Option<u64> {
        let x = self.as_f64()?;
        (x.fract() == 0.0 && (0.0..18_446_744_073_709_551_616.0).contains(&x)).then_some(x as u64)
    }

    /// A number that is a whole number from `i64::MIN` to `i64::MAX`.
    pub fn as_i64(&self) -> Option<i64> {
        let x = self.as_f64()?;
        (x.fract() == 0.0 && (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&x)).then_some(x as i64)
    }
}

/// `value["key"]`: the value of the key; `Null` when absent or when this is not an object.
impl Index<&str> for Value {
    type Output = Value;
    fn index(&self, key: &str) -> &Value { self.get(key).unwrap_or(&NULL) }
}

/// `value[i]`: the item at `i`; `Null` when out of range or when this is not an array.
impl Index<usize> for Value {
    type Output = Value;
    fn index(&self, i: usize) -> &Value { self.as_array().and_then(|a| a.get(i)).unwrap_or(&NULL) }
}

macro_rules! from {
    ($($t:ty => |$x:ident| $e:expr;)*) => { $(impl From<$t> for Value { fn from($x: $t) -> Value { $e } })* };
}
// Integers beyond 2^53 are rounded, as any JSON number read as f64 is.
from! {
    bool => |x| Value::Bool(x);
    f64 => |x| Value::Number(x);
    f32 => |x| Value::Number(f64::from(x));
    i32 => |x| Value::Number(f64::from(x));
    u32 => |x| Value::Number(f64::from(x));
    i64 => |x| Value::Number(x as f64);
    u64 => |x| Value::Number(x as f64);
    usize => |x| Value::Number(x as f64);
    &str => |x| Value::String(x.to_string());
    String => |x| Value::String(x);
    &String => |x| Value::String(x.clone());
    Map => |x| Value::Object(x);
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(x: Option<T>) -> Value { x.map_or(Value::Null, Into::into) }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(items: Vec<T>) -> Value { Value::Array(items.into_iter().map(Into::into).collect()) }
}

impl<T: Into<Value>, const N: usize> From<[T; N]> for Value {
    fn from(items: [T; N]) -> Value { Value::Array(items.into_iter().map(Into::into).collect()) }
}

/// Why and where a text is not JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseError {
    /// The line, from 1.
    pub line: u64,
    /// The column on that line in characters, from 1: the offending character (the first of a bad
    /// literal, number or escape), or one past the last character for an unexpected end of input.
    pub column: u64,
    /// What is wrong, a short lowercase phrase such as "expected ':'".
    pub reason: &'static str,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at line {}, column {}", self.reason, self.line, self.column)
    }
}

impl std::error::Error for ParseError {}

const MAX_DEPTH: usize = 128;
const END: &str = "unexpected end of input";
const BAD_NUMBER: &str = "invalid number";
const BAD_UNICODE: &str = "invalid \\u escape";
/// Characters with a short escape, and the letter after the backslash (`/` is only read).
const ESCAPES: [(char, char); 7] = [('"', '"'), ('\\', '\\'), ('\n', 'n'), ('\r', 'r'), ('\t', 't'), ('\u{8}', 'b'), ('\u{c}', 'f')];

/// Reads one JSON value by RFC 8259, with optional whitespace around it and an optional UTF-8 byte
/// order mark before it (not counted in columns). Of duplicate keys, the last value wins, at the
/// first key's position. Nesting deeper than 128 arrays and objects is an error.
pub fn parse(text: &str) -> Result<Value, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = Parser { text, pos: 0, depth: 0 };
    let value = p.value().and_then(|v| {
        p.skip_whitespace();
        if p.pos < text.len() { Err((p.pos, "trailing characters")) } else { Ok(v) }
    });
    value.map_err(|(at, reason)| {
        let before = &text.as_bytes()[..at];
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        // characters, not bytes: UTF-8 continuation bytes are 0b10xx_xxxx
        let column = before[line_start..].iter().filter(|&&b| b & 0xC0 != 0x80).count() as u64 + 1;
        ParseError { line, column, reason }
    })
}

impl std::str::FromStr for Value {
    type Err = ParseError;
    fn from_str(text: &str) -> Result<Value, ParseError> { parse(text) }
}

/// A parse failure: the byte offset and the reason.
type Fail = (usize, &'static str);

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> { self.text.as_bytes().get(self.pos).copied() }

    /// `reason` at `at`, or the end of input when the text ends at the current position.
    fn fail(&self, at: usize, reason: &'static str) -> Fail { if self.pos < self.text.len() { (at, reason) } else { (self.pos, END) } }

    fn skip_whitespace(&mut self) { self.skip(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')); }

    /// Skips whitespace, then `byte` if it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        self.skip_whitespace();
        let found = self.peek() == Some(byte);
        self.pos += usize::from(found);
        found
    }

    /// Skips whitespace, then `byte`, which must come next.
    fn expect(&mut self, byte: u8, reason: &'static str) -> Result<(), Fail> {
        if self.eat(byte) { Ok(()) } else { Err(self.fail(self.pos, reason)) }
    }

    fn value(&mut self) -> Result<Value, Fail> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'[') => return self.nested(false),
            Some(b'{') => return self.nested(true),
            Some(b'"') => {
                self.pos += 1;
                return self.string().map(Value::String);
            }
            Some(b'-' | b'0'..=b'9') => return self.number(),
            _ => {}
        }
        let rest = &self.text.as_bytes()[self.pos..];
        for (word, value) in [("true", Value::Bool(true)), ("false", Value::Bool(false)), ("null", Value::Null)] {
            if rest.starts_with(word.as_bytes()) {
                self.pos += word.len();
                return Ok(value);
            } else if !rest.is_empty() && word.as_bytes().starts_with(rest) {
                return Err((self.text.len(), END));
            }
        }
        Err(self.fail(self.pos, "expected a value"))
    }

    /// An array or object, at its opening bracket.
    fn nested(&mut self, object: bool) -> Result<Value, Fail> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err((self.pos, "nested too deeply"));
        }
        self.pos += 1;
        let (close, reason) = if object { (b'}', "expected ',' or '}'") } else { (b']', "expected ',' or ']'") };
        let (mut items, mut map) = (Vec::new(), Map::new());
        if !self.eat(close) {
            loop {
                if object {
                    self.expect(b'"', "expected a string key")?;
                    let key = self.string()?;
                    self.expect(b':', "expected ':'")?;
                    map.insert_string(key, self.value()?);
                } else {
                    items.push(self.value()?);
                }
                if self.eat(close) {
                    break;
                }
                self.expect(b',', reason)?;
            }
        }
        self.depth -= 1;
        Ok(if object { Value::Object(map) } else { Value::Array(items) })
    }

    /// A string, after its opening quote.
    fn string(&mut self) -> Result<String, Fail> {
        let mut out = String::new();
        loop {
            let rest = &self.text.as_bytes()[self.pos..];
            let n = rest.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).ok_or((self.text.len(), END))?;
            // ASCII stops, so both ends are character boundaries (`get` never fails here)
            out.push_str(self.text.get(self.pos..self.pos + n).unwrap_or_default());
            self.pos += n;
            match rest[n] {
                b'"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => out.push(self.escape()?),
                _ => return Err((self.pos, "control character in a string")),
            }
        }
    }

    /// An escape, at its backslash.
    fn escape(&mut self) -> Result<char, Fail> {
        let start = self.pos;
        self.pos += 2;
        match self.text.as_bytes().get(start + 1).copied().map(char::from) {
            None => Err((self.text.len(), END)),
            Some('/') => Ok('/'),
            Some('u') => self.unicode(start),
            Some(e) => ESCAPES.iter().find(|&&(_, x)| x == e).map(|&(c, _)| c).ok_or((start, "invalid escape")),
        }
    }

    /// The character of the `\u` escape at `start`, with the low surrogate after a high one.
    fn unicode(&mut self, start: usize) -> Result<char, Fail> {
        let mut code = self.hex4(start)?;
        if (0xD800..0xDC00).contains(&code) {
            match self.text.as_bytes()[self.pos..] {
                [] | [b'\\'] => return Err((self.text.len(), END)),
                [b'\\', b'u', ..] => self.pos += 2,
                _ => return Err((start, BAD_UNICODE)),
            }
            let low = self.hex4(self.pos - 2)?;
            if !(0xDC00..0xE000).contains(&low) {
                return Err((start, BAD_UNICODE));
            }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        }
        char::from_u32(code).ok_or((start, BAD_UNICODE)) // rejects a lone low surrogate
    }

    /// The four hex digits of the `\u` escape at `start`.
    fn hex4(&mut self, start: usize) -> Result<u32, Fail> {
        let mut code = 0;
        for _ in 0..4 {
            let b = self.peek().ok_or((self.text.len(), END))?;
            code = code * 16 + char::from(b).to_digit(16).ok_or((start, BAD_UNICODE))?;
            self.pos += 1;
        }
        Ok(code)
    }

    /// Skips the bytes that pass `test`; returns how many.
    fn skip(&mut self, test: fn(&u8) -> bool) -> usize {
        let n = self.text.as_bytes()[self.pos..].iter().take_while(|b| test(b)).count();
        self.pos += n;
        n
    }

    /// A number by the JSON grammar, at its first character.
    fn number(&mut self) -> Result<Value, Fail> {
        let start = self.pos;
        self.pos += usize::from(self.peek() == Some(b'-'));
        let leading_zero = self.peek() == Some(b'0');
        let mut digits = self.skip(u8::is_ascii_digit);
        if leading_zero && digits > 1 {
            return Err((start, BAD_NUMBER));
        }
        if digits > 0 && self.peek() == Some(b'.') {
            self.pos += 1;
            digits = self.skip(u8::is_ascii_digit);
        }
        if digits > 0 && matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            self.pos += usize::from(matches!(self.peek(), Some(b'+' | b'-')));
            digits = self.skip(u8::is_ascii_digit);
        }
        if digits == 0 {
            return Err(self.fail(start, BAD_NUMBER));
        }
        match crate::float::parse(self.text.get(start..self.pos).unwrap_or_default()) {
            Some(x) if x.is_finite() => Ok(Value::Number(x)),
            _ => Err((start, BAD_NUMBER)),
        }
    }
}

/// Writes compact JSON, without spaces.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        write_value(&mut out, self, None);
        f.write_str(&out)
    }
}

/// Writes JSON indented by two spaces, with `"key": value`, and empty arrays and objects as `[]` and `{}`.
pub fn to_string_pretty(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, Some(0));
    out
}

/// Writes `value`; `indent` is the depth for pretty output, `None` for compact.
fn write_value(out: &mut String, value: &Value, indent: Option<usize>) {
    let inner = indent.map(|d| d + 1);
    // before an item: a comma after the previous one, then in pretty output a new indented line
    let next = |out: &mut String, i: usize, depth: Option<usize>| {
        if i > 0 {
            out.push(',');
        }
        if let Some(d) = depth {
            out.push('\n');
            (0..d).for_each(|_| out.push_str("  "));
        }
    };
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(x) if x.is_finite() => out.push_str(&number_text(*x)),
        Value::Number(_) => out.push_str("null"),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                next(out, i, inner);
                write_value(out, item, inner);
            }
            next(out, 0, indent.filter(|_| !items.is_empty()));
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                next(out, i, inner);
                write_string(out, key);
                out.push_str(if indent.is_some() { ": " } else { ":" });
                write_value(out, item, inner);
            }
            next(out, 0, indent.filter(|_| !map.is_empty()));
            out.push('}');
        }
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    // copy runs that need no escape whole; the bytes that do are ASCII, so every run starts
    // and ends on a character boundary (`get` never fails here)
    let mut run = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        out.push_str(s.get(run..i).unwrap_or_default());
        run = i + 1;
        let c = char::from(b);
        match ESCAPES.iter().find(|&&(x, _)| x == c) {
            Some(&(_, e)) => {
                out.push('\\');
                out.push(e);
            }
            None => {
                out.push_str("\\u00");
                out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
                out.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
            }
        }
    }
    out.push_str(s.get(run..).unwrap_or_default());
    out.push('"');
}

/// Builds a [`Value`](crate::json::Value) from JSON-like syntax, as `serde_json::json!` does.
///
/// `null`, `[...]` and `{...}` are read as JSON; anything else is a Rust expression converted with
/// `Value::from`, inside arrays and objects too (`-1.5`, `if a { 1 } else { 2 }`, a variable). Keys
/// are string literals or `(expressions)`; trailing commas are allowed.
///
/// ```
/// use innoscore::json;
/// let n = 3;
/// let v = json!({ "n": n, "range": [0, if n > 2 { 100 } else { 10 }], "none": null, (format!("k{n}")): {} });
/// assert_eq!(v.to_string(), r#"{"n":3,"range":[0,100],"none":null,"k3":{}}"#);
/// ```
#[macro_export]
macro_rules! json {
    // internal: the items of an array, converted so far and still to come; an item that is one
    // token tree (`null`, `[...]`, `{...}`, a literal, a name) goes through `json!` itself
    (@array [$($done:expr,)*]) => { ::std::vec![$($done,)*] };
    (@array [$($done:expr,)*] $next:tt $(, $($rest:tt)*)?) => {
        $crate::json!(@array [$($done,)* $crate::json!($next),] $($($rest)*)?)
    };
    (@array [$($done:expr,)*] $next:expr $(, $($rest:tt)*)?) => {
        $crate::json!(@array [$($done,)* $crate::json::Value::from($next),] $($($rest)*)?)
    };
    // internal: the entries of an object, inserted into `$map` one at a time
    (@object $map:ident) => {};
    (@object $map:ident $key:literal : $($rest:tt)*) => { $crate::json!(@entry $map ($key) $($rest)*) };
    (@object $map:ident ($key:expr) : $($rest:tt)*) => { $crate::json!(@entry $map ($key) $($rest)*) };
    (@entry $map:ident ($key:expr) $value:tt $(, $($rest:tt)*)?) => {
        $map.insert($key, $crate::json!($value));
        $crate::json!(@object $map $($($rest)*)?);
    };
    (@entry $map:ident ($key:expr) $value:expr $(, $($rest:tt)*)?) => {
        $map.insert($key, $crate::json::Value::from($value));
        $crate::json!(@object $map $($($rest)*)?);
    };
    // the forms callers write
    (null) => { $crate::json::Value::Null };
    ([$($items:tt)*]) => { $crate::json::Value::Array($crate::json!(@array [] $($items)*)) };
    ({}) => { $crate::json::Value::Object($crate::json::Map::new()) };
    ({$($entries:tt)+}) => {{
        let mut map = $crate::json::Map::new();
        $crate::json!(@object map $($entries)+);
        $crate::json::Value::Object(map)
    }};
    ($other:expr) => { $crate::json::Value::from($other) };
}

#[cfg(test)]
mod tests {
    use super::{parse, to_string_pretty, Map, Value};

    // the reasons, spelled out here so that a typo in the module shows
    const END: &str = "unexpected end of input";
    const NUMBER: &str = "invalid number";
    const UNICODE: &str = "invalid \\u escape";
    const VALUE: &str = "expected a value";

    /// The line, column and reason of the error for `text`.
    fn err(text: &str) -> (u64, u64, &'static str) {
        let e = parse(text).unwrap_err();
        (e.line, e.column, e.reason)
    }

    #[test]
    fn numbers() {
        let num = |text: &str| parse(text).unwrap().as_f64().unwrap();
        assert_eq!([num("1"), num("-0.5"), num("1e3"), num("2.5E-3"), num("1E+2"), num(" 0 ")], [1.0, -0.5, 1000.0, 0.0025, 100.0, 0.0]);
        assert_eq!(err("1e400"), (1, 1, NUMBER)); // overflows to infinity
        assert_eq!((err("01"), err("-01"), err("[-e]")), ((1, 1, NUMBER), (1, 1, NUMBER), (1, 2, NUMBER)));
        assert_eq!(err("[1.]"), (1, 2, NUMBER)); // errors in a number point at its start
        assert_eq!((err(".5"), err("+1"), err("NaN")), ((1, 1, VALUE), (1, 1, VALUE), (1, 1, VALUE)));
        assert_eq!((err("-"), err("1.5e")), ((1, 2, END), (1, 5, END))); // one past the last character
    }

    #[test]
    fn error_positions() {
        // line 2 is `  "a": tru`: two spaces, "a" in columns 3-5, ':' 6, a space 7, 't' 8
        assert_eq!(err("{\n  \"a\": tru\n}"), (2, 8, VALUE));
        assert_eq!(err("[1 2]"), (1, 4, "expected ',' or ']'")); // '[' 1, '1' 2, space 3
        assert_eq!(err("[1,]"), (1, 4, VALUE));
        assert_eq!(err("{\"a\":1 \"b\":2}"), (1, 8, "expected ',' or '}'")); // '{' 1, "a" 2-4, ':' 5, '1' 6, space 7
        assert_eq!(err("{\"a\" 1}"), (1, 6, "expected ':'"));
        assert_eq!((err("{1:2}"), err("{\"a\":1,}")), ((1, 2, "expected a string key"), (1, 8, "expected a string key")));
        assert_eq!(err(r#""\x""#), (1, 2, "invalid escape")); // escape errors point at the backslash
        assert_eq!(err(r#""\u12G4""#), (1, 2, UNICODE));
        assert_eq!(err("\"a\tb\""), (1, 3, "control character in a string")); // a raw tab
        assert_eq!((err("1 2"), err("[] ]")), ((1, 3, "trailing characters"), (1, 4, "trailing characters")));
        // the end of input is one past the last character
        assert_eq!((err(""), err("[1,"), err("[\n"), err("\"abc")), ((1, 1, END), (1, 4, END), (2, 1, END), (1, 5, END)));
        assert_eq!((err("tru"), err("{\"a\"")), ((1, 4, END), (1, 5, END)));
        // characters, not bytes: line 2 is ` "😀" 1]`, so the 1 is at column 6
        assert_eq!(err("[\"äö\",\n \"😀\" 1]"), (2, 6, "expected ',' or ']'"));
        assert_eq!(err(r#""é\ud800""#), (1, 3, UNICODE));
        // a byte order mark is skipped and not counted
        assert_eq!(parse("\u{feff} [1]").unwrap(), Value::Array(vec![Value::Number(1.0)]));
        assert_eq!(err("\u{feff}[1"), (1, 3, END));
        assert_eq!(parse("[1,]").unwrap_err().to_string(), "expected a value at line 1, column 4");
    }

    #[test]
    fn strings() {
        let text = |json: &str| parse(json).unwrap().as_str().unwrap().to_string();
        assert_eq!(text(r#""\"\\\/\b\f\n\r\t""#), "\"\\/\u{8}\u{c}\n\r\t");
        assert_eq!(text(r#""\u00e9\u00C9 é""#), "éÉ é");
        assert_eq!((text(r#""\ud83d\ude00""#), text(r#""a\uD83D\uDE00b""#)), ("😀".into(), "a😀b".into()));
        assert_eq!(err(r#""\ud800""#), (1, 2, UNICODE)); // a lone high surrogate
        assert_eq!(err(r#""\udc00""#), (1, 2, UNICODE)); // a lone low surrogate
        assert_eq!(err(r#""\ud800\u0041""#), (1, 2, UNICODE));
        assert_eq!(err(r#""\ud800"#), (1, 8, END)); // seven characters
    }

    #[test]
    fn depth() {
        let arrays = |n: usize| "[".repeat(n) + &"]".repeat(n);
        assert!(parse(&arrays(128)).is_ok());
        assert_eq!(err(&arrays(129)), (1, 129, "nested too deeply"));
        assert_eq!(err(&"{\"a\":".repeat(129)), (1, 641, "nested too deeply")); // after 128 times 5 characters
        assert_eq!(err(&"[".repeat(100_000)), (1, 129, "nested too deeply"));
    }

    #[test]
    fn writer() {
        assert_eq!(json!({"a": [1, 2.5, null], "b": "x\"y\n"}).to_string(), r#"{"a":[1,2.5,null],"b":"x\"y\n"}"#);
        let v = json!(["\u{1}\u{1f}\t\u{8}\u{c}\r\\/é😀", f64::NAN, f64::NEG_INFINITY, -0.25, true, [], {}]);
        assert_eq!(v.to_string(), r#"["\u0001\u001f\t\b\f\r\\/é😀",null,null,-0.25,true,[],{}]"#);
        let pretty = r#"{
  "a": [
    1,
    "x"
  ],
  "b": {},
  "c": [],
  "d": {
    "e": null
  }
}"#;
        assert_eq!(to_string_pretty(&json!({"a": [1, "x"], "b": {}, "c": [], "d": {"e": null}})), pretty);
        assert_eq!(to_string_pretty(&json!([])), "[]");
    }

    #[test]
    fn round_trips() {
        let v = json!({
            "text": "quote \" backslash \\ slash / controls \u{0}\u{7f}\n\t é 😀 \u{2028}",
            "numbers": [0, -0.5, 1e-300, 1.7976931348623157e308, 123456789012345680.0, 0.1, -3, 2.5e-7, 1e15],
            "flags": [true, false, null],
            "nested": {"a": [[], {}, [{"b": [1]}]], "": ""},
        });
        assert_eq!(parse(&v.to_string()).unwrap(), v);
        assert_eq!(parse(&to_string_pretty(&v)).unwrap(), v);
        let text = r#"{"z":1,"a":[true,{"k":"v"}],"m":null,"e":{}}"#;
        assert_eq!(parse(text).unwrap().to_string(), text);
        assert_eq!(" [1, {\"a\" : 2}]\r\n".parse::<Value>().unwrap().to_string(), r#"[1,{"a":2}]"#);
    }

    #[test]
    fn map_keeps_order() {
        let mut m = Map::new();
        assert_eq!(m.insert("a", Value::from(1)), None);
        m.insert("b", Value::from(2));
        m.insert(String::from("c"), Value::from(3));
        assert_eq!(m.insert("a", Value::from(4)), Some(Value::from(1)));
        assert_eq!(m.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!((m.remove("b"), m.remove("b")), (Some(Value::from(2)), None));
        assert_eq!(m.iter().map(|(k, v)| (k.as_str(), v.as_f64())).collect::<Vec<_>>(), [("a", Some(4.0)), ("c", Some(3.0))]);
        assert!(m.contains_key("c") && !m.contains_key("b") && m.len() == 2 && !m.is_empty());
        *m.get_mut("c").unwrap() = Value::from("x");
        let pairs: Vec<(String, Value)> = m.clone().into_iter().collect();
        assert_eq!(pairs, [("a".to_string(), Value::from(4)), ("c".to_string(), Value::from("x"))]);
        assert_eq!(pairs.into_iter().collect::<Map>(), m);
        // duplicate keys: the last value at the first position
        assert_eq!(parse(r#"{"a":1,"b":2,"a":3}"#).unwrap().to_string(), r#"{"a":3,"b":2}"#);
    }

    #[test]
    fn access() {
        let mut v = json!({"a": [1, 3.5], "s": "t", "b": true, "o": {}});
        assert!(v["missing"].is_null() && v["a"][5].is_null() && v["s"]["x"].is_null() && v[0].is_null());
        assert_eq!((v["a"][0].as_u64(), v["a"][1].as_u64(), v["a"][1].as_f64()), (Some(1), None, Some(3.5)));
        assert_eq!((v["s"].as_str(), v["b"].as_bool(), v["s"].as_f64(), v["a"].get("x")), (Some("t"), Some(true), None, None));
        assert!(v["s"].is_string() && v["a"][0].is_number() && v["a"].is_array() && v["o"].is_object());
        assert_eq!(v.get("o").and_then(Value::as_object), Some(&Map::new()));
        v.as_object_mut().unwrap().get_mut("a").and_then(Value::as_array_mut).unwrap().push(Value::from("z"));
        assert_eq!(v["a"][2].as_str(), Some("z"));
        assert_eq!((json!(3.0).as_u64(), json!(3.5).as_u64(), json!(-1).as_u64(), json!(-1).as_i64()), (Some(3), None, None, Some(-1)));
        assert_eq!((json!(1e20).as_u64(), json!(1e19).as_u64(), json!(1e19).as_i64()), (None, Some(10_000_000_000_000_000_000), None));
    }

    #[test]
    fn json_macro() {
        let (g, n, some_vec, key) = (true, 7usize, vec![1.5, 2.0], String::from("k"));
        assert_eq!((json!(null), json!(true), json!("a")), (Value::Null, Value::Bool(true), Value::String("a".into())));
        assert_eq!((json!(1.5), json!(-1.5), json!(n)), (Value::Number(1.5), Value::Number(-1.5), Value::Number(7.0)));
        assert_eq!((json!(Some(2)), json!(None::<&str>)), (Value::Number(2.0), Value::Null));
        assert_eq!((json!([]), json!({})), (Value::Array(vec![]), Value::Object(Map::new())));
        assert_eq!(json!([1, "a", null, [2], {"k": 3},]).to_string(), r#"[1,"a",null,[2],{"k":3}]"#);
        let v = json!({
            "step": "normalise",
            "range": [if g { 1 } else { 0 }, 100],
            "n": n,
            "nested": { "a": [1, 2] },
            "v": some_vec,
            (key): -1.5,
            "mean_sd": if g { [10, 2] } else { [0, 1] },
            "none": null,
        });
        let text = r#"{"step":"normalise","range":[1,100],"n":7,"nested":{"a":[1,2]},"v":[1.5,2],"k":-1.5,"mean_sd":[10,2],"none":null}"#;
        assert_eq!(v.to_string(), text);
        let from = [Value::from(1u32), Value::from(2i64), Value::from(3u64), Value::from(0.5f32), Value::from(&String::from("s"))];
        assert_eq!(Value::from(from.to_vec()).to_string(), r#"[1,2,3,0.5,"s"]"#);
    }
}
