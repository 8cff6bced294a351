//! The session configuration as a typed struct (`man 3 extapi`, CONFIGURATION),
//! serialised to the JSON object `ext_session_new` takes.

use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// A session's configuration.  Unset fields (`None`) are left out, so the
/// library's defaults apply; build one with struct update syntax:
///
/// ```
/// let config = extapi::Config {
///     profile: "xmc".into(),
///     base_url: "https://xmc.example:8443".into(),
///     client_id: Some("my-client".into()),
///     client_secret_env: Some("XMC_CLIENT_SECRET".into()),
///     timeout_ms: Some(10_000),
///     ..Default::default()
/// };
/// assert!(config.to_json().contains(r#""timeout_ms":10000"#));
/// ```
///
/// The library checks the values: a bad one makes [`crate::Session::new`]
/// fail with [`crate::ErrorCode::InvalidConfig`] naming the key.  Keys this
/// struct does not know yet (a later library version's) go in `extra`.
#[derive(Clone, Default, PartialEq, Serialize)]
pub struct Config {
    /// `xiq`, `xmc`, `oauth2`, `basic`, `bearer` or `apikey`.
    pub profile: String,
    /// Scheme, host and port of the service.
    pub base_url: String,

    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,

    /// The `*_env` keys name an environment variable holding the credential,
    /// read once by `Session::new`: the secret stays out of the program.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username_env: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_env: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id_env: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret_env: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_env: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key_env: Option<String>,

    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoke_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graphql_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logout_path: Option<String>,
    /// `auto`, `basic_raw`, `basic` or `body`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_auth: Option<String>,
    /// `client_credentials`, `password` or an extension grant's URI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grant_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_params: Option<BTreeMap<String, String>>,
    /// Extra headers on every API call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headers: Option<BTreeMap<String, String>>,
    /// Response headers each result carries in `headers`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_headers: Option<Vec<String>>,
    /// Bound on one whole call, retries, waits and a renewal included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key_header: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key_query: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_leeway_s: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connect_timeout_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retries: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verify_tls: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_cert: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_http: Option<bool>,
    /// A file where the token survives between processes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_cache: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_response_bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expose_token: Option<bool>,

    /// Any other key, sent as given.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, Value>,
}

/// The keys whose values are secrets, hidden by `Debug`.
const SECRETS: &[&str] = &["password", "client_secret", "token", "api_key", "proxy"];

impl Config {
    /// The JSON object `ext_session_new` takes.
    pub fn to_json(&self) -> String {
        // Only strings, numbers, booleans, maps and a Map: cannot fail.
        serde_json::to_string(self).expect("a Config always serialises")
    }
}

/// Shows the configuration with secret values as `"[redacted]"` (`proxy`
/// too: its URL may carry a password), so a config can be logged.
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut value = serde_json::to_value(self).map_err(|_| fmt::Error)?;
        if let Value::Object(members) = &mut value {
            for key in SECRETS {
                if let Some(secret) = members.get_mut(*key) {
                    *secret = Value::from("[redacted]");
                }
            }
        }
        write!(f, "Config {}", value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_fields_are_left_out_and_secrets_hidden() {
        let config = Config {
            profile: "basic".into(),
            base_url: "http://127.0.0.1:9".into(),
            username: Some("u".into()),
            password: Some("hunter2".into()),
            retries: Some(0),
            ..Default::default()
        };
        assert_eq!(
            config.to_json(),
            r#"{"profile":"basic","base_url":"http://127.0.0.1:9","username":"u","password":"hunter2","retries":0}"#
        );
        let debug = format!("{:?}", config);
        assert!(!debug.contains("hunter2"), "{}", debug);
        assert!(debug.contains(r#""password":"[redacted]""#), "{}", debug);
    }

    #[test]
    fn extra_keys_are_sent() {
        let mut config = Config::default();
        config.extra.insert("future_key".into(), Value::from(3));
        assert!(config.to_json().ends_with(r#""future_key":3}"#));
    }
}
