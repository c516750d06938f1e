// Reading a list query. The order of the checks follows Mistral's, so that a
// query with several problems reports the same one: first each argument is
// converted to its type (marker, limit, the lists, then the filters), then
// unknown arguments, `nulls`, the limit's sign, the sort directions, the
// fields and last the sort keys.

#include "http/list_query.hpp"

#include <algorithm>
#include <set>
#include <string_view>

#include "http/list_query_detail.hpp"

namespace bora::http {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;
using Values = std::vector<std::string>;

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool is_common(std::string_view name) {
  return name == "limit" || name == "marker" || name == "sort_keys" || name == "sort_dirs" ||
         name == "fields";
}

// The parameters of a request grouped by name, and the unknown names in the
// order they first appear.
struct Gathered {
  std::map<std::string, Values> values;
  std::vector<std::string> unknown;
};

Gathered gather(const Params& params, const ListSpec& spec) {
  Gathered g;
  for (const auto& [name, value] : params) {
    bool known = is_common(name) || contains(spec.filters, name) || contains(spec.flags, name);
    if (!known) {
      if (!contains(g.unknown, name)) {
        g.unknown.push_back(name);
      }
      continue;
    }
    g.values[name].push_back(value);
  }
  return g;
}

const Values* find(const Gathered& g, const std::string& name) {
  auto it = g.values.find(name);
  return it == g.values.end() ? nullptr : &it->second;
}

Result<void> read_marker(const Gathered& g, const ListSpec& spec, ListQuery& q) {
  const Values* v = find(g, "marker");
  if (v == nullptr) {
    return {};
  }
  if (spec.marker_rule == MarkerRule::at_name) {
    q.marker = v->back();
    return {};
  }
  auto id = detail::convert_uuid("marker", *v);
  if (!id.ok()) {
    return std::move(id).error();
  }
  q.marker = std::move(id).value();
  return {};
}

Result<void> read_limit(const Gathered& g, ListQuery& q) {
  const Values* v = find(g, "limit");
  if (v == nullptr) {
    return {};
  }
  auto n = detail::convert_int("limit", "int", *v);
  if (!n.ok()) {
    return std::move(n).error();
  }
  // Mistral refuses a limit below 1 only after the other conversions; 0
  // marks it until parse_list_query checks it.
  q.limit = static_cast<size_t>(n.value() <= 0 ? 0 : n.value());
  return {};
}

// Mistral's list types: comma split, trimmed, lower-cased, empty items
// dropped; `unique` also drops repeats. A repeated key keeps its last value.
Values read_list(const Gathered& g, const std::string& name, Values fallback, bool unique) {
  const Values* v = find(g, name);
  if (v == nullptr) {
    return fallback;
  }
  Values out;
  for (const auto& item : detail::split(v->back(), ',')) {
    std::string s = detail::ascii_lower(detail::trim(item));
    if (s.empty() || (unique && contains(out, s))) {
      continue;
    }
    out.push_back(std::move(s));
  }
  return out;
}

FilterKind kind_of(const ListSpec& spec, const std::string& name) {
  if (auto it = spec.kinds.find(name); it != spec.kinds.end()) {
    return it->second;
  }
  if (contains(spec.json_fields, name)) {
    return FilterKind::json;
  }
  return name == "tags" ? FilterKind::tag_text : FilterKind::text;
}

Result<void> read_filters(const Gathered& g, const ListSpec& spec, ListQuery& q) {
  for (const auto& name : spec.filters) {
    const Values* v = find(g, name);
    Values defaulted;
    if (v == nullptr) {
      auto d = spec.filter_defaults.find(name);
      if (d == spec.filter_defaults.end()) {
        continue;
      }
      defaulted.push_back(d->second);
      v = &defaulted;
    }
    auto f = detail::convert_filter(name, kind_of(spec, name), *v);
    if (!f.ok()) {
      return std::move(f).error();
    }
    if (f.value().has_value()) {
      q.filters.push_back(std::move(*f.value()));
    }
  }
  return {};
}

std::string joined(const Values& v) {
  std::string out;
  for (const auto& s : v) {
    out += out.empty() ? "" : ", ";
    out += s;
  }
  return out;
}

bool has_filter(const ListQuery& q, const std::string& name) {
  return std::any_of(q.filters.begin(), q.filters.end(),
                     [&](const Filter& f) { return f.field == name; });
}

const Values& columns_of(const ListSpec& spec) {
  return spec.columns.empty() ? spec.fields : spec.columns;
}

// `nulls=a,b`: every name must be a stored column that may hold null; a
// name that is also a filter argument, and not given a value, then selects
// the items whose attribute is null.
Result<void> read_nulls(const Gathered& g, const ListSpec& spec, ListQuery& q) {
  if (!contains(spec.flags, "nulls")) {
    return {};
  }
  q.nulls = read_list(g, "nulls", {}, false);
  for (const auto& name : q.nulls) {
    if (!contains(columns_of(spec), name)) {
      return Error(Errc::invalid_argument, "'" + name + "' is not a valid field name.");
    }
    if (name == spec.key_field) {
      return Error(Errc::invalid_argument, "The field '" + name + "' can't hold None value.");
    }
  }
  for (const auto& name : spec.filters) {
    if (contains(q.nulls, name) && !has_filter(q, name)) {
      Filter f;
      f.field = name;
      f.op = FilterOp::is_null;
      f.kind = kind_of(spec, name);
      q.filters.push_back(std::move(f));
    }
  }
  return {};
}

Result<void> check_sorting(const Gathered& g, ListQuery& q) {
  Values dirs = read_list(g, "sort_dirs", {"asc"}, false);
  if (q.sort_keys.size() < dirs.size()) {
    return Error(Errc::invalid_argument,
                 "Length of sort_keys must be equal or greater than sort_dirs.");
  }
  dirs.resize(q.sort_keys.size(), "asc");
  for (const auto& d : dirs) {
    if (d != "asc" && d != "desc") {
      return Error(Errc::invalid_argument, "Unknown sort direction, must be 'desc' or 'asc'.");
    }
    q.descending.push_back(d == "desc");
  }
  return {};
}

Result<void> check_fields(const ListSpec& spec, ListQuery& q) {
  if (q.fields.empty()) {
    return {};
  }
  if (!contains(q.fields, spec.key_field)) {
    q.fields.insert(q.fields.begin(), spec.key_field);
  }
  Values bad;
  for (const auto& f : q.fields) {
    if (!contains(spec.fields, f)) {
      bad.push_back(f);
    }
  }
  if (!bad.empty()) {
    return Error(Errc::invalid_argument, "Some fields do not exist  [" + joined(bad) +
                                             "], please choose from [" + joined(spec.fields) + "]");
  }
  for (const auto& f : q.fields) {
    q.shown.push_back(f);
    if (auto it = spec.companions.find(f); it != spec.companions.end()) {
      for (const auto& c : it->second) {
        if (!contains(q.shown, c)) {
          q.shown.push_back(c);
        }
      }
    }
  }
  return {};
}

Result<void> check_sort_keys(const Gathered& g, const ListSpec& spec, const ListQuery& q) {
  if (find(g, "sort_keys") == nullptr) {
    return {};  // the spec's default key is trusted
  }
  for (const auto& k : q.sort_keys) {
    if (!contains(columns_of(spec), k)) {
      return Error(Errc::invalid_argument, "Sort key supplied is invalid: " + k);
    }
  }
  return {};
}

Result<void> read_conversions(const Gathered& g, const ListSpec& spec, ListQuery& q) {
  if (auto r = read_marker(g, spec, q); !r.ok()) {
    return r;
  }
  if (auto r = read_limit(g, q); !r.ok()) {
    return r;
  }
  q.sort_keys = read_list(g, "sort_keys", {spec.default_sort}, true);
  q.fields = read_list(g, "fields", {}, true);
  if (auto r = read_filters(g, spec, q); !r.ok()) {
    return r;
  }
  for (const auto& name : spec.flags) {
    if (const Values* v = find(g, name)) {
      q.flags[name] = v->back();
    }
  }
  return {};
}

}  // namespace

Result<ListQuery> parse_list_query(const Params& params, const ListSpec& spec) {
  ListQuery q;
  q.key_field = spec.key_field;
  q.marker_rule = spec.marker_rule;
  Gathered g = gather(params, spec);
  if (auto r = read_conversions(g, spec, q); !r.ok()) {
    return std::move(r).error();
  }
  if (!g.unknown.empty()) {
    return Error(Errc::invalid_argument, "Unknown argument: \"" + joined(g.unknown) + "\"");
  }
  if (auto r = read_nulls(g, spec, q); !r.ok()) {
    return std::move(r).error();
  }
  if (q.limit && *q.limit == 0) {
    return Error(Errc::invalid_argument, "Limit must be positive.");
  }
  if (auto r = check_sorting(g, q); !r.ok()) {
    return std::move(r).error();
  }
  if (auto r = check_fields(spec, q); !r.ok()) {
    return std::move(r).error();
  }
  if (auto r = check_sort_keys(g, spec, q); !r.ok()) {
    return std::move(r).error();
  }
  return q;
}

}  // namespace bora::http
