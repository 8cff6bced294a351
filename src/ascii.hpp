// ASCII case for protocol names (URL schemes, host names, header names),
// whatever the process's locale.  Comparisons ignoring case go through
// libcurl's curl_strequal / curl_strnequal; this is for a name kept in
// lower case.
#pragma once

#include <string>

namespace extapi {

inline std::string ascii_lowercase(std::string text) {
    for (char &c : text)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return text;
}

}  // namespace extapi
