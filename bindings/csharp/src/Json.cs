// A small JSON reader and writer, so the binding needs nothing beyond
// mscorlib (Debian's mono ships no JSON assembly by default).
//
// Values map to: object -> Dictionary<string, object>, array ->
// List<object>, string -> string, number -> double, true/false -> bool,
// null -> null.  A double holds integers exactly up to 2^53 only: TextAt
// gives a value's text as written, for larger ones.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ExtApi {

public static class Json {
    /// Parses one JSON document; throws FormatException on bad input.
    public static object Parse(string text) {
        if (text == null) throw new ArgumentNullException("text");
        var reader = new Reader(text);
        object value = reader.ReadValue();
        reader.SkipSpace();
        if (!reader.AtEnd) throw reader.Error("trailing characters");
        return value;
    }

    /// Writes a value made of the types Parse returns (any IDictionary
    /// with string keys, IList, string, bool, number or null).
    public static string Serialize(object value) {
        var text = new StringBuilder();
        Write(text, value);
        return text.ToString();
    }

    /// The text of the value at a dotted path ("data.devices.0.id":
    /// names select object members, numbers index arrays) in a JSON
    /// document, exactly as written there; null when the path does not
    /// exist.  For what Parse would change: numbers beyond a double's 53
    /// bits, the spelling of numbers and strings.
    public static string TextAt(string text, string path) {
        if (text == null) throw new ArgumentNullException("text");
        var reader = new Reader(text);
        foreach (string part in path.Split('.'))
            if (!reader.Enter(part)) return null;
        return reader.ReadText();
    }

    /// A JSON string literal for s, e.g. to put a URL into a config.
    public static string Quote(string s) {
        var text = new StringBuilder(s.Length + 2);
        WriteString(text, s);
        return text.ToString();
    }

    static void Write(StringBuilder text, object value) {
        if (value == null) { text.Append("null"); return; }
        var s = value as string;
        if (s != null) { WriteString(text, s); return; }
        if (value is bool) { text.Append((bool)value ? "true" : "false"); return; }
        var map = value as IDictionary;
        if (map != null) {
            text.Append('{');
            bool first = true;
            foreach (DictionaryEntry entry in map) {
                if (!first) text.Append(',');
                first = false;
                WriteString(text, (string)entry.Key);
                text.Append(':');
                Write(text, entry.Value);
            }
            text.Append('}');
            return;
        }
        var list = value as IList;
        if (list != null) {
            text.Append('[');
            for (int i = 0; i < list.Count; i++) {
                if (i > 0) text.Append(',');
                Write(text, list[i]);
            }
            text.Append(']');
            return;
        }
        if (value is IConvertible) {
            // "R" round-trips doubles; integers print as integers.
            double d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            if (double.IsNaN(d) || double.IsInfinity(d))
                throw new ArgumentException("JSON has no NaN or infinity");
            text.Append(d.ToString("R", CultureInfo.InvariantCulture));
            return;
        }
        throw new ArgumentException("not a JSON value: " + value.GetType());
    }

    static void WriteString(StringBuilder text, string s) {
        text.Append('"');
        foreach (char c in s) {
            switch (c) {
            case '"': text.Append("\\\""); break;
            case '\\': text.Append("\\\\"); break;
            case '\n': text.Append("\\n"); break;
            case '\r': text.Append("\\r"); break;
            case '\t': text.Append("\\t"); break;
            default:
                if (c < 0x20) text.Append("\\u").Append(((int)c).ToString("x4"));
                else text.Append(c);
                break;
            }
        }
        text.Append('"');
    }

    sealed class Reader {
        readonly string text;
        int pos;

        public Reader(string text) { this.text = text; }

        public bool AtEnd { get { return pos >= text.Length; } }

        public FormatException Error(string what) {
            return new FormatException("JSON: " + what + " at offset " + pos);
        }

