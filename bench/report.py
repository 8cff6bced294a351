#!/usr/bin/python3
"""report.py WORK OUT: turns what bench/run.sh measured in WORK (results.tsv,
measures.tsv, the latency files, the callgrind files) into the report OUT
(BENCHMARKS.md).  Every figure comes from that run; nothing is hard-coded
but the issue's targets.  Exits 1 when a run failed, or, in smoke mode,
when a client did not run or produced no figures."""
import os
import platform
import re
import statistics
import subprocess
import sys

LABELS = {
    "raw_libcurl": "raw libcurl + cJSON (C)",
    "extapi_c": "libextapi from C",
    "extapi_c_procs": "libextapi from C, a process per thread",
    "extapi_go": "libextapi from Go (binding)",
    "extapi_go_spare": "libextapi from Go, GOMAXPROCS = threads + 1",
    "extapi_csharp": "libextapi from C# (binding, mono)",
    "extapi_lua": "libextapi from Lua 5.4 (binding)",
    "extapi_rust": "libextapi from Rust (binding)",
    "python_oauthlib": "Python requests + requests-oauthlib",
    "go_oauth2": "Go x/oauth2 clientcredentials + net/http",
}
BINDINGS = ["extapi_go", "extapi_csharp", "extapi_lua", "extapi_rust"]
# Clients run as one process per thread (one session each).
PROCESS_CLIENTS = {"extapi_c_procs", "extapi_lua"}
THREADS = [1, 2]
# Heap allocators: calls to them, by caller, say where allocations come from.
ALLOCATORS = {"malloc", "calloc", "realloc", "operator new", "operator new[]", "aligned_alloc",
              "posix_memalign", "strdup", "__strdup", "strndup"}
# Harness frames, not library work: left out of the profile tables.
HARNESS = {"start_thread", "clone", "clone3", "bench_thread_main", "graphql_call", "main",
           "(below main)", "__libc_start_main", "__libc_start_call_main", "_start"}


def read_measures(work):
    measures = {}
    with open(os.path.join(work, "measures.tsv")) as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("\t")
            measures[key] = value
    return measures


def percentile(sorted_values, q):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(q * (len(sorted_values) - 1) + 0.5))]


def read_runs(work):
    """({(client, threads): [run, ...]}, {(client, threads): round 0's run}),
    a run being a dict of its figures; round 0 is the short run the others'
    process totals are measured against (see process_split)."""
    runs, fixed = {}, {}
    with open(os.path.join(work, "results.tsv")) as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            name, threads, rnd, calls, seconds, cold, rss, lats, status, cpu = fields[:10]
            run = {"round": int(rnd), "calls": int(calls), "seconds": float(seconds),
                   "cold_ms": float(cold), "rss_kb": int(rss or 0), "ok": status == "ok"}
            # the whole process's user and system seconds, voluntary and
            # involuntary context switches (/usr/bin/time)
            run["process"] = [float(x) for x in fields[10:14]] if len(fields) >= 14 else None
            run["cpu_us"] = float(cpu) / run["calls"] * 1e6 if run["calls"] else 0.0
            latencies = []
            if lats != "-":
                for path in lats.split(","):
                    if os.path.exists(path):
                        with open(path) as lf:
                            latencies.extend(int(x) for x in lf if x.strip())
            latencies.sort()
            run["rps"] = run["calls"] / run["seconds"] if run["seconds"] > 0 else 0.0
            run["p50_us"] = percentile(latencies, 0.50) / 1e3
            run["p99_us"] = percentile(latencies, 0.99) / 1e3
            run["ok"] = run["ok"] and run["calls"] > 0 and bool(latencies)
            if run["round"] == 0:
                fixed[(name, int(threads))] = run
            else:
                runs.setdefault((name, int(threads)), []).append(run)
    return runs, fixed


def process_split(runs, base):
    """Per timed call, medians over the rounds: the process's user µs,
    system µs and context switches, each run less the short run base (so
    that start-up, login and warm-up cancel out); None without base."""
    if not base or not base["ok"] or not base["process"]:
        return None
    per_call = []
    for r in runs:
        extra = r["calls"] - base["calls"]
        if r["ok"] and r["process"] and extra > 0:
            d = [a - b for a, b in zip(r["process"], base["process"])]
            per_call.append((d[0] * 1e6 / extra, d[1] * 1e6 / extra, (d[2] + d[3]) / extra))
    if not per_call:
        return None
    return {"user_us": statistics.median(p[0] for p in per_call),
            "system_us": statistics.median(p[1] for p in per_call),
            "switches": statistics.median(p[2] for p in per_call)}


def median_of(runs, key):
    values = [r[key] for r in runs if r["ok"]]
    return statistics.median(values) if values else None


def short_name(function):
    """A C++ name as one would write it: std::string, no parameter list."""
    function = function.replace("std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >",
                                "std::string")
    function = function.replace("std::basic_string_view<char, std::char_traits<char> >", "std::string_view")
    function = re.sub(r"\) const$", ")", function)
    if function.endswith(")"):  # drop the parameter list: the ( matching the last )
        depth = 0
        for i in range(len(function) - 1, 0, -1):
            depth += {")": 1, "(": -1}.get(function[i], 0)
            if depth == 0:
                function = function[:i]
                break
    return function


def cell(function):
    """A function's name for a table cell: short, and no | to break the table."""
    short = short_name(function)
    short = short if len(short) <= 140 else short[:137] + "..."
    return short.replace("|", "\\|")


