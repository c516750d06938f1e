#include "dsl/yaql/value.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include <boost/json.hpp>

#include "dsl/yaql/interp.hpp"

namespace bora::dsl::yaql {
namespace json = boost::json;

namespace {

// Owned maps keep insertion order; a string index makes lookups O(1) once a
// map is large enough for linear search to hurt (toDict over big lists).
struct DictData {
  DictEntries entries;
  std::unordered_map<std::string_view, std::size_t> index;
};

constexpr std::size_t index_threshold = 12;

[[noreturn]] void throw_unhashable(const char* type) {
  fail(std::string("unhashable type: '") + type + "'");
}

const ValueList& owned_list(const std::shared_ptr<const void>& h) {
  return *static_cast<const ValueList*>(h.get());
}

const DictData& owned_dict(const std::shared_ptr<const void>& h) {
  return *static_cast<const DictData*>(h.get());
}

uint16_t nested_depth(const ValueList& items) {
  uint16_t d = 0;
  for (const auto& v : items) {
    d = std::max(d, v.nesting());
  }
  if (d >= max_value_depth) {
    throw Failure{Errc::limit_exceeded, "value nesting exceeds the limit of " +
                                            std::to_string(max_value_depth) + " levels"};
  }
  return uint16_t(d + 1);
}

}  // namespace

Value Value::boolean(bool b) {
  Value v;
  v.kind_ = Kind::boolean;
  v.b_ = b;
  return v;
}

Value Value::integer(int64_t i) {
  Value v;
  v.kind_ = Kind::integer;
  v.i_ = i;
  return v;
}

Value Value::number(double d) {
  Value v;
  v.kind_ = Kind::number;
  v.d_ = d;
  return v;
}

Value Value::string(std::string s) {
  Value v;
  v.kind_ = Kind::string;
  v.heap_ = std::make_shared<const std::string>(std::move(s));
  return v;
}

Value Value::list(ValueList items, Seq seq) {
  Value v;
  v.kind_ = Kind::list;
  v.seq_ = seq;
  v.depth_ = nested_depth(items);
  v.heap_ = std::make_shared<const ValueList>(std::move(items));
  return v;
}

Value Value::dict(DictEntries entries) {
  uint16_t depth = 0;
  for (const auto& e : entries) {
    depth = std::max({depth, e.first.nesting(), e.second.nesting()});
  }
  if (depth >= max_value_depth) {
    throw Failure{Errc::limit_exceeded, "value nesting exceeds the limit of " +
                                            std::to_string(max_value_depth) + " levels"};
  }
  auto d = std::make_shared<DictData>();
  d->entries.reserve(entries.size());
  for (auto& e : entries) {
    bool replaced = false;
    if (entries.size() <= index_threshold || !e.first.is_string()) {
      for (auto& old : d->entries) {
        if (equal(old.first, e.first)) {
          old.second = std::move(e.second);
          replaced = true;
          break;
        }
      }
    } else {
      auto it = d->index.find(e.first.str());
      if (it != d->index.end()) {
        d->entries[it->second].second = std::move(e.second);
        replaced = true;
      }
    }
    if (!replaced) {
      d->entries.push_back(std::move(e));
      if (entries.size() > index_threshold && d->entries.back().first.is_string()) {
        d->index.emplace(d->entries.back().first.str(), d->entries.size() - 1);
      }
    }
  }
  Value v;
  v.kind_ = Kind::dict;
  v.depth_ = uint16_t(depth + 1);
  v.heap_ = std::move(d);
  return v;
}

Value Value::set(ValueList items) {
  ValueList out;
  out.reserve(items.size());
  std::unordered_multimap<std::size_t, std::size_t> seen;
  for (auto& it : items) {
    std::size_t h = hash_value(it);
    bool dup = false;
    auto range = seen.equal_range(h);
    for (auto r = range.first; r != range.second; ++r) {
      if (equal(out[r->second], it)) {
        dup = true;
        break;
      }
    }
    if (!dup) {
      seen.emplace(h, out.size());
      out.push_back(std::move(it));
    }
  }
  Value v;
  v.kind_ = Kind::set;
  v.depth_ = nested_depth(out);
  v.heap_ = std::make_shared<const ValueList>(std::move(out));
  return v;
}

Value Value::datetime(int64_t micros, int32_t offset_seconds) {
  Value v;
  v.kind_ = Kind::datetime;
  v.i_ = micros;
  v.tz_ = offset_seconds;
  return v;
}

Value Value::timespan(int64_t micros) {
  Value v;
  v.kind_ = Kind::timespan;
  v.i_ = micros;
  return v;
}

Value Value::regex(std::shared_ptr<const RegexData> r) {
  Value v;
  v.kind_ = Kind::regex;
  v.heap_ = std::move(r);
  return v;
}

Value Value::borrow(const json::value& j, bool pylist) {
  Value v;
  v.py_ = pylist;
  switch (j.kind()) {
    case json::kind::null:
      break;
    case json::kind::bool_:
      v.kind_ = Kind::boolean;
      v.b_ = j.get_bool();
      break;
    case json::kind::int64:
      v.kind_ = Kind::integer;
      v.i_ = j.get_int64();
      break;
    case json::kind::uint64:
      if (j.get_uint64() > uint64_t(INT64_MAX)) {
        v.kind_ = Kind::number;
        v.d_ = double(j.get_uint64());
      } else {
        v.kind_ = Kind::integer;
        v.i_ = int64_t(j.get_uint64());
      }
      break;
    case json::kind::double_:
      v.kind_ = Kind::number;
      v.d_ = j.get_double();
      break;
    case json::kind::string:
      v.kind_ = Kind::string;
      v.jv_ = &j;
      break;
    case json::kind::array:
      v.kind_ = Kind::list;
      v.seq_ = pylist ? Seq::pylist : Seq::tuple;
      v.jv_ = &j;
      break;
    case json::kind::object:
      v.kind_ = Kind::dict;
      v.jv_ = &j;
      break;
  }
  return v;
}

std::string_view Value::str() const {
  if (jv_) {
    const auto& s = jv_->get_string();
    return {s.data(), s.size()};
  }
  return *static_cast<const std::string*>(heap_.get());
}

const RegexData& Value::regex_data() const {
  return *static_cast<const RegexData*>(heap_.get());
}

std::size_t Value::size() const {
  if (jv_) {
    if (kind_ == Kind::list) {
      return jv_->get_array().size();
    }
    return jv_->get_object().size();
  }
  if (kind_ == Kind::dict) {
    return owned_dict(heap_).entries.size();
  }
  return owned_list(heap_).size();
}

Value Value::at(std::size_t i) const {
  if (jv_) {
    return borrow(jv_->get_array()[i], py_);
  }
  return owned_list(heap_)[i];
}

std::pair<Value, Value> Value::entry(std::size_t i) const {
  if (jv_) {
    const auto& kv = *(jv_->get_object().begin() + i);
    Value k;
    k.kind_ = Kind::string;
    k.heap_ = std::make_shared<const std::string>(kv.key());
    return {std::move(k), borrow(kv.value(), py_)};
  }
  return owned_dict(heap_).entries[i];
}

bool Value::find(std::string_view key, Value& out) const {
  if (jv_) {
    const auto& obj = jv_->get_object();
    auto it = obj.find(key);
    if (it == obj.end()) {
      return false;
    }
    out = borrow(it->value(), py_);
    return true;
  }
  const auto& d = owned_dict(heap_);
  if (!d.index.empty()) {
    auto it = d.index.find(key);
    if (it == d.index.end()) {
      return false;
    }
    out = d.entries[it->second].second;
    return true;
  }
  for (const auto& e : d.entries) {
    if (e.first.is_string() && e.first.str() == key) {
      out = e.second;
      return true;
    }
  }
  return false;
}

bool Value::find(const Value& key, Value& out) const {
  if (key.is_string()) {
    return find(key.str(), out);
  }
  if (jv_) {
    return false;
  }
  for (const auto& e : owned_dict(heap_).entries) {
    if (equal(e.first, key)) {
      out = e.second;
      return true;
    }
  }
  return false;
}

ValueList Value::items() const {
  if (jv_) {
    ValueList out;
    const auto& arr = jv_->get_array();
    out.reserve(arr.size());
    for (const auto& e : arr) {
      out.push_back(borrow(e, py_));
    }
    return out;
  }
  return owned_list(heap_);
}

DictEntries Value::entries() const {
  if (jv_) {
    DictEntries out;
    std::size_t n = size();
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      out.push_back(entry(i));
    }
    return out;
  }
  return owned_dict(heap_).entries;
}

