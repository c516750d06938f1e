#include "dsl/jinja/value.hpp"

#include <cmath>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include "dsl/pystr.hpp"

namespace bora::dsl::jinja {

namespace json = boost::json;

// -- construction -------------------------------------------------------------

Value Value::boolean_v(bool v) {
  Value r;
  r.kind = Kind::boolean;
  r.b = v;
  return r;
}

Value Value::integer_v(int64_t v) {
  Value r;
  r.kind = Kind::integer;
  r.i = v;
  return r;
}

Value Value::real_v(double v) {
  Value r;
  r.kind = Kind::real;
  r.d = v;
  return r;
}

Value Value::string_v(std::string v) {
  Value r;
  r.kind = Kind::string;
  r.s = std::move(v);
  return r;
}

Value Value::list_v(List items, bool tuple, View view) {
  Value r;
  r.kind = tuple ? Kind::tuple : Kind::list;
  r.view = view;
  r.list = std::make_shared<List>(std::move(items));
  return r;
}

Value Value::dict_v(DictItems items) {
  Value r;
  r.kind = Kind::dict;
  r.dict = std::make_shared<DictItems>(std::move(items));
  return r;
}

Value Value::object_v(std::shared_ptr<Object> o) {
  Value r;
  r.kind = Kind::object;
  r.obj = std::move(o);
  return r;
}

Value Value::undefined_v(std::string message) {
  Value r;
  r.kind = Kind::undefined;
  r.s = std::move(message);
  return r;
}

bool Value::is_sequence() const {
  return kind == Kind::list || kind == Kind::tuple || (kind == Kind::json && json->is_array());
}

bool Value::is_mapping() const {
  return kind == Kind::dict || (kind == Kind::json && json->is_object());
}

bool Value::is_callable() const { return kind == Kind::object && obj->callable(); }

std::string Object::str() const { return "<" + type_name() + " object>"; }

Value Object::getattr(const std::string& name) const {
  return Value::undefined_v("'" + type_name() + " object' has no attribute '" + name + "'");
}

Result<Value> Object::call(Interp&, std::vector<Value>, std::vector<std::pair<std::string, Value>>) {
  return eval_error("'" + type_name() + "' object is not callable");
}

// -- bounded walks ----------------------------------------------------------------

namespace {

// Lists and dicts built by a template can contain themselves, or share
// parts so that their expanded size is exponential, once `append` and
// friends are used. Every recursive walk below is therefore bounded in
// depth (for the stack and for cycles) and in visited nodes (for time).
constexpr int max_walk_depth = 500;
constexpr uint64_t max_walk_nodes = uint64_t{4} << 20;

struct WalkState {
  int depth = 0;
  uint64_t nodes = 0;
  bool exceeded = false;
};

thread_local WalkState walk_state;

class WalkGuard {
public:
  WalkGuard() {
    if (walk_state.depth == 0) {
      walk_state.nodes = 0;
      walk_state.exceeded = false;
    }
    ++walk_state.depth;
    if (walk_state.depth > max_walk_depth || ++walk_state.nodes > max_walk_nodes) {
      walk_state.exceeded = true;
    }
  }
  ~WalkGuard() { --walk_state.depth; }
  WalkGuard(const WalkGuard&) = delete;
  WalkGuard& operator=(const WalkGuard&) = delete;

  bool ok() const { return !walk_state.exceeded; }
};

Error walk_error() {
  return Error(Errc::limit_exceeded, "value nested too deeply or too large (self-referencing?)");
}

}  // namespace

// -- JSON ---------------------------------------------------------------------

Value from_json(const std::shared_ptr<const json::value>& owner, const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return Value();
    case json::kind::bool_:
      return Value::boolean_v(v.get_bool());
    case json::kind::int64:
      return Value::integer_v(v.get_int64());
    case json::kind::uint64:
      if (v.get_uint64() > static_cast<uint64_t>(INT64_MAX)) {
        Value r = Value::real_v(static_cast<double>(v.get_uint64()));
        r.big = true;
        r.u = v.get_uint64();
        return r;
      }
      return Value::integer_v(static_cast<int64_t>(v.get_uint64()));
    case json::kind::double_:
      return Value::real_v(v.get_double());
    case json::kind::string:
      return Value::string_v(std::string(v.get_string()));
    case json::kind::array:
    case json::kind::object:
      break;
  }
  Value r;
  r.kind = Value::Kind::json;
  r.json = std::shared_ptr<const json::value>(owner, &v);
  return r;
}

