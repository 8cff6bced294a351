// A libcurl header list that wipes itself when freed (its lines may carry a
// credential).  Built once and shared read-only: libcurl never modifies the
// list it is given, so any number of transfers may use one at a time.
#pragma once

#include <string>

struct curl_slist;

namespace extapi {

class HeaderList {
public:
    HeaderList() = default;
    ~HeaderList();
    HeaderList(const HeaderList &) = delete;
    HeaderList &operator=(const HeaderList &) = delete;

    // Appends "Name: value"; throws std::bad_alloc.
    void append(const std::string &line);

    curl_slist *get() const { return list_; }

private:
    curl_slist *list_ = nullptr;
};

// What every request sends first: "Accept: application/json" (unless the
// caller sets its own Accept) and an empty "Expect:" (no 100-continue
// round trip).
void append_default_headers(HeaderList &list, bool caller_sets_accept);

// The headers of every API call with one token, built when the token is
// obtained rather than per call: the fixed ones, the configured `headers`,
// and the credential; one list for requests with a JSON body, one without.
struct ApiHeaders {
    HeaderList with_json_body;
    HeaderList without_body;
};

}  // namespace extapi
