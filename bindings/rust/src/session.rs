//! The safe session handle.

use crate::ffi;
use crate::result::{outcome, Document, Error, ErrorCode, Result};
use std::ffi::{CStr, CString};
use std::fmt;
use std::os::raw::c_char;
use std::ptr;

/// A libextapi session: configuration, credentials, token state and
/// connection pool behind one handle.
///
/// Every call returns `Ok(Document)` when the library's document says
/// `"ok": true`, else `Err(Error)`.  A bad configuration does not fail
/// [`Session::new`]: the session then answers every call with
/// [`ErrorCode::InvalidConfig`] naming the key, as the C API does.
///
/// A `Session` may be shared between threads (`Arc<Session>`): the C
/// library is thread-safe, and when the token must be renewed exactly one
/// renewal reaches the server.  Closing needs `&mut self`, so the borrow
/// checker enforces the C API's one rule: no free while another thread is
/// inside a call.
pub struct Session {
    /// NULL once closed; the C API answers a NULL session with
    /// invalid_argument.
    handle: *mut ffi::ExtSession,
}

// The C library is thread-safe for every function except ext_session_free,
// which only runs with exclusive access (close(&mut self), Drop).
unsafe impl Send for Session {}
unsafe impl Sync for Session {}

impl Session {
    /// Creates a session from a JSON configuration object.  Fails only when
    /// the text holds a NUL byte (`InvalidArgument`) or memory runs out.
    /// Never blocks: nothing is sent until the first call that needs it.
    pub fn new(config_json: &str) -> Result<Session> {
        let config = c_string("configuration", config_json)?;
        let handle = unsafe { ffi::ext_session_new(config.as_ptr()) };
        if handle.is_null() {
            return Err(Error::new(
                ErrorCode::OutOfMemory,
                "ext_session_new returned NULL",
            ));
        }
        Ok(Session { handle })
    }

    /// Frees the native session now (without revoking the token; see
    /// [`Session::logout`]).  Later calls answer `InvalidArgument`; closing
    /// twice is harmless.  Dropping the session does the same.
    pub fn close(&mut self) {
        unsafe { ffi::ext_session_free(self.handle) };
        self.handle = ptr::null_mut();
    }

    pub fn is_closed(&self) -> bool {
        self.handle.is_null()
    }

    /// Obtains a token now, or reuses a valid one.  Blocks.
    pub fn login(&self) -> Result<Document> {
        self.call(|s| unsafe { ffi::ext_login(s) })
    }

    /// Runs a GraphQL query; `variables` is a JSON object.  Blocks.
    pub fn graphql(&self, query: &str, variables: Option<&str>) -> Result<Document> {
        let query = c_string("query", query)?;
        let variables = c_string_opt("variables", variables)?;
        self.call(|s| unsafe { ffi::ext_graphql(s, query.as_ptr(), opt_ptr(&variables)) })
    }

    /// A REST call: `method` such as `"GET"`, `path` such as
    /// `"/devices?page=1&limit=10"` (on the base URL's origin only), `body`
    /// a JSON document.  Blocks.
    pub fn request(&self, method: &str, path: &str, body: Option<&str>) -> Result<Document> {
        let method = c_string("method", method)?;
        let path = c_string("path", path)?;
        let body = c_string_opt("body", body)?;
        self.call(|s| unsafe {
            ffi::ext_request(s, method.as_ptr(), path.as_ptr(), opt_ptr(&body))
        })
    }

    /// Renews the token now, even if it is still valid.  Blocks.
    pub fn token_refresh(&self) -> Result<Document> {
        self.call(|s| unsafe { ffi::ext_token_refresh(s) })
    }

    /// Revokes the token where the profile can, then forgets it.  Blocks.
    pub fn logout(&self) -> Result<Document> {
        self.call(|s| unsafe { ffi::ext_logout(s) })
    }

    /// Profile, base URL, token state, configuration error and counters;
    /// secrets redacted.  Never touches the network.
    pub fn info(&self) -> Result<Document> {
        self.call(|s| unsafe { ffi::ext_session_info(s) })
    }

    fn call(&self, f: impl FnOnce(*mut ffi::ExtSession) -> *mut c_char) -> Result<Document> {
        match take_string(f(self.handle)) {
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
    unsafe { CStr::from_ptr(ffi::ext_version()) }
        .to_str()
        .unwrap_or_default()
}

/// Copies a string the library returned and frees it at once, so no C
/// string outlives the call that produced it.  `None` for NULL (out of
/// memory).
fn take_string(ptr: *mut c_char) -> Option<String> {
    if ptr.is_null() {
        return None;
    }
    let copy = unsafe { CStr::from_ptr(ptr) }
        .to_string_lossy()
        .into_owned();
    unsafe { ffi::ext_string_free(ptr) };
    Some(copy)
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
