#include "raw_json.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <new>

#include "secret.hpp"

namespace extapi {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

size_t skip_space(std::string_view t, size_t i) {
    while (i < t.size() && is_space(t[i])) ++i;
    return i;
}

// Scanning eight bytes at a time: a "marks" function flags, in the high
// bit of each byte of a little-endian word, the bytes a scan stops at.  The
// flags are exact up to the first flagged byte (a borrow may flag bytes
// after it), which is all a scan needs.  Strings are most of an answer's
// bytes, and a byte-by-byte loop over them was a third of a call.
constexpr uint64_t kOnes = 0x0101010101010101ULL, kHighBits = 0x8080808080808080ULL;

constexpr uint64_t zero_bytes(uint64_t word) { return (word - kOnes) & ~word & kHighBits; }
constexpr uint64_t bytes_equal(uint64_t word, char c) { return zero_bytes(word ^ (kOnes * uint8_t(c))); }
constexpr uint64_t bytes_below(uint64_t word, uint8_t n) { return (word - kOnes * n) & ~word & kHighBits; }

// What ends a run of plain string bytes: a quote, a backslash, a control
// character or a byte of a multi-byte UTF-8 sequence.
constexpr uint64_t string_specials(uint64_t word) {
    return bytes_equal(word, '"') | bytes_equal(word, '\\') | bytes_below(word, 0x20) | (word & kHighBits);
}
constexpr uint64_t quotes_and_backslashes(uint64_t word) { return bytes_equal(word, '"') | bytes_equal(word, '\\'); }
constexpr uint64_t quotes(uint64_t word) { return bytes_equal(word, '"'); }

// The eight bytes at `p` as a word whose lowest byte is the first, padded
// past the `n` bytes left with 'a', which no marks function flags.
uint64_t load_word(const char *p, size_t n) {
    uint64_t word = kOnes * uint8_t('a');
    if (n >= 8)
        std::memcpy(&word, p, 8);  // one load
    else
        std::memcpy(&word, p, n);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    word = __builtin_bswap64(word);
#endif
    return word;
}

// The index of the first byte at or after `i` that `marks` flags, or t.size().
template <uint64_t (*marks)(uint64_t)>
size_t find_marked(std::string_view t, size_t i) {
    for (; i < t.size(); i += 8) {
        if (const uint64_t flagged = marks(load_word(t.data() + i, t.size() - i)))
            return std::min(t.size(), i + size_t(__builtin_ctzll(flagged) / 8));
    }
    return t.size();
}

// `i` at an opening quote of a valid string: the index after its closing quote.
size_t skip_string(std::string_view t, size_t i) {
    for (++i; (i = find_marked<quotes_and_backslashes>(t, i)) < t.size(); i += 2) {
        if (t[i] == '"') return i + 1;
    }
    return t.size();
}

// `i` at the start of a valid value: the index after it.
size_t skip_value(std::string_view t, size_t i) {
    if (t[i] == '"') return skip_string(t, i);
    if (t[i] != '{' && t[i] != '[') {
        while (i < t.size() && t[i] != ',' && t[i] != '}' && t[i] != ']' && !is_space(t[i])) ++i;
        return i;
    }
    int depth = 0;
    for (; i < t.size(); ++i) {
        if (t[i] == '"')
            i = skip_string(t, i) - 1;
        else if (t[i] == '{' || t[i] == '[')
            ++depth;
        else if ((t[i] == '}' || t[i] == ']') && --depth == 0)
            return i + 1;
    }
    return t.size();
}

// RFC 8259 §6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
size_t strict_number_end(std::string_view t, size_t i) {
    auto digits = [&](size_t at) {
        size_t end = at;
        while (end < t.size() && is_digit(t[end])) ++end;
        return end;
    };
    if (i < t.size() && t[i] == '-') ++i;
    if (i >= t.size() || !is_digit(t[i])) return std::string_view::npos;
    i = t[i] == '0' ? i + 1 : digits(i);
    if (i < t.size() && t[i] == '.') {
        const size_t end = digits(i + 1);
        if (end == i + 1) return std::string_view::npos;
        i = end;
    }
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
        const size_t end = digits(i);
        if (end == i) return std::string_view::npos;
        i = end;
    }
    return i;
}

bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Appends the UTF-8 encoding of a code point.
void append_utf8(std::string &out, unsigned long cp) {
    if (cp < 0x80) {
        out.push_back(char(cp));
    } else if (cp < 0x800) {
        out.push_back(char(0xC0 | (cp >> 6)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(char(0xE0 | (cp >> 12)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(char(0xF0 | (cp >> 18)));
        out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    }
}

unsigned long hex4(std::string_view t, size_t at) {
    unsigned long cp = 0;
    std::from_chars(t.data() + at, t.data() + at + 4, cp, 16);
    return cp;
}

bool decoded_string(std::string_view token, std::string &scratch, std::string_view &value);

// The RFC 8259 grammar, written once.  Without a tree it only validates
// and allocates nothing (the hot path checks an answer, then splices its
// bytes); with one it builds cJSON nodes.  It replaces cJSON's parser,
// which writes a process-wide error pointer on every parse (a data race
// between threads, and it clobbers cJSON_GetErrorPtr() for other cJSON
// users in the host).  Nesting is bounded at 999 levels, so that a result
// document (one level more) stays within the 1000 cJSON and lua-cjson read.
class Reader {
public:
    static constexpr int kMaxDepth = 999;

    explicit Reader(std::string_view text, std::initializer_list<WantedMember> wanted = {})
        : t_(text), wanted_(wanted) {}
    ~Reader() { wipe(key_scratch_); }
    Reader(const Reader &) = delete;
    Reader &operator=(const Reader &) = delete;

    // The whole text is one value; `out` (may be null) gets its tree.
    bool whole_text(JsonPtr *out) { return value(out) && skip_space(t_, i_) == t_.size(); }

    size_t longest_string() const { return longest_string_; }

    // `i` at a string's opening quote: its decoded value (escapes resolved).
    static bool decode_string(std::string_view t, size_t i, std::string &out) {
        Reader r(t);
        r.i_ = i;
        return r.string(&out);
    }

private:
    bool value(JsonPtr *out) {
        i_ = skip_space(t_, i_);
        if (i_ >= t_.size()) return false;
        switch (t_[i_]) {
        case '{': return nested('}', out);
        case '[': return nested(']', out);
        case '"': return string_value(out);
        case 't': return literal("true", out, [] { return cJSON_CreateTrue(); });
        case 'f': return literal("false", out, [] { return cJSON_CreateFalse(); });
        case 'n': return literal("null", out, [] { return cJSON_CreateNull(); });
        default: return number(out);
        }
    }

    // An object (members "key": value) or an array (values), after its opener.
    bool nested(char closer, JsonPtr *out) {
        const bool members = closer == '}';
        if (++depth_ > kMaxDepth) return false;
        if (out) *out = checked(members ? cJSON_CreateObject() : cJSON_CreateArray());
        i_ = skip_space(t_, i_ + 1);
        if (i_ < t_.size() && t_[i_] == closer) return ++i_, --depth_, true;
        std::string key;
        const bool top_level_members = members && depth_ == 1 && wanted_.size() > 0;
        for (;;) {
            size_t key_start = 0, key_end = 0;
            if (members) {
                key_start = i_ = skip_space(t_, i_);
                if (i_ >= t_.size() || t_[i_] != '"' || !string(out ? &key : nullptr)) return false;
                key_end = i_;
                i_ = skip_space(t_, i_);
                if (i_ >= t_.size() || t_[i_] != ':') return false;
                ++i_;
            }
            JsonPtr item;
            const size_t value_start = skip_space(t_, i_);
            if (!value(out ? &item : nullptr)) return false;
            if (top_level_members) note_member(t_.substr(key_start, key_end - key_start), value_start);
            if (out) attach(out->get(), members ? &key : nullptr, std::move(item));
            i_ = skip_space(t_, i_);
            if (i_ >= t_.size()) return false;
            if (t_[i_] == closer) return ++i_, --depth_, true;
            if (t_[i_] != ',') return false;
            ++i_;
        }
    }

    // A top-level member just read, its key token and where its value began:
    // kept when wanted and not seen before (the first of duplicates wins).
    void note_member(std::string_view key_token, size_t value_start) {
        std::string_view name;
        if (!decoded_string(key_token, key_scratch_, name)) return;
        for (const WantedMember &member : wanted_)
            if (!*member.text && name == member.key) *member.text = t_.substr(value_start, i_ - value_start);
    }

    static void attach(cJSON *parent, const std::string *key, JsonPtr item) {
        const bool added =
            key ? cJSON_AddItemToObject(parent, key->c_str(), item.get()) : cJSON_AddItemToArray(parent, item.get());
        if (!added) throw std::bad_alloc();
        item.release();
    }

    bool string_value(JsonPtr *out) {
        if (!out) return string(nullptr);
        std::string decoded;
        if (!string(&decoded)) return false;
        // cJSON strings end at a NUL: a "\u0000" would silently cut the value.
        if (decoded.find('\0') != std::string::npos) return false;
        *out = checked(cJSON_CreateString(decoded.c_str()));
        wipe(decoded);  // the value may be a token
        return true;
    }

    // Checks a string and, when `out` is given, decodes it there.
    bool string(std::string *out) {
        if (out) out->clear();
        const size_t opening = i_;
        for (++i_; i_ < t_.size(); ++i_) {
            const size_t plain_end = find_marked<string_specials>(t_, i_);
            if (out) out->append(t_.substr(i_, plain_end - i_));
            i_ = plain_end;
            if (i_ >= t_.size()) return false;
            const unsigned char c = static_cast<unsigned char>(t_[i_]);
            if (c == '"') {
                longest_string_ = std::max(longest_string_, i_ - opening - 1);
                return ++i_, true;
            }
            if (c < 0x20) return false;
            if (c >= 0x80) {  // UTF-8 is checked here: outside strings the grammar has no room for it
                const size_t len = utf8_sequence_at(t_, i_);
                if (len == 0) return false;
                if (out) out->append(t_.substr(i_, len));
                i_ += len - 1;
                continue;
            }
            // a backslash
            if (++i_ >= t_.size()) return false;
            const char escape = t_[i_];
            if (escape == 'u') {
                if (!unicode_escape(out)) return false;
                continue;
            }
            static const char kEscapes[] = "\"\\/bfnrt", kMeanings[] = "\"\\/\b\f\n\r\t";
            const char *found = std::strchr(kEscapes, escape);
            if (!found || !escape) return false;
            if (out) out->push_back(kMeanings[found - kEscapes]);
        }
        return false;
    }

    // After "\u": four hex digits, and for a high surrogate the low one
    // after it.  An unpaired surrogate is refused: RFC 8259 lets it through
    // the grammar, but it is no character, and cJSON, serde_json and others
    // reject a document holding one.
    bool unicode_escape(std::string *out) {
        auto four_hex = [&](size_t at) {
            for (size_t k = 0; k < 4; ++k)
                if (at + k >= t_.size() || !is_hex(t_[at + k])) return false;
            return true;
        };
        if (!four_hex(i_ + 1)) return false;
        unsigned long cp = hex4(t_, i_ + 1);
        i_ += 4;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (!(i_ + 2 < t_.size() && t_[i_ + 1] == '\\' && t_[i_ + 2] == 'u' && four_hex(i_ + 3))) return false;
            const unsigned long low = hex4(t_, i_ + 3);
            if (low < 0xDC00 || low > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i_ += 6;
        }
        if (out) append_utf8(*out, cp);
        return true;
    }

    bool number(JsonPtr *out) {
        const size_t end = strict_number_end(t_, i_);
        if (end == std::string_view::npos) return false;
        if (out) {
            double value = 0;
            std::from_chars(t_.data() + i_, t_.data() + end, value);  // locale-independent
            *out = checked(cJSON_CreateNumber(value));
        }
        i_ = end;
        return true;
    }

    template <typename Make>
    bool literal(std::string_view word, JsonPtr *out, Make make) {
        if (t_.substr(i_, word.size()) != word) return false;
        i_ += word.size();
        if (out) *out = checked(make());
        return true;
    }

    std::string_view t_;
    size_t i_ = 0;
    int depth_ = 0;
    std::initializer_list<WantedMember> wanted_;
    std::string key_scratch_;  // a wanted key with escapes, decoded
    size_t longest_string_ = 0;
};

// The decoded value of a string token (quotes included): the bytes between
// the quotes when there is no escape, else the Reader's decoding.
bool decoded_string(std::string_view token, std::string &scratch, std::string_view &value) {
    const std::string_view inner = token.substr(1, token.size() - 2);
    if (inner.find('\\') == std::string_view::npos) {
        value = inner;
        return true;
    }
    wipe(scratch);
    if (!Reader::decode_string(token, 0, scratch)) return false;
    value = scratch;
    return true;
}

}  // namespace

StrictScan scan_strict_json(std::string_view text, std::initializer_list<WantedMember> wanted) {
    Reader reader(text, wanted);
    const bool valid = reader.whole_text(nullptr);
    if (!valid)
        for (const WantedMember &member : wanted) member.text->reset();
    return {valid, reader.longest_string()};
}

bool is_strict_json(std::string_view text) { return scan_strict_json(text).valid; }

JsonPtr parse_json(std::string_view text) {
    JsonPtr tree;
    if (!Reader(text).whole_text(&tree)) return nullptr;
    return tree;
}

bool is_object_text(std::string_view text) {
    const size_t i = skip_space(text, 0);
    return i < text.size() && text[i] == '{';
}

bool is_nonempty_array(std::string_view text) {
    size_t i = skip_space(text, 0);
    if (i >= text.size() || text[i] != '[') return false;
    i = skip_space(text, i + 1);
    return i < text.size() && text[i] != ']';
}

std::string_view without_space(std::string_view text) {
    const size_t first = skip_space(text, 0);
    size_t last = text.size();
    while (last > first && is_space(text[last - 1])) --last;
    return text.substr(first, last - first);
}

JsonPtr raw_json_node(std::string_view text) {
    text = without_space(text);
    // cJSON_CreateRaw wants a C string: give the node its text directly
    // rather than copy the view into one first.
    JsonPtr node = checked(cJSON_CreateRaw(""));
    char *copy = static_cast<char *>(cJSON_malloc(text.size() + 1));
    if (!copy) throw std::bad_alloc();
    std::memcpy(copy, text.data(), text.size());
    copy[text.size()] = '\0';
    cJSON_free(node->valuestring);
    node->valuestring = copy;
    return node;
}

// cJSON's print_string_ptr: `"`, `\\` and the control characters escaped
// (\b \f \n \r \t by name, the others as \u00xx), every other byte as is.
template <typename Text>
void append_json_string(Text &out, std::string_view value) {
    static const char kHex[] = "0123456789abcdef";
    out.push_back('"');
    size_t copied = 0;
    for (size_t i = 0; i < value.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(value[i]);
        if (c > 31 && c != '"' && c != '\\') continue;
        out.append(value.substr(copied, i - copied));
        out.push_back('\\');
        copied = i + 1;
        switch (c) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '\b': out.push_back('b'); break;
        case '\f': out.push_back('f'); break;
        case '\n': out.push_back('n'); break;
        case '\r': out.push_back('r'); break;
        case '\t': out.push_back('t'); break;
        default:
            out.append("u00");
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0xF]);
        }
    }
    out.append(value.substr(copied));
    out.push_back('"');
}
template void append_json_string(std::string &, std::string_view);
template void append_json_string(TextBuffer &, std::string_view);

