//! Runs the shared conformance cases (tests/conformance/cases.json, format
//! in tests/conformance/README.md) through the binding.

mod common;

use common::Emulator;
use extapi::json::{self, Value};
use extapi::{Document, Error};
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
    let file = json::parse(&text).unwrap_or_else(|e| panic!("{}: {}", path, e));
    assert_eq!(
        file.get("format").and_then(Value::as_str),
        Some("libextapi-conformance")
    );
    assert_eq!(file.get("version").and_then(Value::as_f64), Some(1.0));
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
        emulator.configure(&settings.to_string());
    }
    for fault in case.get("faults").and_then(Value::as_array).unwrap_or(&[]) {
        emulator.fault(&fault.to_string());
    }
    let session = emulator.session(&case.get("config").map(Value::to_string).unwrap_or_default());

    let mut problems = Vec::new();
    for (index, step) in case
        .get("steps")
        .and_then(Value::as_array)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let call = step.get("call").and_then(Value::as_str).unwrap_or("");
        let arg = |name| step.get(name).and_then(Value::as_str).unwrap_or("");
        // Object and body arguments are passed serialised; absent is NULL.
        let json_arg = |name| step.get(name).map(Value::to_string);
        let result = match call {
            "login" => session.login(),
            "token_refresh" => session.token_refresh(),
            "logout" => session.logout(),
            "info" => session.info(),
            "graphql" => session.graphql(arg("query"), json_arg("variables").as_deref()),
            "request" => session.request(arg("method"), arg("path"), json_arg("body").as_deref()),
            "sleep" => {
                let ms = step.get("ms").and_then(Value::as_f64).unwrap_or(0.0);
                thread::sleep(Duration::from_millis(ms as u64));
                continue;
            }
            other => {
                problems.push(format!("step {}: unknown call {:?}", index + 1, other));
                continue;
            }
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
    if let Some(Value::Object(expected)) = case.get("counters") {
        for (name, want) in expected {
            let got = counters.get(name).cloned().unwrap_or(Value::Number(0.0));
            if &got != want {
                problems.push(format!("counter {} is {}, expected {}", name, got, want));
            }
        }
    }
    problems
}

/// The differences between a returned document and a step's `expect`.
fn check(document: &Document, expect: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut equals = |path: &str, want: &Value| match document.get(path) {
        Some(got) if got == want => {}
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
    if let Some(Value::Object(fields)) = expect.get("fields") {
        for (path, want) in fields {
            equals(path, want);
        }
    }
    let paths = |key| {
        expect
            .get(key)
            .and_then(Value::as_array)
            .unwrap_or(&[])
            .iter()
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
    let number = |path: &str| document.get(path).and_then(Value::as_f64);
    let headers = match document.get("headers") {
        Some(Value::Object(members)) => {
            members.len() == document.headers().count()
                && members.iter().all(|(name, value)| {
                    document.header(&name.to_ascii_uppercase()) == value.as_str()
                })
        }
        _ => document.headers().count() == 0,
    };
    let seconds = |d: Option<Duration>| d.map(|d| d.as_secs() as f64);
    let rate_limit = match document.rate_limit() {
        Some(limit) => {
            limit.limit.map(|n| n as f64) == number("rate_limit.limit")
                && limit.remaining.map(|n| n as f64) == number("rate_limit.remaining")
                && seconds(limit.reset) == number("rate_limit.reset_s")
        }
        None => document.get("rate_limit").is_none(),
    };
    headers && rate_limit && seconds(document.retry_after()) == number("retry_after_s")
}
