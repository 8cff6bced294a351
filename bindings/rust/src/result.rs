//! What a call returns: the library's JSON document, split by its `ok`
//! field into `Ok(Document)` and `Err(Error)`.  A document that starts
//! with `{"ok":true` (every successful one the library makes) is `Ok`
//! without being parsed; it is parsed the first time a caller reads its
//! values.  Any other is parsed at once, for its `error.code` and
//! `error.message`.

use crate::text::{Parsed, Text};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// One result document: the JSON text as the library returned it (the
/// library's own string, not a copy), and its parsed form, made the first
/// time it is asked for (`value`, `get`, `data`, `data_as`, `status`, ...)
/// and then kept.  Numbers in the parsed form keep every digit
/// (serde_json's `arbitrary_precision`): `get("data.id")?.as_u64()` of
/// 9007199254740993 is exact.  Two documents are equal when their texts are.
#[derive(Clone)]
pub struct Document {
    json: Text,
    value: Parsed,
}

impl Document {
    /// The document as the library returned it.
    pub fn json(&self) -> &str {
        self.json.as_str()
    }

    pub fn into_json(self) -> String {
        self.json.into_string()
    }

    /// The parsed document (parsed on the first call).  The library always
    /// returns JSON; a document that were not would read as `null`.
    pub fn value(&self) -> &Value {
        let json = &self.json;
        self.value.get_or_init(|| parse_or_null(json))
    }

    pub fn into_value(self) -> Value {
        let json = self.json;
        self.value.into_inner(|| parse_or_null(&json))
    }

    /// The value at a dotted path, e.g. `token.expires_in` or
    /// `data.network.devices.0.ip` (numbers index arrays).
    pub fn get(&self, path: &str) -> Option<&Value> {
        path.split('.').try_fold(self.value(), |value, segment| match value {
            Value::Object(members) => members.get(segment),
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?),
            _ => None,
        })
    }

    /// The final HTTP status; 0 when no response came or the call made no
    /// request (login, info).
    pub fn status(&self) -> u16 {
        self.get("status")
            .and_then(Value::as_u64)
            .and_then(|status| u16::try_from(status).ok())
            .unwrap_or(0)
    }

    /// The response body (`data`), when there is one.
    pub fn data(&self) -> Option<&Value> {
        self.get("data")
    }

    /// `data` as a `T`: `#[derive(Deserialize)] struct Devices {...}` then
    /// `result.data_as::<Devices>()?`.  An absent `data` is `null`; a body
    /// that does not fit `T` is an `InvalidResponse` error.
    pub fn data_as<T: DeserializeOwned>(&self) -> Result<T> {
        T::deserialize(self.data().unwrap_or(&Value::Null)).map_err(|e| {
            Error::new(
                ErrorCode::InvalidResponse,
                &format!("data does not match the type asked for: {}", e),
            )
        })
    }

    /// The JSON text at a dotted path exactly as the library returned it:
    /// `json_at("data")` is the response body as the server sent it
    /// (string escapes included).
    pub fn json_at(&self, path: &str) -> Option<&str> {
        raw_at(self.json(), path)
    }

    /// A response header named in the configuration's `response_headers`
    /// (in any letter case), when the answer carried it.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.get("headers")?
            .get(name.to_ascii_lowercase())?
            .as_str()
    }

    /// Every such header the answer carried: lower-cased name, value.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.get("headers")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(name, value)| Some((name.as_str(), value.as_str()?)))
    }

    /// What the server said about its rate limit (`RateLimit-*` or
    /// `X-RateLimit-*` headers), when it said anything.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.get("rate_limit")?;
        let integer = |name: &str| self.integer(&format!("rate_limit.{}", name));
        Some(RateLimit {
            limit: integer("limit"),
            remaining: integer("remaining"),
            reset: integer("reset_s").map(Duration::from_secs),
        })
    }

    /// The server's `Retry-After` on a 429 or 503 answer.
    pub fn retry_after(&self) -> Option<Duration> {
        self.integer("retry_after_s").map(Duration::from_secs)
    }

    fn integer(&self, path: &str) -> Option<u64> {
        self.get(path)?.as_u64()
    }
}

fn parse_or_null(json: &Text) -> Value {
    serde_json::from_str(json.as_str()).unwrap_or(Value::Null)
}

