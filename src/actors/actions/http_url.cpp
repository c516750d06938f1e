// std.http URL handling as Python requests prepares a URL: scheme and host
// checks with requests' messages, re-quoting of the path, and `params`
// encoded into the query string.

#include <cctype>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include "actors/actions/internal.hpp"
#include "dsl/pystr.hpp"

namespace bora::actors::actions::detail {

namespace json = boost::json;

namespace {

constexpr std::string_view hex_digits = "0123456789ABCDEF";

bool is_hex(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_unreserved(char c) {
  return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  return std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
}

void append_escaped(std::string& out, unsigned char c) {
  out += '%';
  out += hex_digits[c >> 4];
  out += hex_digits[c & 15];
}

std::string repr(std::string_view s) {
  return dsl::py_repr(json::string(s));
}

// Quotes what must not appear raw in a URL and leaves valid escapes alone;
// when any '%' starts no valid escape, every '%' is quoted (requests does
// the same). Escapes of unreserved characters are decoded first.
std::string requote(std::string_view s) {
  bool bad_percent = false;
  std::string decoded;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
      char c = static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      if (is_unreserved(c)) {
        decoded += c;
        i += 2;
        continue;
      }
    } else if (s[i] == '%') {
      bad_percent = true;
    }
    decoded += s[i];
  }
  std::string_view src = bad_percent ? s : std::string_view(decoded);
  constexpr std::string_view safe = "!#$&'()*+,/:;=?@[]~";
  std::string out;
  for (char ch : src) {
    auto c = static_cast<unsigned char>(ch);
    bool keep =
        is_unreserved(ch) || safe.find(ch) != std::string_view::npos || (ch == '%' && !bad_percent);
    if (keep && c > 32 && c < 127) {
      out += ch;
    } else {
      append_escaped(out, c);
    }
  }
  return out;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Python's urllib quote_plus: spaces become '+', only unreserved stay.
void append_quote_plus(std::string& out, std::string_view s) {
  for (char ch : s) {
    if (is_unreserved(ch)) {
      out += ch;
    } else if (ch == ' ') {
      out += '+';
    } else {
      append_escaped(out, static_cast<unsigned char>(ch));
    }
  }
}

void append_pair(std::string& out, const std::string& key, const json::value& v) {
  if (v.is_null()) {
    return;  // requests drops None values
  }
  if (!out.empty()) {
    out += '&';
  }
  append_quote_plus(out, key);
  out += '=';
  append_quote_plus(out, dsl::py_str(v));
}

// One key with its value(s): a list (or a dict's keys) repeats the key.
void append_key_values(std::string& out, const std::string& key, const json::value& v) {
  if (v.is_array()) {
    for (const json::value& e : v.get_array()) {
      append_pair(out, key, e);
    }
  } else if (v.is_object()) {
    for (const auto& kv : v.get_object()) {
      append_pair(out, key, json::string(kv.key()));
    }
  } else {
    append_pair(out, key, v);
  }
}

bool valid_host_char(char c) {
  constexpr std::string_view extra = "-._~!$&'()*+,;=%";
  return is_alnum(c) || extra.find(c) != std::string_view::npos;
}

struct Authority {
  std::string userinfo;
  std::string host;  // as written, brackets included for IPv6
  std::string port;
};

// Splits `user@host:port`; false when the host or port is malformed.
bool split_authority(std::string_view a, Authority& out) {
  std::size_t at = a.rfind('@');
  if (at != std::string_view::npos) {
    out.userinfo = std::string(a.substr(0, at));
    a.remove_prefix(at + 1);
  }
  std::string_view host = a;
  std::string_view port;
  if (!a.empty() && a.front() == '[') {
    std::size_t close = a.find(']');
    if (close == std::string_view::npos) {
      return false;
    }
    host = a.substr(0, close + 1);
    std::string_view rest = a.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') {
      return false;
    }
    port = rest.empty() ? rest : rest.substr(1);
    for (char c : host.substr(1, host.size() - 2)) {
      if (!is_hex(c) && c != ':' && c != '.') {
        return false;
      }
    }
  } else {
    std::size_t colon = a.rfind(':');
    if (colon != std::string_view::npos) {
      host = a.substr(0, colon);
      port = a.substr(colon + 1);
    }
    for (char c : host) {
      if (!valid_host_char(c)) {
        return false;
      }
    }
  }
  if (port.size() > 5) {
    return false;
  }
  for (char c : port) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  if (!port.empty() && std::stoul(std::string(port)) > 65535) {
    return false;
  }
  out.host = std::string(host);
  out.port = std::string(port);
  return true;
}

std::string lower(std::string s) {
  for (char& c : s) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return s;
}

// Fills scheme, host, port, userinfo; the rest of `rest` (path, query,
// fragment) is returned through `tail`.
Result<HttpTarget> parse_origin(const std::string& url, std::string_view& tail) {
  std::size_t sep = url.find("://");
  std::size_t colon = url.find(':');
  if (sep == std::string::npos || colon < sep) {
    bool other_scheme = colon != std::string::npos && lower(url).rfind("http", 0) != 0;
    if (other_scheme) {
      return Error(Errc::invalid_argument, "No connection adapters were found for " + repr(url));
    }
    return Error(Errc::invalid_argument, "Invalid URL " + repr(url) +
                                             ": No scheme supplied. Perhaps you meant https://" +
                                             url + "?");
  }
  HttpTarget t;
  t.scheme = lower(url.substr(0, sep));
  std::string_view rest = std::string_view(url).substr(sep + 3);
  std::size_t end = rest.find_first_of("/?#");
  Authority a;
  if (!split_authority(rest.substr(0, end), a)) {
    return Error(Errc::invalid_argument, "Failed to parse: " + url);
  }
  if (a.host.empty()) {
    return Error(Errc::invalid_argument, "Invalid URL " + repr(url) + ": No host supplied");
  }
  if (t.scheme != "http" && t.scheme != "https") {
    return Error(Errc::invalid_argument, "No connection adapters were found for " + repr(url));
  }
  bool v6 = a.host.front() == '[';
  t.host = lower(v6 ? a.host.substr(1, a.host.size() - 2) : a.host);
  t.port =
      static_cast<uint16_t>(a.port.empty() ? (t.scheme == "https" ? 443 : 80) : std::stoul(a.port));
  if (!a.userinfo.empty()) {
    std::size_t c = a.userinfo.find(':');
    t.userinfo.emplace(percent_decode(a.userinfo.substr(0, c)),
                       c == std::string::npos ? "" : percent_decode(a.userinfo.substr(c + 1)));
  }
  t.url = t.scheme + "://" + (a.userinfo.empty() ? "" : a.userinfo + "@") +
          (v6 ? "[" + t.host + "]" : t.host) + (a.port.empty() ? "" : ":" + a.port);
  t.origin = t.url;
  tail = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  return t;
}

}  // namespace

