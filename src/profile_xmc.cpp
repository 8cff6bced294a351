// XMC / Site Engine northbound interface: OAuth 2.0 client credentials at
// /oauth/token/access-token?grant_type=client_credentials (grant_type in the
// query only, as seed 001's client sends it), then GraphQL at /nbi/graphql.
#include "profile.hpp"
#include "token_endpoint.hpp"
#include "url.hpp"

namespace extapi {

namespace {

constexpr char kDefaultTokenPath[] = "/oauth/token/access-token?grant_type=client_credentials";

class XmcProfile : public AuthProfile {
public:
    XmcProfile(const Config &config, HttpTransport &http) : AuthProfile(config, http), token_url_(token_url()) {}

    Token login(const CallContext &call) override {
        FormFields fields;
        if (config_.scope) fields.emplace_back("scope", *config_.scope);
        HttpResponse response =
            client_auth_.post_form(http_, token_url_, with_token_params(fields, config_), EndpointKind::Token, call);
        return token_from(response);
    }

    std::string default_graphql_path() const override { return "/nbi/graphql"; }

private:
    // A configured token_url without grant_type in its query gets it there.
    std::string token_url() const {
        const std::string url = endpoint_url(config_.base_url, config_.token_url.value_or(kDefaultTokenPath));
        return has_query_parameter(url, "grant_type") ? url : append_query(url, "grant_type", "client_credentials");
    }

    const std::string token_url_;
};

}  // namespace

std::unique_ptr<AuthProfile> make_xmc_profile(const Config &config, HttpTransport &http) {
    return std::make_unique<XmcProfile>(config, http);
}

}  // namespace extapi
