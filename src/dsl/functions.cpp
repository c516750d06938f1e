#include "dsl/functions.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <random>

#include <boost/json.hpp>

#include "dsl/pystr.hpp"
#include "dsl/yaml_value.hpp"

namespace bora::dsl {
namespace json = boost::json;
namespace {

// A Python-style signature: parameter names with optional defaults.
struct Param {
  const char* name;
  bool required;
};

using Bound = std::vector<json::value>;

// Binds positional and keyword arguments to `params` as Python would,
// filling absent optional ones with null.
Result<Bound> bind(std::string_view fn, std::initializer_list<Param> params,
                   const std::vector<json::value>& args, const KeywordArgs& kwargs) {
  // Python names the implementing function with a trailing underscore.
  auto err = [&](const std::string& what) {
    return Error(Errc::evaluation_error, std::string(fn) + "_() " + what);
  };
  if (args.size() > params.size()) {
    return err("takes " + std::to_string(params.size()) + " positional arguments but " +
               std::to_string(args.size()) + " were given");
  }
  Bound out(params.size());
  std::vector<bool> set(params.size(), false);
  for (std::size_t i = 0; i < args.size(); ++i) {
    out[i] = args[i];
    set[i] = true;
  }
  for (const auto& [key, value] : kwargs) {
    std::size_t i = 0;
    for (const auto& p : params) {
      if (key == p.name) {
        break;
      }
      ++i;
    }
    if (i == params.size()) {
      return err("got an unexpected keyword argument '" + key + "'");
    }
    if (set[i]) {
      return err("got multiple values for argument '" + key + "'");
    }
    out[i] = value;
    set[i] = true;
  }
  std::size_t i = 0;
  for (const auto& p : params) {
    if (p.required && !set[i]) {
      return err("missing 1 required positional argument: '" + std::string(p.name) + "'");
    }
    ++i;
  }
  return out;
}

std::optional<std::string> opt_string(const json::value& v) {
  if (v.is_null()) {
    return std::nullopt;
  }
  return py_str(v);
}

Result<const HostFunctions*> need_host(std::string_view fn, const EvalContext& ctx) {
  if (ctx.host == nullptr) {
    return Error(Errc::evaluation_error,
                 std::string(fn) + "() is only available inside a workflow execution");
  }
  return ctx.host;
}

std::string new_uuid() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::array<uint8_t, 16> b{};
  for (std::size_t i = 0; i < 16; i += 8) {
    uint64_t r = rng();
    for (std::size_t k = 0; k < 8; ++k) {
      b[i + k] = static_cast<uint8_t>(r >> (8 * k));
    }
  }
  b[6] = static_cast<uint8_t>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<uint8_t>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return out;
}

// Returns the 1-based line and column of byte `pos`, as Python's JSON
// decoder reports them.
std::string json_position(std::string_view text, std::size_t pos) {
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < pos && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return "line " + std::to_string(line) + " column " + std::to_string(pos - line_start + 1) +
         " (char " + std::to_string(pos) + ")";
}

// Parses JSON text with error messages shaped like Python's json.loads:
// what was expected, then where.
Result<json::value> json_parse(const json::value& text) {
  if (!text.is_string()) {
    return Error(Errc::evaluation_error,
                 "<class '" + std::string(py_type_name(text)) + "'> can't be decoded");
  }
  std::string_view s = text.get_string();
  json::stream_parser p;
  boost::system::error_code ec;
  std::size_t used = p.write_some(s.data(), s.size(), ec);
  if (!ec) {
    p.finish(ec);
  }
  if (!ec && p.done()) {
    return p.release();
  }
  // Find what the decoder was looking at when it stopped.
  std::size_t pos = used;
  std::size_t prev = pos;
  while (prev > 0 && std::isspace(static_cast<unsigned char>(s[prev - 1])) != 0) {
    --prev;
  }
  std::string what = "Expecting value";
  if (p.done()) {
    what = "Extra data";
  } else if (prev > 0 && s[prev - 1] == '{') {
    what = "Expecting property name enclosed in double quotes";
  }
  while (pos < s.size() && std::isspace(static_cast<unsigned char>(s[pos])) != 0) {
    ++pos;
  }
  return Error(Errc::evaluation_error, what + ": " + json_position(s, pos));
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  std::size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
  return s;
}

Result<json::value> call_host(std::string_view name, const Bound& a, const EvalContext& ctx) {
  auto host = need_host(name, ctx);
  if (!host.ok()) {
    return std::move(host).error();
  }
  const HostFunctions& h = **host;
  if (name == "task") {
    if (a[0].is_null()) {
      return h.task(nullptr);
    }
    std::string task_name = py_str(a[0]);
    return h.task(&task_name);
  }
  if (name == "tasks") {
    TasksQuery q{opt_string(a[0]), py_truthy(a[1]), opt_string(a[2]), py_truthy(a[3])};
    return h.tasks(q);
  }
  if (name == "execution") {
    return h.execution();
  }
  if (name == "executions") {
    ExecutionsQuery q{opt_string(a[0]), opt_string(a[1]), opt_string(a[2]), opt_string(a[3]),
                      opt_string(a[4])};
    return h.executions(q);
  }
  return h.global(py_str(a[0]));
}

}  // namespace

