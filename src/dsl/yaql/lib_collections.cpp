// Collection and map functions: building, editing (always into new values),
// membership, set algebra and Mistral's favourite map helpers.
#include <algorithm>

#include "dsl/yaql/interp.hpp"
#include "dsl/yaql/strutil.hpp"

namespace bora::dsl::yaql {

namespace {

Value len(Call& c) {
  c.expect(1, 1);
  Value v = c.arg(0);
  switch (v.kind()) {
    case Kind::string:
      return Value::integer(int64_t(utf8_length(v.str())));
    case Kind::list:
    case Kind::set:
    case Kind::dict:
      return Value::integer(int64_t(v.size()));
    default:
      no_match();
  }
}

Value count(Call& c) {
  c.expect(1, 1);
  Value v = c.arg(0);
  if (!v.is_collection()) {
    no_match();
  }
  return Value::integer(int64_t(v.size()));
}

Value contains(Call& c) {
  c.expect(2, 2);
  ValueList items = iter_arg(c.arg(0));
  Value x = c.arg(1);
  for (const auto& v : items) {
    c.in.step();
    if (equal(v, x)) {
      return Value::boolean(true);
    }
  }
  return Value::boolean(false);
}

Value index_of_impl(Call& c, bool last) {
  Value recv = c.arg(0);
  if (recv.is_string()) {
    c.expect(2, 4);
    std::u32string s = utf8_decode(recv.str());
    std::u32string sub = utf8_decode(str_arg(c.arg(1)));
    int64_t n = int64_t(s.size());
    int64_t start = c.size() > 2 ? to_int_arg(c.arg(2)) : 0;
    int64_t end = c.size() > 3 ? start + to_int_arg(c.arg(3)) : n;
    if (start < 0) {
      start = std::max<int64_t>(0, start + n);
    }
    end = std::min(end, n);
    if (start > end || int64_t(sub.size()) > end - start) {
      return Value::integer(-1);
    }
    std::u32string_view window(s.data() + start, std::size_t(end - start));
    std::size_t p = last ? window.rfind(sub) : window.find(sub);
    return Value::integer(p == std::u32string_view::npos ? -1 : int64_t(p) + start);
  }
  c.expect(2, 2);
  ValueList items = iter_arg(recv);
  Value x = c.arg(1);
  int64_t found = -1;
  for (std::size_t i = 0; i < items.size(); ++i) {
    c.in.step();
    if (equal(items[i], x)) {
      found = int64_t(i);
      if (!last) {
        break;
      }
    }
  }
  return Value::integer(found);
}

Value index_of(Call& c) {
  return index_of_impl(c, false);
}

Value last_index_of(Call& c) {
  return index_of_impl(c, true);
}

Value append(Call& c) {
  c.expect(1, 1 << 16);
  ValueList items = iter_arg(c.arg(0));
  for (std::size_t i = 1; i < c.size(); ++i) {
    items.push_back(c.arg(i));
  }
  c.in.step(items.size());
  return Value::list(std::move(items), Seq::iter);
}

Value insert(Call& c) {
  c.expect(3, 3);
  ValueList items = iter_arg(c.arg(0));
  int64_t pos = to_int_arg(c.arg(1));
  int64_t n = int64_t(items.size());
  if (pos < 0) {
    pos = std::max<int64_t>(0, pos + n);
  }
  pos = std::min(pos, n);
  items.insert(items.begin() + long(pos), c.arg(2));
  c.in.step(items.size());
  return Value::list(std::move(items), Seq::pylist);
}

Value delete_keys(Call& c, const ValueList& keys) {
  DictEntries out;
  for (auto& e : c.arg(0).entries()) {
    bool drop = false;
    for (const auto& k : keys) {
      c.in.step();
      drop = drop || equal(e.first, k);
    }
    if (!drop) {
      out.push_back(std::move(e));
    }
  }
  return Value::dict(std::move(out));
}

Value delete_fn(Call& c) {
  Value recv = c.arg(0);
  if (recv.is_dict()) {
    c.expect(1, 1 << 16);
    ValueList keys;
    for (std::size_t i = 1; i < c.size(); ++i) {
      keys.push_back(c.arg(i));
    }
    return delete_keys(c, keys);
  }
  c.expect(2, 3);
  ValueList items = iter_arg(recv);
  int64_t pos = to_int_arg(c.arg(1));
  int64_t count = c.size() > 2 ? to_int_arg(c.arg(2)) : 1;
  ValueList out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    int64_t k = int64_t(i);
    if (k < pos || (count >= 0 && k >= pos + count)) {
      out.push_back(items[i]);
    }
  }
  c.in.step(items.size());
  return Value::list(std::move(out), Seq::iter);
}

Value delete_all(Call& c) {
  c.expect(2, 2);
  if (!c.arg(0).is_dict()) {
    no_match();
  }
  return delete_keys(c, iter_arg(c.arg(1)));
}

Value reverse(Call& c) {
  c.expect(1, 1);
  ValueList items = iter_arg(c.arg(0));
  std::reverse(items.begin(), items.end());
  return Value::list(std::move(items), Seq::iter);
}

Value to_list(Call& c) {
  c.expect(1, 1);
  Value v = c.arg(0);
  if (v.is_dict()) {
    no_match();
  }
  return Value::list(iter_arg(v));
}

Value to_set(Call& c) {
  c.expect(1, 1);
  ValueList items = iter_arg(c.arg(0));
  c.in.step(items.size());
  for (const auto& v : items) {
    require_hashable(v);
  }
  return Value::set(std::move(items));
}

Value concat(Call& c) {
  if (c.size() == 0) {
    fail("Ambiguous function \"concat\"");  // YAQL cannot pick between its overloads
  }
  c.expect(1, 1 << 16);
  Value first = c.arg(0);
  if (first.is_string() && !c.receiver) {
    std::string out(first.str());
    for (std::size_t i = 1; i < c.size(); ++i) {
      out += str_arg(c.arg(i));
      c.in.check_size(out.size());
    }
    return Value::string(std::move(out));
  }
  ValueList out = iter_arg(first);
  for (std::size_t i = 1; i < c.size(); ++i) {
    ValueList more = iter_arg(c.arg(i));
    c.in.check_size((out.size() + more.size()) * 8);
    c.in.step(more.size());
    out.insert(out.end(), more.begin(), more.end());
  }
  return Value::list(std::move(out), Seq::iter);
}

std::string join_items(Call& c, const ValueList& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    c.in.step();
    if (i) {
      out += sep;
    }
    out += yaql_str(items[i]);
    c.in.check_size(out.size());
  }
  return out;
}

