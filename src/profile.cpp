#include "profile.hpp"

#include "error.hpp"

namespace extapi {

Token AuthProfile::refresh(const Secret &) { return login(); }

bool AuthProfile::revoke(const Token &) { return false; }

void AuthProfile::authorize(HttpRequest &request, const Token &token) const {
    request.headers.emplace_back("Authorization: Bearer " + token.access.reveal());
}

std::string AuthProfile::cache_identity() const {
    std::string id;
    for (const std::string &part : {std::string(profile_name(config_.profile)), config_.base_url,
                                    config_.token_url.value_or(""), config_.client_id, config_.username,
                                    config_.scope.value_or(""),
                                    std::string(config_.grant_type == GrantType::Password ? "password" : "client")}) {
        id += std::to_string(part.size()) + ":" + part;  // length-prefixed: no two lists collide
    }
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