/// The raw text at a dotted path, found by serde_json one level at a time
/// (objects as maps of raw values, arrays as lists of them).
fn raw_at<'a>(text: &'a str, path: &str) -> Option<&'a str> {
    let mut raw: &'a RawValue = serde_json::from_str(text).ok()?;
    for segment in path.split('.') {
        let inner = raw.get().trim_start();
        raw = if inner.starts_with('{') {
            let members: HashMap<&'a str, &'a RawValue> = borrowed(raw)?;
            *members.get(segment)?
        } else if inner.starts_with('[') {
            let items: Vec<&'a RawValue> = borrowed(raw)?;
            *items.get(segment.parse::<usize>().ok()?)?
        } else {
            return None;
        };
    }
    Some(raw.get())
}

fn borrowed<'a, T: Deserialize<'a>>(raw: &'a RawValue) -> Option<T> {
    serde_json::from_str(raw.get()).ok()
}

/// An answer's rate-limit headers; `None` for one the server did not send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in the window.
    pub limit: Option<u64>,
    /// Requests left in the window.
    pub remaining: Option<u64>,
    /// Time until the window resets.
    pub reset: Option<Duration>,
}

/// Shows the JSON text only: the parsed form says the same at length.
impl fmt::Debug for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Document").field(&self.json()).finish()
    }
}

impl PartialEq for Document {
    fn eq(&self, other: &Document) -> bool {
        self.json() == other.json()
    }
}

/// `error.code` of a failed call.  The C API may add codes in later minor
/// versions; those arrive as `Other`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorCode {
    InvalidArgument,
    InvalidConfig,
    Network,
    Timeout,
    Tls,
    InsecureTransport,
    AuthFailed,
    Http,
    Graphql,
    RateLimited,
    InvalidResponse,
    OutOfMemory,
    Internal,
    /// The call's [`crate::Cancel`] was fired (library 1.1).
    Cancelled,
    Other(String),
}

const KNOWN_CODES: &[ErrorCode] = &[
    ErrorCode::InvalidArgument,
    ErrorCode::InvalidConfig,
    ErrorCode::Network,
    ErrorCode::Timeout,
    ErrorCode::Tls,
    ErrorCode::InsecureTransport,
    ErrorCode::AuthFailed,
    ErrorCode::Http,
    ErrorCode::Graphql,
    ErrorCode::RateLimited,
    ErrorCode::InvalidResponse,
    ErrorCode::OutOfMemory,
    ErrorCode::Internal,
    ErrorCode::Cancelled,
];

impl ErrorCode {
    /// The code as spelt in the document, e.g. `"auth_failed"`.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::InvalidArgument => "invalid_argument",
            ErrorCode::InvalidConfig => "invalid_config",
            ErrorCode::Network => "network",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Tls => "tls",
            ErrorCode::InsecureTransport => "insecure_transport",
            ErrorCode::AuthFailed => "auth_failed",
            ErrorCode::Http => "http",
            ErrorCode::Graphql => "graphql",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::InvalidResponse => "invalid_response",
            ErrorCode::OutOfMemory => "out_of_memory",
            ErrorCode::Internal => "internal",
            ErrorCode::Cancelled => "cancelled",
            ErrorCode::Other(code) => code,
        }
    }

    fn from_code(code: &str) -> ErrorCode {
        KNOWN_CODES
            .iter()
            .find(|known| known.as_str() == code)
            .cloned()
            .unwrap_or_else(|| ErrorCode::Other(code.to_owned()))
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failed call: `error.code`, `error.message` and the whole document,
/// which keeps everything else (`error.key`, `error.oauth`, a GraphQL
/// answer's `error.errors` and partial `data`, an HTTP error's body).
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    code: ErrorCode,
    message: String,
    document: Document,
}