Value from_json(json::value v) {
  auto owner = std::make_shared<const json::value>(std::move(v));
  return from_json(owner, *owner);
}

Result<json::value> to_json(const Value& v) {
  WalkGuard guard;
  if (!guard.ok()) {
    return walk_error();
  }
  switch (v.kind) {
    case Value::Kind::undefined:
      return undefined_error(v);
    case Value::Kind::none:
      return json::value();
    case Value::Kind::boolean:
      return json::value(v.b);
    case Value::Kind::integer:
      return json::value(v.i);
    case Value::Kind::real:
      return v.big ? json::value(v.u) : json::value(v.d);
    case Value::Kind::string:
      return json::value(json::string(v.s));
    case Value::Kind::json:
      return json::value(*v.json);
    case Value::Kind::list:
    case Value::Kind::tuple: {
      json::array a;
      a.reserve(v.list->size());
      for (const auto& e : *v.list) {
        auto r = to_json(e);
        if (!r) {
          return r;
        }
        a.push_back(std::move(*r));
      }
      return json::value(std::move(a));
    }
    case Value::Kind::dict: {
      json::object o;
      for (const auto& [k, e] : *v.dict) {
        auto r = to_json(e);
        if (!r) {
          return r;
        }
        o[k.is_string() ? k.s : str(k)] = std::move(*r);
      }
      return json::value(std::move(o));
    }
    case Value::Kind::object:
      break;
  }
  // Mistral's JSON serialisation falls back to the text of other objects.
  return json::value(json::string(v.obj->str()));
}

// -- Python text forms ----------------------------------------------------------

std::string type_name(const Value& v) {
  switch (v.view) {
    case View::dict_items:
      return "dict_items";
    case View::dict_keys:
      return "dict_keys";
    case View::dict_values:
      return "dict_values";
    case View::range:
      return "range";
    case View::generator:
      return "generator";
    case View::none:
      break;
  }
  switch (v.kind) {
    case Value::Kind::undefined:
      return "StrictUndefined";
    case Value::Kind::none:
      return "NoneType";
    case Value::Kind::boolean:
      return "bool";
    case Value::Kind::integer:
      return "int";
    case Value::Kind::real:
      return v.big ? "int" : "float";
    case Value::Kind::string:
      return "str";
    case Value::Kind::list:
      return "list";
    case Value::Kind::tuple:
      return "tuple";
    case Value::Kind::dict:
      return "dict";
    case Value::Kind::json:
      return v.json->is_array() ? "list" : "dict";
    case Value::Kind::object:
      break;
  }
  return v.obj->type_name();
}

namespace {

void append_repr(std::string& out, const Value& v);

void append_items(std::string& out, const List& items, char open, char close, bool tuple) {
  out += open;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out += ", ";
    }
    append_repr(out, items[i]);
  }
  if (tuple && items.size() == 1) {
    out += ',';
  }
  out += close;
}

void append_repr(std::string& out, const Value& v) {
  WalkGuard guard;
  if (!guard.ok()) {
    // Python shows a self-reference as `...`; show it once and stop.
    if (out.size() < 3 || out.compare(out.size() - 3, 3, "...") != 0) {
      out += "...";
    }
    return;
  }
  switch (v.kind) {
    case Value::Kind::string:
      out += py_repr(json::value(json::string(v.s)));
      return;
    case Value::Kind::json:
      append_py_repr(out, *v.json);
      return;
    case Value::Kind::list:
    case Value::Kind::tuple:
      break;
    case Value::Kind::dict:
      out += '{';
      for (std::size_t i = 0; i < v.dict->size(); ++i) {
        if (i > 0) {
          out += ", ";
        }
        append_repr(out, (*v.dict)[i].first);
        out += ": ";
        append_repr(out, (*v.dict)[i].second);
      }
      out += '}';
      return;
    default:
      out += str(v);
      return;
  }
  switch (v.view) {
    case View::none:
      append_items(out, *v.list, v.kind == Value::Kind::tuple ? '(' : '[',
                   v.kind == Value::Kind::tuple ? ')' : ']', v.kind == Value::Kind::tuple);
      return;
    case View::range:
      out += "range(" + std::to_string(v.r_start) + ", " + std::to_string(v.r_stop);
      out += v.r_step == 1 ? ")" : ", " + std::to_string(v.r_step) + ")";
      return;
    case View::generator:
      out += "<generator object>";
      return;
    default:
      out += type_name(v) + "(";
      append_items(out, *v.list, '[', ']', false);
      out += ")";
      return;
  }
}

}  // namespace

