// The token_cache file: tokens that outlive the process, shared between
// processes under a file lock, so that a script run every minute logs in
// once per token lifetime and two processes never renew at the same time.
#pragma once

#include <optional>
#include <string>

#include "call_context.hpp"
#include "token.hpp"

namespace extapi {

class TokenCache {
public:
    // `identity` is everything that makes a token differ (see
    // AuthProfile::cache_identity); the file keys entries by its SHA-256.
    TokenCache(std::string path, const std::string &identity, int64_t leeway_s);

    // An exclusive lock on "<path>.lock" shared by every process; held while
    // a token is renewed so that only one process asks the server.  Waits
    // at most the call's budget; held() says whether it was had (when not,
    // the cache is left alone for this renewal).
    class Lock {
    public:
        Lock(const TokenCache &cache, const CallContext &call);
        ~Lock();
        Lock(const Lock &) = delete;
        Lock &operator=(const Lock &) = delete;

        bool held() const { return held_; }

    private:
        int fd_ = -1;
        bool held_ = false;
    };

    // This identity's token, or nothing when the file is absent, corrupt,
    // foreign, owned by another user, or holds no entry.  Never throws on
    // file problems.
    std::optional<Token> load() const;

    // Writes (atomic replace, mode 0600) or removes this identity's entry.
    // Best effort: a cache that cannot be written is not an error.
    void store(const Token &token) const;
    void remove() const;

private:
    struct File;
    void rewrite(const Token *token) const;

    std::string path_;
    std::string key_;
    int64_t leeway_s_;
};

}  // namespace extapi