impl Error {
    pub fn code(&self) -> &ErrorCode {
        &self.code
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    /// The final HTTP status; 0 when no response came.
    pub fn status(&self) -> u16 {
        self.document.status()
    }

    /// The server's `Retry-After` on a 429 (`RateLimited`) or 503 answer.
    pub fn retry_after(&self) -> Option<Duration> {
        self.document.retry_after()
    }

    pub fn document(&self) -> &Document {
        &self.document
    }

    pub fn into_document(self) -> Document {
        self.document
    }

    /// The configuration key (`error.key`) an `InvalidConfig` or
    /// `InvalidArgument` error names, when it names one.
    pub fn key(&self) -> Option<&str> {
        self.document.get("error.key").and_then(Value::as_str)
    }

    /// Whether the call was cut short by its [`crate::Cancel`].
    pub fn is_cancelled(&self) -> bool {
        self.code == ErrorCode::Cancelled
    }

    /// An error the binding itself detects (an argument C cannot carry, a
    /// NULL from the library), shaped like the library's own documents.
    pub(crate) fn new(code: ErrorCode, message: &str) -> Error {
        Error::from_error_member(json!({"code": code.as_str(), "message": message}))
    }

    /// `{"ok":false,"status":0,"error":error}` as an Error.
    pub(crate) fn from_error_member(error: Value) -> Error {
        let value = json!({"ok": false, "status": 0, "error": error});
        let json = value.to_string();
        match outcome(json) {
            Err(e) => e,
            Ok(_) => unreachable!("an ok:false document is an Err"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        match self.status() {
            0 => Ok(()),
            status => write!(f, " (HTTP {})", status),
        }
    }
}

impl std::error::Error for Error {}

/// Whether the text is a success document as the library writes one:
/// `{"ok":true` then `,` or `}`.  Anything else is parsed to decide.
fn ok_prefix(json: &str) -> bool {
    const PREFIX: &[u8] = br#"{"ok":true"#;
    let bytes = json.as_bytes();
    bytes.starts_with(PREFIX) && matches!(bytes.get(PREFIX.len()), Some(b',') | Some(b'}'))
}

/// Splits a returned document on its `ok` field: a success as the library
/// writes it without parsing, anything else parsed now.
pub(crate) fn outcome(json: impl Into<Text>) -> Result<Document> {
    let json = json.into();
    if ok_prefix(json.as_str()) {
        return Ok(Document {
            json,
            value: Parsed::new(),
        });
    }
    let value: Value = match serde_json::from_str(json.as_str()) {
        Ok(value) => value,
        Err(e) => {
            return Err(Error::new(
                ErrorCode::Internal,
                &format!("the library returned a document that is not JSON: {}", e),
            ))
        }
    };
    let document = Document {
        json,
        value: Parsed::with(value),
    };
    if document.get("ok").and_then(Value::as_bool) == Some(true) {
        return Ok(document);
    }
    let text = |path| document.get(path).and_then(Value::as_str);
    let code = text("error.code").map_or(ErrorCode::Internal, ErrorCode::from_code);
    let message = text("error.message").unwrap_or_default().to_owned();
    Err(Error {
        code,
        message,
        document,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_ok() {
        let ok = outcome(r#"{"ok":true,"status":200,"data":{"a":1}}"#.to_owned()).unwrap();
        assert_eq!(ok.status(), 200);
        assert_eq!(ok.get("data.a"), Some(&json!(1)));
        assert_eq!(ok.get("data.a.b"), None);

        let err = outcome(
            r#"{"ok":false,"status":401,"error":{"code":"auth_failed","message":"no"}}"#.to_owned(),
        )
        .unwrap_err();
        assert_eq!(err.code(), &ErrorCode::AuthFailed);
        assert_eq!(err.message(), "no");
        assert_eq!(err.to_string(), "auth_failed: no (HTTP 401)");
        assert!(!err.is_cancelled());
    }

    #[test]
    fn success_is_lazy_and_errors_are_not() {
        assert!(ok_prefix(r#"{"ok":true,"status":200}"#));
        assert!(ok_prefix(r#"{"ok":true}"#));
        assert!(!ok_prefix(r#"{"ok":truex}"#));
        assert!(!ok_prefix(r#"{"ok":true"#));
        assert!(!ok_prefix(r#"{"ok":false,"status":0}"#));
        // Not as the library writes it: parsed, and still split right.
        let spaced = outcome(r#"{ "ok": true, "status": 204 }"#.to_owned()).unwrap();
        assert_eq!(spaced.status(), 204);
        let spaced = outcome(r#"{"status":0, "ok": false, "error":{"code":"tls","message":"m"}}"#.to_owned());
        assert_eq!(spaced.unwrap_err().code(), &ErrorCode::Tls);

        let ok = outcome(r#"{"ok":true,"status":200,"data":[1]}"#.to_owned()).unwrap();
        assert!(ok.value.get().is_none(), "parsed before it was read");
        let copy = ok.clone();
        assert_eq!(ok.data(), Some(&json!([1])));
        assert_eq!(copy, ok);
        assert_eq!(copy.into_value(), json!({"ok": true, "status": 200, "data": [1]}));
        assert_eq!(ok.clone().into_json(), ok.json());
        // A broken success document the library would never write.
        let broken = outcome(r#"{"ok":true,"#.to_owned()).unwrap();
        assert_eq!((broken.value(), broken.status()), (&Value::Null, 0));
    }

    #[test]
    fn response_fields() {
        let err = outcome(
            r#"{"ok":false,"status":429,"error":{"code":"rate_limited","message":"m"},
                "headers":{"etag":"\"v1\"","link":"<x>"},
                "rate_limit":{"limit":100,"remaining":0,"reset_s":null},"retry_after_s":3}"#
                .to_owned(),
        )
        .unwrap_err();
        assert_eq!(err.retry_after(), Some(Duration::from_secs(3)));
        let doc = err.document();
        assert_eq!(doc.header("ETag"), Some("\"v1\""));
        assert_eq!(doc.header("date"), None);
        assert_eq!(
            doc.headers().collect::<Vec<_>>(),
            [("etag", "\"v1\""), ("link", "<x>")]
        );
        assert_eq!(
            doc.rate_limit(),
            Some(RateLimit {
                limit: Some(100),
                remaining: Some(0),
                reset: None
            })
        );
    }

    #[test]
    fn numbers_and_text_are_exact() {
        let ok = outcome(
            r#"{"ok":true,"status":200,"data":{"id":9007199254740993,"p":1.50,"s":"a\u00e9","l":[1,{"x":[2]}]}}"#
                .to_owned(),
        )
        .unwrap();
        assert_eq!(ok.get("data.id").and_then(Value::as_u64), Some(9007199254740993));
        assert_eq!(ok.json_at("data.id"), Some("9007199254740993"));
        assert_eq!(ok.json_at("data.p"), Some("1.50"));
        assert_eq!(ok.json_at("data.s"), Some(r#""a\u00e9""#));
        assert_eq!(ok.json_at("data.l.1.x.0"), Some("2"));
        assert_eq!(ok.json_at("data.l.2"), None);
        assert_eq!(ok.json_at("data.id.x"), None);
        assert_eq!(ok.headers().count(), 0);
        assert_eq!((ok.rate_limit(), ok.retry_after()), (None, None));
    }

    #[test]
    fn data_as_a_type() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Thing {
            id: u64,
            tags: Vec<String>,
        }
        let ok = outcome(
            r#"{"ok":true,"status":200,"data":{"id":9007199254740993,"tags":["a"],"more":1}}"#
                .to_owned(),
        )
        .unwrap();
        assert_eq!(
            ok.data_as::<Thing>().unwrap(),
            Thing {
                id: 9007199254740993,
                tags: vec!["a".to_owned()]
            }
        );
        let err = ok.data_as::<Vec<u8>>().unwrap_err();
        assert_eq!(err.code(), &ErrorCode::InvalidResponse);
        assert!(err.message().starts_with("data does not match"), "{}", err);
    }

    #[test]
    fn unknown_codes_and_broken_documents() {
        let err = outcome(r#"{"ok":false,"error":{"code":"new_code"}}"#.to_owned()).unwrap_err();
        assert_eq!(err.code(), &ErrorCode::Other("new_code".to_owned()));
        assert_eq!(err.status(), 0);
        assert_eq!(
            outcome("{".to_owned()).unwrap_err().code(),
            &ErrorCode::Internal
        );
    }

    #[test]
    fn codes_round_trip() {
        for code in KNOWN_CODES {
            assert_eq!(&ErrorCode::from_code(code.as_str()), code);
        }
        assert!(ErrorCode::from_code("cancelled") == ErrorCode::Cancelled);
    }

    #[test]
    fn binding_errors_look_like_library_errors() {
        let err = Error::new(ErrorCode::InvalidArgument, "query contains a NUL byte");
        let again = outcome(err.document().json().to_owned()).unwrap_err();
        assert_eq!(again, err);
        assert_eq!(err.key(), None);
    }
}
