#include "http/server.hpp"

#include <csignal>
#include <iostream>
#include <regex>
#include <thread>

#include <boost/json.hpp>
#include <httplib.h>
#include <pthread.h>

#include "dsl/pystr.hpp"
#include "http/api.hpp"
#include "http/cron_runner.hpp"
#include "http/definitions.hpp"
#include "http/periodic.hpp"
#include "log.hpp"

namespace bora::http {

namespace json = boost::json;

namespace {

struct CompiledRoute {
  Route route;
  std::regex re;
};

void send(httplib::Response& res, const Reply& reply) {
  res.status = reply.status;
  for (const auto& [k, v] : reply.headers) {
    res.set_header(k, v);
  }
  if (reply.status == 204) {
    return;
  }
  res.set_content(dsl::py_json_dumps(reply.body), "application/json");
}

Request to_request(const httplib::Request& req, const std::smatch& m) {
  Request r;
  r.method = req.method;
  r.path = req.path;
  for (size_t i = 1; i < m.size(); ++i) {
    r.captures.push_back(m[i].str());
  }
  for (const auto& [k, v] : req.params) {
    r.query.emplace_back(k, v);
  }
  r.body = req.body;
  r.content_type = req.get_header_value("Content-Type");
  return r;
}

// Dispatches one request to the first route whose method and pattern match.
void dispatch(Api& api, const std::vector<CompiledRoute>& routes, const httplib::Request& req,
              httplib::Response& res) {
  bool path_known = false;
  for (const auto& cr : routes) {
    std::smatch m;
    if (!std::regex_match(req.path, m, cr.re)) {
      continue;
    }
    path_known = true;
    if (cr.route.method != req.method) {
      continue;
    }
    Request r = to_request(req, m);
    Reply reply;
    if (cr.route.params) {
      for (const auto& [k, v] : r.query) {
        const auto& ok = *cr.route.params;
        if (std::find(ok.begin(), ok.end(), k) == ok.end()) {
          send(res, fault(Error(Errc::invalid_argument, "Unknown argument: \"" + k + "\""),
                          cr.route.style));
          return;
        }
      }
    }
    try {
      reply = cr.route.handler(api, r);
    } catch (const std::exception& e) {
      reply = fault(Error(Errc::internal, std::string("internal error: ") + e.what()),
                    cr.route.style);
    }
    send(res, reply);
    return;
  }
  res.status = path_known ? 405 : 404;
  res.set_content(std::string("<html><body><h1>") + (path_known ? "405 Method Not Allowed"
                                                                 : "404 Not Found") +
                      "</h1></body></html>",
                  "text/html");
}

// Blocks SIGTERM and SIGINT in the calling thread and every thread it
// starts later; a dedicated thread waits for them.
sigset_t block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

}  // namespace

int run_server(const ServerOptions& options) {
  sigset_t stop_signals = block_stop_signals();

  auto catalog = std::make_shared<actors::workflow::SharedCatalog>();
  std::string base_url = "http://" + options.host + ":" + std::to_string(options.port);
  actors::Embedded::Options eo;
  eo.data_dir = options.data_dir;
  eo.sync = options.sync;
  eo.catalog = catalog;
  eo.threads = options.engine_threads;
  eo.api_base_url = base_url;
  // Recovery waits for the stored definitions: a recovered execution may start
  // a sub-workflow or an ad-hoc action as soon as it goes on.
  eo.recover = false;
  auto engine = actors::Embedded::open(eo);
  if (!engine.ok()) {
    std::cerr << "bora server: cannot open data directory " << options.data_dir << ": "
              << engine.error().message << "\n";
    return 1;
  }
  Api api(**engine, catalog, base_url);
  api.node_name = options.node_name;
  if (auto loaded = load_definitions(api); !loaded.ok()) {
    std::cerr << "bora server: cannot load definitions: " << loaded.error().message << "\n";
    return 1;
  }
  if (auto recovered = (*engine)->recover(); !recovered.ok()) {
    std::cerr << "bora server: cannot recover executions: " << recovered.error().message
              << "\n";
    return 1;
  }

  std::vector<Route> routes;
  add_definition_routes(routes);
  add_execution_routes(routes);
  add_task_routes(routes);
  add_misc_routes(routes);
  std::vector<CompiledRoute> compiled;
  for (auto& r : routes) {
    std::regex re(r.pattern);
    compiled.push_back({std::move(r), std::move(re)});
  }

  httplib::Server svr;
  size_t threads = options.http_threads == 0 ? 1 : options.http_threads;
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  svr.set_payload_max_length(options.max_body_bytes);
  svr.set_keep_alive_max_count(1000);
  // cpp-httplib holds a thread per open connection: an idle kept-alive
  // connection gives its thread back after 2 s.
  svr.set_keep_alive_timeout(2);
  // Responses go out as several writes; without TCP_NODELAY, Nagle's algorithm
  // holds the last one until the client's delayed ACK (about 40 ms per request
  // on a kept-alive connection).
  svr.set_tcp_nodelay(true);
  svr.set_read_timeout(30, 0);
  auto handler = [&](const httplib::Request& req, httplib::Response& res) {
    dispatch(api, compiled, req, res);
  };
  for (const char* m : {"GET", "POST", "PUT", "DELETE", "PATCH"}) {
    std::string method = m;
    auto h = [&, method](const httplib::Request& req, httplib::Response& res) {
      handler(req, res);
    };
    if (method == "GET") {
      svr.Get(".*", h);
    } else if (method == "POST") {
      svr.Post(".*", h);
    } else if (method == "PUT") {
      svr.Put(".*", h);
    } else if (method == "DELETE") {
      svr.Delete(".*", h);
    } else {
      svr.Patch(".*", h);
    }
  }
  // A body announced larger than the limit is refused before it is read.
  size_t max_body = options.max_body_bytes;
  svr.set_pre_routing_handler([max_body](const httplib::Request& req, httplib::Response& res) {
    const auto& length = req.get_header_value("Content-Length");
    if (length.empty() || length.find_first_not_of("0123456789") != std::string::npos ||
        (length.size() <= 19 && std::stoull(length) <= max_body)) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    Reply r = fault(Error(Errc::limit_exceeded, "Request body is too large"));
    r.status = 413;
    send(res, r);
    res.set_header("Connection", "close");
    return httplib::Server::HandlerResponse::Handled;
  });
  svr.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.status == 413) {
      Reply r = fault(Error(Errc::limit_exceeded, "Request body is too large"));
      r.status = 413;
      send(res, r);
    }
  });

  if (!svr.bind_to_port(options.host.c_str(), options.port)) {
    std::cerr << "bora server: cannot listen on " << options.host << ":" << options.port << "\n";
    return 1;
  }
  CronRunner cron(api, options.cron_tick_ms);
  cron.start();
  const auto& policy = options.retention;
  bool retain = policy.older_than_minutes || policy.max_finished_executions.value_or(0) > 0;
  Periodic retention(options.retention_interval_s * 1000, [&api, policy] {
    auto gone = api.engine.expire(policy);
    if (!gone.ok()) {
      std::cerr << "bora server: retention pass failed: " << gone.error().message << "\n";
    }
  });
  if (retain) {
    retention.start();
  }

  std::thread signal_waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    svr.stop();
  });
  std::cerr << "bora server: listening on " << base_url << " (data " << options.data_dir << ")\n";
  svr.listen_after_bind();
  // listen_after_bind returns once stop() was called and the requests in
  // progress have been answered.
  if (signal_waiter.joinable()) {
    // A stop not caused by a signal (listen failure) still releases the
    // waiter.
    pthread_kill(signal_waiter.native_handle(), SIGTERM);
    signal_waiter.join();
  }
  cron.stop();
  retention.stop();
  std::cerr << "bora server: stopped\n";
  return 0;
}

}  // namespace bora::http
