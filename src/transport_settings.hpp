// What a libcurl handle is configured with once, before its first
// transfer: the part of a session's configuration that decides which
// connections it may use.  Sessions with equal settings share one
// HandlePool (see pool_registry.hpp); everything else about a transfer
// (URL, headers, timeouts, size limit, callbacks' data) is set per transfer.
#pragma once

#include <optional>
#include <string>

#include "config.hpp"

namespace extapi {

struct TransportSettings {
    bool verify_tls = true;
    std::optional<std::string> ca_file;
    std::optional<std::string> client_cert;
    std::optional<std::string> client_key;
    std::optional<std::string> proxy;
    // A plain-http session without allow_http (loopback): environment
    // proxies are turned off, as they would see its credentials in clear.
    bool plain_http_without_consent = false;

    bool operator==(const TransportSettings &other) const {
        return verify_tls == other.verify_tls && ca_file == other.ca_file && client_cert == other.client_cert &&
               client_key == other.client_key && proxy == other.proxy &&
               plain_http_without_consent == other.plain_http_without_consent;
    }
    bool operator!=(const TransportSettings &other) const { return !(*this == other); }
};

inline TransportSettings transport_settings_of(const Config &config) {
    return {config.verify_tls, config.ca_file, config.client_cert,
            config.client_key, config.proxy,   !config.allow_http && config.base_url.rfind("http:", 0) == 0};
}

}  // namespace extapi
