// Sequence and mapping filters, and the filter dispatch.

#include <algorithm>
#include <random>

#include "dsl/jinja/filters.hpp"
#include "dsl/jinja/text.hpp"

namespace bora::dsl::jinja {

namespace {

using Args = std::vector<Value>;

#define BORA_ITEMS(var, value)                 \
  auto var##_r = iterate(value);               \
  if (!var##_r) {                              \
    return std::move(var##_r).error();         \
  }                                            \
  auto& var = *var##_r

Value generator(List items) { return Value::list_v(std::move(items), false, View::generator); }

// `attr` reads a Python attribute only (methods, not mapping keys).
Result<Value> f_attr(Interp& in, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_attr", {"name"}, {required()});
  auto name = soft_str(a[0]);
  if (!name) {
    return std::move(name).error();
  }
  if (v.is_undefined() || v.kind == Value::Kind::object || v.group) {
    return in.getattr(v, *name);
  }
  Value m = find_method(v, *name);
  if (!m.is_undefined()) {
    return m;
  }
  return Value::undefined_v("'" + (v.is_none() ? std::string("None") : type_name(v) + " object") +
                            "' has no attribute '" + *name + "'");
}

Result<Value> f_random(Interp&, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_random", {}, {});
  (void)a;
  BORA_ITEMS(items, v);
  if (items.empty()) {
    return Value::undefined_v("No random item, sequence was empty.");
  }
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(rng)];
}

Result<Value> f_batch(Interp&, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_batch", std::vector<std::string>({"linecount", "fill_with"}),
            std::vector<Value>({required(), Value()}));
  BORA_ITEMS(items, v);
  if (!a[0].is_int() || a[0].i <= 0) {
    return eval_error("batch size must be a positive integer");
  }
  auto n = static_cast<std::size_t>(a[0].i);
  List out;
  for (std::size_t i = 0; i < items.size(); i += n) {
    List chunk(items.begin() + static_cast<std::ptrdiff_t>(i),
               items.begin() + static_cast<std::ptrdiff_t>(std::min(items.size(), i + n)));
    while (chunk.size() < n && !a[1].is_none()) {
      chunk.push_back(a[1]);
    }
    out.push_back(Value::list_v(std::move(chunk)));
  }
  return generator(std::move(out));
}

Result<Value> f_length(Interp&, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "len", {}, {});
  (void)a;
  if (v.is_undefined()) {
    return undefined_error(v);
  }
  int64_t n = length(v);
  if (n < 0 || v.view == View::generator) {
    return eval_error("object of type '" + type_name(v) + "' has no len()");
  }
  return Value::integer_v(n);
}

Result<Value> sorted(Interp& in, List items, bool reverse, bool case_sensitive, const Value& attr) {
  std::vector<std::pair<Value, Value>> keyed;
  for (auto& item : items) {
    // `attribute='a,b'` sorts by several attributes in turn.
    std::vector<Value> paths;
    if (attr.is_string() && attr.s.find(',') != std::string::npos) {
      for (auto& p : split_on(attr.s, ",", -1, false)) {
        paths.push_back(Value::string_v(std::move(p)));
      }
    } else if (!attr.is_none()) {
      paths.push_back(attr);
    }
    List parts;
    for (const auto& path : paths) {
      auto k = attr_path(in, item, path, Value());
      if (!k) {
        return std::move(k).error();
      }
      parts.push_back(sort_key(*k, case_sensitive));
    }
    Value key = paths.empty() ? sort_key(item, case_sensitive)
                : paths.size() == 1 ? parts[0] : Value::list_v(std::move(parts));
    keyed.emplace_back(std::move(key), std::move(item));
  }
  std::optional<Error> err;
  std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& x, const auto& y) {
    if (err) {
      return false;
    }
    auto r = reverse ? less(y.first, x.first) : less(x.first, y.first);
    if (!r) {
      err = r.error();
      return false;
    }
    return *r;
  });
  if (err) {
    return std::move(*err);
  }
  List out;
  for (auto& kv : keyed) {
    out.push_back(std::move(kv.second));
  }
  return Value::list_v(std::move(out));
}

