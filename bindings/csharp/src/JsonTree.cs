// Mono's System.Json does the parsing; this turns its values into the
// plain objects Result hands out and walks dotted paths.  System.Json keeps
// integers of any length and decimals exactly (it prints them back with
// every digit), which GetJson relies on.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Json;

namespace ExtApi {

static class JsonTree {
    // A JsonValue as Dictionary<string, object>, List<object>, string,
    // double, bool or null.
    public static object ToPlain(JsonValue value) {
        if (value == null) return null;
        switch (value.JsonType) {
        case JsonType.Object:
            var map = new Dictionary<string, object>();
            foreach (var member in (JsonObject)value) map[member.Key] = ToPlain(member.Value);
            return map;
        case JsonType.Array:
            var list = new List<object>();
            foreach (JsonValue item in (JsonArray)value) list.Add(ToPlain(item));
            return list;
        case JsonType.String: return (string)value;
        case JsonType.Boolean: return (bool)value;
        default: return double.Parse(value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        }
    }

    // The value at a dotted path (numbers index arrays); false when absent.
    // A present JSON null is true with a null value.
    public static bool TryWalk(JsonValue root, string path, out JsonValue value) {
        value = root;
        foreach (string part in path.Split('.')) {
            if (value == null) return false;
            int index;
            if (value.JsonType == JsonType.Object) {
                if (!((JsonObject)value).TryGetValue(part, out value)) return false;
            } else if (value.JsonType == JsonType.Array
                       && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out index)
                       && index < value.Count) {
                value = value[index];
            } else {
                value = null;
                return false;
            }
        }
        return true;
    }
}

}
