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
        var file = (Dictionary<string, object>)Json.Parse(File.ReadAllText(path));
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
        if (c.TryGetValue("emulator", out value)) emulator.Configure(Json.Serialize(value));
        if (c.TryGetValue("faults", out value))
            foreach (object fault in (List<object>)value) emulator.Fault(Json.Serialize(fault));

        using (var client = new Client(emulator.Config(Json.Serialize(c["config"])))) {
            var steps = (List<object>)c["steps"];
            for (int i = 0; i < steps.Count; i++) {
                var step = (Dictionary<string, object>)steps[i];
                string where = "step " + i + " (" + step["call"] + ")";
                Result result = Call(client, step);
                if (result != null && step.TryGetValue("expect", out value) && value != null)
                    Compare(result, (Dictionary<string, object>)value, where, failures);
            }
        }
        foreach (var counter in (Dictionary<string, object>)c["counters"]) {
            double actual = emulator.Counter(counter.Key);
            if (!Check.JsonEquals(counter.Value, actual))
                failures.Add("counter " + counter.Key + ": expected " + Json.Serialize(counter.Value) + ", got " + actual);
        }
        if (failures.Count > 0) throw new CheckFailed(string.Join("; ", failures));
    }

    /// Makes one step's call; null for a sleep.
    static Result Call(Client client, Dictionary<string, object> step) {
        switch ((string)step["call"]) {
        case "login": return client.Login();
        case "token_refresh": return client.TokenRefresh();
        case "logout": return client.Logout();
        case "info": return client.Info();
        case "graphql": return client.GraphQL((string)step["query"], Optional(step, "variables"));
        case "request":
            return client.Request((string)step["method"], (string)step["path"], Optional(step, "body"));
        case "sleep":
            Thread.Sleep((int)(double)step["ms"]);
            return null;
        default: throw new CheckFailed("unknown call " + step["call"]);
        }
    }

    /// The argument serialised, or null when the step does not have it.
    static string Optional(Dictionary<string, object> step, string key) {
        object value;
        return step.TryGetValue(key, out value) ? Json.Serialize(value) : null;
    }

    static void Compare(Result result, Dictionary<string, object> expect, string where, List<string> failures) {
        Action<string, object, object> same = (what, expected, actual) => {
            if (!Check.JsonEquals(expected, actual))
                failures.Add(where + ": " + what + ": expected " + Json.Serialize(expected) +
                             ", got " + Json.Serialize(actual) + " in " + result.Json);
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
