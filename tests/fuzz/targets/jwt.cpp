// libFuzzer target: JWT exp extraction (jwt_seconds_left).  The first line
// is the server's Date as Unix time (empty: our clock); the rest is the
// token, or, when it starts with '{', a claims object that is put into a
// JWT (header.base64url(claims).signature) so that the fuzzer reaches the
// claims parser at once.
// Invariants: no crash or UB (absurd, fractional, negative, huge exp);
// a result is within [0, one year] (kMaxLifetimeS) and only when the
// token has three dot-separated parts.
#include <cstdint>

#include "base64.hpp"
#include "fuzz_common.hpp"
#include "token.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    std::string_view in(reinterpret_cast<const char *>(data), size);
    const size_t nl = in.find('\n');
    int64_t date = 0;
    if (nl != std::string_view::npos) {
        bool negative = nl > 0 && in[0] == '-';
        for (size_t i = negative; i < nl && i < 18; ++i)
            if (in[i] >= '0' && in[i] <= '9') date = date * 10 + (in[i] - '0');
        if (negative) date = -date;
        in.remove_prefix(nl + 1);
    }
    std::string token;
    if (!in.empty() && in.front() == '{') {
        std::string b64 = extapi::base64_encode(in);
        for (char &c : b64) c = c == '+' ? '-' : c == '/' ? '_' : c;
        while (!b64.empty() && b64.back() == '=') b64.pop_back();
        token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + b64 + ".c2lnbmF0dXJl";
    } else {
        token.assign(in.data(), in.size());
    }
    auto left = extapi::jwt_seconds_left(token, date);
    if (left) {
        FUZZ_CHECK(*left >= 0 && *left <= extapi::kMaxLifetimeS, std::to_string(*left));
        const size_t first = token.find('.');
        FUZZ_CHECK(first != std::string::npos && token.find('.', first + 1) != std::string::npos, token);
    }
    return 0;
}