def callgrind_costs(path):
    """(total Ir, {function: inclusive Ir}, {function: self Ir},
    {function: calls it makes to heap allocators}) read from a callgrind
    file.  Inclusive = own cost + the measured cost of every call it makes;
    only a function's outermost recursion level counts (callgrind names the
    deeper ones f'2, ...), so recursion is never counted twice.  Self cost
    and allocator calls add up all levels."""
    tables, own, calls, allocs = {"ob": {}, "fn": {}}, {}, {}, {}
    fn, cfn, ob, total, in_call = None, None, "?", None, False

    def name(kind, ref):  # "(id) name" defines a compressed name, "(id)" uses it
        m = re.match(r"\((\d+)\)\s*(.*)$", ref.strip())
        if not m:
            return ref.strip()
        if m.group(2):
            tables[kind][m.group(1)] = m.group(2)
        return tables[kind].get(m.group(1), m.group(1))

    with open(path) as f:
        for line in f:
            c = line[:1]
            if c.isdigit() or c in "+-*":
                parts = line.split()
                cost = int(parts[1]) if len(parts) > 1 else 0
                if in_call:  # the line after calls=: that call's inclusive cost
                    calls[fn] = calls.get(fn, 0) + cost
                    in_call = False
                else:
                    own[fn] = own.get(fn, 0) + cost
            elif line.startswith("ob="):
                ob = os.path.basename(name("ob", line[3:]))
            elif line.startswith("cob="):
                name("ob", line[4:])
            elif line.startswith("fn="):
                fn = name("fn", line[3:])
                if fn.startswith("0x"):  # a function without a symbol (static, stripped)
                    fn = "%s [%s]" % (fn, ob)
            elif line.startswith("cfn="):
                cfn = name("fn", line[4:])
            elif line.startswith("calls="):
                in_call = True
                caller = re.sub(r"'\d+$", "", fn or "")
                if caller.startswith("0x") and not caller.endswith("[???]"):
                    caller = "static functions of %s" % caller.split("[", 1)[1].rstrip("]")
                # Not an allocator's own allocations, nor those of a stub of
                # no object (libc's strdup calls malloc through one): the
                # allocator's caller is counted already.
                if (short_name(cfn) in ALLOCATORS and short_name(caller) not in ALLOCATORS
                        and not caller.endswith("[???]")):
                    allocs[caller] = allocs.get(caller, 0) + int(line[6:].split()[0])
            elif line.startswith("summary:") or (total is None and line.startswith("totals:")):
                total = int(line.split(":")[1])
    inclusive = {f: own.get(f, 0) + calls.get(f, 0) for f in set(own) | set(calls)
                 if f and not re.search(r"'\d+$", f)}
    self_cost = {}
    for f, cost in own.items():
        if f:
            base = re.sub(r"'\d+$", "", f)
            if base.startswith("0x"):
                base = "static functions of %s" % base.split("[", 1)[1].rstrip("]")
            self_cost[base] = self_cost.get(base, 0) + cost
    return total, inclusive, self_cost, allocs


def per_call_profile(measures, client):
    """(Ir per call, [(function, inclusive Ir/call)], [(function, self Ir/call)],
    [(function, allocator calls/call)])."""
    counts = sorted(int(k.rsplit("_", 1)[1]) for k in measures if k.startswith("callgrind_%s_" % client))
    if len(counts) < 2:
        return None
    small, large = counts[0], counts[-1]
    files = [measures["callgrind_%s_%d" % (client, n)] for n in (small, large)]
    calls = large - small
    (t0, inc0, self0, al0), (t1, inc1, self1, al1) = (callgrind_costs(p) for p in files)

    def diff(before, after):
        rows = [(fn, (cost - before.get(fn, 0)) / calls) for fn, cost in after.items()
                if short_name(fn) not in HARNESS and not fn.startswith("0x")]
        return sorted(rows, key=lambda row: -row[1])

    return (t1 - t0) / calls, diff(inc0, inc1), diff(self0, self1), diff(al0, al1)


def libcurl_allocations(profile):
    """Allocator calls per call made inside libcurl (callgrind)."""
    if not profile:
        return None
    return sum(v for fn, v in profile[3]
               if "libcurl.so" in fn or short_name(fn).startswith(("curl_", "Curl_")))


def dhat_per_call(measures, client, size):
    keys = [k for k in measures if k.startswith("dhat_%s_%s_" % (client, size)) and k.endswith("_blocks")]
    counts = sorted(int(k.split("_")[-2]) for k in keys)
    if len(counts) < 2:
        return None
    a, b = counts[0], counts[-1]
    get = lambda n, what: int(measures["dhat_%s_%s_%d_%s" % (client, size, n, what)])
    return ((get(b, "blocks") - get(a, "blocks")) / (b - a), (get(b, "bytes") - get(a, "bytes")) / (b - a))


def frame_function(frame):
    """'0x4A: name (file.c:12)' or '0x4A: ??? (in /usr/lib/libx.so)' -> (name, object or None)."""
    text = frame.split(": ", 1)[-1]
    m = re.match(r"(.*?) \(in (.*)\)$", text)
    if m:
        return m.group(1), os.path.basename(m.group(2))
    return re.sub(r" \([^()]*:\d+\)$", "", text), None


# Frames that allocate on someone's behalf: a site belongs to the first
# frame above them.
ALLOCATING = ALLOCATORS | {"std::__cxx11::basic_string", "_M_construct", "_M_create", "basic_string",
                           "allocate", "_M_allocate", "__allocate_guarded", "reserve", "_M_mutate", "append",
                           "_M_append", "assign", "operator=", "_M_assign", "_M_replace", "replace", "insert"}


def site_owner(frames):
    """(who, where, index of that frame) for an allocation site's frames,
    allocator first: who is libcurl, cJSON, libextapi, another library or
    the benchmark's client; where is the first frame above the allocating
    ones (the allocator, strings, containers)."""
    for index, frame in enumerate(frames[1:], 1):
        who, where = frame_owner(frame)
        if who:
            return who, where, index
    return "?", "?", len(frames)


def frame_owner(frame):
    """(who, where) when `frame` is the one an allocation is charged to, else (None, None)."""
    name, obj = frame_function(frame)
    short = short_name(name)
    if short in ALLOCATING or short.split("<")[0] in ALLOCATING or name.startswith("std::"):
        return None, None
    if obj and obj.startswith(("libstdc++", "libc.so")):
        return None, None
    if short == "curl_slist_append":  # libextapi's header lists, built once per token
        return "libextapi", "libextapi's header lists: curl_slist_append"
    if obj and "libcurl" in obj:
        return "libcurl", name if name != "???" else "(a static function of libcurl)"
    if obj and "cjson" in obj.lower():
        return "cJSON", name
    if name.startswith(("extapi::", "ext_")) or "extapi" in (obj or ""):
        return "libextapi", name
    if short in HARNESS or name in ("idle_sessions", "new_session", "client_init", "bench_run_init"):
        return "benchmark", name
    if obj is None:
        return "libextapi", name
    return os.path.basename(obj), name


def dhat_sites(path_small, path_large, count, key="tb", blocks_key="tbk"):
    """[(who, where, blocks per unit, bytes per unit)] from two DHAT files:
    (large - small) / count, per allocation site (a site is the owner and
    the three frames above the allocator, so that libcurl's static
    functions stay apart by the exported function that called them)."""
    def load(path):
        import json
        with open(path) as f:
            d = json.load(f)
        table, sites = d["ftbl"], {}
        for pp in d["pps"]:
            frames = [table[i] for i in pp["fs"]]
            who, where, index = site_owner(frames)
            above = [short_name(frame_function(f)[0]) for f in frames[index + 1:index + 6]]
            above = [a for a in above if a != "???"][:2]
            k = (who, where, " ← ".join([short_name(where)] + above))
            blocks, size = sites.get(k, (0, 0))
            sites[k] = (blocks + pp[blocks_key], size + pp[key])
        return sites
    try:
        small, large = load(path_small), load(path_large)
    except (OSError, ValueError, KeyError):
        return None
    rows = []
    for k, (blocks, size) in large.items():
        b0, s0 = small.get(k, (0, 0))
        rows.append((k[0], k[2] or k[1], (blocks - b0) / count, (size - s0) / count))
    return sorted((r for r in rows if abs(r[2]) >= 0.05 or abs(r[3]) >= 64), key=lambda r: (-r[3], -r[2]))


