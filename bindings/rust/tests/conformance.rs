//! Runs the shared conformance cases (tests/conformance/cases.json, format
//! in tests/conformance/README.md) through the binding, 1.1 steps
//! ("options", "cancel": "fired") included.

mod common;

use common::Emulator;
use extapi::{Cancel, Document, Error, Options};
use serde_json::Value;
use std::time::Duration;
use std::{env, fs, thread};

fn cases_file() -> String {
    env::var("EXTAPI_CONFORMANCE_CASES").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/conformance/cases.json"
        )
        .to_owned()
    })
}

#[test]
fn conformance_cases() {
    let path = cases_file();
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {}", path, e));
    let file: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {}", path, e));
    assert_eq!(
        file.get("format").and_then(Value::as_str),
        Some("libextapi-conformance")
    );
    assert_eq!(file.get("version").and_then(Value::as_u64), Some(1));
    let cases = file
        .get("cases")
        .and_then(Value::as_array)
        .expect("no cases");

    let emulator = Emulator::start();
    let mut failures = Vec::new();
    let mut failed_cases = 0;
    for case in cases {
        let name = case
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("(unnamed)");
        let problems = run_case(&emulator, case);
        println!(
            "{} {}",
            if problems.is_empty() { "PASS" } else { "FAIL" },
            name
        );
        if !problems.is_empty() {
            failed_cases += 1;
        }
        failures.extend(
            problems
                .into_iter()
                .map(|problem| format!("{}: {}", name, problem)),
        );
    }
    for failure in &failures {
        println!("  {}", failure);
    }
    println!(
        "{} passed, {} failed",
        cases.len() - failed_cases,
        failed_cases
    );
    assert!(
        failures.is_empty(),
        "{} conformance case(s) failed",
        failed_cases
    );
}

/// Runs one case on a fresh emulator; returns what went wrong.
fn run_case(emulator: &Emulator, case: &Value) -> Vec<String> {
    emulator.reset();
    if let Some(settings) = case.get("emulator") {
        emulator.configure(settings.clone());
    }
    for fault in case.get("faults").and_then(Value::as_array).into_iter().flatten() {
        emulator.fault(fault.clone());
    }
    let config = case.get("config").map(Value::to_string).unwrap_or_default();
    // A case may test a configuration the library rejects: then the
    // construction error is what every step's expectation is checked on.
    let session = extapi::Session::from_json(&config.replace("${BASE_URL}", &emulator.url));

    let mut problems = Vec::new();
    let steps = case.get("steps").and_then(Value::as_array).into_iter().flatten();
    for (index, step) in steps.enumerate() {
        let call = step.get("call").and_then(Value::as_str).unwrap_or("");
        if call == "sleep" {
            let ms = step.get("ms").and_then(Value::as_u64).unwrap_or(0);
            thread::sleep(Duration::from_millis(ms));
            continue;
        }
        let result = match &session {
            Ok(session) => match run_step(session, step) {
                Some(result) => result,
                None => {
                    problems.push(format!("step {}: unknown call {:?}", index + 1, call));
                    continue;
                }
            },
            // Session::new has no session to give info() on: what info()
            // would say under config_error, the construction error says.
            Err(e) if call == "info" => {
                problems.extend(
                    check_config_error(e, step.get("expect"))
                        .into_iter()
                        .map(|problem| format!("step {} (info): {}", index + 1, problem)),
                );
                continue;
            }
            Err(e) => Err(e.clone()),
        };
        let document = result.unwrap_or_else(Error::into_document);
        if let Some(expect) = step.get("expect") {
            for problem in check(&document, expect) {
                problems.push(format!(
                    "step {} ({}): {} in {}",
                    index + 1,
                    call,
                    problem,
                    document.json()
                ));
            }
        }
    }

    let counters = emulator.counters();
    if let Some(expected) = case.get("counters").and_then(Value::as_object) {
        for (name, want) in expected {
            let got = counters.get(name).cloned().unwrap_or_else(|| Value::from(0));
            if !same(&got, want) {
                problems.push(format!("counter {} is {}, expected {}", name, got, want));
            }
        }
    }
    problems
}

