// One Client shared by many Tasks.
using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ExtApi;

static class ThreadTests {
    const int Workers = 16;

    public static void Run(Emulator emulator) {
        Check.Run("threads/token_expiry_renewed_once_for_all_tasks", () => {
            emulator.Reset();
            emulator.Configure("{\"token_lifetime_s\":2}");
            using (var client = emulator.Xmc()) {
                client.GraphQL("{ a }");
                // Past half of the 2 s lifetime the token is due for renewal.
                Thread.Sleep(1300);
                Result[] results = AllAtOnce(Workers, () => client.TryGraphQL("{ network { devices { ip } } }"));
                foreach (Result result in results) {
                    Check.That(result.Ok, "a task's call failed: " + result.Json);
                    Check.Equal("10.0.0.1", result.Get("data.network.devices.0.ip"), "a task's data");
                }
                Check.Equal(2, emulator.Counter("xmc_token"), "xmc_token (one login, one renewal)");
                Check.Equal(Workers + 1, emulator.Counter("graphql"), "graphql counter");
                Check.Equal(2, client.Info().Get("counters.logins"), "session logins");
            }
        });

        Check.Run("threads/dispose_cancels_calls_in_flight", () => {
            emulator.Reset();
            // The calls would stall for 5 s; Dispose comes while they do.
            emulator.Fault("{\"path\":\"/api/slow\",\"kind\":\"stall\",\"stall_ms\":5000,\"count\":" + Workers + "}");
            var client = emulator.Open("{\"profile\":\"bearer\",\"base_url\":\"${BASE_URL}\",\"token\":\"static-token\"}");
            var start = new ManualResetEventSlim();
            Task<Exception>[] calls = Enumerable.Range(0, Workers).Select(_ => Task.Factory.StartNew(() => {
                start.Wait();
                try {
                    client.Request("GET", "/api/slow");
                    return null;
                } catch (Exception e) {
                    return e;
                }
            }, TaskCreationOptions.LongRunning)).ToArray();
            start.Set();
            Thread.Sleep(300);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            client.Dispose();
            Check.That(clock.ElapsedMilliseconds < 1000, "Dispose took " + clock.ElapsedMilliseconds + " ms");
            foreach (var call in calls) {
                Check.That(call.Wait(1000), "a call still runs after Dispose");
                Check.That(call.Result is ObjectDisposedException, "a call during Dispose: " + call.Result);
            }
            ClientTests.Throws<ObjectDisposedException>(() => client.Info(), "Info after Dispose");
        });
    }

    /// Runs call on n dedicated threads released together.
    static Result[] AllAtOnce(int n, Func<Result> call) {
        var start = new ManualResetEventSlim();
        var ready = new CountdownEvent(n);
        Task<Result>[] tasks = Enumerable.Range(0, n).Select(_ => Task.Factory.StartNew(() => {
            ready.Signal();
            start.Wait();
            return call();
        }, TaskCreationOptions.LongRunning)).ToArray();
        ready.Wait();
        start.Set();
        return tasks.Select(task => task.Result).ToArray();
    }
}
