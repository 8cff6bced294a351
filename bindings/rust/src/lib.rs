//! Safe Rust binding of libextapi, a client for token-protected management
//! APIs (ExtremeCloud IQ, XMC / Site Engine GraphQL, any OAuth 2.0 service).
//!
//! A [`Session`] hides all token state: login, expiry, refresh, retries and
//! logout happen inside the C library.  Every call returns the library's
//! JSON document as a [`Document`] (`"ok": true`) or an [`Error`]
//! (`"ok": false`, with `error.code` as an [`ErrorCode`]).
//!
//! ```no_run
//! use extapi::Session;
//!
//! let session = Session::new(r#"{"profile": "xmc", "base_url": "https://xmc.example:8443",
//!                                "client_id": "my-client", "client_secret_env": "XMC_SECRET"}"#)?;
//! let result = session.graphql("{ network { devices { ip } } }", None)?;
//! println!("{}", result.json());
//! session.logout()?;
//! # Ok::<(), extapi::Error>(())
//! ```

mod ffi;
pub mod json;
mod result;
mod session;

pub use result::{Document, Error, ErrorCode, RateLimit, Result};
pub use session::{version, Session};
