// No leaked C strings or sessions: resident memory stays flat over 10,000
// large results and over 10,000 clients left to the finalizer.
using System;
using System.IO;
using System.Linq;
using System.Text;
using ExtApi;

static class MemoryTests {
    const int Calls = 10000;
    const int Warmup = 200;
    // A leak of the ~10 KB documents would be about 100 MB.
    const long BoundKb = 20 * 1024;

    public static void Run(Emulator emulator) {
        Check.Run("memory/large_results_do_not_leak", () => {
            emulator.Reset();
            string body = "{\"items\":[" + string.Join(",", Enumerable.Range(0, 300).Select(
                i => "{\"id\":" + i + ",\"name\":\"device-" + i.ToString("D8") + "\"}")) + "]}";
            Check.That(body.Length > 10000, "the body is only " + body.Length + " bytes");
            using (var client = emulator.Open("{\"profile\":\"bearer\",\"base_url\":\"${BASE_URL}\",\"token\":\"static-token\"}")) {
                long growth = GrowthKb("echo", i => {
                    Result echo = client.Request("POST", "/api/echo", body);
                    if (!Check.JsonEquals(299, echo.Get("data.body.items.299.id")))
                        throw new CheckFailed("call " + i + ": " + echo.Json.Substring(0, Math.Min(200, echo.Json.Length)));
                });
                Check.That(growth < BoundKb, "RSS grew by " + growth + " kB");
            }
            Check.Equal(Calls + Warmup, emulator.Counter("api"), "api counter");
        });

        Check.Run("memory/undisposed_clients_are_freed", () => {
            // A large secret makes every leaked session cost at least 8 KB.
            string config = "{\"profile\":\"basic\",\"base_url\":\"http://127.0.0.1:9\",\"username\":\"u\",\"password\":\"" +
                            new string('p', 8192) + "\"}";
            long growth = GrowthKb("undisposed clients", i => {
                new Client(config).Info().EnsureOk();
                // Native sessions are invisible to the GC's heuristics;
                // collect now and then as a real program's allocations would.
                if (i % 1000 == 999) Collect();
            });
            Check.That(growth < BoundKb, "RSS grew by " + growth + " kB");
        });
    }

    /// Runs work Warmup times (allocator, connections), then Calls times,
    /// and returns the RSS growth over the second part.
    static long GrowthKb(string what, Action<int> work) {
        for (int i = 0; i < Warmup; i++) work(i);
        Collect();
        long before = RssKb();
        for (int i = 0; i < Calls; i++) work(i);
        Collect();
        long after = RssKb();
        Console.WriteLine(what + ": RSS " + before + " kB before, " + after + " kB after " + Calls +
                          " iterations: growth " + (after - before) + " kB");
        return after - before;
    }

    static void Collect() {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// VmRSS from /proc/self/status, in kB.
    static long RssKb() {
        string line = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("VmRSS:"));
        return long.Parse(line.Substring(6).Trim().Split(' ')[0]);
    }
}
