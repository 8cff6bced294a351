//! A result document's storage: its JSON text, kept as the library's own
//! C string (no copy; freed with `ext_string_free` when the document goes
//! away), and its parsed form, made on first use.

use extapi_sys as sys;
use serde_json::Value;
use std::cell::UnsafeCell;
use std::ffi::CStr;
use std::os::raw::c_char;
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::ptr::NonNull;
use std::sync::Once;

/// The JSON text of a document.
pub(crate) enum Text {
    /// A string the library returned, owned here (UTF-8, checked once).
    Native(NativeText),
    /// A document the binding made itself, or a copy.
    Owned(String),
}

impl Text {
    /// Takes ownership of a string the library returned.  `None` for NULL
    /// (out of memory).  The text is used in place; one the library got
    /// wrong (not UTF-8) is copied lossily and freed at once.
    pub(crate) fn take(ptr: *mut c_char) -> Option<Text> {
        let ptr = NonNull::new(ptr)?;
        let native = NativeText {
            len: unsafe { CStr::from_ptr(ptr.as_ptr()) }.to_bytes().len(),
            ptr,
        };
        Some(match std::str::from_utf8(native.bytes()) {
            Ok(_) => Text::Native(native),
            // Dropping `native` frees the C string.
            Err(_) => Text::Owned(String::from_utf8_lossy(native.bytes()).into_owned()),
        })
    }

    pub(crate) fn as_str(&self) -> &str {
        match self {
            // Checked to be UTF-8 in take(); the bytes never change.
            Text::Native(native) => unsafe { std::str::from_utf8_unchecked(native.bytes()) },
            Text::Owned(text) => text,
        }
    }

    pub(crate) fn into_string(self) -> String {
        match self {
            Text::Native(native) => native.to_str().to_owned(),
            Text::Owned(text) => text,
        }
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text::Owned(text)
    }
}

impl Clone for Text {
    fn clone(&self) -> Text {
        Text::Owned(self.as_str().to_owned())
    }
}

/// A NUL-terminated string from the library: `len` bytes before the NUL,
/// valid UTF-8, never written to, freed exactly once (in drop).
pub(crate) struct NativeText {
    ptr: NonNull<c_char>,
    len: usize,
}

impl NativeText {
    fn bytes(&self) -> &[u8] {
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr() as *const u8, self.len) }
    }

    fn to_str(&self) -> &str {
        unsafe { std::str::from_utf8_unchecked(self.bytes()) }
    }
}

impl Drop for NativeText {
    fn drop(&mut self) {
        unsafe { sys::ext_string_free(self.ptr.as_ptr()) };
    }
}

// An immutable heap buffer: reading it from several threads is safe, and
// ext_string_free (free(3)) may run on any thread.
unsafe impl Send for NativeText {}
unsafe impl Sync for NativeText {}

/// The parsed document, computed at most once, on first use, from any
/// thread (a minimal `OnceLock`, which the crate's rustc 1.63 lacks).
pub(crate) struct Parsed {
    once: Once,
    value: UnsafeCell<Option<Value>>,
}

impl Parsed {
    pub(crate) fn new() -> Parsed {
        Parsed {
            once: Once::new(),
            value: UnsafeCell::new(None),
        }
    }

    /// Already parsed (the error path parses at once).
    pub(crate) fn with(value: Value) -> Parsed {
        let parsed = Parsed::new();
        parsed.once.call_once(|| unsafe { *parsed.value.get() = Some(value) });
        parsed
    }

    /// The value, made by `parse` on the first call.
    pub(crate) fn get_or_init(&self, parse: impl FnOnce() -> Value) -> &Value {
        // Written only inside call_once; read only after it returned,
        // which orders the write before every read.
        self.once
            .call_once(|| unsafe { *self.value.get() = Some(parse()) });
        unsafe { (*self.value.get()).as_ref() }.expect("set by call_once")
    }

    pub(crate) fn into_inner(self, parse: impl FnOnce() -> Value) -> Value {
        self.get_or_init(parse);
        self.value.into_inner().expect("set by call_once")
    }

    pub(crate) fn get(&self) -> Option<&Value> {
        if self.once.is_completed() {
            unsafe { (*self.value.get()).as_ref() }
        } else {
            None
        }
    }
}

impl Clone for Parsed {
    fn clone(&self) -> Parsed {
        match self.get() {
            Some(value) => Parsed::with(value.clone()),
            None => Parsed::new(),
        }
    }
}

// Like OnceLock<Value>: the value is written once under `once`, then only
// read.
unsafe impl Send for Parsed {}
unsafe impl Sync for Parsed {}
// A panic inside the parse poisons `once`: no half-made value is ever seen.
impl UnwindSafe for Parsed {}
impl RefUnwindSafe for Parsed {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsed_once_and_cloned() {
        let parsed = Parsed::new();
        assert!(parsed.get().is_none());
        assert_eq!(parsed.clone().get(), None);
        let mut calls = 0;
        assert_eq!(parsed.get_or_init(|| { calls += 1; Value::Bool(true) }), &Value::Bool(true));
        assert_eq!(parsed.get_or_init(|| unreachable!()), &Value::Bool(true));
        assert_eq!(calls, 1);
        assert_eq!(parsed.clone().get(), Some(&Value::Bool(true)));
        assert_eq!(parsed.into_inner(|| unreachable!()), Value::Bool(true));
        assert_eq!(Parsed::new().into_inner(|| Value::Null), Value::Null);
    }

    #[test]
    fn text_is_send_and_sync() {
        fn check<T: Send + Sync + UnwindSafe + RefUnwindSafe>() {}
        check::<Text>();
        check::<Parsed>();
    }
}
