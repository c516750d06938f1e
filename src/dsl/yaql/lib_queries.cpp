// Query methods over collections: filtering, projection, ordering,
// aggregation. Lambdas are evaluated per element with `$` bound to it, and
// each element counts as an evaluation step.
#include <algorithm>

#include "dsl/yaql/interp.hpp"

namespace bora::dsl::yaql {

namespace {

ValueList receiver_items(Call& c) {
  return iter_arg(c.arg(0));
}

Value where(Call& c) {
  c.expect(2, 2);
  ValueList out;
  for (auto& v : receiver_items(c)) {
    if (truthy(c.call(1, {v}))) {
      out.push_back(std::move(v));
    }
  }
  return Value::list(std::move(out), Seq::iter);
}

Value select(Call& c) {
  c.expect(2, 2);
  ValueList items = receiver_items(c);
  ValueList out;
  out.reserve(items.size());
  for (auto& v : items) {
    out.push_back(c.call(1, {v}));
  }
  return Value::list(std::move(out), Seq::iter);
}

Value select_many(Call& c) {
  c.expect(2, 2);
  ValueList out;
  for (auto& v : receiver_items(c)) {
    Value r = c.call(1, {v});
    if (r.is_collection()) {
      ValueList sub = r.items();
      c.in.step(sub.size());
      c.in.check_size((out.size() + sub.size()) * 8);
      out.insert(out.end(), sub.begin(), sub.end());
    } else {
      out.push_back(r);
    }
  }
  return Value::list(std::move(out), Seq::iter);
}

[[noreturn]] void stop_iteration(const char* message) {
  fail(message);
}

Value first(Call& c) {
  c.expect(1, 2);
  Value coll = c.arg(0);
  if (!coll.is_collection()) {
    no_match();
  }
  if (coll.size() > 0) {
    return coll.at(0);
  }
  if (c.size() == 2) {
    return c.arg(1);
  }
  stop_iteration("");
}

Value last(Call& c) {
  c.expect(1, 2);
  Value coll = c.arg(0);
  if (!coll.is_collection()) {
    no_match();
  }
  if (coll.size() > 0) {
    return coll.at(coll.size() - 1);
  }
  if (c.size() == 2) {
    return c.arg(1);
  }
  stop_iteration("");
}

Value single(Call& c) {
  c.expect(1, 1);
  ValueList items = receiver_items(c);
  if (items.empty()) {
    stop_iteration("");
  }
  if (items.size() > 1) {
    stop_iteration("Collection contains more than one item");
  }
  return items[0];
}

Value any_all(Call& c, bool any) {
  c.expect(1, 2);
  ValueList items = receiver_items(c);
  bool has_pred = c.size() == 2;
  for (auto& v : items) {
    c.in.step();
    // Without a predicate any() only asks whether there is an element.
    bool t = has_pred ? truthy(c.call(1, {v})) : (any || truthy(v));
    if (t == any) {
      return Value::boolean(any);
    }
  }
  return Value::boolean(!any);
}

Value any(Call& c) {
  return any_all(c, true);
}

Value all(Call& c) {
  return any_all(c, false);
}

Value sum(Call& c) {
  c.expect(1, 2);
  ValueList items = receiver_items(c);
  std::size_t start = 0;
  Value acc;
  if (c.size() == 2) {
    acc = c.arg(1);
  } else if (items.empty()) {
    fail("reduce() of empty iterable with no initial value");
  } else {
    acc = items[0];
    start = 1;
  }
  for (std::size_t i = start; i < items.size(); ++i) {
    c.in.step();
    try {
      acc = binary_op(c.in, Op::plus, acc, items[i]);
    } catch (const NoMatch&) {
      fail("No function \"#operator_+\" matches supplied arguments");
    }
  }
  return acc;
}












Value distinct(Call& c) {
  c.expect(1, 2);
  ValueList items = receiver_items(c);
  ValueList out;
  ValueList seen_keys;
  for (auto& v : items) {
    Value key = c.size() == 2 ? c.call(1, {v}) : v;
    require_hashable(key);
    bool seen = false;
    for (const auto& k : seen_keys) {
      c.in.step();
      if (equal(k, key)) {
        seen = true;
        break;
      }
    }
    if (!seen) {
      seen_keys.push_back(key);
      out.push_back(v);
    }
  }
  return Value::list(std::move(out), Seq::iter);
}

int64_t count_arg(const Value& v) {
  int64_t n = to_int_arg(v);
  return n;
}

Value skip(Call& c) {
  c.expect(2, 2);
  ValueList items = receiver_items(c);
  int64_t n = count_arg(c.arg(1));
  if (n < 0) {
    fail("Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.");
  }
  std::size_t k = std::min<std::size_t>(items.size(), std::size_t(n));
  return Value::list(ValueList(items.begin() + long(k), items.end()), Seq::iter);
}

Value take(Call& c) {
  c.expect(2, 2);
  ValueList items = receiver_items(c);
  int64_t n = count_arg(c.arg(1));
  if (n < 0) {
    fail("Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.");
  }
  std::size_t k = std::min<std::size_t>(items.size(), std::size_t(n));
  return Value::list(ValueList(items.begin(), items.begin() + long(k)), Seq::iter);
}

Value skip_while(Call& c) {
  c.expect(2, 2);
  ValueList items = receiver_items(c);
  std::size_t i = 0;
  while (i < items.size() && truthy(c.call(1, {items[i]}))) {
    ++i;
  }
  return Value::list(ValueList(items.begin() + long(i), items.end()), Seq::iter);
}

Value take_while(Call& c) {
  c.expect(2, 2);
  ValueList items = receiver_items(c);
  std::size_t i = 0;
  while (i < items.size() && truthy(c.call(1, {items[i]}))) {
    ++i;
  }
  return Value::list(ValueList(items.begin(), items.begin() + long(i)), Seq::iter);
}

Value index_where(Call& c) {
  c.expect(2, 2);
  ValueList items = receiver_items(c);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (truthy(c.call(1, {items[i]}))) {
      return Value::integer(int64_t(i));
    }
  }
  return Value::integer(-1);
}

Value last_index_where(Call& c) {
  c.expect(2, 2);
  ValueList items = receiver_items(c);
  int64_t found = -1;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (truthy(c.call(1, {items[i]}))) {
      found = int64_t(i);
    }
  }
  return Value::integer(found);
}

