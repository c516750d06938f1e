#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dsl/eval_context.hpp"
#include "dsl/jinja/ast.hpp"
#include "dsl/jinja/value.hpp"

namespace bora::dsl::jinja {

/// Keyword arguments of a call, in the order written.
using Kwargs = std::vector<std::pair<std::string, Value>>;

/// Evaluates syntax trees against one EvalContext. One Interp serves one
/// evaluation on one thread; it owns the variable scopes and counts steps,
/// depth and sizes against `ctx.limits`.
class Interp {
public:
  explicit Interp(const EvalContext& ctx);
  /// Empties every container changed in place during the evaluation, which
  /// breaks any reference cycle those changes made.
  ~Interp();
  Interp(const Interp&) = delete;
  Interp& operator=(const Interp&) = delete;

  /// Evaluates an expression node.
  Result<Value> eval(const Node& n);
  /// Renders a statement body, appending to `out`.
  Result<void> render(const Node& body, std::string& out);
  /// Calls a callable value.
  Result<Value> call(const Value& callee, std::vector<Value> args, Kwargs kwargs);
  /// Applies filter `name` to `operand`.
  Result<Value> filter(const std::string& name, Value operand, std::vector<Value> args,
                       Kwargs kwargs);
  /// Applies test `name` to `operand`.
  Result<bool> test(const std::string& name, const Value& operand, std::vector<Value> args,
                    Kwargs kwargs);
  /// Returns `obj.name` by Jinja's sandboxed rule (attribute, then item).
  Result<Value> getattr(const Value& obj, const std::string& name);
  /// Returns `obj[key]` by Jinja's sandboxed rule (item, then attribute).
  Result<Value> getitem(const Value& obj, const Value& key);

  /// Counts one evaluation step; fails past `max_steps`.
  Result<void> step() {
    if (++steps_ > ctx_.limits.max_steps) {
      return steps_error();
    }
    return {};
  }
  /// Fails when a value of about `bytes` bytes would exceed `max_value_bytes`.
  Result<void> check_size(uint64_t bytes) const {
    if (bytes > ctx_.limits.max_value_bytes) {
      return size_error(bytes);
    }
    return {};
  }
  /// Enters one level of nesting (loops, macros); fails past `max_depth`.
  Result<void> enter();
  void leave() { --depth_; }

  /// Converts a value to text for output, failing on undefined values.
  Result<std::string> to_text(const Value& v) const;
  /// Returns Python truthiness, failing on (strict) undefined values.
  Result<bool> truth(const Value& v) const;

  const EvalContext& ctx() const { return ctx_; }
  /// Records that `container` (a list, dict or object) was changed in place.
  void track(const Value& container) { touched_.push_back(container); }

  // -- scopes ----------------------------------------------------------------
  /// One scope of names. Scopes hold a few names each (a loop variable,
  /// `loop`, a handful of `set`s), so a flat list searched from the end
  /// is cheaper than a hash map built and torn down per loop iteration.
  class Frame {
  public:
    using Entry = std::pair<std::string, Value>;
    using const_iterator = std::vector<Entry>::const_iterator;

    /// Binds `name` to a copy of `v`.
    void set(const std::string& name, const Value& v) {
      for (auto& e : entries_) {
        if (same(e.first, name)) {
          e.second = v;
          return;
        }
      }
      entries_.emplace_back(name, v);
    }
    void reserve(std::size_t n) { entries_.reserve(n); }
    std::size_t size() const { return entries_.size(); }
    /// Forgets the names bound after the first `n`, keeping the others
    /// (and the storage of their keys) to be bound again.
    void truncate(std::size_t n) {
      if (entries_.size() > n) {
        entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(n), entries_.end());
      }
    }
    Value& operator[](const std::string& name) {
      for (auto& e : entries_) {
        if (e.first == name) {
          return e.second;
        }
      }
      entries_.emplace_back(name, Value());
      return entries_.back().second;
    }
    const_iterator find(const std::string& name) const {
      for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        if (same(it->first, name)) {
          return it;
        }
      }
      return entries_.end();
    }
    const Value* get(const std::string& name) const {
      auto it = find(name);
      return it != entries_.end() ? &it->second : nullptr;
    }
    const_iterator end() const { return entries_.end(); }
    /// Forgets every name but keeps the storage (a loop reuses one scope
    /// for all its iterations).
    void clear() { entries_.clear(); }

