// Everything the emulator remembers between requests: configuration,
// counters, recorded requests, issued tokens, queued faults and the quota
// window.  One mutex guards it all; the server runs many handler threads.
#pragma once

#include "config.hpp"
#include "fault_spec.hpp"
#include "quota.hpp"

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace emu {

struct RecordedRequest {
    std::string method;
    std::string path;
    std::string query;                                         // raw, without '?'
    std::vector<std::pair<std::string, std::string>> headers;  // lower-case names
    std::string body;
};

enum class TokenKind { Access, Refresh };

struct Token {
    TokenKind kind = TokenKind::Access;
    std::string issuer;     // "xmc", "xiq" or "oauth2"
    std::string client_id;  // the OAuth client it was issued to, if any
    std::string subject;    // the user, if any
    std::string scope;
    std::string tenant_id;       // MSX switch-tenant grants
    unsigned long grant_id = 0;  // tokens from one grant (and its refreshes)
    double expires_at = 0;       // server clock; refresh tokens never expire
    bool revoked = false;
};

class State {
public:
    Config config() const;
    bool merge_config(const cJSON *patch, std::string &error);
    void reset();

    // Real time shifted by date_skew_s, in seconds.
    double server_now() const;

    void count(const std::string &name, const RecordedRequest &req);
    // A counted request came on the client connection from remote_port:
    // counter `connections` is the number of distinct ones since the reset.
    void note_connection(int remote_port);
    std::map<std::string, long> counters() const;
    std::optional<RecordedRequest> last_request(const std::string &name) const;

    unsigned long new_grant_id();
    void store_token(const std::string &value, const Token &token);
    // The token if it is of that kind, unexpired and unrevoked.
    std::optional<Token> valid_token(const std::string &value, TokenKind kind) const;
    void revoke_token(const std::string &value);
    // Checks a refresh token for client_id and, when rotating, invalidates it
    // in the same step so that two concurrent refreshes cannot both win.
    std::optional<Token> take_refresh_token(const std::string &value, const std::string &client_id, bool rotate);
    // RFC 7009: revoking a refresh token revokes its whole grant.
    void revoke_for_client(const std::string &value, const std::string &client_id);

    void add_fault(const FaultSpec &fault);
    std::optional<FaultSpec> take_fault(const std::string &method, const std::string &path);

    // One request against the quota window (see QuotaWindow::take).
    QuotaStatus quota_take(bool enforced);

    // Sleeps unless the emulator is stopping; false when cut short.
    bool sleep_ms(long long ms);
    void request_stop();
    bool stopping() const;

private:
    double server_now_locked() const;

    mutable std::mutex mu_;
    std::condition_variable stop_cv_;
    bool stopping_ = false;

    Config config_;
    std::map<std::string, long> counters_;
    std::map<std::string, RecordedRequest> last_requests_;
    std::set<int> client_ports_;  // of the connections counted
    std::map<std::string, Token> tokens_;
    std::vector<FaultSpec> faults_;
    unsigned long next_grant_id_ = 1;
    QuotaWindow quota_;
};

}  // namespace emu
