//! The safe session handle.

use crate::cancel::Options;
use crate::config::Config;
use crate::result::{outcome, Document, Error, ErrorCode, Result};
use crate::text::Text;
use extapi_sys as sys;
use serde_json::Value;
use std::ffi::{CStr, CString};
use std::fmt;
use std::os::raw::c_char;
use std::ptr;

/// A libextapi session: configuration, credentials, token state and
/// connection pool behind one handle.
///
/// Every call returns `Ok(Document)` when the library's document says
/// `"ok": true`, else `Err(Error)`.
///
/// A `Session` may be shared between threads (`Arc<Session>`): the C
/// library is thread-safe, and when the token must be renewed exactly one
/// renewal reaches the server.  Closing needs `&mut self`, so the borrow
/// checker enforces the C API's one rule: no free while another thread is
/// inside a call.
pub struct Session {
    /// NULL once closed; the C API answers a NULL session with
    /// invalid_argument.
    handle: *mut sys::ext_session,
}

// The C library is thread-safe for every function except ext_session_free,
// which only runs with exclusive access (close(&mut self), Drop).
unsafe impl Send for Session {}
unsafe impl Sync for Session {}

impl Session {
    /// Creates a session.  A configuration the library rejects is
    /// `Err` with [`ErrorCode::InvalidConfig`], [`Error::key`] naming the
    /// key.  Never blocks: nothing is sent until the first call that
    /// needs it; `*_env` credentials are read from the environment here.
    pub fn new(config: &Config) -> Result<Session> {
        Session::from_json(&config.to_json())
    }

    /// [`Session::new`] from the configuration as JSON text (`man 3
    /// extapi`, CONFIGURATION).  A NUL byte in the text is `InvalidArgument`.
    pub fn from_json(config_json: &str) -> Result<Session> {
        let config = c_string("configuration", config_json)?;
        let handle = unsafe { sys::ext_session_new(config.as_ptr()) };
        if handle.is_null() {
            return Err(Error::new(
                ErrorCode::OutOfMemory,
                "ext_session_new returned NULL",
            ));
        }
        // Dropped (freed) on the error path below.
        let session = Session { handle };
        // The C API never fails construction (it has no error channel);
        // a Rust caller expects the error here, not on the first call.
        let info = session.info()?;
        match info.get("config_error") {
            None | Some(Value::Null) => Ok(session),
            Some(problem) => {
                let mut error = serde_json::Map::new();
                error.insert("code".into(), "invalid_config".into());
                error.insert(
                    "message".into(),
                    problem.get("message").cloned().unwrap_or(Value::Null),
                );
                error.insert(
                    "key".into(),
                    problem.get("key").cloned().unwrap_or(Value::Null),
                );
                Err(Error::from_error_member(Value::Object(error)))
            }
        }
    }

    /// Frees the native session now (without revoking the token; see
    /// [`Session::logout`]).  Later calls answer `InvalidArgument`; closing
    /// twice is harmless.  Dropping the session does the same.
    pub fn close(&mut self) {
        unsafe { sys::ext_session_free(self.handle) };
        self.handle = ptr::null_mut();
    }

    pub fn is_closed(&self) -> bool {
        self.handle.is_null()
    }

    /// Obtains a token now, or reuses a valid one.  Blocks.
    pub fn login(&self) -> Result<Document> {
        self.login_with(&Options::new())
    }

    /// [`Session::login`] with options (`deadline`) and a cancel handle.
    pub fn login_with(&self, options: &Options) -> Result<Document> {
        let options_json = c_string_opt("options", options.to_json().as_deref())?;
        self.call(|s| unsafe { sys::ext_login_ex(s, opt_ptr(&options_json), options.cancel_ptr()) })
    }

    /// Runs a GraphQL query; `variables` is a JSON object (`json!({..})`).
    /// Blocks.
    pub fn graphql(&self, query: &str, variables: Option<&Value>) -> Result<Document> {
        self.graphql_with(query, variables, &Options::new())
    }

