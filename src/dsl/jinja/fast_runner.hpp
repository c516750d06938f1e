#pragma once

// Internal to the fast tier (see fast.hpp): the runner that executes fast
// programs and the small helpers its hot paths inline. Included only by
// fast_run.cpp and fast_eval.cpp. Every function here returns "give up"
// (null, false or -1) in any case it does not decide exactly as the
// interpreter would; the caller then runs the interpreter.

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "dsl/jinja/fast.hpp"

namespace bora::dsl::jinja::fast_detail {

namespace json = boost::json;
using Op = FastNode::Op;

/// Results that are not in the data or the program: booleans computed by
/// comparisons and `not`, and the None of an absent context name.
inline const json::value true_value(true);
inline const json::value false_value(false);
inline const json::value null_value;

/// The context names bound next to `_`, indexed by FastNode::code.
inline const char* const context_names[3] = {"__env", "__execution", "__task_execution"};

/// Returns Python's truthiness of a JSON value.
inline bool truthy_json(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return false;
    case json::kind::bool_:
      return v.get_bool();
    case json::kind::int64:
      return v.get_int64() != 0;
    case json::kind::uint64:
      return v.get_uint64() != 0;
    case json::kind::double_:
      return v.get_double() != 0;
    case json::kind::string:
      return !v.get_string().empty();
    case json::kind::array:
      return !v.get_array().empty();
    case json::kind::object:
      return !v.get_object().empty();
  }
  return true;
}

/// Returns the text of a JSON string.
inline std::string_view view(const json::value& v) {
  const auto& s = v.get_string();
  return {s.data(), s.size()};
}

/// Reads a `T` from unaligned memory.
template <class T>
inline T load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

/// Returns true if the `n` bytes at `a` and `b` are equal. Keys and compared
/// strings are short: they are compared a word at a time (the last word
/// overlapping the one before) instead of calling memcmp.
inline bool same_bytes(const char* a, const char* b, std::size_t n) {
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8) {
      if (load<uint64_t>(a + i) != load<uint64_t>(b + i)) {
        return false;
      }
    }
    return load<uint64_t>(a + n - 8) == load<uint64_t>(b + n - 8);
  }
  if (n >= 4) {
    return load<uint32_t>(a) == load<uint32_t>(b) &&
           load<uint32_t>(a + n - 4) == load<uint32_t>(b + n - 4);
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) {
      return false;
    }
  }
  return true;
}

/// Returns true if two JSON strings are equal.
inline bool same_string(const json::value& a, const json::value& b) {
  const auto& x = a.get_string();
  const auto& y = b.get_string();
  return x.size() == y.size() && same_bytes(x.data(), y.data(), x.size());
}

/// Returns the value of `key` in `obj` (null if absent), trying the position
/// of the last hit first.
inline const json::value* find_key(const json::object& obj, std::string_view key,
                                   const KeyHint& hint) {
  uint32_t at = hint.at.load(std::memory_order_relaxed);
  if (at < obj.size()) {
    const json::key_value_pair& kv = obj.begin()[at];
    auto k = kv.key();
    if (k.size() == key.size() && same_bytes(k.data(), key.data(), key.size())) {
      return &kv.value();
    }
  }
  auto it = obj.find(key);
  if (it == obj.end()) {
    return nullptr;
  }
  hint.at.store(static_cast<uint32_t>(it - obj.begin()), std::memory_order_relaxed);
  return &it->value();
}

/// The rendered text: appends to a json::string through raw pointers into
/// its capacity, committing the written length when it grows and when the
/// Output is destroyed (the string must outlive it).
class Output {
public:
  explicit Output(json::string& s) : s_(s) {
    s_.reserve(256);
    reset();
  }
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  ~Output() { commit(); }

  /// Returns the length written so far.
  std::size_t size() const { return static_cast<std::size_t>(cur_ - begin_); }
  /// Appends `n` bytes from `p`.
  void append(const char* p, std::size_t n) {
    if (static_cast<std::size_t>(lim_ - cur_) < n) {
      grow(n);
    }
    if (n <= 16) {
      for (std::size_t i = 0; i < n; ++i) {
        cur_[i] = p[i];
      }
    } else {
      std::memcpy(cur_, p, n);
    }
    cur_ += n;
  }
  void append(std::string_view v) { append(v.data(), v.size()); }

private:
  void commit() { s_.grow(size() - s_.size()); }
  void reset() {
    begin_ = s_.data();
    cur_ = begin_ + s_.size();
    lim_ = begin_ + s_.capacity();
  }
  void grow(std::size_t n) {
    commit();
    s_.reserve(std::max(s_.size() + n, 2 * s_.capacity()));
    reset();
  }

  json::string& s_;
  char* begin_ = nullptr;
  char* cur_ = nullptr;
  char* lim_ = nullptr;
};

