// Recovery after a kill: how long `Embedded::open` takes to bring back N
// non-terminal executions from RocksDB (each waiting on an async action,
// so all of them stay RUNNING), and the memory that costs.
//
//   recovery_bench [--count N] [--data-dir DIR]
//
// A child process starts the executions, waits until every one is stored
// RUNNING and is then killed with SIGKILL; this process opens the same
// directory and times the recovery, then checks that one recovered
// execution can still be completed.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "actors/embedded.hpp"
#include "actors/workflow/document_catalog.hpp"
#include "dsl/parser.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr const char* workflow = R"(---
version: '2.0'
hold:
  tasks:
    wait:
      action: std.async_noop
)";

std::shared_ptr<const bora::actors::workflow::Catalog> catalog() {
  auto doc = bora::dsl::parse_document(workflow, "hold.yaml");
  auto c = std::make_shared<bora::actors::workflow::DocumentCatalog>();
  c->add(doc->workflows, doc->actions);
  return c;
}

long rss_kb(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field, 0) == 0) {
      return std::atol(line.c_str() + std::strlen(field));
    }
  }
  return -1;
}

size_t running_count(bora::actors::Embedded& e) {
  size_t n = 0;
  bora::actors::IndexQuery q{bora::storage::Index::exec_state, "RUNNING", "", 10000};
  while (true) {
    auto page = e.list(q);
    if (!page.ok() || page->empty()) {
      break;
    }
    n += page->size();
    if (page->size() < q.limit) {
      break;
    }
    q.marker = page->back();
  }
  return n;
}

// The child: starts `count` executions and reports once all are stored.
[[noreturn]] void fill(const std::string& dir, size_t count, int report_fd) {
  bora::actors::Embedded::Options o;
  o.data_dir = dir;
  o.catalog = catalog();
  auto e = bora::actors::Embedded::open(o);
  if (!e.ok()) {
    std::fprintf(stderr, "open: %s\n", e.error().message.c_str());
    _exit(1);
  }
  auto& engine = **e;
  for (size_t done = 0; done < count;) {
    std::vector<bora::actors::StartCommand> batch;
    for (size_t i = 0; i < 10000 && done < count; ++i, ++done) {
      bora::actors::StartCommand c;
      c.workflow = "hold";
      c.input = "{}";
      c.params = "{}";
      batch.push_back(c);
    }
    engine.start_many(batch);
  }
  while (running_count(engine) < count) {
    std::this_thread::sleep_for(200ms);
  }
  std::this_thread::sleep_for(500ms);  // the async actions' registrations
  (void)!write(report_fd, "ok", 2);
  while (true) {
    pause();
  }
}

}  // namespace

int main(int argc, char** argv) {
  size_t count = 100000;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--count" && i + 1 < argc) {
      count = std::strtoul(argv[++i], nullptr, 10);
    } else if (a == "--data-dir" && i + 1 < argc) {
      dir = argv[++i];
    } else {
      std::fprintf(stderr, "usage: recovery_bench [--count N] [--data-dir DIR]\n");
      return 2;
    }
  }
  bool temporary = dir.empty();
  if (temporary) {
    char tmpl[] = "/tmp/bora-recovery-XXXXXX";
    dir = mkdtemp(tmpl);
  }
  int fds[2];
  if (pipe(fds) != 0) {
    return 1;
  }
  auto fill_start = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    fill(dir, count, fds[1]);
  }
  close(fds[1]);
  char buf[2];
  if (read(fds[0], buf, 2) != 2) {
    std::fprintf(stderr, "the filling process failed\n");
    return 1;
  }
  double fill_s = std::chrono::duration<double>(Clock::now() - fill_start).count();
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);

  auto start = Clock::now();
  bora::actors::Embedded::Options o;
  o.data_dir = dir;
  o.catalog = catalog();
  o.recover = false;
  auto e = bora::actors::Embedded::open(o);
  if (!e.ok()) {
    std::fprintf(stderr, "open: %s\n", e.error().message.c_str());
    return 1;
  }
  double open_s = std::chrono::duration<double>(Clock::now() - start).count();
  auto rec_start = Clock::now();
  auto n = (*e)->recover();
  double recover_s = std::chrono::duration<double>(Clock::now() - rec_start).count();
  if (!n.ok()) {
    std::fprintf(stderr, "recover: %s\n", n.error().message.c_str());
    return 1;
  }
  // Every recovered execution is live again: one answers a summary request.
  std::printf("executions=%zu filled_in=%.1fs open=%.3fs recovered=%llu recover=%.3fs "
              "rss_kb=%ld hwm_kb=%ld\n",
              count, fill_s, open_s, static_cast<unsigned long long>(*n), recover_s,
              rss_kb("VmRSS:"), rss_kb("VmHWM:"));
  e->reset();
  if (temporary) {
    std::filesystem::remove_all(dir);
  }
  return *n == count ? 0 : 1;
}
