// The shared conformance cases (tests/conformance/cases.json), run as its
// README specifies; each case is one named test.
using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using ExtApi;

static class ConformanceTests {
    public static void Run(Emulator emulator) {
        string path = Environment.GetEnvironmentVariable("EXTAPI_CONFORMANCE_CASES");
        var file = (Dictionary<string, object>)TestJson.Parse(File.ReadAllText(path));
        Check.Equal("libextapi-conformance", file["format"], "cases.json format");
        Check.Equal(1, file["version"], "cases.json version");
        var cases = (List<object>)file["cases"];
        Check.That(cases.Count > 0, "cases.json has no cases");
        foreach (Dictionary<string, object> c in cases)
            Check.Run("conformance/" + c["name"], () => RunCase(emulator, c));
    }

    static void RunCase(Emulator emulator, Dictionary<string, object> c) {
        var failures = new List<string>();
        emulator.Reset();
        object value;
        if (c.TryGetValue("emulator", out value)) emulator.Configure(TestJson.Serialize(value));
        if (c.TryGetValue("faults", out value))
            foreach (object fault in (List<object>)value) emulator.Fault(TestJson.Serialize(fault));

        var steps = (List<object>)c["steps"];
        Client client = null;
        Result rejected = null;
        try {
            client = new Client(emulator.Config(TestJson.Serialize(c["config"])));
        } catch (ExtApiException e) {
            rejected = e.Result;
        }
        using (client) {
            for (int i = 0; i < steps.Count; i++) {
                var step = (Dictionary<string, object>)steps[i];
                string where = "step " + i + " (" + step["call"] + ")";
                object expect;
                step.TryGetValue("expect", out expect);
                if (rejected != null)
                    CompareRejected(rejected, step, (Dictionary<string, object>)expect, where, failures);
                else {
                    Result result = Call(client, step);
                    if (result != null && expect != null)
                        Compare(result, (Dictionary<string, object>)expect, where, failures);
                }
            }
        }
        object counters;
        c.TryGetValue("counters", out counters);
        foreach (var counter in (Dictionary<string, object>)counters ?? new Dictionary<string, object>()) {
            double actual = emulator.Counter(counter.Key);
            if (!Check.JsonEquals(counter.Value, actual))
                failures.Add("counter " + counter.Key + ": expected " + TestJson.Serialize(counter.Value) + ", got " + actual);
        }
        if (failures.Count > 0) throw new CheckFailed(string.Join("; ", failures));
    }

    /// A bad configuration makes the constructor throw, with the
    /// library's invalid_config document; the case's calls then stand for
    /// "the client cannot be made".  Each must expect invalid_config and
    /// agree with that document; an info step's config_error.* fields are
    /// compared with the document's error.*.
    static void CompareRejected(Result rejected, Dictionary<string, object> step, Dictionary<string, object> expect,
                                string where, List<string> failures) {
        if ((string)step["call"] == "sleep") return;
        if ((string)step["call"] == "info") {
            object fields;
            if (expect != null && expect.TryGetValue("fields", out fields))
                foreach (var field in (Dictionary<string, object>)fields) {
                    string path = field.Key.StartsWith("config_error.") ? "error." + field.Key.Substring(13) : field.Key;
                    if (!Check.JsonEquals(field.Value, rejected.Get(path)))
                        failures.Add(where + ": " + field.Key + " disagrees with the constructor's " + rejected.Json);
                }
            return;
        }
        if (expect == null || !Check.JsonEquals("invalid_config", expect.ContainsKey("code") ? expect["code"] : null))
            failures.Add(where + ": the constructor rejected the configuration, but the case expects " +
                         TestJson.Serialize(expect) + ": " + rejected.Json);
        else
            Compare(rejected, expect, where, failures);
    }

