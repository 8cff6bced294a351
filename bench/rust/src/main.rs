//! libextapi from Rust through the binding (crate `extapi`).  One
//! `Session` shared by every thread: `login` once, then `graphql` for every
//! call; a call succeeds when the binding returns `Ok`.  Configured by the
//! environment described in bench/README.md; prints the result line.

use extapi::Session;
use std::env;
use std::fs;
use std::process::exit;
use std::sync::Barrier;
use std::thread;
use std::time::{Duration, Instant};

const QUERY: &str = "{ network { devices { ip } } }";

/// getrusage(2), declared here: the crate has no dependencies.
#[repr(C)]
struct Rusage {
    utime: [i64; 2], // struct timeval: seconds, microseconds
    stime: [i64; 2],
    other: [i64; 14],
}

extern "C" {
    fn getrusage(who: i32, usage: *mut Rusage) -> i32;
}

/// The process's CPU time so far, all threads.
fn cpu_time() -> Duration {
    let mut u = Rusage {
        utime: [0; 2],
        stime: [0; 2],
        other: [0; 14],
    };
    // RUSAGE_SELF = 0
    if unsafe { getrusage(0, &mut u) } != 0 {
        return Duration::ZERO;
    }
    let micros = (u.utime[0] + u.stime[0]) * 1_000_000 + u.utime[1] + u.stime[1];
    Duration::from_micros(micros as u64)
}

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

/// A JSON string literal.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
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
    let session = Session::from_json(&config).unwrap_or_else(|e| fail("new session", e));
    session.login().unwrap_or_else(|e| fail("login", e));
    session
        .graphql(QUERY, None)
        .unwrap_or_else(|e| fail("first call", e));
    let cold = begin.elapsed();

    let start = Barrier::new(threads + 1);
    let (outcomes, loop_time, cpu) = thread::scope(|scope| {
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
        let (loop_begin, cpu_begin) = (Instant::now(), cpu_time());
        let outcomes: Vec<Outcome> = workers.into_iter().map(|w| w.join().unwrap()).collect();
        (outcomes, loop_begin.elapsed(), cpu_time() - cpu_begin)
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
        "BENCH calls={} seconds={:.6} cold_ms={:.3} cpu_s={:.6}",
        total,
        loop_time.as_secs_f64(),
        cold.as_secs_f64() * 1000.0,
        cpu.as_secs_f64()
    );
    exit(if total == threads * per_thread { 0 } else { 1 })
}

fn fail<T>(what: &str, error: impl std::fmt::Display) -> T {
    eprintln!("bench: {}: {}", what, error);
    exit(1)
}