bool is_mistral_function(std::string_view name) {
  static constexpr std::string_view names[] = {
      "task",     "tasks",     "execution", "executions", "env",        "global",
      "json_pp",  "json_dump", "json_parse", "yaml_dump", "yaml_parse", "uuid"};
  for (auto n : names) {
    if (n == name) {
      return true;
    }
  }
  return false;
}

Result<json::value> call_mistral_function(std::string_view name,
                                          const std::vector<json::value>& args,
                                          const KeywordArgs& kwargs, const EvalContext& ctx) {
  auto sig = [&](std::initializer_list<Param> params) {
    return bind(name, params, args, kwargs);
  };
  Result<Bound> bound = Bound{};
  if (name == "task") {
    bound = sig({{"task_name", false}});
  } else if (name == "tasks") {
    bound = sig({{"workflow_execution_id", false},
                 {"recursive", false},
                 {"state", false},
                 {"flat", false}});
  } else if (name == "execution" || name == "env" || name == "uuid") {
    bound = sig({});
  } else if (name == "executions") {
    bound = sig({{"id", false},
                 {"root_execution_id", false},
                 {"state", false},
                 {"from_time", false},
                 {"to_time", false}});
  } else if (name == "global") {
    bound = sig({{"var_name", true}});
  } else if (name == "json_pp") {
    bound = sig({{"data", false}});
  } else if (name == "json_dump" || name == "json_parse" || name == "yaml_dump" ||
             name == "yaml_parse") {
    bound = sig({{"data", true}});
  } else {
    return Error(Errc::evaluation_error, "unknown function " + std::string(name));
  }
  if (!bound.ok()) {
    return std::move(bound).error();
  }
  const Bound& a = *bound;
  if (name == "env") {
    const json::value* data = ctx.data;
    if (data != nullptr && data->is_object()) {
      if (const json::value* env = data->get_object().if_contains("__env")) {
        return *env;
      }
    }
    return json::value(nullptr);
  }
  if (name == "uuid") {
    return json::value(new_uuid());
  }
  if (name == "json_dump") {
    return json::value(py_json_dumps(a[0], 4));
  }
  if (name == "json_pp") {
    // Mistral's deprecated pretty printer: dumps `data or context`, then
    // turns escaped newlines back into real ones.
    const json::value& src = py_truthy(a[0]) || ctx.data == nullptr ? a[0] : *ctx.data;
    std::string text = py_json_dumps(src, 4);
    return json::value(replace_all(replace_all(text, "\\n", "\n"), " \n", "\n"));
  }
  if (name == "json_parse") {
    return json_parse(a[0]);
  }
  if (name == "yaml_dump") {
    return json::value(dump_yaml_value(a[0]));
  }
  if (name == "yaml_parse") {
    if (!a[0].is_string()) {
      return Error(Errc::evaluation_error, "yaml_parse() expects a string");
    }
    auto parsed = parse_yaml_value(a[0].get_string());
    if (!parsed.ok()) {
      return Error(Errc::evaluation_error, parsed.error().message);
    }
    return std::move(parsed).value();
  }
  return call_host(name, a, ctx);
}

}  // namespace bora::dsl