/// Appends Python's str() of `v`, as the interpreter prints it, to `out`
/// (an Output or a json::string).
template <class Sink>
void append_text(const json::value& v, Sink& out) {
  char buf[24];
  std::to_chars_result res{};
  switch (v.kind()) {
    case json::kind::string:
      out.append(view(v));
      return;
    case json::kind::int64:
      res = std::to_chars(buf, buf + sizeof buf, v.get_int64());
      break;
    case json::kind::uint64:
      res = std::to_chars(buf, buf + sizeof buf, v.get_uint64());
      break;
    default:
      out.append(std::string_view(fast_str(v)));
      return;
  }
  out.append(std::string_view(buf, static_cast<std::size_t>(res.ptr - buf)));
}

/// Runs one fast program once against one EvalContext: holds the loop
/// slots, the cells and the step count. Lives on the stack of one
/// evaluation; the program and the data must outlive it.
class Runner {
public:
  Runner(const FastProgram& prog, const EvalContext& ctx)
      : max_steps_(ctx.limits.max_steps),
        max_bytes_(ctx.limits.max_value_bytes),
        max_depth_(ctx.limits.max_depth),
        data_(ctx.data != nullptr ? ctx.data : &null_value) {
    if (prog.cells > 0) {
      cells_.resize(prog.cells);
    }
  }

  /// Evaluates an expression. The result points into the input data, the
  /// program's constants, the static values above or the cell of the node
  /// that computed it (an integer or a string, valid until that node is
  /// evaluated again; never an array, so loop variables never point into
  /// cells); null means give up. A straight expression's steps are counted by whoever
  /// counts its parent; other nodes count themselves.
  const json::value* eval(const FastNode& n) {
    // Leaves are handled here, without a call.
    switch (n.op) {
      case Op::constant:
        return &n.value;
      case Op::var:
        return vars_[n.slot];
      case Op::getattr: {
        const FastNode& k = n.kids[0];
        if (k.op == Op::var) {
          // `item.key`, the most common expression in a loop.
          const json::value* obj = vars_[k.slot];
          return obj->is_object() ? find_key(obj->get_object(), n.text, n.hint) : nullptr;
        }
        return getattr(n);
      }
      default:
        return eval_node(n);
    }
  }
  /// Evaluates a whole expression, counting all its steps.
  const json::value* eval_root(const FastNode& n) {
    steps_ += n.cost;
    return eval(n);
  }
  /// Renders a body, counting its statements' steps; false means give up.
  bool render(const FastNode& body, Output& out);
  /// Returns true while the steps counted so far are within the limit.
  bool steps_ok() const { return steps_ <= max_steps_; }

private:
  /// Evaluates `kid` of `parent`, counting its steps if `parent` does
  /// not include them.
  const json::value* sub(const FastNode& parent, const FastNode& kid) {
    if (!parent.straight) {
      steps_ += kid.cost;
    }
    return eval(kid);
  }
  const json::value* eval_node(const FastNode& n);
  const json::value* getattr(const FastNode& n) {
    if (!n.straight) {
      ++steps_;
    }
    const json::value* obj = sub(n, n.kids[0]);
    if (obj == nullptr || !obj->is_object()) {
      return nullptr;
    }
    return find_key(obj->get_object(), n.text, n.hint);
  }
  const json::value* loop_attr(const FastNode& n);
  const json::value* concat(const FastNode& n);
  const json::value* length(const FastNode& n);
  const json::value* getitem(const FastNode& n);
  /// A condition: 1 true, 0 false, -1 give up.
  int condition(const FastNode& n) {
    if (n.op == Op::compare) {
      return n.code == FastNode::text_equality ? text_equality(n) : compare(n);
    }
    const json::value* v = eval(n);
    return v == nullptr ? -1 : truthy_json(*v) ? 1 : 0;
  }
  int compare(const FastNode& n);
  /// `x == 'text'` or `x != 'text'` (straight: counted by the caller).
  int text_equality(const FastNode& n) {
    const json::value* left = eval(n.kids[0]);
    if (left == nullptr) {
      return -1;
    }
    if (left->is_string()) {
      std::string_view l = view(*left);
      const std::string& r = n.kids[1].text;
      bool same = l.size() == r.size() && same_bytes(l.data(), r.data(), r.size());
      return same == (n.cmp[0] == FastNode::eq) ? 1 : 0;
    }
    return fast_compare(n.cmp[0], *left, n.kids[1].value);
  }
  /// Runs the statements of `body`, whose steps the caller counted.
  bool run(const FastNode& body, Output& out);
  bool render_if(const FastNode& n, Output& out);
  bool render_for(const FastNode& n, Output& out);

  const uint64_t max_steps_;
  const uint64_t max_bytes_;
  const uint32_t max_depth_;
  const json::value* data_;
  uint64_t steps_ = 0;
  // Only the slots of the loops being run are read (names are resolved
  // at compile time), so these need no initial values.
  const json::value* vars_[fast_max_slots];
  std::size_t index_[fast_max_slots];
  std::size_t length_[fast_max_slots];
  std::vector<json::value> cells_;
};

}  // namespace bora::dsl::jinja::fast_detail
