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

void HeaderList::append(const std::string &line) {
    curl_slist *grown = curl_slist_append(list_, line.c_str());
    if (!grown) throw std::bad_alloc();
    list_ = grown;
}

void append_default_headers(HeaderList &list, bool caller_sets_accept) {
    if (!caller_sets_accept) list.append("Accept: application/json");
    list.append("Expect:");
}

}  // namespace extapi
