//! Raw declarations of libextapi's C API, `include/extapi.h` (ABI version
//! 1, library version 1.1), written by hand: the header is small and
//! stable, and bindgen would need libclang at build time.
//!
//! Everything here is `unsafe` and follows the header's rules: every
//! `*mut c_char` a function returns belongs to the caller and goes back
//! through [`ext_string_free`]; a session is not freed while another
//! thread is inside a call on it; a cancel handle is not freed while a call
//! uses it.  The `extapi` crate is the safe API over these.

#![allow(non_camel_case_types)] // the C names, as in extapi.h

// std::os::raw, not core::ffi: core::ffi::c_char needs Rust 1.64.
use std::os::raw::c_char;

/// The opaque `ext_session` (a session: configuration, credentials, token
/// state, connection pool).
#[repr(C)]
pub struct ext_session {
    _private: [u8; 0],
}

/// The opaque, thread-safe `ext_cancel` (1.1): fired from any thread, it
/// makes every call using it return with error code `cancelled`.
#[repr(C)]
pub struct ext_cancel {
    _private: [u8; 0],
}

extern "C" {
    /// `"MAJOR.MINOR.PATCH"`, static: never freed.
    pub fn ext_version() -> *const c_char;
    /// Never NULL except out of memory; a bad configuration yields a
    /// session answering `invalid_config`.
    pub fn ext_session_new(config_json: *const c_char) -> *mut ext_session;
    pub fn ext_session_free(s: *mut ext_session);

    pub fn ext_login(s: *mut ext_session) -> *mut c_char;
    pub fn ext_graphql(
        s: *mut ext_session,
        query: *const c_char,
        variables_json: *const c_char,
    ) -> *mut c_char;
    pub fn ext_request(
        s: *mut ext_session,
        method: *const c_char,
        path: *const c_char,
        body_json: *const c_char,
    ) -> *mut c_char;
    pub fn ext_token_refresh(s: *mut ext_session) -> *mut c_char;
    pub fn ext_logout(s: *mut ext_session) -> *mut c_char;
    pub fn ext_session_info(s: *mut ext_session) -> *mut c_char;
    pub fn ext_string_free(json: *mut c_char);

    // Version 1.1: cancellation and per-call options.
    pub fn ext_cancel_new() -> *mut ext_cancel;
    pub fn ext_cancel_fire(c: *mut ext_cancel);
    pub fn ext_cancel_free(c: *mut ext_cancel);
    pub fn ext_login_ex(
        s: *mut ext_session,
        options_json: *const c_char,
        c: *mut ext_cancel,
    ) -> *mut c_char;
    pub fn ext_graphql_ex(
        s: *mut ext_session,
        query: *const c_char,
        variables_json: *const c_char,
        options_json: *const c_char,
        c: *mut ext_cancel,
    ) -> *mut c_char;
    pub fn ext_request_ex(
        s: *mut ext_session,
        method: *const c_char,
        path: *const c_char,
        body: *const c_char,
        options_json: *const c_char,
        c: *mut ext_cancel,
    ) -> *mut c_char;
    pub fn ext_paginate(
        s: *mut ext_session,
        path: *const c_char,
        options_json: *const c_char,
        c: *mut ext_cancel,
    ) -> *mut c_char;
}