bool truthy(const Value& v) {
  switch (v.kind()) {
    case Kind::null:
      return false;
    case Kind::boolean:
      return v.as_bool();
    case Kind::integer:
      return v.as_int() != 0;
    case Kind::number:
      return v.as_double() != 0.0;
    case Kind::string:
      return !v.str().empty();
    case Kind::list:
    case Kind::dict:
    case Kind::set:
      return v.size() != 0;
    case Kind::timespan:
      return v.as_int() != 0;
    case Kind::datetime:
    case Kind::regex:
      return true;
  }
  return true;
}

namespace {

bool numeric_like(const Value& v) {
  return v.is_number() || v.kind() == Kind::boolean;
}

double numeric(const Value& v) {
  if (v.kind() == Kind::boolean) {
    return v.as_bool() ? 1.0 : 0.0;
  }
  return v.as_double();
}

bool list_equal(const Value& a, const Value& b) {
  std::size_t n = a.size();
  if (n != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!equal(a.at(i), b.at(i))) {
      return false;
    }
  }
  return true;
}

bool dict_equal(const Value& a, const Value& b) {
  std::size_t n = a.size();
  if (n != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < n; ++i) {
    auto e = a.entry(i);
    Value other;
    if (!b.find(e.first, other) || !equal(e.second, other)) {
      return false;
    }
  }
  return true;
}

