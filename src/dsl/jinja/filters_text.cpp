// Text and number filters.

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "dsl/jinja/filters.hpp"
#include "dsl/jinja/text.hpp"
#include "dsl/pystr.hpp"

namespace bora::dsl::jinja {

namespace {

using Args = std::vector<Value>;

Result<Value> text_result(Interp& in, std::string s) {
  BORA_TRY_VOID(in.check_size(s.size()));
  return Value::string_v(std::move(s));
}

Result<Value> f_abs(Interp&, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_abs", {}, {});
  (void)a;
  if (v.is_int()) {
    if (v.i == INT64_MIN) {
      return eval_error("integer overflow");
    }
    return Value::integer_v(v.i < 0 ? -v.i : v.i);
  }
  if (v.kind == Value::Kind::boolean) {
    return Value::integer_v(v.b ? 1 : 0);
  }
  if (v.kind == Value::Kind::real) {
    return Value::real_v(std::fabs(v.d));
  }
  if (v.is_undefined()) {
    return undefined_error(v);
  }
  return eval_error("bad operand type for abs(): '" + type_name(v) + "'");
}

Result<Value> f_case(Interp& in, Value& v, Args& args, Kwargs& kwargs, const char* how) {
  BORA_ARGS(a, "do_case", {}, {});
  (void)a;
  auto s = soft_str(v);
  if (!s) {
    return std::move(s).error();
  }
  if (std::string(how) == "title") {
    // Runs of word characters and runs of separators (whitespace and
    // `-({[<`) each get an upper-case first letter and lower-case rest.
    auto is_sep = [](const std::string& c) {
      return c.size() == 1 && std::string(" \t\n\r\f\v-({[<").find(c[0]) != std::string::npos;
    };
    std::string out;
    bool prev_sep = false;
    bool first = true;
    for (const auto& c : utf8_chars(*s)) {
      bool sep = is_sep(c);
      out += change_case(c, first || sep != prev_sep ? "upper" : "lower");
      prev_sep = sep;
      first = false;
    }
    return text_result(in, out);
  }
  return text_result(in, change_case(*s, how));
}

Result<Value> f_upper(Interp& in, Value& v, Args& a, Kwargs& k) { return f_case(in, v, a, k, "upper"); }
Result<Value> f_lower(Interp& in, Value& v, Args& a, Kwargs& k) { return f_case(in, v, a, k, "lower"); }
Result<Value> f_capitalize(Interp& in, Value& v, Args& a, Kwargs& k) {
  return f_case(in, v, a, k, "capitalize");
}
Result<Value> f_title(Interp& in, Value& v, Args& a, Kwargs& k) { return f_case(in, v, a, k, "title"); }

Result<Value> f_center(Interp& in, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_center", {"width"}, {Value::integer_v(80)});
  auto s = soft_str(v);
  if (!s) {
    return std::move(s).error();
  }
  if (!a[0].is_int()) {
    return eval_error("'" + type_name(a[0]) + "' object cannot be interpreted as an integer");
  }
  BORA_TRY_VOID(in.check_size(static_cast<uint64_t>(std::max<int64_t>(a[0].i, 0))));
  return Value::string_v(pad(*s, a[0].i, "center", " "));
}

Result<Value> f_default(Interp&, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_default", std::vector<std::string>({"default_value", "boolean"}),
            std::vector<Value>({Value::string_v(""), Value::boolean_v(false)}));
  if (v.is_undefined() || (truthy(a[1]) && !truthy(v))) {
    return a[0];
  }
  return v;
}

Result<Value> f_escape(Interp& in, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "escape", {}, {});
  (void)a;
  auto s = soft_str(v);
  if (!s) {
    return std::move(s).error();
  }
  std::string out = html_escape(*s);
  return text_result(in, std::move(out));
}

}  // namespace

