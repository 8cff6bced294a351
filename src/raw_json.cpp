#include "raw_json.hpp"

#include <cstring>

#include "secret.hpp"

namespace extapi {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

size_t skip_space(std::string_view t, size_t i) {
    while (i < t.size() && is_space(t[i])) ++i;
    return i;
}

// `i` at an opening quote of a valid string: the index after its closing quote.
size_t skip_string(std::string_view t, size_t i) {
    for (++i; i < t.size(); ++i) {
        if (t[i] == '\\') ++i;
        else if (t[i] == '"') return i + 1;
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
        if (t[i] == '"') i = skip_string(t, i) - 1;
        else if (t[i] == '{' || t[i] == '[') ++depth;
        else if ((t[i] == '}' || t[i] == ']') && --depth == 0) return i + 1;
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

// An RFC 8259 validator that builds nothing: the hot path checks an
// answer without allocating, and splices its bytes.  Nesting is bounded as
// in cJSON (CJSON_NESTING_LIMIT), so deep input cannot exhaust the stack.
class Validator {
public:
    explicit Validator(std::string_view text) : t_(text) {}

    bool whole_text() { return value() && skip_space(t_, i_) == t_.size(); }

private:
    static constexpr int kMaxDepth = 1000;

    bool value() {
        i_ = skip_space(t_, i_);
        if (i_ >= t_.size()) return false;
        switch (t_[i_]) {
        case '{': return nested('}', true);
        case '[': return nested(']', false);
        case '"': return string();
        case 't': return literal("true");
        case 'f': return literal("false");
        case 'n': return literal("null");
        default: return number();
        }
    }

    // An object (members "key": value) or an array (values), after its opener.
    bool nested(char closer, bool members) {
        if (++depth_ > kMaxDepth) return false;
        i_ = skip_space(t_, i_ + 1);
        if (i_ < t_.size() && t_[i_] == closer) return ++i_, --depth_, true;
        for (;;) {
            if (members) {
                i_ = skip_space(t_, i_);
                if (i_ >= t_.size() || t_[i_] != '"' || !string()) return false;
                i_ = skip_space(t_, i_);
                if (i_ >= t_.size() || t_[i_] != ':') return false;
                ++i_;
            }
            if (!value()) return false;
            i_ = skip_space(t_, i_);
            if (i_ >= t_.size()) return false;
            if (t_[i_] == closer) return ++i_, --depth_, true;
            if (t_[i_] != ',') return false;
            ++i_;
        }
    }

    bool string() {
        for (++i_; i_ < t_.size(); ++i_) {
            const unsigned char c = static_cast<unsigned char>(t_[i_]);
            if (c == '"') return ++i_, true;
            if (c < 0x20) return false;
            if (c != '\\') continue;
            if (++i_ >= t_.size()) return false;
            if (t_[i_] == 'u') {
                for (int k = 1; k <= 4; ++k)
                    if (i_ + k >= t_.size() || !is_hex(t_[i_ + k])) return false;
                i_ += 4;
            } else if (!std::strchr("\"\\/bfnrt", t_[i_])) {
                return false;
            }
        }
        return false;
    }

    bool number() {
        const size_t end = strict_number_end(t_, i_);
        if (end == std::string_view::npos) return false;
        i_ = end;
        return true;
    }

    bool literal(std::string_view word) {
        if (t_.substr(i_, word.size()) != word) return false;
        i_ += word.size();
        return true;
    }

    std::string_view t_;
    size_t i_ = 0;
    int depth_ = 0;
};

// The decoded value of a string token (quotes included): the bytes between
// the quotes when there is no escape, else cJSON's decoding.
bool decoded_string(std::string_view token, std::string &scratch, std::string_view &value) {
    const std::string_view inner = token.substr(1, token.size() - 2);
    if (inner.find('\\') == std::string_view::npos) {
        value = inner;
        return true;
    }
    SensitiveJsonPtr node(cJSON_ParseWithLength(token.data(), token.size()));
    if (!cJSON_IsString(node.get())) return false;
    wipe(scratch);
    scratch = node->valuestring;
    value = scratch;
    return true;
}

}  // namespace

bool is_strict_json(std::string_view text) { return Validator(text).whole_text() && is_valid_utf8(text); }

JsonPtr parse_strict_json(const std::string &text) {
    if (!is_strict_json(text)) return nullptr;
    return parse_json(text);
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

JsonPtr raw_json_node(std::string_view text) {
    const size_t first = skip_space(text, 0);
    size_t last = text.size();
    while (last > first && is_space(text[last - 1])) --last;
    // cJSON_CreateRaw wants a C string: give the node its text directly
    // rather than copy the view into one first.
    JsonPtr node = checked(cJSON_CreateRaw(""));
    char *copy = static_cast<char *>(cJSON_malloc(last - first + 1));
    if (!copy) throw std::bad_alloc();
    std::memcpy(copy, text.data() + first, last - first);
    copy[last - first] = '\0';
    cJSON_free(node->valuestring);
    node->valuestring = copy;
    return node;
}

void append_json_string(std::string &out, const std::string &value) {
    JsonPtr node = checked(cJSON_CreateStringReference(value.c_str()));
    const size_t at = out.size(), room = 6 * value.size() + 3;  // \u00XX is the longest escape
    out.resize(at + room);
    if (!cJSON_PrintPreallocated(node.get(), &out[at], int(room), 0)) throw std::bad_alloc();
    out.resize(at + std::strlen(&out[at]));
}

std::optional<std::string_view> member_text(std::string_view t, std::string_view key) {
    size_t i = skip_space(t, 0);
    if (i >= t.size() || t[i] != '{') return std::nullopt;
    std::string scratch;
    for (i = skip_space(t, i + 1); i < t.size() && t[i] == '"';) {
        const size_t key_end = skip_string(t, i);
        std::string_view name;
        const bool matches = decoded_string(t.substr(i, key_end - i), scratch, name) && name == key;
        const size_t value_start = skip_space(t, skip_space(t, key_end) + 1);  // past the colon
        const size_t value_end = skip_value(t, value_start);
        if (matches) return t.substr(value_start, value_end - value_start);
        i = skip_space(t, value_end);
        if (i >= t.size() || t[i] != ',') break;
        i = skip_space(t, i + 1);
    }
    return std::nullopt;
}

std::optional<std::string> rewrite_strings(std::string_view t,
                                           const std::function<bool(std::string_view, bool)> &hide,
                                           std::string_view replacement) {
    std::optional<std::string> out;
    std::string scratch;
    size_t copied = 0;
    for (size_t i = 0; i < t.size();) {
        if (t[i] != '"') {
            ++i;
            continue;
        }
        const size_t end = skip_string(t, i);
        const size_t after = skip_space(t, end);
        const bool is_key = after < t.size() && t[after] == ':';
        std::string_view value;
        if (decoded_string(t.substr(i, end - i), scratch, value) && hide(value, is_key)) {
            if (!out) out.emplace().reserve(t.size());
            out->append(t.substr(copied, i - copied)).append(replacement);
            copied = end;
        }
        i = end;
    }
    wipe(scratch);
    if (out) out->append(t.substr(copied));
    return out;
}

}  // namespace extapi