Value join(Call& c) {
  c.expect(2, 2);
  Value a = c.arg(0);
  Value b = c.arg(1);
  if (a.is_collection() && b.is_string()) {
    return Value::string(join_items(c, a.items(), b.str()));
  }
  if (a.is_string() && b.is_collection()) {
    return Value::string(join_items(c, b.items(), a.str()));
  }
  no_match();
}

void flatten_into(Interp& in, const Value& v, ValueList& out) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    in.step();
    Value e = v.at(i);
    if (e.is_collection()) {
      flatten_into(in, e, out);
    } else {
      out.push_back(std::move(e));
    }
  }
}

Value flatten(Call& c) {
  c.expect(1, 1);
  Value v = c.arg(0);
  if (!v.is_collection()) {
    no_match();
  }
  ValueList out;
  flatten_into(c.in, v, out);
  return Value::list(std::move(out), Seq::iter);
}

Value range(Call& c) {
  c.expect(0, 3, true);
  int64_t start = 0;
  int64_t stop;
  int64_t step = 1;
  Value named_stop;
  if (c.kw("stop", named_stop)) {
    start = to_int_arg(c.opt(0, "start", Value::integer(0)));
    stop = to_int_arg(named_stop);
    step = to_int_arg(c.opt(2, "step", Value::integer(1)));
  } else if (c.size() == 0) {
    no_match();
  } else if (c.size() == 1) {
    stop = to_int_arg(c.arg(0));
  } else {
    start = to_int_arg(c.arg(0));
    stop = to_int_arg(c.arg(1));
    step = c.size() == 3 ? to_int_arg(c.arg(2)) : 1;
  }
  if (step == 0) {
    fail("range() arg 3 must not be zero");
  }
  long double span = step > 0 ? (long double)stop - start : (long double)start - stop;
  long double n = span <= 0 ? 0 : (span + (step > 0 ? step : -step) - 1) / (step > 0 ? step : -step);
  c.in.check_size(uint64_t(n * 8));
  c.in.step(uint64_t(n));
  ValueList out;
  out.reserve(std::size_t(n));
  for (int64_t v = start; step > 0 ? v < stop : v > stop; v += step) {
    out.push_back(Value::integer(v));
    if ((step > 0 && v > INT64_MAX - step) || (step < 0 && v < INT64_MIN - step)) {
      break;
    }
  }
  return Value::list(std::move(out), Seq::iter);
}

