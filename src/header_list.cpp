#include "header_list.hpp"

#include <curl/curl.h>
#include <openssl/crypto.h>

#include <cstring>
#include <new>

namespace extapi {

HeaderList::~HeaderList() {
    for (curl_slist *item = list_; item; item = item->next) OPENSSL_cleanse(item->data, std::strlen(item->data));
    curl_slist_free_all(list_);
}

void HeaderList::append(const char *line) {
    curl_slist *grown = curl_slist_append(list_, line);
    if (!grown) throw std::bad_alloc();
    list_ = grown;
}

void GivenHeaders::note(std::string_view name) {
    auto is = [&](std::string_view known) {
        return name.size() == known.size() && curl_strnequal(name.data(), known.data(), known.size());
    };
    accept = accept || is("Accept");
    user_agent = user_agent || is("User-Agent");
    accept_encoding = accept_encoding || is("Accept-Encoding");
}

void append_default_headers(HeaderList &list, const DefaultHeaders &defaults, const GivenHeaders &given) {
    if (!given.accept) list.append("Accept: application/json");
    list.append("Expect:");
    if (!given.user_agent) list.append(defaults.user_agent);
    if (!given.accept_encoding) list.append(defaults.accept_encoding);
}

}  // namespace extapi
