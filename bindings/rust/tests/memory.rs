//! No C string and no session leaks: resident memory stays flat over
//! 10,000 large results and 10,000 sessions created and dropped, half of
//! them rejected at construction.

mod common;

use common::{number, Emulator};
use extapi::{Config, Session};
use std::fs;

const CALLS: usize = 10_000;
/// A leak of the ~10 KB documents would be about 100 MB.
const BOUND_KB: u64 = 20 * 1024;

/// Resident set size in kB (Linux).
fn rss_kb() -> u64 {
    let status = fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status
        .lines()
        .find(|line| line.starts_with("VmRSS:"))
        .expect("no VmRSS");
    line.split_whitespace()
        .nth(1)
        .and_then(|kb| kb.parse().ok())
        .expect("bad VmRSS")
}

/// Runs `work` once to warm up allocator and connections, then CALLS
/// times, and returns the RSS growth of the second part.
fn growth_kb(what: &str, mut work: impl FnMut(usize)) -> u64 {
    (0..200).for_each(&mut work);
    let before = rss_kb();
    (0..CALLS).for_each(&mut work);
    let after = rss_kb();
    let growth = after.saturating_sub(before);
    println!(
        "{}: RSS {} kB before, {} kB after {} iterations: growth {} kB",
        what, before, after, CALLS, growth
    );
    growth
}

#[test]
fn large_results_do_not_leak() {
    let emulator = Emulator::start();
    let session =
        emulator.session(r#"{"profile":"bearer","base_url":"${BASE_URL}","token":"static-token"}"#);
    let items: Vec<String> = (0..300)
        .map(|i| format!(r#"{{"id":{},"name":"device-{:08}"}}"#, i, i))
        .collect();
    let body: serde_json::Value =
        serde_json::from_str(&format!(r#"{{"items":[{}]}}"#, items.join(","))).unwrap();
    assert!(body.to_string().len() > 10_000);

    let growth = growth_kb("echo", |i| {
        let echo = session.request("POST", "/api/echo", Some(&body)).unwrap();
        assert_eq!(number(&echo, "data.body.items.299.id"), 299, "call {}", i);
    });
    assert!(growth < BOUND_KB, "RSS grew by {} kB", growth);
    assert_eq!(emulator.counter("api"), (CALLS + 200) as u64);
}

#[test]
fn dropped_sessions_are_freed() {
    // A large secret makes every leaked session cost at least 8 KB.
    let config = Config {
        profile: "basic".into(),
        base_url: "http://127.0.0.1:9".into(),
        username: Some("u".into()),
        password: Some("p".repeat(8192)),
        ..Default::default()
    };
    // Every other one is rejected at construction: that path frees too.
    let rejected = Config {
        extra: [("no_such_key".to_owned(), "p".repeat(8192).into())]
            .into_iter()
            .collect(),
        ..config.clone()
    };
    let growth = growth_kb("sessions", |i| {
        if i % 2 == 0 {
            let session = Session::new(&config).unwrap();
            session.info().unwrap();
        } else {
            let err = Session::new(&rejected).unwrap_err();
            assert_eq!(err.key(), Some("no_such_key"));
        }
    });
    assert!(growth < BOUND_KB, "RSS grew by {} kB", growth);
}
