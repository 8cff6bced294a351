// How the OAuth client authenticates at token and revocation endpoints
// (SPEC "client_auth"): raw or form-encoded HTTP Basic, or the form body;
// `auto` sends raw Basic and falls back to form-encoded Basic once, then
// keeps whichever style the server accepted.
#pragma once

#include <atomic>
#include <optional>
#include <string>

#include "call_context.hpp"
#include "config.hpp"
#include "http_transport.hpp"
#include "token_endpoint.hpp"

namespace extapi {

class ClientAuthenticator {
public:
    explicit ClientAuthenticator(const Config &config);

    // POSTs `fields` as a form to `url`, authenticated as the client.
    // Throws what HttpTransport::send throws.
    HttpResponse post_form(HttpTransport &http, const std::string &url, const FormFields &fields, EndpointKind kind,
                           const CallContext &call);

    // The style `auto` settled on, once it has (for the token cache).
    std::optional<ClientAuth> learned() const;

    // Takes over a style learned earlier (by another process, through the
    // token cache); ignored unless the configuration says `auto`.
    void adopt(ClientAuth style);

private:
    HttpRequest build(const std::string &url, FormFields fields, ClientAuth style, EndpointKind kind) const;
    bool form_encoding_changes_credentials() const;

    const Config &config_;
    std::atomic<ClientAuth> style_;  // as configured, or what `auto` learned
};

}  // namespace extapi
