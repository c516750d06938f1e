// bench/load_engine: a load driver for the engine. It runs generated
// workflows in process through actors::Embedded, with every RocksDB write on
// (a scratch data directory under /tmp, removed afterwards), checks every
// result and prints one line per scenario. Without `--scenario` it runs each
// scenario in a fresh copy of itself, so that peak RSS figures do not mix.
//
//   load_engine [--scenario NAME [--data-dir DIR]] [--scale F] [--sync] [--threads N]
//
// `--data-dir` keeps the database of one scenario for inspection.
// Transitions: each task execution (or with-items item, i.e. action
// execution) is counted as two transitions, its creation as RUNNING and its
// completion.

#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <boost/json.hpp>

#include "actors/embedded.hpp"
#include "actors/workflow/document_catalog.hpp"
#include "dsl/parser.hpp"

namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr auto wait_limit = std::chrono::hours(1);

struct Config {
  std::string scenario;
  double scale = 1.0;
  bool sync = false;
  size_t threads = 0;
  bool header = true;
  std::string data_dir;  // kept afterwards when given
};

// -- memory ---

struct Memory {
  int64_t hwm_kb = 0;  // VmHWM: peak resident set
  int64_t rss_kb = 0;  // VmRSS: resident set now
  int64_t heap = 0;    // bytes malloc has handed out and not got back
};

int64_t status_field(const std::string& text, const char* name) {
  auto at = text.find(name);
  return at == std::string::npos ? -1 : std::atoll(text.c_str() + at + std::strlen(name));
}

Memory read_memory() {
  std::ifstream in("/proc/self/status");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  struct mallinfo2 mi = mallinfo2();
  return Memory{status_field(text, "VmHWM:"), status_field(text, "VmRSS:"),
                static_cast<int64_t>(mi.uordblks + mi.hblkhd)};
}

// -- definitions ---

std::string sequential_yaml(int64_t n) {
  std::string y = "version: '2.0'\nseq:\n  tasks:\n";
  for (int64_t i = 1; i <= n; ++i) {
    y += "    t" + std::to_string(i) + ":\n      action: std.noop\n";
    if (i < n) {
      y += "      on-success: [t" + std::to_string(i + 1) + "]\n";
    }
  }
  return y;
}

std::string fanout_yaml(int64_t n) {
  std::string y = "version: '2.0'\nfan:\n  tasks:\n    start:\n      action: std.noop\n"
                  "      on-success:\n";
  for (int64_t i = 1; i <= n; ++i) {
    y += "        - b" + std::to_string(i) + "\n";
  }
  for (int64_t i = 1; i <= n; ++i) {
    y += "    b" + std::to_string(i) + ":\n      action: std.noop\n      on-success: [join]\n";
  }
  y += "    join:\n      join: all\n      action: std.noop\n";
  return y;
}

const char* items_yaml =
    "version: '2.0'\n"
    "items:\n"
    "  input: [xs]\n"
    "  tasks:\n"
    "    each:\n"
    "      with-items: x in <% $.xs %>\n"
    "      concurrency: 100\n"
    "      action: std.echo output=<% $.x %>\n";

const char* five_yaml =
    "version: '2.0'\n"
    "five:\n"
    "  tasks:\n"
    "    a:\n      action: std.noop\n      on-success: [b]\n"
    "    b:\n      action: std.noop\n      on-success: [c]\n"
    "    c:\n      action: std.noop\n      on-success: [d]\n"
    "    d:\n      action: std.noop\n      on-success: [e]\n"
    "    e:\n      action: std.noop\n";

// -- checks ---

// Returns an empty string when `summary` ended in SUCCESS with `tasks`
// tasks, all in SUCCESS; else what is wrong.
std::string check_run(const json::object& summary, size_t tasks) {
  const auto* state = summary.if_contains("state");
  if (state == nullptr || !state->is_string() || state->as_string() != "SUCCESS") {
    return "execution state is " + (state ? json::serialize(*state) : std::string("missing")) +
           ", info " + json::serialize(summary.at("state_info"));
  }
  const auto& list = summary.at("tasks").as_array();
  if (list.size() != tasks) {
    return "expected " + std::to_string(tasks) + " tasks, got " + std::to_string(list.size());
  }
  for (const auto& t : list) {
    if (t.at("state").as_string() != "SUCCESS") {
      return "task " + json::serialize(t.at("name")) + " is " + json::serialize(t.at("state"));
    }
  }
  return {};
}

