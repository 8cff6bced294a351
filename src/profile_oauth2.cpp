// Generic OAuth 2.0 (RFC 6749): client-credentials, password or an
// extension grant, refresh-token grant, and RFC 7009 revocation when
// revoke_url is set.
#include "error.hpp"
#include "profile.hpp"
#include "token_endpoint.hpp"
#include "url.hpp"

namespace extapi {

namespace {

const std::string kGrantClientCredentials = "client_credentials";
const std::string kGrantPassword = "password";
const std::string kGrantRefreshToken = "refresh_token";
const std::string kHintRefreshToken = "refresh_token";
const std::string kHintAccessToken = "access_token";

class OAuth2Profile : public AuthProfile {
public:
    using AuthProfile::AuthProfile;

    Token login(const CallContext &call) override {
        FormFields fields;
        switch (config_.grant_type) {
        case GrantType::Password:
            fields = {{"grant_type", kGrantPassword},
                      {"username", config_.username},
                      {"password", config_.password.reveal()}};
            break;
        case GrantType::Extension: fields = {{"grant_type", config_.grant_type_uri}}; break;
        case GrantType::ClientCredentials: fields = {{"grant_type", kGrantClientCredentials}}; break;
        }
        if (config_.scope) fields.emplace_back("scope", *config_.scope);
        return request_token(fields, call);
    }

    Token refresh(const Secret &refresh_token, const CallContext &call) override {
        // RFC 6749 §6: without a scope the new token keeps the original one.
        Token token =
            request_token({{"grant_type", kGrantRefreshToken}, {"refresh_token", refresh_token.reveal()}}, call);
        if (token.refresh.empty()) token.refresh = refresh_token;  // not rotated: still valid
        return token;
    }

    // Revoking the refresh token first also ends its access tokens on
    // servers that link them (RFC 7009 §2.1); the access token follows for
    // servers that do not, and is revoked even when the first one failed.
    bool revoke(const Token &token, const CallContext &call) override {
        if (!config_.revoke_url) return false;
        std::optional<Failure> refresh_failure;
        if (!token.refresh.empty()) {
            try {
                revoke_one(token.refresh, kHintRefreshToken, call);
            } catch (const Failure &f) {
                refresh_failure = f;
            }
        }
        const bool revoked = revoke_one(token.access, kHintAccessToken, call);
        if (refresh_failure) throw *refresh_failure;
        return revoked;
    }

private:
    std::string token_url() const {
        return endpoint_url(config_.base_url, config_.token_url.value_or("/oauth2/token"));
    }

    Token request_token(const FormFields &fields, const CallContext &call) {
        HttpResponse response =
            client_auth_.post_form(http_, token_url(), with_token_params(fields, config_), EndpointKind::Token, call);
        return token_from(response);
    }

    // True when the server confirmed; false when it does not revoke tokens
    // of this type (RFC 7009 §2.2.1 unsupported_token_type, not a failure).
    bool revoke_one(const Secret &value, const std::string &hint, const CallContext &call) {
        FormFields fields{{"token", value.reveal()}, {"token_type_hint", hint}};
        HttpResponse response = client_auth_.post_form(http_, endpoint_url(config_.base_url, *config_.revoke_url),
                                                       fields, EndpointKind::Revoke, call);
        if (is_success(response)) return true;
        if (response.status == 400 && oauth_error_code(response) == "unsupported_token_type") return false;
        throw_endpoint_failure(response, "the revocation endpoint");
    }
};

}  // namespace

std::unique_ptr<AuthProfile> make_oauth2_profile(const Config &config, HttpTransport &http) {
    return std::make_unique<OAuth2Profile>(config, http);
}

}  // namespace extapi
