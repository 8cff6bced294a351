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

// What cJSON lets through but RFC 8259 does not: numbers such as 01, 1.,
// -.5 and raw control characters inside strings.
bool has_strict_tokens(std::string_view t) {
    for (size_t i = 0; i < t.size();) {
        const char c = t[i];
        if (c == '"') {
            const size_t end = skip_string(t, i);
            for (size_t k = i + 1; k + 1 < end; ++k)
                if (static_cast<unsigned char>(t[k]) < 0x20) return false;
            i = end;
        } else if (c == '-' || is_digit(c)) {
            const size_t end = strict_number_end(t, i);
            if (end == std::string_view::npos) return false;
            if (end < t.size() && !is_space(t[end]) && !std::strchr(",]}", t[end])) return false;
            i = end;
        } else {
            ++i;
        }
    }
    return true;
}

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

JsonPtr parse_strict_json(const std::string &text) {
    JsonPtr tree = parse_json(text);
    if (!tree || !has_strict_tokens(text)) return nullptr;
    return tree;
}

JsonPtr raw_json_node(std::string_view text) {
    const size_t first = skip_space(text, 0);
    size_t last = text.size();
    while (last > first && is_space(text[last - 1])) --last;
    const std::string trimmed(text.substr(first, last - first));
    return checked(cJSON_CreateRaw(trimmed.c_str()));
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

std::optional<std::string> rewrite_strings(std::string_view t, const std::function<bool(std::string_view)> &hide,
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
        std::string_view value;
        if (decoded_string(t.substr(i, end - i), scratch, value) && hide(value)) {
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