std::string check_names(const json::object& summary, const char* prefix, int64_t n) {
  std::vector<bool> seen(static_cast<size_t>(n + 1), false);
  for (const auto& t : summary.at("tasks").as_array()) {
    std::string name(t.at("name").as_string());
    if (name.rfind(prefix, 0) != 0) {
      continue;
    }
    int64_t i = std::atoll(name.c_str() + std::strlen(prefix));
    if (i < 1 || i > n || seen[static_cast<size_t>(i)]) {
      return "unexpected or repeated task " + name;
    }
    seen[static_cast<size_t>(i)] = true;
  }
  for (int64_t i = 1; i <= n; ++i) {
    if (!seen[static_cast<size_t>(i)]) {
      return std::string("task ") + prefix + std::to_string(i) + " never ran";
    }
  }
  return {};
}

std::string check_items(const json::object& summary, int64_t n) {
  const auto& result = summary.at("tasks").as_array().at(0).at("result");
  if (!result.is_array() || static_cast<int64_t>(result.as_array().size()) != n) {
    return "with-items result is not a list of " + std::to_string(n);
  }
  const auto& list = result.as_array();
  for (int64_t i = 0; i < n; ++i) {
    const auto& v = list[static_cast<size_t>(i)];
    if (!v.is_int64() || v.as_int64() != i) {
      return "with-items result[" + std::to_string(i) + "] is " + json::serialize(v);
    }
  }
  return {};
}

// -- one scenario in this process ---

struct Outcome {
  int64_t tasks = 0;        // task executions, or items for with-items
  double seconds = 0;
  double start_seconds = -1;  // time spent in start() (concurrent scenario)
  bool latency = false;     // seconds / tasks is a latency (sequential chain)
  std::string error;        // empty when every check passed
  int64_t summary_bytes = 0;  // JSON text of the summaries the engine keeps
};

struct Engine {
  fs::path dir;
  bool keep = false;
  std::unique_ptr<bora::actors::Embedded> embedded;
  ~Engine() {
    embedded.reset();
    std::error_code ec;
    if (!keep) {
      fs::remove_all(dir, ec);
    }
  }
};

int64_t tree_bytes(const fs::path& dir) {
  int64_t total = 0;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file(ec)) {
      total += static_cast<int64_t>(e.file_size(ec));
    }
  }
  return total;
}

bora::Result<std::shared_ptr<bora::actors::workflow::DocumentCatalog>> catalog_of(
    const std::string& yaml) {
  auto wfs = bora::dsl::parse_workflows(yaml, "load_engine.yaml");
  if (!wfs.ok()) {
    return std::move(wfs).error();
  }
  auto catalog = std::make_shared<bora::actors::workflow::DocumentCatalog>();
  catalog->add(*wfs, {});
  return catalog;
}

Outcome run_one(const std::string& wf, const std::string& input, int64_t tasks,
                bora::actors::Embedded& engine, const std::function<std::string(
                    const json::object&)>& check) {
  bora::actors::StartCommand cmd;
  cmd.workflow = wf;
  cmd.input = input;
  Outcome o;
  o.tasks = tasks;
  auto t0 = Clock::now();
  auto summary = engine.run(cmd, wait_limit);
  o.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  if (!summary.ok()) {
    o.error = "run failed: " + summary.error().message;
    return o;
  }
  o.summary_bytes = static_cast<int64_t>(json::serialize(*summary).size());
  o.error = check(*summary);
  return o;
}

Outcome sequential(bora::actors::Embedded& engine, int64_t n) {
  auto o = run_one("seq", "{}", n, engine, [n](const json::object& s) {
    auto e = check_run(s, static_cast<size_t>(n));
    return e.empty() ? check_names(s, "t", n) : e;
  });
  o.latency = true;
  return o;
}

