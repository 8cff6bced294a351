#include "exchange_log.hpp"

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

JsonPtr string_or_null(const char *value) {
    return checked(value ? cJSON_CreateString(value) : cJSON_CreateNull());
}

JsonPtr exchange_json(const Exchange &e) {
    JsonPtr item = checked(cJSON_CreateObject());
    add_item(item.get(), "at_ms", checked(cJSON_CreateNumber(double(e.at_ms))));
    add_item(item.get(), "method", checked(cJSON_CreateString(e.method.c_str())));
    add_item(item.get(), "url", checked(cJSON_CreateString(e.url.c_str())));
    add_item(item.get(), "endpoint", checked(cJSON_CreateString(kind_name(e.kind))));
    add_item(item.get(), "status", checked(cJSON_CreateNumber(double(e.status))));
    add_item(item.get(), "duration_ms", checked(cJSON_CreateNumber(double(e.duration_ms))));
    add_item(item.get(), "reason", string_or_null(e.reason));
    add_item(item.get(), "client_auth", string_or_null(e.client_auth));
    add_item(item.get(), "error", string_or_null(e.error));
    return item;
}

}  // namespace

void ExchangeLog::record(Exchange exchange) {
    std::lock_guard<std::mutex> guard(mutex_);
    ring_[next_] = std::move(exchange);
    next_ = (next_ + 1) % kCapacity;
    if (count_ < kCapacity) ++count_;
}

JsonPtr ExchangeLog::to_json() const {
    JsonPtr list = checked(cJSON_CreateArray());
    std::lock_guard<std::mutex> guard(mutex_);
    const size_t first = (next_ + kCapacity - count_) % kCapacity;
    for (size_t i = 0; i < count_; ++i) {
        JsonPtr item = exchange_json(ring_[(first + i) % kCapacity]);
        if (!cJSON_AddItemToArray(list.get(), item.get())) throw std::bad_alloc();
        item.release();
    }
    return list;
}

}  // namespace extapi
