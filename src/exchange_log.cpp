#include "exchange_log.hpp"

#include <algorithm>
#include <cstring>
#include <new>
#include <thread>

namespace extapi {

namespace {

const char *kind_name(EndpointKind kind) {
    switch (kind) {
    case EndpointKind::Api: return "api";
    case EndpointKind::Token: return "token";
    case EndpointKind::Revoke: return "revoke";
    }
    return "api";
}

JsonPtr string_or_null(const char *value) { return checked(value ? cJSON_CreateString(value) : cJSON_CreateNull()); }

JsonPtr exchange_json(const Exchange &e) {
    JsonPtr item = checked(cJSON_CreateObject());
    add_item(item.get(), "at_ms", checked(cJSON_CreateNumber(double(e.at_ms))));
    add_item(item.get(), "method", checked(cJSON_CreateString(e.method)));
    add_item(item.get(), "url", checked(cJSON_CreateString(e.url)));
    add_item(item.get(), "endpoint", checked(cJSON_CreateString(kind_name(e.kind))));
    add_item(item.get(), "status", checked(cJSON_CreateNumber(double(e.status))));
    add_item(item.get(), "duration_ms", checked(cJSON_CreateNumber(double(e.duration_ms))));
    add_item(item.get(), "reason", string_or_null(e.reason));
    add_item(item.get(), "client_auth", string_or_null(e.client_auth));
    add_item(item.get(), "error", string_or_null(e.error));
    return item;
}

void copy_cut(char *out, size_t size, const std::string &text, size_t length) {
    const size_t n = std::min(length, size - 1);
    std::memcpy(out, text.data(), n);
    out[n] = '\0';
}

}  // namespace

void Exchange::set_method(const std::string &name) { copy_cut(method, sizeof method, name, name.size()); }

void Exchange::set_url(const std::string &full_url) {
    copy_cut(url, sizeof url, full_url, std::min(full_url.find_first_of("?#"), full_url.size()));
}

class ExchangeLog::SlotGuard {
public:
    explicit SlotGuard(const Slot &slot) : slot_(slot) {
        while (slot_.busy.test_and_set(std::memory_order_acquire)) std::this_thread::yield();
    }
    ~SlotGuard() { slot_.busy.clear(std::memory_order_release); }

private:
    const Slot &slot_;
};

ExchangeLog::~ExchangeLog() {
    for (auto &chunk : chunks_) delete chunk.load();
}

// The slot of an exchange, its chunk allocated by the first writer to need
// it (another writer that raced to it frees its own); null without memory.
ExchangeLog::Slot *ExchangeLog::slot_for(uint64_t sequence) noexcept {
    const size_t index = (sequence - 1) % kCapacity;  // the first exchange is 1: in the first chunk
    std::atomic<Chunk *> &chunk = chunks_[index / kChunkSlots];
    Chunk *present = chunk.load(std::memory_order_acquire);
    if (!present) {
        Chunk *fresh = new (std::nothrow) Chunk;
        if (!fresh) return nullptr;
        if (chunk.compare_exchange_strong(present, fresh, std::memory_order_acq_rel))
            present = fresh;
        else
            delete fresh;
    }
    return &present->slots[index % kChunkSlots];
}

void ExchangeLog::record(const Exchange &exchange) noexcept {
    const uint64_t sequence = ++written_;
    Slot *slot = slot_for(sequence);
    if (!slot) return;
    SlotGuard guard(*slot);
    if (sequence < slot->sequence) return;  // a later exchange got there first
    slot->sequence = sequence;
    slot->exchange = exchange;
}

JsonPtr ExchangeLog::to_json() const {
    std::array<std::pair<uint64_t, Exchange>, kCapacity> copies;
    size_t count = 0;
    for (const auto &chunk : chunks_) {
        const Chunk *present = chunk.load(std::memory_order_acquire);
        if (!present) continue;
        for (const Slot &slot : present->slots) {
            SlotGuard guard(slot);
            if (slot.sequence) copies[count++] = {slot.sequence, slot.exchange};
        }
    }
    std::sort(copies.begin(), copies.begin() + long(count),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    JsonPtr list = checked(cJSON_CreateArray());
    for (size_t i = 0; i < count; ++i) {
        JsonPtr item = exchange_json(copies[i].second);
        if (!cJSON_AddItemToArray(list.get(), item.get())) throw std::bad_alloc();
        item.release();
    }
    return list;
}

}  // namespace extapi
