#include "actors/actions/system_actions.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include <doctest/doctest.h>
#include <httplib.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "actors/actions/internal.hpp"

namespace bora::actors::actions {

namespace {

namespace json = boost::json;

const SystemAction& action(std::string_view name) {
  const SystemAction* a = find_system_action(name);
  REQUIRE(a != nullptr);
  return *a;
}

json::object obj(std::string_view text) {
  return json::parse(text).as_object();
}

std::string check_error(std::string_view name, std::string_view input) {
  Result<json::object> r = check_input(action(name), obj(input));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::invalid_argument);
  return r.error().message;
}

ActionPlan plan_of(std::string_view name, std::string_view input, CallInfo call = {}) {
  Result<json::object> checked = check_input(action(name), obj(input));
  REQUIRE(checked.ok());
  return plan(action(name), checked.value(), call);
}

std::string error_text(const ActionResult& r) {
  REQUIRE(r.kind == ResultKind::error);
  REQUIRE(r.value.is_string());
  return std::string(r.value.get_string());
}

// An HTTP server on 127.0.0.1 and a free port, stopped when the case ends.
class TestServer {
public:
  explicit TestServer(const std::function<void(httplib::Server&)>& routes) {
    routes(server_);
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() before the accept loop runs would be lost, so wait for it.
    for (int i = 0; i < 5000 && !server_.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    REQUIRE(server_.is_running());
  }
  ~TestServer() {
    server_.stop();
    thread_.join();
  }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  std::string url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }
  int port() const {
    return port_;
  }

private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

// Replies with what the server received, as JSON.
void echo_request(const httplib::Request& req, httplib::Response& res) {
  json::object headers;
  for (const auto& [k, v] : req.headers) {
    headers[k] = json::string(v);
  }
  json::object out{{"method", req.method},
                   {"target", req.target},
                   {"body", req.body},
                   {"headers", std::move(headers)}};
  res.set_content(json::serialize(out), "application/json");
}

ActionResult http(std::string_view input, CallInfo call = {}) {
  Result<json::object> checked = check_input(action("std.http"), obj(input));
  REQUIRE(checked.ok());
  return run_blocking(action("std.http"), checked.value(), call);
}

const json::object& seen(const ActionResult& r) {
  REQUIRE(r.kind == ResultKind::data);
  return r.value.at("content").as_object();
}

std::string seen_header(const ActionResult& r, std::string_view name) {
  const json::value* v = seen(r).at("headers").as_object().if_contains(name);
  return v ? std::string(v->as_string()) : std::string("<absent>");
}

}  // namespace

TEST_SUITE("actors.actions") {
  TEST_CASE("lists the built-in actions sorted by name with Mistral's signatures") {
    const std::vector<SystemAction>& all = system_actions();
    REQUIRE(all.size() == 8);
    for (std::size_t i = 1; i < all.size(); ++i) {
      CHECK(all[i - 1].name < all[i].name);
    }
    CHECK(find_system_action("std.ssh") == nullptr);
    CHECK(find_system_action("std.nope") == nullptr);
    CHECK(signature_text(action("std.echo").params) == "output, delay=0");
    CHECK(signature_text(action("std.noop").params) == "");
    CHECK(signature_text(action("std.fail").params) == "error_data=null");
    CHECK(signature_text(action("std.sleep").params) == "seconds=1");
    CHECK(signature_text(action("std.test_dict").params) == "size=0, key_prefix=\"\", val=\"\"");
    CHECK(signature_text(action("std.http").params) ==
          "url, method=\"GET\", params=null, body=null, json=null, headers=null, cookies=null, "
          "auth=null, timeout=null, allow_redirects=null, proxies=null, verify=null");
    CHECK(signature_text(action("std.mistral_http").params) ==
          signature_text(action("std.http").params));
    CHECK(action("std.async_noop").is_async);
    CHECK(action("std.mistral_http").is_async);
    CHECK_FALSE(action("std.http").is_async);
    CHECK_FALSE(action("std.echo").is_async);
  }

  TEST_CASE("reports missing parameters in signature order and unknown ones in input order") {
    CHECK(check_error("std.echo", R"({"x": 1, "y": 2})") ==
          "Invalid input [name=std.echo, class=mistral.actions.std_actions.EchoAction, "
          "missing=['output'], unexpected=['x', 'y']]");
    CHECK(check_error("std.echo", R"({"output": 1, "z": 1, "a": 2})") ==
          "Invalid input [name=std.echo, class=mistral.actions.std_actions.EchoAction, "
          "unexpected=['z', 'a']]");
    CHECK(check_error("std.echo", R"({"delay": 1})") ==
          "Invalid input [name=std.echo, class=mistral.actions.std_actions.EchoAction, "
          "missing=['output']]");
    CHECK(check_error("std.http", R"({"zz": 1, "method": "x", "aa": []})") ==
          "Invalid input [name=std.http, class=mistral.actions.std_actions.HTTPAction, "
          "missing=['url'], unexpected=['zz', 'aa']]");
    CHECK(check_error("std.noop", R"({"it's": 1})") ==
          "Invalid input [name=std.noop, class=mistral.actions.std_actions.NoOpAction, "
          "unexpected=[\"it's\"]]");
  }

  TEST_CASE("fills defaults into checked input") {
    Result<json::object> r = check_input(action("std.test_dict"), obj(R"({"size": 2})"));
    REQUIRE(r.ok());
    CHECK(json::value(r.value()) == json::parse(R"({"size": 2, "key_prefix": "", "val": ""})"));
    Result<json::object> h = check_input(action("std.http"), obj(R"({"url": "http://x"})"));
    REQUIRE(h.ok());
    CHECK(h->at("method") == "GET");
    CHECK(h->at("verify").is_null());
    CHECK(h->size() == 12);
  }

  TEST_CASE("refuses input that Mistral's action constructors raise on") {
    CHECK(check_error("std.http", R"({"url": "http://x", "body": "a", "json": {"k": 1}})") ==
          "Failed to instantiate an action [action_desc=Python action [name=std.http, "
          "cls=<class 'mistral.actions.std_actions.HTTPAction'>], "
          "input_dict={'url': 'http://x', 'body': 'a', 'json': {'k': 1}}]");
    CHECK(check_error("std.mistral_http", R"({"url": "u", "auth": {"u": "p"}})")
              .rfind("Failed to instantiate an action [action_desc=Python action "
                     "[name=std.mistral_http, cls=<class "
                     "'mistral.actions.std_actions.MistralHTTPAction'>]",
                     0) == 0);
    CHECK(check_error("std.echo", R"({"output": 1, "delay": null})").find("EchoAction") !=
          std::string::npos);
    CHECK(check_error("std.sleep", R"({"seconds": [1]})").find("SleepAction") != std::string::npos);
    // Falsy body or json alongside the other is accepted, as in Mistral.
    CHECK(
        check_input(action("std.http"), obj(R"({"url": "u", "body": "", "json": {"a": 1}})")).ok());
    CHECK(check_input(action("std.echo"), obj(R"({"output": 1, "delay": "abc"})")).ok());
  }

  TEST_CASE("runs std.noop, std.async_noop and std.fail at once") {
    ActionPlan noop = plan_of("std.noop", "{}");
    CHECK(noop.mode == RunMode::immediate);
    CHECK(noop.result.kind == ResultKind::data);
    CHECK(noop.result.value.is_null());
    CHECK(plan_of("std.async_noop", "{}").mode == RunMode::async);

    ActionPlan data = plan_of("std.fail", R"({"error_data": {"a": 1}})");
    CHECK(data.mode == RunMode::immediate);
    CHECK(data.result.kind == ResultKind::error);
    CHECK(data.result.value == json::parse(R"({"a": 1})"));
    for (const char* falsy :
         {"{}", R"({"error_data": 0})", R"({"error_data": ""})", R"({"error_data": []})"}) {
      CAPTURE(falsy);
      CHECK(error_text(plan_of("std.fail", falsy).result) ==
            "The action raised an exception [action=Fail action, action_ex_id=None, "
            "msg='Fail action expected exception.']");
    }
    CallInfo call;
    call.action_execution_id = "a1";
    CHECK(error_text(plan_of("std.fail", "{}", call).result) ==
          "The action raised an exception [action=Fail action, action_ex_id=a1, "
          "msg='Fail action expected exception.']");
  }

  TEST_CASE("std.echo reads delay as Python float and delays only when positive") {
    ActionPlan now = plan_of("std.echo", R"({"output": {"x": [1, 2]}})");
    CHECK(now.mode == RunMode::immediate);
    CHECK(now.result.value == json::parse(R"({"x": [1, 2]})"));
    struct Case {
      const char* delay;
      RunMode mode;
      double seconds;
    };
    for (Case c : {Case{"1.5", RunMode::delayed, 1.5}, Case{"\" 2.5 \"", RunMode::delayed, 2.5},
                   Case{"\"1_0\"", RunMode::delayed, 10}, Case{"true", RunMode::delayed, 1},
                   Case{"\"abc\"", RunMode::immediate, 0}, Case{"-3", RunMode::immediate, 0},
                   Case{"\"-inf\"", RunMode::immediate, 0}, Case{"0", RunMode::immediate, 0},
                   Case{"false", RunMode::immediate, 0}}) {
      CAPTURE(c.delay);
      ActionPlan p =
          plan_of("std.echo", std::string(R"({"output": "o", "delay": )") + c.delay + "}");
      CHECK(p.mode == c.mode);
      CHECK(p.delay_seconds == doctest::Approx(c.seconds));
      CHECK(p.result.kind == ResultKind::data);
      CHECK(p.result.value == "o");
    }
    CHECK(error_text(plan_of("std.echo", R"({"output": 1, "delay": "nan"})").result) ==
          "The action raised an exception [action=std.echo, action_ex_id=None, "
          "msg='Invalid value NaN (not a number)']");
    CHECK(error_text(plan_of("std.echo", R"({"output": 1, "delay": "inf"})").result)
              .find("msg='timestamp too large to convert to C _PyTime_t'") != std::string::npos);
  }

  TEST_CASE("std.sleep reads seconds as Python int") {
    struct Case {
      const char* seconds;
      double expected;
    };
    for (Case c : {Case{"3", 3}, Case{"\"3\"", 3}, Case{"\" 3 \"", 3}, Case{"\"1_0\"", 10},
                   Case{"2.9", 2}, Case{"true", 1}, Case{"\"1.5\"", 0}, Case{"-2", 0},
                   Case{"\"x\"", 0}, Case{"\"_1\"", 0}, Case{"\"1__0\"", 0}}) {
      CAPTURE(c.seconds);
      ActionPlan p = plan_of("std.sleep", std::string(R"({"seconds": )") + c.seconds + "}");
      CHECK(p.mode == (c.expected > 0 ? RunMode::delayed : RunMode::immediate));
      CHECK(p.delay_seconds == doctest::Approx(c.expected));
      CHECK(p.result.kind == ResultKind::data);
      CHECK(p.result.value.is_null());
    }
    ActionPlan def = plan_of("std.sleep", "{}");
    CHECK(def.mode == RunMode::delayed);
    CHECK(def.delay_seconds == 1);
    CHECK(error_text(plan_of("std.sleep", R"({"seconds": 1e300})").result)
              .find("timestamp too large") != std::string::npos);
    CHECK(error_text(plan_of("std.sleep", R"({"seconds": "99999999999999999999"})").result)
              .find("timestamp too large") != std::string::npos);
  }

  TEST_CASE("std.test_dict builds keys in order and bounds its size") {
    ActionPlan p = plan_of("std.test_dict", R"({"size": 3, "key_prefix": "k", "val": "v"})");
    CHECK(p.mode == RunMode::immediate);
    CHECK(json::serialize(p.result.value) == R"({"k0":"v","k1":"v","k2":"v"})");
    ActionPlan none = plan_of("std.test_dict", R"({"size": 12, "key_prefix": null, "val": 1})");
    REQUIRE(none.result.value.as_object().size() == 12);
    CHECK(none.result.value.at("None11") == 1);
    CHECK(plan_of("std.test_dict", R"({"size": -1})").result.value == json::object());
    CHECK(plan_of("std.test_dict", "{}").result.value == json::object());
    CHECK(plan_of("std.test_dict", R"({"size": true})").result.value ==
          json::parse(R"({"0": ""})"));
    CHECK(error_text(plan_of("std.test_dict", R"({"size": 1.5})").result) ==
          "The action raised an exception [action=std.test_dict, action_ex_id=None, "
          "msg=''float' object cannot be interpreted as an integer']");
    CHECK(error_text(plan_of("std.test_dict", R"({"size": "3"})").result)
              .find("'str' object cannot be interpreted") != std::string::npos);
    CHECK(error_text(plan_of("std.test_dict", R"({"size": 100000000000})").result)
              .find("exceeds the limit") != std::string::npos);
    CHECK(error_text(plan_of("std.test_dict", R"({"size": 18446744073709551615})").result)
              .find("exceeds the limit") != std::string::npos);
  }

  TEST_CASE("plans the HTTP actions as blocking runs") {
    CHECK(plan_of("std.http", R"({"url": "http://x"})").mode == RunMode::blocking);
    CHECK(plan_of("std.mistral_http", R"({"url": "http://x"})").mode == RunMode::blocking);
  }

  TEST_CASE("words task timeouts as eventlet does") {
    CallInfo call;
    call.action_execution_id = "id7";
    CHECK(error_text(timeout_result(action("std.http"), call, 1)) ==
          "The action raised an exception [action=std.http, action_ex_id=id7, msg='1 second']");
    CHECK(error_text(timeout_result(action("std.echo"), call, 5)).find("msg='5 seconds'") !=
          std::string::npos);
    CHECK(error_text(timeout_result(action("std.fail"), call, 2.5)) ==
          "The action raised an exception [action=Fail action, action_ex_id=id7, "
          "msg='2.5 seconds']");
  }

  TEST_CASE("prepares URLs as Python requests does") {
    auto url = [](std::string_view u, std::string_view params = "null") {
      Result<detail::HttpTarget> t = detail::parse_http_url(json::string(u), json::parse(params));
      return t.ok() ? t->url : "error: " + t.error().message;
    };
    CHECK(url("HTTP://Ex.COM/P?q#f") == "http://ex.com/P?q#f");
    CHECK(url("http://h") == "http://h/");
    CHECK(url("http://h:1/a b?x=1",
              R"({"q": "a b&c", "n": 1, "f": 1.5, "b": true, "none": null, "l": [1, 2]})") ==
          "http://h:1/a%20b?x=1&q=a+b%26c&n=1&f=1.5&b=True&l=1&l=2");
    CHECK(url("http://h/", R"({"u": "\u00e9"})") == "http://h/?u=%C3%A9");
    CHECK(url("http://h/", R"([["a", 1], ["b", 2]])") == "http://h/?a=1&b=2");
    CHECK(url("http://h/", R"("raw=1")") == "http://h/?raw=1");
    CHECK(url("http://h/\xc3\xa4%41%2F") == "http://h/%C3%A4A%2F");
    CHECK(url("http://h/%zz%41") == "http://h/%25zz%2541");
    CHECK(url("h/") ==
          "error: Invalid URL 'h/': No scheme supplied. Perhaps you meant https://h/?");
    CHECK(url("http://") == "error: Invalid URL 'http://': No host supplied");
    CHECK(url("http://h:99999/") == "error: Failed to parse: http://h:99999/");
    CHECK(url("http://h:abc/") == "error: Failed to parse: http://h:abc/");
    CHECK(url("ftp://h/") == "error: No connection adapters were found for 'ftp://h/'");
    CHECK(url("http://h/", "5") == "error: Cannot mix str and non-str arguments");
    Result<detail::HttpTarget> v6 =
        detail::parse_http_url(json::string("https://u:p%40x@[::1]:8/"), nullptr);
    REQUIRE(v6.ok());
    CHECK(v6->host == "::1");
    CHECK(v6->port == 8);
    CHECK(v6->target == "/");
    REQUIRE(v6->userinfo);
    CHECK(v6->userinfo->second == "p@x");
  }

  TEST_CASE("derives the response encoding as requests does") {
    CHECK(detail::encoding_from_content_type("text/html; charset=\"UTF-8\"") == "UTF-8");
    CHECK(detail::encoding_from_content_type("text/plain") == "ISO-8859-1");
    CHECK(detail::encoding_from_content_type("application/json") == "utf-8");
    CHECK(detail::encoding_from_content_type("application/octet-stream").is_null());
    CHECK(detail::encoding_from_content_type("").is_null());
  }

  TEST_CASE("std.http sends GET with params and reports the response map") {
    TestServer server([](httplib::Server& s) {
      s.Get("/items", [](const httplib::Request& req, httplib::Response& res) {
        echo_request(req, res);
        res.set_header("Set-Cookie", "s=1; Path=/");
      });
    });
    ActionResult r =
        http(R"({"url": ")" + server.url("/items") + R"(", "params": {"q": "a b", "n": 2}})");
    CHECK(seen(r).at("method") == "GET");
    CHECK(seen(r).at("target") == "/items?q=a+b&n=2");
    const json::object& m = r.value.as_object();
    CHECK(m.at("status") == 200);
    CHECK(m.at("reason") == "OK");
    CHECK(m.at("url") == json::string(server.url("/items?q=a+b&n=2")));
    CHECK(m.at("history") == json::array());
    CHECK(m.at("encoding") == "utf-8");
    CHECK(m.at("cookies") == json::parse(R"({"s": "1"})"));
    CHECK(m.at("headers").at("Content-Type") == "application/json");
    CHECK(m.at("elapsed").as_double() >= 0);
    CHECK(seen_header(r, "User-Agent") == "bora");
  }

  TEST_CASE("std.http posts json, map and text bodies") {
    TestServer server([](httplib::Server& s) { s.Post("/p", echo_request); });
    std::string url = server.url("/p");
    SUBCASE("json") {
      ActionResult r = http(R"({"url": ")" + url +
                            R"(", "method": "post", "json": {"a": "\u00e9", "b": [1, 2.0]}})");
      CHECK(seen(r).at("method") == "POST");
      CHECK(seen(r).at("body") == R"({"a": "\u00e9", "b": [1, 2.0]})");
      CHECK(seen_header(r, "Content-Type") == "application/json");
    }
    SUBCASE("map body") {
      ActionResult r = http(R"({"url": ")" + url + R"(", "method": "POST", "body": {"a": 1}})");
      CHECK(seen(r).at("body") == R"({"a": 1})");
      // Mistral adds no content type; cpp-httplib sends text/plain.
      CHECK(seen_header(r, "Content-Type") != "application/json");
    }
    SUBCASE("empty map body wins over json") {
      ActionResult r =
          http(R"({"url": ")" + url + R"(", "method": "POST", "body": {}, "json": {"a": 1}})");
      CHECK(seen(r).at("body") == "{}");
    }
    SUBCASE("text body") {
      ActionResult r =
          http(R"({"url": ")" + url +
               R"(", "method": "POST", "body": "plain", "headers": {"Content-Type": "text/x"}})");
      CHECK(seen(r).at("body") == "plain");
      CHECK(seen_header(r, "Content-Type") == "text/x");
    }
    SUBCASE("both") {
      ActionResult r = run_blocking(
          action("std.http"), obj(R"({"url": ")" + url + R"(", "body": "a", "json": 1})"), {});
      CHECK(error_text(r) ==
            "The action raised an exception [action=std.http, action_ex_id=None, "
            "msg='Only one of the parameters 'json' and 'body' can be passed']");
    }
  }

  TEST_CASE("std.http sends headers, cookies and basic auth") {
    TestServer server([](httplib::Server& s) { s.Get("/h", echo_request); });
    ActionResult r = http(R"({"url": ")" + server.url("/h") +
                          R"(", "headers": {"X-N": 5, "X-F": 1.5, "X-B": true, "X-None": null},
                             "cookies": {"a": "1", "b": "x y"}, "auth": "u:p"})");
    CHECK(seen_header(r, "X-N") == "5");
    CHECK(seen_header(r, "X-F") == "1.5");
    CHECK(seen_header(r, "X-B") == "True");
    CHECK(seen_header(r, "X-None") == "<absent>");
    CHECK(seen_header(r, "Cookie") == "a=1; b=x y");
    CHECK(seen_header(r, "Authorization") == "Basic dTpw");

    ActionResult bad =
        http(R"({"url": ")" + server.url("/h") + R"(", "headers": {"X": "a\r\nY: 1"}})");
    CHECK(error_text(bad).find("msg='Failed to send HTTP request: Invalid leading whitespace") !=
          std::string::npos);
    ActionResult list = http(R"({"url": ")" + server.url("/h") + R"(", "headers": {"X": [1]}})");
    CHECK(error_text(list).find("Header part ([1]) from {'X': [1]} must be of type str or bytes, "
                                "not <class 'list'>") != std::string::npos);
    ActionResult odd = http(R"({"url": ")" + server.url("/h") + R"(", "auth": "a:b:c"})");
    CHECK(error_text(odd).find("'str' object is not callable") != std::string::npos);
  }

  TEST_CASE("std.http turns statuses outside 200-306 into error results") {
    TestServer server([](httplib::Server& s) {
      s.Get("/missing", [](const httplib::Request&, httplib::Response& res) {
        res.status = 404;
        res.set_content("no such thing", "text/plain");
      });
    });
    ActionResult r = http(R"({"url": ")" + server.url("/missing") + R"("})");
    REQUIRE(r.kind == ResultKind::error);
    CHECK(r.value.at("status") == 404);
    CHECK(r.value.at("reason") == "Not Found");
    CHECK(r.value.at("content") == "no such thing");
    CHECK(r.value.at("encoding") == "ISO-8859-1");
  }

  TEST_CASE("std.http follows redirects only when allow_redirects is true") {
    TestServer server([](httplib::Server& s) {
      s.Get("/old",
            [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/new"); });
      s.Get("/new", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("\"moved\"", "application/json");
      });
    });
    ActionResult stay = http(R"({"url": ")" + server.url("/old") + R"("})");
    REQUIRE(stay.kind == ResultKind::data);
    CHECK(stay.value.at("status") == 302);
    CHECK(stay.value.at("headers").at("Location") == "/new");
    ActionResult follow =
        http(R"({"url": ")" + server.url("/old") + R"(", "allow_redirects": true})");
    REQUIRE(follow.kind == ResultKind::data);
    CHECK(follow.value.at("status") == 200);
    CHECK(follow.value.at("content") == "moved");
    CHECK(follow.value.at("url") == json::string(server.url("/new")));
  }

  TEST_CASE("std.http times out against a slow server") {
    TestServer server([](httplib::Server& s) {
      s.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        res.set_content("late", "text/plain");
      });
    });
    SUBCASE("timeout input") {
      ActionResult r = http(R"({"url": ")" + server.url("/slow") + R"(", "timeout": 0.3})");
      CHECK(error_text(r) ==
            "The action raised an exception [action=std.http, action_ex_id=None, "
            "msg='Failed to send HTTP request: HTTPConnectionPool(host='127.0.0.1', "
            "port=" +
                std::to_string(server.port()) + "): Read timed out. (read timeout=0.3)']");
    }
    SUBCASE("task timeout") {
      CallInfo call;
      call.action_execution_id = "x";
      call.timeout_seconds = 0.3;
      auto start = std::chrono::steady_clock::now();
      ActionResult r = http(R"({"url": ")" + server.url("/slow") + R"(", "timeout": 10})", call);
      CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
      CHECK(error_text(r) ==
            "The action raised an exception [action=std.http, action_ex_id=x, msg='0.3 seconds']");
    }
    SUBCASE("invalid timeouts") {
      CHECK(error_text(http(R"({"url": ")" + server.url("/slow") + R"(", "timeout": 0})"))
                .find("Attempted to set connect timeout to 0, but the timeout cannot be set to a "
                      "value less than or equal to 0.") != std::string::npos);
      CHECK(error_text(http(R"({"url": ")" + server.url("/slow") + R"(", "timeout": "5"})"))
                .find("Timeout value connect was 5, but it must be an int, float or None.") !=
            std::string::npos);
    }
  }

  TEST_CASE("std.http reports a refused connection and bad URLs as raised errors") {
    int port = 0;
    {
      TestServer closed([](httplib::Server&) {});
      port = closed.port();
    }
    CallInfo call;
    call.action_execution_id = "e1";
    ActionResult r =
        http(R"({"url": "http://127.0.0.1:)" + std::to_string(port) + R"(/x?y=1"})", call);
    CHECK(error_text(r).rfind(
              "The action raised an exception [action=std.http, action_ex_id=e1, "
              "msg='Failed to send HTTP request: HTTPConnectionPool(host='127.0.0.1', "
              "port=" +
                  std::to_string(port) +
                  "): Max retries exceeded with url: /x?y=1 (Caused by "
                  "NewConnectionError(",
              0) == 0);
    CHECK(error_text(http(R"({"url": "nope"})")) ==
          "The action raised an exception [action=std.http, action_ex_id=None, "
          "msg='Failed to send HTTP request: Invalid URL 'nope': No scheme supplied. Perhaps you "
          "meant https://nope?']");
    CHECK(error_text(http(R"({"url": 5})")).find("Invalid URL '5'") != std::string::npos);
    CHECK(error_text(http(R"({"url": "http://h", "method": 5})"))
              .find("'int' object has no attribute 'upper'") != std::string::npos);
    CHECK(
        error_text(http(R"({"url": "http://h", "method": "GE T"})")).find("Invalid HTTP method") !=
        std::string::npos);
  }

  TEST_CASE("std.http refuses a response body over the size bound") {
    TestServer server([](httplib::Server& s) {
      s.Get("/big", [](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("text/plain", [](size_t offset, httplib::DataSink& sink) {
          static const std::string chunk(std::size_t{1} << 20, 'x');
          if (offset > detail::max_http_body_bytes) {
            sink.done();
            return true;
          }
          return sink.write(chunk.data(), chunk.size());
        });
      });
    });
    ActionResult r = http(R"({"url": ")" + server.url("/big") + R"("})");
    CHECK(error_text(r).find("response body exceeds the limit of 67108864 bytes") !=
          std::string::npos);
  }

  TEST_CASE("std.http keeps bodies that are not JSON as text") {
    TestServer server([](httplib::Server& s) {
      s.Get("/latin", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("caf\xe9", "text/plain");
      });
      s.Get("/deep", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(std::string(150, '[') + std::string(150, ']'), "application/json");
      });
      s.Get("/empty", [](const httplib::Request&, httplib::Response& res) { res.status = 204; });
      s.Get("/utf8", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("caf\xc3\xa9", "text/plain");
      });
      s.Get("/utf8cs", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("caf\xc3\xa9", "text/plain; charset=UTF-8");
      });
      s.Get("/koi8", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("\xe1", "text/plain; charset=koi8-r");
      });
      s.Get("/bad", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("\xff", "application/octet-stream");
      });
    });
    CHECK(http(R"({"url": ")" + server.url("/latin") + R"("})").value.at("content") ==
          "caf\xc3\xa9");
    CHECK(http(R"({"url": ")" + server.url("/deep") + R"("})").value.at("content").is_string());
    // Mistral re-encodes from the declared charset, even valid UTF-8 under text/plain.
    CHECK(http(R"({"url": ")" + server.url("/utf8") + R"("})").value.at("content") ==
          "caf\xc3\x83\xc2\xa9");
    CHECK(http(R"({"url": ")" + server.url("/utf8cs") + R"("})").value.at("content") ==
          "caf\xc3\xa9");
    CHECK(http(R"({"url": ")" + server.url("/koi8") + R"("})").value.at("content") == "\xd0\x90");
    CHECK(http(R"({"url": ")" + server.url("/bad") + R"("})").value.at("content") == "\xc3\xbf");
    ActionResult empty = http(R"({"url": ")" + server.url("/empty") + R"("})");
    CHECK(empty.kind == ResultKind::data);
    CHECK(empty.value.at("status") == 204);
    CHECK(empty.value.at("content") == "");
    CHECK(empty.value.at("encoding").is_null());
  }

  TEST_CASE("std.http sends through an http proxy and fails TLS against a plain server") {
    TestServer proxy([](httplib::Server& s) {
      s.Get(".*", [](const httplib::Request& req, httplib::Response& res) {
        res.set_content(req.target, "text/plain");
      });
    });
    ActionResult via = http(R"({"url": "http://example.invalid/p?q=1", "proxies": {"http": ")" +
                            proxy.url("") + R"("}})");
    REQUIRE(via.kind == ResultKind::data);
    std::string target(via.value.at("content").as_string());
    CHECK(target.rfind("http://example.invalid", 0) == 0);
    CHECK(target.find("/p?q=1") != std::string::npos);
    CHECK(error_text(http(R"({"url": "http://h/", "proxies": {"http": "socks5://p:1"}})"))
              .find("only http:// proxies are supported") != std::string::npos);
    ActionResult tls = http(R"({"url": "https://127.0.0.1:)" + std::to_string(proxy.port()) +
                            R"(/", "verify": false, "timeout": 5})");
    CHECK(
        error_text(tls).find("Failed to send HTTP request: HTTPSConnectionPool(host='127.0.0.1'") !=
        std::string::npos);
  }

