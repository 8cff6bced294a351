//! A minimal JSON reader and writer: enough to read the library's result
//! documents and to build configuration or variables without a dependency.
//! Programs that already use serde_json can parse [`Document::json`]
//! (crate::Document::json) with it instead.

use std::fmt;

/// A parsed JSON value.  Numbers are `f64`, which holds every integer the
/// library itself writes (statuses, counters, Unix times) exactly, but not
/// every one a server may send in `data`: 9007199254740993 reads as
/// 9007199254740992.  [`text_at`] gives a value's text as written.  Object
/// members keep their order.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The member `key` of an object (the first one, should it repeat).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value at a dotted path such as `data.network.devices.0.ip`:
    /// names select object members, numbers index arrays.
    pub fn path(&self, dotted: &str) -> Option<&Value> {
        dotted
            .split('.')
            .try_fold(self, |value, segment| match value {
                Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => value.get(segment),
            })
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

/// Writes compact JSON.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{}", b),
            // Integral values print without a fraction; f64's Display
            // never uses an exponent, so the output is always valid JSON.
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => write!(f, "{}", *n as i64),
            Value::Number(n) => write!(f, "{}", n),
            Value::String(s) => write_quoted(f, s),
            Value::Array(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{}", item)?;
                }
                f.write_str("]")
            }
            Value::Object(members) => {
                f.write_str("{")?;
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write_quoted(f, key)?;
                    write!(f, ":{}", value)?;
                }
                f.write_str("}")
            }
        }
    }
}

/// `s` as a JSON string literal, quotes included: for putting text such as
/// a URL into a configuration built with `format!`.
pub fn quote(s: &str) -> String {
    struct Quoted<'a>(&'a str);
    impl fmt::Display for Quoted<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write_quoted(f, self.0)
        }
    }
    Quoted(s).to_string()
}

fn write_quoted(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            c if (c as u32) < 0x20 => write!(f, "\\u{:04x}", c as u32)?,
            c => write!(f, "{}", c)?,
        }
    }
    f.write_str("\"")
}

/// Why a text is not JSON, and the byte offset where that was noticed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub offset: usize,
    pub message: &'static str,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message, self.offset)
    }
}

impl std::error::Error for ParseError {}

/// Parses one JSON value (RFC 8259), surrounded by optional whitespace.
pub fn parse(text: &str) -> Result<Value, ParseError> {
    let mut parser = Parser { text, pos: 0 };
    let value = parser.value(0)?;
    parser.skip_whitespace();
    if parser.pos != text.len() {
        return Err(parser.error("trailing characters"));
    }
    Ok(value)
}

/// The text of the value at a dotted path (as in [`Value::path`]) in a
/// JSON document, exactly as written there: every digit of a number, a
/// string's escapes.  `None` when the path does not exist, or the text is
/// not JSON on the way to it.
///
/// ```
/// let doc = r#"{"data": {"ids": [9007199254740993]}}"#;
/// assert_eq!(extapi::json::text_at(doc, "data.ids.0"), Some("9007199254740993"));
/// assert_eq!(extapi::json::text_at(doc, "data.ids.1"), None);
/// ```
pub fn text_at<'a>(text: &'a str, dotted: &str) -> Option<&'a str> {
    let mut parser = Parser { text, pos: 0 };
    for segment in dotted.split('.') {
        if !parser.enter(segment).ok()? {
            return None;
        }
    }
    parser.skip_whitespace();
    let start = parser.pos;
    parser.value(0).ok()?;
    Some(&text[start..parser.pos])
}

