// Generic OAuth 2.0 (RFC 6749): client-credentials or password grant,
// refresh-token grant, and RFC 7009 revocation when revoke_url is set.
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

    Token login() override {
        FormFields fields;
        if (config_.grant_type == GrantType::Password) {
            fields = {{"grant_type", &kGrantPassword},
                      {"username", &config_.username},
                      {"password", &config_.password.reveal()}};
        } else {
            fields = {{"grant_type", &kGrantClientCredentials}};
        }
        if (config_.scope) fields.emplace_back("scope", &*config_.scope);
        return request_token(fields);
    }

    Token refresh(const Secret &refresh_token) override {
        // RFC 6749 §6: without a scope the new token keeps the original one.
        Token token = request_token({{"grant_type", &kGrantRefreshToken}, {"refresh_token", &refresh_token.reveal()}});
        if (token.refresh.empty()) token.refresh = refresh_token;  // not rotated: still valid
        return token;
    }

    bool revoke(const Token &token) override {
        if (!config_.revoke_url) return false;
        // Revoking the refresh token first also ends its access tokens on
        // servers that link them (RFC 7009 §2.1); the access token follows
        // for servers that do not.
        bool revoked = true;
        if (!token.refresh.empty()) revoked &= revoke_one(token.refresh, kHintRefreshToken);
        revoked &= revoke_one(token.access, kHintAccessToken);
        return revoked;
    }

private:
    std::string token_url() const { return endpoint_url(config_.base_url, config_.token_url.value_or("/oauth2/token")); }

    Token request_token(const FormFields &fields) {
        HttpRequest request = token_request(config_, token_url(), fields, config_.client_auth);
        return token_from_response(http_.send(request), config_, config_.scope);
    }

    bool revoke_one(const Secret &value, const std::string &hint) {
        FormFields fields{{"token", &value.reveal()}, {"token_type_hint", &hint}};
        HttpRequest request =
            token_request(config_, endpoint_url(config_.base_url, *config_.revoke_url), fields, config_.client_auth);
        HttpResponse response = http_.send(request);
        if (response.status != 200) throw_endpoint_failure(response, "the revocation endpoint");
        return true;
    }
};

}  // namespace

std::unique_ptr<AuthProfile> make_oauth2_profile(const Config &config, HttpTransport &http) {
    return std::make_unique<OAuth2Profile>(config, http);
}

}  // namespace extapi
