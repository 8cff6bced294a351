// What every call returns: the library's JSON document, kept as its UTF-8
// bytes (one copy of the C string) and made a string on first use, with
// its common fields as properties.  Whether the call succeeded is read from
// the text itself (every document starts with {"ok":true or {"ok":false);
// the document is parsed (by System.Json) only when something in it is
// first asked for, once, so a call whose result is only checked for Ok
// costs no parsing.
using System;
using System.Collections.Generic;
using System.Json;
using System.Text;
using System.Threading;

namespace ExtApi {

/// <summary>The outcome of one call: the library's JSON document.</summary>
public sealed class Result {
    // The C API returns NULL only when out of memory; answer in its format.
    const string NoDocument =
        "{\"ok\":false,\"error\":{\"code\":\"out_of_memory\",\"message\":\"the library returned no document\"}}";

    static readonly Dictionary<string, ExtApiErrorCode> Codes = new Dictionary<string, ExtApiErrorCode> {
        { "invalid_argument", ExtApiErrorCode.InvalidArgument }, { "invalid_config", ExtApiErrorCode.InvalidConfig },
        { "network", ExtApiErrorCode.Network }, { "timeout", ExtApiErrorCode.Timeout }, { "tls", ExtApiErrorCode.Tls },
        { "insecure_transport", ExtApiErrorCode.InsecureTransport }, { "auth_failed", ExtApiErrorCode.AuthFailed },
        { "http", ExtApiErrorCode.Http }, { "graphql", ExtApiErrorCode.GraphQL },
        { "rate_limited", ExtApiErrorCode.RateLimited }, { "invalid_response", ExtApiErrorCode.InvalidResponse },
        { "out_of_memory", ExtApiErrorCode.OutOfMemory }, { "internal", ExtApiErrorCode.Internal },
        { "cancelled", ExtApiErrorCode.Cancelled },
    };

    const string OkPrefix = "{\"ok\":true";
    static readonly byte[] OkPrefixBytes = Encoding.UTF8.GetBytes(OkPrefix);

    // The document as the library's UTF-8 bytes, decoded into json on
    // first use; a Result made from a string has json only.
    readonly byte[] utf8;
    string json;
    readonly bool ok;
    // Parsed on first use; two threads racing may both parse, and either
    // tree (they are equal) wins.
    JsonValue tree;
    object document = Unbuilt;
    static readonly object Unbuilt = new object();

    internal Result(string json) {
        this.json = json ?? NoDocument;
        ok = this.json.StartsWith(OkPrefix, StringComparison.Ordinal);
    }

    Result(byte[] utf8) {
        this.utf8 = utf8;
        ok = utf8.Length >= OkPrefixBytes.Length;
        for (int i = 0; ok && i < OkPrefixBytes.Length; i++) ok = utf8[i] == OkPrefixBytes[i];
    }

    // A document a call returned (extapi_csharp.i): taken and freed.
    internal static Result FromNative(IntPtr document) {
        byte[] utf8 = Native.TakeDocument(document);
        return utf8 == null ? new Result((string)null) : new Result(utf8);
    }

    JsonValue Tree {
        get {
            JsonValue parsed = Volatile.Read(ref tree);
            if (parsed == null) {
                parsed = JsonValue.Parse(Json);
                Volatile.Write(ref tree, parsed);
            }
            return parsed;
        }
    }

    /// <summary>The document as the library returned it.</summary>
    public string Json {
        get {
            string text = Volatile.Read(ref json);
            if (text != null) return text;
            // The first to finish wins, so that every read sees one string.
            text = Encoding.UTF8.GetString(utf8);
            return Interlocked.CompareExchange(ref json, text, null) ?? text;
        }
    }

    /// <summary>The parsed document: Dictionary&lt;string, object&gt;,
    /// List&lt;object&gt;, string, double, bool and null (built on first
    /// use; every read returns the same object).</summary>
    public object Document {
        get {
            object built = Volatile.Read(ref document);
            if (built != Unbuilt) return built;
            // The first to finish wins, so that every read sees one object.
            built = JsonTree.ToPlain(Tree);
            object won = Interlocked.CompareExchange(ref document, built, Unbuilt);
            return won == Unbuilt ? built : won;
        }
    }

    /// <summary>Whether the call succeeded.</summary>
    public bool Ok { get { return ok; } }