bool parse_float(const std::string& text, double& out) {
  std::string s = strip_chars(text, " \t\n\r\f\v", 0);
  std::string clean;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_' && i > 0 && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i - 1])) &&
        std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      continue;
    }
    clean += s[i];
  }
  if (clean.empty() || clean.find_first_of("xXpP") != std::string::npos) {
    return false;
  }
  std::string lower = change_case(clean, "lower");
  std::string body = lower[0] == '+' || lower[0] == '-' ? lower.substr(1) : lower;
  if (body == "inf" || body == "infinity" || body == "nan") {
    out = body == "nan" ? NAN : (lower[0] == '-' ? -INFINITY : INFINITY);
    return true;
  }
  if (body.find_first_not_of("0123456789.e+-") != std::string::npos) {
    return false;
  }
  char* end = nullptr;
  out = std::strtod(clean.c_str(), &end);
  return end != nullptr && *end == '\0';
}

namespace {

Result<Value> f_float(Interp&, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_float", {"default"}, {Value::real_v(0.0)});
  double d = 0;
  if (v.is_int() || v.kind == Value::Kind::boolean) {
    return Value::real_v(v.is_int() ? static_cast<double>(v.i) : (v.b ? 1.0 : 0.0));
  }
  if (v.kind == Value::Kind::real) {
    return v;
  }
  if (v.is_string() && parse_float(v.s, d)) {
    return Value::real_v(d);
  }
  if (v.is_undefined()) {
    return undefined_error(v);
  }
  return a[0];
}

// Parses Python int(text, base) (base 0 honours prefixes).
bool parse_int(const std::string& text, int64_t base, int64_t& out) {
  std::string s = strip_chars(text, " \t\n\r\f\v", 0);
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s.erase(0, 1);
  }
  if (s.size() > 1 && s[0] == '0' && std::isalpha(static_cast<unsigned char>(s[1])) != 0) {
    char p = static_cast<char>(std::tolower(static_cast<unsigned char>(s[1])));
    int64_t pb = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
    if (pb != 0 && (base == 0 || base == pb)) {
      base = pb;
      s.erase(0, 2);
    }
  }
  if (base == 0) {
    base = 10;
  }
  if (s.empty() || base < 2 || base > 36 || s.front() == '_' || s.back() == '_') {
    return false;
  }
  unsigned long long acc = 0;
  for (char c : s) {
    if (c == '_') {
      continue;
    }
    int d = std::isdigit(static_cast<unsigned char>(c)) != 0 ? c - '0'
            : std::isalpha(static_cast<unsigned char>(c)) != 0
                ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                : 99;
    if (d >= base) {
      return false;
    }
    if (acc > (static_cast<unsigned long long>(INT64_MAX) - static_cast<unsigned long long>(d)) /
                  static_cast<unsigned long long>(base)) {
      return false;
    }
    acc = acc * static_cast<unsigned long long>(base) + static_cast<unsigned long long>(d);
  }
  out = neg ? -static_cast<int64_t>(acc) : static_cast<int64_t>(acc);
  return true;
}

Result<Value> f_int(Interp&, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_int", std::vector<std::string>({"default", "base"}),
            std::vector<Value>({Value::integer_v(0), Value::integer_v(10)}));
  if (v.is_int()) {
    return v;
  }
  if (v.kind == Value::Kind::boolean) {
    return Value::integer_v(v.b ? 1 : 0);
  }
  if (v.kind == Value::Kind::real) {
    if (std::isfinite(v.d) && std::fabs(v.d) < 9.2e18) {
      return Value::integer_v(static_cast<int64_t>(v.d));
    }
    return a[0];
  }
  if (v.is_undefined()) {
    return undefined_error(v);
  }
  if (v.is_string()) {
    int64_t n = 0;
    if (parse_int(v.s, a[1].is_int() ? a[1].i : 10, n)) {
      return Value::integer_v(n);
    }
    double d = 0;
    if (parse_float(v.s, d) && std::isfinite(d) && std::fabs(d) < 9.2e18) {
      return Value::integer_v(static_cast<int64_t>(d));
    }
  }
  return a[0];
}

Result<Value> f_format(Interp& in, Value& v, Args& args, Kwargs& kwargs) {
  auto s = soft_str(v);
  if (!s) {
    return std::move(s).error();
  }
  if (!args.empty() && !kwargs.empty()) {
    return eval_error("can't handle positional and keyword arguments at the same time");
  }
  Value params;
  if (!kwargs.empty()) {
    DictItems items;
    for (auto& [k, x] : kwargs) {
      items.emplace_back(Value::string_v(k), x);
    }
    params = Value::dict_v(std::move(items));
  } else {
    params = Value::list_v(args, true);
  }
  auto r = percent_format(in, *s, params);
  if (!r) {
    return std::move(r).error();
  }
  return Value::string_v(std::move(*r));
}

