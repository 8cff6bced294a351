#include "state.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace emu {

Config State::config() const {
    std::lock_guard<std::mutex> lock(mu_);
    return config_;
}

bool State::merge_config(const cJSON *patch, std::string &error) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!config_merge(config_, patch, error)) return false;
    // A new limit, window or header style starts a fresh window, so tests get
    // exact counts.
    if (json_member(patch, "quota_limit") || json_member(patch, "quota_window_s") ||
        json_member(patch, "rate_limit_headers"))
        quota_.reset();
    return true;
}

void State::reset() {
    std::lock_guard<std::mutex> lock(mu_);
    config_ = Config();
    counters_.clear();
    last_requests_.clear();
    client_ports_.clear();
    tokens_.clear();
    faults_.clear();
    quota_.reset();
}

double State::server_now() const {
    std::lock_guard<std::mutex> lock(mu_);
    return server_now_locked();
}

double State::server_now_locked() const {
    using namespace std::chrono;
    double real = duration_cast<duration<double>>(system_clock::now().time_since_epoch()).count();
    return real + static_cast<double>(config_.date_skew_s);
}

void State::count(const std::string &name, const RecordedRequest &req) {
    std::lock_guard<std::mutex> lock(mu_);
    ++counters_[name];
    last_requests_[name] = req;
}

void State::note_connection(int remote_port) {
    std::lock_guard<std::mutex> lock(mu_);
    if (client_ports_.insert(remote_port).second) ++counters_["connections"];
}

std::map<std::string, long> State::counters() const {
    std::lock_guard<std::mutex> lock(mu_);
    return counters_;
}

std::optional<RecordedRequest> State::last_request(const std::string &name) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = last_requests_.find(name);
    if (it == last_requests_.end()) return std::nullopt;
    return it->second;
}

unsigned long State::new_grant_id() {
    std::lock_guard<std::mutex> lock(mu_);
    return next_grant_id_++;
}

void State::store_token(const std::string &value, const Token &token) {
    std::lock_guard<std::mutex> lock(mu_);
    tokens_[value] = token;
}

std::optional<Token> State::valid_token(const std::string &value, TokenKind kind) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = tokens_.find(value);
    if (it == tokens_.end()) return std::nullopt;
    const Token &t = it->second;
    if (t.kind != kind || t.revoked || server_now_locked() >= t.expires_at) return std::nullopt;
    return t;
}

void State::revoke_token(const std::string &value) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = tokens_.find(value);
    if (it != tokens_.end()) it->second.revoked = true;
}

std::optional<Token> State::take_refresh_token(const std::string &value, const std::string &client_id, bool rotate) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = tokens_.find(value);
    if (it == tokens_.end()) return std::nullopt;
    Token &t = it->second;
    if (t.kind != TokenKind::Refresh || t.revoked || t.client_id != client_id) return std::nullopt;
    Token taken = t;
    if (rotate) t.revoked = true;
    return taken;
}

void State::revoke_for_client(const std::string &value, const std::string &client_id) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = tokens_.find(value);
    if (it == tokens_.end() || it->second.client_id != client_id) return;
    if (it->second.kind == TokenKind::Access) {
        it->second.revoked = true;
        return;
    }
    unsigned long grant = it->second.grant_id;
    for (auto &entry : tokens_)
        if (entry.second.grant_id == grant) entry.second.revoked = true;
}

void State::add_fault(const FaultSpec &fault) {
    std::lock_guard<std::mutex> lock(mu_);
    faults_.push_back(fault);
}

std::optional<FaultSpec> State::take_fault(const std::string &method, const std::string &path) {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = faults_.begin(); it != faults_.end(); ++it) {
        if (!it->matches(method, path)) continue;
        FaultSpec taken = *it;
        if (--it->count <= 0) faults_.erase(it);
        return taken;
    }
    return std::nullopt;
}

QuotaStatus State::quota_take(bool enforced) {
    std::lock_guard<std::mutex> lock(mu_);
    return quota_.take(config_, std::chrono::steady_clock::now(), enforced);
}

bool State::sleep_ms(long long ms) {
    std::unique_lock<std::mutex> lock(mu_);
    return !stop_cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_; });
}

void State::request_stop() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stopping_ = true;
    }
    stop_cv_.notify_all();
}

bool State::stopping() const {
    std::lock_guard<std::mutex> lock(mu_);
    return stopping_;
}

}  // namespace emu
