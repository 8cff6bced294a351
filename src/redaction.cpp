#include "redaction.hpp"

#include <openssl/crypto.h>

#include <cstring>
#include <new>
#include <stdexcept>

#include "authorization.hpp"
#include "raw_json.hpp"
#include "url.hpp"

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

std::vector<Secret> encoded_credentials(const Config &c) {
    std::vector<Secret> forms;
    auto add = [&](Secret form, const Secret &plain) {
        if (!form.empty() && form != plain) forms.push_back(std::move(form));
    };
    for (const Secret *secret : {&c.password, &c.client_secret, &c.api_key, &c.token})
        if (!secret->empty()) add(Secret(percent_encode(secret->reveal())), *secret);
    auto add_basic = [&](std::string_view user, const Secret &password) {
        if (password.empty()) return;
        for (bool form_encoded : {false, true}) {
            const Secret header = basic_authorization(user, password.reveal(), form_encoded);
            const std::string_view line = header.reveal();
            forms.emplace_back(line.substr(line.rfind(' ') + 1));  // the base64 after "Basic "
        }
    };
    add_basic(c.client_id, c.client_secret);
    add_basic(c.username, c.password);
    return forms;
}

void Redactor::hide_credentials(const Config &config, const std::vector<Secret> &encoded) {
    hide_equal(config.password);
    for (const Secret *secret : {&config.client_secret, &config.token, &config.api_key}) hide_containing(*secret);
    for (const Secret &form : encoded) hide_containing(form);
}

void Redactor::hide_token(const Token &token, bool expose_access) {
    hide_containing(token.refresh);
    if (!expose_access) hide_containing(token.access);
}

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
            auto rewritten = rewrite_strings(node->valuestring, filter(), kRedactedToken);
            if (rewritten) {
                replace_valuestring(node, *rewritten);
                wipe(*rewritten);
            }
        }
        apply(node->child);
    }
}

}  // namespace extapi
