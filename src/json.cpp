#include "json.hpp"

#include "secret.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

namespace extapi {

static void wipe_strings(cJSON *node) noexcept {
    for (; node; node = node->next) {
        if (cJSON_IsString(node) && node->valuestring)
            OPENSSL_cleanse(node->valuestring, std::strlen(node->valuestring));
        wipe_strings(node->child);
    }
}

void SensitiveJsonDeleter::operator()(cJSON *j) const noexcept {
    wipe_strings(j);
    cJSON_Delete(j);
}

std::string print_json(const cJSON *json) {
    char *printed = cJSON_PrintUnformatted(json);
    if (!printed) throw std::bad_alloc();
    std::string out(printed);
    cJSON_free(printed);
    return out;
}

// Bytes the printed document needs at most, but for strings that need
// escaping (cJSON_PrintPreallocated then says no, and printing falls back).
static size_t printed_size_estimate(const cJSON *node) {
    size_t size = 0;
    for (; node; node = node->next) {
        size += 32 + (node->string ? std::strlen(node->string) : 0) +
                (node->valuestring ? std::strlen(node->valuestring) : 0);
        size += printed_size_estimate(node->child);
    }
    return size;
}

char *print_json_malloced(const cJSON *json) {
    const size_t size = printed_size_estimate(json) + 8;  // cJSON asks for 5 bytes of slack
    if (char *buffer = static_cast<char *>(std::malloc(size))) {
        if (cJSON_PrintPreallocated(const_cast<cJSON *>(json), buffer, int(size), 0)) return buffer;
        std::free(buffer);
    }
    char *printed = cJSON_PrintUnformatted(json);  // cJSON's default hooks: malloc
    if (!printed) throw std::bad_alloc();
    return printed;
}

std::string print_sensitive_json(const cJSON *json) {
    char *printed = cJSON_PrintUnformatted(json);
    if (!printed) throw std::bad_alloc();
    std::string out(printed);
    OPENSSL_cleanse(printed, out.size());
    cJSON_free(printed);
    return out;
}

TextBuffer::TextBuffer(size_t capacity) : data_(static_cast<char *>(std::malloc(capacity + 1))), capacity_(capacity) {
    if (!data_) throw std::bad_alloc();
}

void TextBuffer::append(std::string_view text) {
    if (size_ + text.size() > capacity_) grow(size_ + text.size());
    std::memcpy(data_ + size_, text.data(), text.size());
    size_ += text.size();
}

// Doubling: a buffer sized for the common case grows at most a few times.
void TextBuffer::grow(size_t needed) {
    const size_t capacity = std::max(needed, 2 * capacity_);
    char *grown = static_cast<char *>(std::realloc(data_, capacity + 1));
    if (!grown) throw std::bad_alloc();
    data_ = grown;
    capacity_ = capacity;
}

char *TextBuffer::release() noexcept {
    data_[size_] = '\0';  // the byte reserved past the capacity
    char *text = data_;
    data_ = nullptr;
    return text;
}

JsonPtr checked(cJSON *json) {
    if (!json) throw std::bad_alloc();
    return JsonPtr(json);
}

JsonPtr integer_json(int64_t value) {
    char digits[24];
    std::snprintf(digits, sizeof digits, "%lld", static_cast<long long>(value));
    return checked(cJSON_CreateRaw(digits));
}

void add_item(cJSON *object, const char *key, JsonPtr item) {
    if (!cJSON_AddItemToObject(object, key, item.get())) throw std::bad_alloc();
    item.release();
}

std::optional<std::string> string_member(const cJSON *object, const char *key) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    if (!cJSON_IsString(item) || !item->valuestring) return std::nullopt;
    return std::string(item->valuestring);
}

static int utf8_sequence_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) return 2;
    if (lead >= 0xE0 && lead <= 0xEF) return 3;
    if (lead >= 0xF0 && lead <= 0xF4) return 4;
    return 0;
}

// Rejects overlong forms, surrogates and code points above U+10FFFF.
size_t utf8_sequence_at(std::string_view text, size_t at) {
    const auto *s = reinterpret_cast<const unsigned char *>(text.data());
    const size_t n = text.size();
    const int len = utf8_sequence_length(s[at]);
    if (len == 0 || at + len > n) return 0;
    for (int k = 1; k < len; ++k) {
        if ((s[at + k] & 0xC0) != 0x80) return 0;
    }
    if (len == 3) {
        if (s[at] == 0xE0 && s[at + 1] < 0xA0) return 0;
        if (s[at] == 0xED && s[at + 1] >= 0xA0) return 0;
    } else if (len == 4) {
        if (s[at] == 0xF0 && s[at + 1] < 0x90) return 0;
        if (s[at] == 0xF4 && s[at + 1] >= 0x90) return 0;
    }
    return size_t(len);
}

bool is_valid_utf8(std::string_view text) {
    for (size_t i = 0; i < text.size();) {
        const size_t len = utf8_sequence_at(text, i);
        if (len == 0) return false;
        i += len;
    }
    return true;
}

}  // namespace extapi
