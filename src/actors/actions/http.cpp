// run_blocking: std.http and std.mistral_http over cpp-httplib, with the
// result map Mistral's HTTPAction builds from a Python requests response.

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <httplib.h>
#include <iconv.h>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/string.hpp>

#include "actors/actions/internal.hpp"
#include "actors/actions/system_actions.hpp"
#include "dsl/pystr.hpp"
#include "dsl/utf8_check.hpp"

namespace bora::actors::actions {

namespace json = boost::json;

namespace {

using Clock = std::chrono::steady_clock;
using detail::iequals;
using Headers = std::vector<std::pair<std::string, std::string>>;

// What happened while the response was read, beyond httplib's error code.
struct Exchange {
  Clock::time_point start = Clock::now();
  /// Bound on the whole run from the task timeout, if any.
  std::optional<double> call_timeout;
  bool too_large = false;
  bool call_timed_out = false;
  std::string body;

  double elapsed() const {
    return std::chrono::duration<double>(Clock::now() - start).count();
  }
  bool expired() {
    if (call_timeout && elapsed() >= *call_timeout) {
      call_timed_out = true;
    }
    return call_timed_out;
  }
};

Headers mistral_headers(const CallInfo& call) {
  Headers h;
  auto add = [&h](const char* name, const std::string& value) {
    if (!value.empty()) {  // Mistral passes None, which requests drops
      h.emplace_back(name, value);
    }
  };
  add("Mistral-Workflow-Name", call.workflow_name);
  add("Mistral-Workflow-Execution-Id", call.workflow_execution_id);
  add("Mistral-Task-Id", call.task_execution_id);
  add("Mistral-Action-Execution-Id", call.action_execution_id);
  if (!call.action_execution_id.empty()) {
    add("Mistral-Callback-URL",
        call.api_base_url + "/v2/action_executions/" + call.action_execution_id);
  }
  return h;
}

std::chrono::microseconds micros(double seconds) {
  return std::chrono::microseconds(static_cast<int64_t>(seconds * 1e6));
}

std::unique_ptr<httplib::ClientImpl> make_client(const detail::HttpRequest& req,
                                                 double op_timeout) {
  std::unique_ptr<httplib::ClientImpl> cli;
  if (req.target.scheme == "https") {
    auto ssl = std::make_unique<httplib::SSLClient>(req.target.host, req.target.port);
    ssl->enable_server_certificate_verification(req.verify);
    if (!req.ca_path.empty()) {
      std::error_code ec;
      bool dir = std::filesystem::is_directory(req.ca_path, ec);
      ssl->set_ca_cert_path(dir ? std::string() : req.ca_path, dir ? req.ca_path : std::string());
    }
    cli = std::move(ssl);
  } else {
    cli = std::make_unique<httplib::ClientImpl>(req.target.host, req.target.port);
  }
  cli->set_connection_timeout(micros(op_timeout));
  cli->set_read_timeout(micros(op_timeout));
  cli->set_write_timeout(micros(op_timeout));
  cli->set_follow_location(req.follow_redirects);
  cli->set_url_encode(false);  // the target is percent-encoded already
  cli->set_keep_alive(false);
  if (req.proxy) {
    cli->set_proxy(req.proxy->host, req.proxy->port);
    if (req.proxy->userinfo) {
      cli->set_proxy_basic_auth(req.proxy->userinfo->first, req.proxy->userinfo->second);
    }
  }
  return cli;
}

httplib::Request to_httplib(const detail::HttpRequest& req, Exchange& ex) {
  httplib::Request r;
  r.method = req.method;
  r.path = req.target.target;
  for (const auto& [name, value] : req.headers) {
    r.headers.emplace(name, value);
  }
  r.body = req.body;
  r.content_receiver = [&ex](const char* data, size_t n, uint64_t, uint64_t) {
    if (ex.body.size() + n > detail::max_http_body_bytes) {
      ex.too_large = true;
      return false;
    }
    ex.body.append(data, n);
    return !ex.expired();
  };
  r.progress = [&ex](uint64_t, uint64_t) { return !ex.expired(); };
  return r;
}

std::string pool_prefix(const detail::HttpRequest& req) {
  return std::string(req.target.scheme == "https" ? "HTTPSConnectionPool" : "HTTPConnectionPool") +
         "(host=" + dsl::py_repr(json::string(req.target.host)) +
         ", port=" + std::to_string(req.target.port) + "): ";
}

// The reason text for a failed exchange, close to what requests reports.
std::string failure_reason(const detail::HttpRequest& req, httplib::Error err, double op_timeout,
                           double elapsed) {
  std::string pool = pool_prefix(req);
  std::string timeout =
      req.timeout_text.empty() ? dsl::py_str(json::value(op_timeout)) : req.timeout_text;
  std::string retries = "Max retries exceeded with url: " + req.target.target + " (Caused by ";
  switch (err) {
    case httplib::Error::ConnectionTimeout:
      return pool + retries + "ConnectTimeoutError('Connection to " + req.target.host +
             " timed out. (connect timeout=" + timeout + ")'))";
    case httplib::Error::Connection:
      return pool + retries + "NewConnectionError('Failed to establish a new connection: " +
             httplib::to_string(err) + "'))";
    case httplib::Error::SSLConnection:
    case httplib::Error::SSLLoadingCerts:
    case httplib::Error::SSLServerVerification:
      return pool + retries + "SSLError('" + httplib::to_string(err) + "'))";
    case httplib::Error::Read:
      if (elapsed + 0.05 >= op_timeout) {
        return pool + "Read timed out. (read timeout=" + timeout + ")";
      }
      return pool + "Connection aborted: " + httplib::to_string(err);
    default:
      return pool + httplib::to_string(err);
  }
}

std::string latin1_to_utf8(std::string_view bytes) {
  std::string text;
  for (unsigned char c : bytes) {
    if (c < 0x80) {
      text += static_cast<char>(c);
    } else {
      text += static_cast<char>(0xC0 | (c >> 6));
      text += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return text;
}

// Converts `bytes` from `charset` to UTF-8; nullopt when iconv does not know
// the charset or the bytes are not valid in it.
std::optional<std::string> to_utf8(const std::string& bytes, const std::string& charset) {
  iconv_t cd = iconv_open("UTF-8", charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return std::nullopt;
  }
  std::string in = bytes;  // iconv wants a mutable source
  char* src = in.data();
  std::size_t src_left = in.size();
  std::string out;
  char buf[16384];
  bool ok = true;
  while (src_left > 0) {
    char* dst = buf;
    std::size_t dst_left = sizeof(buf);
    std::size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
    out.append(buf, sizeof(buf) - dst_left);
    if (rc == static_cast<std::size_t>(-1) && errno != E2BIG) {
      ok = false;
      break;
    }
  }
  iconv_close(cd);
  if (!ok) {
    return std::nullopt;
  }
  return out;
}

// The body as JSON when it parses, else as text. Like Mistral, a body in a
// declared charset other than exactly "utf-8" (ISO-8859-1 for text/* without
// one) is re-encoded from that charset to UTF-8.
json::value parse_content(const std::string& body, const json::value& encoding) {
  json::parse_options opts;
  opts.max_depth = detail::max_http_json_depth;
  std::error_code ec;
  json::value v = json::parse(body, ec, json::storage_ptr(), opts);
  if (!ec) {
    return v;
  }
  std::string text = body;
  if (!body.empty() && encoding.is_string() && encoding.get_string() != "utf-8") {
    if (auto converted = to_utf8(body, std::string(encoding.get_string()))) {
      text = std::move(*converted);
    }
  }
  if (dsl::find_invalid_utf8(text)) {
    text = latin1_to_utf8(body);  // undecodable: keep every byte visible
  }
  return json::string(text);
}

// Set-Cookie values become name -> value, as requests' cookie jar shows.
void add_cookie(json::object& cookies, std::string_view set_cookie) {
  std::string_view pair = set_cookie.substr(0, set_cookie.find(';'));
  std::size_t eq = pair.find('=');
  if (eq == std::string_view::npos) {
    return;
  }
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') {
      s.remove_prefix(1);
    }
    while (!s.empty() && s.back() == ' ') {
      s.remove_suffix(1);
    }
    return s;
  };
  cookies[trim(pair.substr(0, eq))] = json::string(trim(pair.substr(eq + 1)));
}

// httplib records the last Location header as written; requests reports
// it resolved against the request URL.
std::string final_url(const detail::HttpTarget& target, const std::string& location) {
  if (location.empty()) {
    return target.url;
  }
  if (location.rfind("http://", 0) == 0 || location.rfind("https://", 0) == 0) {
    return location;
  }
  if (location.rfind("//", 0) == 0) {
    return target.scheme + ":" + location;
  }
  if (location.front() == '/') {
    return target.origin + location;
  }
  std::string dir = target.target.substr(0, target.target.find('?'));
  return target.origin + dir.substr(0, dir.rfind('/') + 1) + location;
}

json::object result_map(const detail::HttpRequest& req, const httplib::Response& res,
                        const Exchange& ex) {
  json::object headers;
  json::object cookies;
  std::string content_type;
  std::string last;
  for (const auto& [name, value] : res.headers) {
    // httplib keeps equal names (any case) together; requests joins them.
    if (!last.empty() && iequals(last, name)) {
      json::string& s = headers[last].as_string();
      s.append(", ");
      s.append(value);
    } else {
      headers[name] = json::string(value);
      last = name;
    }
    if (iequals(name, "content-type")) {
      content_type = value;
    } else if (iequals(name, "set-cookie")) {
      add_cookie(cookies, value);
    }
  }
  json::value encoding = detail::encoding_from_content_type(content_type);
  json::object out;
  out["content"] = parse_content(ex.body, encoding);
  out["status"] = res.status;
  out["headers"] = std::move(headers);
  out["url"] = json::string(final_url(req.target, res.location));
  out["history"] = json::array();
  out["encoding"] = std::move(encoding);
  out["reason"] = json::string(res.reason);
  out["cookies"] = std::move(cookies);
  out["elapsed"] = ex.elapsed();
  return out;
}

}  // namespace

ActionResult run_blocking(const SystemAction& action, const json::object& input,
                          const CallInfo& call) {
  std::string_view repr = detail::action_repr(action);
  if (auto err = detail::http_constructor_error(input)) {
    return detail::raised(repr, call, *err);
  }
  bool mistral = action.name == "std.mistral_http";
  Result<detail::HttpRequest> built =
      detail::build_http_request(input, mistral ? mistral_headers(call) : Headers{});
  if (!built.ok()) {
    return detail::raised(repr, call, "Failed to send HTTP request: " + built.error().message);
  }
  const detail::HttpRequest& req = built.value();
  Exchange ex;
  ex.call_timeout = call.timeout_seconds;
  double op_timeout = req.timeout_seconds;
  if (call.timeout_seconds && *call.timeout_seconds < op_timeout) {
    op_timeout = std::max(*call.timeout_seconds, 0.001);
  }
  std::unique_ptr<httplib::ClientImpl> cli = make_client(req, op_timeout);
  std::optional<httplib::Result> sent;
  try {
    sent.emplace(cli->send(to_httplib(req, ex)));
  } catch (const std::exception& e) {
    // cpp-httplib is not documented as exception-free; keep our promise.
    return detail::raised(repr, call, std::string("Failed to send HTTP request: ") + e.what());
  }
  httplib::Result& res = *sent;
  if (ex.too_large) {
    return detail::raised(repr, call,
                          "Failed to send HTTP request: response body exceeds the limit of " +
                              std::to_string(detail::max_http_body_bytes) + " bytes");
  }
  if (ex.expired()) {
    return timeout_result(action, call, *call.timeout_seconds);
  }
  if (!res) {
    return detail::raised(repr, call,
                          "Failed to send HTTP request: " +
                              failure_reason(req, res.error(), op_timeout, ex.elapsed()));
  }
  json::object map = result_map(req, res.value(), ex);
  if (res->status >= 200 && res->status < 307) {
    return ActionResult::data(std::move(map));
  }
  return ActionResult::error(std::move(map));
}

}  // namespace bora::actors::actions
