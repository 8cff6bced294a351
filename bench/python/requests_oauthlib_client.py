#!/usr/bin/python3
"""What a Python program would use without libextapi: requests +
requests-oauthlib (Debian's python3-requests-oauthlib), written as seed 003
does (BackendApplicationClient, OAuth2Session, fetch_token with
HTTPBasicAuth), the session reused for every call and shared by the
threads.  Every answer must be 200 and is decoded (r.json()); its
data.network.devices must be a list.  Configured by the environment
described in bench/README.md; prints the result line."""
import os
import sys
import threading
import time

from oauthlib.oauth2 import BackendApplicationClient
from requests.auth import HTTPBasicAuth
from requests_oauthlib import OAuth2Session

# The benchmark's server is plain http on loopback.
os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"

QUERY = "{ network { devices { ip } } }"


def env(name, fallback=None):
    value = os.environ.get(name)
    if value:
        return value
    if fallback is not None:
        return fallback
    sys.exit("bench: %s is not set" % name)


def main():
    threads = max(1, int(env("BENCH_THREADS", "1")))
    per_thread = int(env("BENCH_CALLS", "1000")) // threads
    warmup = int(env("BENCH_WARMUP", "0"))
    base = env("BENCH_URL")
    url = base + env("BENCH_PATH", "/nbi/graphql")
    client_id = env("BENCH_CLIENT_ID")

    begin = time.perf_counter_ns()
    auth = HTTPBasicAuth(client_id, env("BENCH_CLIENT_SECRET"))
    client = BackendApplicationClient(client_id=client_id)
    oauth = OAuth2Session(client=client)
    oauth.fetch_token(token_url=base + "/oauth/token/access-token", auth=auth)

    def call():
        r = oauth.post(url, json={"query": QUERY})
        r.raise_for_status()
        if not isinstance(r.json()["data"]["network"]["devices"], list):
            raise ValueError("no data.network.devices")

    call()
    cold = time.perf_counter_ns() - begin

    latencies = [[] for _ in range(threads)]
    failures = []
    start = threading.Barrier(threads + 1)

    def worker(index):
        lat = latencies[index]
        try:
            for _ in range(warmup):
                call()
        except Exception as e:  # reported below; the barrier must still be met
            failures.append(e)
        start.wait()
        for _ in range(per_thread):
            t0 = time.perf_counter_ns()
            try:
                call()
            except Exception as e:
                failures.append(e)
            lat.append(time.perf_counter_ns() - t0)

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    start.wait()
    loop_begin, cpu_begin = time.perf_counter_ns(), time.process_time()
    for w in workers:
        w.join()
    loop, cpu = time.perf_counter_ns() - loop_begin, time.process_time() - cpu_begin

    ok = threads * per_thread - len(failures)
    if failures:
        print("bench: %d calls failed, first: %r" % (len(failures), failures[0]), file=sys.stderr)
        ok = 0
    path = os.environ.get("BENCH_LAT_FILE")
    if path:
        with open(path, "w") as f:
            f.write("".join("%d\n" % n for lat in latencies for n in lat))
    print("BENCH calls=%d seconds=%.6f cold_ms=%.3f cpu_s=%.6f" % (ok, loop / 1e9, cold / 1e6, cpu))
    sys.exit(0 if ok == threads * per_thread else 1)


if __name__ == "__main__":
    main()
