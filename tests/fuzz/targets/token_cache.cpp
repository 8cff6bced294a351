// libFuzzer target: the token cache file (TokenCache::load on a fuzzed
// file in a private temporary directory).  Every "@KEY@" in the input is
// replaced by this cache's entry key (learnt once from a store(), so the
// target follows however the key is derived) so that the fuzzer reaches
// the entry parser.
// Invariants: load never throws nor hangs; a token has a non-empty access
// token; its expiry fields are consistent (renewal not after expiry); a
// store() of it and a load() back give the same access token; the file is
// then a valid JSON document with mode 0600.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>

#include "fuzz_common.hpp"
#include "token_cache.hpp"

namespace {

std::string g_dir, g_path, g_key;
const char kIdentity[] = "oauth2\nhttps://127.0.0.1:1/token\nfuzz-client";

std::string read_file(const std::string &path) {
    std::ifstream f(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
}

void write_file(const std::string &path, const std::string &text) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << text;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
    char tmpl[] = "/tmp/extapi-fuzz-cache.XXXXXX";
    if (!mkdtemp(tmpl)) std::abort();
    g_dir = tmpl;
    g_path = g_dir + "/cache.json";
    extapi::Token token;
    token.access = extapi::Secret("probe");
    extapi::TokenCache(g_path, kIdentity, 60).store(token);
    cJSON *doc = cJSON_Parse(read_file(g_path).c_str());
    const cJSON *entries = cJSON_GetObjectItemCaseSensitive(doc, "entries");
    if (!entries || !entries->child || !entries->child->string) std::abort();
    g_key = entries->child->string;
    cJSON_Delete(doc);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    std::string text(reinterpret_cast<const char *>(data), size);
    for (size_t at; (at = text.find("@KEY@")) != std::string::npos;) text.replace(at, 5, g_key);
    unlink(g_path.c_str());
    write_file(g_path, text);
    extapi::TokenCache cache(g_path, kIdentity, 60);
    std::optional<extapi::Token> token = cache.load();
    if (token) {
        FUZZ_CHECK(!token->access.empty(), text);
        if (token->has_expiry) FUZZ_CHECK(token->renew_at <= token->expires_mono, text);
        cache.store(*token);
        std::optional<extapi::Token> again = cache.load();
        FUZZ_CHECK(again && again->access == token->access, text);
        const std::string written = read_file(g_path);
        FUZZ_CHECK(fuzz::parses_back(written), written);
        struct stat st {};
        FUZZ_CHECK(stat(g_path.c_str(), &st) == 0 && (st.st_mode & 0777) == 0600, text);
    }
    return 0;
}
