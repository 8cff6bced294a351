#include "token_cache.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <ctime>
#include <cstdio>
#include <cstring>

#include "json.hpp"

namespace extapi {

namespace {

const char kFormat[] = "libextapi-token-cache";
constexpr int kVersion = 1;
constexpr size_t kMaxCacheFileBytes = 4 * 1024 * 1024;

std::string sha256_hex(const std::string &text) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr)) throw std::bad_alloc();
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out.push_back(hex[digest[i] >> 4]);
        out.push_back(hex[digest[i] & 15]);
    }
    return out;
}

// What is at the cache path.
enum class FileState { Absent, Ours, Foreign };

struct OwnFile {
    FileState state = FileState::Absent;
    std::optional<std::string> contents;  // of ours, when readable and not too large
};

// O_NONBLOCK: a FIFO planted at the path must not block the call; it is
// then simply not ours.  A file of ours that others may read is made
// private (0600) on the way.
OwnFile read_own_file(const std::string &path) {
    OwnFile file;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) {
        file.state = errno == ENOENT ? FileState::Absent : FileState::Foreign;
        return file;
    }
    struct stat st {};
    const bool ours = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid();
    file.state = ours ? FileState::Ours : FileState::Foreign;
    if (ours && (st.st_mode & 077)) fchmod(fd, 0600);
    if (ours && size_t(st.st_size) <= kMaxCacheFileBytes) {
        std::string data(size_t(st.st_size), '\0');
        ssize_t n = ::read(fd, &data[0], data.size());
        if (n == st.st_size)
            file.contents = std::move(data);
        else
            wipe(data);
    }
    ::close(fd);
    return file;
}

bool is_cache_document(const cJSON *doc) {
    auto format = string_member(doc, "format");
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(doc, "version");
    return cJSON_IsObject(doc) && format && *format == kFormat && cJSON_IsNumber(version) &&
           version->valueint == kVersion && cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(doc, "entries"));
}

SensitiveJsonPtr fresh_document() {
    SensitiveJsonPtr doc(checked(cJSON_CreateObject()).release());
    add_item(doc.get(), "format", checked(cJSON_CreateString(kFormat)));
    add_item(doc.get(), "version", checked(cJSON_CreateNumber(kVersion)));
    add_item(doc.get(), "entries", checked(cJSON_CreateObject()));
    return doc;
}

// The document currently in the file: ours; a fresh one when the file is
// absent, or ours but empty, corrupt or oversized (repaired on the next
// write, so that a logout can still remove its token); nothing when it is
// someone else's (never overwritten) or another program's JSON.
SensitiveJsonPtr current_document(const std::string &path) {
    OwnFile file = read_own_file(path);
    if (file.state == FileState::Foreign) return nullptr;
    if (!file.contents) return fresh_document();
    SensitiveJsonPtr doc(parse_json(*file.contents).release());
    wipe(*file.contents);
    if (is_cache_document(doc.get())) return doc;
    return doc ? nullptr : fresh_document();  // valid JSON of another format: not ours to replace
}

// Lifetimes from the file are checked before use: a hostile or damaged
// file must not yield an absurd expiry (or overflow the clock arithmetic).
bool plausible_expiry(double issued_at, double expires_at) {
    const double now = double(std::time(nullptr));
    return std::isfinite(issued_at) && std::isfinite(expires_at) && issued_at > 0 && issued_at <= now + 300 &&
           expires_at > issued_at && expires_at - issued_at <= double(kMaxLifetimeS);
}

JsonPtr entry_for(const Token &token) {
    JsonPtr entry = checked(cJSON_CreateObject());
    add_item(entry.get(), "access_token", checked(cJSON_CreateString(token.access.c_str())));
    if (!token.refresh.empty())
        add_item(entry.get(), "refresh_token", checked(cJSON_CreateString(token.refresh.c_str())));
    add_item(entry.get(), "token_type", checked(cJSON_CreateString(token.type.c_str())));
    if (token.scope) add_item(entry.get(), "scope", checked(cJSON_CreateString(token.scope->c_str())));
    add_item(entry.get(), "issued_at", checked(cJSON_CreateNumber(double(token.issued_at_wall))));
    if (token.has_expiry)
        add_item(entry.get(), "expires_at", checked(cJSON_CreateNumber(double(token.expires_at_wall))));
    if (token.client_auth)
        add_item(entry.get(), "client_auth", checked(cJSON_CreateString(client_auth_name(*token.client_auth))));
    return entry;
}

