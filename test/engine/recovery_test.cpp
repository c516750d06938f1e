// Recovery: an engine killed (SIGKILL) in the middle of its work, in a
// child process, and opened again on the same directory continues every
// execution from RocksDB alone.

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <vector>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include "actors/embedded.hpp"
#include "actors/workflow/document_catalog.hpp"
#include "dsl/parser.hpp"
#include "support/temp_dir.hpp"

namespace {

namespace json = boost::json;
using bora::actors::Embedded;
using bora::actors::ExecCommand;
using bora::actors::StartCommand;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::shared_ptr<const bora::actors::workflow::Catalog> recovery_catalog() {
  std::string path = BORA_TEST_DATA "/engine/workflows/recovery.yaml";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  auto doc = bora::dsl::parse_document(text.str(), path);
  REQUIRE_MESSAGE(doc.ok(), (doc.ok() ? "" : doc.error().message));
  auto catalog = std::make_shared<bora::actors::workflow::DocumentCatalog>();
  catalog->add(doc->workflows, doc->actions);
  return catalog;
}

// A TCP port that accepts connections and never answers (an action that is
// still running when the engine stops).
struct SilentServer {
  int fd = -1;
  int port = 0;
  SilentServer() {
    fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
    REQUIRE(listen(fd, 64) == 0);
  }
  ~SilentServer() { close(fd); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port) + "/"; }
};

struct Node {
  bora::test::TempDir dir;
  std::shared_ptr<const bora::actors::workflow::Catalog> catalog = recovery_catalog();
  std::unique_ptr<Embedded> engine;

  std::unique_ptr<Embedded> open_engine() {
    Embedded::Options o;
    o.data_dir = dir.path();
    o.catalog = catalog;
    o.threads = 2;
    auto e = Embedded::open(std::move(o));
    REQUIRE_MESSAGE(e.ok(), (e.ok() ? "" : e.error().message));
    return std::move(e).value();
  }

  // Runs `work` on an engine in a child process, which is killed with
  // SIGKILL `after` the work returned; returns what the work returned.
  // Then opens the directory here, in the test's process.
  std::vector<std::string> run_and_kill(
      const std::function<std::vector<std::string>(Embedded&)>& work,
      std::chrono::milliseconds after) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      close(fds[0]);
      Embedded::Options o;
      o.data_dir = dir.path();
      o.catalog = catalog;
      o.threads = 2;
      auto e = Embedded::open(std::move(o));
      std::string out;
      if (e.ok()) {
        for (const auto& line : work(**e)) {
          out += line + "\n";
        }
      }
      out += "END\n";
      (void)!write(fds[1], out.data(), out.size());
      while (true) {
        pause();
      }
    }
    close(fds[1]);
    std::string got;
    char buf[4096];
    while (got.size() < 4 || got.substr(got.size() - 4) != "END\n") {
      ssize_t n = read(fds[0], buf, sizeof buf);
      if (n <= 0) {
        break;
      }
      got.append(buf, static_cast<size_t>(n));
    }
    close(fds[0]);
    std::this_thread::sleep_for(after);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    std::vector<std::string> lines;
    std::istringstream in(got);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line != "END") {
        lines.push_back(line);
      }
    }
    engine = open_engine();
    return lines;
  }

  static std::string start_on(Embedded& e, const std::string& wf, const json::object& input = {}) {
    StartCommand cmd;
    cmd.workflow = wf;
    cmd.input = json::serialize(input);
    cmd.params = "{}";
    auto id = e.start(cmd);
    return id.ok() ? *id : std::string("start failed: ") + id.error().message;
  }

  // Starts `wf` in a child engine killed `after` the start; returns its id.
  std::string start_and_kill(const std::string& wf, std::chrono::milliseconds after,
                             const json::object& input = {}) {
    auto ids = run_and_kill(
        [&](Embedded& e) { return std::vector<std::string>{start_on(e, wf, input)}; }, after);
    REQUIRE(ids.size() == 1);
    return ids.front();
  }

  json::object wait(const std::string& id) {
    auto s = engine->wait(id, 60s);
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message));
    return *s;
  }

  // The summary once the execution's state is `state` (a paused one never ends).
  json::object wait_state(const std::string& id, const std::string& state) {
    for (int i = 0; i < 1000; ++i) {
      auto s = engine->get(id, 10s);
      if (s.ok() && s->at("state") == json::value(state)) {
        return *s;
      }
      std::this_thread::sleep_for(10ms);
    }
    FAIL("execution " << id << " never reached " << state);
    return {};
  }
};

const json::object& task_of(const json::object& summary, const std::string& name) {
  for (const auto& t : summary.at("tasks").as_array()) {
    if (t.at("name").as_string() == name) {
      return t.as_object();
    }
  }
  FAIL("no task " << name);
  throw std::logic_error("unreachable");
}

