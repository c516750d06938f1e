// Expressions of the fast tier (see fast.hpp) other than the leaves the
// runner inlines, and the comparisons and text forms it leaves to the
// interpreter's own (pure) functions.

#include "dsl/jinja/fast_runner.hpp"
#include "dsl/jinja/interp.hpp"

namespace bora::dsl::jinja {

namespace {

namespace json = boost::json;

// Wraps borrowed JSON as an interpreter value (for the rare operations the
// fast tier leaves to the interpreter's own functions, which are pure).
Value as_value(const json::value& v) {
  static const std::shared_ptr<const json::value> no_owner;
  return from_json(no_owner, v);
}

using fast_detail::view;

// Python's `a < b` for two values; -1 when the interpreter must decide.
int less_than(const json::value& a, const json::value& b) {
  if (a.is_int64() && b.is_int64()) {
    return a.get_int64() < b.get_int64() ? 1 : 0;
  }
  if (a.is_string() && b.is_string()) {
    return view(a) < view(b) ? 1 : 0;
  }
  auto r = less(as_value(a), as_value(b));
  if (!r) {
    return -1;
  }
  return *r ? 1 : 0;
}

}  // namespace

int fast_compare(uint8_t op, const json::value& a, const json::value& b) {
  switch (op) {
    case FastNode::eq:
    case FastNode::ne: {
      bool same = false;
      if (a.is_string() && b.is_string()) {
        same = view(a) == view(b);
      } else if (a.is_int64() && b.is_int64()) {
        same = a.get_int64() == b.get_int64();
      } else {
        same = equal(as_value(a), as_value(b));
      }
      return same == (op == FastNode::eq) ? 1 : 0;
    }
    case FastNode::lt:
      return less_than(a, b);
    case FastNode::gt:
      return less_than(b, a);
    case FastNode::le: {
      int r = less_than(b, a);
      return r < 0 ? r : 1 - r;
    }
    case FastNode::ge: {
      int r = less_than(a, b);
      return r < 0 ? r : 1 - r;
    }
    default: {
      auto r = contains(as_value(b), as_value(a));
      if (!r) {
        return -1;
      }
      return *r == (op == FastNode::in) ? 1 : 0;
    }
  }
}

std::string fast_str(const json::value& v) { return str(as_value(v)); }

namespace fast_detail {

const json::value* Runner::loop_attr(const FastNode& n) {
  json::value& cell = cells_[n.cell];
  auto i = static_cast<int64_t>(index_[n.slot]);
  auto len = static_cast<int64_t>(length_[n.slot]);
  switch (n.code) {
    case FastNode::index:
      cell = i + 1;
      break;
    case FastNode::index0:
      cell = i;
      break;
    case FastNode::revindex:
      cell = len - i;
      break;
    case FastNode::revindex0:
      cell = len - i - 1;
      break;
    case FastNode::first:
      return i == 0 ? &true_value : &false_value;
    case FastNode::last:
      return i == len - 1 ? &true_value : &false_value;
    case FastNode::length:
      cell = len;
      break;
    case FastNode::depth:
      // Loops of the fast tier are never recursive: depth0 is always 0.
      cell = int64_t{1};
      break;
    default:
      cell = int64_t{0};
      break;
  }
  return &cell;
}

const json::value* Runner::concat(const FastNode& n) {
  json::value& cell = cells_[n.cell];
  json::string& s = cell.is_string() ? cell.get_string() : cell.emplace_string();
  s.clear();
  for (const auto& k : n.kids) {
    const json::value* v = sub(n, k);
    if (v == nullptr) {
      return nullptr;
    }
    append_text(*v, s);
    if (s.size() > max_bytes_) {
      return nullptr;
    }
  }
  return &cell;
}

const json::value* Runner::length(const FastNode& n) {
  const json::value* v = sub(n, n.kids[0]);
  if (v == nullptr) {
    return nullptr;
  }
  json::value& cell = cells_[n.cell];
  switch (v->kind()) {
    case json::kind::string: {
      // Python counts code points: every byte but UTF-8 continuation bytes.
      int64_t count = 0;
      for (char c : view(*v)) {
        count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
      }
      cell = count;
      break;
    }
    case json::kind::array:
      cell = static_cast<int64_t>(v->get_array().size());
      break;
    case json::kind::object:
      cell = static_cast<int64_t>(v->get_object().size());
      break;
    default:
      return nullptr;
  }
  return &cell;
}

const json::value* Runner::getitem(const FastNode& n) {
  const json::value* obj = sub(n, n.kids[0]);
  if (obj == nullptr) {
    return nullptr;
  }
  const json::value* key = sub(n, n.kids[1]);
  if (key == nullptr) {
    return nullptr;
  }
  if (obj->is_object() && key->is_string()) {
    return obj->get_object().if_contains(view(*key));
  }
  if (obj->is_array() && key->is_int64()) {
    const auto& arr = obj->get_array();
    auto len = static_cast<int64_t>(arr.size());
    int64_t i = key->get_int64();
    if (i < 0) {
      i += len;
    }
    if (i >= 0 && i < len) {
      return &arr[static_cast<std::size_t>(i)];
    }
  }
  return nullptr;
}

int Runner::compare(const FastNode& n) {
  if (!n.straight) {
    ++steps_;
  }
  const json::value* left = sub(n, n.kids[0]);
  if (left == nullptr) {
    return -1;
  }
  for (std::size_t k = 0; k < n.cmp.size(); ++k) {
    const json::value* right = sub(n, n.kids[k + 1]);
    if (right == nullptr) {
      return -1;
    }
    uint8_t op = n.cmp[k];
    int r = 0;
    if (op <= FastNode::ne && left->is_string() && right->is_string()) {
      r = same_string(*left, *right) == (op == FastNode::eq) ? 1 : 0;
    } else {
      r = fast_compare(op, *left, *right);
    }
    if (r <= 0) {
      return r;
    }
    left = right;
  }
  return 1;
}

const json::value* Runner::eval_node(const FastNode& n) {
  if (!n.straight) {
    ++steps_;
  }
  switch (n.op) {
    case Op::data:
      return data_;
    case Op::context: {
      // The interpreter binds these names only when the data is an object.
      if (!data_->is_object()) {
        return nullptr;
      }
      const json::value* v = data_->get_object().if_contains(context_names[n.code]);
      return v != nullptr ? v : &null_value;
    }
    case Op::loop_attr:
      return loop_attr(n);
    case Op::getitem:
      return getitem(n);
    case Op::compare: {
      int r = n.code == FastNode::text_equality ? text_equality(n) : compare(n);
      if (r < 0) {
        return nullptr;
      }
      return r != 0 ? &true_value : &false_value;
    }
    case Op::and_:
    case Op::or_: {
      const json::value* a = sub(n, n.kids[0]);
      if (a == nullptr) {
        return nullptr;
      }
      if (truthy_json(*a) == (n.op == Op::or_)) {
        return a;
      }
      return sub(n, n.kids[1]);
    }
    case Op::not_: {
      const json::value* a = sub(n, n.kids[0]);
      if (a == nullptr) {
        return nullptr;
      }
      return truthy_json(*a) ? &false_value : &true_value;
    }
    case Op::concat:
      return concat(n);
    case Op::length:
      return length(n);
    case Op::condexpr: {
      const json::value* c = sub(n, n.kids[0]);
      if (c == nullptr) {
        return nullptr;
      }
      return sub(n, n.kids[truthy_json(*c) ? 1 : 2]);
    }
    default:
      return nullptr;
  }
}

}  // namespace fast_detail

}  // namespace bora::dsl::jinja