        public void SkipSpace() {
            while (!AtEnd && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r'))
                pos++;
        }

        public object ReadValue() {
            SkipSpace();
            if (AtEnd) throw Error("unexpected end");
            char c = text[pos];
            switch (c) {
            case '{': return ReadObject();
            case '[': return ReadArray();
            case '"': return ReadString();
            case 't': Expect("true"); return true;
            case 'f': Expect("false"); return false;
            case 'n': Expect("null"); return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber();
                throw Error("unexpected '" + c + "'");
            }
        }

        /// Moves into the value at pos to the member named part (an
        /// object) or the item numbered part (an array); false when there
        /// is none.
        public bool Enter(string part) {
            SkipSpace();
            if (AtEnd) return false;
            int index;
            if (text[pos] == '{') {
                pos++;
                if (Take('}')) return false;
                do {
                    SkipSpace();
                    if (AtEnd || text[pos] != '"') throw Error("expected a key");
                    string key = ReadString();
                    if (!Take(':')) throw Error("expected ':'");
                    if (key == part) return true;
                    ReadValue();
                } while (Take(','));
                return false;
            }
            if (text[pos] == '[' && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out index)) {
                pos++;
                if (Take(']')) return false;
                for (int i = 0; i < index; i++) {
                    ReadValue();
                    if (!Take(',')) return false;
                }
                return true;
            }
            return false;
        }

        /// The text of the value at pos, as written.
        public string ReadText() {
            SkipSpace();
            int start = pos;
            ReadValue();
            return text.Substring(start, pos - start);
        }

        void Expect(string word) {
            if (string.CompareOrdinal(text, pos, word, 0, word.Length) != 0) throw Error("bad literal");
            pos += word.Length;
        }

        bool Take(char c) {
            SkipSpace();
            if (!AtEnd && text[pos] == c) { pos++; return true; }
            return false;
        }

        Dictionary<string, object> ReadObject() {
            pos++;
            var map = new Dictionary<string, object>(StringComparer.Ordinal);
            if (Take('}')) return map;
            do {
                SkipSpace();
                if (AtEnd || text[pos] != '"') throw Error("expected a key");
                string key = ReadString();
                if (!Take(':')) throw Error("expected ':'");
                map[key] = ReadValue();
            } while (Take(','));
            if (!Take('}')) throw Error("expected ',' or '}'");
            return map;
        }

        List<object> ReadArray() {
            pos++;
            var list = new List<object>();
            if (Take(']')) return list;
            do {
                list.Add(ReadValue());
            } while (Take(','));
            if (!Take(']')) throw Error("expected ',' or ']'");
            return list;
        }

        string ReadString() {
            pos++;
            var s = new StringBuilder();
            while (true) {
                if (AtEnd) throw Error("unterminated string");
                char c = text[pos++];
                if (c == '"') return s.ToString();
                if (c != '\\') { s.Append(c); continue; }
                if (AtEnd) throw Error("unterminated escape");
                char e = text[pos++];
                switch (e) {
                case '"': case '\\': case '/': s.Append(e); break;
                case 'b': s.Append('\b'); break;
                case 'f': s.Append('\f'); break;
                case 'n': s.Append('\n'); break;
                case 'r': s.Append('\r'); break;
                case 't': s.Append('\t'); break;
                case 'u':
                    // A surrogate pair arrives as two \u escapes, each
                    // appended as one UTF-16 unit: the pair reassembles.
                    if (pos + 4 > text.Length) throw Error("short \\u escape");
                    s.Append((char)int.Parse(text.Substring(pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                    pos += 4;
                    break;
                default: throw Error("bad escape");
                }
            }
        }

        double ReadNumber() {
            int start = pos;
            while (!AtEnd && "+-0123456789.eE".IndexOf(text[pos]) >= 0) pos++;
            double d;
            if (!double.TryParse(text.Substring(start, pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out d))
                throw Error("bad number");
            return d;
        }
    }
}

}
