// basic, bearer and apikey: a fixed credential on every request.  There is
// no token to obtain; "login" only confirms the configuration.
#include "profile.hpp"
#include "token_endpoint.hpp"
#include "url.hpp"

namespace extapi {

namespace {

class FixedCredentialProfile : public AuthProfile {
public:
    using AuthProfile::AuthProfile;

    Token login(const CallContext &) override {
        Token token;
        token.renewable = false;
        token.type = config_.profile == Profile::Basic ? "Basic" : config_.profile == Profile::Bearer ? "Bearer" : "ApiKey";
        return token;
    }

    void authorize(HttpRequest &request, const Token &) const override {
        switch (config_.profile) {
        case Profile::Basic:
            request.headers.push_back(basic_authorization(config_.username, config_.password.reveal(), false));
            break;
        case Profile::Bearer:
            request.headers.emplace_back("Authorization: Bearer " + config_.token.reveal());
            break;
        default:
            if (config_.api_key_query) request.url = append_query(request.url, *config_.api_key_query, config_.api_key.reveal());
            else request.headers.emplace_back(config_.api_key_header + ": " + config_.api_key.reveal());
            break;
        }
    }

    bool issues_tokens() const override { return false; }
};

}  // namespace

std::unique_ptr<AuthProfile> make_fixed_profile(const Config &config, HttpTransport &http) {
    return std::make_unique<FixedCredentialProfile>(config, http);
}

}  // namespace extapi
