// The async methods: results and failures, and cancellation through
// ext_cancel against calls the emulator stalls for 5 s.
using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ExtApi;

static class AsyncTests {
    const string Stall = "{\"path\":\"/api/slow\",\"kind\":\"stall\",\"stall_ms\":5000,\"count\":100}";
    const string Bearer = "{\"profile\":\"bearer\",\"base_url\":\"${BASE_URL}\",\"token\":\"static-token\"}";
    // ext_cancel_fire promises about 100 ms; the rest is thread start-up
    // and a loaded machine.  Uncancelled, the call would take 5 s.
    static readonly TimeSpan Prompt = TimeSpan.FromMilliseconds(700);

    public static void Run(Emulator emulator) {
        Check.Run("async/results_and_failures", () => {
            emulator.Reset();
            using (var client = emulator.Xmc()) {
                Result login = client.LoginAsync().Result;
                Check.Equal("Bearer", login.Get("token.type"), "token.type");
                Result graphql = client.GraphQLAsync("{ network { devices { ip } } }").Result;
                Check.Equal("10.0.0.1", graphql.Get("data.network.devices.0.ip"), "first device");
                Result missing = client.TryRequestAsync("GET", "/nope").Result;
                Check.That(!missing.Ok && missing.ErrorCode == ExtApiErrorCode.Http && missing.Status == 404,
                           "TryRequestAsync of a 404: " + missing.Json);
                var e = ClientTests.Throws<ExtApiException>(() => client.RequestAsync("GET", "/nope").GetAwaiter().GetResult(),
                                                            "RequestAsync of a 404");
                Check.That(e.Code == ExtApiErrorCode.Http && e.Status == 404, "RequestAsync threw " + e.Message);
            }
        });

        Check.Run("async/cancel_after_200ms_ends_a_stalled_request", () => {
            emulator.Reset();
            emulator.Fault(Stall);
            using (var client = emulator.Open(Bearer))
            using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200))) {
                var clock = Stopwatch.StartNew();
                Task<Result> call = client.RequestAsync("GET", "/api/slow", null, null, cts.Token);
                ExpectCancelled(call, cts.Token, "RequestAsync");
                clock.Stop();
                Check.That(clock.Elapsed >= TimeSpan.FromMilliseconds(180) && clock.Elapsed < TimeSpan.FromMilliseconds(200) + Prompt,
                           "cancelled after " + clock.ElapsedMilliseconds + " ms");
                // The session is still usable after a cancelled call.
                Check.Equal("GET", client.Request("GET", "/api/things").Get("data.method"), "a call after the cancellation");
            }
            Check.Equal(2, emulator.Counter("api"), "api counter (the stalled request and the one after)");
        });

        Check.Run("async/cancel_from_another_thread_ends_a_stalled_login_and_graphql", () => {
            emulator.Reset();
            using (var client = emulator.Xmc()) {
                emulator.Fault("{\"path\":\"/oauth/token/access-token\",\"kind\":\"stall\",\"stall_ms\":5000}");
                CancelledFromThread(token => client.LoginAsync(null, token), "LoginAsync");
                emulator.Reset();
                client.Login();
                emulator.Fault("{\"path\":\"/nbi/graphql\",\"kind\":\"stall\",\"stall_ms\":5000}");
                CancelledFromThread(token => client.TryGraphQLAsync("{ a }", null, null, token), "TryGraphQLAsync");
            }
        });

        Check.Run("async/sixteen_calls_cancelled_together", () => {
            emulator.Reset();
            emulator.Fault(Stall);
            using (var client = emulator.Open(Bearer))
            using (var cts = new CancellationTokenSource()) {
                Task<Result>[] calls = Enumerable.Range(0, 16)
                    .Select(_ => client.RequestAsync("GET", "/api/slow", null, null, cts.Token)).ToArray();
                Thread.Sleep(300);
                var clock = Stopwatch.StartNew();
                cts.Cancel();
                foreach (var call in calls) ExpectCancelled(call, cts.Token, "one of 16");
                Check.That(clock.Elapsed < Prompt, "16 calls ended " + clock.ElapsedMilliseconds + " ms after Cancel");
            }
        });

        Check.Run("async/already_cancelled_token_sends_nothing", () => {
            emulator.Reset();
            using (var client = emulator.Open(Bearer)) {
                ExpectCancelled(client.RequestAsync("GET", "/api/x", null, null, new CancellationToken(true)),
                                new CancellationToken(true), "RequestAsync");
                ExpectCancelled(client.TryRequestAsync("GET", "/api/x", null, null, new CancellationToken(true)),
                                new CancellationToken(true), "TryRequestAsync");
            }
            Check.Equal(0, emulator.Counter("api"), "api counter");
        });

        Check.Run("async/dispose_cancels_a_call_in_flight", () => {
            emulator.Reset();
            emulator.Fault(Stall);
            var client = emulator.Open(Bearer);
            Task<Result> call = client.RequestAsync("GET", "/api/slow");
            Thread.Sleep(200);
            var clock = Stopwatch.StartNew();
            client.Dispose();
            Check.That(clock.Elapsed < Prompt, "Dispose took " + clock.ElapsedMilliseconds + " ms");
            ClientTests.Throws<ObjectDisposedException>(() => call.GetAwaiter().GetResult(), "the call in flight");
        });
    }

    /// Runs call with a token another thread cancels 200 ms later.
    static void CancelledFromThread(Func<CancellationToken, Task<Result>> call, string what) {
        using (var cts = new CancellationTokenSource()) {
            var clock = Stopwatch.StartNew();
            Task<Result> task = call(cts.Token);
            var canceller = new Thread(() => { Thread.Sleep(200); cts.Cancel(); });
            canceller.Start();
            ExpectCancelled(task, cts.Token, what);
            canceller.Join();
            Check.That(clock.Elapsed < TimeSpan.FromMilliseconds(200) + Prompt,
                       what + " ended " + clock.ElapsedMilliseconds + " ms after it started");
        }
    }

    /// The task ends, as a cancelled Task, with OperationCanceledException
    /// carrying token; within 5 s, or the cancellation did not work.
    static void ExpectCancelled(Task<Result> task, CancellationToken token, string what) {
        try {
            Check.That(task.Wait(TimeSpan.FromSeconds(5)) || task.IsCompleted, what + " still runs after 5 s");
            throw new CheckFailed(what + " was not cancelled: " + task.Result.Json);
        } catch (AggregateException e) {
            var cancelled = e.InnerException as OperationCanceledException;
            Check.That(cancelled != null, what + ": expected OperationCanceledException, got " + e.InnerException);
            Check.That(cancelled.CancellationToken == token, what + ": the exception carries another token");
        }
        Check.That(task.IsCanceled, what + ": the task is " + task.Status + ", not Canceled");
    }
}
