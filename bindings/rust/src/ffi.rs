//! The C API of extapi.h, declared by hand (ABI version 1).
//!
//! Every `*mut c_char` returned is owned by the caller and must go back
//! through `ext_string_free`; `text::Text::take` is the one place that
//! does it.

use std::os::raw::c_char;

/// The opaque `ext_session` of the C API.
#[repr(C)]
pub struct ExtSession {
    _private: [u8; 0],
}

extern "C" {
    pub fn ext_version() -> *const c_char;
    pub fn ext_session_new(config_json: *const c_char) -> *mut ExtSession;
    pub fn ext_session_free(s: *mut ExtSession);
    pub fn ext_login(s: *mut ExtSession) -> *mut c_char;
    pub fn ext_graphql(
        s: *mut ExtSession,
        query: *const c_char,
        variables_json: *const c_char,
    ) -> *mut c_char;
    pub fn ext_request(
        s: *mut ExtSession,
        method: *const c_char,
        path: *const c_char,
        body_json: *const c_char,
    ) -> *mut c_char;
    pub fn ext_token_refresh(s: *mut ExtSession) -> *mut c_char;
    pub fn ext_logout(s: *mut ExtSession) -> *mut c_char;
    pub fn ext_session_info(s: *mut ExtSession) -> *mut c_char;
    pub fn ext_string_free(json: *mut c_char);
}
