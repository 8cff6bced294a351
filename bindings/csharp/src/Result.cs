// What every call returns: the library's JSON document, kept as text and
// parsed, with its common fields as properties.
using System;
using System.Collections.Generic;
using System.Globalization;

namespace ExtApi {

public sealed class Result {
    // The C API returns NULL only when out of memory; answer in its format.
    const string NoDocument =
        "{\"ok\":false,\"error\":{\"code\":\"out_of_memory\",\"message\":\"the library returned no document\"}}";

    internal Result(string json) {
        Json = json ?? NoDocument;
        Document = ExtApi.Json.Parse(Json);
    }

    /// The document as the library returned it.
    public string Json { get; private set; }

    /// The parsed document (a Dictionary<string, object>, see ExtApi.Json).
    public object Document { get; private set; }

    public bool Ok { get { return Get("ok") as bool? == true; } }

    /// The final HTTP status; 0 when no response came or the call made no
    /// request (login of a fixed-credential profile, info, argument errors).
    public int Status {
        get {
            object status = Get("status");
            return status is double ? (int)(double)status : 0;
        }
    }

    /// error.code (invalid_argument, auth_failed, ...), or null when Ok.
    public string ErrorCode { get { return Get("error.code") as string; } }

    /// error.message, or null when Ok.
    public string ErrorMessage { get { return Get("error.message") as string; } }

    /// The response body ("data"), or null.  Its numbers are doubles (see
    /// ExtApi.Json): an id beyond 2^53 such as 9007199254740993 reads as
    /// 9007199254740992.  GetJson("data.id") has the digits as sent.
    public object Data { get { return Get("data"); } }

    /// The response headers named in the configuration's "response_headers"
    /// that the answer carried (names compare case-insensitively); empty
    /// when there are none.
    public IReadOnlyDictionary<string, string> Headers {
        get {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var sent = Get("headers") as IDictionary<string, object>;
            if (sent != null)
                foreach (var header in sent) headers[header.Key] = header.Value as string;
            return headers;
        }
    }

    /// What the server said about its rate limit (RateLimit-* or
    /// X-RateLimit-* headers), or null when it said nothing.
    public RateLimit RateLimit {
        get { return Get("rate_limit") is IDictionary<string, object> ? new RateLimit(this) : null; }
    }

    /// The server's Retry-After on a 429 or 503 answer (ErrorCode
    /// rate_limited or http), or null when it sent none.
    public TimeSpan? RetryAfter { get { return Seconds("retry_after_s"); } }

    internal long? Integer(string path) {
        object value = Get(path);
        return value is double ? (long?)(double)value : null;
    }

    internal TimeSpan? Seconds(string path) {
        long? seconds = Integer(path);
        return seconds.HasValue ? TimeSpan.FromSeconds(seconds.Value) : (TimeSpan?)null;
    }

    /// The JSON text of the value at a dotted path exactly as the library
    /// returned it (every digit of a number, a string's escapes), or null
    /// when the path does not exist: GetJson("data") is the response body
    /// as the server sent it, long.Parse(GetJson("data.id")) an exact id.
    public string GetJson(string path) { return ExtApi.Json.TextAt(Json, path); }

    /// The value at a dotted path such as "data.network.devices.0.ip"
    /// (numbers index arrays); false when the path does not exist.
    public bool TryGet(string path, out object value) {
        value = Document;
        foreach (string part in path.Split('.')) {
            var map = value as IDictionary<string, object>;
            var list = value as IList<object>;
            int index;
            if (map != null) {
                if (!map.TryGetValue(part, out value)) return false;
            } else if (list != null && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out index)
                       && index < list.Count) {
                value = list[index];
            } else {
                value = null;
                return false;
            }
        }
        return true;
    }

    /// The value at a dotted path, or null when it is absent.
    public object Get(string path) {
        object value;
        TryGet(path, out value);
        return value;
    }

    /// Returns this result when Ok, else throws ExtApiException: for callers
    /// who prefer exceptions to checking Ok.
    public Result EnsureOk() {
        if (!Ok) throw new ExtApiException(this);
        return this;
    }

    public override string ToString() { return Json; }
}

/// An answer's rate-limit headers; a null property is one the server did
/// not send.
public sealed class RateLimit {
    internal RateLimit(Result result) {
        Limit = result.Integer("rate_limit.limit");
        Remaining = result.Integer("rate_limit.remaining");
        Reset = result.Seconds("rate_limit.reset_s");
    }

    /// Requests allowed in the window.
    public long? Limit { get; private set; }

    /// Requests left in the window.
    public long? Remaining { get; private set; }

    /// Time until the window resets.
    public TimeSpan? Reset { get; private set; }
}

}
