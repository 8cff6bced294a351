//! Safe Rust binding of libextapi, a client for token-protected management
//! APIs (ExtremeCloud IQ, XMC / Site Engine GraphQL, any OAuth 2.0 service).
//!
//! A [`Session`] hides all token state: login, expiry, refresh, retries and
//! logout happen inside the C library (declared in the `extapi-sys`
//! crate).  Every call returns the library's JSON document as a
//! [`Document`] (`"ok": true`, parsed into a [`serde_json::Value`] when
//! first read) or an
//! [`Error`] (`"ok": false`, with `error.code` as an [`ErrorCode`]).  A
//! [`Cancel`] fired from another thread cuts a call short.
//!
//! ```no_run
//! use extapi::{Config, Session};
//!
//! let session = Session::new(&Config {
//!     profile: "xmc".into(),
//!     base_url: "https://xmc.example:8443".into(),
//!     client_id: Some("my-client".into()),
//!     client_secret_env: Some("XMC_CLIENT_SECRET".into()),
//!     ..Default::default()
//! })?;
//! let result = session.graphql("{ network { devices { ip } } }", None)?;
//! println!("{}", result.json());
//! session.logout()?;
//! # Ok::<(), extapi::Error>(())
//! ```

mod cancel;
mod config;
mod result;
mod session;
mod text;

pub use cancel::{Cancel, Options, Response};
pub use config::Config;
pub use result::{Document, Error, ErrorCode, RateLimit, Result};
/// The serde_json this crate's results use.
pub use serde_json;
pub use session::{version, Session};