/// Deeper nesting is refused rather than risking the stack.
const MAX_DEPTH: usize = 512;

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, message: &'static str) -> ParseError {
        ParseError {
            offset: self.pos,
            message,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn expect_literal(&mut self, literal: &str, value: Value) -> Result<Value, ParseError> {
        if self.text[self.pos..].starts_with(literal) {
            self.pos += literal.len();
            Ok(value)
        } else {
            Err(self.error("invalid literal"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.skip_whitespace();
        match self.peek() {
            Some(b'n') => self.expect_literal("null", Value::Null),
            Some(b't') => self.expect_literal("true", Value::Bool(true)),
            Some(b'f') => self.expect_literal("false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'[') => self.array(depth),
            Some(b'{') => self.object(depth),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("unexpected character")),
            None => Err(self.error("unexpected end of text")),
        }
    }

    /// Consumes `close` or a comma; says whether the sequence ended.
    fn sequence_end(&mut self, close: u8) -> Result<bool, ParseError> {
        self.skip_whitespace();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(false)
            }
            Some(c) if c == close => {
                self.pos += 1;
                Ok(true)
            }
            _ => Err(self.error("expected ',' or a closing bracket")),
        }
    }

    /// True (and consumed) when the sequence is empty.
    fn empty_sequence(&mut self, close: u8) -> bool {
        self.pos += 1;
        self.skip_whitespace();
        if self.peek() == Some(close) {
            self.pos += 1;
            return true;
        }
        false
    }

    fn array(&mut self, depth: usize) -> Result<Value, ParseError> {
        let mut items = Vec::new();
        if !self.empty_sequence(b']') {
            loop {
                items.push(self.value(depth + 1)?);
                if self.sequence_end(b']')? {
                    break;
                }
            }
        }
        Ok(Value::Array(items))
    }

    fn object(&mut self, depth: usize) -> Result<Value, ParseError> {
        let mut members = Vec::new();
        if !self.empty_sequence(b'}') {
            loop {
                let key = self.member_name()?;
                members.push((key, self.value(depth + 1)?));
                if self.sequence_end(b'}')? {
                    break;
                }
            }
        }
        Ok(Value::Object(members))
    }

    /// A member's name and the `:` after it.
    fn member_name(&mut self) -> Result<String, ParseError> {
        self.skip_whitespace();
        if self.peek() != Some(b'"') {
            return Err(self.error("expected a member name"));
        }
        let key = self.string()?;
        self.skip_whitespace();
        if self.peek() != Some(b':') {
            return Err(self.error("expected ':'"));
        }
        self.pos += 1;
        Ok(key)
    }

    /// Moves from the start of an object to the value of its (first)
    /// member `segment`, or from the start of an array to its item
    /// `segment`; false when there is none.
    fn enter(&mut self, segment: &str) -> Result<bool, ParseError> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'{') => {
                if self.empty_sequence(b'}') {
                    return Ok(false);
                }
                loop {
                    if self.member_name()? == segment {
                        return Ok(true);
                    }
                    self.value(1)?;
                    if self.sequence_end(b'}')? {
                        return Ok(false);
                    }
                }
            }
            Some(b'[') => {
                let index = match segment.parse::<usize>() {
                    Ok(index) => index,
                    Err(_) => return Ok(false),
                };
                if self.empty_sequence(b']') {
                    return Ok(false);
                }
                for _ in 0..index {
                    self.value(1)?;
                    if self.sequence_end(b']')? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let leading_zero = self.peek() == Some(b'0');
        match self.digits() {
            0 => return Err(self.error("expected a digit")),
            n if n > 1 && leading_zero => return Err(self.error("leading zero")),
            _ => {}
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.error("expected a digit after '.'"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("expected an exponent"));
            }
        }
        match self.text[start..self.pos].parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Value::Number(n)),
            _ => Err(ParseError {
                offset: start,
                message: "number out of range",
            }),
        }
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        // from_str_radix alone would also take a sign.
        let hex = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        let code = hex
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| self.error("bad \\u escape"))?;
        self.pos += 4;
        Ok(code)
    }

    /// A `\u` escape, joining a UTF-16 surrogate pair into one character.
    fn unicode_escape(&mut self) -> Result<char, ParseError> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.text[self.pos..].starts_with("\\u") {
                    return Err(self.error("unpaired surrogate"));
                }
                self.pos += 2;
                match self.hex4()? {
                    low @ 0xDC00..=0xDFFF => 0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00),
                    _ => return Err(self.error("unpaired surrogate")),
                }
            }
            0xDC00..=0xDFFF => return Err(self.error("unpaired surrogate")),
            code => code,
        };
        char::from_u32(code).ok_or_else(|| self.error("bad \\u escape"))
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.pos += 1; // the opening quote
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote, backslash or control
            // character; those are ASCII, so the slice is valid UTF-8.
            let rest = &self.text.as_bytes()[self.pos..];
            let run = rest
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20);
            let run = run.ok_or(ParseError {
                offset: self.text.len(),
                message: "unterminated string",
            })?;
            out.push_str(&self.text[self.pos..self.pos + run]);
            self.pos += run;
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escape = self
                        .peek()
                        .ok_or_else(|| self.error("unterminated string"))?;
                    self.pos += 1;
                    out.push(match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(self.error("bad escape")),
                    });
                }
                _ => return Err(self.error("control character in string")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_kind_of_value() {
        let v =
            parse(r#" {"a": [1, -2.5e1, true, false, null], "b": {"c": "d"}, "e": {}, "f": []} "#)
                .unwrap();
        assert_eq!(v.path("a.0"), Some(&Value::Number(1.0)));
        assert_eq!(v.path("a.1"), Some(&Value::Number(-25.0)));
        assert_eq!(v.path("a.2"), Some(&Value::Bool(true)));
        assert_eq!(v.path("a.4"), Some(&Value::Null));
        assert_eq!(v.path("a.5"), None);
        assert_eq!(v.path("b.c").and_then(Value::as_str), Some("d"));
        assert_eq!(v.get("e"), Some(&Value::Object(Vec::new())));
        assert_eq!(v.get("f"), Some(&Value::Array(Vec::new())));
        assert_eq!(v.path("b.c.d"), None);
    }

    #[test]
    fn decodes_escapes_and_keeps_utf8() {
        let v = parse(r#""q\" b\\ s\/ \b\f\n\r\t \u00e9 \ud83d\ude00 ü""#).unwrap();
        assert_eq!(v.as_str(), Some("q\" b\\ s/ \u{8}\u{c}\n\r\t é 😀 ü"));
    }

    #[test]
    fn refuses_what_is_not_json() {
        for text in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "{\"a\":1,}",
            "01",
            "1.",
            "-",
            "1e",
            "+1",
            "tru",
            "nul",
            "\"abc",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"a\u{1}\"",
            "1 2",
            "{a:1}",
            "1e999",
            "\"\\u12\"",
            "\"\\u+123\"",
        ] {
            assert!(parse(text).is_err(), "accepted {:?}", text);
        }
        assert!(parse(&"[".repeat(MAX_DEPTH + 2)).is_err());
    }

    #[test]
    fn text_at_gives_values_as_written() {
        let doc = r#" {"a": {"n": 9007199254740993, "s": "caf\u00e9", "f": 1.50},
                       "l": [ [], {"x": null} ], "a": 2} "#;
        assert_eq!(text_at(doc, "a.n"), Some("9007199254740993"));
        assert_eq!(text_at(doc, "a.s"), Some(r#""caf\u00e9""#));
        assert_eq!(text_at(doc, "a.f"), Some("1.50"));
        assert_eq!(text_at(doc, "l.0"), Some("[]"));
        assert_eq!(text_at(doc, "l.1.x"), Some("null"));
        assert_eq!(
            text_at(doc, "a"),
            Some(r#"{"n": 9007199254740993, "s": "caf\u00e9", "f": 1.50}"#)
        );
        for missing in ["b", "a.n.x", "l.2", "l.0.0", "l.x", "a.0"] {
            assert_eq!(text_at(doc, missing), None, "{}", missing);
        }
        assert_eq!(text_at("{\"a\": [1,", "a.1"), None);
    }

    #[test]
    fn writes_what_it_reads() {
        let text = r#"{"s":"a\"b\\c\n\u0001é","n":[0,-3,1.5,1700000000,null,true],"o":{}}"#;
        let v = parse(text).unwrap();
        assert_eq!(v.to_string(), text);
        assert_eq!(parse(&v.to_string()).unwrap(), v);
        assert_eq!(quote("x\"y"), r#""x\"y""#);
    }
}