Result<Value> f_dictsort(Interp& in, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_dictsort", std::vector<std::string>({"case_sensitive", "by", "reverse"}),
            std::vector<Value>({Value::boolean_v(false), Value::string_v("key"), Value::boolean_v(false)}));
  if (!v.is_mapping()) {
    return v.is_undefined() ? Result<Value>(undefined_error(v))
                            : eval_error("'" + type_name(v) + "' object has no attribute 'items'");
  }
  if (!a[1].is_string() || (a[1].s != "key" && a[1].s != "value")) {
    return eval_error("You can only sort by either \"key\" or \"value\"");
  }
  List pairs;
  for (auto& [k, x] : mapping_items(v)) {
    pairs.push_back(Value::list_v({k, x}, true));
  }
  Value attr = Value::integer_v(a[1].s == "key" ? 0 : 1);
  return sorted(in, std::move(pairs), truthy(a[2]), truthy(a[0]), attr);
}

Result<Value> f_first(Interp&, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "sync_do_first", {}, {});
  (void)a;
  BORA_ITEMS(items, v);
  if (items.empty()) {
    return Value::undefined_v("No first item, sequence was empty.");
  }
  return items.front();
}

Result<Value> f_last(Interp&, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_last", {}, {});
  (void)a;
  if (v.view == View::generator) {
    return eval_error("'generator' object is not reversible");
  }
  BORA_ITEMS(items, v);
  if (items.empty()) {
    return Value::undefined_v("No last item, sequence was empty.");
  }
  return items.back();
}

Result<Value> f_groupby(Interp& in, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "sync_do_groupby", std::vector<std::string>({"attribute", "default", "case_sensitive"}),
            std::vector<Value>({required(), Value(), Value::boolean_v(false)}));
  BORA_ITEMS(items, v);
  bool cs = truthy(a[2]);
  auto s = sorted(in, items, false, cs, a[0]);
  if (!s) {
    return s;
  }
  List groups;
  Value current_key;
  List current;
  bool have = false;
  for (const auto& item : *s->list) {
    auto k = attr_path(in, item, a[0], a[1]);
    if (!k) {
      return std::move(k).error();
    }
    // An undefined key is only an error once it is compared, as in Jinja.
    if (have && (k->is_undefined() || current_key.is_undefined())) {
      return undefined_error(k->is_undefined() ? *k : current_key);
    }
    if (have && equal(sort_key(current_key, cs), sort_key(*k, cs))) {
      current.push_back(item);
      continue;
    }
    if (have) {
      groups.push_back(Value::list_v({current_key, Value::list_v(std::move(current))}, true));
      groups.back().group = true;
    }
    current = {item};
    current_key = *k;
    have = true;
  }
  if (have) {
    groups.push_back(Value::list_v({current_key, Value::list_v(std::move(current))}, true));
    groups.back().group = true;
  }
  return Value::list_v(std::move(groups));
}

Result<Value> f_items(Interp&, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_items", {}, {});
  (void)a;
  if (v.is_undefined()) {
    return generator({});
  }
  if (!v.is_mapping()) {
    return eval_error("Can only get item pairs from a mapping.");
  }
  List out;
  for (auto& [k, x] : mapping_items(v)) {
    out.push_back(Value::list_v({k, x}, true));
  }
  return generator(std::move(out));
}

Result<Value> f_join(Interp& in, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "sync_do_join", std::vector<std::string>({"d", "attribute"}),
            std::vector<Value>({Value::string_v(""), Value()}));
  BORA_ITEMS(items, v);
  auto sep = soft_str(a[0]);
  if (!sep) {
    return std::move(sep).error();
  }
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    Value item = items[i];
    if (!a[1].is_none()) {
      auto x = attr_path(in, item, a[1], Value());
      if (!x) {
        return std::move(x).error();
      }
      item = *x;
    }
    auto t = soft_str(item);
    if (!t) {
      return std::move(t).error();
    }
    if (i > 0) {
      out += *sep;
    }
    out += *t;
    BORA_TRY_VOID(in.check_size(out.size()));
  }
  return Value::string_v(std::move(out));
}

Result<Value> f_list(Interp& in, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "sync_do_list", {}, {});
  (void)a;
  BORA_ITEMS(items, v);
  BORA_TRY_VOID(in.check_size(items.size() * 2));
  return Value::list_v(std::move(items));
}

