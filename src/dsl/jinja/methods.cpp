// Python methods of str, dict, list and tuple values that templates call
// (`'a,b'.split(',')`, `d.items()`, `l.index(x)`).

#include <algorithm>
#include <cctype>
#include <map>
#include <string_view>

#include "dsl/jinja/objects.hpp"
#include "dsl/jinja/text.hpp"

namespace bora::dsl::jinja {

namespace {

// Compares a name with a literal, rejecting most mismatches before any
// call to memcmp (attribute lookups ask about every method name).
bool is(const std::string& name, std::string_view lit) {
  return name.size() == lit.size() && name[0] == lit[0] && name.compare(lit) == 0;
}
using Args = std::vector<Value>;

Result<void> arity(const std::string& name, const Args& a, std::size_t lo, std::size_t hi) {
  if (a.size() < lo || a.size() > hi) {
    if (lo == hi) {
      return eval_error(name + "() takes exactly " +
                        (lo == 1 ? std::string("one argument") : std::to_string(lo) + " arguments") +
                        " (" + std::to_string(a.size()) + " given)");
    }
    return eval_error(name + " expected at " + std::string(a.size() < lo ? "least " : "most ") +
                      std::to_string(a.size() < lo ? lo : hi) + " argument" +
                      ((a.size() < lo ? lo : hi) == 1 ? "" : "s") + ", got " +
                      std::to_string(a.size()));
  }
  return {};
}

Result<std::string> str_arg(const std::string& method, const Value& v) {
  if (v.is_string()) {
    return v.s;
  }
  if (v.is_undefined()) {
    return undefined_error(v);
  }
  return eval_error(method + " arg must be None or str");
}

Value str_list(std::vector<std::string> parts) {
  List out;
  for (auto& p : parts) {
    out.push_back(Value::string_v(std::move(p)));
  }
  return Value::list_v(std::move(out));
}

Result<Value> str_split(const std::string& s, const Args& a, const Kwargs& kw, bool right) {
  Value sep = a.size() > 0 ? a[0] : Value();
  int64_t maxsplit = a.size() > 1 && a[1].is_int() ? a[1].i : -1;
  for (const auto& [k, v] : kw) {
    if (k == "sep") {
      sep = v;
    } else if (k == "maxsplit" && v.is_int()) {
      maxsplit = v.i;
    }
  }
  if (sep.is_none()) {
    return str_list(split_whitespace(s, maxsplit, right));
  }
  auto sp = str_arg("must be str or None, not", sep);
  if (!sp) {
    return eval_error("must be str or None, not " + type_name(sep));
  }
  if (sp->empty()) {
    return eval_error("empty separator");
  }
  return str_list(split_on(s, *sp, maxsplit, right));
}

Result<Value> str_strip(const std::string& s, const Args& a, int side) {
  std::string chars = " \t\n\r\f\v";
  if (!a.empty() && !a[0].is_none()) {
    auto c = str_arg("strip", a[0]);
    if (!c) {
      return std::move(c).error();
    }
    chars = *c;
  }
  return Value::string_v(strip_chars(s, chars, side));
}

Result<Value> starts_or_ends(const std::string& s, const Args& a, bool ends, const std::string& name) {
  BORA_TRY_VOID(arity(name, a, 1, 3));
  std::vector<std::string> options;
  if (a[0].kind == Value::Kind::tuple) {
    for (const auto& v : *a[0].list) {
      if (!v.is_string()) {
        return eval_error("tuple for " + name + " must only contain str, not " + type_name(v));
      }
      options.push_back(v.s);
    }
  } else if (a[0].is_string()) {
    options.push_back(a[0].s);
  } else {
    return eval_error(name + " first arg must be str or a tuple of str, not " + type_name(a[0]));
  }
  for (const auto& o : options) {
    if (s.size() >= o.size() &&
        (ends ? s.compare(s.size() - o.size(), o.size(), o) == 0 : s.compare(0, o.size(), o) == 0)) {
      return Value::boolean_v(true);
    }
  }
  return Value::boolean_v(false);
}

Result<Value> str_find(const std::string& s, const Args& a, const std::string& name) {
  BORA_TRY_VOID(arity(name, a, 1, 3));
  auto sub = str_arg(name, a[0]);
  if (!sub) {
    return eval_error("must be str, not " + type_name(a[0]));
  }
  // Positions count code points; convert through byte offsets.
  auto chars = utf8_chars(s);
  auto n = static_cast<int64_t>(chars.size());
  auto norm = [n](int64_t v) { return v < 0 ? std::max<int64_t>(0, v + n) : std::min(v, n); };
  int64_t start = a.size() > 1 && a[1].is_int() ? norm(a[1].i) : 0;
  int64_t end = a.size() > 2 && a[2].is_int() ? norm(a[2].i) : n;
  std::string hay;
  std::vector<int64_t> byte_to_cp;
  for (int64_t i = start; i < end; ++i) {
    for (std::size_t k = 0; k < chars[static_cast<std::size_t>(i)].size(); ++k) {
      byte_to_cp.push_back(i);
    }
    hay += chars[static_cast<std::size_t>(i)];
  }
  byte_to_cp.push_back(end);
  if (name == "count") {
    return Value::integer_v(count_substr(hay, *sub));
  }
  bool rev = name == "rfind" || name == "rindex";
  auto p = rev ? hay.rfind(*sub) : hay.find(*sub);
  if (p == std::string::npos) {
    if (name == "index" || name == "rindex") {
      return eval_error("substring not found");
    }
    return Value::integer_v(-1);
  }
  return Value::integer_v(byte_to_cp[p]);
}

Result<Value> str_join(Interp&, const std::string& sep, const Args& a) {
  BORA_TRY_VOID(arity("join", a, 1, 1));
  auto items = iterate(a[0]);
  if (!items) {
    return eval_error("can only join an iterable");
  }
  std::string out;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const Value& v = (*items)[i];
    if (!v.is_string()) {
      return eval_error("sequence item " + std::to_string(i) + ": expected str instance, " +
                        type_name(v) + " found");
    }
    if (i > 0) {
      out += sep;
    }
    out += v.s;
  }
  return Value::string_v(std::move(out));
}

Result<Value> str_method(Interp& in, const std::string& name, const std::string& s, Args& a,
                         Kwargs& kw) {
  if (name == "upper" || name == "lower" || name == "title" || name == "capitalize" ||
      name == "swapcase") {
    BORA_TRY_VOID(arity(name, a, 0, 0));
    return Value::string_v(change_case(s, name));
  }
  if (name == "strip" || name == "lstrip" || name == "rstrip") {
    BORA_TRY_VOID(arity(name, a, 0, 1));
    return str_strip(s, a, name == "strip" ? 0 : name == "lstrip" ? 1 : 2);
  }
  if (name == "split" || name == "rsplit") {
    return str_split(s, a, kw, name == "rsplit");
  }
  if (name == "splitlines") {
    return str_list(split_lines(s));
  }
  if (name == "replace") {
    BORA_TRY_VOID(arity(name, a, 2, 3));
    if (!a[0].is_string() || !a[1].is_string()) {
      return eval_error("replace() argument must be str, not " +
                        type_name(a[0].is_string() ? a[1] : a[0]));
    }
    int64_t count = a.size() > 2 && a[2].is_int() ? a[2].i : -1;
    std::string out = replace_all(s, a[0].s, a[1].s, count);
    BORA_TRY_VOID(in.check_size(out.size()));
    return Value::string_v(std::move(out));
  }
  if (name == "startswith" || name == "endswith") {
    return starts_or_ends(s, a, name == "endswith", name);
  }
  if (name == "find" || name == "rfind" || name == "index" || name == "rindex" ||
      name == "count") {
    return str_find(s, a, name);
  }
  if (name == "join") {
    return str_join(in, s, a);
  }
  if (name == "format") {
    auto r = str_format(in, s, a, kw);
    if (!r) {
      return std::move(r).error();
    }
    return Value::string_v(std::move(*r));
  }
  if (name == "isdigit" || name == "isalpha" || name == "isalnum" || name == "isspace" ||
      name == "islower" || name == "isupper" || name == "isnumeric" || name == "isdecimal") {
    BORA_TRY_VOID(arity(name, a, 0, 0));
    return Value::boolean_v(char_class(s, name));
  }
  if (name == "zfill" || name == "center" || name == "ljust" || name == "rjust") {
    BORA_TRY_VOID(arity(name, a, 1, name == "zfill" ? 1 : 2));
    if (!a[0].is_int()) {
      return eval_error("'" + type_name(a[0]) + "' object cannot be interpreted as an integer");
    }
    BORA_TRY_VOID(in.check_size(static_cast<uint64_t>(std::max<int64_t>(a[0].i, 0))));
    std::string fill = a.size() > 1 && a[1].is_string() ? a[1].s : " ";
    return Value::string_v(pad(s, a[0].i, name, fill));
  }
  if (name == "partition" || name == "rpartition") {
    BORA_TRY_VOID(arity(name, a, 1, 1));
    auto sep = str_arg(name, a[0]);
    if (!sep) {
      return std::move(sep).error();
    }
    auto p = name == "partition" ? s.find(*sep) : s.rfind(*sep);
    List parts;
    if (p == std::string::npos) {
      bool left = name == "partition";
      parts = {Value::string_v(left ? s : ""), Value::string_v(""), Value::string_v(left ? "" : s)};
    } else {
      parts = {Value::string_v(s.substr(0, p)), Value::string_v(*sep),
               Value::string_v(s.substr(p + sep->size()))};
    }
    return Value::list_v(std::move(parts), true);
  }
  return eval_error("'str' object has no attribute '" + name + "'");
}

Result<Value> mapping_method(const std::string& name, const Value& m, Args& a) {
  if (name == "items" || name == "keys" || name == "values") {
    BORA_TRY_VOID(arity(name, a, 0, 0));
    List out;
    for (auto& [k, v] : mapping_items(m)) {
      if (name == "items") {
        out.push_back(Value::list_v({k, v}, true));
      } else {
        out.push_back(name == "keys" ? k : v);
      }
    }
    View view = name == "items" ? View::dict_items : name == "keys" ? View::dict_keys
                                                                    : View::dict_values;
    return Value::list_v(std::move(out), false, view);
  }
  if (name == "get") {
    BORA_TRY_VOID(arity("get", a, 1, 2));
    Value out;
    if (mapping_get(m, a[0], out)) {
      return out;
    }
    return a.size() > 1 ? a[1] : Value();
  }
  // copy
  return Value::dict_v(mapping_items(m));
}

Result<Value> sequence_method(const std::string& name, const Value& l, Args& a) {
  if (name == "copy") {
    BORA_TRY_VOID(arity(name, a, 0, 0));
    auto items = iterate(l);
    return Value::list_v(std::move(*items));
  }
  BORA_TRY_VOID(arity(name, a, 1, name == "index" ? 3 : 1));
  auto n = static_cast<std::size_t>(length(l));
  int64_t count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (equal(sequence_at(l, i), a[0])) {
      if (name == "index") {
        return Value::integer_v(static_cast<int64_t>(i));
      }
      ++count;
    }
  }
  if (name == "index") {
    return eval_error(repr(a[0]) + " is not in " + type_name(l));
  }
  return Value::integer_v(count);
}

