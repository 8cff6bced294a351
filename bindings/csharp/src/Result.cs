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

    /// The response body ("data"), or null.
    public object Data { get { return Get("data"); } }

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

}
