// Ordering: orderBy()/thenBy() (stable, multi-key) and min/max, all using
// YAQL's comparison rules.
#include <algorithm>

#include "dsl/yaql/interp.hpp"

namespace bora::dsl::yaql {

namespace {

ValueList receiver_items(Call& c) {
  return iter_arg(c.arg(0));
}

int safe_compare(const Value& a, const Value& b, const char* op) {
  try {
    return compare(a, b);
  } catch (const NoMatch&) {
    fail(std::string("No function \"#operator_") + op + "\" matches supplied arguments");
  }
}

Value extreme(Call& c, bool want_max) {
  c.expect(1, 2);
  ValueList items = receiver_items(c);
  if (c.size() == 2) {
    items.insert(items.begin(), c.arg(1));
  }
  if (items.empty()) {
    fail("reduce() of empty iterable with no initial value");
  }
  Value best = items[0];
  for (std::size_t i = 1; i < items.size(); ++i) {
    c.in.step();
    int cmp = safe_compare(items[i], best, want_max ? ">" : "<");
    if (want_max ? cmp > 0 : cmp < 0) {
      best = items[i];
    }
  }
  return best;
}

// max(a, b) in function form; c.max() in method form.
Value max_fn(Call& c) {
  if (c.receiver) {
    return extreme(c, true);
  }
  c.expect(2, 2);
  Value a = c.arg(0);
  Value b = c.arg(1);
  return safe_compare(b, a, ">") > 0 ? b : a;
}

Value min_fn(Call& c) {
  if (c.receiver) {
    return extreme(c, false);
  }
  c.expect(2, 2);
  Value a = c.arg(0);
  Value b = c.arg(1);
  return safe_compare(b, a, "<") < 0 ? b : a;
}

Value sort_by_keys(Call& c, const ValueList& source,
                   const std::vector<std::pair<const Node*, bool>>& keys) {
  std::vector<std::pair<ValueList, std::size_t>> rows;
  rows.reserve(source.size());
  for (std::size_t i = 0; i < source.size(); ++i) {
    ValueList k;
    for (const auto& key : keys) {
      k.push_back(c.in.call_lambda(*key.first, c.scope, {source[i]}));
    }
    rows.emplace_back(std::move(k), i);
  }
  c.in.step(source.size());
  std::stable_sort(rows.begin(), rows.end(), [&](const auto& x, const auto& y) {
    for (std::size_t k = 0; k < keys.size(); ++k) {
      int cmp = safe_compare(x.first[k], y.first[k], keys[k].second ? ">" : "<");
      if (cmp != 0) {
        return keys[k].second ? cmp > 0 : cmp < 0;
      }
    }
    return false;
  });
  ValueList out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back(source[r.second]);
  }
  Value result = Value::list(std::move(out), Seq::iter);
  c.in.ordering = Interp::Ordering{result.identity(), source, keys};
  return result;
}

Value order_by_impl(Call& c, bool desc) {
  c.expect(2, 2);
  ValueList items = receiver_items(c);
  return sort_by_keys(c, items, {{&c.lambda(1), desc}});
}

Value order_by(Call& c) {
  return order_by_impl(c, false);
}

Value order_by_desc(Call& c) {
  return order_by_impl(c, true);
}

Value then_by_impl(Call& c, bool desc) {
  c.expect(2, 2);
  Value recv = c.arg(0);
  if (!recv.is_collection() || recv.identity() != c.in.ordering.result) {
    no_match();
  }
  auto keys = c.in.ordering.keys;
  keys.emplace_back(&c.lambda(1), desc);
  ValueList source = c.in.ordering.source;
  return sort_by_keys(c, source, keys);
}

Value then_by(Call& c) {
  return then_by_impl(c, false);
}

Value then_by_desc(Call& c) {
  return then_by_impl(c, true);
}

}  // namespace

void register_ordering() {
  define("max", both_forms, max_fn);
  define("min", both_forms, min_fn);
  define("orderBy", method_form, order_by);
  define("orderByDescending", method_form, order_by_desc);
  define("thenBy", method_form, then_by);
  define("thenByDescending", method_form, then_by_desc);
}

}  // namespace bora::dsl::yaql