Value aggregate(Call& c) {
  c.expect(2, 3);
  ValueList items = receiver_items(c);
  std::size_t start = 0;
  Value acc;
  if (c.size() == 3) {
    acc = c.arg(2);
  } else if (items.empty()) {
    fail("reduce() of empty iterable with no initial value");
  } else {
    acc = items[0];
    start = 1;
  }
  for (std::size_t i = start; i < items.size(); ++i) {
    acc = c.call(1, {acc, items[i]});
  }
  return acc;
}

Value accumulate(Call& c) {
  c.expect(2, 3);
  ValueList items = receiver_items(c);
  ValueList out;
  std::size_t start = 0;
  Value acc;
  if (c.size() == 3) {
    acc = c.arg(2);
  } else if (items.empty()) {
    return Value::list({}, Seq::iter);
  } else {
    acc = items[0];
    start = 1;
  }
  out.push_back(acc);
  for (std::size_t i = start; i < items.size(); ++i) {
    acc = c.call(1, {acc, items[i]});
    out.push_back(acc);
  }
  return Value::list(std::move(out), Seq::iter);
}

Value group_by(Call& c) {
  c.expect(2, 4, true);
  ValueList items = receiver_items(c);
  const Node* value_sel = c.size() > 2 ? &c.lambda(2) : nullptr;
  const Node* aggregator = c.size() > 3 ? &c.lambda(3) : nullptr;
  for (const auto& n : c.named()) {
    if (n.first == "valueSelector" || n.first == "value_selector") {
      value_sel = n.second;
    } else if (n.first == "aggregator") {
      aggregator = n.second;
    } else {
      no_match();
    }
  }
  ValueList keys;
  std::vector<ValueList> groups;
  for (auto& v : items) {
    Value key = c.call(1, {v});
    Value val = value_sel ? c.in.call_lambda(*value_sel, c.scope, {v}) : v;
    std::size_t g = 0;
    while (g < keys.size() && !equal(keys[g], key)) {
      c.in.step();
      ++g;
    }
    if (g == keys.size()) {
      keys.push_back(key);
      groups.emplace_back();
    }
    groups[g].push_back(std::move(val));
  }
  ValueList out;
  for (std::size_t g = 0; g < keys.size(); ++g) {
    Value grp = Value::list(std::move(groups[g]));
    if (aggregator) {
      grp = c.in.call_lambda(*aggregator, c.scope, {grp});
    }
    out.push_back(Value::list({keys[g], grp}));
  }
  return Value::list(std::move(out), Seq::iter);
}

Value zip(Call& c) {
  c.expect(1, 64);
  std::vector<ValueList> lists;
  std::size_t n = SIZE_MAX;
  for (std::size_t i = 0; i < c.size(); ++i) {
    lists.push_back(iter_arg(c.arg(i)));
    n = std::min(n, lists.back().size());
  }
  ValueList out;
  for (std::size_t k = 0; k < n; ++k) {
    c.in.step();
    ValueList row;
    for (const auto& l : lists) {
      row.push_back(l[k]);
    }
    out.push_back(Value::list(std::move(row)));
  }
  return Value::list(std::move(out), Seq::iter);
}