TEST_SUITE("engine.recovery") {
  TEST_CASE("a sleep cut off by a kill ends at its original time after the restart") {
    Node n;
    auto started = Clock::now();
    auto id = n.start_and_kill("sleeper", 500ms);
    auto s = n.wait(id);
    double took = std::chrono::duration<double>(Clock::now() - started).count();
    CHECK(s.at("state") == "SUCCESS");
    CHECK(s.at("output").at("said") == "awake");
    CHECK(took >= 1.9);
    CHECK(took < 3.5);  // not a fresh 2 s after the restart
  }

  TEST_CASE("an unsafe action cut off by a kill fails its task and the error path runs") {
    SilentServer silent;
    Node n;
    auto id = n.start_and_kill("unsafe", 300ms, {{"url", silent.url()}});
    auto s = n.wait(id);
    CHECK(s.at("state") == "SUCCESS");
    const auto& call = task_of(s, "call");
    CHECK(call.at("state") == "ERROR");
    CHECK(std::string(call.at("state_info").as_string()).find("safe-rerun") != std::string::npos);
    CHECK(s.at("output").at("cleaned") == "cleaned");
  }

  TEST_CASE("a safe-rerun action cut off by a kill runs again") {
    SilentServer silent;
    Node n;
    auto id = n.start_and_kill("safe", 300ms, {{"url", silent.url()}});
    std::this_thread::sleep_for(300ms);
    auto s = n.wait_state(id, "RUNNING");
    const auto& call = task_of(s, "call");
    CHECK(call.at("state") == "RUNNING");
    CHECK(call.at("children").as_array().size() == 1);  // the same action execution
  }

  TEST_CASE("an async action keeps waiting and can be completed after the restart") {
    Node n;
    auto ids = n.run_and_kill(
        [](Embedded& e) {
          auto id = Node::start_on(e, "waiter");
          for (int i = 0; i < 500; ++i) {
            auto s = e.get(id, 10s);
            if (s.ok() && !s->at("tasks").as_array().empty()) {
              const auto& kids = s->at("tasks").as_array().at(0).at("children").as_array();
              if (!kids.empty()) {
                std::this_thread::sleep_for(100ms);  // the action's record is written
                return std::vector<std::string>{id, std::string(kids.at(0).at("id").as_string())};
              }
            }
            std::this_thread::sleep_for(10ms);
          }
          return std::vector<std::string>{id};
        },
        50ms);
    REQUIRE(ids.size() == 2);
    bora::actors::ActionDone done;
    done.action_ex_id = ids[1];
    done.kind = 1;
    done.value = R"({"v": 1})";
    REQUIRE(n.engine->complete_action(done, 10s).ok());
    auto end = n.wait(ids[0]);
    CHECK(end.at("state") == "SUCCESS");
    CHECK(end.at("output").at("got") == json::parse(R"({"v": 1})"));
  }

  TEST_CASE("a wait-before timer fires once after the restart") {
    Node n;
    auto id = n.start_and_kill("delayed", 300ms);
    auto s = n.wait(id);
    CHECK(s.at("state") == "SUCCESS");
    CHECK(task_of(s, "second").at("result") == "late");
    CHECK(s.at("tasks").as_array().size() == 2);
  }

  TEST_CASE("with-items with concurrency finishes every item after a kill halfway") {
    Node n;
    auto id = n.start_and_kill("items", 700ms);  // some items done, some running, some queued
    auto s = n.wait(id);
    CHECK(s.at("state") == "SUCCESS");
    json::array want;
    for (int i = 0; i < 12; ++i) {
      want.push_back(i * 2);
    }
    CHECK(s.at("output").at("doubled") == json::value(want));
    CHECK(task_of(s, "each").at("children").as_array().size() == 12);
  }

  TEST_CASE("a sub-workflow and its parent both go on after a kill") {
    Node n;
    auto id = n.start_and_kill("parent", 500ms);
    auto s = n.wait(id);
    CHECK(s.at("state") == "SUCCESS");
    CHECK(s.at("output").at("child").at("said") == "awake");
  }

  TEST_CASE("a paused execution stays paused across a kill and resumes after it") {
    Node n;
    auto id = n.start_and_kill("paused", 300ms);
    std::this_thread::sleep_for(200ms);
    CHECK(n.wait_state(id, "PAUSED").at("state") == "PAUSED");
    ExecCommand resume;
    resume.execution_id = id;
    resume.op = ExecCommand::resume;
    REQUIRE(n.engine->command(resume, 10s).ok());
    auto s = n.wait(id);
    CHECK(s.at("state") == "SUCCESS");
    CHECK(task_of(s, "second").at("result") == "resumed");
  }

  TEST_CASE("several kills in a row lose nothing") {
    Node n;
    auto ids = n.run_and_kill(
        [](Embedded& e) {
          std::vector<std::string> out;
          for (const char* wf : {"sleeper", "items", "parent", "delayed"}) {
            out.push_back(Node::start_on(e, wf));
          }
          return out;
        },
        250ms);
    REQUIRE(ids.size() == 4);
    for (int i = 0; i < 3; ++i) {
      n.engine.reset();
      n.run_and_kill([](Embedded&) { return std::vector<std::string>{}; }, 300ms);
    }
    for (const auto& id : ids) {
      CHECK(n.wait(id).at("state") == "SUCCESS");
    }
  }
}

}  // namespace
