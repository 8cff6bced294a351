#include "redaction.hpp"

#include <openssl/crypto.h>

#include <cstring>
#include <new>
#include <stdexcept>

#include "raw_json.hpp"

namespace extapi {

namespace {

const char kRedacted[] = "[redacted]";
const char kRedactedToken[] = "\"[redacted]\"";

// Replaces a node's text, wiping the old one (it held a secret).
void replace_valuestring(cJSON *node, const std::string &text) {
    char *copy = static_cast<char *>(cJSON_malloc(text.size() + 1));
    if (!copy) throw std::bad_alloc();
    std::memcpy(copy, text.c_str(), text.size() + 1);
    OPENSSL_cleanse(node->valuestring, std::strlen(node->valuestring));
    cJSON_free(node->valuestring);
    node->valuestring = copy;
}

}  // namespace

void Redactor::hide_containing(const Secret &secret) {
    if (secret.empty()) return;
    if (containing_count_ == kCapacity) throw std::logic_error("Redactor: too many secrets");
    containing_[containing_count_++] = secret.reveal();
    note_length(secret.reveal().size());
}

void Redactor::hide_equal(const Secret &secret) {
    if (secret.empty()) return;
    if (equal_count_ == kCapacity) throw std::logic_error("Redactor: too many secrets");
    equal_[equal_count_++] = secret.reveal();
    note_length(secret.reveal().size());
}

bool Redactor::hides(std::string_view value, bool is_key) const {
    if (value.size() < shortest_) return false;
    for (size_t i = 0; i < equal_count_ && !is_key; ++i)
        if (value == equal_[i]) return true;
    for (size_t i = 0; i < containing_count_; ++i)
        if (value.find(containing_[i]) != std::string_view::npos) return true;
    return false;
}

void Redactor::apply(cJSON *node) const {
    for (; node; node = node->next) {
        if (cJSON_IsString(node) && node->valuestring && hides(node->valuestring)) {
            replace_valuestring(node, kRedacted);
        } else if (cJSON_IsRaw(node) && node->valuestring) {
            auto rewritten = rewrite_strings(
                node->valuestring, [this](std::string_view value, bool is_key) { return hides(value, is_key); },
                kRedactedToken);
            if (rewritten) {
                replace_valuestring(node, *rewritten);
                wipe(*rewritten);
            }
        }
        apply(node->child);
    }
}

}  // namespace extapi