  TEST_CASE("std.mistral_http adds Mistral's headers and a data result means request accepted") {
    TestServer server([](httplib::Server& s) { s.Post("/hook", echo_request); });
    CallInfo call;
    call.action_execution_id = "ae1";
    call.workflow_name = "wf";
    call.workflow_execution_id = "we1";
    call.task_execution_id = "te1";
    call.api_base_url = "http://127.0.0.1:8989";
    Result<json::object> in = check_input(
        action("std.mistral_http"),
        obj(R"({"url": ")" + server.url("/hook") +
            R"(", "method": "POST", "headers": {"Mistral-Task-Id": "mine", "X": "1"}})"));
    REQUIRE(in.ok());
    ActionResult r = run_blocking(action("std.mistral_http"), in.value(), call);
    CHECK(seen_header(r, "Mistral-Workflow-Name") == "wf");
    CHECK(seen_header(r, "Mistral-Workflow-Execution-Id") == "we1");
    CHECK(seen_header(r, "Mistral-Task-Id") == "te1");
    CHECK(seen_header(r, "Mistral-Action-Execution-Id") == "ae1");
    CHECK(seen_header(r, "Mistral-Callback-URL") ==
          "http://127.0.0.1:8989/v2/action_executions/ae1");
    CHECK(seen_header(r, "X") == "1");
  }

}  // TEST_SUITE

}  // namespace bora::actors::actions
