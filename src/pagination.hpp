// Following a listing's pages and merging their items, byte for byte: XIQ
// (`page`/`total_pages` in the body, the next page is page+1), Cisco MSX
// (`page`/`hasNext`, items in `contents`), and RFC 8288 `Link: <...>;
// rel="next"`.  Pure logic: the session fetches, this decides.
#pragma once

#include <optional>
#include <string>

namespace extapi {

enum class PageStyle { Single, Xiq, Msx, Link };

const char *page_style_name(PageStyle style);

class Paginator {
public:
    // `first_url` is the absolute URL of the first page.
    explicit Paginator(std::string first_url);

    // Takes the answer to the current page (a valid JSON text and its Link
    // header, "" when none) and returns the absolute URL of the next page,
    // or nothing after the last.  The style is decided by the first page.
    // Throws Failure(invalid_response) when a page holds no list of items.
    std::optional<std::string> take(const std::string &body, const std::string &link_header);

    std::string items_json() const { return "[" + items_ + "]"; }
    int pages() const { return pages_; }
    PageStyle style() const { return style_; }

private:
    std::optional<std::string> next_of(const std::string &body, const std::string &link_header) const;

    std::string url_;
    std::string items_;  // the pages' elements, comma-separated
    int pages_ = 0;
    PageStyle style_ = PageStyle::Single;
};

// The target of the rel="next" link of an RFC 8288 Link header, or nothing.
std::optional<std::string> next_link(const std::string &header);

}  // namespace extapi
