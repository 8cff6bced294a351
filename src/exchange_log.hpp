// The last exchanges with the server, for ext_session_info: enough to say
// "401 invalid_client from the token endpoint after raw Basic" in the field,
// and nothing secret (no query string, no header, no body).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "json.hpp"

namespace extapi {

enum class EndpointKind { Api, Token, Revoke };

// Fixed-size, so that logging an exchange allocates nothing.
struct Exchange {
    int64_t at_ms = 0;  // wall-clock Unix time when it started
    char method[8] = "";
    char url[104] = "";  // without query or fragment (cut at 103 bytes)
    EndpointKind kind = EndpointKind::Api;
    long status = 0;  // 0: no answer (see error)
    int64_t duration_ms = 0;
    const char *reason = nullptr;       // why it was sent again, if it was
    const char *client_auth = nullptr;  // the client authentication used
    const char *error = nullptr;        // the error code when no answer came

    void set_method(const std::string &name);
    void set_url(const std::string &full_url);  // drops the query: it may carry an API key
};

// Writers take a slot with one atomic increment and lock only that slot, so
// concurrent calls do not wait for each other.
class ExchangeLog {
public:
    static constexpr size_t kCapacity = 32;

    ExchangeLog() = default;
    ~ExchangeLog();
    ExchangeLog(const ExchangeLog &) = delete;
    ExchangeLog &operator=(const ExchangeLog &) = delete;

    // Never throws: when memory is short, the exchange goes unrecorded.
    void record(const Exchange &exchange) noexcept;

    // The recorded exchanges, oldest first, as a JSON array.
    JsonPtr to_json() const;

private:
    // A slot is guarded by a one-byte spin lock rather than a mutex: the
    // log lives in every session (an idle one should stay small), and a
    // slot is held only for a copy of ~150 bytes.
    struct Slot {
        mutable std::atomic_flag busy = ATOMIC_FLAG_INIT;
        uint64_t sequence = 0;  // 0: never written
        Exchange exchange;
    };
    // Slots come in chunks allocated when first written: an idle session
    // that made its first call (a token request and an API call) holds one
    // chunk of two slots (368 bytes), not all 32.
    static constexpr size_t kChunkSlots = 2;
    struct Chunk {
        std::array<Slot, kChunkSlots> slots;
    };
    class SlotGuard;
    Slot *slot_for(uint64_t sequence) noexcept;

    std::array<std::atomic<Chunk *>, kCapacity / kChunkSlots> chunks_{};
    std::atomic<uint64_t> written_{0};
};

}  // namespace extapi