// Methods that change a list or dict built by the template, as Python's do.
Result<Value> mutate(Interp& in, const std::string& name, const Value& self, Args& a) {
  if (self.kind == Value::Kind::dict) {
    auto& d = *self.dict;
    auto find = [&d](const Value& k) {
      return std::find_if(d.begin(), d.end(), [&k](const auto& kv) { return equal(kv.first, k); });
    };
    if (name == "clear") {
      d.clear();
      return Value();
    }
    if (name == "update") {
      BORA_TRY_VOID(arity(name, a, 0, 1));
      if (!a.empty()) {
        if (!a[0].is_mapping()) {
          return eval_error("'" + type_name(a[0]) + "' object is not iterable");
        }
        for (auto& [k, v] : mapping_items(a[0])) {
          auto it = find(k);
          if (it != d.end()) {
            it->second = v;
          } else {
            d.emplace_back(k, v);
          }
        }
      }
      return Value();
    }
    BORA_TRY_VOID(arity(name, a, 1, 2));
    auto it = find(a[0]);
    if (it != d.end()) {
      Value v = it->second;
      if (name == "pop") {
        d.erase(it);
      }
      return v;
    }
    if (name == "setdefault") {
      d.emplace_back(a[0], a.size() > 1 ? a[1] : Value());
      return d.back().second;
    }
    if (a.size() > 1) {
      return a[1];
    }
    return eval_error(repr(a[0]));
  }
  auto& l = *self.list;
  if (name == "append") {
    BORA_TRY_VOID(arity(name, a, 1, 1));
    BORA_TRY_VOID(in.check_size((l.size() + 1) * 2));
    l.push_back(a[0]);
    return Value();
  }
  if (name == "extend") {
    BORA_TRY_VOID(arity(name, a, 1, 1));
    auto items = iterate(a[0]);
    if (!items) {
      return std::move(items).error();
    }
    BORA_TRY_VOID(in.check_size((l.size() + items->size()) * 2));
    l.insert(l.end(), items->begin(), items->end());
    return Value();
  }
  if (name == "insert") {
    BORA_TRY_VOID(arity(name, a, 2, 2));
    auto n = static_cast<int64_t>(l.size());
    int64_t i = a[0].is_int() ? a[0].i : 0;
    i = i < 0 ? std::max<int64_t>(0, i + n) : std::min(i, n);
    l.insert(l.begin() + i, a[1]);
    return Value();
  }
  if (name == "pop") {
    BORA_TRY_VOID(arity(name, a, 0, 1));
    auto n = static_cast<int64_t>(l.size());
    int64_t i = a.empty() || !a[0].is_int() ? n - 1 : a[0].i;
    if (i < 0) {
      i += n;
    }
    if (n == 0 || i < 0 || i >= n) {
      return eval_error(n == 0 ? "pop from empty list" : "pop index out of range");
    }
    Value v = l[static_cast<std::size_t>(i)];
    l.erase(l.begin() + i);
    return v;
  }
  if (name == "remove") {
    BORA_TRY_VOID(arity(name, a, 1, 1));
    auto it = std::find_if(l.begin(), l.end(), [&a](const Value& v) { return equal(v, a[0]); });
    if (it == l.end()) {
      return eval_error("list.remove(x): x not in list");
    }
    l.erase(it);
    return Value();
  }
  if (name == "clear") {
    l.clear();
    return Value();
  }
  std::reverse(l.begin(), l.end());
  return Value();
}

