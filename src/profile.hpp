// An auth profile: how a service hands out tokens and how a request carries
// them.  One implementation per profile, in profile_<name>.cpp.
#pragma once

#include <memory>
#include <string>

#include "call_context.hpp"
#include "client_auth.hpp"
#include "config.hpp"
#include "http_transport.hpp"
#include "token.hpp"

namespace extapi {

class AuthProfile {
public:
    AuthProfile(const Config &config, HttpTransport &http) : config_(config), http_(http), client_auth_(config) {}
    virtual ~AuthProfile() = default;

    // Obtains a token with the configured credentials.  Throws Failure.
    virtual Token login(const CallContext &call) = 0;

    // Renews with a refresh token.  A rejected refresh token is a Failure
    // with code auth_failed; the engine then falls back to login().
    virtual Token refresh(const Secret &refresh_token, const CallContext &call);

    // Revokes the token server-side; true when the server confirmed it.
    virtual bool revoke(const Token &token, const CallContext &call);

    // The header line that carries the credential (default: RFC 6750
    // "Authorization: Bearer <token>"), or an empty Secret for none.
    virtual Secret credential_header(const Token &token) const;

    // Adds a credential the URL carries (api_key_query); default none.
    virtual void add_credential_to_url(RequestUrl &url) const;

    // Both of the above, onto a request built per call.
    void authorize(HttpRequest &request, const Token &token) const;

    // Whether tokens expire and can be renewed (false: fixed credentials).
    virtual bool issues_tokens() const { return true; }

    virtual std::string default_graphql_path() const { return "/graphql"; }

    // Everything that makes this profile's tokens differ from another
    // configuration's, the credential included: the token_cache key is its
    // SHA-256.  The caller wipes it.
    virtual std::string cache_identity() const;

    // Takes over what a token from the cache says about client authentication.
    void adopt(const Token &token) {
        if (token.client_auth) client_auth_.adopt(*token.client_auth);
    }

protected:
    // A token obtained from `response` of a token endpoint this session
    // authenticated at; remembers the client authentication that worked.
    Token token_from(const HttpResponse &response) const;
    std::string grant_name() const;

    const Config &config_;
    HttpTransport &http_;
    ClientAuthenticator client_auth_;
};

std::unique_ptr<AuthProfile> make_xmc_profile(const Config &config, HttpTransport &http);
std::unique_ptr<AuthProfile> make_xiq_profile(const Config &config, HttpTransport &http);
std::unique_ptr<AuthProfile> make_oauth2_profile(const Config &config, HttpTransport &http);
std::unique_ptr<AuthProfile> make_fixed_profile(const Config &config, HttpTransport &http);

std::unique_ptr<AuthProfile> make_profile(const Config &config, HttpTransport &http);

}  // namespace extapi
