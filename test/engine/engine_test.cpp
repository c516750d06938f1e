// The embedded engine beyond the recorded Mistral scenarios: timers that do
// not hold a scheduler thread, std.http against a local server, and large
// inputs. Workflows live in test/engine/workflows/*.yaml.

#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <httplib.h>
#include <boost/json.hpp>

#include "actors/embedded.hpp"
#include "actors/workflow/document_catalog.hpp"
#include "dsl/parser.hpp"
#include "support/temp_dir.hpp"

namespace {

namespace json = boost::json;
using bora::actors::Embedded;
using bora::actors::StartCommand;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

std::shared_ptr<const bora::actors::workflow::Catalog> load_catalog(const std::string& name) {
  std::string path = BORA_TEST_DATA "/engine/workflows/" + name;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  auto doc = bora::dsl::parse_document(text.str(), path);
  REQUIRE_MESSAGE(doc.ok(), path << ": " << (doc.ok() ? "" : doc.error().message));
  auto catalog = std::make_shared<bora::actors::workflow::DocumentCatalog>();
  catalog->add(doc->workflows, doc->actions);
  return catalog;
}

// One engine over a fresh RocksDB directory, loaded with one workflow file.
struct TestEngine {
  bora::test::TempDir dir;
  std::unique_ptr<Embedded> engine;

  explicit TestEngine(const std::string& file) {
    Embedded::Options options;
    options.data_dir = dir.path();
    options.catalog = load_catalog(file);
    options.threads = 2;
    auto opened = Embedded::open(std::move(options));
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    engine = std::move(opened).value();
  }

  std::string start(const std::string& workflow, const std::string& input = "{}") {
    StartCommand cmd;
    cmd.workflow = workflow;
    cmd.input = input;
    cmd.params = "{}";
    auto id = engine->start(cmd);
    REQUIRE_MESSAGE(id.ok(), workflow << ": " << (id.ok() ? "" : id.error().message));
    return *id;
  }

  json::object wait(const std::string& id) {
    auto summary = engine->wait(id, 60s);
    REQUIRE_MESSAGE(summary.ok(), (summary.ok() ? "" : summary.error().message));
    return *summary;
  }

  json::object run(const std::string& workflow, const json::object& input = {}) {
    return wait(start(workflow, json::serialize(input)));
  }
};

std::string text(const json::value& v) {
  return v.is_string() ? std::string(v.get_string()) : json::serialize(v);
}

const json::object& task_of(const json::object& summary, const std::string& name) {
  for (const auto& t : summary.at("tasks").as_array()) {
    if (t.at("name").as_string() == name) {
      return t.as_object();
    }
  }
  FAIL("no task " << name << " in " << json::serialize(summary));
  throw std::logic_error("unreachable");
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// User plus system CPU time this process has used so far.
double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto s = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + tv.tv_usec / 1e6; };
  return s(ru.ru_utime) + s(ru.ru_stime);
}

// Seconds one workflow takes from start to end, with its summary.
std::pair<double, json::object> timed_run(TestEngine& e, const std::string& workflow) {
  auto start = Clock::now();
  json::object summary = e.run(workflow);
  return {seconds_since(start), std::move(summary)};
}

