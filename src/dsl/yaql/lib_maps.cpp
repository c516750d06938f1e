// Map functions: building, reading and editing maps (always into new
// values), plus set() which builds sets or edits maps depending on its form.
#include "dsl/yaql/interp.hpp"

namespace bora::dsl::yaql {

namespace {

void require_key(const Value& k) {
  require_hashable(k);
}

Value dict_from_pairs(Call& c, const Value& items) {
  DictEntries out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    c.in.step();
    Value pair = items.at(i);
    if (!pair.is_collection()) {
      fail(std::string("'") + type_name(pair) + "' object is not iterable");
    }
    if (pair.size() != 2) {
      fail("dictionary update sequence element #" + std::to_string(i) + " has length " +
           std::to_string(pair.size()) + "; 2 is required");
    }
    require_key(pair.at(0));
    out.emplace_back(pair.at(0), pair.at(1));
  }
  return Value::dict(std::move(out));
}

Value dict_fn(Call& c) {
  if (c.size() == 1 && c.named().empty() && c.rules().empty()) {
    Value items = c.arg(0);
    if (!items.is_collection()) {
      no_match();
    }
    return dict_from_pairs(c, items);
  }
  if (c.size() != 0) {
    no_match();
  }
  DictEntries out;
  for (const auto& a : c.node.args) {
    Value k = c.in.eval(*a->args[0], c.scope);
    require_key(k);
    out.emplace_back(std::move(k), c.in.eval(*a->args[1], c.scope));
  }
  return Value::dict(std::move(out));
}

// set(a, b, ...) builds a set; m.set(k, v) / m.set(k => v) / m.set(other) edit a map.
Value set_fn(Call& c) {
  if (!c.receiver) {
    c.expect(0, 1 << 16);
    ValueList items;
    for (std::size_t i = 0; i < c.size(); ++i) {
      Value v = c.arg(i);
      require_hashable(v);
      items.push_back(std::move(v));
    }
    return Value::set(std::move(items));
  }
  Value d = c.arg(0);
  if (!d.is_dict()) {
    no_match();
  }
  DictEntries out = d.entries();
  if (c.size() == 3 && c.named().empty() && c.rules().empty()) {
    Value k = c.arg(1);
    require_key(k);
    out.emplace_back(k, c.arg(2));
  } else if (c.size() == 2 && c.named().empty() && c.rules().empty()) {
    Value other = c.arg(1);
    if (!other.is_dict()) {
      no_match();
    }
    DictEntries more = other.entries();
    out.insert(out.end(), more.begin(), more.end());
  } else if (c.size() == 1) {
    for (const auto& a : c.node.args) {
      out.emplace_back(c.in.eval(*a->args[0], c.scope), c.in.eval(*a->args[1], c.scope));
    }
  } else {
    no_match();
  }
  c.in.step(out.size());
  return Value::dict(std::move(out));
}

Value dict_recv(Call& c) {
  Value d = c.arg(0);
  if (!d.is_dict()) {
    no_match();
  }
  return d;
}

Value get(Call& c) {
  c.expect(1, 3, true);
  Value d = dict_recv(c);
  Value key;
  if (c.size() > 1) {
    key = c.arg(1);
  } else if (!c.kw("key", key)) {
    no_match();
  }
  Value out;
  if (d.find(key, out)) {
    return out;
  }
  return c.opt(2, "default", Value());
}

Value keys(Call& c) {
  c.expect(1, 1);
  Value d = dict_recv(c);
  ValueList out;
  for (std::size_t i = 0; i < d.size(); ++i) {
    out.push_back(d.entry(i).first);
  }
  c.in.step(out.size());
  return Value::set(std::move(out));
}

Value values(Call& c) {
  c.expect(1, 1);
  Value d = dict_recv(c);
  ValueList out;
  for (std::size_t i = 0; i < d.size(); ++i) {
    out.push_back(d.entry(i).second);
  }
  c.in.step(out.size());
  return Value::list(std::move(out), Seq::iter);
}

Value items(Call& c) {
  c.expect(1, 1);
  Value d = dict_recv(c);
  ValueList out;
  for (std::size_t i = 0; i < d.size(); ++i) {
    auto e = d.entry(i);
    out.push_back(Value::list({e.first, e.second}));
  }
  c.in.step(out.size());
  return Value::list(std::move(out), Seq::items_view);
}

Value contains_key(Call& c) {
  c.expect(2, 2);
  Value d = dict_recv(c);
  Value out;
  return Value::boolean(d.find(c.arg(1), out));
}

Value contains_value(Call& c) {
  c.expect(2, 2);
  Value d = dict_recv(c);
  Value x = c.arg(1);
  for (std::size_t i = 0; i < d.size(); ++i) {
    c.in.step();
    if (equal(d.entry(i).second, x)) {
      return Value::boolean(true);
    }
  }
  return Value::boolean(false);
}

const char* py_class(const Value& v) {
  switch (v.kind()) {
    case Kind::dict:
      return "<class 'yaql.language.utils.FrozenDict'>";
    case Kind::list:
      return "<class 'tuple'>";
    case Kind::string:
      return "<class 'str'>";
    case Kind::integer:
      return "<class 'int'>";
    case Kind::number:
      return "<class 'float'>";
    case Kind::boolean:
      return "<class 'bool'>";
    case Kind::null:
      return "<class 'NoneType'>";
    default:
      return "<class 'object'>";
  }
}

// Deep merge as Mistral users rely on it: maps merge key by key, lists are
// joined without duplicates, other values of the same type: right wins.
Value merge(Interp& in, const Value& a, const Value& b) {
  in.step();
  if (a.is_dict() && b.is_dict()) {
    DictEntries out = a.entries();
    for (auto& e : b.entries()) {
      Value old;
      if (a.find(e.first, old)) {
        e.second = merge(in, old, e.second);
      }
      out.push_back(std::move(e));
    }
    return Value::dict(std::move(out));
  }
  if (a.is_collection() && b.is_collection()) {
    ValueList out = a.items();
    for (auto& v : b.items()) {
      bool seen = false;
      for (const auto& o : out) {
        in.step();
        seen = seen || equal(o, v);
      }
      if (!seen) {
        out.push_back(std::move(v));
      }
    }
    return a.kind() == Kind::set ? Value::set(std::move(out)) : Value::list(std::move(out));
  }
  bool same = a.kind() == b.kind() || (a.is_number() && b.is_number()) || a.is_null() ||
              b.is_null();
  if (!same) {
    fail(std::string("Cannot merge ") + py_class(a) + " with " + py_class(b));
  }
  return b;
}

Value merge_with(Call& c) {
  c.expect(2, 2);
  Value d = dict_recv(c);
  Value other = c.arg(1);
  if (!other.is_dict()) {
    no_match();
  }
  return merge(c.in, d, other);
}

}  // namespace

void register_maps() {
  define("dict", function_form, dict_fn);
  define("set", both_forms, set_fn);
  define("get", method_form, get);
  define("keys", method_form, keys);
  define("values", method_form, values);
  define("items", method_form, items);
  define("containsKey", method_form, contains_key);
  define("containsValue", method_form, contains_value);
  define("mergeWith", method_form, merge_with);
}

}  // namespace bora::dsl::yaql