Result<Value> f_indent(Interp& in, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_indent", std::vector<std::string>({"width", "first", "blank"}),
            std::vector<Value>({Value::integer_v(4), Value::boolean_v(false), Value::boolean_v(false)}));
  // Jinja appends a newline to the operand itself, so only text indents.
  if (!v.is_string() && !v.is_undefined()) {
    if (v.kind == Value::Kind::list || (v.kind == Value::Kind::json && v.is_sequence())) {
      return eval_error("'list' object has no attribute 'splitlines'");
    }
    if (v.kind == Value::Kind::tuple) {
      return eval_error("can only concatenate tuple (not \"str\") to tuple");
    }
    return eval_error("unsupported operand type(s) for +=: '" + type_name(v) + "' and 'str'");
  }
  auto s = soft_str(v);
  if (!s) {
    return std::move(s).error();
  }
  std::string ind;
  if (a[0].is_string()) {
    ind = a[0].s;
  } else if (a[0].is_int()) {
    BORA_TRY_VOID(in.check_size(static_cast<uint64_t>(std::max<int64_t>(a[0].i, 0))));
    ind = std::string(static_cast<std::size_t>(std::max<int64_t>(a[0].i, 0)), ' ');
  }
  auto lines = split_lines(*s + "\n");
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) {
      out += "\n";
      if (truthy(a[2]) || !lines[i].empty()) {
        out += ind;
      }
    }
    out += lines[i];
    BORA_TRY_VOID(in.check_size(out.size()));
  }
  if (truthy(a[1])) {
    out = ind + out;
  }
  return Value::string_v(std::move(out));
}

Result<Value> f_replace(Interp& in, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_replace", std::vector<std::string>({"old", "new", "count"}),
            std::vector<Value>({required(), required(), Value()}));
  auto s = soft_str(v);
  auto o = soft_str(a[0]);
  auto n = soft_str(a[1]);
  if (!s || !o || !n) {
    return eval_error(!s ? s.error().message : !o ? o.error().message : n.error().message);
  }
  int64_t count = a[2].is_int() ? a[2].i : -1;
  if (!o->empty() && count < 0) {
    uint64_t hits = static_cast<uint64_t>(count_substr(*s, *o));
    BORA_TRY_VOID(in.check_size(s->size() + hits * n->size()));
  } else {
    BORA_TRY_VOID(in.check_size(s->size() * (n->size() + 1) + n->size()));
  }
  return text_result(in, replace_all(*s, *o, *n, count));
}

Result<Value> f_round(Interp&, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_round", std::vector<std::string>({"precision", "method"}),
            std::vector<Value>({Value::integer_v(0), Value::string_v("common")}));
  if (!a[1].is_string() || (a[1].s != "common" && a[1].s != "ceil" && a[1].s != "floor")) {
    return eval_error("method must be common, ceil or floor");
  }
  if (v.is_undefined()) {
    return undefined_error(v);
  }
  if (!v.is_number() && v.kind != Value::Kind::boolean) {
    return eval_error("type " + type_name(v) + " doesn't define __round__ method");
  }
  int64_t p = a[0].is_int() ? a[0].i : 0;
  double x = v.kind == Value::Kind::real ? v.d : static_cast<double>(v.is_int() ? v.i : v.b);
  if (a[1].s == "common") {
    if (v.kind != Value::Kind::real) {
      return v.is_int() ? v : Value::integer_v(v.b ? 1 : 0);
    }
    if (!std::isfinite(x) || p > 300) {
      return Value::real_v(x);
    }
    if (p < -300) {
      return Value::real_v(0.0);
    }
    if (p >= 0) {
      // printf rounds the exact binary value half-to-even, as Python's round() does.
      char buf[512];
      std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(p), x);
      return Value::real_v(std::strtod(buf, nullptr));
    }
    double scale = std::pow(10.0, static_cast<double>(-p));
    return Value::real_v(std::nearbyint(x / scale) * scale);
  }
  double scale = std::pow(10.0, static_cast<double>(p));
  double r = a[1].s == "ceil" ? std::ceil(x * scale) : std::floor(x * scale);
  return Value::real_v(r / scale);
}