    /// [`Session::graphql`] with options (`deadline`, `header`, `query`,
    /// `operation_name`) and a cancel handle.
    pub fn graphql_with(
        &self,
        query: &str,
        variables: Option<&Value>,
        options: &Options,
    ) -> Result<Document> {
        let query = c_string("query", query)?;
        let variables = c_string_opt("variables", variables.map(Value::to_string).as_deref())?;
        let options_json = c_string_opt("options", options.to_json().as_deref())?;
        self.call(|s| unsafe {
            sys::ext_graphql_ex(
                s,
                query.as_ptr(),
                opt_ptr(&variables),
                opt_ptr(&options_json),
                options.cancel_ptr(),
            )
        })
    }

    /// A REST call: `method` such as `"GET"`, `path` such as
    /// `"/devices?page=1&limit=10"` (on the base URL's origin only), `body`
    /// sent as JSON.  Blocks.
    pub fn request(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Document> {
        self.request_with(method, path, body, &Options::new())
    }

    /// [`Session::request`] with options (`deadline`, `header`, `query`,
    /// `content_type`, `response`) and a cancel handle.  With a
    /// `content_type`, a `Value::String` body is sent as its text (a form,
    /// XML) rather than as a JSON string.
    pub fn request_with(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        options: &Options,
    ) -> Result<Document> {
        let method = c_string("method", method)?;
        let path = c_string("path", path)?;
        let body = match body {
            Some(Value::String(text)) if options.content_type_set() => Some(text.clone()),
            body => body.map(Value::to_string),
        };
        let body = c_string_opt("body", body.as_deref())?;
        let options_json = c_string_opt("options", options.to_json().as_deref())?;
        self.call(|s| unsafe {
            sys::ext_request_ex(
                s,
                method.as_ptr(),
                path.as_ptr(),
                opt_ptr(&body),
                opt_ptr(&options_json),
                options.cancel_ptr(),
            )
        })
    }

    /// Every page of a listing in one document (`ext_paginate`): XIQ
    /// `page`/`total_pages`, MSX `page`/`hasNext`, or RFC 8288 `Link`
    /// pagination, recognised from the first page; `data` is the array of
    /// all items, with `pages`, `complete` and `style` beside it.  Takes
    /// `deadline`, `header`, `query`, `max_pages` and a cancel handle.
    pub fn paginate(&self, path: &str, options: &Options) -> Result<Document> {
        let path = c_string("path", path)?;
        let options_json = c_string_opt("options", options.to_json().as_deref())?;
        self.call(|s| unsafe {
            sys::ext_paginate(s, path.as_ptr(), opt_ptr(&options_json), options.cancel_ptr())
        })
    }

    /// Renews the token now, even if it is still valid.  Blocks.
    pub fn token_refresh(&self) -> Result<Document> {
        self.call(|s| unsafe { sys::ext_token_refresh(s) })
    }

    /// Revokes the token where the profile can, then forgets it.  Blocks.
    pub fn logout(&self) -> Result<Document> {
        self.call(|s| unsafe { sys::ext_logout(s) })
    }

    /// Profile, base URL, token state, configuration error and counters;
    /// secrets redacted.  Never touches the network.
    pub fn info(&self) -> Result<Document> {
        self.call(|s| unsafe { sys::ext_session_info(s) })
    }

    fn call(&self, f: impl FnOnce(*mut sys::ext_session) -> *mut c_char) -> Result<Document> {
        match Text::take(f(self.handle)) {
            Some(json) => outcome(json),
            None => Err(Error::new(
                ErrorCode::OutOfMemory,
                "the library returned NULL",
            )),
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.close();
    }
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("closed", &self.is_closed())
            .finish()
    }
}

/// The library version, `"MAJOR.MINOR.PATCH"`.
pub fn version() -> &'static str {
    // A static ASCII string that is never freed.
    unsafe { CStr::from_ptr(sys::ext_version()) }
        .to_str()
        .unwrap_or_default()
}

/// `s` for C; a NUL byte inside cannot be passed and is `InvalidArgument`.
fn c_string(what: &str, s: &str) -> Result<CString> {
    CString::new(s).map_err(|e| {
        Error::new(
            ErrorCode::InvalidArgument,
            &format!("{} contains a NUL byte at {}", what, e.nul_position()),
        )
    })
}

fn c_string_opt(what: &str, s: Option<&str>) -> Result<Option<CString>> {
    s.map(|s| c_string(what, s)).transpose()
}

fn opt_ptr(s: &Option<CString>) -> *const c_char {
    s.as_ref().map_or(ptr::null(), |s| s.as_ptr())
}