// An HTTP server on 127.0.0.1, on a free port, for the life of the object.
class LocalServer {
public:
  LocalServer() {
    server_.Get("/greet", [](const httplib::Request& req, httplib::Response& res) {
      json::object body{{"name", req.get_param_value("name")}, {"n", req.get_param_value("n")}};
      res.set_content(json::serialize(body), "application/json");
    });
    // Answers with the request's content type and its body, parsed.
    server_.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      boost::system::error_code ec;
      json::value body = json::parse(req.body, ec);
      json::object out{{"content_type", req.get_header_value("Content-Type")},
                       {"body", ec ? json::value(req.body) : body}};
      res.set_content(json::serialize(out), "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~LocalServer() {
    server_.stop();
    thread_.join();
  }
  LocalServer(const LocalServer&) = delete;
  LocalServer& operator=(const LocalServer&) = delete;

  json::object input() const {
    return {{"base", "http://127.0.0.1:" + std::to_string(port_)}};
  }

private:
  httplib::Server server_;
  int port_ = -1;
  std::thread thread_;
};

// A port on 127.0.0.1 that nothing listens on: bound once, then closed.
int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace

TEST_SUITE("engine.timers") {
  TEST_CASE("a hundred sleeping executions share two threads and idle while they wait") {
    TestEngine e("sleep.yaml");
    auto begin = Clock::now();
    std::vector<std::string> ids;
    for (int i = 0; i < 100; ++i) {
      ids.push_back(e.start("nap"));
    }
    double cpu_before = cpu_seconds();
    int succeeded = 0;
    for (const auto& id : ids) {
      succeeded += e.wait(id).at("state") == "SUCCESS" ? 1 : 0;
    }
    double wall = seconds_since(begin);
    double cpu = cpu_seconds() - cpu_before;
    CHECK(succeeded == 100);
    CHECK(wall >= 5.0);
    CHECK(wall < 8.0);
    CHECK_MESSAGE(cpu < 1.0, "CPU seconds used while waiting: " << cpu);
  }

  TEST_CASE("wait-before delays the task's action by its seconds") {
    TestEngine e("timers.yaml");
    auto [elapsed, summary] = timed_run(e, "wait_before");
    CHECK(summary.at("state") == "SUCCESS");
    CHECK(task_of(summary, "t1").at("state") == "SUCCESS");
    CHECK(elapsed >= 1.0);
    CHECK(elapsed < 3.0);
  }

  TEST_CASE("wait-after holds the transitions back by its seconds") {
    TestEngine e("timers.yaml");
    auto [elapsed, summary] = timed_run(e, "wait_after");
    CHECK(summary.at("state") == "SUCCESS");
    CHECK(task_of(summary, "t1").at("state") == "SUCCESS");
    CHECK(task_of(summary, "t2").at("state") == "SUCCESS");
    CHECK(elapsed >= 1.0);
    CHECK(elapsed < 3.0);
  }

  TEST_CASE("a retry with count 2 and delay 1 runs the action three times over two seconds") {
    TestEngine e("timers.yaml");
    auto [elapsed, summary] = timed_run(e, "retry_delay");
    CHECK(summary.at("state") == "ERROR");
    const auto& t1 = task_of(summary, "t1");
    CHECK(t1.at("state") == "ERROR");
    CHECK(t1.at("state_info") == "broken");
    CHECK(t1.at("children").as_array().size() == 3);
    CHECK(elapsed >= 2.0);
    CHECK(elapsed < 4.0);
  }

  TEST_CASE("a task timeout shorter than std.echo's delay fails the task as eventlet does") {
    TestEngine e("timers.yaml");
    auto [elapsed, summary] = timed_run(e, "echo_timeout");
    CHECK(summary.at("state") == "ERROR");
    const auto& t1 = task_of(summary, "t1");
    CHECK(t1.at("state") == "ERROR");
    std::string info = text(t1.at("state_info"));
    CHECK_MESSAGE(info.find("The action raised an exception [action=std.echo") == 0, info);
    CHECK_MESSAGE(info.find("msg='1 second']") != std::string::npos, info);
    CHECK(elapsed >= 1.0);
    CHECK(elapsed < 3.0);
  }
}

TEST_SUITE("engine.http") {
  TEST_CASE("a GET with params publishes the parsed content and the status") {
    LocalServer server;
    TestEngine e("http.yaml");
    auto summary = e.run("http_get", server.input());
    REQUIRE(summary.at("state") == "SUCCESS");
    json::value want = json::parse(R"({"content": {"name": "bora", "n": "3"}, "status": 200})");
    CHECK(summary.at("output") == want);
    CHECK(task_of(summary, "get").at("published") == want);
  }

  TEST_CASE("a POST sends the json input as a JSON body and reads the echo back") {
    LocalServer server;
    TestEngine e("http.yaml");
    auto summary = e.run("http_post", server.input());
    REQUIRE(summary.at("state") == "SUCCESS");
    CHECK(summary.at("output") == json::parse(R"({"echoed": {"content_type": "application/json",
                                     "body": {"items": [1, 2, 3], "who": "bora"}}})"));
  }

