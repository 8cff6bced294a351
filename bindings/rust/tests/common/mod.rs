//! Shared by the integration tests: the emulator started by
//! tests/emulator/with-emulator.sh, driven through the binding itself.
#![allow(dead_code)] // each test file uses its own part of this module

use extapi::{Config, Document, Session};
use serde_json::{json, Value};
use std::sync::{Mutex, MutexGuard};

/// The tests of one binary run on threads but share one emulator, whose
/// state they reset: they take turns.
static EMULATOR_TURN: Mutex<()> = Mutex::new(());

/// The emulator's base URL (`http://127.0.0.1:PORT`).
pub fn base_url() -> String {
    std::env::var("EXTAPI_EMULATOR_URL").expect(
        "EXTAPI_EMULATOR_URL is not set: run the tests through tests/emulator/with-emulator.sh (ctest does)",
    )
}

/// The emulator, reset, for the calling test alone until it is dropped.
pub struct Emulator {
    pub url: String,
    control: Session,
    _turn: MutexGuard<'static, ()>,
}

impl Emulator {
    pub fn start() -> Emulator {
        // A test that failed while holding the turn must not fail the rest.
        let turn = EMULATOR_TURN
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let url = base_url();
        let control = Session::new(&Config {
            profile: "basic".into(),
            base_url: url.clone(),
            username: Some("x".into()),
            password: Some("y".into()),
            ..Default::default()
        })
        .unwrap();
        let emulator = Emulator {
            control,
            url,
            _turn: turn,
        };
        emulator.reset();
        emulator
    }

    /// Counters, faults, tokens and configuration back to the defaults.
    pub fn reset(&self) {
        self.control("POST", "/_emu/reset", None);
    }

    fn control(&self, method: &str, path: &str, body: Option<&Value>) -> Document {
        self.control
            .request(method, path, body)
            .unwrap_or_else(|e| panic!("emulator control {} failed: {}", path, e))
    }

    /// Merges `settings` (a JSON object) into the emulator's configuration.
    pub fn configure(&self, settings: Value) {
        self.control("POST", "/_emu/config", Some(&settings));
    }

    /// Queues a fault (a JSON object, see PROTOCOL.md).
    pub fn fault(&self, fault: Value) {
        self.control("POST", "/_emu/fault", Some(&fault));
    }

    pub fn counters(&self) -> Value {
        self.control("GET", "/_emu/counters", None)
            .data()
            .cloned()
            .unwrap_or(Value::Null)
    }

    /// One counter; an absent counter is 0.
    pub fn counter(&self, name: &str) -> u64 {
        self.counters().get(name).and_then(Value::as_u64).unwrap_or(0)
    }

    /// A session configured by `json`, where `${BASE_URL}` stands for the
    /// emulator's URL.
    pub fn session(&self, json: &str) -> Session {
        Session::from_json(&json.replace("${BASE_URL}", &self.url))
            .unwrap_or_else(|e| panic!("session {}: {}", json, e))
    }

    /// An xmc session with the emulator's default client.
    pub fn xmc_session(&self) -> Session {
        self.session(r#"{"profile":"xmc","base_url":"${BASE_URL}","client_id":"xmc-client","client_secret":"xmc-secret+/=!"}"#)
    }

    /// The `/_emu/fault` that makes `path` stall for `ms` before answering.
    pub fn stall(&self, path: &str, ms: u64) {
        self.fault(json!({"path": path, "kind": "stall", "stall_ms": ms}));
    }
}

/// The (unsigned integer) number at `path` in a document, for assertions.
pub fn number(doc: &Document, path: &str) -> u64 {
    doc.get(path)
        .and_then(Value::as_u64)
        .unwrap_or_else(|| panic!("no number at {} in {}", path, doc.json()))
}

/// The string at `path` in a document, for assertions.
pub fn text<'a>(doc: &'a Document, path: &str) -> &'a str {
    doc.get(path)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string at {} in {}", path, doc.json()))
}
