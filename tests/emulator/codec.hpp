// Small encoding helpers shared by the endpoints: base64, URL/form decoding,
// random tokens and HTTP dates.
#pragma once

#include <cstddef>
#include <ctime>
#include <map>
#include <string>

namespace emu {

using Form = std::multimap<std::string, std::string>;

std::string base64_encode(const std::string &data);
// base64url without padding, as JWTs use it.
std::string base64url_encode(const std::string &data);
// Accepts both alphabets, with or without padding.
bool base64_decode(const std::string &text, std::string &out);

std::string url_decode(const std::string &text, bool plus_is_space);
// Strict application/x-www-form-urlencoded decoding of one value: '+' is a
// space and every '%' must start a valid %XX escape (false otherwise).
bool form_decode_strict(const std::string &text, std::string &out);
// application/x-www-form-urlencoded (also used for raw query strings).
Form parse_form(const std::string &text);
// First value of key, or nullptr.
const std::string *form_value(const Form &form, const std::string &key);
// First value of key, or "".
std::string form_string(const Form &form, const std::string &key);

// 64-bit FNV-1a as 16 hex digits: a stable, non-cryptographic digest.
std::string fnv1a_hex(const std::string &data);

std::string random_bytes(std::size_t n);
std::string to_hex(const std::string &bytes);

std::string to_lower(std::string s);
std::string to_upper(std::string s);
bool starts_with_ci(const std::string &s, const std::string &prefix);
std::string trim(const std::string &s);

// RFC 7231 IMF-fixdate.
std::string http_date(std::time_t t);

}  // namespace emu
