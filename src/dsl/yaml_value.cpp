#include "dsl/yaml_value.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <boost/json.hpp>
#include <yaml-cpp/yaml.h>

#include "dsl/pystr.hpp"
#include "dsl/yaml_scalar.hpp"

namespace bora::dsl {
namespace json = boost::json;
namespace {

// Bounds for YAML read by expressions (yaml_parse) — untrusted text.
constexpr std::size_t max_yaml_text_bytes = 16u << 20;
constexpr int max_yaml_depth = 512;
constexpr std::size_t max_yaml_nodes = 1'000'000;

struct Converter {
  std::size_t nodes = 0;

  Result<json::value> convert(const YAML::Node& n, int depth) {
    if (++nodes > max_yaml_nodes) {
      return Error(Errc::limit_exceeded, "YAML expands to more than " +
                                             std::to_string(max_yaml_nodes) + " nodes");
    }
    if (depth > max_yaml_depth) {
      return Error(Errc::limit_exceeded,
                   "YAML nested deeper than " + std::to_string(max_yaml_depth) + " levels");
    }
    switch (n.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        return json::value(nullptr);
      case YAML::NodeType::Scalar:
        return scalar(n);
      case YAML::NodeType::Sequence:
        return sequence(n, depth);
      case YAML::NodeType::Map:
        return map(n, depth);
    }
    return json::value(nullptr);
  }

  Result<json::value> scalar(const YAML::Node& n) {
    const std::string& tag = n.Tag();
    const std::string& text = n.Scalar();
    if (tag == "?") {
      return resolve_yaml11_scalar(text);
    }
    if (tag == "!" || tag.empty()) {
      return json::value(json::string(text));
    }
    json::value out;
    if (resolve_tagged_scalar(tag, text, out)) {
      return out;
    }
    return Error(Errc::parse_error, "could not resolve '" + text + "' as " + tag);
  }

  Result<json::value> sequence(const YAML::Node& n, int depth) {
    json::array a;
    a.reserve(n.size());
    for (const auto& item : n) {
      auto v = convert(item, depth + 1);
      if (!v.ok()) {
        return v;
      }
      a.push_back(std::move(v).value());
    }
    return json::value(std::move(a));
  }

  Result<json::value> map(const YAML::Node& n, int depth) {
    json::object o;
    for (const auto& kv : n) {
      auto key = convert(kv.first, depth + 1);
      if (!key.ok()) {
        return key;
      }
      auto v = convert(kv.second, depth + 1);
      if (!v.ok()) {
        return v;
      }
      // Later duplicates win, as in a safe loader.
      o[py_str(*key)] = std::move(v).value();
    }
    return json::value(std::move(o));
  }
};

// -- dumping -----------------------------------------------------------------

bool needs_quotes(const std::string& s) {
  if (s.empty()) {
    return true;
  }
  json::value resolved = resolve_yaml11_scalar(s);
  if (!resolved.is_string()) {
    return true;  // would read back as null, bool or a number
  }
  static const std::string indicators = "-?:,[]{}#&*!|>'\"%@`";
  if (indicators.find(s[0]) != std::string::npos) {
    // `-`, `?` and `:` start a plain scalar only when followed by a non-space.
    bool safe_dash = (s[0] == '-' || s[0] == '?' || s[0] == ':') && s.size() > 1 && s[1] != ' ';
    if (!safe_dash) {
      return true;
    }
  }
  if (s.front() == ' ' || s.back() == ' ' || s.back() == ':') {
    return true;
  }
  if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos) {
    return true;
  }
  for (unsigned char c : s) {
    if (c < 0x20 || c >= 0x7F) {
      return true;
    }
  }
  return false;
}

bool printable_ascii(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7F; });
}

void append_double_quoted(std::string& out, const std::string& s) {
  // A JSON string literal is a valid YAML double-quoted scalar.
  out += py_json_dumps(json::value(json::string(s)));
}