Result<Value> f_map(Interp& in, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ITEMS(items, v);
  List out;
  bool by_attr = args.empty() && std::any_of(kwargs.begin(), kwargs.end(),
                                             [](const auto& kv) { return kv.first == "attribute"; });
  if (by_attr) {
    Value attr;
    Value dflt;
    for (auto& [k, x] : kwargs) {
      if (k == "attribute") {
        attr = x;
      } else if (k == "default") {
        dflt = x;
      } else {
        return eval_error("Unexpected keyword argument '" + k + "'");
      }
    }
    for (const auto& item : items) {
      BORA_TRY_VOID(in.step());
      auto x = attr_path(in, item, attr, dflt);
      if (!x) {
        return std::move(x).error();
      }
      out.push_back(std::move(*x));
    }
    return generator(std::move(out));
  }
  if (args.empty()) {
    return eval_error("map requires a filter argument");
  }
  if (!args[0].is_string()) {
    return eval_error("map requires a filter name");
  }
  std::string name = args[0].s;
  Args rest(args.begin() + 1, args.end());
  for (const auto& item : items) {
    BORA_TRY_VOID(in.step());
    auto x = in.filter(name, item, rest, kwargs);
    if (!x) {
      return x;
    }
    out.push_back(std::move(*x));
  }
  return generator(std::move(out));
}

Result<Value> min_max(Interp& in, Value& v, Args& args, Kwargs& kwargs, bool want_max) {
  BORA_ARGS(a, want_max ? "do_max" : "do_min",
            std::vector<std::string>({"case_sensitive", "attribute"}),
            std::vector<Value>({Value::boolean_v(false), Value()}));
  BORA_ITEMS(items, v);
  if (items.empty()) {
    return Value::undefined_v(std::string("No aggregated item, sequence was empty."));
  }
  std::size_t best = 0;
  Value best_key;
  for (std::size_t i = 0; i < items.size(); ++i) {
    Value key = items[i];
    if (!a[1].is_none()) {
      auto k = attr_path(in, items[i], a[1], Value());
      if (!k) {
        return std::move(k).error();
      }
      key = *k;
    }
    key = sort_key(key, truthy(a[0]));
    if (i == 0) {
      best_key = key;
      continue;
    }
    auto r = want_max ? less(best_key, key) : less(key, best_key);
    if (!r) {
      return std::move(r).error();
    }
    if (*r) {
      best = i;
      best_key = key;
    }
  }
  return items[best];
}

Result<Value> f_max(Interp& in, Value& v, Args& a, Kwargs& k) { return min_max(in, v, a, k, true); }
Result<Value> f_min(Interp& in, Value& v, Args& a, Kwargs& k) { return min_max(in, v, a, k, false); }

Result<Value> select_reject(Interp& in, Value& v, Args& args, Kwargs& kwargs, bool keep,
                            bool by_attr) {
  BORA_ITEMS(items, v);
  if (by_attr && args.empty()) {
    return eval_error("Missing parameter for attribute name");
  }
  std::size_t off = by_attr ? 1 : 0;
  List out;
  for (const auto& item : items) {
    BORA_TRY_VOID(in.step());
    Value x = item;
    if (by_attr) {
      auto r = attr_path(in, item, args[0], Value());
      if (!r) {
        return std::move(r).error();
      }
      x = *r;
    }
    bool ok = false;
    if (args.size() > off) {
      if (!args[off].is_string()) {
        return eval_error("test name must be a string");
      }
      auto t = in.test(args[off].s, x, Args(args.begin() + static_cast<std::ptrdiff_t>(off) + 1, args.end()),
                       kwargs);
      if (!t) {
        return std::move(t).error();
      }
      ok = *t;
    } else {
      auto t = in.truth(x);
      if (!t) {
        return std::move(t).error();
      }
      ok = *t;
    }
    if (ok == keep) {
      out.push_back(item);
    }
  }
  return generator(std::move(out));
}

Result<Value> f_select(Interp& in, Value& v, Args& a, Kwargs& k) {
  return select_reject(in, v, a, k, true, false);
}
Result<Value> f_reject(Interp& in, Value& v, Args& a, Kwargs& k) {
  return select_reject(in, v, a, k, false, false);
}
Result<Value> f_selectattr(Interp& in, Value& v, Args& a, Kwargs& k) {
  return select_reject(in, v, a, k, true, true);
}
Result<Value> f_rejectattr(Interp& in, Value& v, Args& a, Kwargs& k) {
  return select_reject(in, v, a, k, false, true);
}