Result<Value> f_string(Interp&, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "soft_str", {}, {});
  (void)a;
  auto s = soft_str(v);
  if (!s) {
    return std::move(s).error();
  }
  return Value::string_v(std::move(*s));
}

Result<Value> f_tojson(Interp& in, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_tojson", {"indent"}, {Value()});
  auto j = to_json(v);
  if (!j) {
    return std::move(j).error();
  }
  int indent = a[0].is_int() ? static_cast<int>(std::min<int64_t>(a[0].i, 100)) : -1;
  std::string s = py_json_dumps(*j, indent, true);
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      case '\'':
        out += "\\u0027";
        break;
      default:
        out += c;
    }
  }
  return text_result(in, std::move(out));
}

Result<Value> f_trim(Interp&, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_trim", {"chars"}, {Value()});
  auto s = soft_str(v);
  if (!s) {
    return std::move(s).error();
  }
  std::string chars = a[0].is_string() ? a[0].s : " \t\n\r\f\v";
  return Value::string_v(strip_chars(*s, chars, 0));
}

Result<Value> f_truncate(Interp&, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_truncate", std::vector<std::string>({"length", "killwords", "end", "leeway"}),
            std::vector<Value>({Value::integer_v(255), Value::boolean_v(false),
                                Value::string_v("..."), Value::integer_v(5)}));
  // Jinja measures and cuts the operand itself, so only text truncates.
  if (!v.is_string() && !v.is_undefined()) {
    int64_t n = length(v);
    if (n < 0) {
      return eval_error("object of type '" + type_name(v) + "' has no len()");
    }
    if (a[0].is_int() && a[3].is_int() && n <= a[0].i + a[3].i) {
      return v;
    }
    return eval_error("'" + type_name(v) + "' object has no attribute 'rsplit'");
  }
  auto s = soft_str(v);
  if (!s) {
    return std::move(s).error();
  }
  if (!a[0].is_int() || !a[2].is_string() || !a[3].is_int()) {
    return eval_error("truncate expects an integer length, a string end and an integer leeway");
  }
  auto chars = utf8_chars(*s);
  auto end_len = static_cast<int64_t>(utf8_length(a[2].s));
  if (a[0].i < end_len) {
    return eval_error("expected length >= " + std::to_string(end_len) + ", got " +
                      std::to_string(a[0].i));
  }
  if (a[3].i < 0) {
    return eval_error("expected leeway >= 0, got " + std::to_string(a[3].i));
  }
  if (static_cast<int64_t>(chars.size()) <= a[0].i + a[3].i) {
    return Value::string_v(*s);
  }
  std::string head;
  for (int64_t i = 0; i < a[0].i - end_len; ++i) {
    head += chars[static_cast<std::size_t>(i)];
  }
  if (!truthy(a[1])) {
    auto p = head.rfind(' ');
    if (p != std::string::npos) {
      head.resize(p);
    }
  }
  return Value::string_v(head + a[2].s);
}

Result<Value> f_pprint(Interp&, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_pprint", {}, {});
  (void)a;
  return Value::string_v(repr(v));
}

}  // namespace

void add_text_filters(FilterTable& t) {
  t["abs"] = f_abs;
  t["capitalize"] = f_capitalize;
  t["center"] = f_center;
  t["d"] = f_default;
  t["default"] = f_default;
  t["e"] = f_escape;
  t["escape"] = f_escape;
  t["float"] = f_float;
  t["forceescape"] = f_escape;
  t["format"] = f_format;
  t["indent"] = f_indent;
  t["int"] = f_int;
  t["lower"] = f_lower;
  t["pprint"] = f_pprint;
  t["replace"] = f_replace;
  t["round"] = f_round;
  t["safe"] = f_string;
  t["string"] = f_string;
  t["title"] = f_title;
  t["tojson"] = f_tojson;
  t["trim"] = f_trim;
  t["truncate"] = f_truncate;
  t["upper"] = f_upper;
}

}  // namespace bora::dsl::jinja