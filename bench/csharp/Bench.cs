// Bench.exe: libextapi from C# through the binding (ExtApi.dll, mono).
// One ExtApi.Client shared by every thread: TryLogin once, then TryGraphQL
// for every call (the calls that answer with a Result instead of throwing);
// a call succeeds when Result.Ok.  Configured by the environment described
// in bench/README.md; prints the result line.
using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using ExtApi;

static class Bench {
    const string Query = "{ network { devices { ip } } }";

    static string Env(string name, string fallback) {
        string value = Environment.GetEnvironmentVariable(name);
        if (!string.IsNullOrEmpty(value)) return value;
        if (fallback != null) return fallback;
        Console.Error.WriteLine("bench: " + name + " is not set");
        Environment.Exit(2);
        return null;
    }

    static int EnvInt(string name, int fallback) {
        int n;
        return int.TryParse(Environment.GetEnvironmentVariable(name), out n) ? n : fallback;
    }

    static double Ms(long ticks) { return ticks * 1000.0 / Stopwatch.Frequency; }

    // The process's CPU time so far, all threads.
    static TimeSpan CpuTime() {
        using (var self = Process.GetCurrentProcess()) return self.TotalProcessorTime;
    }

    static int Main() {
        int threads = Math.Max(1, EnvInt("BENCH_THREADS", 1));
        int perThread = EnvInt("BENCH_CALLS", 1000) / threads;
        int warmup = EnvInt("BENCH_WARMUP", 0);
        var latencies = new long[threads * perThread];
        var ok = new int[threads];
        var failures = new string[threads];

        long begin = Stopwatch.GetTimestamp();
        var options = new ClientOptions {
            Profile = Profile.Xmc,
            BaseUrl = Env("BENCH_URL", null),
            ClientId = Env("BENCH_CLIENT_ID", null),
            ClientSecret = Env("BENCH_CLIENT_SECRET", null),
            GraphQLPath = Env("BENCH_PATH", "/nbi/graphql"),
        };
        using (var client = new Client(options)) {
            Result first = client.TryLogin();
            if (first.Ok) first = client.TryGraphQL(Query);
            if (!first.Ok) {
                Console.Error.WriteLine("bench: login or first call failed: " + first.Json);
                return 1;
            }
            long cold = Stopwatch.GetTimestamp() - begin;

            var start = new Barrier(threads + 1);
            var workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int index = t;
                workers[t] = new Thread(() => {
                    for (int i = 0; i < warmup; i++) {
                        Result r = client.TryGraphQL(Query);
                        if (!r.Ok) failures[index] = r.Json;
                    }
                    start.SignalAndWait();
                    int offset = index * perThread;
                    for (int i = 0; i < perThread; i++) {
                        long t0 = Stopwatch.GetTimestamp();
                        Result r = client.TryGraphQL(Query);
                        latencies[offset + i] = Stopwatch.GetTimestamp() - t0;
                        if (r.Ok) ok[index]++;
                        else failures[index] = r.Json;
                    }
                });
                workers[t].Start();
            }
            start.SignalAndWait();
            long loopBegin = Stopwatch.GetTimestamp();
            TimeSpan cpuBegin = CpuTime();
            foreach (Thread w in workers) w.Join();
            long loop = Stopwatch.GetTimestamp() - loopBegin;
            double cpu = (CpuTime() - cpuBegin).TotalSeconds;

            int total = 0;
            for (int t = 0; t < threads; t++) {
                total += ok[t];
                if (failures[t] != null) {
                    Console.Error.WriteLine("bench: call failed: " + failures[t]);
                    total = 0;
                }
            }
            string latFile = Environment.GetEnvironmentVariable("BENCH_LAT_FILE");
            if (!string.IsNullOrEmpty(latFile)) {
                var text = new StringBuilder();
                foreach (long l in latencies) text.Append((long)(Ms(l) * 1e6)).Append('\n');
                File.WriteAllText(latFile, text.ToString());
            }
            Console.WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "BENCH calls={0} seconds={1:F6} cold_ms={2:F3} cpu_s={3:F6}", total, Ms(loop) / 1000.0, Ms(cold), cpu));
            return total == latencies.Length ? 0 : 1;
        }
    }
}