Result<Value> f_reverse(Interp&, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_reverse", {}, {});
  (void)a;
  if (v.is_string()) {
    auto chars = utf8_chars(v.s);
    std::string out;
    for (auto it = chars.rbegin(); it != chars.rend(); ++it) {
      out += *it;
    }
    return Value::string_v(std::move(out));
  }
  if (v.is_undefined()) {
    return undefined_error(v);
  }
  auto iterated = iterate(v);
  if (!iterated) {
    return eval_error("argument must be iterable");
  }
  List items = std::move(*iterated);
  std::reverse(items.begin(), items.end());
  if (v.view == View::generator) {
    return Value::list_v(std::move(items));
  }
  return generator(std::move(items));
}

Result<Value> f_slice(Interp&, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "sync_do_slice", std::vector<std::string>({"slices", "fill_with"}),
            std::vector<Value>({required(), Value()}));
  BORA_ITEMS(items, v);
  if (!a[0].is_int() || a[0].i <= 0) {
    return eval_error("slices must be a positive integer");
  }
  auto slices = static_cast<std::size_t>(std::min<int64_t>(a[0].i, 100000));
  std::size_t per = items.size() / slices;
  std::size_t extra = items.size() % slices;
  std::size_t offset = 0;
  List out;
  for (std::size_t s = 0; s < slices; ++s) {
    std::size_t start = offset + s * per;
    if (s < extra) {
      ++offset;
    }
    std::size_t end = offset + (s + 1) * per;
    List chunk(items.begin() + static_cast<std::ptrdiff_t>(start),
               items.begin() + static_cast<std::ptrdiff_t>(end));
    if (!a[1].is_none() && s >= extra) {
      chunk.push_back(a[1]);
    }
    out.push_back(Value::list_v(std::move(chunk)));
  }
  return generator(std::move(out));
}

Result<Value> f_sort(Interp& in, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "sync_do_sort", std::vector<std::string>({"reverse", "case_sensitive", "attribute"}),
            std::vector<Value>({Value::boolean_v(false), Value::boolean_v(false), Value()}));
  BORA_ITEMS(items, v);
  return sorted(in, std::move(items), truthy(a[0]), truthy(a[1]), a[2]);
}

Result<Value> f_sum(Interp& in, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "sync_do_sum", std::vector<std::string>({"attribute", "start"}),
            std::vector<Value>({Value(), Value::integer_v(0)}));
  BORA_ITEMS(items, v);
  Value total = a[1];
  for (const auto& item : items) {
    Value x = item;
    if (!a[0].is_none()) {
      auto r = attr_path(in, item, a[0], Value());
      if (!r) {
        return std::move(r).error();
      }
      x = *r;
    }
    if (x.is_string() && total.is_number()) {
      return eval_error("unsupported operand type(s) for +: '" + type_name(total) + "' and 'str'");
    }
    auto r = binary_op(in, "+", total, x);
    if (!r) {
      return r;
    }
    total = std::move(*r);
  }
  return total;
}

Result<Value> f_unique(Interp& in, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_unique", std::vector<std::string>({"case_sensitive", "attribute"}),
            std::vector<Value>({Value::boolean_v(false), Value()}));
  BORA_ITEMS(items, v);
  List seen;
  List out;
  for (const auto& item : items) {
    BORA_TRY_VOID(in.step());
    Value key = item;
    if (!a[1].is_none()) {
      auto r = attr_path(in, item, a[1], Value());
      if (!r) {
        return std::move(r).error();
      }
      key = *r;
    }
    key = sort_key(key, truthy(a[0]));
    if (std::none_of(seen.begin(), seen.end(), [&](const Value& s) { return equal(s, key); })) {
      seen.push_back(key);
      out.push_back(item);
    }
  }
  return generator(std::move(out));
}

}  // namespace

void add_sequence_filters(FilterTable& t) {
  t["attr"] = f_attr;
  t["batch"] = f_batch;
  t["count"] = f_length;
  t["dictsort"] = f_dictsort;
  t["first"] = f_first;
  t["groupby"] = f_groupby;
  t["items"] = f_items;
  t["join"] = f_join;
  t["last"] = f_last;
  t["length"] = f_length;
  t["list"] = f_list;
  t["map"] = f_map;
  t["max"] = f_max;
  t["min"] = f_min;
  t["random"] = f_random;
  t["reject"] = f_reject;
  t["rejectattr"] = f_rejectattr;
  t["reverse"] = f_reverse;
  t["select"] = f_select;
  t["selectattr"] = f_selectattr;
  t["slice"] = f_slice;
  t["sort"] = f_sort;
  t["sum"] = f_sum;
  t["unique"] = f_unique;
}

}  // namespace bora::dsl::jinja