def dhat_call_sites(measures, client):
    counts = sorted(int(k.rsplit("_", 1)[1]) for k in measures if k.startswith("dhatjson_%s_2k_" % client))
    if len(counts) < 2:
        return None
    rows = dhat_sites(measures["dhatjson_%s_2k_%d" % (client, counts[0])],
                      measures["dhatjson_%s_2k_%d" % (client, counts[-1])], counts[-1] - counts[0])
    return sorted(rows, key=lambda r: (-r[2], -r[3])) if rows else rows


def dhat_idle_sites(measures, client):
    counts = sorted(int(k.rsplit("_", 1)[1]) for k in measures if k.startswith("dhatidle_%s_" % client))
    if len(counts) < 2:
        return None
    return dhat_sites(measures["dhatidle_%s_%d" % (client, counts[0])],
                      measures["dhatidle_%s_%d" % (client, counts[-1])], counts[-1] - counts[0], "gb", "gbk")


def by_owner(rows, column):
    totals = {}
    for r in rows or []:
        totals[r[0]] = totals.get(r[0], 0) + r[column]
    return totals


def idle(measures, client):
    line = measures.get("idle_" + client)
    if not line:
        return None
    f = dict(kv.split("=") for kv in line.split()[1:])
    n = int(f["sessions"])
    return {"sessions": n, "new_kib": (int(f["rss_new_kb"]) - int(f["rss_before_kb"])) / n,
            "after_kib": (int(f["rss_after_kb"]) - int(f["rss_before_kb"])) / n}