  private:
    static bool same(const std::string& a, const std::string& b) {
      return a.size() == b.size() && (a.empty() || a[0] == b[0]) && a == b;
    }
    std::vector<Entry> entries_;
  };
  /// Looks up a variable through the scopes, then the globals.
  Value lookup(const std::string& name) const;
  /// Returns the variable bound in a scope, or null (globals are not searched).
  const Value* find_var(const std::string& name) const;
  /// Binds a variable in the innermost scope.
  void assign(const std::string& name, Value v) { frames_.back()[name] = std::move(v); }
  /// Binds a copy of `v` in the innermost scope.
  void assign_copy(const std::string& name, const Value& v) { frames_.back().set(name, v); }
  void push_frame() { frames_.emplace_back(); }
  void pop_frame() { frames_.pop_back(); }
  /// Empties the innermost scope, keeping its storage.
  void clear_frame() { frames_.back().clear(); }
  /// Number of names in the innermost scope.
  std::size_t frame_size() const { return frames_.back().size(); }
  /// Keeps only the first `n` names of the innermost scope.
  void truncate_frame(std::size_t n) { frames_.back().truncate(n); }
  /// Replaces all scopes but the outermost (for macro bodies); returns the old ones.
  std::vector<Frame> isolate();
  void restore(std::vector<Frame> saved) { frames_ = std::move(saved); }

  /// Binds `target` (a name, tuple of names or namespace attribute) to `v`.
  Result<void> bind(const Node& target, const Value& v);

private:
  Error steps_error() const;
  Error size_error(uint64_t bytes) const;
  Result<Value> eval_inner(const Node& n);
  /// Evaluates `n` like eval() but, for constants and scoped variables,
  /// points at the existing value instead of copying it; other results are
  /// stored in `tmp`. The pointer is valid until scopes change.
  Result<const Value*> eval_ref(const Node& n, std::optional<Value>& tmp);
  Result<Value> eval_call(const Node& n);
  Result<Value> eval_compare(const Node& n);
  /// Evaluates a comparison chain to a plain truth value.
  Result<bool> compare(const Node& n);
  /// Evaluates a condition by Python truthiness (comparisons without
  /// building a boolean value).
  Result<bool> condition(const Node& n);
  Result<Value> eval_literal(const Node& n);
  Result<Value> eval_slice(const Value& obj, const Node& n);
  Result<void> eval_args(const Node& n, std::size_t first, std::vector<Value>& args,
                         Kwargs& kwargs);
  Result<void> render_stmt(const Node& n, std::string& out);
  Result<void> render_for(const Node& n, std::string& out);
  Result<void> render_if(const Node& n, std::string& out);
  Result<void> render_with(const Node& n, std::string& out);
  Result<void> render_set_block(const Node& n, std::string& out);
  Result<void> render_filter_block(const Node& n, std::string& out);
  Result<Value> apply_filter_chain(const Node& chain, Value v);

  const EvalContext& ctx_;
  std::vector<Frame> frames_;
  std::vector<Value> touched_;
  uint64_t steps_ = 0;
  uint32_t depth_ = 0;
};

/// Applies Python's binary operator `op` (`+ - * / // % **`).
Result<Value> binary_op(const Interp& in, const std::string& op, const Value& a, const Value& b);
/// Formats `args` (a tuple, a mapping or one value) into `fmt` as Python's
/// `fmt % args` does (`%s %r %d %i %f %e %g %x %o %c %%`, flags, width, precision).
Result<std::string> percent_format(const Interp& in, const std::string& fmt, const Value& args);
/// Returns Python's `a in b`.
Result<bool> contains(const Value& container, const Value& item);

/// Returns the bound method `recv.name` (str, dict and list methods), or an
/// undefined value when the type has no such attribute.
Value find_method(const Value& recv, const std::string& name);
/// Returns true when `recv.name` is a method (what find_method would find).
bool has_method(const Value& recv, const std::string& name);
/// Returns the global function `name` (range, dict, namespace, cycler,
/// joiner, lipsum and Mistral's functions), or an undefined value.
Value find_global(const std::string& name);

/// Runs the filter `name`; false in `found` if Jinja has no such filter.
Result<Value> run_filter(Interp& in, const std::string& name, Value& operand,
                         std::vector<Value>& args, Kwargs& kwargs, bool& found);
/// Runs the test `name`; false in `found` if Jinja has no such test.
Result<bool> run_test(Interp& in, const std::string& name, const Value& operand,
                      std::vector<Value>& args, Kwargs& kwargs, bool& found);

/// Binds call arguments to parameter names as Python does; `defaults`
/// fill missing trailing parameters (null entries mean required).
/// `fname` names the function in error messages.
Result<std::vector<Value>> bind_args(const std::string& fname,
                                     const std::vector<std::string>& params,
                                     const std::vector<const Value*>& defaults,
                                     std::vector<Value> args, Kwargs kwargs);

}  // namespace bora::dsl::jinja
