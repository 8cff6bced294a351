//! One session shared by many threads (`Arc<Session>`).

mod common;

use common::{number, Emulator};
use extapi::Session;
use serde_json::json;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

const THREADS: usize = 8;

/// Runs `calls` GraphQL calls on each of THREADS threads, all released at
/// once, and checks every result.
fn graphql_from_threads(session: &Arc<Session>, calls: usize) {
    let start = Arc::new(Barrier::new(THREADS));
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let (session, start) = (Arc::clone(session), Arc::clone(&start));
            thread::spawn(move || {
                start.wait();
                (0..calls)
                    .map(|_| session.graphql("{ network { devices { ip } } }", None))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for worker in workers {
        for result in worker.join().expect("a worker panicked") {
            let document = result.unwrap_or_else(|e| panic!("a worker's call failed: {}", e));
            assert_eq!(document.status(), 200);
        }
    }
}

#[test]
fn token_expiry_is_renewed_once_for_all_threads() {
    let emulator = Emulator::start();
    emulator.configure(json!({"token_lifetime_s": 2}));
    let session = Arc::new(emulator.xmc_session());
    session.graphql("{ a }", None).unwrap();
    // Past half of the 2 s lifetime, the token is due for renewal.
    thread::sleep(Duration::from_millis(1300));

    graphql_from_threads(&session, 1);

    assert_eq!(
        emulator.counter("xmc_token"),
        2,
        "one login and exactly one renewal"
    );
    assert_eq!(emulator.counter("graphql"), (THREADS + 1) as u64);
    assert_eq!(number(&session.info().unwrap(), "counters.logins"), 2);
}

#[test]
fn parallel_calls_share_one_token() {
    let emulator = Emulator::start();
    let session = Arc::new(emulator.xmc_session());

    graphql_from_threads(&session, 25);

    assert_eq!(emulator.counter("xmc_token"), 1);
    assert_eq!(emulator.counter("graphql"), (THREADS * 25) as u64);
    assert_eq!(
        number(&session.info().unwrap(), "counters.requests"),
        (THREADS * 25) as u64
    );
}
