#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

namespace re2 {
class RE2;
}

namespace bora::dsl::yaql {

/// The kinds of values a YAQL evaluation handles. Richer than JSON: sets,
/// datetimes, timespans and compiled regular expressions exist only while an
/// expression runs and are converted at the end (see to_json).
enum class Kind : uint8_t {
  null,
  boolean,
  integer,
  number,
  string,
  list,
  dict,
  set,
  datetime,
  timespan,
  regex,
};

/// What Python type a YAQL list is, which decides equality, hashing,
/// indexing and repr: input data and literals are tuples, Mistral's
/// functions give Python lists, query methods give one-pass iterators.
enum class Seq : uint8_t { tuple, pylist, iter, items_view };

class Value;
using ValueList = std::vector<Value>;
using DictEntries = std::vector<std::pair<Value, Value>>;

/// Deepest nesting of containers an expression may build; deeper values
/// could overflow the stack when printed, compared or freed.
constexpr uint16_t max_value_depth = 1000;

/// A compiled regular expression with the Python source it came from.
struct RegexData {
  std::string pattern;
  int flags = 0;  // Python re flag bits: 2 ignorecase, 8 multiline, 16 dotall
  std::shared_ptr<const re2::RE2> re;
};

/// A YAQL value. Cheap to copy: scalars are held inline, strings, lists and
/// maps either borrow the caller's JSON (input data, which outlives the
/// evaluation) or share an immutable heap block. Never mutated once built.
class Value {
public:
  Value() = default;
  static Value boolean(bool b);
  static Value integer(int64_t i);
  static Value number(double d);
  static Value string(std::string s);
  static Value list(ValueList items, Seq seq = Seq::tuple);
  /// Builds a map; later duplicates of a key replace earlier ones.
  static Value dict(DictEntries entries);
  /// Builds a set; duplicates are dropped, first occurrence order is kept.
  static Value set(ValueList items);
  /// Makes a datetime at UTC instant `micros_since_epoch`, shown with a UTC
  /// offset of `offset_seconds` (Python's tzinfo).
  static Value datetime(int64_t micros_since_epoch, int32_t offset_seconds = 0);
  static Value timespan(int64_t micros);
  static Value regex(std::shared_ptr<const RegexData> r);
  /// Wraps (without copying) the JSON value `v`, which must outlive this Value.
  /// Arrays inside are tuples, or Python lists when `pylist` (data that
  /// came from Mistral's functions rather than the expression input).
  static Value borrow(const boost::json::value& v, bool pylist = false);

  Kind kind() const { return kind_; }
  /// The Python type of a list (only meaningful for Kind::list).
  Seq seq() const { return seq_; }
  /// Returns a copy of this list value retagged as `s`.
  Value with_seq(Seq s) const {
    Value v = *this;
    v.seq_ = s;
    return v;
  }
  bool is_null() const { return kind_ == Kind::null; }
  bool is_string() const { return kind_ == Kind::string; }
  bool is_list() const { return kind_ == Kind::list; }
  bool is_dict() const { return kind_ == Kind::dict; }
  /// Returns true for integers and floats (not booleans).
  bool is_number() const { return kind_ == Kind::integer || kind_ == Kind::number; }
  /// Returns true for lists and sets (YAQL's "iterable" minus strings and maps).
  bool is_collection() const { return kind_ == Kind::list || kind_ == Kind::set; }

  bool as_bool() const { return b_; }
  /// UTC offset of a datetime, in seconds.
  int32_t tz_offset() const { return tz_; }
  /// Returns true for lists Python can index (tuples and lists).
  bool indexable() const { return seq_ == Seq::tuple || seq_ == Seq::pylist; }
  int64_t as_int() const { return i_; }
  double as_double() const { return kind_ == Kind::integer ? double(i_) : d_; }
  std::string_view str() const;
  const RegexData& regex_data() const;

  /// Number of elements of a list/set, entries of a map.
  std::size_t size() const;
  /// Element `i` of a list or set (0 <= i < size()).
  Value at(std::size_t i) const;
  /// Entry `i` of a map, as key and value.
  std::pair<Value, Value> entry(std::size_t i) const;
  /// Looks `key` up in a map; returns false if absent.
  bool find(const Value& key, Value& out) const;
  /// Looks a string key up in a map; returns false if absent.
  bool find(std::string_view key, Value& out) const;

  /// Returns how deeply owned containers nest inside this value.
  uint16_t nesting() const { return depth_; }
  /// Returns true when the value borrows the caller's JSON.
  bool borrowed() const { return jv_ != nullptr; }
  /// Returns an address identifying this exact container (not its contents).
  const void* identity() const { return jv_ ? static_cast<const void*>(jv_) : heap_.get(); }

  /// Returns the elements of a list or set as a vector (copies handles only).
  ValueList items() const;
  /// Returns the entries of a map.
  DictEntries entries() const;

private:
  Kind kind_ = Kind::null;
  bool b_ = false;
  Seq seq_ = Seq::tuple;
  bool py_ = false;  // borrowed JSON from Mistral's functions
  uint16_t depth_ = 0;  // nesting of owned containers (bounded, see value.cpp)
  int32_t tz_ = 0;
  union {
    int64_t i_ = 0;
    double d_;
  };
  const boost::json::value* jv_ = nullptr;
  std::shared_ptr<const void> heap_;
};

/// Returns Python truthiness of a value.
bool truthy(const Value& v);
/// Returns YAQL/Python equality (numbers across int/float, bool == 1).
bool equal(const Value& a, const Value& b);
/// Throws "unhashable type" unless `v` could be a Python set member or key.
void require_hashable(const Value& v);
/// Returns a hash consistent with equal().
std::size_t hash_value(const Value& v);
/// Returns the shortest repr of a double, as Python prints it.
std::string float_repr(double d);
/// Appends Python's repr() of the value as YAQL holds it (lists are tuples).
void append_repr(std::string& out, const Value& v);
std::string repr(const Value& v);
/// Returns Python's str(): a string is itself, other values their repr.
std::string py_str(const Value& v);
/// Returns YAQL's str(): like py_str, but null/true/false are lower case.
std::string yaql_str(const Value& v);
/// Returns the type name Python would report ("int", "str", "tuple", ...).
const char* type_name(const Value& v);
/// Returns the approximate size of the value's JSON text (for quotas).
uint64_t approx_bytes(const Value& v);
/// How to_json writes datetimes: Python's isoformat() (an expression's
/// result), or the `%Y-%m-%dT%H:%M:%S.%f` form Mistral's JSON encoder uses
/// when a datetime is handed to one of its functions.
enum class DateForm : uint8_t { isoformat, mistral_json };
/// Converts a value to JSON as Mistral's output conversion does.
boost::json::value to_json(const Value& v, DateForm dates = DateForm::isoformat);
/// Returns Python's isoformat(sep) of a datetime value.
std::string datetime_str(const Value& dt, char sep);
/// Returns str() of a timespan (`1 day, 2:00:00`).
std::string timespan_str(int64_t micros);

}  // namespace bora::dsl::yaql
