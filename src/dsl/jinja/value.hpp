#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "result.hpp"

namespace bora::dsl::jinja {

struct Value;
class Object;
class Interp;

/// Elements of a list or tuple built while evaluating.
using List = std::vector<Value>;
/// Entries of a dict built while evaluating, in insertion order.
using DictItems = std::vector<std::pair<Value, Value>>;

/// How a list-like value prints: Python shows views, ranges and generators
/// differently from plain lists although they iterate the same way.
enum class View : uint8_t { none, dict_items, dict_keys, dict_values, range, generator };

/// One runtime value of the template engine: the Python objects Jinja sees
/// (None, bool, int, float, str, list, tuple, dict), JSON containers borrowed
/// from the input without copying, Undefined, and opaque objects (callables,
/// namespaces, loop state). Cheap to copy: containers are shared and never
/// mutated once built (except a Namespace, which Jinja allows to change).
struct Value {
  enum class Kind : uint8_t {
    undefined,
    none,
    boolean,
    integer,
    real,
    string,
    list,
    tuple,
    dict,
    json,
    object
  };

  Kind kind = Kind::none;
  View view = View::none;
  /// An undefined that renders as an empty string instead of failing
  /// (Jinja's plain Undefined, produced by an inline `if` without `else`).
  bool lenient = false;
  /// A real holding an unsigned JSON integer above INT64_MAX (exact in `u`):
  /// it prints and converts back exactly; arithmetic sees the double.
  bool big = false;
  /// A tuple made by `groupby`: also has the attributes `grouper` and `list`.
  bool group = false;
  bool b = false;
  uint64_t u = 0;
  int64_t i = 0;
  double d = 0;
  /// The text of a string; the error message of an undefined.
  std::string s;
  /// Lists and dicts built by a template may be changed in place by their
  /// methods (`append`, `update`), as in Python; data from the input never is.
  std::shared_ptr<List> list;
  std::shared_ptr<DictItems> dict;
  /// A JSON array or object (never a scalar).
  std::shared_ptr<const boost::json::value> json;
  std::shared_ptr<Object> obj;
  /// Start, stop and step of a range view.
  int64_t r_start = 0, r_stop = 0, r_step = 1;

  static Value none_v() { return Value(); }
  static Value boolean_v(bool v);
  static Value integer_v(int64_t v);
  static Value real_v(double v);
  static Value string_v(std::string v);
  static Value list_v(List items, bool tuple = false, View view = View::none);
  static Value dict_v(DictItems items);
  static Value object_v(std::shared_ptr<Object> o);
  /// Returns an undefined whose use fails with `message`.
  static Value undefined_v(std::string message);

  bool is_undefined() const { return kind == Kind::undefined; }
  bool is_none() const { return kind == Kind::none; }
  bool is_string() const { return kind == Kind::string; }
  bool is_number() const { return kind == Kind::integer || kind == Kind::real; }
  bool is_int() const { return kind == Kind::integer; }
  bool is_sequence() const;
  bool is_mapping() const;
  bool is_callable() const;
};

/// A value that is not plain data: callables, namespaces, loop state.
class Object {
public:
  virtual ~Object() = default;
  /// Returns the Python type name used in messages (`'%s object'`).
  virtual std::string type_name() const = 0;
  /// Returns Python's `str()` of the object.
  virtual std::string str() const;
  /// Returns the attribute `name`, or an undefined value if it has none.
  virtual Value getattr(const std::string& name) const;
  /// Returns true when the object can be called.
  virtual bool callable() const { return false; }
  /// Drops the values the object holds (called when an evaluation ends, to
  /// break reference cycles made by changing objects in place).
  virtual void release() {}
  /// Calls the object.
  virtual Result<Value> call(Interp& in, std::vector<Value> args,
                             std::vector<std::pair<std::string, Value>> kwargs);
};

/// Wraps a JSON value: scalars become native values, containers are shared
/// through `owner` (which keeps them alive).
Value from_json(const std::shared_ptr<const boost::json::value>& owner,
                const boost::json::value& v);
/// Wraps a JSON value owned by the new Value.
Value from_json(boost::json::value v);

/// Converts to JSON as Mistral stores results (tuples and views become
/// arrays). Fails for undefined values and objects.
Result<boost::json::value> to_json(const Value& v);

/// Returns the Python type name (`int`, `str`, `dict`, ...).
std::string type_name(const Value& v);
/// Returns Python's `str()`; an undefined must have been rejected before.
std::string str(const Value& v);
/// Returns Python's `repr()`.
std::string repr(const Value& v);
/// Returns true if the value is truthy by Python's rules.
bool truthy(const Value& v);
/// Returns Python's `==`.
bool equal(const Value& a, const Value& b);
/// Compares as Python's `<`; fails when the types do not order.
Result<bool> less(const Value& a, const Value& b, const char* op = "<");

/// Returns the length of a string, sequence or mapping; -1 for other values.
int64_t length(const Value& v);
/// Returns the elements a `for` loop sees: list items, mapping keys or
/// characters (UTF-8 code points) of a string. Fails for other values.
Result<List> iterate(const Value& v);
/// Returns the items of a mapping (only valid when `is_mapping()`).
DictItems mapping_items(const Value& v);
/// Looks up `key` in a mapping; false when absent.
bool mapping_get(const Value& m, const Value& key, Value& out);
/// Returns element `i` of a sequence (0 <= i < length).
Value sequence_at(const Value& v, std::size_t i);

/// Splits a UTF-8 string into code points (each one a substring).
std::vector<std::string> utf8_chars(const std::string& s);
/// Returns the number of UTF-8 code points.
std::size_t utf8_length(const std::string& s);

/// Returns an evaluation error with `msg`.
Error eval_error(std::string msg);
/// Returns the error for using an undefined value.
Error undefined_error(const Value& v);

}  // namespace bora::dsl::jinja
