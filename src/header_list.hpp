// A libcurl header list that wipes itself when freed (its lines may carry a
// credential).  Built once and shared read-only: libcurl never modifies the
// list it is given, so any number of transfers may use one at a time.
#pragma once

#include <string>
#include <string_view>

struct curl_slist;

namespace extapi {

class HeaderList {
public:
    HeaderList() = default;
    ~HeaderList();
    HeaderList(const HeaderList &) = delete;
    HeaderList &operator=(const HeaderList &) = delete;

    // Appends "Name: value"; throws std::bad_alloc.
    void append(const char *line);
    void append(const std::string &line) { append(line.c_str()); }

    curl_slist *get() const { return list_; }

private:
    curl_slist *list_ = nullptr;
};

// Which of the default headers a request's own lines set themselves.
struct GivenHeaders {
    bool accept = false, user_agent = false, accept_encoding = false;
    void note(std::string_view name);  // a header's name (case-insensitive)
};

// The User-Agent and Accept-Encoding lines, as libcurl would format them
// from CURLOPT_USERAGENT and CURLOPT_ACCEPT_ENCODING: given in the list,
// libcurl does not format them anew (two allocations) for every transfer.
struct DefaultHeaders {
    std::string user_agent, accept_encoding;
};

// What every request sends first: "Accept: application/json", an empty
// "Expect:" (no 100-continue round trip), User-Agent and Accept-Encoding,
// each unless the request sets its own.
void append_default_headers(HeaderList &list, const DefaultHeaders &defaults, const GivenHeaders &given);

// The headers of every API call with one token, built when the token is
// obtained rather than per call: the fixed ones, the configured `headers`,
// and the credential; one list for requests with a JSON body, one without.
struct ApiHeaders {
    HeaderList with_json_body;
    HeaderList without_body;
};

}  // namespace extapi
