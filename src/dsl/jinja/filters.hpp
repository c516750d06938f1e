#pragma once

#include <map>
#include <string>
#include <vector>

#include "dsl/jinja/interp.hpp"

namespace bora::dsl::jinja {

/// Binds the arguments of a filter body (whose parameters are named `args`
/// and `kwargs`) to `var`, returning early on error.
#define BORA_ARGS(var, fname, params, defaults)                           \
  auto var##_r = filter_args(fname, params, defaults, args, kwargs);     \
  if (!var##_r) {                                                        \
    return std::move(var##_r).error();                                   \
  }                                                                      \
  auto& var = *var##_r

/// A filter: receives the operand and the call arguments (which it may
/// consume).
using FilterFn = Result<Value> (*)(Interp& in, Value& v, std::vector<Value>& args, Kwargs& kwargs);
using FilterTable = std::map<std::string, FilterFn>;

/// Adds the text and number filters (upper, format, round, tojson, ...).
void add_text_filters(FilterTable& table);
/// Adds the sequence and mapping filters (sort, map, select, join, ...).
void add_sequence_filters(FilterTable& table);

/// Returns true if a filter named `name` exists.
bool filter_exists(const std::string& name);

/// Returns true if a test named `name` exists.
bool test_exists(const std::string& name);

/// Binds filter arguments to `params` (after the operand), with defaults.
/// A null default marks a required parameter.
Result<std::vector<Value>> filter_args(const char* fname, std::vector<std::string> params,
                                       std::vector<Value> defaults, std::vector<Value>& args,
                                       Kwargs& kwargs);

/// Returns the text form of a value as Jinja's filters take it, failing on
/// undefined values.
Result<std::string> soft_str(const Value& v);

/// Follows a dotted attribute path (`a.b.0`) with item-first lookup, as
/// Jinja's attribute arguments do; `dflt` replaces undefined results when
/// not none.
Result<Value> attr_path(Interp& in, const Value& item, const Value& path, const Value& dflt);

/// Returns the marker for a required filter parameter (see filter_args()).
inline Value required() { return Value::undefined_v("required"); }

/// Parses Python float() text: decimal, exponent, inf/nan, surrounding spaces.
bool parse_float(const std::string& text, double& out);

/// Escapes `& < > " '` as Jinja's escape filter does.
std::string html_escape(const std::string& s);

/// Adds the markup and web filters (striptags, xmlattr, urlencode, wordwrap,
/// filesizeformat).
void add_markup_filters(FilterTable& table);

/// Returns the key used for sorting/comparing, lower-cased when
/// `case_sensitive` is false.
Value sort_key(const Value& v, bool case_sensitive);

}  // namespace bora::dsl::jinja
