//! What a call returns: the library's JSON document, split by its `ok`
//! field into `Ok(Document)` and `Err(Error)`.

use crate::json::{self, Value};
use std::fmt;

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// One result document: the JSON text as the library returned it, and its
/// parsed form.
#[derive(Clone, PartialEq)]
pub struct Document {
    json: String,
    value: Value,
}

impl Document {
    /// The document as the library returned it.
    pub fn json(&self) -> &str {
        &self.json
    }

    pub fn into_json(self) -> String {
        self.json
    }

    /// The parsed document.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The value at a dotted path, e.g. `token.expires_in` or
    /// `data.network.devices.0.ip`.
    pub fn get(&self, path: &str) -> Option<&Value> {
        self.value.path(path)
    }

    /// The final HTTP status; 0 when no response came or the call made no
    /// request (login, info).
    pub fn status(&self) -> u16 {
        self.get("status")
            .and_then(Value::as_f64)
            .map_or(0, |s| s as u16)
    }

    /// The response body (`data`), when there is one.
    pub fn data(&self) -> Option<&Value> {
        self.get("data")
    }
}

/// Shows the JSON text only: the parsed form says the same at length.
impl fmt::Debug for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Document").field(&self.json).finish()
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

    pub fn document(&self) -> &Document {
        &self.document
    }

    pub fn into_document(self) -> Document {
        self.document
    }

    /// An error the binding itself detects (an argument C cannot carry, a
    /// NULL from the library), shaped like the library's own documents.
    pub(crate) fn new(code: ErrorCode, message: &str) -> Error {
        let value = Value::Object(vec![
            ("ok".to_owned(), Value::Bool(false)),
            ("status".to_owned(), Value::Number(0.0)),
            (
                "error".to_owned(),
                Value::Object(vec![
                    ("code".to_owned(), Value::String(code.as_str().to_owned())),
                    ("message".to_owned(), Value::String(message.to_owned())),
                ]),
            ),
        ]);
        Error {
            code,
            message: message.to_owned(),
            document: Document {
                json: value.to_string(),
                value,
            },
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

/// Splits a returned document on its `ok` field.
pub(crate) fn outcome(json: String) -> Result<Document> {
    let value = match json::parse(&json) {
        Ok(value) => value,
        Err(e) => {
            return Err(Error::new(
                ErrorCode::Internal,
                &format!("the library returned a document that is not JSON: {}", e),
            ))
        }
    };
    let document = Document { json, value };
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
        assert_eq!(ok.get("data.a"), Some(&Value::Number(1.0)));

        let err = outcome(
            r#"{"ok":false,"status":401,"error":{"code":"auth_failed","message":"no"}}"#.to_owned(),
        )
        .unwrap_err();
        assert_eq!(err.code(), &ErrorCode::AuthFailed);
        assert_eq!(err.message(), "no");
        assert_eq!(err.to_string(), "auth_failed: no (HTTP 401)");
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
    }

    #[test]
    fn binding_errors_look_like_library_errors() {
        let err = Error::new(ErrorCode::InvalidArgument, "query contains a NUL byte");
        let again = outcome(err.document().json().to_owned()).unwrap_err();
        assert_eq!(again, err);
    }
}
