// The filter table and dispatch, and helpers shared by the filters.

#include "dsl/jinja/filters.hpp"

#include "dsl/functions.hpp"
#include "dsl/jinja/text.hpp"

namespace bora::dsl::jinja {

namespace {

const FilterTable& table() {
  static const FilterTable t = [] {
    FilterTable x;
    add_text_filters(x);
    add_markup_filters(x);
    add_sequence_filters(x);
    return x;
  }();
  return t;
}

}  // namespace

bool filter_exists(const std::string& name) {
  return table().count(name) != 0 || is_mistral_function(name);
}

Result<std::vector<Value>> filter_args(const char* fname, std::vector<std::string> params,
                                       std::vector<Value> defaults, std::vector<Value>& args,
                                       Kwargs& kwargs) {
  std::vector<const Value*> d;
  for (const auto& v : defaults) {
    d.push_back(v.is_undefined() ? nullptr : &v);
  }
  return bind_args(fname, params, d, std::move(args), std::move(kwargs));
}

Result<std::string> soft_str(const Value& v) {
  if (v.is_undefined() && !v.lenient) {
    return undefined_error(v);
  }
  return str(v);
}

Result<Value> attr_path(Interp& in, const Value& item, const Value& path, const Value& dflt) {
  std::vector<Value> parts;
  if (path.is_string()) {
    for (auto& p : split_on(path.s, ".", -1, false)) {
      bool digits = !p.empty() && p.find_first_not_of("0123456789") == std::string::npos;
      parts.push_back(digits && p.size() < 18 ? Value::integer_v(std::stoll(p))
                                              : Value::string_v(std::move(p)));
    }
  } else {
    parts.push_back(path);
  }
  Value cur = item;
  for (const auto& p : parts) {
    auto r = in.getitem(cur, p);
    if (!r) {
      return r;
    }
    cur = std::move(*r);
    if (!dflt.is_none() && cur.is_undefined()) {
      cur = dflt;
    }
  }
  return cur;
}

Value sort_key(const Value& v, bool case_sensitive) {
  if (!case_sensitive && v.is_string()) {
    return Value::string_v(change_case(v.s, "lower"));
  }
  return v;
}

Result<Value> run_filter(Interp& in, const std::string& name, Value& operand,
                         std::vector<Value>& args, Kwargs& kwargs, bool& found) {
  BORA_TRY_VOID(in.step());
  const auto& t = table();
  auto it = t.find(name);
  if (it != t.end()) {
    found = true;
    return it->second(in, operand, args, kwargs);
  }
  if (is_mistral_function(name)) {
    // Mistral registers its functions as filters too; the operand takes the
    // place of the context argument, so only the filter arguments reach the
    // function (Mistral quirk).
    found = true;
    return in.call(find_global(name), std::move(args), std::move(kwargs));
  }
  found = false;
  return Value();
}

}  // namespace bora::dsl::jinja