def sh(*cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "?"


def machine():
    cpu, mem = "?", "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = "%.1f GiB" % (int(line.split()[1]) / 1024 / 1024)
    debian = open("/etc/debian_version").read().strip() if os.path.exists("/etc/debian_version") else "?"
    return [("nproc", str(os.cpu_count())), ("CPU", cpu), ("memory", mem),
            ("system", "Debian %s, Linux %s" % (debian, platform.release())),
            ("nginx", sh("nginx", "-v")), ("libcurl", sh("pkg-config", "--modversion", "libcurl")),
            ("cJSON", sh("pkg-config", "--modversion", "libcjson")), ("cc", sh("cc", "--version")),
            ("go", sh("go", "version")), ("mono", sh("mono", "--version")), ("rustc", sh("rustc", "--version")),
            ("python", sh("/usr/bin/python3", "--version")), ("lua", sh("lua5.4", "-v"))]


def fmt(value, spec="{:,.0f}"):
    return "n/a" if value is None else spec.format(value)


def site_table(w, rows, column, unit, limit=12):
    """Allocation sites: per call (column 2, blocks first) or per session (column 3, bytes first)."""
    other = "bytes" if column == 2 else "blocks"
    w("| who | %s | %s | site (the frame charged, then its callers) |\n|---|---|---|---|" % (unit, other))
    for who, where, blocks, size in rows[:limit]:
        first, second = (blocks, size) if column == 2 else (size, blocks)
        w("| %s | %s | %s | `%s` |" % (who, fmt(first, "{:,.1f}" if column == 2 else "{:,.0f}"),
                                       fmt(second, "{:,.0f}" if column == 2 else "{:,.1f}"), cell(where)))
    w("")


def strace_counts(path):
    """{system call: calls} from a `strace -c` summary."""
    counts = {}
    with open(path) as f:
        for line in f:
            fields = line.split()
            # % time, seconds, usecs/call, calls, [errors,] syscall
            if len(fields) >= 5 and fields[3].isdigit() and fields[-1] != "total":
                counts[fields[-1]] = int(fields[3])
    return counts


def syscalls_per_call(m, name):
    """{system call: calls per call}, the difference of the two strace runs."""
    counts = sorted(((int(k.rsplit("_", 1)[1]), v) for k, v in m.items()
                     if k.startswith("strace_%s_" % name) and k.rsplit("_", 1)[1].isdigit()))
    if len(counts) < 2 or not all(os.path.exists(v) for _, v in counts):
        return None
    (n0, f0), (n1, f1) = counts[0], counts[-1]
    a, b = strace_counts(f0), strace_counts(f1)
    per_call = {k: (b.get(k, 0) - a.get(k, 0)) / (n1 - n0) for k in sorted(set(a) | set(b))}
    return {k: v for k, v in per_call.items() if abs(v) >= 0.005}


def binding_split(m, name):
    """(Ir per call, of which inside ext_graphql_ex) for a binding's client."""
    prof = per_call_profile(m, name)
    if not prof:
        return None
    library = max((v for fn, v in prof[1] if short_name(fn) == "ext_graphql_ex"), default=None)
    return prof[0], library


def in_the_way(w, m, med, prof, allocs, idles, not_run, speed_ratio, c_ratio, c_reference, r1, r2, a2, curl_own):
    """For every target not met, the measured profile that explains it."""
    w("## What stands in the way of the targets not met\n")
    cpu = lambda name, t: med.get((name, t), {}).get("cpu_us")
    wall = lambda name, t: (1e6 * t / med[(name, t)]["rps"]) if med.get((name, t), {}).get("rps") else None
    ir = {c: (prof[c][0] if prof[c] else None) for c in prof}

    if (r1 is not None and r1 < 1.0) or (r2 is not None and r2 < 0.95):
        w("**Requests/s against raw libcurl.** A call's wall time is the round trip to nginx plus the client's "
          "own CPU; only the latter is libextapi's. Per call, medians of the runs:\n")
        w("| threads | raw libcurl: wall µs / CPU µs | libextapi: wall µs / CPU µs | CPU difference, µs | "
          "ratio the CPU difference alone would give | measured ratio |\n|---|---|---|---|---|---|")
        for t, r in ((1, r1), (2, r2)):
            wr, we, cr, ce = wall("raw_libcurl", t), wall("extapi_c", t), cpu("raw_libcurl", t), cpu("extapi_c", t)
            d = ce - cr if ce is not None and cr is not None else None
            predicted = ratio_from_cpu(wr, d)
            w("| %d | %s / %s | %s / %s | %s | %s | %s |" % (
                t, fmt(wr, "{:,.1f}"), fmt(cr, "{:,.1f}"), fmt(we, "{:,.1f}"), fmt(ce, "{:,.1f}"),
                fmt(d, "{:+,.1f}"), fmt(predicted, "{:.2f}×"), fmt(r, "{:.2f}×")))
        w("\nlibextapi executes %s instructions per call against raw libcurl's %s (%s; callgrind, exact). "
          "What libextapi adds to a call is its CPU difference in this table; a measured ratio below the one "
          "that difference gives is the round trip's variation between runs (see the min-max columns and the "
          "wrk rows), not work of the library's.\n" % (
              fmt(ir["extapi_c"]), fmt(ir["raw_libcurl"]), fmt(ratio_or_none(ir["extapi_c"], ir["raw_libcurl"]),
                                                              "{:.2f}×")))

    sites = {c: dhat_call_sites(m, c) for c in ("extapi_c", "raw_libcurl")}
    if a2 and a2[0] > 40:
        own = by_owner(sites["extapi_c"], 2)
        raw_curl = by_owner(sites["raw_libcurl"], 2).get("libcurl")
        ours_curl = own.get("libcurl")
        w("**Heap allocations.** DHAT, per call, by the code that allocates (2 KB answer): libextapi's run "
          "makes %s, of which libcurl %s and libextapi %s; raw libcurl's run has libcurl make %s (cJSON %s "
          "more). With libcurl's own at raw libcurl's %s, the target of 40 leaves %s for everything else, and "
          "libextapi needs two at the least: the answer it receives and the document it returns.\n" % (
              fmt(a2[0], "{:.1f}"), fmt(ours_curl, "{:.1f}"), fmt(own.get("libextapi"), "{:.1f}"),
              fmt(raw_curl, "{:.1f}"), fmt(by_owner(sites["raw_libcurl"], 2).get("cJSON"), "{:.1f}"),
              fmt(raw_curl, "{:.1f}"), fmt(40 - raw_curl if raw_curl is not None else None, "{:.1f}")))
        curl_bytes = {c: by_owner(sites[c], 3).get("libcurl") for c in sites}
        w("libcurl allocates more in libextapi's run (%s more blocks, %s more bytes per call) because a POST "
          "goes through a read "
          "callback (a 16 KiB upload buffer per transfer, `CURLOPT_UPLOAD_BUFFERSIZE`'s minimum) rather "
          "than `CURLOPT_POSTFIELDS`: libcurl re-sends a request on its own when a kept-alive connection dies "
          "before the answer, and it must not do that with a non-idempotent POST (a GraphQL mutation). "
          "libextapi's own allocations, every one of them:\n" % (
              fmt(ours_curl - raw_curl if ours_curl is not None and raw_curl is not None else None, "{:.1f}"),
              fmt(curl_bytes["extapi_c"] - curl_bytes["raw_libcurl"]
                  if None not in curl_bytes.values() else None)))
        site_table(w, [r for r in sites["extapi_c"] or [] if r[0] == "libextapi"], 2, "blocks per call")
        w("Besides the document and the answer's body, these are the request body libextapi builds, and "
          "std::string copies of the request's URL and of the answer's Content-Type and Date headers (each "
          "longer than std::string's 15-byte inline buffer).\n")
        w("libcurl's, in libextapi's run and in raw libcurl's:\n")
        for c in ("extapi_c", "raw_libcurl"):
            w("%s:\n" % LABELS[c])
            site_table(w, [r for r in sites[c] or [] if r[0] == "libcurl"], 2, "blocks per call")

    ia, ir_ = idles["extapi_c"], idles["raw_libcurl"]
    if ia and ia["after_kib"] >= 16:
        live = {c: dhat_idle_sites(m, c) for c in ("extapi_c", "raw_libcurl")}
        owners = by_owner(live["extapi_c"], 3)
        w("**Idle session memory.** Raw libcurl's idle handle alone takes %s KiB resident (the easy handle, "
          "the multi handle `curl_easy_perform` makes for it with its connection cache's own closure handle, "
          "the kept-alive connection): the floor of any session holding a libcurl handle and a live connection, "
          "above the target of 16 KiB. libextapi's session takes %s KiB. DHAT, live heap bytes per session at "
          "the heap's peak (after every session's first call): libcurl %s, libextapi %s; raw libcurl's "
          "handle: libcurl %s. The largest sites:\n" % (
              fmt(ir_ and ir_["after_kib"], "{:.1f}"), fmt(ia["after_kib"], "{:.1f}"),
              fmt(owners.get("libcurl")), fmt(owners.get("libextapi")),
              fmt(by_owner(live["raw_libcurl"], 3).get("libcurl"))))
        site_table(w, live["extapi_c"] or [], 3, "live bytes per session", 16)
        w("libextapi's own part is the session object, its parsed configuration, the handle pool (64 "
          "atomic slots and the share's locks), the exchange log's first chunk of 8 slots, and the token "
          "with its two prebuilt header lists.\n")

    splits = {b: binding_split(m, b) for b in BINDINGS if b not in not_run}
    slow = [b for b in BINDINGS if b not in not_run and
            any((c_ratio(b, t) or 1) < 0.95 for t in THREADS)]
    if slow:
        w("**Bindings.** Each binding calls `ext_graphql_ex` and hands the result document to its language "
          "as a result object, decoded on first access (the loops only ask whether the call succeeded, which "
          "the bindings read from the document's `{\"ok\":true` prefix). Callgrind, instructions "
          "per call (1 thread):\n")
        w("| binding | instructions per call | in `ext_graphql_ex` (the library) | the binding's own (FFI, "
          "the result object, runtime) |\n|---|---|---|---|")
        for b in slow:
            split = splits.get(b)
            failed = m.get("bindcg_failed_" + b)
            if not split or split[1] is None:
                why = "valgrind failed" if failed else "no `ext_graphql_ex` in callgrind's figures"
                w("| %s | %s | | |" % (LABELS[b], "not measured: " + why))
                continue
            w("| %s | %s | %s | %s (%s) |" % (LABELS[b], fmt(split[0]), fmt(split[1]), fmt(split[0] - split[1]),
                                              fmt((split[0] - split[1]) / split[0], "{:.0%}")))
        failed = [LABELS[b] for b in slow if m.get("bindcg_failed_" + b) is not None]
        w("\nA binding at 0.95× of C may spend 5%% of a call on top of the library.%s Callgrind counts "
          "instructions; the process's CPU per call (see \"Where each client's CPU goes\") is the time they "
          "take, and the kernel's work. Against libextapi from C run the same way, "
          "per call; the ratio the CPU difference alone would give is C's wall time per call over that plus the "
          "difference: what the binding's CPU costs a call, without the round trip's variation between runs "
          "(see the noise floor above):\n" % (
              " Valgrind could not run %s (its runtime aborts under it)." % " or ".join(failed) if failed else ""))
        w("| binding | threads | × C, measured | user µs, more than C | system µs, more than C | × C the CPU "
          "difference alone would give | context switches (C's) |\n|---|---|---|---|---|---|---|")
        for b in slow + [v for v in ("extapi_go_spare",) if "extapi_go" in slow]:
            for t in THREADS:
                mine = med.get((b, t), {}).get("split")
                ref = med.get((c_reference(b, t), t), {}).get("split")
                if not mine or not ref:
                    continue
                extra = (mine["user_us"] - ref["user_us"]) + (mine["system_us"] - ref["system_us"])
                w("| %s | %d | %s | %s | %s | %s | %s (%s) |" % (
                    LABELS[b], t, fmt(c_ratio(b, t), "{:.2f}×"), fmt(mine["user_us"] - ref["user_us"], "{:+,.1f}"),
                    fmt(mine["system_us"] - ref["system_us"], "{:+,.1f}"),
                    fmt(ratio_from_cpu(wall(c_reference(b, t), t), extra), "{:.2f}×"),
                    fmt(mine["switches"], "{:.2f}"), fmt(ref["switches"], "{:.2f}")))
        w("")
        sys_calls = {c: syscalls_per_call(m, c) for c in ["extapi_c"] + slow}
        if sys_calls["extapi_c"]:
            w("System calls per call (`strace -f -c`, every thread, 1 thread making the calls, the difference "
              "of two counts): the kernel's work a binding could add of its own.\n")
            w("| client | system calls per call | of them |\n|---|---|---|")
            for c, calls in sys_calls.items():
                if calls is None:
                    continue
                top = sorted(calls.items(), key=lambda kv: (-kv[1], kv[0]))[:6]
                w("| %s | %s | %s |" % (LABELS[c], fmt(sum(calls.values()), "{:.2f}"),
                                        ", ".join("%s %s" % (k, fmt(v, "{:.2f}")) for k, v in top)))
            w("")
        if "extapi_go" in slow:
            w("Go: a goroutine calling C holds its P (the runtime's right to run Go code) in a system-call "
              "state. When every P is so held, the runtime's monitor (sysmon) takes one back after 20 µs and "
              "wakes a thread to look for other work, which finds none and sleeps again; the goroutine "
              "coming back from C then takes an idle P: context switches above C's, and their system time. "
              "The row with GOMAXPROCS one above the goroutines making calls is the same client with a P "
              "always idle, which keeps sysmon from taking Ps back from calls shorter than 10 ms (the Go "
              "binding's README tells programs that make calls from as many goroutines as GOMAXPROCS to "
              "raise it by one). The futex and nanosleep calls in the table above are the runtime's own "
              "threads (sysmon sleeps with nanosleep, a thread is woken with futex); the binding's code, "
              "cgo's transitions and the runtime's allocations for the result are %s instructions under "
              "callgrind.\n" % fmt(
                  splits["extapi_go"][0] - splits["extapi_go"][1]
                  if splits.get("extapi_go") and splits["extapi_go"][1] is not None else None))
        runtimes = {"extapi_go": "Go: its scheduler and garbage collector", "extapi_lua": "Lua: the interpreter",
                    "extapi_csharp": "C#: mono's JIT-compiled code calling through P/Invoke, its garbage collector",
                    "extapi_rust": "Rust: none beyond the FFI"}
        w("A user-time difference larger than the binding's own instructions is the runtime working beside "
          "them (%s) and the cycles its instructions take (callgrind counts instructions, not cycles: a "
          "larger program's code and data miss the caches more often).\n" % "; ".join(runtimes[b] for b in slow))

    for other, want in (("go_oauth2", 1.3), ("python_oauthlib", 5.0)):
        rs = [speed_ratio("extapi_c", other, t) for t in THREADS]
        if None in rs or all(r >= want for r in rs):
            continue
        from_cpu = []
        for t in THREADS:
            mine, theirs = cpu("extapi_c", t), cpu(other, t)
            r = ratio_from_cpu(wall("extapi_c", t), theirs - mine if None not in (mine, theirs) else None)
            from_cpu.append(1 / r if r else None)
        w("**%s× %s.** CPU per call: libextapi from C %s µs at 1 thread and %s at 2, %s %s and %s: were "
          "that all they differed by, libextapi would run at %s and %s its requests/s (measured: %s and %s). "
          "Requests/s at 1 thread are bounded by the round trip (see above)%s\n" % (
              want, LABELS[other], fmt(cpu("extapi_c", 1), "{:,.1f}"), fmt(cpu("extapi_c", 2), "{:,.1f}"),
              LABELS[other], fmt(cpu(other, 1), "{:,.1f}"), fmt(cpu(other, 2), "{:,.1f}"),
              fmt(from_cpu[0], "{:.2f}×"), fmt(from_cpu[1], "{:.2f}×"), fmt(rs[0], "{:.2f}×"), fmt(rs[1], "{:.2f}×"),
              "; Go's runtime keeps a core busy waiting for the answer (its context switches per call, in "
              "\"Where each client's CPU goes\", are those of threads that spin and sleep), which shortens "
              "that round trip at the price of CPU." if other == "go_oauth2" else "."))


def ratio_from_cpu(wall_us, extra_cpu_us):
    """The requests/s ratio a client would have against a reference whose
    thread takes wall_us per call, were extra_cpu_us more CPU per call all
    it differed by: a thread's calls are sequential, so a call's CPU adds
    to its thread's wall time per call (and with as many threads as cores,
    both busy, to the machine's time per call just as much)."""
    if not wall_us or extra_cpu_us is None:
        return None
    return wall_us / (wall_us + extra_cpu_us)


def tick_per_call(m, scale):
    """/usr/bin/time's resolution (10 ms) per call of the CPU split, for a
    client running 1/scale of the calls, at 1 thread."""
    try:
        extra = int(m["param_CALLS_EACH"]) // scale - int(m["param_FIXED_CALLS"])
    except (KeyError, ValueError):
        return None
    return 1e4 / extra if extra > 0 else None


def ratio_or_none(a, b):
    return a / b if a is not None and b else None


def main():
    work, out = sys.argv[1], sys.argv[2]
    m = read_measures(work)
    runs, fixed = read_runs(work)
    smoke = m.get("mode") == "smoke"
    clients = m.get("clients", "").split()
    not_run = {k[len("not_run_"):]: v for k, v in m.items() if k.startswith("not_run_")}
    problems = []

    med = {}
    for (name, threads), rs in runs.items():
        med[(name, threads)] = {k: median_of(rs, k) for k in ("rps", "p50_us", "p99_us", "rss_kb", "cold_ms", "cpu_us")}
        med[(name, threads)]["n"] = sum(r["ok"] for r in rs)
        med[(name, threads)]["split"] = process_split(rs, fixed.get((name, threads)))
        med[(name, threads)]["range"] = (min(r["rps"] for r in rs), max(r["rps"] for r in rs))
        if not all(r["ok"] for r in rs):
            problems.append("%s at %d thread(s): %d of %d runs failed" %
                            (name, threads, sum(not r["ok"] for r in rs), len(rs)))

    def rps(name, threads):
        return med.get((name, threads), {}).get("rps")

    def ratio(a, b):
        return a / b if a is not None and b else None

    def speed_ratio(name, other, threads):
        """Median over the rounds of name's requests/s over other's in the
        same round: the machine's speed drifts, neighbours in time see the
        same machine."""
        mine = {r["round"]: r["rps"] for r in runs.get((name, threads), []) if r["ok"]}
        theirs = {r["round"]: r["rps"] for r in runs.get((other, threads), []) if r["ok"]}
        both = [mine[k] / theirs[k] for k in mine if theirs.get(k)]
        return statistics.median(both) if both else None

    def c_reference(name, threads):
        """libextapi from C run the way `name` runs: as processes for a client
        that has no threads."""
        procs = name in PROCESS_CLIENTS - {"extapi_c_procs"} and threads > 1 and runs.get(("extapi_c_procs", threads))
        return "extapi_c_procs" if procs else "extapi_c"

    def c_ratio(name, threads):
        return speed_ratio(name, c_reference(name, threads), threads)

    L = []
    w = L.append
    w("# Benchmarks\n")
    if smoke:
        w("**Smoke run** (`--smoke`): counts far too small for any conclusion; it only proves that every "
          "client runs and produces figures.\n")
    w("Written by `%s` on %s in %s s (build %s s, building the clients %s s, interleaved runs %s s, "
      "valgrind and strace %s s). Library %s, commit %s%s, build type %s. Every figure below was measured in this run.\n" % (
          m.get("command"), m.get("date"), m.get("total_seconds"), m.get("build_seconds"), m.get("prepare_seconds"),
          m.get("loop_seconds"), m.get("valgrind_seconds"), m.get("library_version"), m.get("commit"),
          " with uncommitted changes in src/ or include/" if m.get("worktree_changes", "0") != "0" else "",
          m.get("build_type")))

    w("## Setup\n")
    w("nginx (Debian's nginx-light) on a free 127.0.0.1 port, keep-alive: `POST /oauth/token/access-token` "
      "answers a fixed token, `POST /nbi/graphql` a fixed %s-byte device list `{\"data\":{\"network\":"
      "{\"devices\":[...]}}}` (401 without a bearer header), `/nbi/graphql-large` a %s-byte one. Every client "
      "logs in once, then makes its GraphQL POSTs on one session (per thread one connection), checking every "
      "answer (see `bench/README.md`). Each run: %s untimed calls per thread, then %s timed calls split "
      "between the threads (Python: a tenth of that); %s rounds, clients interleaved "
      "(A B C ... B C A ..., each round starting one client later), "
      "medians reported.\n" % (
          m.get("answer_bytes_devices-2k"), m.get("answer_bytes_devices-200k"), m.get("param_WARMUP_EACH"),
          m.get("param_CALLS_EACH"), m.get("param_ROUNDS")))
    w("| | |\n|---|---|")
    for k, v in machine():
        w("| %s | %s |" % (k, v.replace("|", "/")))
    w("")

    w("## The server alone (wrk, same URL and headers)\n")
    w("| wrk | before the clients, requests/s | after them, requests/s |\n|---|---|---|")
    best = 0.0
    for label, key in (("1 thread, 1 connection", "c1"), ("2 threads, 2 connections", "c2"),
                       ("2 threads, 32 connections", "c32")):
        cells = []
        for when in ("before", "after"):
            value = float(m.get("wrk_%s_%s_rps" % (when, key), 0) or 0)
            bad = m.get("wrk_%s_%s_non2xx" % (when, key), "0")
            best = max(best, value)
            cells.append(fmt(value) + ("" if bad in ("", "0") else " (%s non-2xx!)" % bad))
            if not value:
                problems.append("wrk %s %s produced no figure" % (when, key))
            if bad not in ("", "0"):
                problems.append("wrk %s %s got %s non-2xx answers" % (when, key, bad))
        w("| %s | %s | %s |" % (label, cells[0], cells[1]))
    fastest = max((v["rps"] or 0) for v in med.values()) if med else 0
    w("\nnginx (%s worker process) serves up to %s requests/s; the fastest client reached %s (%s of that). "
      "A single connection's rate is bounded by the round trip between two processes, which on this "
      "virtual machine varies with its load (compare the two columns).\n" % (
          m.get("nginx_workers", "?"), fmt(best), fmt(fastest), fmt(ratio(fastest, best), "{:.0%}")))

    w("## Clients\n")
    w("Medians over the rounds; requests/s also as min-max. CPU per call: the client process's CPU time "
      "(all its threads, user and system) during the timed loop over its calls: the client's own cost, not "
      "bounded by round trips (on a virtual machine it still grows when the host is busy). Peak RSS of the whole process (`/usr/bin/time -f %M`). Cold: a new "
      "session's login plus first call. The ratios are of requests/s, medians of per-round ratios (each run "
      "against the reference's run in the same round).\n")
    w("At 1 thread every client waits for each answer, so its requests/s are bounded by the round trip "
      "to nginx on the other core; on a virtual machine that round trip includes waking a halted virtual "
      "CPU, which is slow when the host is busy (the wrk rows with one connection show the server alone "
      "then). A client whose runtime keeps a core busy (Go's) avoids part of that cost, and can then beat "
      "C at 1 thread while using more CPU per call. Compare the CPU per call too.\n")
    other, wall = float(m.get("other_cpu_seconds", 0) or 0), float(m.get("clients_wall_seconds", 0) or 0)
    steal = float(m.get("host_steal_seconds", 0) or 0)
    capacity = wall * (os.cpu_count() or 1)
    share = other / capacity if wall else 0.0
    stolen = steal / capacity if wall else 0.0
    w("While the clients ran (%s s), processes other than the benchmark's used %s CPU seconds, %s of the "
      "machine, and the host took %s CPU seconds from it (steal: this virtual machine's CPUs were ready to "
      "run and did not), %s; load average %s at the end.\n" % (
          fmt(wall, "{:.0f}"), fmt(other, "{:.1f}"), fmt(min(share, 1.0), "{:.0%}"), fmt(steal, "{:.1f}"),
          fmt(min(stolen, 1.0), "{:.0%}"), m.get("loadavg", "?")))
    if share > 0.05:
        w("**Other processes were busy during this run**: the requests/s, latencies and ratios below are "
          "distorted by them (CPU per call, callgrind and DHAT figures much less so).\n")
    if stolen > 0.05:
        w("**The host was busy during this run**: it kept this machine's CPUs waiting for %s of the time. A "
          "stolen moment stalls whichever client runs then, and the system time of every wake-up grows with "
          "it: the requests/s, latencies and ratios below vary with it from run to run (callgrind and DHAT "
          "figures do not).\n" % fmt(stolen, "{:.0%}"))
    spread = med.get(("raw_libcurl", 1), {}).get("range")
    if spread and spread[0] and spread[1] / spread[0] > 1.3:
        w("**The machine's speed varied during this run**: raw libcurl at 1 thread ranged from %s to %s "
          "requests/s between rounds with the same work (a shared virtual machine). Compare ratios, "
          "not absolute figures.\n" % (fmt(spread[0]), fmt(spread[1])))
    w("| client | threads | requests/s | (min-max) | p50 µs | p99 µs | CPU µs per call | peak RSS MiB | cold ms "
      "| × raw libcurl | × libextapi C |")
    w("|---|---|---|---|---|---|---|---|---|---|---|")
    for name in LABELS:
        if name in not_run:
            w("| %s | | not run: %s | | | | | | | | |" % (LABELS[name], not_run[name]))
            continue
        for threads in THREADS:
            f = med.get((name, threads))
            if not f or f["rps"] is None:
                w("| %s | %d | no figures | | | | | | | | |" % (LABELS[name], threads))
                continue
            t = "%d processes" % threads if name in PROCESS_CLIENTS and threads > 1 else str(threads)
            w("| %s | %s | %s | %s-%s | %s | %s | %s | %s | %s | %s | %s |" % (
                LABELS[name], t, fmt(f["rps"]), fmt(f["range"][0]), fmt(f["range"][1]), fmt(f["p50_us"], "{:,.1f}"),
                fmt(f["p99_us"], "{:,.1f}"), fmt(f["cpu_us"], "{:,.1f}"),
                fmt(f["rss_kb"] / 1024 if f["rss_kb"] else None, "{:,.1f}"),
                fmt(f["cold_ms"], "{:,.2f}"), fmt(speed_ratio(name, "raw_libcurl", threads), "{:.2f}×"),
                fmt(c_ratio(name, threads), "{:.2f}×")))
    w("")
    w("Lua has no threads: its \"2 processes\" row is two processes with one session each, run at once "
      "(requests/s added up over the slower one's time), and its ratio to libextapi from C is to C run the "
      "same way (the \"a process per thread\" row).\n")
    same = speed_ratio("extapi_c_procs", "extapi_c", 1)
    if same is not None:
        w("**The noise floor.** At 1 thread, \"libextapi from C, a process per thread\" and \"libextapi from "
          "C\" are the same program doing the same work (one process, one thread, one session), run in turn: "
          "the one ran at %s the other's requests/s. Ratios between clients in this run are as uncertain "
          "as that (%s); a ratio that close to a target's bound meets or misses it by chance.\n" % (
              fmt(same, "{:.2f}×"), fmt(abs(same - 1), "±{:.0%}")))

    w("### Where each client's CPU goes\n")
    w("Per timed call, from the whole process's totals (`/usr/bin/time`: user and system CPU, voluntary and "
      "involuntary context switches), less those of a run of the same client with %s timed calls per thread, "
      "so that start-up, login and warm-up cancel out; medians over the rounds (`/usr/bin/time` counts "
      "in 10 ms: ±%s µs per call, ±%s µs for Python's tenth of the calls). User time is the client's "
      "code, its language runtime, libextapi and libcurl; system time is the kernel's work for the client: "
      "its sockets, and waking the threads (its own and nginx's) that wait. On a virtual machine a wake-up "
      "costs the waker an exit to the host, so system time is the figure that grows when the host is busy. "
      "A context switch is the client's thread blocking (waiting for the answer: one per call at the least) "
      "or being preempted.\n" % (m.get("param_FIXED_CALLS", "?"), fmt(tick_per_call(m, 1), "{:.1f}"),
                                 fmt(tick_per_call(m, 10), "{:.1f}")))
    w("| client | threads | user µs | system µs | context switches |\n|---|---|---|---|---|")
    for name in LABELS:
        for threads in THREADS:
            split = med.get((name, threads), {}).get("split")
            if split:
                t = "%d processes" % threads if name in PROCESS_CLIENTS and threads > 1 else str(threads)
                w("| %s | %s | %s | %s | %s |" % (LABELS[name], t, fmt(split["user_us"], "{:,.1f}"),
                                                fmt(split["system_us"], "{:,.1f}"), fmt(split["switches"], "{:.2f}")))
    w("")

    prof = {c: per_call_profile(m, c) for c in ("extapi_c", "raw_libcurl")}
    allocs = {(c, s): dhat_per_call(m, c, s) for c in ("extapi_c", "raw_libcurl") for s in ("2k", "200k")}
    idles = {c: idle(m, c) for c in ("extapi_c", "raw_libcurl")}
    cg = m.get("param_CG_CALLS", "").split()
    dh, dhl = m.get("param_DHAT_CALLS", "").split(), m.get("param_DHAT_LARGE_CALLS", "").split()

    w("## libextapi per call (1 thread), raw libcurl as reference\n")
    w("Instructions: callgrind, (total at %s calls - total at %s calls) / %s. Heap: valgrind DHAT totals, "
      "(at %s - at %s calls) / difference for the 2 KB answer, (%s - %s) for the 200 KB one. Idle session: "
      "%s sessions (raw libcurl: easy handles), resident memory before creating them and after the first call "
      "of each, divided by their number. After it each session holds its token; libextapi's sessions, all "
      "of equal transport settings, share one pool of handles and its kept-alive connection (see "
      "docs/transport.md), while each raw libcurl handle keeps a connection of its own.\n" % (
          cg[-1] if cg else "?", cg[0] if cg else "?",
          (int(cg[-1]) - int(cg[0])) if len(cg) > 1 else "?", dh[-1] if dh else "?", dh[0] if dh else "?",
          dhl[-1] if dhl else "?", dhl[0] if dhl else "?", m.get("param_SESSIONS")))
    w("| figure | raw libcurl + cJSON | libextapi | ratio |\n|---|---|---|---|")
    ir = {c: (prof[c][0] if prof[c] else None) for c in prof}
    w("| instructions per call | %s | %s | %s |" % (fmt(ir["raw_libcurl"]), fmt(ir["extapi_c"]),
                                                     fmt(ratio(ir["extapi_c"], ir["raw_libcurl"]), "{:.2f}×")))
    for size, label in (("2k", "2 KB"), ("200k", "200 KB")):
        a, b = allocs[("raw_libcurl", size)], allocs[("extapi_c", size)]
        w("| heap allocations per call, %s answer | %s | %s | %s |" % (
            label, fmt(a and a[0], "{:,.1f}"), fmt(b and b[0], "{:,.1f}"),
            fmt(ratio(b and b[0], a and a[0]), "{:.2f}×")))
        w("| bytes allocated per call, %s answer | %s | %s | %s |" % (
            label, fmt(a and a[1]), fmt(b and b[1]), fmt(ratio(b and b[1], a and a[1]), "{:.2f}×")))
    c_raw, c_ext = (med.get((c, 1), {}).get("cold_ms") for c in ("raw_libcurl", "extapi_c"))
    w("| cold login + first call, ms (median of the runs) | %s | %s | %s |" % (
        fmt(c_raw, "{:.2f}"), fmt(c_ext, "{:.2f}"), fmt(ratio(c_ext, c_raw), "{:.2f}×")))
    for key, label in (("new_kib", "memory per new session, KiB"), ("after_kib", "memory per idle session after its first call, KiB")):
        a, b = (idles[c] and idles[c][key] for c in ("raw_libcurl", "extapi_c"))
        w("| %s | %s | %s | %s |" % (label, fmt(a, "{:.1f}"), fmt(b, "{:.1f}"), fmt(ratio(b, a), "{:.2f}×")))
    w("")
    for c in ("raw_libcurl", "extapi_c"):
        if prof[c] is None or allocs[(c, "2k")] is None or idles[c] is None:
            problems.append("%s: missing valgrind or idle-session figures" % c)

    # --- targets -------------------------------------------------------------
    w("## The issue's targets\n")
    w("| target | measured | met |\n|---|---|---|")

    def target(text, measured, ok):
        w("| %s | %s | %s |" % (text, measured, "n/a" if ok is None else ("yes" if ok else "**no**")))

    r1 = speed_ratio("extapi_c", "raw_libcurl", 1)
    target("libextapi from C, 1 thread: ≥ 1.0× raw libcurl's requests/s", fmt(r1, "{:.2f}×"),
           None if r1 is None else r1 >= 1.0)
    ri = ratio(ir["extapi_c"], ir["raw_libcurl"])
    target("… and no more instructions per call than raw libcurl + cJSON",
           "%s vs %s (%s)" % (fmt(ir["extapi_c"]), fmt(ir["raw_libcurl"]), fmt(ri, "{:.2f}×")),
           None if ri is None else ri <= 1.0)
    r2 = speed_ratio("extapi_c", "raw_libcurl", 2)
    target("2 threads on one session: ≥ 0.95× raw libcurl with 2 handles", fmt(r2, "{:.2f}×"),
           None if r2 is None else r2 >= 0.95)
    a2, a200 = allocs[("extapi_c", "2k")], allocs[("extapi_c", "200k")]
    curl_own = {c: libcurl_allocations(prof[c]) for c in prof}
    target("heap allocations per call ≤ 40, independent of the answer's size",
           "%s (2 KB), %s (200 KB); of them libcurl's own: %s (raw libcurl's: %s)" % (
               fmt(a2 and a2[0], "{:.1f}"), fmt(a200 and a200[0], "{:.1f}"),
               fmt(curl_own["extapi_c"], "{:.1f}"), fmt(curl_own["raw_libcurl"], "{:.1f}")),
           None if not (a2 and a200) else (a2[0] <= 40 and a200[0] <= 40))
    for b in BINDINGS:
        if b in not_run:
            target("%s: ≥ 0.95× libextapi from C" % LABELS[b], "not run: " + not_run[b], None)
            continue
        rs = [c_ratio(b, t) for t in THREADS]
        target("%s: ≥ 0.95× libextapi from C" % LABELS[b],
               ", ".join("%s at %d" % (fmt(r, "{:.2f}×"), t) for r, t in zip(rs, THREADS)),
               None if None in rs else all(r >= 0.95 for r in rs))
    for other, want in (("go_oauth2", 1.3), ("python_oauthlib", 5.0)):
        rs = [speed_ratio("extapi_c", other, t) for t in THREADS]
        target("libextapi from C ≥ %.1f× %s at the same thread count" % (want, LABELS[other]),
               ", ".join("%s at %d" % (fmt(r, "{:.2f}×"), t) for r, t in zip(rs, THREADS)),
               None if None in rs else all(r >= want for r in rs))
    ia = idles["extapi_c"]
    target("an idle session (after its first call) under 16 KiB", fmt(ia and ia["after_kib"], "{:.1f} KiB"),
           None if ia is None else ia["after_kib"] < 16)
    w("")

    in_the_way(w, m, med, prof, allocs, idles, not_run, speed_ratio, c_ratio, c_reference, r1, r2, a2, curl_own)

    # --- profile ---------------------------------------------------------------
    w("## Where the instructions go (callgrind, per call)\n")
    w("Per-function cost per call: (cost at %s calls - cost at %s calls) / difference. Inclusive: the "
      "function and everything it calls; self: the function's own instructions. Shares are of all "
      "instructions per call.\n" % (cg[-1] if cg else "?", cg[0] if cg else "?"))
    for c in ("extapi_c", "raw_libcurl"):
        if not prof[c]:
            continue
        total, inclusive, self_cost, _ = prof[c]
        for title, rows, n in (("inclusive", inclusive, 25), ("self", self_cost, 15)):
            w("%s, %s (%s instructions per call):\n" % (LABELS[c], title, fmt(total)))
            w("| Ir per call | share | function |\n|---|---|---|")
            for fn, v in rows[:n]:
                w("| %s | %s | `%s` |" % (fmt(v), fmt(v / total if total else None, "{:.1%}"), cell(fn)))
            w("")
    w("## Where the heap allocations come from (callgrind call counts, per call)\n")
    w("Calls to %s per call, by the function making them (same difference of two call counts, 2 KB "
      "answer).\n" % ", ".join("`%s`" % a for a in sorted(ALLOCATORS)))
    for c in ("extapi_c", "raw_libcurl"):
        if not prof[c]:
            continue
        rows = [(fn, v) for fn, v in prof[c][3] if v >= 0.5]
        w("%s (%s allocator calls per call):\n" % (LABELS[c], fmt(sum(v for _, v in prof[c][3]), "{:.1f}")))
        w("| calls per call | function |\n|---|---|")
        for fn, v in rows[:20]:
            w("| %s | `%s` |" % (fmt(v, "{:.1f}"), cell(fn)))
        w("")

    if not_run or problems:
        w("## Not measured\n")
        for name, why in not_run.items():
            w("- %s: not run: %s" % (LABELS.get(name, name), why))
        for p in problems:
            w("- %s" % p)
        w("")

    with open(out, "w") as f:
        f.write("\n".join(L))

    # Every client must have produced figures at every thread count.
    for name in clients:
        for threads in THREADS:
            if not med.get((name, threads), {}).get("n"):
                problems.append("%s at %d thread(s) produced no figures" % (name, threads))
    if smoke and not_run:
        problems.extend("%s not run: %s" % kv for kv in not_run.items())
    for p in problems:
        print("report: " + p, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
