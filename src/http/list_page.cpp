// Ordering, paging and trimming rendered items, and the `next` link. The
// order is the one Mistral's SQL query gives: NULL before every value (after
// them when descending), numbers by value, text (and the JSON text of lists
// and objects) by bytes, and the key field ascending to break ties, which
// Mistral adds whenever it pages.

#include <algorithm>
#include <numeric>

#include <boost/json.hpp>

#include "dsl/pystr.hpp"
#include "http/list_query.hpp"
#include "http/list_query_detail.hpp"

namespace bora::http {
namespace json = boost::json;
namespace {

int rank(const json::value& v) {
  if (v.is_null()) {
    return 0;
  }
  if (v.is_bool() || v.is_number()) {
    return 1;
  }
  return 2;  // strings, and lists and objects, which SQL holds as JSON text
}

int compare_numbers(const json::value& a, const json::value& b) {
  if (a.is_int64() && b.is_int64()) {
    int64_t x = a.get_int64();
    int64_t y = b.get_int64();
    return x < y ? -1 : (y < x ? 1 : 0);
  }
  auto as_long_double = [](const json::value& v) -> long double {
    if (v.is_bool()) {
      return v.get_bool() ? 1 : 0;
    }
    if (v.is_int64()) {
      return static_cast<long double>(v.get_int64());
    }
    if (v.is_uint64()) {
      return static_cast<long double>(v.get_uint64());
    }
    return v.get_double();
  };
  long double x = as_long_double(a);
  long double y = as_long_double(b);
  return x < y ? -1 : (y < x ? 1 : 0);
}

int compare_text(const json::value& a, const json::value& b) {
  if (a.is_string() && b.is_string()) {
    return std::string_view(a.get_string()).compare(std::string_view(b.get_string()));
  }
  auto text = [](const json::value& v) {
    return v.is_string() ? std::string(v.get_string()) : dsl::py_json_dumps(v);
  };
  return text(a).compare(text(b));
}

// SQL order of two attribute values; an absent attribute is NULL.
int compare_values(const json::value* a, const json::value* b) {
  static const json::value null_value;
  const json::value& x = a != nullptr ? *a : null_value;
  const json::value& y = b != nullptr ? *b : null_value;
  int rx = rank(x);
  int ry = rank(y);
  if (rx != ry) {
    return rx < ry ? -1 : 1;
  }
  if (rx == 0) {
    return 0;
  }
  return rx == 1 ? compare_numbers(x, y) : compare_text(x, y);
}

int compare_items(const ListQuery& q, const json::object& a, const json::object& b) {
  for (size_t i = 0; i < q.sort_keys.size(); ++i) {
    const std::string& k = q.sort_keys[i];
    int c = compare_values(a.if_contains(k), b.if_contains(k));
    if (c != 0) {
      return q.descending[i] ? -c : c;
    }
  }
  return compare_values(a.if_contains(q.key_field), b.if_contains(q.key_field));
}

const char* op_name(FilterOp op) {
  switch (op) {
    case FilterOp::eq:
      return "eq";
    case FilterOp::neq:
      return "neq";
    case FilterOp::gt:
      return "gt";
    case FilterOp::gte:
      return "gte";
    case FilterOp::lt:
      return "lt";
    case FilterOp::lte:
      return "lte";
    case FilterOp::in:
      return "in";
    case FilterOp::nin:
      return "nin";
    case FilterOp::has:
      return "has";
    case FilterOp::is_null:
      break;
  }
  return "eq";
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    out += out.empty() ? "" : ",";
    out += s;
  }
  return out;
}

// A filter as a query value that reads back to the same filter.
std::string filter_text(const Filter& f) {
  switch (f.kind) {
    case FilterKind::text:
      return std::string(op_name(f.op)) + ":" + joined(f.values);
    case FilterKind::uuid:
    case FilterKind::tag_text:
      return "eq:" + joined(f.values);
    case FilterKind::json:
    case FilterKind::tag_list:
    case FilterKind::boolean:
    case FilterKind::integer:
      break;
  }
  return joined(f.values);
}

void append_param(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += '=';
  detail::append_query_value(out, value);
  out += '&';
}

}  // namespace

