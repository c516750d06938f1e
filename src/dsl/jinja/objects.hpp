#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dsl/jinja/interp.hpp"

namespace bora::dsl::jinja {

/// The body of a built-in function or bound method.
using BuiltinFn =
    std::function<Result<Value>(Interp& in, const Value& self, std::vector<Value>& args,
                                Kwargs& kwargs)>;

/// A built-in function (`range`) or a method bound to a value (`'a'.upper`).
class Builtin : public Object {
public:
  /// Makes a function (`self` none) or a method of `self`.
  Builtin(std::string name, Value self, BuiltinFn fn)
      : name_(std::move(name)), self_(std::move(self)), fn_(std::move(fn)) {}

  std::string type_name() const override { return "builtin_function_or_method"; }
  std::string str() const override;
  bool callable() const override { return true; }
  Result<Value> call(Interp& in, std::vector<Value> args, Kwargs kwargs) override {
    return fn_(in, self_, args, kwargs);
  }

  /// Wraps a new Builtin in a Value.
  static Value make(std::string name, Value self, BuiltinFn fn);

private:
  std::string type_name_of_self() const;

  std::string name_;
  Value self_;
  BuiltinFn fn_;
};

/// Jinja's `namespace()`: the one mutable object, changed by
/// `{% set ns.attr = value %}`.
class Namespace : public Object {
public:
  std::string type_name() const override { return "Namespace"; }
  std::string str() const override;
  Value getattr(const std::string& name) const override;
  /// Sets (or adds) attribute `name`.
  void set(const std::string& name, Value v);
  void release() override { attrs_.clear(); }

private:
  DictItems attrs_;
};

/// A `{% macro %}` (or the body of a `{% call %}` block): calling it renders
/// its body with the arguments bound.
class Macro : public Object {
public:
  /// `node` is the macro (or call block) node, owned by the template, which
  /// outlives every evaluation. `first_param` is the index of the first
  /// parameter name in `node->kids`.
  Macro(const Node* node, std::size_t first_param, std::string name)
      : node_(node), first_param_(first_param), name_(std::move(name)) {}

  std::string type_name() const override { return "Macro"; }
  std::string str() const override { return "<Macro '" + name_ + "'>"; }
  bool callable() const override { return true; }
  Value getattr(const std::string& name) const override;
  Result<Value> call(Interp& in, std::vector<Value> args, Kwargs kwargs) override;

private:
  const Node* node_;
  std::size_t first_param_;
  std::string name_;
};

/// The `loop` variable inside a for loop.
class Loop : public Object, public std::enable_shared_from_this<Loop> {
public:
  Loop(const Node* node, std::shared_ptr<const List> items, int64_t depth0)
      : node_(node), items_(std::move(items)), depth0_(depth0) {}

  std::string type_name() const override { return "LoopContext"; }
  std::string str() const override;
  Value getattr(const std::string& name) const override;
  bool callable() const override { return node_->recursive; }
  Result<Value> call(Interp& in, std::vector<Value> args, Kwargs kwargs) override;

  /// Moves to element `i`.
  void set_index(std::size_t i) { index_ = i; }
  void release() override { last_changed_ = Value(); }

private:
  const Node* node_;
  std::shared_ptr<const List> items_;
  int64_t depth0_;
  std::size_t index_ = 0;
  mutable Value last_changed_;
  mutable bool has_changed_ = false;
};

/// Renders the items of a for loop (used for loops and recursive `loop()`).
Result<void> render_loop(Interp& in, const Node& n, List items, int64_t depth0, std::string& out);

}  // namespace bora::dsl::jinja