    /// <summary>The final HTTP status; 0 when no response came or the call
    /// made no request (login of a fixed-credential profile, info, argument
    /// errors).</summary>
    public int Status {
        get {
            object status = Get("status");
            return status is double ? (int)(double)status : 0;
        }
    }

    /// <summary>The error code; None when Ok, Unknown for a code newer than
    /// this binding.</summary>
    public ExtApiErrorCode ErrorCode {
        get {
            if (ok) return ExtApiErrorCode.None;
            string text = ErrorCodeText;
            ExtApiErrorCode code;
            if (text == null) return Ok ? ExtApiErrorCode.None : ExtApiErrorCode.Unknown;
            return Codes.TryGetValue(text, out code) ? code : ExtApiErrorCode.Unknown;
        }
    }

    /// <summary>error.code as the library spells it ("auth_failed"), or null
    /// when Ok.</summary>
    public string ErrorCodeText { get { return ok ? null : Get("error.code") as string; } }

    /// <summary>error.message, or null when Ok.</summary>
    public string ErrorMessage { get { return ok ? null : Get("error.message") as string; } }

    /// <summary>The response body ("data"), or null.  Its numbers are
    /// doubles: an id beyond 2^53 such as 9007199254740993 reads as
    /// 9007199254740992; GetJson("data.id") has every digit.</summary>
    public object Data { get { return Get("data"); } }

    /// <summary>The response headers named in the configuration's
    /// ResponseHeaders that the answer carried (names compare
    /// case-insensitively); empty when there are none.</summary>
    public IReadOnlyDictionary<string, string> Headers {
        get {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var sent = Get("headers") as IDictionary<string, object>;
            if (sent != null)
                foreach (var header in sent) headers[header.Key] = header.Value as string;
            return headers;
        }
    }

    /// <summary>What the server said about its rate limit (RateLimit-* or
    /// X-RateLimit-* headers), or null when it said nothing.</summary>
    public RateLimit RateLimit {
        get { return Get("rate_limit") is IDictionary<string, object> ? new RateLimit(this) : null; }
    }

    /// <summary>The server's Retry-After on a 429 or 503 answer, or null
    /// when it sent none.</summary>
    public TimeSpan? RetryAfter { get { return Seconds("retry_after_s"); } }

    internal long? Integer(string path) {
        object value = Get(path);
        return value is double ? (long?)(double)value : null;
    }

    internal TimeSpan? Seconds(string path) {
        long? seconds = Integer(path);
        return seconds.HasValue ? TimeSpan.FromSeconds(seconds.Value) : (TimeSpan?)null;
    }

    /// <summary>The JSON text of the value at a dotted path, or null when
    /// the path does not exist.  Numbers keep every digit as sent (integers
    /// of any length, decimals such as 1.50), so
    /// long.Parse(GetJson("data.id")) is an exact id; spacing and string
    /// escapes are System.Json's, not necessarily the server's.</summary>
    public string GetJson(string path) {
        JsonValue value;
        if (!JsonTree.TryWalk(Tree, path, out value)) return null;
        return value == null ? "null" : value.ToString();
    }

    /// <summary>The value at a dotted path such as
    /// "data.network.devices.0.ip" (numbers index arrays); false when the
    /// path does not exist.</summary>
    public bool TryGet(string path, out object value) {
        JsonValue found;
        bool present = JsonTree.TryWalk(Tree, path, out found);
        value = present ? JsonTree.ToPlain(found) : null;
        return present;
    }

    /// <summary>The value at a dotted path, or null when it is absent.</summary>
    public object Get(string path) {
        object value;
        TryGet(path, out value);
        return value;
    }

    /// <summary>Returns this result when Ok, else throws
    /// ExtApiException (what the calls without Try do).</summary>
    public Result EnsureOk() {
        if (!Ok) throw new ExtApiException(this);
        return this;
    }

    /// <summary>The document.</summary>
    public override string ToString() { return Json; }
}

/// <summary>An answer's rate-limit headers; a null property is one the
/// server did not send.</summary>
public sealed class RateLimit {
    internal RateLimit(Result result) {
        Limit = result.Integer("rate_limit.limit");
        Remaining = result.Integer("rate_limit.remaining");
        Reset = result.Seconds("rate_limit.reset_s");
    }

    /// <summary>Requests allowed in the window.</summary>
    public long? Limit { get; private set; }

    /// <summary>Requests left in the window.</summary>
    public long? Remaining { get; private set; }

    /// <summary>Time until the window resets.</summary>
    public TimeSpan? Reset { get; private set; }
}

}
