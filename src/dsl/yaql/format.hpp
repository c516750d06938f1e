#pragma once

// Python's str.format() over YAQL values (`'{0}-{x}'.format(1, x => 2)`).

#include <string>
#include <string_view>

#include "dsl/yaql/value.hpp"

namespace bora::dsl::yaql {

/// Returns `fmt` formatted as Python's str.format would, with positional
/// `args` and keyword `kwargs` (string keys). Throws Failure with Python's
/// message on a malformed format or a missing argument.
std::string py_format(std::string_view fmt, const ValueList& args, const DictEntries& kwargs);

/// Returns Python's format(value, spec) for one value.
std::string py_format_value(const Value& v, std::string_view spec);

}  // namespace bora::dsl::yaql
