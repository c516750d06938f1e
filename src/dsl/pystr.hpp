#pragma once

#include <string>

#include <boost/json/value.hpp>

namespace bora::dsl {

/// Returns Python's `repr()` of a float: the shortest text that reads back to
/// the same double (`1.0`, `0.1`, `1e+16`, `1.5e-05`, `inf`, `nan`).
std::string py_float_repr(double d);

/// Returns Python's `repr()` of the value as Python would hold it after
/// json.loads: `None`, `True`, `1.5`, `'text'`, `[1, 'a']`, `{'x': 1}`.
std::string py_repr(const boost::json::value& v);

/// Returns Python's `str()` of the value: like `py_repr` except that a string
/// is itself. This is how Mistral interpolates values into text.
std::string py_str(const boost::json::value& v);

/// Appends `py_repr(v)` to `out`.
void append_py_repr(std::string& out, const boost::json::value& v);

/// Returns the text Python's `json.dumps(v, indent=indent, sort_keys=...)`
/// produces: `indent < 0` gives the one-line form with `", "` and `": "`
/// separators; otherwise newlines and `indent` spaces per level. Non-ASCII
/// characters are escaped as `\uXXXX` (ensure_ascii), as Python does.
std::string py_json_dumps(const boost::json::value& v, int indent = -1, bool sort_keys = false);

/// Returns true if the value is truthy by Python's rules (null, false, 0, 0.0,
/// empty string, empty list and empty object are false).
bool py_truthy(const boost::json::value& v);

/// Returns the name of the Python type json.loads gives for `v` ("NoneType",
/// "bool", "int", "float", "str", "list", "dict").
const char* py_type_name(const boost::json::value& v);

/// Returns true if the two values are equal as Python's `==` compares them
/// after json.loads: deep for lists and objects (key order ignored), numbers
/// by value across int and float (5 == 5.0), and bool as a number
/// (True == 1), as Python does.
bool py_equal(const boost::json::value& a, const boost::json::value& b);

}  // namespace bora::dsl
