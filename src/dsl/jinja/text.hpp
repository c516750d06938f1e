#pragma once

#include <string>
#include <vector>

#include "dsl/jinja/interp.hpp"

namespace bora::dsl::jinja {

/// Python's `s.split()` / `s.rsplit()` with no separator.
std::vector<std::string> split_whitespace(const std::string& s, int64_t maxsplit, bool right);
/// Python's `s.split(sep)` / `s.rsplit(sep)`; `sep` is not empty.
std::vector<std::string> split_on(const std::string& s, const std::string& sep, int64_t maxsplit,
                                  bool right);
/// Python's `splitlines()`.
std::vector<std::string> split_lines(const std::string& s);
/// Strips any of `chars` from both ends (side 0), the left (1) or the right (2).
std::string strip_chars(const std::string& s, const std::string& chars, int side);
/// Counts non-overlapping occurrences (Python's `count`; empty `sub` counts gaps).
int64_t count_substr(const std::string& s, const std::string& sub);
/// Python's `replace(old, new, count)` (count < 0: all).
std::string replace_all(const std::string& s, const std::string& old, const std::string& repl,
                        int64_t count);
/// Python's `upper`, `lower`, `title`, `capitalize` or `swapcase` (ASCII letters).
std::string change_case(const std::string& s, const std::string& how);
/// Python's `isdigit`, `isalpha`, ... (ASCII classes).
bool char_class(const std::string& s, const std::string& how);
/// Python's `center`, `ljust`, `rjust` or `zfill` to `width` code points.
std::string pad(const std::string& s, int64_t width, const std::string& how,
                const std::string& fill);
/// Python's `str.format(*args, **kwargs)`.
Result<std::string> str_format(Interp& in, const std::string& fmt, const std::vector<Value>& args,
                               const Kwargs& kwargs);
/// Python's `format(v, spec)` for the common specs.
Result<std::string> format_spec(const Value& v, const std::string& spec);

}  // namespace bora::dsl::jinja
