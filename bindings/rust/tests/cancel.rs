//! Cancellation (library 1.1): a `Cancel` fired from another thread cuts
//! a call short with `ErrorCode::Cancelled`, against an emulator endpoint
//! that stalls for 5 s.

mod common;

use common::Emulator;
use extapi::{Cancel, ErrorCode, Options};
use serde_json::json;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// How long the emulator stalls: any call that waits it out fails the test.
const STALL_MS: u64 = 5000;
/// When the other thread fires, after the call started.
const FIRE_AFTER: Duration = Duration::from_millis(300);
/// extapi.h promises about 100 ms; this leaves room for a loaded machine.
const PROMPTLY: Duration = Duration::from_millis(700);

/// Fires `cancel` from a new thread after FIRE_AFTER; the thread's result
/// is the moment it fired.
fn fire_later(cancel: &Arc<Cancel>) -> thread::JoinHandle<Instant> {
    let cancel = Arc::clone(cancel);
    thread::spawn(move || {
        thread::sleep(FIRE_AFTER);
        cancel.fire();
        Instant::now()
    })
}

/// Checks a result was cut short by the fire at `fired`, having waited
/// for it (so the call really was in flight) since `started`.
fn assert_cancelled<T: std::fmt::Debug>(
    result: extapi::Result<T>,
    started: Instant,
    fired: Instant,
) {
    let returned = Instant::now();
    let err = result.expect_err("a cancelled call succeeded");
    assert_eq!(err.code(), &ErrorCode::Cancelled, "{}", err.document().json());
    assert!(err.is_cancelled());
    assert_eq!(err.status(), 0);
    assert!(
        returned >= started + FIRE_AFTER,
        "returned before the fire: {:?}",
        returned - started
    );
    let late = returned.saturating_duration_since(fired);
    assert!(late < PROMPTLY, "returned {:?} after the fire", late);
}

#[test]
fn request_fired_from_another_thread() {
    let emulator = Emulator::start();
    emulator.stall("/api/slow", STALL_MS);
    let session = emulator.session(
        r#"{"profile":"basic","base_url":"${BASE_URL}","username":"basic-user","password":"basic-password"}"#,
    );
    let cancel = Arc::new(Cancel::new());

    let started = Instant::now();
    let firer = fire_later(&cancel);
    let result = session.request_with("GET", "/api/slow", None, &Options::new().cancel(&cancel));
    assert_cancelled(result, started, firer.join().unwrap());
    assert_eq!(emulator.counter("fault"), 1, "the stalled request never reached the server");

    // Fired stays fired: the next call with the handle sends nothing, a call
    // without it goes through.
    let again = session.request_with("GET", "/api/x", None, &Options::new().cancel(&cancel));
    assert_eq!(again.unwrap_err().code(), &ErrorCode::Cancelled);
    assert_eq!(session.request("GET", "/api/x", None).unwrap().status(), 200);
    assert_eq!(emulator.counter("api"), 2, "the fired handle's second call was sent");
}

#[test]
fn login_and_graphql_fired_from_another_thread() {
    let emulator = Emulator::start();
    emulator.stall("/oauth/token/access-token", STALL_MS);
    let session = emulator.xmc_session();

    let cancel = Arc::new(Cancel::new());
    let started = Instant::now();
    let firer = fire_later(&cancel);
    let result = session.login_with(&Options::new().cancel(&cancel));
    assert_cancelled(result, started, firer.join().unwrap());

    emulator.stall("/nbi/graphql", STALL_MS);
    let cancel = Arc::new(Cancel::new());
    let started = Instant::now();
    let firer = fire_later(&cancel);
    let options = Options::new().cancel(&cancel).deadline(Duration::from_secs(30));
    let result = session.graphql_with("{ network { devices { ip } } }", None, &options);
    assert_cancelled(result, started, firer.join().unwrap());
}

#[test]
fn one_fire_cancels_calls_on_several_threads() {
    const CALLS: usize = 3;
    let emulator = Emulator::start();
    emulator.fault(json!({"path": "/api/slow", "kind": "stall", "stall_ms": STALL_MS, "count": CALLS}));
    let session = Arc::new(emulator.session(
        r#"{"profile":"bearer","base_url":"${BASE_URL}","token":"static-token"}"#,
    ));
    let cancel = Arc::new(Cancel::new());

    let started = Instant::now();
    let callers: Vec<_> = (0..CALLS)
        .map(|_| {
            let (session, cancel) = (Arc::clone(&session), Arc::clone(&cancel));
            thread::spawn(move || {
                session.request_with("GET", "/api/slow", None, &Options::new().cancel(&cancel))
            })
        })
        .collect();
    let fired = fire_later(&cancel).join().unwrap();
    for caller in callers {
        assert_cancelled(caller.join().unwrap(), started, fired);
    }
    assert_eq!(emulator.counter("fault"), CALLS as u64);
}

#[test]
fn a_deadline_bounds_a_stalled_call() {
    let emulator = Emulator::start();
    emulator.stall("/api/slow", STALL_MS);
    let session = emulator.session(
        r#"{"profile":"bearer","base_url":"${BASE_URL}","token":"static-token"}"#,
    );
    let started = Instant::now();
    let options = Options::new().deadline(Duration::from_millis(300));
    let err = session
        .request_with("GET", "/api/slow", None, &options)
        .unwrap_err();
    assert_eq!(err.code(), &ErrorCode::Timeout, "{}", err.document().json());
    assert!(started.elapsed() < Duration::from_millis(2000), "{:?}", started.elapsed());
}