/// An `info` step's `config_error.*` fields, checked on the error
/// `Session::from_json` returned (as `error.*`).
fn check_config_error(error: &Error, expect: Option<&Value>) -> Vec<String> {
    let fields = expect.and_then(|e| e.get("fields")).and_then(Value::as_object);
    let mut problems = Vec::new();
    for (path, want) in fields.into_iter().flatten() {
        let field = match path.strip_prefix("config_error.") {
            Some(field) => format!("error.{}", field),
            None => {
                problems.push(format!("{} cannot be checked without a session", path));
                continue;
            }
        };
        match error.document().get(&field) {
            Some(got) if same(got, want) => {}
            got => problems.push(format!("construction error's {} is {:?}, expected {}", field, got, want)),
        }
    }
    if fields.map_or(true, |f| f.is_empty()) {
        problems.push(format!("info on a rejected configuration: {}", error));
    }
    problems
}

/// Makes one step's call; `None` for a call this runner does not know.
fn run_step(session: &extapi::Session, step: &Value) -> Option<extapi::Result<Document>> {
    let arg = |name| step.get(name).and_then(Value::as_str).unwrap_or("");
    // "cancel": "fired" gives the call a handle fired before it.
    let cancel = Cancel::new();
    let fired = step.get("cancel").and_then(Value::as_str) == Some("fired");
    if fired {
        cancel.fire();
    }
    // Any 1.1 key selects the _ex call; the options go as they are written,
    // unknown keys too (the library must reject those).
    let mut options = Options::new();
    for (key, value) in step.get("options").and_then(Value::as_object).into_iter().flatten() {
        options = options.set(key, value.clone());
    }
    if fired {
        options = options.cancel(&cancel);
    }
    Some(match step.get("call").and_then(Value::as_str)? {
        "login" => session.login_with(&options),
        "token_refresh" => session.token_refresh(),
        "logout" => session.logout(),
        "info" => session.info(),
        "graphql" => session.graphql_with(arg("query"), step.get("variables"), &options),
        "request" => session.request_with(arg("method"), arg("path"), step.get("body"), &options),
        _ => return None,
    })
}

/// JSON equality with numbers compared as numbers (the format's rule):
/// `1` and `1.0` are the same, which serde_json's exact numbers are not.
fn same(got: &Value, want: &Value) -> bool {
    match (got, want) {
        (Value::Number(a), Value::Number(b)) => a == b || a.as_f64() == b.as_f64(),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).map_or(false, |w| same(v, w)))
        }
        _ => got == want,
    }
}

/// The differences between a returned document and a step's `expect`.
fn check(document: &Document, expect: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut equals = |path: &str, want: &Value| match document.get(path) {
        Some(got) if same(got, want) => {}
        got => problems.push(format!(
            "{} is {}, expected {}",
            path,
            got.map_or("absent".to_owned(), Value::to_string),
            want
        )),
    };
    for (key, path) in [("ok", "ok"), ("code", "error.code"), ("status", "status")] {
        if let Some(want) = expect.get(key) {
            equals(path, want);
        }
    }
    for (path, want) in expect.get("fields").and_then(Value::as_object).into_iter().flatten() {
        equals(path, want);
    }
    let paths = |key| {
        expect
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
    };
    for path in paths("present") {
        if document.get(path).map_or(true, Value::is_null) {
            problems.push(format!("{} is absent or null", path));
        }
    }
    for path in paths("absent") {
        if document.get(path).is_some() {
            problems.push(format!("{} is present", path));
        }
    }
    for text in paths("raw_contains") {
        if !document.json().contains(text) {
            problems.push(format!("the text {} is missing", text));
        }
    }
    if !typed_fields_agree(document) {
        problems.push("header(), rate_limit() or retry_after() disagrees".to_owned());
    }
    problems
}

/// Whether the typed accessors say what the document says.
fn typed_fields_agree(document: &Document) -> bool {
    let number = |path: &str| document.get(path).and_then(Value::as_u64);
    let headers = match document.get("headers").and_then(Value::as_object) {
        Some(members) => {
            members.len() == document.headers().count()
                && members.iter().all(|(name, value)| {
                    document.header(&name.to_ascii_uppercase()) == value.as_str()
                })
        }
        None => document.headers().count() == 0,
    };
    let seconds = |d: Option<Duration>| d.map(|d| d.as_secs());
    let rate_limit = match document.rate_limit() {
        Some(limit) => {
            limit.limit == number("rate_limit.limit")
                && limit.remaining == number("rate_limit.remaining")
                && seconds(limit.reset) == number("rate_limit.reset_s")
        }
        None => document.get("rate_limit").is_none(),
    };
    headers && rate_limit && seconds(document.retry_after()) == number("retry_after_s")
}
