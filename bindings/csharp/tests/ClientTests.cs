// The idiomatic layer: results, exceptions and Try variants, typed
// options, bad configurations, lifetime.
using System;
using System.Threading;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using ExtApi;

static class ClientTests {
    public static void Run(Emulator emulator) {
        Check.Run("client/version", () => {
            Check.That(System.Text.RegularExpressions.Regex.IsMatch(Client.LibraryVersion, @"^\d+\.\d+\.\d+$"),
                       "LibraryVersion is " + Client.LibraryVersion);
            Version assembly = typeof(Client).Assembly.GetName().Version;
            Check.Equal(Client.LibraryVersion + ".0", assembly.ToString(), "the assembly's version");
        });

        Check.Run("client/no_swig_type_is_public", () => {
            var exported = new List<string>();
            foreach (Type type in typeof(Client).Assembly.GetExportedTypes()) exported.Add(type.Name);
            exported.Sort(StringComparer.Ordinal);
            Check.Equal("CallOptions Client ClientOptions ExtApiErrorCode ExtApiException Profile RateLimit ResponseFormat Result",
                        string.Join(" ", exported), "the public types");
        });

        Check.Run("client/login_graphql_rest_refresh_logout", () => {
            emulator.Reset();
            using (var client = emulator.Xmc()) {
                Result login = client.Login();
                Check.Equal("Bearer", login.Get("token.type"), "token.type");
                Check.That(login.Get("token.access_token") == null, "the token is exposed: " + login.Json);

                Result graphql = client.GraphQL("query($site: String) { network { devices { ip } } }",
                                                "{\"site\":\"/World\"}");
                Check.That(graphql.Ok, graphql.Json);
                Check.Equal(200, graphql.Status, "graphql status");
                Check.Equal("10.0.0.2", graphql.Get("data.network.devices.1.ip"), "second device");
                Check.Equal("/World", graphql.Get("data.variables.site"), "variables");
                Check.That(graphql.ErrorCode == ExtApiErrorCode.None && graphql.ErrorCodeText == null && graphql.ErrorMessage == null,
                           "error fields on success");

                Result rest = client.Request("PATCH", "/api/things/7?x=1", "{\"name\":\"n\"}");
                Check.Equal("PATCH", rest.Get("data.method"), "method");
                Check.Equal("x=1", rest.Get("data.query"), "query");
                Check.Equal("n", rest.Get("data.body.name"), "body");
                Check.Equal("bearer", rest.Get("data.auth"), "auth");

                client.TokenRefresh();
                Check.Equal(2, emulator.Counter("xmc_token"), "xmc_token after the refresh");

                Result logout = client.Logout();
                Check.Equal(false, logout.Get("revoked"), "revoked");
                Check.Equal(false, client.Info().Get("has_token"), "has_token after logout");
            }
            Check.Equal(1, emulator.Counter("graphql"), "graphql counter");
            Check.Equal(1, emulator.Counter("api"), "api counter");
        });

        Check.Run("client/utf8_round_trip", () => {
            emulator.Reset();
            const string text = "h\u00e9llo \u2713 \U0001D11E \"quoted\"\n";
            using (var client = emulator.Xmc()) {
                Result echo = client.Request("POST", "/api/echo", TestJson.Serialize(new Dictionary<string, object> { { "text", text } }));
                Check.Equal(text, echo.Get("data.body.text"), "echoed text");
                Result graphql = client.GraphQL("{ \u00e9 }");
                Check.Equal("{ \u00e9 }", graphql.Get("data.query"), "echoed query");
            }
        });

        Check.Run("client/lazy_results_and_encoded_queries", () => {
            emulator.Reset();
            using (var client = emulator.Xmc()) {
                // The binding keeps the last query's UTF-8 bytes: the same
                // string, an equal one built anew and a different one each
                // reach the server as they are.
                const string first = "{ first }";
                string again = new string(first.ToCharArray());
                foreach (string query in new[] { first, first, again, "{ second \u00e9 }", first }) {
                    Result result = client.GraphQL(query);
                    Check.Equal(query, result.Get("data.query"), "echoed query");
                }
                // Parsed on first use, once: every read gives the same
                // objects, also when threads race for the first read.
                Result fresh = client.GraphQL(first);
                Check.That(fresh.Ok && fresh.Json.StartsWith("{\"ok\":true", StringComparison.Ordinal), "ok: " + fresh.Json);
                var seen = new object[4];
                var readers = new Thread[seen.Length];
                for (int i = 0; i < readers.Length; i++) {
                    int index = i;
                    readers[i] = new Thread(() => seen[index] = fresh.Document);
                    readers[i].Start();
                }
                foreach (Thread reader in readers) reader.Join();
                foreach (object document in seen) Check.That(ReferenceEquals(seen[0], document), "two documents");
                Check.That(ReferenceEquals(fresh.Json, fresh.Json), "two Json strings");
                Check.That(ReferenceEquals(fresh.Document, seen[0]), "another document");
                Check.Equal(ExtApiErrorCode.None, fresh.ErrorCode, "error code");
                Check.Equal(null, fresh.ErrorMessage, "error message");
            }
        });

        Check.Run("client/failure_fields_and_EnsureOk", () => {
            emulator.Reset();
            using (var client = emulator.Open("{\"profile\":\"xmc\",\"base_url\":\"${BASE_URL}\",\"client_id\":\"xmc-client\",\"client_secret\":\"wrong\"}")) {
                Result login = client.TryLogin();
                Check.Equal(false, login.Ok, "ok");
                Check.That(login.ErrorCode == ExtApiErrorCode.AuthFailed && login.ErrorCodeText == "auth_failed", "code: " + login.Json);
                Check.Equal(401, login.Status, "status");
                Check.That(!string.IsNullOrEmpty(login.ErrorMessage), "no message: " + login.Json);
                Check.That(!login.Json.Contains("wrong"), "the secret leaked: " + login.Json);
                try {
                    login.EnsureOk();
                    throw new CheckFailed("EnsureOk did not throw");
                } catch (ExtApiException e) {
                    Check.That(e.Code == ExtApiErrorCode.AuthFailed, "exception code " + e.Code);
                    Check.Equal(401, e.Status, "exception status");
                    Check.That(ReferenceEquals(login, e.Result), "exception result");
                    Check.That(e.Message.StartsWith("auth_failed: "), "message " + e.Message);
                }
                var thrown = Throws<ExtApiException>(() => client.Login(), "Login with a wrong secret");
                Check.That(thrown.Code == ExtApiErrorCode.AuthFailed && thrown.Status == 401 && !thrown.Result.Ok,
                           "Login threw " + thrown.Message);
                Check.That(!thrown.Message.Contains("wrong"), "the secret leaked: " + thrown.Message);
            }
        });

        Check.Run("client/headers_and_rate_limit", () => {
            emulator.Reset();
            emulator.Configure("{\"rate_limit_headers\":\"ietf\"}");
            using (var client = emulator.Open("{\"profile\":\"xiq\",\"base_url\":\"${BASE_URL}\",\"username\":\"admin@cust001.com\"," +
                                              "\"password\":\"xiq-password\",\"response_headers\":[\"ETag\",\"Link\"]}")) {
                Result page = client.Request("GET", "/devices?page=1&limit=10");
                string link;
                Check.That(page.Headers.TryGetValue("Link", out link) && link.EndsWith("/devices?page=2&limit=10>; rel=\"next\""),
                           "Link: " + page.Json);
                Check.That(!page.Headers.ContainsKey("etag"), "an ETag the server did not send: " + page.Json);
                RateLimit limit = page.RateLimit;
                Check.That(limit != null && limit.Limit == 1000 && limit.Remaining == 999 && limit.Reset == TimeSpan.FromSeconds(60),
                           "RateLimit: " + page.Json);
                Check.That(page.RetryAfter == null, "RetryAfter on a 200");

                Result echo = client.Request("GET", "/api/things?x=1");
                Check.Equal("\"e2ae434585aa127b\"", echo.Headers["etag"], "ETag");
                Result last = client.Request("GET", "/devices?page=3&limit=10");
                Check.Equal(0, last.Headers.Count, "headers on the last page");
            }
        });

        Check.Run("client/retry_after", () => {
            emulator.Reset();
            emulator.Fault("{\"path\":\"/api/limited\",\"kind\":\"status\",\"status\":429,\"retry_after\":\"1\",\"count\":2," +
                           "\"headers\":{\"RateLimit-Limit\":\"100\",\"RateLimit-Remaining\":\"0\"}}");
            using (var client = emulator.Open("{\"profile\":\"basic\",\"base_url\":\"${BASE_URL}\",\"username\":\"basic-user\"," +
                                              "\"password\":\"basic-password\",\"retries\":0}")) {
                Result limited = client.TryRequest("GET", "/api/limited");
                ExpectCode(ExtApiErrorCode.RateLimited, limited, "429");
                Check.That(Throws<ExtApiException>(() => client.Request("GET", "/api/limited"), "429").Code == ExtApiErrorCode.RateLimited,
                           "Request of a 429 threw another code");
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
                           TestJson.Serialize("{\"id\":9007199254740993,\"name\":\"admin-building\",\"owner\":\"admin\",\"list\":[1.50]}") + "}");
            using (var client = emulator.Open("{\"profile\":\"basic\",\"base_url\":\"${BASE_URL}\",\"username\":\"basic-user\",\"password\":\"admin\"}")) {
                Result big = client.Request("GET", "/api/big");
                Check.Equal(TestJson.Parse("{\"id\":9007199254740993,\"name\":\"admin-building\",\"owner\":\"[redacted]\",\"list\":[1.50]}"),
                            TestJson.Parse(big.GetJson("data")), "data as JSON");
                Check.That(big.GetJson("data").Contains("9007199254740993"), "the id's digits in " + big.GetJson("data"));
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
                client.GraphQL("{ a }");
                Result info = client.Info();
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
                ExpectCode(ExtApiErrorCode.InvalidArgument, client.TryGraphQL("{ a }", "[1]"), "variables not an object");
                ExpectCode(ExtApiErrorCode.InvalidArgument, client.TryGraphQL(null), "null query");
                ExpectCode(ExtApiErrorCode.InvalidArgument, client.TryRequest("GET", "http://other.example/x"), "another origin");
                Check.That(Throws<ExtApiException>(() => client.GraphQL("{ a }", "[1]"), "bad variables").Code
                           == ExtApiErrorCode.InvalidArgument, "GraphQL threw another code");
                var option = client.TryLogin(new CallOptions { Headers = new Dictionary<string, string> { { "X-A", "b" } } });
                ExpectCode(ExtApiErrorCode.InvalidArgument, option, "a header option on Login");
                Check.Equal("options.headers", option.Get("error.key"), "the option named");
            }
        });

        Check.Run("client/bad_config_throws_at_construction", () => {
            emulator.Reset();
            var configs = new[] {
                "{not json", "[]", "{\"profile\":\"nope\",\"base_url\":\"http://x\"}",
                emulator.Config("{\"profile\":\"xmc\",\"base_url\":\"${BASE_URL}\",\"client_id\":\"c\",\"client_secret\":\"s3cret-value\",\"colour\":\"blue\"}"),
            };
            foreach (string config in configs) {
                var e = Throws<ExtApiException>(() => new Client(config), "config " + config);
                Check.That(e.Code == ExtApiErrorCode.InvalidConfig && e.Result.Get("error.message") != null,
                           "config " + config + ": " + e.Result.Json);
                Check.That(!e.Message.Contains("s3cret-value"), "the secret leaked: " + e.Message);
            }
            Check.Equal("colour", Throws<ExtApiException>(() => new Client(configs[3]), "colour").Result.Get("error.key"),
                        "the unknown key named");
            Throws<ArgumentNullException>(() => new Client((string)null), "a null configuration");
            Throws<ArgumentNullException>(() => new Client((ClientOptions)null), "null options");
            var missing = new ClientOptions { Profile = Profile.Xiq, BaseUrl = emulator.Url, Username = "u" };
            Check.Equal("password", Throws<ExtApiException>(() => new Client(missing), "no password").Result.Get("error.key"),
                        "the missing credential named");
            var bad = new ClientOptions { Profile = Profile.Xmc, BaseUrl = emulator.Url, ClientId = "c", ClientSecret = "s",
                                          Retries = 99 };
            Check.Equal("retries", Throws<ExtApiException>(() => new Client(bad), "retries 99").Result.Get("error.key"),
                        "the bad value named");
            Check.Equal(0, emulator.Counter("xmc_token") + emulator.Counter("xiq_login"), "no request was made");
        });

        Check.Run("client/typed_options", () => {
            emulator.Reset();
            var options = new ClientOptions {
                Profile = Profile.Xmc, BaseUrl = emulator.Url, ClientId = "xmc-client",
                ClientSecretEnv = "XMC_CLIENT_SECRET", Timeout = TimeSpan.FromSeconds(5), Retries = 0,
                Headers = new Dictionary<string, string> { { "X-Tenant", "t1" } },
                ResponseHeaders = new List<string> { "ETag" },
            };
            Check.Equal(TestJson.Parse("{\"profile\":\"xmc\",\"base_url\":\"" + emulator.Url + "\",\"client_id\":\"xmc-client\"," +
                                       "\"client_secret_env\":\"XMC_CLIENT_SECRET\",\"headers\":{\"X-Tenant\":\"t1\"}," +
                                       "\"response_headers\":[\"ETag\"],\"timeout_ms\":5000,\"retries\":0}"),
                        TestJson.Parse(options.ToJson()), "ToJson");
            using (var client = new Client(options)) {
                var call = new CallOptions { Query = new Dictionary<string, string> { { "page", "2" } },
                                             Headers = new Dictionary<string, string> { { "X-Tenant", "call" } } };
                Result echo = client.Request("GET", "/api/things", null, call);
                Check.Equal("page=2", echo.Get("data.query"), "query option");
                Check.Equal("call", client.Request("GET", "/_emu/last_request?name=api").Get("data.headers.x-tenant"),
                            "header option over the session's");
                Result text = client.Request("GET", "/api/things", null, new CallOptions { Response = ResponseFormat.Text });
                Check.That(text.Data is string && ((string)text.Data).StartsWith("{"), "text response: " + text.Json);
            }
            Check.Equal(1, emulator.Counter("xmc_token"), "the secret from XMC_CLIENT_SECRET was accepted");
        });

        Check.Run("client/dispose_then_call_throws_ObjectDisposedException", () => {
            var client = emulator.Xmc();
            client.Login();
            client.Dispose();
            ExpectAllDisposed(client, "after Dispose");
            client.Dispose();
            ExpectAllDisposed(client, "after a second Dispose");
        });

        Check.Run("client/using_disposes", () => {
            Client kept;
            using (var client = emulator.Xmc()) {
                kept = client;
                client.Info();
            }
            ExpectAllDisposed(kept, "after using");
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
        client.Login();
        return new WeakReference(client);
    }

    static void ExpectAllDisposed(Client client, string when) {
        Throws<ObjectDisposedException>(() => client.Login(), when + ": Login");
        Throws<ObjectDisposedException>(() => client.TryLogin(), when + ": TryLogin");
        Throws<ObjectDisposedException>(() => client.GraphQL("{ a }"), when + ": GraphQL");
        Throws<ObjectDisposedException>(() => client.TryRequest("GET", "/api/x"), when + ": TryRequest");
        Throws<ObjectDisposedException>(() => client.TokenRefresh(), when + ": TokenRefresh");
        Throws<ObjectDisposedException>(() => client.Logout(), when + ": Logout");
        Throws<ObjectDisposedException>(() => client.Info(), when + ": Info");
        var task = client.GraphQLAsync("{ a }");
        Throws<ObjectDisposedException>(() => task.GetAwaiter().GetResult(), when + ": GraphQLAsync");
    }

    /// Runs action and returns the exception of type T it threw; fails
    /// when it threw nothing or something else.
    public static T Throws<T>(Action action, string what) where T : Exception {
        try {
            action();
        } catch (T e) {
            return e;
        } catch (Exception e) {
            throw new CheckFailed(what + ": expected " + typeof(T).Name + ", got " + e.GetType().Name + ": " + e.Message);
        }
        throw new CheckFailed(what + ": expected " + typeof(T).Name + ", nothing was thrown");
    }

    public static T Throws<T>(Func<object> call, string what) where T : Exception {
        return Throws<T>(() => { call(); }, what);
    }

    public static void ExpectCode(ExtApiErrorCode code, Result result, string what) {
        Check.That(!result.Ok && result.ErrorCode == code, what + ": expected " + code + ", got " + result.Json);
    }
}