namespace detail {

void append_query_value(std::string& out, std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  static const std::string_view keep = "-._~:,/@!$'()*;";
  for (char c : s) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum || keep.find(c) != std::string_view::npos) {
      out.push_back(c);
      continue;
    }
    auto b = static_cast<unsigned char>(c);
    out.push_back('%');
    out.push_back(hex[b >> 4]);
    out.push_back(hex[b & 0xF]);
  }
}

}  // namespace detail

void sort_items(const ListQuery& q, std::vector<json::object>& items) {
  // Sort positions, then move each item once: objects are costly to swap
  // around while sorting.
  std::vector<size_t> order(items.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return compare_items(q, items[a], items[b]) < 0; });
  std::vector<json::object> sorted;
  sorted.reserve(items.size());
  for (size_t i : order) {
    sorted.push_back(std::move(items[i]));
  }
  items = std::move(sorted);
}

bool comes_before(const ListQuery& q, const json::object& a, const json::object& b) {
  return compare_items(q, a, b) < 0;
}

namespace {

Page take_page(const ListQuery& q, std::vector<json::object> sorted, size_t start) {
  Page page;
  size_t end = sorted.size();
  if (q.limit && *q.limit < end - start) {
    end = start + *q.limit;
  }
  page.items.reserve(end - start);
  for (size_t i = start; i < end; ++i) {
    page.items.push_back(std::move(sorted[i]));
  }
  page.full = q.limit.has_value() && page.items.size() == *q.limit;
  return page;
}

}  // namespace

Result<Page> paginate(const ListQuery& q, std::vector<json::object> sorted) {
  if (q.marker.empty()) {
    return take_page(q, std::move(sorted), 0);
  }
  bool by_name = q.marker_rule == MarkerRule::at_name;
  const std::string& key = by_name ? std::string("name") : q.key_field;
  auto it = std::find_if(sorted.begin(), sorted.end(), [&](const json::object& o) {
    const json::value* v = o.if_contains(key);
    return v != nullptr && v->is_string() && v->get_string() == q.marker;
  });
  if (by_name) {
    size_t start = it == sorted.end() ? 0 : static_cast<size_t>(it - sorted.begin());
    return take_page(q, std::move(sorted), start);
  }
  if (it == sorted.end()) {
    return Error(Errc::not_found, "marker not found [id=" + q.marker + "]");
  }
  return take_page(q, std::move(sorted), static_cast<size_t>(it - sorted.begin()) + 1);
}

Page paginate_after(const ListQuery& q, std::vector<json::object> sorted,
                    const json::object& marker_item) {
  auto it = std::partition_point(sorted.begin(), sorted.end(), [&](const json::object& o) {
    return !comes_before(q, marker_item, o);
  });
  return take_page(q, std::move(sorted), static_cast<size_t>(it - sorted.begin()));
}

json::object select_fields(const ListQuery& q, const json::object& item) {
  if (q.shown.empty()) {
    return item;
  }
  json::object out;
  for (const auto& kv : item) {
    if (std::find(q.shown.begin(), q.shown.end(), kv.key()) != q.shown.end()) {
      out.emplace(kv.key(), kv.value());
    }
  }
  return out;
}

std::string next_link(const std::string& base_url, const ListSpec& spec, const ListQuery& q,
                      const std::string& last_id) {
  std::vector<std::string> keys = q.sort_keys;
  std::vector<std::string> dirs;
  for (bool d : q.descending) {
    dirs.push_back(d ? "desc" : "asc");
  }
  if (std::find(keys.begin(), keys.end(), q.key_field) == keys.end()) {
    keys.push_back(q.key_field);
    dirs.push_back("asc");
  }
  std::string url = base_url + "/v2/" + spec.collection + "?";
  append_param(url, "sort_keys", joined(keys));
  append_param(url, "sort_dirs", joined(dirs));
  std::vector<std::string> nulls;
  for (const auto& name : spec.filters) {
    for (const auto& f : q.filters) {
      if (f.field != name) {
        continue;
      }
      if (f.op == FilterOp::is_null) {
        nulls.push_back(name);
      } else {
        append_param(url, name, filter_text(f));
      }
    }
  }
  if (!nulls.empty()) {
    append_param(url, "nulls", joined(nulls));
  }
  url += "limit=" + std::to_string(q.limit.value_or(0)) + "&marker=";
  detail::append_query_value(url, last_id);
  if (!q.fields.empty()) {
    url += "&fields=";
    detail::append_query_value(url, joined(q.fields));
  }
  return url;
}

}  // namespace bora::http
