// std.http: from the action input to the request to send, following what
// Mistral's HTTPAction and Python requests do with each parameter.

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include "actors/actions/internal.hpp"
#include "dsl/pystr.hpp"

namespace bora::actors::actions::detail {

namespace json = boost::json;

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

const json::value& arg(const json::object& input, std::string_view key) {
  static const json::value null_value;
  const json::value* v = input.if_contains(key);
  return v ? *v : null_value;
}

bool has_header(const Headers& h, std::string_view name) {
  for (const auto& kv : h) {
    if (iequals(kv.first, name)) {
      return true;
    }
  }
  return false;
}

void set_header(Headers& h, std::string name, std::string value) {
  for (auto& kv : h) {
    if (iequals(kv.first, name)) {
      kv = {std::move(name), std::move(value)};
      return;
    }
  }
  h.emplace_back(std::move(name), std::move(value));
}

std::string base64(std::string_view in) {
  constexpr std::string_view table =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8) |
                 static_cast<uint8_t>(in[i + 2]);
    for (int shift : {18, 12, 6, 0}) {
      out += table[(n >> shift) & 63];
    }
  }
  if (i < in.size()) {
    uint32_t n = static_cast<uint8_t>(in[i]) << 16;
    if (i + 1 < in.size()) {
      n |= static_cast<uint8_t>(in[i + 1]) << 8;
    }
    out += table[(n >> 18) & 63];
    out += table[(n >> 12) & 63];
    out += i + 1 < in.size() ? table[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// requests refuses header names and values that could split the header
// block (and leading whitespace in values).
bool valid_header_name(std::string_view s) {
  if (s.empty() || s.front() == ':' || std::isspace(static_cast<unsigned char>(s.front()))) {
    return false;
  }
  return s.find_first_of(":\r\n") == std::string_view::npos;
}

bool valid_header_value(std::string_view s) {
  if (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
    return false;
  }
  return s.find_first_of("\r\n") == std::string_view::npos &&
         s.find('\0') == std::string_view::npos;
}

Error invalid_header(std::string_view part, std::string_view text) {
  return Error(Errc::invalid_argument,
               "Invalid leading whitespace, reserved character(s), or returncharacter(s) in "
               "header " +
                   std::string(part) + ": " + dsl::py_repr(json::string(text)));
}

Result<void> add_header(Headers& out, std::string_view name, const json::value& v) {
  if (v.is_null()) {
    return {};  // requests drops headers whose value is None
  }
  std::string value;
  if (v.is_string()) {
    value = std::string(v.get_string());
  } else if (v.is_number() || v.is_bool()) {
    value = dsl::py_str(v);  // Mistral turns numbers (and bools) into text
  } else {
    json::object one;
    one.emplace(name, v);
    return Error(Errc::invalid_argument,
                 "Header part (" + dsl::py_repr(v) + ") from " + dsl::py_repr(one) +
                     " must be of type str or bytes, not <class '" + py_type_name(v) + "'>");
  }
  if (!valid_header_name(name)) {
    return invalid_header("name", name);
  }
  if (!valid_header_value(value)) {
    return invalid_header("value", value);
  }
  set_header(out, std::string(name), std::move(value));
  return {};
}

Result<void> add_user_headers(Headers& out, const json::value& headers) {
  if (headers.is_object()) {
    for (const auto& kv : headers.get_object()) {
      BORA_TRY_VOID(add_header(out, kv.key(), kv.value()));
    }
    return {};
  }
  if (dsl::py_truthy(headers)) {
    return Error(Errc::invalid_argument, "headers must be a map, got " + dsl::py_repr(headers));
  }
  return {};
}

Result<void> add_cookies(Headers& out, const json::value& cookies) {
  if (!cookies.is_object()) {
    if (dsl::py_truthy(cookies)) {
      return Error(Errc::invalid_argument, "cookies must be a map, got " + dsl::py_repr(cookies));
    }
    return {};
  }
  std::string header;
  for (const auto& kv : cookies.get_object()) {
    const json::value& v = kv.value();
    if (!v.is_string() && !v.is_null()) {
      return Error(Errc::invalid_argument,
                   std::string("'") + py_type_name(v) + "' object has no attribute 'startswith'");
    }
    if (!header.empty()) {
      header += "; ";
    }
    header += std::string(kv.key());
    if (v.is_string()) {
      header += "=" + std::string(v.get_string());
    }
  }
  // An explicit Cookie header wins over `cookies`, as in requests.
  if (!header.empty() && !has_header(out, "Cookie")) {
    BORA_TRY_VOID(add_header(out, "Cookie", json::string(header)));
  }
  return {};
}

// `body` (Mistral turns a map, even an empty one, into JSON text first) or,
// when that is empty, `json` with its content type.
Result<void> set_body(HttpRequest& req, const json::value& body, const json::value& json_v) {
  if (body.is_object()) {
    req.body = dsl::py_json_dumps(body);
    return {};
  }
  if (!dsl::py_truthy(body)) {
    if (!json_v.is_null()) {
      req.body = dsl::py_json_dumps(json_v);
      if (!has_header(req.headers, "Content-Type")) {
        set_header(req.headers, "Content-Type", "application/json");
      }
    }
    return {};
  }
  if (body.is_string()) {
    req.body = std::string(body.get_string());
  } else if (body.is_array()) {
    Result<std::string> form = encode_query(body);
    if (!form.ok()) {
      return std::move(form).error();
    }
    req.body = std::move(form).value();
    if (!has_header(req.headers, "Content-Type")) {
      set_header(req.headers, "Content-Type", "application/x-www-form-urlencoded");
    }
  } else {
    req.body = dsl::py_str(body);
  }
  return {};
}

Result<void> set_auth(HttpRequest& req, const json::value& auth) {
  std::optional<std::pair<std::string, std::string>> basic;
  if (auth.is_null()) {
    basic = req.target.userinfo;  // requests falls back to the URL's user:password
  } else if (dsl::py_truthy(auth)) {
    std::string_view s = auth.get_string();  // http_constructor_error refused other kinds
    std::size_t c = s.find(':');
    if (c == std::string_view::npos || s.find(':', c + 1) != std::string_view::npos) {
      return Error(Errc::invalid_argument, "'str' object is not callable");
    }
    basic.emplace(std::string(s.substr(0, c)), std::string(s.substr(c + 1)));
  }
  if (basic) {
    set_header(req.headers, "Authorization", "Basic " + base64(basic->first + ":" + basic->second));
  }
  return {};
}

Result<void> set_timeout(HttpRequest& req, const json::value& t) {
  if (t.is_null()) {
    return {};
  }
  if (t.is_bool()) {
    return Error(Errc::invalid_argument,
                 "Timeout cannot be a boolean value. It must be an int, float or None.");
  }
  if (!t.is_number()) {
    return Error(Errc::invalid_argument, "Timeout value connect was " + dsl::py_str(t) +
                                             ", but it must be an int, float or None.");
  }
  double seconds = t.to_number<double>();
  if (!(seconds > 0)) {
    return Error(Errc::invalid_argument, "Attempted to set connect timeout to " + dsl::py_str(t) +
                                             ", but the timeout cannot be set to a value less "
                                             "than or equal to 0.");
  }
  req.timeout_seconds = std::min(seconds, max_http_timeout_seconds);
  req.timeout_text = dsl::py_str(t);
  return {};
}

// requests picks the most specific of `scheme://host`, `scheme`,
// `all://host`, `all`.
Result<void> set_proxy(HttpRequest& req, const json::value& proxies) {
  if (!proxies.is_object()) {
    return {};
  }
  const json::object& p = proxies.get_object();
  const std::string& scheme = req.target.scheme;
  const std::string& host = req.target.host;
  for (const std::string& key :
       {scheme + "://" + host, scheme, std::string("all://") + host, std::string("all")}) {
    const json::value* v = p.if_contains(key);
    if (!v || v->is_null()) {
      continue;
    }
    std::string url = dsl::py_str(*v);
    if (url.find("://") == std::string::npos) {
      url = "http://" + url;
    }
    Result<HttpTarget> t = parse_http_url(json::string(url), nullptr);
    if (!t.ok() || t->scheme != "http") {
      return Error(Errc::invalid_argument, "Unsupported proxy " + dsl::py_repr(*v) +
                                               ": only http:// proxies are supported");
    }
    req.proxy = HttpProxy{t->host, t->port, t->userinfo};
    return {};
  }
  return {};
}

void set_verify(HttpRequest& req, const json::value& verify) {
  if (verify.is_null()) {
    return;  // requests verifies by default
  }
  req.verify = dsl::py_truthy(verify);
  if (req.verify && verify.is_string()) {
    req.ca_path = std::string(verify.get_string());
  }
}

Result<std::string> method_of(const json::value& m) {
  if (!m.is_string()) {
    return Error(Errc::invalid_argument,
                 std::string("'") + py_type_name(m) + "' object has no attribute 'upper'");
  }
  std::string out(m.get_string());
  for (char& c : out) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  constexpr std::string_view token_extra = "!#$%&'*+-.^_`|~";
  for (char c : out) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) ||
              token_extra.find(c) != std::string_view::npos;
    if (!ok) {
      return Error(Errc::invalid_argument, "Invalid HTTP method " + dsl::py_repr(m));
    }
  }
  if (out.empty()) {
    return Error(Errc::invalid_argument, "Invalid HTTP method ''");
  }
  return out;
}

}  // namespace