Outcome fanout(bora::actors::Embedded& engine, int64_t n) {
  return run_one("fan", "{}", n + 2, engine, [n](const json::object& s) {
    auto e = check_run(s, static_cast<size_t>(n + 2));
    if (e.empty()) {
      e = check_names(s, "b", n);
    }
    int joins = 0;
    int starts = 0;
    for (const auto& t : s.at("tasks").as_array()) {
      joins += t.at("name").as_string() == "join" ? 1 : 0;
      starts += t.at("name").as_string() == "start" ? 1 : 0;
    }
    if (e.empty() && (joins != 1 || starts != 1)) {
      e = "expected one start and one join task, got " + std::to_string(starts) + " and " +
          std::to_string(joins);
    }
    return e;
  });
}

Outcome items(bora::actors::Embedded& engine, int64_t n) {
  json::array xs;
  xs.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    xs.emplace_back(i);
  }
  std::string input = json::serialize(json::object{{"xs", std::move(xs)}});
  return run_one("items", input, n, engine, [n](const json::object& s) {
    auto e = check_run(s, 1);
    return e.empty() ? check_items(s, n) : e;
  });
}

Outcome concurrent(bora::actors::Embedded& engine, int64_t n) {
  Outcome o;
  o.tasks = n * 5;
  bora::actors::StartCommand cmd;
  cmd.workflow = "five";
  cmd.input = "{}";
  std::vector<bora::actors::StartCommand> cmds(static_cast<size_t>(n), cmd);
  std::vector<std::string> ids;
  ids.reserve(cmds.size());
  auto t0 = Clock::now();
  for (auto& id : engine.start_many(cmds)) {
    if (!id.ok()) {
      o.error = "start failed: " + id.error().message;
      return o;
    }
    ids.push_back(std::move(id).value());
  }
  o.start_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  // Each summary is checked as it comes and dropped, so that the driver's
  // own memory stays out of the peak.
  for (const auto& id : ids) {
    auto s = engine.wait(id, wait_limit);
    if (!s.ok()) {
      o.error = "wait " + id + " failed: " + s.error().message;
      return o;
    }
    o.summary_bytes += static_cast<int64_t>(json::serialize(*s).size());
    if (o.error.empty()) {
      o.error = check_run(*s, 5);
    }
    if (o.error.empty() && s->at("id").as_string() != id) {
      o.error = "wait returned another execution";
    }
  }
  o.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return o;
}

struct Scenario {
  const char* name;
  int64_t size;  // at scale 1
  const char* yaml;
  std::string (*make_yaml)(int64_t);
  Outcome (*body)(bora::actors::Embedded&, int64_t);
};

const std::vector<Scenario>& scenarios() {
  static const std::vector<Scenario> list = {
      {"sequential", 1000, nullptr, sequential_yaml, sequential},
      {"fanout", 1000, nullptr, fanout_yaml, fanout},
      {"items-10k", 10000, items_yaml, nullptr, items},
      {"items-50k", 50000, items_yaml, nullptr, items},
      {"items-100k", 100000, items_yaml, nullptr, items},
      {"concurrent", 10000, five_yaml, nullptr, concurrent},
  };
  return list;
}

void print_header() {
  std::printf("%-11s %8s %8s %10s %9s %8s %8s %9s %9s %8s %s\n", "scenario", "tasks", "seconds",
              "trans/s", "ms/task", "peak_MB", "peakB/t", "heapB/t", "keptB/t", "disk_MB",
              "check");
}

