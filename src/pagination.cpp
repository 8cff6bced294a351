#include "pagination.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "error.hpp"
#include "raw_json.hpp"
#include "url.hpp"

namespace extapi {

namespace {

// Where listings keep their items, in the order they are looked for.
const char *const kItemMembers[] = {"data", "contents", "content", "items", "results"};

std::string_view trimmed(std::string_view text) {
    const size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::optional<std::string_view> items_array(std::string_view body) {
    if (trimmed(body).front() == '[') return trimmed(body);
    for (const char *member : kItemMembers) {
        auto value = member_text(body, member);
        if (value && trimmed(*value).front() == '[') return trimmed(*value);
    }
    return std::nullopt;
}

// A page number or count as a listing may send it: non-negative and below
// a billion, so that page + 1 is always safe.
std::optional<long long> integer_member(std::string_view body, const char *name) {
    constexpr long long kMaxPage = 1000000000;
    auto value = member_text(body, name);
    if (!value) return std::nullopt;
    const std::string text(trimmed(*value));
    char *end = nullptr;
    errno = 0;
    const long long n = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end || errno || n < 0 || n > kMaxPage) return std::nullopt;
    return n;
}

bool true_member(std::string_view body, const char *name) {
    auto value = member_text(body, name);
    return value && trimmed(*value) == "true";
}

PageStyle style_of(std::string_view body, const std::string &link_header) {
    if (is_object_text(body)) {
        if (integer_member(body, "page") && integer_member(body, "total_pages")) return PageStyle::Xiq;
        if (integer_member(body, "page") && member_text(body, "hasNext")) return PageStyle::Msx;
    }
    return next_link(link_header) ? PageStyle::Link : PageStyle::Single;
}

// rel="next", rel=next, or "next" among several relations.
bool is_next_relation(std::string_view params) {
    const size_t rel = params.find("rel=");
    if (rel == std::string_view::npos) return false;
    std::string_view value = params.substr(rel + 4);
    const bool quoted = !value.empty() && value.front() == '"';
    value = quoted ? value.substr(1, value.find('"', 1) - 1) : value.substr(0, value.find_first_of(";, "));
    for (size_t at = 0; at < value.size();) {
        const size_t end = std::min(value.find(' ', at), value.size());
        if (value.substr(at, end - at) == "next") return true;
        at = end + 1;
    }
    return false;
}

}  // namespace

const char *page_style_name(PageStyle style) {
    switch (style) {
    case PageStyle::Xiq: return "xiq";
    case PageStyle::Msx: return "msx";
    case PageStyle::Link: return "link";
    case PageStyle::Single: break;
    }
    return "single";
}

std::optional<std::string> next_link(const std::string &header) {
    // <target>; params, <target>; params
    for (size_t at = header.find('<'); at != std::string::npos; at = header.find('<', at + 1)) {
        const size_t close = header.find('>', at);
        if (close == std::string::npos) break;
        const size_t next_entry = header.find('<', close);
        const std::string_view params = std::string_view(header).substr(close + 1, next_entry - close - 1);
        if (is_next_relation(params)) return header.substr(at + 1, close - at - 1);
        at = close;
    }
    return std::nullopt;
}

Paginator::Paginator(std::string first_url) : url_(std::move(first_url)) {}

std::optional<std::string> Paginator::take(const std::string &body, const std::string &link_header) {
    if (pages_ == 0) style_ = style_of(body, link_header);
    auto items = items_array(body);
    if (!items)
        throw Failure(ErrorCode::InvalidResponse, "page " + std::to_string(pages_ + 1) + " holds no list of items");
    const std::string_view inner = trimmed(items->substr(1, items->size() - 2));
    if (!inner.empty()) items_.append(items_.empty() ? "" : ",").append(inner);
    ++pages_;
    auto next = next_of(body, link_header);
    if (next) url_ = *next;
    return next;
}

std::optional<std::string> Paginator::next_of(const std::string &body, const std::string &link_header) const {
    switch (style_) {
    case PageStyle::Xiq: {
        const long long page = integer_member(body, "page").value_or(0);
        if (page >= integer_member(body, "total_pages").value_or(0)) return std::nullopt;
        return with_query_parameter(url_, "page", std::to_string(page + 1));
    }
    case PageStyle::Msx:
        if (!true_member(body, "hasNext")) return std::nullopt;
        return with_query_parameter(url_, "page", std::to_string(integer_member(body, "page").value_or(0) + 1));
    case PageStyle::Link: {
        auto target = next_link(link_header);
        if (!target) return std::nullopt;
        std::string next = resolve_reference(url_, *target);
        try {
            origin_of(next);  // an http(s) URL; the session checks that it is on base_url's origin
        } catch (const Failure &) {
            throw Failure(ErrorCode::InvalidResponse, "the next page's link is not an http(s) URL");
        }
        return next;
    }
    case PageStyle::Single: break;
    }
    return std::nullopt;
}

}  // namespace extapi
