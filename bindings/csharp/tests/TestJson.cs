// JSON for the tests, through System.Json: the binding's own plain-object
// model (JsonTree, internal) and back.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Json;

static class TestJson {
    public static object Parse(string text) { return ExtApi.JsonTree.ToPlain(JsonValue.Parse(text)); }

    public static string Serialize(object value) {
        JsonValue json = ToJsonValue(value);
        return json == null ? "null" : json.ToString();
    }

    static JsonValue ToJsonValue(object value) {
        if (value == null) return null;
        if (value is string) return (string)value;
        if (value is bool) return (bool)value;
        if (value is double) return (double)value;
        if (value is int || value is long) return Convert.ToInt64(value);
        var map = value as IDictionary<string, object>;
        if (map != null) {
            var o = new JsonObject();
            foreach (var entry in map) o[entry.Key] = ToJsonValue(entry.Value);
            return o;
        }
        var list = value as IEnumerable;
        if (list != null) {
            var a = new JsonArray();
            foreach (object item in list) a.Add(ToJsonValue(item));
            return a;
        }
        return value.ToString();
    }
}