void member_texts(std::string_view t, std::initializer_list<WantedMember> wanted) {
    size_t i = skip_space(t, 0);
    if (i >= t.size() || t[i] != '{') return;
    std::string scratch;
    size_t missing = wanted.size();
    for (i = skip_space(t, i + 1); i < t.size() && t[i] == '"' && missing > 0;) {
        const size_t key_end = skip_string(t, i);
        std::string_view name;
        const bool decoded = decoded_string(t.substr(i, key_end - i), scratch, name);
        const size_t value_start = skip_space(t, skip_space(t, key_end) + 1);  // past the colon
        const size_t value_end = skip_value(t, value_start);
        for (const WantedMember &member : wanted) {
            if (decoded && !*member.text && name == member.key) {
                *member.text = t.substr(value_start, value_end - value_start);
                --missing;
            }
        }
        i = skip_space(t, value_end);
        if (i >= t.size() || t[i] != ',') break;
        i = skip_space(t, i + 1);
    }
}

std::optional<std::string_view> member_text(std::string_view t, std::string_view key) {
    std::optional<std::string_view> text;
    member_texts(t, {{key, &text}});
    return text;
}

std::optional<TokenSpan> next_hidden_string(std::string_view t, size_t from, StringFilter hide) {
    std::string scratch;
    std::optional<TokenSpan> found;
    // Outside strings a quote can only open one.
    for (size_t i = from; (i = find_marked<quotes>(t, i)) < t.size();) {
        const size_t end = skip_string(t, i);
        if (end - i - 2 >= hide.shortest) {  // decoding never lengthens a string
            const size_t after = skip_space(t, end);
            const bool is_key = after < t.size() && t[after] == ':';
            std::string_view value;
            if (decoded_string(t.substr(i, end - i), scratch, value) && hide.hides(value, is_key)) {
                found = TokenSpan{i, end};
                break;
            }
        }
        i = end;
    }
    wipe(scratch);
    return found;
}

std::optional<std::string> rewrite_strings(std::string_view t, StringFilter hide, std::string_view replacement) {
    std::optional<std::string> out;
    size_t copied = 0;
    while (auto hidden = next_hidden_string(t, copied, hide)) {
        if (!out) out.emplace().reserve(t.size());
        out->append(t.substr(copied, hidden->begin - copied)).append(replacement);
        copied = hidden->end;
    }
    if (out) out->append(t.substr(copied));
    return out;
}

}  // namespace extapi