  TEST_CASE("a 404 fails the task with the result map, seen by publish-on-error and on-error") {
    LocalServer server;
    TestEngine e("http.yaml");
    auto summary = e.run("http_404", server.input());
    CHECK(summary.at("state") == "SUCCESS");
    const auto& missing = task_of(summary, "missing");
    CHECK(missing.at("state") == "ERROR");
    CHECK(missing.at("published") == json::parse(R"({"status": 404})"));
    CHECK(missing.at("result").at("status") == 404);
    CHECK(task_of(summary, "handled").at("state") == "SUCCESS");
    CHECK(summary.at("output") == json::parse(R"({"seen": 404})"));
  }

  TEST_CASE("a refused connection fails the task with requests' connection error text") {
    TestEngine e("http.yaml");
    int port = closed_port();
    std::string base = "http://127.0.0.1:" + std::to_string(port);
    auto summary = e.run("http_refused", {{"base", base}});
    CHECK(summary.at("state") == "ERROR");
    const auto& call = task_of(summary, "call");
    CHECK(call.at("state") == "ERROR");
    std::string info = text(call.at("state_info"));
    std::string want =
        "msg='Failed to send HTTP request: HTTPConnectionPool(host='127.0.0.1', "
        "port=" +
        std::to_string(port) +
        "): Max retries exceeded with url: /any "
        "(Caused by NewConnectionError('Failed to establish a new connection: ";
    CHECK_MESSAGE(info.find(want) != std::string::npos, info);
  }
}

TEST_SUITE("engine.limits") {
  TEST_CASE("a 5 MB string passes through a task's input and result") {
    TestEngine e("limits.yaml");
    const std::size_t size = std::size_t{5} << 20;
    auto summary = e.run("big_string", {{"s", std::string(size, 'x')}});
    CHECK(summary.at("state") == "SUCCESS");
    CHECK(summary.at("output") == json::object{{"size", size}});
  }

  TEST_CASE("with-items over 20,000 items finishes with every result in order") {
    TestEngine e("limits.yaml");
    json::array items;
    for (int i = 0; i < 20000; ++i) {
      items.push_back(i);
    }
    auto summary = e.run("many_items", {{"items", items}});
    REQUIRE(summary.at("state") == "SUCCESS");
    CHECK(summary.at("output") == json::object{{"count", 20000}});
    CHECK(task_of(summary, "each").at("result") == items);
  }

  // Each item once copied the whole workflow context to build its view and
  // each completion searched the children linearly: N items cost O(N^2).
  TEST_CASE("with-items costs CPU in proportion to its item count") {
    TestEngine e("limits.yaml");
    auto cost = [&e](int n) {
      json::array items;
      for (int i = 0; i < n; ++i) {
        items.push_back(i);
      }
      double before = cpu_seconds();
      CHECK(e.run("many_items", {{"items", items}}).at("state") == "SUCCESS");
      return cpu_seconds() - before;
    };
    // The small run is short, so noise weighs on it most: take the larger
    // of two.
    double small = std::max(cost(2500), cost(2500));
    double large = cost(10000);
    // Four times the items: about 4x when linear, 16x when quadratic; the
    // bound leaves room for a noisy machine and still catches 16x.
    CHECK_MESSAGE(large < 11 * small, "2,500 items: " << small << " s, 10,000: " << large << " s");
  }

  TEST_CASE("a 10,000-deep input is refused or run, and the engine keeps working") {
    TestEngine e("limits.yaml");
    std::string deep = R"({"data": )" + std::string(10000, '[') + std::string(10000, ']') + "}";
    StartCommand cmd;
    cmd.workflow = "deep_input";
    cmd.input = deep;
    cmd.params = "{}";
    auto id = e.engine->start(cmd);
    if (id.ok()) {
      auto done = e.engine->wait(*id, 60s);
      CHECK(done.ok());
    } else {
      CHECK(!id.error().message.empty());
      CHECK((id.error().code == bora::Errc::invalid_argument ||
             id.error().code == bora::Errc::limit_exceeded));
    }
    CHECK(e.run("big_string", {{"s", "ok"}}).at("state") == "SUCCESS");
  }

  // The input was once parsed with Boost.JSON's default depth limit of 32.
  TEST_CASE("accepts an input nested 40 deep") {
    TestEngine e("limits.yaml");
    std::string deep = R"({"data": )" + std::string(40, '[') + std::string(40, ']') + "}";
    CHECK(e.wait(e.start("deep_input", deep)).at("state") == "SUCCESS");
  }
}