    /// Makes one step's call through the Try variants; null for a sleep.
    /// "options" go to the library as written (unknown keys included) and
    /// "cancel": "fired" is an already cancelled token, which the binding
    /// turns into an already fired ext_cancel.
    static Result Call(Client client, Dictionary<string, object> step) {
        object value;
        string options = Optional(step, "options");
        var token = CancellationToken.None;
        if (step.TryGetValue("cancel", out value)) {
            Check.Equal("fired", value, "cancel");
            token = new CancellationToken(true);
        }
        bool plain = options == null && !token.IsCancellationRequested;
        switch ((string)step["call"]) {
        case "login": return plain ? client.TryLogin() : client.TryLoginRaw(options, token);
        case "token_refresh": return client.TryTokenRefresh();
        case "logout": return client.TryLogout();
        case "info": return client.Info();
        case "graphql":
            return plain ? client.TryGraphQL((string)step["query"], Optional(step, "variables"))
                         : client.TryGraphQLRaw((string)step["query"], Optional(step, "variables"), options, token);
        case "request":
            string body = Body(step);
            return plain ? client.TryRequest((string)step["method"], (string)step["path"], body)
                         : client.TryRequestRaw((string)step["method"], (string)step["path"], body, options, token);
        case "sleep":
            Thread.Sleep((int)(double)step["ms"]);
            return null;
        default: throw new CheckFailed("unknown call " + step["call"]);
        }
    }

    /// The step's body: a string is sent as its text when the options give
    /// a content_type, any other value serialised.
    static string Body(Dictionary<string, object> step) {
        object body, options;
        if (step.TryGetValue("body", out body) && body is string && step.TryGetValue("options", out options)
            && ((Dictionary<string, object>)options).ContainsKey("content_type"))
            return (string)body;
        return Optional(step, "body");
    }

    /// The argument serialised, or null when the step does not have it.
    static string Optional(Dictionary<string, object> step, string key) {
        object value;
        return step.TryGetValue(key, out value) ? TestJson.Serialize(value) : null;
    }

    static void Compare(Result result, Dictionary<string, object> expect, string where, List<string> failures) {
        Action<string, object, object> same = (what, expected, actual) => {
            if (!Check.JsonEquals(expected, actual))
                failures.Add(where + ": " + what + ": expected " + TestJson.Serialize(expected) +
                             ", got " + TestJson.Serialize(actual) + " in " + result.Json);
        };
        object value;
        if (expect.TryGetValue("ok", out value)) same("ok", value, result.Get("ok"));
        if (expect.TryGetValue("code", out value)) same("error.code", value, result.Get("error.code"));
        if (expect.TryGetValue("status", out value)) same("status", value, result.Get("status"));
        if (expect.TryGetValue("fields", out value))
            foreach (var field in (Dictionary<string, object>)value) {
                object actual;
                if (!result.TryGet(field.Key, out actual))
                    failures.Add(where + ": " + field.Key + " is missing in " + result.Json);
                else
                    same(field.Key, field.Value, actual);
            }
        if (expect.TryGetValue("present", out value))
            foreach (string path in (List<object>)value)
                if (result.Get(path) == null) failures.Add(where + ": " + path + " is absent or null in " + result.Json);
        if (expect.TryGetValue("absent", out value))
            foreach (string path in (List<object>)value) {
                object ignored;
                if (result.TryGet(path, out ignored)) failures.Add(where + ": " + path + " is present in " + result.Json);
            }
        if (expect.TryGetValue("raw_contains", out value))
            foreach (string text in (List<object>)value)
                if (!result.Json.Contains(text)) failures.Add(where + ": the text " + text + " is missing in " + result.Json);
        TypedAgree(result, where, failures);
    }

    /// Headers, RateLimit and RetryAfter say what the document says.
    static void TypedAgree(Result result, string where, List<string> failures) {
        var sent = result.Get("headers") as IDictionary<string, object> ?? new Dictionary<string, object>();
        bool agree = sent.Count == result.Headers.Count;
        foreach (var header in sent) {
            string typed;
            agree &= result.Headers.TryGetValue(header.Key.ToUpperInvariant(), out typed) && typed == (string)header.Value;
        }
        RateLimit limit = result.RateLimit;
        agree &= (limit == null) == (result.Get("rate_limit") == null);
        if (limit != null)
            agree &= Check.JsonEquals(result.Get("rate_limit.limit"), limit.Limit) &&
                     Check.JsonEquals(result.Get("rate_limit.remaining"), limit.Remaining) &&
                     Check.JsonEquals(result.Get("rate_limit.reset_s"), limit.Reset.HasValue ? (object)limit.Reset.Value.TotalSeconds : null);
        agree &= Check.JsonEquals(result.Get("retry_after_s"), result.RetryAfter.HasValue ? (object)result.RetryAfter.Value.TotalSeconds : null);
        if (!agree) failures.Add(where + ": Headers, RateLimit or RetryAfter disagree with " + result.Json);
    }
}
