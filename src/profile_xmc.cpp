// XMC / Site Engine northbound interface: OAuth 2.0 client credentials with
// HTTP Basic at /oauth/token/access-token, then GraphQL at /nbi/graphql.
#include "profile.hpp"
#include "token_endpoint.hpp"
#include "url.hpp"

namespace extapi {

namespace {

const std::string kGrantClientCredentials = "client_credentials";

class XmcProfile : public AuthProfile {
public:
    using AuthProfile::AuthProfile;

    Token login() override {
        const std::string url = endpoint_url(
            config_.base_url, config_.token_url.value_or("/oauth/token/access-token?grant_type=client_credentials"));
        FormFields fields{{"grant_type", &kGrantClientCredentials}};
        if (config_.scope) fields.emplace_back("scope", &*config_.scope);
        HttpRequest request = token_request(config_, url, fields, ClientAuth::Basic);
        return token_from_response(http_.send(request), config_, config_.scope);
    }

    std::string default_graphql_path() const override { return "/nbi/graphql"; }
};

}  // namespace

std::unique_ptr<AuthProfile> make_xmc_profile(const Config &config, HttpTransport &http) {
    return std::make_unique<XmcProfile>(config, http);
}

}  // namespace extapi