Value repeat(Call& c) {
  c.expect(2, 2);
  Value v = c.arg(0);
  int64_t n = to_int_arg(c.arg(1));
  if (n < 0) {
    fail("repeat() without a count would never end");
  }
  c.in.check_size(uint64_t(n) * approx_bytes(v));
  c.in.step(uint64_t(n));
  return Value::list(ValueList(std::size_t(n), v), Seq::iter);
}

Value default_if_empty(Call& c) {
  c.expect(2, 2);
  Value v = c.arg(0);
  if (!v.is_collection()) {
    no_match();
  }
  return v.size() ? v : c.arg(1);
}

Value memorize(Call& c) {
  c.expect(1, 1);
  return Value::list(iter_arg(c.arg(0)));
}

Value set_algebra(Call& c, int which) {
  c.expect(2, 2);
  Value a = c.arg(0);
  Value b = c.arg(1);
  if (a.kind() != Kind::set || b.kind() != Kind::set) {
    no_match();
  }
  auto has = [&](const Value& s, const Value& x) {
    for (std::size_t i = 0; i < s.size(); ++i) {
      c.in.step();
      if (equal(s.at(i), x)) {
        return true;
      }
    }
    return false;
  };
  ValueList out;
  if (which == 0) {
    out = a.items();
    ValueList more = b.items();
    out.insert(out.end(), more.begin(), more.end());
  }
  for (std::size_t i = 0; i < a.size() && which != 0; ++i) {
    bool in_b = has(b, a.at(i));
    if ((which == 1 && in_b) || (which != 1 && !in_b)) {
      out.push_back(a.at(i));
    }
  }
  for (std::size_t i = 0; i < b.size() && which == 3; ++i) {
    if (!has(a, b.at(i))) {
      out.push_back(b.at(i));
    }
  }
  return Value::set(std::move(out));
}

Value union_fn(Call& c) {
  return set_algebra(c, 0);
}

Value intersect(Call& c) {
  return set_algebra(c, 1);
}

Value difference(Call& c) {
  return set_algebra(c, 2);
}

Value symmetric_difference(Call& c) {
  return set_algebra(c, 3);
}

}  // namespace

void register_collections() {
  define("len", both_forms, len);
  define("count", method_form, count);
  define("contains", method_form, contains);
  define("indexOf", method_form, index_of);
  define("lastIndexOf", method_form, last_index_of);
  define("append", both_forms, append);
  define("insert", method_form, insert);
  define("delete", method_form, delete_fn);
  define("deleteAll", method_form, delete_all);
  define("reverse", method_form, reverse);
  define("toList", method_form, to_list);
  define("toSet", method_form, to_set);
  define("concat", both_forms, concat);
  define("join", method_form, join);
  define("flatten", method_form, flatten);
  define("range", function_form, range);
  define("repeat", method_form, repeat);
  define("defaultIfEmpty", method_form, default_if_empty);
  define("memorize", method_form, memorize);
  define("union", method_form, union_fn);
  define("intersect", method_form, intersect);
  define("difference", method_form, difference);
  define("symmetricDifference", method_form, symmetric_difference);
}

}  // namespace bora::dsl::yaql
