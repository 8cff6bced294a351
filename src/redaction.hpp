// Which values a result may not show, and how they are hidden (SPEC
// "Results"): a string that contains a token, a refresh token, a client
// secret or an API key, or that equals the password, is replaced as a
// whole by "[redacted]".  Nothing else changes, so every result stays valid
// JSON and keeps every other value as the server sent it.
#pragma once

#include <string_view>
#include <vector>

#include "json.hpp"
#include "secret.hpp"

namespace extapi {

class Redactor {
public:
    // The secrets are referenced, not copied: they must outlive the Redactor.
    void hide_containing(const Secret &secret);
    void hide_equal(const Secret &secret);

    bool hides(std::string_view value) const;

    // Applies the rule to every string of `document`, and to every string
    // (keys included) inside its raw nodes, the server's JSON texts.
    void apply(cJSON *document) const;

private:
    std::vector<std::string_view> containing_;
    std::vector<std::string_view> equal_;
};

}  // namespace extapi