int run_scenario(const Config& cfg, const Scenario& sc) {
  int64_t n = std::max<int64_t>(1, std::llround(static_cast<double>(sc.size) * cfg.scale));
  auto catalog = catalog_of(sc.make_yaml ? sc.make_yaml(n) : std::string(sc.yaml));
  if (!catalog.ok()) {
    std::fprintf(stderr, "%s: definition does not parse: %s\n", sc.name,
                 catalog.error().message.c_str());
    return 2;
  }
  std::random_device rd;
  Engine eng;
  eng.dir = fs::temp_directory_path() /
            ("bora-load-" + std::string(sc.name) + "-" + std::to_string(rd()));
  if (!cfg.data_dir.empty()) {
    eng.dir = cfg.data_dir;
    eng.keep = true;
  }
  bora::actors::Embedded::Options opts;
  opts.data_dir = eng.dir.string();
  opts.sync = cfg.sync;
  opts.catalog = *catalog;
  opts.threads = cfg.threads;
  auto embedded = bora::actors::Embedded::open(std::move(opts));
  if (!embedded.ok()) {
    std::fprintf(stderr, "%s: cannot open the engine: %s\n", sc.name,
                 embedded.error().message.c_str());
    return 2;
  }
  eng.embedded = std::move(embedded).value();
  Memory before = read_memory();
  Outcome o = sc.body(*eng.embedded, n);
  Memory peak = read_memory();
  // Finished execution actors quit right after reporting their end: give
  // them a moment before measuring what stays.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  Memory after = read_memory();
  double tasks = static_cast<double>(std::max<int64_t>(o.tasks, 1));
  if (cfg.header) {
    print_header();
  }
  char latency[32] = "-";
  if (o.latency) {
    std::snprintf(latency, sizeof latency, "%.3f", o.seconds * 1000 / tasks);
  }
  std::string check = o.error.empty() ? "ok" : "FAILED: " + o.error;
  std::printf("%-11s %8lld %8.3f %10.0f %9s %8.1f %8.0f %9.0f %9.0f %8.1f %s\n", sc.name,
              static_cast<long long>(o.tasks), o.seconds, 2 * tasks / o.seconds, latency,
              static_cast<double>(peak.hwm_kb) / 1024,
              static_cast<double>(peak.hwm_kb - before.rss_kb) * 1024 / tasks,
              static_cast<double>(after.heap - before.heap) / tasks,
              static_cast<double>(o.summary_bytes) / tasks,
              static_cast<double>(tree_bytes(eng.dir)) / (1 << 20),
              check.c_str());
  if (o.start_seconds >= 0) {
    std::printf("%-11s (start_many() of all executions took %.3f s)\n", "", o.start_seconds);
  }
  std::fflush(stdout);
  return o.error.empty() ? 0 : 1;
}

// Runs every scenario in a fresh copy of this program.
int run_all(const Config& cfg, const char* self) {
  print_header();
  std::fflush(stdout);
  int failures = 0;
  for (const auto& sc : scenarios()) {
    std::string scale = std::to_string(cfg.scale);
    std::string threads = std::to_string(cfg.threads);
    std::vector<const char*> argv = {self, "--scenario", sc.name, "--scale", scale.c_str(),
                                     "--threads", threads.c_str(), "--no-header"};
    if (cfg.sync) {
      argv.push_back("--sync");
    }
    argv.push_back(nullptr);
    pid_t pid = fork();
    if (pid == 0) {
      execv("/proc/self/exe", const_cast<char* const*>(argv.data()));
      std::perror("execv");
      _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
      if (pid > 0 && WIFSIGNALED(status)) {
        std::printf("%-11s FAILED (signal %d)\n", sc.name, WTERMSIG(status));
      } else {
        std::printf("%-11s FAILED (exit status %d)\n", sc.name, WEXITSTATUS(status));
      }
      ++failures;
    }
  }
  return failures == 0 ? 0 : 1;
}

int usage() {
  std::fprintf(stderr,
               "usage: load_engine [--scenario NAME [--data-dir DIR]] [--scale F] [--sync]\n"
               "                   [--threads N]\n"
               "scenarios:");
  for (const auto& sc : scenarios()) {
    std::fprintf(stderr, " %s", sc.name);
  }
  std::fprintf(stderr, "\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    bool has_value = i + 1 < argc;
    if (a == "--scenario" && has_value) {
      cfg.scenario = argv[++i];
    } else if (a == "--scale" && has_value) {
      cfg.scale = std::atof(argv[++i]);
    } else if (a == "--threads" && has_value) {
      cfg.threads = static_cast<size_t>(std::atoll(argv[++i]));
    } else if (a == "--sync") {
      cfg.sync = true;
    } else if (a == "--data-dir" && has_value) {
      cfg.data_dir = argv[++i];
    } else if (a == "--no-header") {
      cfg.header = false;
    } else {
      return usage();
    }
  }
  if (!(cfg.scale > 0)) {
    return usage();
  }
  if (cfg.scenario.empty()) {
    return run_all(cfg, argv[0]);
  }
  for (const auto& sc : scenarios()) {
    if (cfg.scenario == sc.name) {
      return run_scenario(cfg, sc);
    }
  }
  return usage();
}
