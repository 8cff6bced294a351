// basic, bearer and apikey: a fixed credential on every request.  There is
// no token to obtain; "login" only confirms the configuration.
#include "authorization.hpp"
#include "profile.hpp"
#include "url.hpp"

namespace extapi {

namespace {

class FixedCredentialProfile : public AuthProfile {
public:
    using AuthProfile::AuthProfile;

    Token login(const CallContext &) override {
        Token token;
        token.type = config_.profile == Profile::Basic    ? "Basic"
                     : config_.profile == Profile::Bearer ? "Bearer"
                                                          : "ApiKey";
        return token;
    }

    Secret credential_header(const Token &) const override {
        switch (config_.profile) {
        case Profile::Basic: return basic_authorization(config_.username, config_.password.reveal(), false);
        case Profile::Bearer: return bearer_authorization(config_.token);
        default:
            if (config_.api_key_query) return Secret();
            return Secret::joined({config_.api_key_header, ": ", config_.api_key.reveal()});
        }
    }

    void add_credential_to_url(RequestUrl &url) const override {
        if (config_.profile == Profile::ApiKey && config_.api_key_query)
            url = append_query(url.str(), *config_.api_key_query, config_.api_key.reveal());
    }

    bool issues_tokens() const override { return false; }
};

}  // namespace

std::unique_ptr<AuthProfile> make_fixed_profile(const Config &config, HttpTransport &http) {
    return std::make_unique<FixedCredentialProfile>(config, http);
}

}  // namespace extapi