std::optional<std::string> http_constructor_error(const json::object& input) {
  const json::value& auth = arg(input, "auth");
  if (dsl::py_truthy(auth) && !auth.is_string()) {
    return std::string("'") + py_type_name(auth) + "' object has no attribute 'split'";
  }
  if (dsl::py_truthy(arg(input, "body")) && dsl::py_truthy(arg(input, "json"))) {
    return std::string("Only one of the parameters 'json' and 'body' can be passed");
  }
  return std::nullopt;
}

Result<HttpRequest> build_http_request(const json::object& input, const Headers& extra_headers) {
  HttpRequest req;
  static const json::value get = json::string("GET");
  const json::value* method = input.if_contains("method");
  Result<std::string> m = method_of(method ? *method : get);
  if (!m.ok()) {
    return std::move(m).error();
  }
  req.method = std::move(m).value();
  Result<HttpTarget> t = parse_http_url(arg(input, "url"), arg(input, "params"));
  if (!t.ok()) {
    return std::move(t).error();
  }
  req.target = std::move(t).value();
  req.headers = {{"User-Agent", "bora"}, {"Accept", "*/*"}};
  Result<void> steps[] = {
      add_user_headers(req.headers, arg(input, "headers")),
      [&]() -> Result<void> {
        for (const auto& [name, value] : extra_headers) {
          BORA_TRY_VOID(add_header(req.headers, name, json::string(value)));
        }
        return {};
      }(),
      add_cookies(req.headers, arg(input, "cookies")),
      set_body(req, arg(input, "body"), arg(input, "json")),
      set_auth(req, arg(input, "auth")),
      set_timeout(req, arg(input, "timeout")),
      set_proxy(req, arg(input, "proxies")),
  };
  for (Result<void>& r : steps) {
    if (!r.ok()) {
      return std::move(r).error();
    }
  }
  req.follow_redirects = dsl::py_truthy(arg(input, "allow_redirects"));
  if (req.target.scheme == "https") {
    set_verify(req, arg(input, "verify"));
  }
  return req;
}

}  // namespace bora::actors::actions::detail