Result<std::string> encode_query(const json::value& params) {
  if (params.is_string()) {
    return std::string(params.get_string());
  }
  std::string out;
  if (params.is_object()) {
    for (const auto& kv : params.get_object()) {
      append_key_values(out, std::string(kv.key()), kv.value());
    }
    return out;
  }
  if (params.is_array()) {
    for (const json::value& e : params.get_array()) {
      if (!e.is_array() || e.get_array().size() != 2) {
        return Error(Errc::invalid_argument, "cannot encode objects that are not 2-tuples");
      }
      append_key_values(out, dsl::py_str(e.get_array()[0]), e.get_array()[1]);
    }
    return out;
  }
  if (!dsl::py_truthy(params)) {
    return out;
  }
  return Error(Errc::invalid_argument, "Cannot mix str and non-str arguments");
}

Result<HttpTarget> parse_http_url(const json::value& url_v, const json::value& params) {
  std::string url = dsl::py_str(url_v);
  url.erase(0, url.find_first_not_of(" \t\r\n\f\v"));
  std::string_view tail;
  Result<HttpTarget> origin = parse_origin(url, tail);
  if (!origin.ok()) {
    return origin;
  }
  HttpTarget t = std::move(origin).value();
  std::size_t hash = tail.find('#');
  std::string_view fragment = hash == std::string_view::npos ? "" : tail.substr(hash);
  tail = tail.substr(0, hash);
  std::size_t q = tail.find('?');
  std::string path(tail.substr(0, q));
  std::string query(q == std::string_view::npos ? "" : tail.substr(q + 1));
  if (path.empty()) {
    path = "/";
  }
  Result<std::string> enc = encode_query(params);
  if (!enc.ok()) {
    return std::move(enc).error();
  }
  if (!enc->empty()) {
    query = query.empty() ? *enc : query + "&" + *enc;
  }
  std::string target = requote(path + (query.empty() ? "" : "?" + query));
  t.target = target;
  t.url += target + requote(fragment);
  return t;
}

json::value encoding_from_content_type(std::string_view ct) {
  std::string lowered = lower(std::string(ct));
  std::size_t pos = lowered.find("charset=");
  if (pos != std::string::npos) {
    std::string_view cs = std::string_view(ct).substr(pos + 8);
    cs = cs.substr(0, cs.find(';'));
    while (!cs.empty() && (cs.back() == ' ' || cs.back() == '"' || cs.back() == '\'')) {
      cs.remove_suffix(1);
    }
    while (!cs.empty() && (cs.front() == ' ' || cs.front() == '"' || cs.front() == '\'')) {
      cs.remove_prefix(1);
    }
    return json::string(cs);
  }
  if (lowered.find("text") != std::string::npos) {
    return json::string("ISO-8859-1");
  }
  if (lowered.find("application/json") != std::string::npos) {
    return json::string("utf-8");
  }
  return nullptr;
}

}  // namespace bora::actors::actions::detail
