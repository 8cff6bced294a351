#include "authorization.hpp"

#include "base64.hpp"
#include "url.hpp"

namespace extapi {

Secret bearer_authorization(const Secret &token) { return Secret::joined({"Authorization: Bearer ", token.reveal()}); }

Secret basic_authorization(std::string_view user, std::string_view password, bool form_encode_first) {
    const Secret id = form_encode_first ? Secret(percent_encode(user)) : Secret(user);
    const Secret secret = form_encode_first ? Secret(percent_encode(password)) : Secret(password);
    const Secret pair = Secret::joined({id.reveal(), ":", secret.reveal()});
    const Secret encoded(base64_encode(pair.reveal()));
    return Secret::joined({"Authorization: Basic ", encoded.reveal()});
}

}  // namespace extapi
