// The idiomatic layer: results, EnsureOk, bad configurations, lifetime.
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using ExtApi;

static class ClientTests {
    public static void Run(Emulator emulator) {
        Check.Run("client/version", () => {
            Check.That(System.Text.RegularExpressions.Regex.IsMatch(Client.LibraryVersion, @"^\d+\.\d+\.\d+$"),
                       "LibraryVersion is " + Client.LibraryVersion);
        });

        Check.Run("client/login_graphql_rest_refresh_logout", () => {
            emulator.Reset();
            using (var client = emulator.Xmc()) {
                Result login = client.Login().EnsureOk();
                Check.Equal("Bearer", login.Get("token.type"), "token.type");
                Check.That(login.Get("token.access_token") == null, "the token is exposed: " + login.Json);

                Result graphql = client.GraphQL("query($site: String) { network { devices { ip } } }",
                                                "{\"site\":\"/World\"}");
                Check.That(graphql.Ok, graphql.Json);
                Check.Equal(200, graphql.Status, "graphql status");
                Check.Equal("10.0.0.2", graphql.Get("data.network.devices.1.ip"), "second device");
                Check.Equal("/World", graphql.Get("data.variables.site"), "variables");
                Check.That(graphql.ErrorCode == null && graphql.ErrorMessage == null, "error fields on success");

                Result rest = client.Request("PATCH", "/api/things/7?x=1", "{\"name\":\"n\"}").EnsureOk();
                Check.Equal("PATCH", rest.Get("data.method"), "method");
                Check.Equal("x=1", rest.Get("data.query"), "query");
                Check.Equal("n", rest.Get("data.body.name"), "body");
                Check.Equal("bearer", rest.Get("data.auth"), "auth");

                client.TokenRefresh().EnsureOk();
                Check.Equal(2, emulator.Counter("xmc_token"), "xmc_token after the refresh");

                Result logout = client.Logout().EnsureOk();
                Check.Equal(false, logout.Get("revoked"), "revoked");
                Check.Equal(false, client.Info().EnsureOk().Get("has_token"), "has_token after logout");
            }
            Check.Equal(1, emulator.Counter("graphql"), "graphql counter");
            Check.Equal(1, emulator.Counter("api"), "api counter");
        });

        Check.Run("client/utf8_round_trip", () => {
            emulator.Reset();
            const string text = "h\u00e9llo \u2713 \U0001D11E \"quoted\"\n";
            using (var client = emulator.Xmc()) {
                Result echo = client.Request("POST", "/api/echo", "{\"text\":" + Json.Quote(text) + "}").EnsureOk();
                Check.Equal(text, echo.Get("data.body.text"), "echoed text");
                Result graphql = client.GraphQL("{ \u00e9 }").EnsureOk();
                Check.Equal("{ \u00e9 }", graphql.Get("data.query"), "echoed query");
            }
        });

        Check.Run("client/failure_fields_and_EnsureOk", () => {
            emulator.Reset();
            using (var client = emulator.Open("{\"profile\":\"xmc\",\"base_url\":\"${BASE_URL}\",\"client_id\":\"xmc-client\",\"client_secret\":\"wrong\"}")) {
                Result login = client.Login();
                Check.Equal(false, login.Ok, "ok");
                Check.Equal("auth_failed", login.ErrorCode, "code");
                Check.Equal(401, login.Status, "status");
                Check.That(!string.IsNullOrEmpty(login.ErrorMessage), "no message: " + login.Json);
                Check.That(!login.Json.Contains("wrong"), "the secret leaked: " + login.Json);
                try {
                    login.EnsureOk();
                    throw new CheckFailed("EnsureOk did not throw");
                } catch (ExtApiException e) {
                    Check.Equal("auth_failed", e.Code, "exception code");
                    Check.Equal(401, e.Status, "exception status");
                    Check.That(ReferenceEquals(login, e.Result), "exception result");
                    Check.That(e.Message.StartsWith("auth_failed: "), "message " + e.Message);
                }
            }
        });

        Check.Run("client/headers_and_rate_limit", () => {
            emulator.Reset();
            emulator.Configure("{\"rate_limit_headers\":\"ietf\"}");
            using (var client = emulator.Open("{\"profile\":\"xiq\",\"base_url\":\"${BASE_URL}\",\"username\":\"admin@cust001.com\"," +
                                              "\"password\":\"xiq-password\",\"response_headers\":[\"ETag\",\"Link\"]}")) {
                Result page = client.Request("GET", "/devices?page=1&limit=10").EnsureOk();
                string link;
                Check.That(page.Headers.TryGetValue("Link", out link) && link.EndsWith("/devices?page=2&limit=10>; rel=\"next\""),
                           "Link: " + page.Json);
                Check.That(!page.Headers.ContainsKey("etag"), "an ETag the server did not send: " + page.Json);
                RateLimit limit = page.RateLimit;
                Check.That(limit != null && limit.Limit == 1000 && limit.Remaining == 999 && limit.Reset == TimeSpan.FromSeconds(60),
                           "RateLimit: " + page.Json);
                Check.That(page.RetryAfter == null, "RetryAfter on a 200");

                Result echo = client.Request("GET", "/api/things?x=1").EnsureOk();
                Check.Equal("\"e2ae434585aa127b\"", echo.Headers["etag"], "ETag");
                Result last = client.Request("GET", "/devices?page=3&limit=10").EnsureOk();
                Check.Equal(0, last.Headers.Count, "headers on the last page");
            }
        });

        Check.Run("client/retry_after", () => {
            emulator.Reset();
            emulator.Fault("{\"path\":\"/api/limited\",\"kind\":\"status\",\"status\":429,\"retry_after\":\"1\"," +
                           "\"headers\":{\"RateLimit-Limit\":\"100\",\"RateLimit-Remaining\":\"0\"}}");
            using (var client = emulator.Open("{\"profile\":\"basic\",\"base_url\":\"${BASE_URL}\",\"username\":\"basic-user\"," +
                                              "\"password\":\"basic-password\",\"retries\":0}")) {
                Result limited = client.Request("GET", "/api/limited");
                ExpectCode("rate_limited", limited, "429");
                Check.That(limited.RetryAfter == TimeSpan.FromSeconds(1), "RetryAfter: " + limited.Json);
                RateLimit limit = limited.RateLimit;
                Check.That(limit != null && limit.Limit == 100 && limit.Remaining == 0 && limit.Reset == null,
                           "RateLimit: " + limited.Json);
            }
        });

        Check.Run("client/lossless_data", () => {
            emulator.Reset();
            emulator.Configure("{\"basic_password\":\"admin\"}");
            emulator.Fault("{\"path\":\"/api/big\",\"kind\":\"status\",\"status\":200,\"body\":" +
                           Json.Quote("{\"id\":9007199254740993,\"name\":\"admin-building\",\"owner\":\"admin\",\"list\":[1.50]}") + "}");
            using (var client = emulator.Open("{\"profile\":\"basic\",\"base_url\":\"${BASE_URL}\",\"username\":\"basic-user\",\"password\":\"admin\"}")) {
                Result big = client.Request("GET", "/api/big").EnsureOk();
                Check.Equal("{\"id\":9007199254740993,\"name\":\"admin-building\",\"owner\":\"[redacted]\",\"list\":[1.50]}",
                            big.GetJson("data"), "data as sent");
                Check.Equal(9007199254740993L, long.Parse(big.GetJson("data.id")), "the exact id");
                Check.Equal(9007199254740992.0, big.Get("data.id"), "the id as a double");
                Check.Equal("1.50", big.GetJson("data.list.0"), "a number's spelling");
                Check.Equal("\"admin-building\"", big.GetJson("data.name"), "a string's text");
                Check.That(big.GetJson("data.list.1") == null && big.GetJson("data.nope") == null && big.GetJson("status.x") == null,
                           "GetJson of a path that does not exist");
            }
        });

        Check.Run("client/info_exchanges", () => {
            emulator.Reset();
            using (var client = emulator.Xmc()) {
                client.GraphQL("{ a }").EnsureOk();
                Result info = client.Info().EnsureOk();
                var exchanges = (IList<object>)info.Get("exchanges");
                Check.Equal(2, exchanges.Count, "exchanges");
                Check.Equal("token", info.Get("exchanges.0.endpoint"), "first endpoint");
                Check.Equal("basic_raw", info.Get("exchanges.0.client_auth"), "client_auth");
                Check.That(((string)info.Get("exchanges.0.url")).EndsWith("/oauth/token/access-token"), "url without query: " + info.Json);
                Check.Equal("api", info.Get("exchanges.1.endpoint"), "second endpoint");
                Check.Equal(200, info.Get("exchanges.1.status"), "second status");
            }
        });

        Check.Run("client/bad_arguments_are_invalid_argument", () => {
            using (var client = emulator.Xmc()) {
                ExpectCode("invalid_argument", client.GraphQL("{ a }", "[1]"), "variables not an object");
                ExpectCode("invalid_argument", client.GraphQL(null), "null query");
                ExpectCode("invalid_argument", client.Request("GET", "http://other.example/x"), "another origin");
            }
        });

        Check.Run("client/bad_config", () => {
            emulator.Reset();
            foreach (string config in new[] { "{not json", "[]", null, "{\"profile\":\"nope\",\"base_url\":\"http://x\"}" }) {
                using (var client = new Client(config)) {
                    string what = "config " + (config ?? "null");
                    ExpectCode("invalid_config", client.Login(), what + " login");
                    ExpectCode("invalid_config", client.GraphQL("{ a }"), what + " graphql");
                    Result info = client.Info();
                    Check.That(info.Ok && info.Get("config_error.message") != null, what + " info: " + info.Json);
                }
            }
            Check.Equal(0, emulator.Counter("xmc_token"), "no request was made");
        });

        Check.Run("client/dispose_then_call_is_invalid_argument", () => {
            var client = emulator.Xmc();
            client.Login().EnsureOk();
            client.Dispose();
            ExpectAllInvalidArgument(client, "after Dispose");
            client.Dispose();
            ExpectAllInvalidArgument(client, "after a second Dispose");
        });

        Check.Run("client/using_disposes", () => {
            Client kept;
            using (var client = emulator.Xmc()) {
                kept = client;
                client.Info().EnsureOk();
            }
            ExpectAllInvalidArgument(kept, "after using");
        });

        Check.Run("client/finalizer_collects_undisposed_clients", () => {
            WeakReference dropped = DropClient(emulator);
            for (int i = 0; i < 10 && dropped.IsAlive; i++) {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
            Check.That(!dropped.IsAlive, "an undisposed client was never collected");
            // That the native session is freed too is measured in the
            // memory suite (10,000 undisposed clients).
        });
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static WeakReference DropClient(Emulator emulator) {
        var client = emulator.Xmc();
        client.Login().EnsureOk();
        return new WeakReference(client);
    }

    static void ExpectAllInvalidArgument(Client client, string when) {
        ExpectCode("invalid_argument", client.Login(), when + ": Login");
        ExpectCode("invalid_argument", client.GraphQL("{ a }"), when + ": GraphQL");
        ExpectCode("invalid_argument", client.Request("GET", "/api/x"), when + ": Request");
        ExpectCode("invalid_argument", client.TokenRefresh(), when + ": TokenRefresh");
        ExpectCode("invalid_argument", client.Logout(), when + ": Logout");
        ExpectCode("invalid_argument", client.Info(), when + ": Info");
    }

    public static void ExpectCode(string code, Result result, string what) {
        Check.That(!result.Ok && result.ErrorCode == code, what + ": expected " + code + ", got " + result.Json);
    }
}
