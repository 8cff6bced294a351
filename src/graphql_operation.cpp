#include "graphql_operation.hpp"

namespace extapi {

namespace {

bool is_name_start(char c) { return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_number_char(char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

struct Token {
    enum Kind { End, Invalid, Name, Open, Close, Other } kind;
    std::string_view text;
};

// The tokens of a GraphQL document (spec §2.1), told apart only as far as
// finding its top-level definitions needs: names, brackets, and the rest.
// Strings and comments are skipped whole, so that a brace or a keyword
// inside one is never taken for part of the document's structure.
class Lexer {
public:
    explicit Lexer(std::string_view text) : text_(text) {}

    bool at_end() {
        skip_ignored();
        return at_ == text_.size();
    }

    Token next() {
        skip_ignored();
        if (at_ == text_.size()) return {Token::End, {}};
        const size_t start = at_;
        const char c = text_[at_++];
        Token::Kind kind = Token::Other;
        if (is_name_start(c)) {
            while (at_ < text_.size() && is_name_char(text_[at_])) ++at_;
            kind = Token::Name;
        } else if (c == '{' || c == '(' || c == '[') {
            kind = Token::Open;
        } else if (c == '}' || c == ')' || c == ']') {
            kind = Token::Close;
        } else if (c == '"') {
            if (!skip_string()) return {Token::Invalid, {}};
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            while (at_ < text_.size() && is_number_char(text_[at_])) ++at_;
        } else if (std::string_view("!$&:=@|.").find(c) == std::string_view::npos) {
            return {Token::Invalid, {}};
        }
        return {kind, text_.substr(start, at_ - start)};
    }

private:
    bool starts_with(std::string_view s) const { return text_.compare(at_, s.size(), s) == 0; }

    // White space, line terminators, commas, comments and a byte order mark.
    void skip_ignored() {
        while (at_ < text_.size()) {
            const char c = text_[at_];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',') {
                ++at_;
            } else if (c == '#') {
                while (at_ < text_.size() && text_[at_] != '\n' && text_[at_] != '\r') ++at_;
            } else if (starts_with("\xEF\xBB\xBF")) {
                at_ += 3;
            } else {
                return;
            }
        }
    }

    // After the opening quote: a block string ("""..., where \""" does not
    // end it) or a one-line string (where \" does not).  False when it is
    // not terminated.
    bool skip_string() {
        if (starts_with("\"\"")) {
            for (at_ += 2; at_ < text_.size(); ++at_) {
                if (starts_with("\\\"\"\"")) {
                    at_ += 3;
                } else if (starts_with("\"\"\"")) {
                    at_ += 3;
                    return true;
                }
            }
            return false;
        }
        for (; at_ < text_.size(); ++at_) {
            const char c = text_[at_];
            if (c == '\\' && at_ + 1 < text_.size()) {
                ++at_;  // the escaped character
            } else if (c == '"') {
                ++at_;
                return true;
            } else if (c == '\n' || c == '\r') {
                return false;
            }
        }
        return false;
    }

    std::string_view text_;
    size_t at_ = 0;
};

bool is_open_brace(const Token &token) { return token.kind == Token::Open && token.text == "{"; }

// A top-level definition: its keyword (empty for the shorthand query
// `{ ... }`) and name (empty when it has none).
struct Definition {
    std::string_view keyword, name;
};

// Reads one definition: the keyword and name, the rest of its head (any
// variables with their default values, directives, a fragment's type
// condition: brackets there nest), then its selection set, the first
// brace at the top.  False when the document ends first or a bracket
// closes that was never opened.
bool read_definition(Lexer &lexer, Definition &definition) {
    Token token = lexer.next();
    if (token.kind == Token::Name) {
        definition.keyword = token.text;
        token = lexer.next();
        if (token.kind == Token::Name) {
            definition.name = token.text;
            token = lexer.next();
        }
    } else if (!is_open_brace(token)) {
        return false;
    }
    int depth = 0;
    for (; !(depth == 0 && is_open_brace(token)); token = lexer.next()) {
        if (token.kind == Token::End || token.kind == Token::Invalid) return false;
        if (token.kind == Token::Open) ++depth;
        if (token.kind == Token::Close && --depth < 0) return false;
    }
    for (depth = 1; depth > 0;) {
        token = lexer.next();
        if (token.kind == Token::End || token.kind == Token::Invalid) return false;
        if (token.kind == Token::Open) ++depth;
        if (token.kind == Token::Close) --depth;
    }
    return true;
}

bool is_operation_keyword(std::string_view keyword) {
    return keyword.empty() || keyword == "query" || keyword == "mutation" || keyword == "subscription";
}

}  // namespace

bool runs_graphql_query(std::string_view document, std::optional<std::string_view> operation_name) {
    Lexer lexer(document);
    int candidates = 0;  // operations that may be the one the server runs
    bool query = false;  // whether the last of them is a query
    while (!lexer.at_end()) {
        Definition definition;
        if (!read_definition(lexer, definition)) return false;
        if (definition.keyword == "fragment") continue;
        if (!is_operation_keyword(definition.keyword)) return false;  // not an executable document
        if (operation_name && definition.name != *operation_name) continue;
        ++candidates;
        query = definition.keyword.empty() || definition.keyword == "query";
    }
    return candidates == 1 && query;
}

}  // namespace extapi
