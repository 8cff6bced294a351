#include "profile.hpp"

#include "authorization.hpp"
#include "error.hpp"
#include "token_endpoint.hpp"

namespace extapi {

Token AuthProfile::refresh(const Secret &, const CallContext &call) { return login(call); }

bool AuthProfile::revoke(const Token &, const CallContext &) { return false; }

Token AuthProfile::token_from(const HttpResponse &response) const {
    Token token = token_from_response(response, config_, config_.scope);
    token.client_auth = client_auth_.learned();
    return token;
}

Secret AuthProfile::credential_header(const Token &token) const { return bearer_authorization(token.access); }

void AuthProfile::add_credential_to_url(RequestUrl &) const {}

void AuthProfile::authorize(HttpRequest &request, const Token &token) const {
    Secret header = credential_header(token);
    if (!header.empty()) request.headers.push_back(std::move(header));
    add_credential_to_url(request.url);
}

std::string AuthProfile::grant_name() const {
    switch (config_.grant_type) {
    case GrantType::Password: return "password";
    case GrantType::Extension: return config_.grant_type_uri;
    case GrantType::ClientCredentials: break;
    }
    return "client";
}

std::string AuthProfile::cache_identity() const {
    std::string id;
    for (const std::string &part :
         {std::string(profile_name(config_.profile)), config_.base_url, config_.token_url.value_or(""),
          config_.client_id, config_.username, config_.scope.value_or(""), grant_name()}) {
        id += std::to_string(part.size()) + ":" + part;  // length-prefixed: no two lists collide
    }
    for (const auto &param : config_.token_params)  // an audience or a tenant makes another token
        id += std::to_string(param.first.size()) + ":" + param.first + std::to_string(param.second.size()) + ":" +
              param.second;
    // The credential too (the identity is only ever hashed): a session with
    // a wrong password must not adopt the token of one with the right one.
    for (const Secret *credential : {&config_.password, &config_.client_secret})
        id.append(std::to_string(credential->size())).append(1, ':').append(credential->reveal());
    return id;
}

std::unique_ptr<AuthProfile> make_profile(const Config &config, HttpTransport &http) {
    switch (config.profile) {
    case Profile::Xmc: return make_xmc_profile(config, http);
    case Profile::Xiq: return make_xiq_profile(config, http);
    case Profile::Oauth2: return make_oauth2_profile(config, http);
    case Profile::Basic:
    case Profile::Bearer:
    case Profile::ApiKey: return make_fixed_profile(config, http);
    }
    throw Failure(ErrorCode::Internal, "unknown profile");
}

}  // namespace extapi
