// ExtremeCloud IQ: POST /login with JSON credentials answers a JWT bearer
// token; POST /logout with that token revokes it.
#include "error.hpp"
#include "json.hpp"
#include "profile.hpp"
#include "token_endpoint.hpp"
#include "url.hpp"

namespace extapi {

namespace {

class XiqProfile : public AuthProfile {
public:
    using AuthProfile::AuthProfile;

    Token login(const CallContext &call) override {
        HttpRequest request;
        request.method = "POST";
        request.url = endpoint_url(config_.base_url, config_.login_path.value_or("/login"));
        request.kind = EndpointKind::Token;
        request.set_json_body(credentials_json());
        return token_from(http_.send(request, call));
    }

    bool revoke(const Token &token, const CallContext &call) override {
        HttpRequest request;
        request.method = "POST";
        request.url = endpoint_url(config_.base_url, config_.logout_path.value_or("/logout"));
        request.kind = EndpointKind::Revoke;
        authorize(request, token);
        HttpResponse response = http_.send(request, call);
        if (response.status == 401) return false;  // already invalid: nothing left to revoke
        if (!is_success(response)) throw_endpoint_failure(response, "the logout endpoint");
        return true;
    }

private:
    // {"username","password"} and any token_params, as JSON strings.
    std::string credentials_json() const {
        SensitiveJsonPtr body(checked(cJSON_CreateObject()).release());
        add_item(body.get(), "username", checked(cJSON_CreateString(config_.username.c_str())));
        add_item(body.get(), "password", checked(cJSON_CreateString(config_.password.c_str())));
        for (const auto &param : config_.token_params)
            add_item(body.get(), param.first.c_str(), checked(cJSON_CreateString(param.second.c_str())));
        return print_sensitive_json(body.get());
    }
};

}  // namespace

std::unique_ptr<AuthProfile> make_xiq_profile(const Config &config, HttpTransport &http) {
    return std::make_unique<XiqProfile>(config, http);
}

}  // namespace extapi