bool set_equal(const Value& a, const Value& b) {
  std::size_t n = a.size();
  if (n != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < n; ++i) {
    bool found = false;
    for (std::size_t j = 0; j < n && !found; ++j) {
      found = equal(a.at(i), b.at(j));
    }
    if (!found) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool equal(const Value& a, const Value& b) {
  if (numeric_like(a) && numeric_like(b)) {
    if (a.kind() == Kind::integer && b.kind() == Kind::integer) {
      return a.as_int() == b.as_int();
    }
    return numeric(a) == numeric(b);
  }
  if (a.kind() != b.kind()) {
    return false;
  }
  switch (a.kind()) {
    case Kind::null:
      return true;
    case Kind::string:
      return a.str() == b.str();
    case Kind::list:
      // A tuple never equals a list, and iterators equal nothing else.
      return a.seq() == b.seq() && a.seq() != Seq::iter && list_equal(a, b);
    case Kind::dict:
      return dict_equal(a, b);
    case Kind::set:
      return set_equal(a, b);
    case Kind::datetime:
    case Kind::timespan:
      return a.as_int() == b.as_int();
    case Kind::regex:
      return a.regex_data().pattern == b.regex_data().pattern &&
             a.regex_data().flags == b.regex_data().flags;
    default:
      return false;
  }
}

void require_hashable(const Value& v) {
  if (v.kind() == Kind::dict) {
    return;  // FrozenDict is hashable
  }
  if (v.kind() == Kind::list) {
    if (v.seq() == Seq::pylist) {
      throw_unhashable("list");
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
      require_hashable(v.at(i));
    }
  }
}

std::size_t hash_value(const Value& v) {
  switch (v.kind()) {
    case Kind::null:
      return 0x9e37;
    case Kind::boolean:
    case Kind::integer:
    case Kind::number: {
      double d = numeric(v);
      if (d == std::floor(d) && std::fabs(d) < 9e18) {
        return std::hash<int64_t>()(int64_t(d));
      }
      return std::hash<double>()(d);
    }
    case Kind::string:
      return std::hash<std::string_view>()(v.str());
    case Kind::list: {
      std::size_t h = v.size();
      for (std::size_t i = 0; i < v.size(); ++i) {
        h = h * 31 + hash_value(v.at(i));
      }
      return h;
    }
    case Kind::datetime:
    case Kind::timespan:
      return std::hash<int64_t>()(v.as_int());
    default:
      return v.size();  // maps and sets: equal ones share the size
  }
}

}  // namespace bora::dsl::yaql
