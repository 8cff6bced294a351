//! Cancellation (library 1.1) and per-call options.

use serde_json::{Map, Value};
use std::fmt;
use std::ptr::NonNull;
use std::time::Duration;

/// A cancel handle: [`Cancel::fire`], from any thread, makes every call
/// given this handle (through [`Options::cancel`]) return within about
/// 100 ms with [`crate::ErrorCode::Cancelled`].  Share it with
/// `Arc<Cancel>`; once fired it stays fired, and a call started with a
/// fired handle sends nothing.
///
/// ```no_run
/// # use extapi::{Cancel, Options, Session};
/// # use std::{sync::Arc, thread, time::Duration};
/// # let session = Session::from_json("{}")?;
/// let cancel = Arc::new(Cancel::new());
/// let firer = Arc::clone(&cancel);
/// thread::spawn(move || { thread::sleep(Duration::from_secs(2)); firer.fire() });
/// match session.request_with("GET", "/api/slow", None, &Options::new().cancel(&cancel)) {
///     Err(e) if e.is_cancelled() => println!("gave up"),
///     other => println!("{:?}", other),
/// }
/// # Ok::<(), extapi::Error>(())
/// ```
pub struct Cancel {
    handle: NonNull<extapi_sys::ext_cancel>,
}

// ext_cancel is thread-safe (extapi.h); it is freed only by Drop, which the
// borrow in Options keeps from running while a call uses the handle.
unsafe impl Send for Cancel {}
unsafe impl Sync for Cancel {}

impl Cancel {
    /// A handle not fired yet.  Panics only when out of memory.
    pub fn new() -> Cancel {
        let handle = NonNull::new(unsafe { extapi_sys::ext_cancel_new() })
            .expect("ext_cancel_new: out of memory");
        Cancel { handle }
    }

    /// Cancels every call using this handle, now and later.  Never blocks;
    /// firing twice is harmless.
    pub fn fire(&self) {
        unsafe { extapi_sys::ext_cancel_fire(self.handle.as_ptr()) }
    }

    pub(crate) fn as_ptr(&self) -> *mut extapi_sys::ext_cancel {
        self.handle.as_ptr()
    }
}

impl Default for Cancel {
    fn default() -> Cancel {
        Cancel::new()
    }
}

impl Drop for Cancel {
    fn drop(&mut self) {
        unsafe { extapi_sys::ext_cancel_free(self.handle.as_ptr()) }
    }
}

impl fmt::Debug for Cancel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cancel")
    }
}

/// What to make of a REST answer's body (`Options::response`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Response {
    /// `data` is the JSON body as sent (the default).
    Json,
    /// `data` is the body as a string.
    Text,
    /// `data` is the body in base64, for binary answers.
    Base64,
}

/// Per-call options for [`crate::Session::login_with`], `graphql_with` and
/// `request_with`; which call takes which option is in extapi.h (one that
/// does not apply is `InvalidArgument` naming `options.<key>`).
///
/// ```
/// use std::time::Duration;
/// let cancel = extapi::Cancel::new();
/// let options = extapi::Options::new()
///     .deadline(Duration::from_secs(5))
///     .header("X-Request-Id", "42")
///     .cancel(&cancel);
/// assert_eq!(options.to_json().as_deref(), Some(r#"{"deadline_ms":5000,"headers":{"X-Request-Id":"42"}}"#));
/// ```
#[derive(Clone, Default)]
pub struct Options<'c> {
    members: Map<String, Value>,
    cancel: Option<&'c Cancel>,
}

impl<'c> Options<'c> {
    pub fn new() -> Options<'c> {
        Options::default()
    }

    /// Bound on the whole call, over the session's `deadline_ms`.
    pub fn deadline(self, deadline: Duration) -> Self {
        let ms = u64::try_from(deadline.as_millis()).unwrap_or(u64::MAX);
        self.set("deadline_ms", ms)
    }

    /// A request header, merged over the session's `headers`.
    pub fn header(self, name: &str, value: &str) -> Self {
        self.insert_into("headers", name, value)
    }

    /// A query parameter, encoded and appended to the URL.
    pub fn query(self, name: &str, value: &str) -> Self {
        self.insert_into("query", name, value)
    }

    /// The GraphQL `operationName`.
    pub fn operation_name(self, name: &str) -> Self {
        self.set("operation_name", name)
    }

    /// Sends a REST body as given with this Content-Type (form, text, XML)
    /// instead of as JSON: pass the text as a `Value::String` body.
    pub fn content_type(self, content_type: &str) -> Self {
        self.set("content_type", content_type)
    }

    /// How a REST answer's body becomes `data`.
    pub fn response(self, response: Response) -> Self {
        let name = match response {
            Response::Json => "json",
            Response::Text => "text",
            Response::Base64 => "base64",
        };
        self.set("response", name)
    }

    /// `paginate`: stop after this many pages (the result's `complete` is
    /// then false).
    pub fn max_pages(self, pages: u32) -> Self {
        self.set("max_pages", pages)
    }

    /// Any option by its extapi.h name, e.g. one a later library adds.
    pub fn set(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.members.insert(key.to_owned(), value.into());
        self
    }

    /// The cancel handle the call watches; the borrow keeps it alive for
    /// the call.
    pub fn cancel(mut self, cancel: &'c Cancel) -> Self {
        self.cancel = Some(cancel);
        self
    }

    /// The `options_json` passed to C; `None` (NULL) when no option is set.
    pub fn to_json(&self) -> Option<String> {
        if self.members.is_empty() {
            return None;
        }
        Some(Value::Object(self.members.clone()).to_string())
    }

    pub(crate) fn content_type_set(&self) -> bool {
        self.members.contains_key("content_type")
    }

    pub(crate) fn cancel_ptr(&self) -> *mut extapi_sys::ext_cancel {
        self.cancel.map_or(std::ptr::null_mut(), Cancel::as_ptr)
    }

    fn insert_into(mut self, object: &str, name: &str, value: &str) -> Self {
        let entry = self
            .members
            .entry(object.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(members) = entry {
            members.insert(name.to_owned(), Value::from(value));
        } else {
            // set() put something else there: the latest call wins.
            let mut members = Map::new();
            members.insert(name.to_owned(), Value::from(value));
            *entry = Value::Object(members);
        }
        self
    }
}

/// Lists the option keys only: header values may be credentials.
impl fmt::Debug for Options<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Options")
            .field("keys", &self.members.keys().collect::<Vec<_>>())
            .field("cancel", &self.cancel.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_serialise_in_order_and_none_is_null() {
        assert_eq!(Options::new().to_json(), None);
        let options = Options::new()
            .query("page", "2")
            .query("limit", "10")
            .response(Response::Base64)
            .set("deadline_ms", 250);
        assert_eq!(
            options.to_json().unwrap(),
            r#"{"query":{"page":"2","limit":"10"},"response":"base64","deadline_ms":250}"#
        );
        assert!(!options.content_type_set());
        assert!(options.cancel_ptr().is_null());
    }

    #[test]
    fn cancel_is_send_and_sync_and_fires_twice() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Cancel>();
        let cancel = Cancel::new();
        cancel.fire();
        cancel.fire();
        let options = Options::new().cancel(&cancel);
        assert_eq!(options.cancel_ptr(), cancel.as_ptr());
        assert!(format!("{:?}", options).contains("cancel: true"));
    }
}