bool write_all(int fd, const std::string &data) {
    size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += size_t(n);
    }
    return true;
}

// Writes a sibling temporary file and renames it over the target, so a
// reader sees either the old or the new file, never half of one.
void replace_file(const std::string &path, const std::string &data) {
    unsigned char random[8];
    if (RAND_bytes(random, sizeof random) != 1) return;
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, ".tmp.%02x%02x%02x%02x%02x%02x%02x%02x", random[0], random[1], random[2],
                  random[3], random[4], random[5], random[6], random[7]);
    const std::string temporary = path + suffix;
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return;
    const bool written = write_all(fd, data) && ::fsync(fd) == 0;
    ::close(fd);
    if (!written || ::rename(temporary.c_str(), path.c_str()) != 0) ::unlink(temporary.c_str());
}

}  // namespace

// Tries for at most half the call's remaining budget (and 5 s): a stopped
// peer, or another user holding the lock in a shared directory, costs one
// wait, and the call still has the time to renew without the cache.
TokenCache::Lock::Lock(const TokenCache &cache, const CallContext &call) {
    constexpr Millis kPoll{20}, kMaxWait{5000};
    const auto give_up = MonoClock::now() + std::min(kMaxWait, call.remaining(kMaxWait * 2) / 2);
    const std::string lock_path = cache.path_ + ".lock";
    fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
    if (fd_ < 0) return;
    struct stat st {};
    if (fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid()) return;  // not ours to trust
    for (;;) {
        if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) {
            held_ = true;
            return;
        }
        if (errno != EWOULDBLOCK && errno != EINTR) return;
        if (MonoClock::now() + kPoll >= give_up) return;
        call.sleep(kPoll);
    }
}

TokenCache::Lock::~Lock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

TokenCache::TokenCache(std::string path, const std::string &identity, int64_t leeway_s)
    : path_(std::move(path)), key_(sha256_hex(identity)), leeway_s_(leeway_s) {}

std::optional<Token> TokenCache::load() const {
    SensitiveJsonPtr doc = current_document(path_);
    if (!doc) return std::nullopt;
    const cJSON *entry =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc.get(), "entries"), key_.c_str());
    auto access = string_member(entry, "access_token");
    const cJSON *issued = cJSON_GetObjectItemCaseSensitive(entry, "issued_at");
    const cJSON *expires = cJSON_GetObjectItemCaseSensitive(entry, "expires_at");
    if (!access || access->empty() || !cJSON_IsNumber(issued)) return std::nullopt;
    // Whole seconds, as a Token keeps them: what is checked is what is used
    // (an issued_at of 0.7 would pass, become 0, and be refused once stored).
    const double issued_at = std::floor(issued->valuedouble);
    const double expires_at = cJSON_IsNumber(expires) ? std::floor(expires->valuedouble) : issued_at + 1;
    if (!plausible_expiry(issued_at, expires_at)) return std::nullopt;

    Token token;
    token.access = Secret(std::move(*access));
    if (auto refresh = string_member(entry, "refresh_token")) token.refresh = Secret(std::move(*refresh));
    token.type = string_member(entry, "token_type").value_or("Bearer");
    token.scope = string_member(entry, "scope");
    const std::string client_auth = string_member(entry, "client_auth").value_or("");
    if (client_auth == client_auth_name(ClientAuth::BasicRaw)) token.client_auth = ClientAuth::BasicRaw;
    if (client_auth == client_auth_name(ClientAuth::BasicForm)) token.client_auth = ClientAuth::BasicForm;
    if (cJSON_IsNumber(expires)) {
        set_expiry(token, int64_t(issued_at), int64_t(expires_at), leeway_s_);
    } else {
        token.issued_at_wall = int64_t(issued_at);
    }
    return token;
}

void TokenCache::rewrite(const Token *token) const {
    SensitiveJsonPtr doc = current_document(path_);
    if (!doc) return;
    cJSON *entries = cJSON_GetObjectItemCaseSensitive(doc.get(), "entries");
    SensitiveJsonPtr old_entry(cJSON_DetachItemFromObjectCaseSensitive(entries, key_.c_str()));
    if (token) add_item(entries, key_.c_str(), entry_for(*token));
    std::string text = print_sensitive_json(doc.get());
    replace_file(path_, text);
    wipe(text);
}

void TokenCache::store(const Token &token) const { rewrite(&token); }

void TokenCache::remove() const { rewrite(nullptr); }

}  // namespace extapi
