//! libextapi from Rust through the binding (crate `extapi`).  One
//! `Session` shared by every thread: `login` once, then `graphql` for every
//! call; a call succeeds when the binding returns `Ok`.  Configured by the
//! environment described in bench/README.md; prints the result line.

use extapi::json::quote;
use extapi::Session;
use std::env;
use std::fs;
use std::process::exit;
use std::sync::Barrier;
use std::thread;
use std::time::{Duration, Instant};

const QUERY: &str = "{ network { devices { ip } } }";

fn var(name: &str, fallback: Option<&str>) -> String {
    match env::var(name) {
        Ok(value) if !value.is_empty() => value,
        _ => match fallback {
            Some(value) => value.to_owned(),
            None => {
                eprintln!("bench: {} is not set", name);
                exit(2)
            }
        },
    }
}

fn number(name: &str, fallback: usize) -> usize {
    env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(fallback)
}

/// One thread's outcome: its timed latencies, successes, and a failure.
struct Outcome {
    latencies: Vec<Duration>,
    ok: usize,
    failure: Option<String>,
}

fn main() {
    let threads = number("BENCH_THREADS", 1).max(1);
    let per_thread = number("BENCH_CALLS", 1000) / threads;
    let warmup = number("BENCH_WARMUP", 0);

    let begin = Instant::now();
    let config = format!(
        r#"{{"profile":"xmc","base_url":{},"client_id":{},"client_secret":{},"graphql_path":{}}}"#,
        quote(&var("BENCH_URL", None)),
        quote(&var("BENCH_CLIENT_ID", None)),
        quote(&var("BENCH_CLIENT_SECRET", None)),
        quote(&var("BENCH_PATH", Some("/nbi/graphql")))
    );
    let session = Session::new(&config).unwrap_or_else(|e| fail("new session", e));
    session.login().unwrap_or_else(|e| fail("login", e));
    session
        .graphql(QUERY, None)
        .unwrap_or_else(|e| fail("first call", e));
    let cold = begin.elapsed();

    let start = Barrier::new(threads + 1);
    let (outcomes, loop_time) = thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Outcome {
                        latencies: Vec::with_capacity(per_thread),
                        ok: 0,
                        failure: None,
                    };
                    for _ in 0..warmup {
                        if let Err(e) = session.graphql(QUERY, None) {
                            out.failure = Some(e.to_string());
                        }
                    }
                    start.wait();
                    for _ in 0..per_thread {
                        let t0 = Instant::now();
                        let result = session.graphql(QUERY, None);
                        out.latencies.push(t0.elapsed());
                        match result {
                            Ok(_) => out.ok += 1,
                            Err(e) => out.failure = Some(e.to_string()),
                        }
                    }
                    out
                })
            })
            .collect();
        start.wait();
        let loop_begin = Instant::now();
        let outcomes: Vec<Outcome> = workers.into_iter().map(|w| w.join().unwrap()).collect();
        (outcomes, loop_begin.elapsed())
    });

    let mut total = 0;
    let mut text = String::new();
    for out in &outcomes {
        total += out.ok;
        if let Some(failure) = &out.failure {
            eprintln!("bench: call failed: {}", failure);
            total = 0;
        }
        for l in &out.latencies {
            text.push_str(&l.as_nanos().to_string());
            text.push('\n');
        }
    }
    if let Ok(path) = env::var("BENCH_LAT_FILE") {
        if !path.is_empty() {
            fs::write(&path, text).unwrap_or_else(|e| fail(&path, e));
        }
    }
    println!(
        "BENCH calls={} seconds={:.6} cold_ms={:.3}",
        total,
        loop_time.as_secs_f64(),
        cold.as_secs_f64() * 1000.0
    );
    exit(if total == threads * per_thread { 0 } else { 1 })
}

fn fail<T>(what: &str, error: impl std::fmt::Display) -> T {
    eprintln!("bench: {}: {}", what, error);
    exit(1)
}