bool is_mutator(const Value& recv, const std::string& name) {
  if (recv.is_mapping()) {
    return is(name, "update") || is(name, "pop") || is(name, "setdefault") || is(name, "clear");
  }
  return recv.is_sequence() && recv.kind != Value::Kind::tuple && recv.view == View::none &&
         (is(name, "append") || is(name, "extend") || is(name, "insert") || is(name, "pop") ||
          is(name, "remove") || is(name, "clear") || is(name, "reverse"));
}

}  // namespace

bool has_method(const Value& recv, const std::string& name) {
  if (is_mutator(recv, name)) {
    return true;
  }
  static const std::map<std::string, int> str_methods = {
      {"upper", 0},     {"lower", 0},    {"title", 0},     {"capitalize", 0}, {"swapcase", 0},
      {"strip", 0},     {"lstrip", 0},   {"rstrip", 0},    {"split", 0},      {"rsplit", 0},
      {"splitlines", 0}, {"replace", 0}, {"startswith", 0}, {"endswith", 0},  {"find", 0},
      {"rfind", 0},     {"index", 0},    {"rindex", 0},    {"count", 0},      {"join", 0},
      {"format", 0},    {"isdigit", 0},  {"isalpha", 0},   {"isalnum", 0},    {"isspace", 0},
      {"islower", 0},   {"isupper", 0},  {"isnumeric", 0}, {"isdecimal", 0},  {"zfill", 0},
      {"center", 0},    {"ljust", 0},    {"rjust", 0},     {"partition", 0},  {"rpartition", 0}};
  if (recv.is_string()) {
    return str_methods.count(name) != 0;
  }
  if (recv.is_mapping()) {
    return is(name, "items") || is(name, "keys") || is(name, "values") || is(name, "get") ||
           is(name, "copy");
  }
  if (recv.is_sequence() && recv.view == View::none) {
    return is(name, "index") || is(name, "count") || (is(name, "copy") && recv.kind != Value::Kind::tuple);
  }
  return false;
}

Value find_method(const Value& recv, const std::string& name) {
  if (!has_method(recv, name)) {
    return Value::undefined_v("");
  }
  return Builtin::make(name, recv, [name](Interp& in, const Value& self, Args& a,
                                          Kwargs& kw) -> Result<Value> {
    BORA_TRY_VOID(in.step());
    if (is_mutator(self, name)) {
      if (!kw.empty()) {
        return eval_error(name + "() takes no keyword arguments");
      }
      if (self.kind == Value::Kind::json) {
        // Input data is shared and read-only; Mistral would change its own
        // copy. Say so rather than lose the change silently.
        return eval_error("cannot change input data in place with " + name +
                          "(): copy it first (x | list, dict(x))");
      }
      in.track(self);
      return mutate(in, name, self, a);
    }
    if (self.is_string()) {
      return str_method(in, name, self.s, a, kw);
    }
    if (!kw.empty()) {
      return eval_error(name + "() takes no keyword arguments");
    }
    if (self.is_mapping()) {
      return mapping_method(name, self, a);
    }
    return sequence_method(name, self, a);
  });
}

}  // namespace bora::dsl::jinja