std::string repr(const Value& v) {
  std::string out;
  append_repr(out, v);
  return out;
}

std::string str(const Value& v) {
  switch (v.kind) {
    case Value::Kind::undefined:
      return "";
    case Value::Kind::none:
      return "None";
    case Value::Kind::boolean:
      return v.b ? "True" : "False";
    case Value::Kind::integer:
      return std::to_string(v.i);
    case Value::Kind::real:
      return v.big ? std::to_string(v.u) : py_float_repr(v.d);
    case Value::Kind::string:
      return v.s;
    case Value::Kind::object:
      return v.obj->str();
    default:
      return repr(v);
  }
}

bool truthy(const Value& v) {
  switch (v.kind) {
    case Value::Kind::undefined:
    case Value::Kind::none:
      return false;
    case Value::Kind::boolean:
      return v.b;
    case Value::Kind::integer:
      return v.i != 0;
    case Value::Kind::real:
      return v.d != 0;
    case Value::Kind::string:
      return !v.s.empty();
    case Value::Kind::list:
    case Value::Kind::tuple:
      return !v.list->empty();
    case Value::Kind::dict:
      return !v.dict->empty();
    case Value::Kind::json:
      return v.json->is_array() ? !v.json->get_array().empty() : !v.json->get_object().empty();
    case Value::Kind::object:
      break;
  }
  return true;
}

// -- comparison -------------------------------------------------------------------

namespace {

bool numeric(const Value& v) { return v.is_number() || v.kind == Value::Kind::boolean; }

double as_double(const Value& v) {
  if (v.kind == Value::Kind::real) {
    return v.d;
  }
  return v.kind == Value::Kind::boolean ? (v.b ? 1.0 : 0.0) : static_cast<double>(v.i);
}

int64_t as_int(const Value& v) { return v.kind == Value::Kind::boolean ? (v.b ? 1 : 0) : v.i; }

bool is_tuple_like(const Value& v) { return v.kind == Value::Kind::tuple; }

}  // namespace

bool equal(const Value& a, const Value& b) {
  WalkGuard guard;
  if (!guard.ok()) {
    return false;
  }
  if ((a.list && a.list == b.list) || (a.dict && a.dict == b.dict)) {
    return a.kind == b.kind;
  }
  if (numeric(a) && numeric(b)) {
    if (a.kind != Value::Kind::real && b.kind != Value::Kind::real) {
      return as_int(a) == as_int(b);
    }
    return as_double(a) == as_double(b);
  }
  if (a.kind == Value::Kind::json && b.kind == Value::Kind::json) {
    return py_equal(*a.json, *b.json);
  }
  if (a.is_sequence() && b.is_sequence()) {
    if (is_tuple_like(a) != is_tuple_like(b) || a.view != b.view) {
      return false;
    }
    auto n = length(a);
    if (n != length(b)) {
      return false;
    }
    for (int64_t i = 0; i < n; ++i) {
      if (!equal(sequence_at(a, static_cast<std::size_t>(i)),
                 sequence_at(b, static_cast<std::size_t>(i)))) {
        return false;
      }
    }
    return true;
  }
  if (a.is_mapping() && b.is_mapping()) {
    if (length(a) != length(b)) {
      return false;
    }
    for (const auto& [k, v] : mapping_items(a)) {
      Value other;
      if (!mapping_get(b, k, other) || !equal(v, other)) {
        return false;
      }
    }
    return true;
  }
  if (a.kind != b.kind) {
    return false;
  }
  switch (a.kind) {
    case Value::Kind::none:
      return true;
    case Value::Kind::string:
      return a.s == b.s;
    case Value::Kind::object:
      return a.obj == b.obj;
    default:
      return false;
  }
}