TEST_SUITE("engine.rerun") {
  // Polls `fn` every 20 ms for up to 20 s.
  template <class Fn>
  bool eventually(Fn&& fn) {
    for (int i = 0; i < 1000; ++i) {
      if (fn()) {
        return true;
      }
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }

  // The id of the first running or paused action of the only task of `exec`.
  std::string waiting_action(TestEngine& e, const std::string& exec) {
    std::string id;
    eventually([&] {
      auto s = e.engine->get(exec, 10s);
      if (!s.ok() || s->at("tasks").as_array().empty()) {
        return false;
      }
      for (const auto& c : s->at("tasks").as_array()[0].at("children").as_array()) {
        if (c.at("state").as_string() == "RUNNING") {
          id = std::string(c.at("id").as_string());
          return true;
        }
      }
      return false;
    });
    return id;
  }

  TEST_CASE("a rerun inside a failed sub-workflow runs its parent task and workflow again") {
    TestEngine e("rerun.yaml");
    std::string parent = e.start("rerun_parent");
    std::string child;
    REQUIRE(eventually([&] {
      auto s = e.engine->get(parent, 10s);
      if (!s.ok() || s->at("tasks").as_array().empty()) {
        return false;
      }
      const auto& kids = s->at("tasks").as_array()[0].at("children").as_array();
      if (kids.empty()) {
        return false;
      }
      child = std::string(kids[0].at("id").as_string());
      return true;
    }));
    bora::actors::ActionDone fail{waiting_action(e, child), 2, "\"broken\""};
    REQUIRE(e.engine->complete_action(fail, 10s).ok());
    CHECK(e.wait(parent).at("state") == "ERROR");

    auto failed = e.wait(child);
    REQUIRE(failed.at("state") == "ERROR");
    bora::actors::ExecCommand rerun;
    rerun.execution_id = child;
    rerun.op = bora::actors::ExecCommand::rerun;
    rerun.task_ex_id = std::string(task_of(failed, "wait").at("id").as_string());
    REQUIRE(e.engine->command(rerun, 10s).ok());

    bora::actors::ActionDone ok{waiting_action(e, child), 1, R"({"v": 7})"};
    REQUIRE(e.engine->complete_action(ok, 10s).ok());
    json::object last;
    CHECK(eventually([&] {
      auto s = e.engine->get(parent, 10s);
      last = s.ok() ? *s : json::object{};
      return s.ok() && s->at("state") == "SUCCESS";
    }));
    INFO(json::serialize(last));
    CHECK(last.at("output") == json::object{{"got", json::object{{"v", 7}}}});
    CHECK(task_of(last, "call").at("state") == "SUCCESS");
  }
}
