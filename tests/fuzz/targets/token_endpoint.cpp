// libFuzzer target: token endpoint answers (token_from_response), an
// HttpResponse with fuzzed status, Content-Type, Date and body (see
// fuzz_common.hpp for the input format).  Built twice: as fuzz_token_endpoint
// with the oauth2 profile and OAuth-shaped seeds, and as fuzz_xiq_login
// (FUZZ_XIQ) with the XIQ profile and XIQ /login answers as seeds.
//
// Invariants: only Failure is thrown, with a code a token endpoint may
// stand for; a token has a non-empty access token of RFC 6750 b64token
// characters (it goes into a header), a refresh token likewise, an expiry
// not in the past and at most a year away, the renewal before the expiry;
// every document (token or error) prints as valid JSON that shows neither
// the client secret nor the password nor the token when it is not exposed.
#include <cstdint>
#include <ctime>

#include "fuzz_common.hpp"
#include "result.hpp"
#include "token_endpoint.hpp"

namespace {

bool is_b64token(std::string_view s) {
    size_t i = 0;
    while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || std::strchr("-._~+/", s[i]) && s[i])) ++i;
    if (i == 0) return false;
    while (i < s.size() && s[i] == '=') ++i;
    return i == s.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    using namespace extapi;
    static Config config = [] {
        Config c;
#ifdef FUZZ_XIQ
        c.profile = Profile::Xiq;
        c.username = "fuzz-user";
        c.password = fuzz::password();
#else
        c.profile = Profile::Oauth2;
        c.client_id = "fuzz-client";
        c.client_secret = fuzz::client_secret();
#endif
        c.base_url = "https://127.0.0.1:1";
        return c;
    }();
    HttpResponse response = fuzz::parse_answer(data, size);
    const std::optional<std::string> scope = size % 2 ? std::optional<std::string>("read write") : std::nullopt;
    const std::vector<const Secret *> equal{&config.password};
    try {
        Token token = token_from_response(response, config, scope);
        FUZZ_CHECK(is_b64token(token.access.reveal()), token.access.reveal());
        FUZZ_CHECK(token.refresh.empty() || is_b64token(token.refresh.reveal()), token.refresh.reveal());
        if (token.has_expiry) {
            const int64_t now = int64_t(std::time(nullptr));
            FUZZ_CHECK(token.expires_at_wall >= now - 5, std::to_string(token.expires_at_wall));
            FUZZ_CHECK(token.expires_at_wall <= now + kMaxLifetimeS + 5, std::to_string(token.expires_at_wall));
            FUZZ_CHECK(token.renew_at <= token.expires_mono, "renew_at after expiry");
        }
        JsonPtr doc = token_document(token, false);
        fuzz::finish(doc.get(), {&config.client_secret, &token.access, &token.refresh}, equal);
        JsonPtr exposed = token_document(token, true);
        fuzz::finish(exposed.get(), {&config.client_secret, &token.refresh}, equal);
    } catch (const Failure &failure) {
        FUZZ_CHECK(failure.code == ErrorCode::AuthFailed || failure.code == ErrorCode::RateLimited ||
                       failure.code == ErrorCode::Http || failure.code == ErrorCode::InvalidResponse,
                   failure.what());
        JsonPtr doc = error_document(failure);
        fuzz::finish(doc.get(), {&config.client_secret}, equal);
    }
    return 0;
}