Result<bool> less(const Value& a, const Value& b, const char* op) {
  WalkGuard guard;
  if (!guard.ok()) {
    return walk_error();
  }
  if (numeric(a) && numeric(b)) {
    if (a.kind != Value::Kind::real && b.kind != Value::Kind::real) {
      return as_int(a) < as_int(b);
    }
    return as_double(a) < as_double(b);
  }
  if (a.is_string() && b.is_string()) {
    return a.s < b.s;
  }
  if (a.is_sequence() && b.is_sequence() && is_tuple_like(a) == is_tuple_like(b) &&
      a.view == View::none && b.view == View::none) {
    auto na = static_cast<std::size_t>(length(a));
    auto nb = static_cast<std::size_t>(length(b));
    for (std::size_t i = 0; i < na && i < nb; ++i) {
      Value x = sequence_at(a, i);
      Value y = sequence_at(b, i);
      if (!equal(x, y)) {
        return less(x, y, op);
      }
    }
    return na < nb;
  }
  if (a.is_undefined()) {
    return undefined_error(a);
  }
  if (b.is_undefined()) {
    return undefined_error(b);
  }
  return eval_error(std::string("'") + op + "' not supported between instances of '" +
                    type_name(a) + "' and '" + type_name(b) + "'");
}

// -- containers ---------------------------------------------------------------------

int64_t length(const Value& v) {
  switch (v.kind) {
    case Value::Kind::string:
      return static_cast<int64_t>(utf8_length(v.s));
    case Value::Kind::list:
    case Value::Kind::tuple:
      return static_cast<int64_t>(v.list->size());
    case Value::Kind::dict:
      return static_cast<int64_t>(v.dict->size());
    case Value::Kind::json:
      return static_cast<int64_t>(v.json->is_array() ? v.json->get_array().size()
                                                     : v.json->get_object().size());
    default:
      return -1;
  }
}

Value sequence_at(const Value& v, std::size_t i) {
  if (v.kind == Value::Kind::json) {
    return from_json(v.json, v.json->get_array()[i]);
  }
  return (*v.list)[i];
}

Result<List> iterate(const Value& v) {
  List out;
  switch (v.kind) {
    case Value::Kind::string:
      for (auto& c : utf8_chars(v.s)) {
        out.push_back(Value::string_v(std::move(c)));
      }
      return out;
    case Value::Kind::list:
    case Value::Kind::tuple:
      return *v.list;
    case Value::Kind::dict:
      for (const auto& kv : *v.dict) {
        out.push_back(kv.first);
      }
      return out;
    case Value::Kind::json:
      if (v.json->is_array()) {
        out.reserve(v.json->get_array().size());
        for (const auto& e : v.json->get_array()) {
          out.push_back(from_json(v.json, e));
        }
      } else {
        for (const auto& kv : v.json->get_object()) {
          out.push_back(Value::string_v(std::string(kv.key())));
        }
      }
      return out;
    case Value::Kind::undefined:
      return undefined_error(v);
    default:
      return eval_error("'" + type_name(v) + "' object is not iterable");
  }
}

DictItems mapping_items(const Value& v) {
  if (v.kind == Value::Kind::dict) {
    return *v.dict;
  }
  DictItems out;
  for (const auto& kv : v.json->get_object()) {
    out.emplace_back(Value::string_v(std::string(kv.key())), from_json(v.json, kv.value()));
  }
  return out;
}

bool mapping_get(const Value& m, const Value& key, Value& out) {
  if (m.kind == Value::Kind::json) {
    if (!key.is_string()) {
      return false;
    }
    const auto* found = m.json->get_object().if_contains(key.s);
    if (found == nullptr) {
      return false;
    }
    out = from_json(m.json, *found);
    return true;
  }
  for (auto it = m.dict->rbegin(); it != m.dict->rend(); ++it) {
    if (equal(it->first, key)) {
      out = it->second;
      return true;
    }
  }
  return false;
}

// -- text -------------------------------------------------------------------------

std::vector<std::string> utf8_chars(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t n = 1;
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0xF0) {
      n = 4;
    } else if (c >= 0xE0) {
      n = 3;
    } else if (c >= 0xC0) {
      n = 2;
    }
    n = std::min(n, s.size() - i);
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

std::size_t utf8_length(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++n;
    }
  }
  return n;
}

Error eval_error(std::string msg) { return Error(Errc::evaluation_error, std::move(msg)); }

Error undefined_error(const Value& v) { return eval_error(v.s); }

}  // namespace bora::dsl::jinja
