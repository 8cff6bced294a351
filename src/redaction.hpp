// Which values a result may not show, and how they are hidden (SPEC
// "Results"): a string that contains a token, a refresh token, a client
// secret or an API key, or that equals the password, is replaced as a
// whole by "[redacted]".  Nothing else changes, so every result stays valid
// JSON and keeps every other value as the server sent it.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "json.hpp"
#include "raw_json.hpp"
#include "secret.hpp"
#include "token.hpp"

namespace extapi {

// What a server echoing a request would show of the configured
// credentials: their percent-encoded forms and the base64 of the HTTP
// Basic pairs (raw and RFC 6749 encoded).  Redacted like the credentials
// themselves; made once per session, as a Redactor only references them.
std::vector<Secret> encoded_credentials(const Config &config);

class Redactor {
public:
    // The configuration's credentials: the password where a value equals
    // it; the client secret, the token, the API key and `encoded` (from
    // encoded_credentials) wherever a value contains one.
    void hide_credentials(const Config &config, const std::vector<Secret> &encoded);
    // A token's refresh token, and its access token unless the caller may
    // see it (expose_token).
    void hide_token(const Token &token, bool expose_access);

    // The secrets are referenced, not copied: they must outlive the Redactor.
    void hide_containing(const Secret &secret);
    void hide_equal(const Secret &secret);

    // Whether a string value must be hidden.  An object key is a name, not
    // a value: it is hidden only when it contains a secret, never for
    // equalling the password ({"admin": 1} keeps its key with password
    // "admin"), so that keys stay unique.
    bool hides(std::string_view value, bool is_key = false) const;
    bool operator()(std::string_view value, bool is_key) const { return hides(value, is_key); }
    // hides() for the scans of raw_json.hpp, which then pass over every
    // string shorter than the shortest secret.  It refers to the Redactor.
    StringFilter filter() const { return StringFilter(*this, shortest_); }

    // Applies the rule to every string of `document`, and to every string
    // inside its raw nodes, the server's JSON texts.
    void apply(cJSON *document) const;

private:
    // Fixed capacity, so that redacting a document allocates nothing: a
    // session knows at most ~20 secrets and their encoded forms (see
    // hide_credentials and Session::with_redactor).
    static constexpr size_t kCapacity = 32;
    void note_length(size_t length) { shortest_ = std::min(shortest_, length); }

    std::array<std::string_view, kCapacity> containing_{}, equal_{};
    size_t containing_count_ = 0, equal_count_ = 0;
    // No shorter value can hold or equal a secret: most strings of an
    // answer are rejected by one comparison.
    size_t shortest_ = SIZE_MAX;
};

}  // namespace extapi
