// `bora server`: reads config/bora.yaml (or --config), applies the flags and
// runs the REST API.

#include <fstream>
#include <iostream>

#include <yaml-cpp/yaml.h>

#include "cli/commands.hpp"
#include "http/server.hpp"
#include "storage/state.hpp"

namespace bora::cli {

namespace {

// Splits "HOST:PORT"; false when malformed.
bool parse_listen(const std::string& text, std::string& host, int& port) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return false;
  }
  try {
    size_t used = 0;
    int p = std::stoi(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1 || p < 0 || p > 65535) {
      return false;
    }
    host = text.substr(0, colon);
    port = p;
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

// Applies the settings of config file `path` to `o`; returns an error text
// or "" on success.
std::string apply_config(const std::string& path, http::ServerOptions& o) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::ParserException& e) {
    return path + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
           ": " + e.msg;
  } catch (const YAML::Exception& e) {
    return path + ": " + e.what();
  }
  if (root.IsNull()) {
    return "";
  }
  if (!root.IsMap()) {
    return path + ": the configuration must be a map";
  }
  try {
    if (auto s = root["server"]; s) {
      if (auto l = s["listen"]; l && !parse_listen(l.as<std::string>(), o.host, o.port)) {
        return path + ": server.listen must be HOST:PORT";
      }
      if (auto t = s["http_threads"]; t) {
        o.http_threads = t.as<size_t>();
      }
      if (auto m = s["max_body_bytes"]; m) {
        o.max_body_bytes = m.as<size_t>();
      }
    }
    if (auto e = root["engine"]; e) {
      if (auto t = e["threads"]; t) {
        o.engine_threads = t.as<size_t>();
      }
      if (auto c = e["cron_tick_ms"]; c) {
        o.cron_tick_ms = c.as<int64_t>();
      }
    }
    if (auto s = root["storage"]; s) {
      if (auto d = s["data_dir"]; d) {
        o.data_dir = d.as<std::string>();
      }
      if (auto y = s["sync"]; y) {
        o.sync = y.as<bool>();
      }
    }
    if (auto r = root["retention"]; r) {
      auto& p = o.retention;
      if (auto v = r["older_than_minutes"]; v && !v.IsNull()) {
        p.older_than_minutes = v.as<int64_t>();
        if (*p.older_than_minutes < 1) {
          return path + ": retention.older_than_minutes must be at least 1";
        }
      }
      if (auto v = r["max_finished_executions"]; v && !v.IsNull()) {
        p.max_finished_executions = v.as<uint64_t>();
      }
      if (auto v = r["batch_size"]; v) {
        p.batch_size = v.as<uint64_t>();
      }
      if (auto v = r["ignored_states"]; v && v.IsSequence()) {
        for (const auto& s : v) {
          auto state = storage::parse_state(s.as<std::string>());
          if (!state || !storage::is_completed(*state)) {
            return path + ": retention.ignored_states: " + s.as<std::string>() +
                   " is not a finished state (SUCCESS, ERROR, CANCELLED)";
          }
          p.ignored_states.push_back(*state);
        }
      }
      if (auto v = r["interval_seconds"]; v) {
        o.retention_interval_s = v.as<int64_t>();
        if (o.retention_interval_s < 1) {
          return path + ": retention.interval_seconds must be at least 1";
        }
      }
    }
    if (auto n = root["node"]; n) {
      if (auto name = n["name"]; name) {
        o.node_name = name.as<std::string>();
      }
    }
  } catch (const YAML::Exception& e) {
    return path + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
           ": " + e.msg;
  }
  return "";
}

}  // namespace

int run_server_command(const ServerCommandOptions& opts) {
  http::ServerOptions o;
  std::string config = opts.config;
  if (config.empty() && std::ifstream("config/bora.yaml").good()) {
    config = "config/bora.yaml";
  }
  if (!config.empty()) {
    if (!std::ifstream(config).good()) {
      std::cerr << "bora server: cannot read " << config << "\n";
      return exit_usage;
    }
    if (auto err = apply_config(config, o); !err.empty()) {
      std::cerr << "bora server: " << err << "\n";
      return exit_usage;
    }
  }
  if (!opts.listen.empty() && !parse_listen(opts.listen, o.host, o.port)) {
    std::cerr << "bora server: --listen must be HOST:PORT\n";
    return exit_usage;
  }
  if (!opts.data_dir.empty()) {
    o.data_dir = opts.data_dir;
  }
  return http::run_server(o);
}

}  // namespace bora::cli