void append_scalar(std::string& out, const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      out += "null";
      return;
    case json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return;
    case json::kind::int64:
    case json::kind::uint64:
      out += py_repr(v);
      return;
    case json::kind::double_: {
      double d = v.get_double();
      if (std::isnan(d)) {
        out += ".nan";
      } else if (std::isinf(d)) {
        out += d > 0 ? ".inf" : "-.inf";
      } else {
        std::string r = py_float_repr(d);
        auto e = r.find('e');
        if (e != std::string::npos && r.find('.') == std::string::npos) {
          r.insert(e, ".0");
        }
        out += r;
      }
      return;
    }
    case json::kind::string: {
      const std::string s(v.get_string());
      if (!needs_quotes(s)) {
        out += s;
      } else if (printable_ascii(s)) {
        out += '\'';
        for (char c : s) {
          out += c;
          if (c == '\'') {
            out += '\'';
          }
        }
        out += '\'';
      } else {
        append_double_quoted(out, s);
      }
      return;
    }
    default:
      return;
  }
}

bool is_empty_collection(const json::value& v) {
  return (v.is_array() && v.get_array().empty()) || (v.is_object() && v.get_object().empty());
}

void dump(std::string& out, const json::value& v, int indent);

void dump_map(std::string& out, const json::object& o, int indent) {
  std::vector<const json::key_value_pair*> items;
  for (const auto& kv : o) {
    items.push_back(&kv);
  }
  std::sort(items.begin(), items.end(), [](auto* a, auto* b) { return a->key() < b->key(); });
  bool first = true;
  for (const auto* kv : items) {
    if (!first) {
      out.append(static_cast<std::size_t>(indent), ' ');
    }
    first = false;
    append_scalar(out, json::value(kv->key()));
    const json::value& val = kv->value();
    if (val.is_object() && !is_empty_collection(val)) {
      out += ":\n";
      out.append(static_cast<std::size_t>(indent + 2), ' ');
      dump(out, val, indent + 2);
    } else if (val.is_array() && !is_empty_collection(val)) {
      out += ":\n";
      out.append(static_cast<std::size_t>(indent), ' ');
      dump(out, val, indent);
    } else {
      out += ": ";
      dump(out, val, indent);
    }
  }
}

void dump_list(std::string& out, const json::array& a, int indent) {
  bool first = true;
  for (const auto& item : a) {
    if (!first) {
      out.append(static_cast<std::size_t>(indent), ' ');
    }
    first = false;
    out += "- ";
    dump(out, item, indent + 2);
  }
}

// Writes `v` starting at the current column; block collections continue on
// following lines indented by `indent`. Always ends with a newline.
void dump(std::string& out, const json::value& v, int indent) {
  if (v.is_object() && !v.get_object().empty()) {
    dump_map(out, v.get_object(), indent);
  } else if (v.is_array() && !v.get_array().empty()) {
    dump_list(out, v.get_array(), indent);
  } else if (v.is_object()) {
    out += "{}\n";
  } else if (v.is_array()) {
    out += "[]\n";
  } else {
    append_scalar(out, v);
    out += '\n';
  }
}

}  // namespace

Result<json::value> parse_yaml_value(std::string_view text) {
  if (text.size() > max_yaml_text_bytes) {
    return Error(Errc::limit_exceeded, "YAML text is larger than " +
                                           std::to_string(max_yaml_text_bytes) + " bytes");
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    Diagnostic d{static_cast<uint32_t>(e.mark.line + 1), static_cast<uint32_t>(e.mark.column + 1),
                 "", e.msg};
    return Error(Errc::parse_error,
                 "YAML error at line " + std::to_string(d.line) + ", column " +
                     std::to_string(d.column) + ": " + e.msg,
                 {d});
  }
  Converter c;
  return c.convert(root, 0);
}

std::string dump_yaml_value(const json::value& v) {
  std::string out;
  dump(out, v, 0);
  if (!v.is_object() && !v.is_array()) {
    out += "...\n";  // a lone scalar document gets an explicit end marker
  }
  return out;
}

}  // namespace bora::dsl