Value zip_longest(Call& c) {
  c.expect(1, 64, true);
  Value fill;
  c.kw("default", fill);
  std::vector<ValueList> lists;
  std::size_t n = 0;
  for (std::size_t i = 0; i < c.size(); ++i) {
    lists.push_back(iter_arg(c.arg(i)));
    n = std::max(n, lists.back().size());
  }
  ValueList out;
  for (std::size_t k = 0; k < n; ++k) {
    c.in.step();
    ValueList row;
    for (const auto& l : lists) {
      row.push_back(k < l.size() ? l[k] : fill);
    }
    out.push_back(Value::list(std::move(row)));
  }
  return Value::list(std::move(out), Seq::iter);
}

Value to_dict(Call& c) {
  c.expect(2, 3);
  ValueList items = receiver_items(c);
  DictEntries out;
  for (auto& v : items) {
    Value k = c.call(1, {v});
    Value val = c.size() == 3 ? c.call(2, {v}) : v;
    require_hashable(k);
    out.emplace_back(std::move(k), std::move(val));
  }
  return Value::dict(std::move(out));
}

Value enumerate(Call& c) {
  c.expect(1, 2, true);
  ValueList items = receiver_items(c);
  int64_t start = to_int_arg(c.opt(1, "start", Value::integer(0)));
  ValueList out;
  for (auto& v : items) {
    c.in.step();
    out.push_back(Value::list({Value::integer(start++), v}));
  }
  return Value::list(std::move(out), Seq::iter);
}

Value slice(Call& c) {
  c.expect(2, 2);
  ValueList items = receiver_items(c);
  int64_t n = to_int_arg(c.arg(1));
  if (n <= 0) {
    fail("slice length must be positive");
  }
  ValueList out;
  for (std::size_t i = 0; i < items.size(); i += std::size_t(n)) {
    std::size_t e = std::min(items.size(), i + std::size_t(n));
    out.push_back(Value::list(ValueList(items.begin() + long(i), items.begin() + long(e))));
  }
  return Value::list(std::move(out), Seq::iter);
}

Value split_at(Call& c) {
  c.expect(2, 2);
  ValueList items = receiver_items(c);
  int64_t n = to_int_arg(c.arg(1));
  std::size_t k = n < 0 ? 0 : std::min<std::size_t>(items.size(), std::size_t(n));
  return Value::list({Value::list(ValueList(items.begin(), items.begin() + long(k))),
                      Value::list(ValueList(items.begin() + long(k), items.end()))});
}

Value slice_where(Call& c) {
  c.expect(2, 2);
  ValueList items = receiver_items(c);
  ValueList out;
  ValueList cur;
  Value prev_key;
  for (std::size_t i = 0; i < items.size(); ++i) {
    Value key = c.call(1, {items[i]});
    if (i > 0 && !equal(key, prev_key)) {
      out.push_back(Value::list(std::move(cur)));
      cur.clear();
    }
    prev_key = key;
    cur.push_back(items[i]);
  }
  if (!cur.empty()) {
    out.push_back(Value::list(std::move(cur)));
  }
  return Value::list(std::move(out), Seq::iter);
}

}  // namespace

void register_queries() {
  register_ordering();
  define("where", method_form, where);
  define("filter", method_form, where);
  define("select", method_form, select);
  define("map", method_form, select);
  define("selectMany", method_form, select_many);
  define("first", method_form, first);
  define("last", method_form, last);
  define("single", method_form, single);
  define("any", both_forms, any);
  define("all", both_forms, all);
  define("sum", method_form, sum);
  define("distinct", both_forms, distinct);
  define("skip", method_form, skip);
  define("take", method_form, take);
  define("limit", method_form, take);
  define("skipWhile", method_form, skip_while);
  define("takeWhile", method_form, take_while);
  define("indexWhere", method_form, index_where);
  define("lastIndexWhere", method_form, last_index_where);
  define("aggregate", method_form, aggregate);
  define("reduce", method_form, aggregate);
  define("accumulate", method_form, accumulate);
  define("groupBy", method_form, group_by);
  define("zip", method_form, zip);
  define("zipLongest", method_form, zip_longest);
  define("toDict", method_form, to_dict);
  define("enumerate", both_forms, enumerate);
  define("slice", method_form, slice);
  define("splitAt", method_form, split_at);
  define("sliceWhere", method_form, slice_where);
}

}  // namespace bora::dsl::yaql
