// Regular expressions with Python `re` syntax, run by RE2 in linear time.
// Python-only constructs (backreferences, lookaround) are reported as
// unsupported instead of risking exponential matching.
#include <re2/re2.h>

#include "dsl/yaql/interp.hpp"
#include "dsl/yaql/strutil.hpp"

namespace bora::dsl::yaql {

namespace {

constexpr int flag_ignorecase = 2;
constexpr int flag_multiline = 8;
constexpr int flag_dotall = 16;

// Rewrites the few Python spellings RE2 writes differently; rejects what RE2
// cannot do at all, naming it.
std::string translate(std::string_view p) {
  std::string out;
  for (std::size_t i = 0; i < p.size(); ++i) {
    char ch = p[i];
    if (ch == '\\' && i + 1 < p.size()) {
      char n = p[i + 1];
      if (n >= '1' && n <= '9') {
        fail("regular expression backreferences are not supported: " + std::string(p));
      }
      if (n == 'Z') {
        out += "\\z";
      } else {
        out += ch;
        out += n;
      }
      ++i;
      continue;
    }
    if (ch == '(' && p.substr(i, 3) == "(?=") {
      fail("regular expression lookahead is not supported: " + std::string(p));
    }
    if (ch == '(' && (p.substr(i, 3) == "(?!" || p.substr(i, 4) == "(?<=" ||
                      p.substr(i, 4) == "(?<!")) {
      fail("regular expression lookaround is not supported: " + std::string(p));
    }
    if (ch == '(' && p.substr(i, 4) == "(?P=") {
      fail("regular expression backreferences are not supported: " + std::string(p));
    }
    out += ch;
  }
  return out;
}

std::shared_ptr<const RegexData> compile(Interp& in, std::string_view pattern, int flags) {
  std::string key = std::to_string(flags) + ":" + std::string(pattern);
  auto it = in.regex_cache.find(key);
  if (it != in.regex_cache.end()) {
    return it->second;
  }
  in.step(pattern.size());
  std::string text = translate(pattern);
  if (flags & flag_multiline) {
    text = "(?m)" + text;
  }
  if (flags & flag_dotall) {
    text = "(?s)" + text;
  }
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_case_sensitive((flags & flag_ignorecase) == 0);
  auto re = std::make_shared<RE2>(text, opts);
  if (!re->ok()) {
    fail(re->error() + " in regular expression '" + std::string(pattern) + "'");
  }
  auto data = std::make_shared<RegexData>();
  data->pattern = std::string(pattern);
  data->flags = flags;
  data->re = std::move(re);
  in.regex_cache.emplace(std::move(key), data);
  return data;
}

const RE2& as_regex(Interp& in, const Value& v, std::shared_ptr<const RegexData>& holder) {
  if (v.kind() == Kind::regex) {
    return *v.regex_data().re;
  }
  holder = compile(in, str_arg(v), 0);
  return *holder->re;
}

// Splits a call into (regex, string) whichever of the two is the receiver.
void regex_and_string(Call& c, Value& re, Value& s) {
  Value a = c.arg(0);
  Value b = c.arg(1);
  if (a.kind() == Kind::regex && b.is_string()) {
    re = a;
    s = b;
  } else if (a.is_string() && (b.kind() == Kind::regex)) {
    re = b;
    s = a;
  } else {
    no_match();
  }
}

// One match: group spans as byte offsets (npos when the group did not take part).
struct Match {
  std::vector<re2::StringPiece> groups;
};

bool find(const RE2& re, std::string_view text, std::size_t from, Match& m) {
  int n = re.NumberOfCapturingGroups() + 1;
  m.groups.assign(std::size_t(n), re2::StringPiece());
  return re.Match(re2::StringPiece(text.data(), text.size()), from, text.size(), RE2::UNANCHORED,
                  m.groups.data(), n);
}

Value match_object(std::string_view text, const Match& m) {
  auto pos = [&](const re2::StringPiece& g) {
    return int64_t(utf8_length(text.substr(0, std::size_t(g.data() - text.data()))));
  };
  const auto& g0 = m.groups[0];
  return Value::dict({{Value::string("value"), Value::string(std::string(g0.data(), g0.size()))},
                      {Value::string("start"), Value::integer(pos(g0))},
                      {Value::string("end"), Value::integer(pos(g0) + int64_t(utf8_length(
                                                                           std::string_view(
                                                                               g0.data(),
                                                                               g0.size()))))}});
}

// Expands a Python replacement template: \1, \g<1>, \g<name>, \n, \\.
std::string expand(const RE2& re, std::string_view repl, const Match& m) {
  std::string out;
  for (std::size_t i = 0; i < repl.size(); ++i) {
    if (repl[i] != '\\' || i + 1 >= repl.size()) {
      out += repl[i];
      continue;
    }
    char n = repl[++i];
    int group = -1;
    if (n >= '0' && n <= '9') {
      group = n - '0';
      if (i + 1 < repl.size() && repl[i + 1] >= '0' && repl[i + 1] <= '9') {
        group = group * 10 + (repl[++i] - '0');
      }
    } else if (n == 'g' && i + 1 < repl.size() && repl[i + 1] == '<') {
      std::size_t close = repl.find('>', i);
      if (close == std::string_view::npos) {
        fail("missing >, unterminated name");
      }
      std::string name(repl.substr(i + 2, close - i - 2));
      i = close;
      if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos) {
        group = std::stoi(name);
      } else {
        auto it = re.NamedCapturingGroups().find(name);
        if (it == re.NamedCapturingGroups().end()) {
          fail("unknown group name '" + name + "'");
        }
        group = it->second;
      }
    } else {
      static const char from[] = "ntrfvab\\";
      static const char to[] = "\n\t\r\f\v\a\b\\";
      const char* p = std::char_traits<char>::find(from, 8, n);
      if (p) {
        out += to[p - from];
      } else {
        out += '\\';
        out += n;
      }
      continue;
    }
    if (group < 0 || std::size_t(group) >= m.groups.size()) {
      fail("invalid group reference " + std::to_string(group));
    }
    const auto& g = m.groups[std::size_t(group)];
    out.append(g.data() ? std::string(g.data(), g.size()) : std::string());
  }
  return out;
}

template <class F>
std::string substitute(Interp& in, const RE2& re, std::string_view text, int64_t count, F&& make) {
  std::string out;
  std::size_t pos = 0;
  std::size_t copied = 0;
  int64_t done = 0;
  Match m;
  while (pos <= text.size() && (count <= 0 || done < count) && find(re, text, pos, m)) {
    in.step();
    const auto& g0 = m.groups[0];
    std::size_t b = std::size_t(g0.data() - text.data());
    std::size_t e = b + g0.size();
    out.append(text.substr(copied, b - copied));
    out += make(m);
    in.check_size(out.size());
    copied = e;
    ++done;
    pos = e == b ? e + 1 : e;
  }
  out.append(text.substr(std::min(copied, text.size())));
  return out;
}

Value regex_fn(Call& c) {
  c.expect(1, 4, true);
  Value pattern_arg = c.arg(0);
  std::string_view pattern = str_arg(pattern_arg);
  int flags = 0;
  if (truthy(c.opt(1, "ignoreCase", Value::boolean(false)))) {
    flags |= flag_ignorecase;
  }
  if (truthy(c.opt(2, "multiLine", Value::boolean(false)))) {
    flags |= flag_multiline;
  }
  if (truthy(c.opt(3, "dotAll", Value::boolean(false)))) {
    flags |= flag_dotall;
  }
  return Value::regex(compile(c.in, pattern, flags));
}

Value matches(Call& c) {
  c.expect(2, 2);
  Value a = c.arg(0);
  Value b = c.arg(1);
  if (a.kind() == Kind::regex) {
    return Value::boolean(regex_search_op(c.in, b, a));
  }
  return Value::boolean(regex_search_op(c.in, a, b));
}

Value search_impl(Call& c, bool all) {
  c.expect(2, 3);
  Value re_v = c.arg(0);
  if (re_v.kind() != Kind::regex) {
    no_match();
  }
  Value text_arg = c.arg(1);
  std::string_view text = str_arg(text_arg);
  const RE2& re = *re_v.regex_data().re;
  ValueList out;
  Match m;
  std::size_t pos = 0;
  while (pos <= text.size() && find(re, text, pos, m)) {
    c.in.step();
    Value found = c.size() == 3 ? c.call(2, {match_object(text, m)})
                                : Value::string(std::string(m.groups[0].data(), m.groups[0].size()));
    if (!all) {
      return found;
    }
    out.push_back(std::move(found));
    std::size_t b = std::size_t(m.groups[0].data() - text.data());
    pos = m.groups[0].empty() ? b + 1 : b + m.groups[0].size();
  }
  return all ? Value::list(std::move(out), Seq::iter) : Value();
}

Value search(Call& c) {
  return search_impl(c, false);
}

Value search_all(Call& c) {
  return search_impl(c, true);
}

Value replace_by(Call& c) {
  c.expect(3, 4);
  Value recv = c.arg(0);
  if (recv.kind() != Kind::regex && !recv.is_string()) {
    no_match();
  }
  Value re_v;
  Value s;
  regex_and_string(c, re_v, s);
  int64_t count = c.size() > 3 ? to_int_arg(c.arg(3)) : 0;
  std::string_view text = s.str();
  std::string out = substitute(c.in, *re_v.regex_data().re, text, count, [&](const Match& m) {
    return yaql_str(c.call(2, {match_object(text, m)}));
  });
  return Value::string(std::move(out));
}

Value escape_regex(Call& c) {
  c.expect(1, 1);
  Value s_arg = c.arg(0);
  std::string_view s = str_arg(s_arg);
  std::string out;
  for (char ch : s) {
    unsigned char u = static_cast<unsigned char>(ch);
    bool plain = std::isalnum(u) || ch == '_' || u >= 0x80;
    if (!plain) {
      out += '\\';
    }
    out += ch;
  }
  return Value::string(std::move(out));
}

}  // namespace

bool regex_search_op(Interp& in, const Value& s, const Value& pattern) {
  if (!s.is_string() || !(pattern.is_string() || pattern.kind() == Kind::regex)) {
    no_match();
  }
  std::shared_ptr<const RegexData> holder;
  const RE2& re = as_regex(in, pattern, holder);
  in.step();
  std::string_view text = s.str();
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), re);
}

Value regex_replace(Call& c) {
  c.expect(3, 4);
  Value re_v;
  Value s;
  regex_and_string(c, re_v, s);
  Value repl_arg = c.arg(2);
  std::string_view repl = str_arg(repl_arg);
  int64_t count = c.size() > 3 ? to_int_arg(c.arg(3)) : 0;
  const RE2& re = *re_v.regex_data().re;
  std::string out = substitute(c.in, re, s.str(), count,
                               [&](const Match& m) { return expand(re, repl, m); });
  return Value::string(std::move(out));
}

Value regex_split(Call& c) {
  c.expect(2, 3);
  Value re_v;
  Value s;
  regex_and_string(c, re_v, s);
  int64_t max_split = c.size() > 2 ? to_int_arg(c.arg(2)) : 0;
  const RE2& re = *re_v.regex_data().re;
  std::string_view text = s.str();
  ValueList out;
  Match m;
  std::size_t pos = 0;
  std::size_t piece = 0;
  int64_t done = 0;
  while (pos <= text.size() && (max_split <= 0 || done < max_split) && find(re, text, pos, m)) {
    c.in.step();
    std::size_t b = std::size_t(m.groups[0].data() - text.data());
    std::size_t e = b + m.groups[0].size();
    out.push_back(Value::string(std::string(text.substr(piece, b - piece))));
    for (std::size_t g = 1; g < m.groups.size(); ++g) {
      const auto& grp = m.groups[g];
      out.push_back(grp.data() ? Value::string(std::string(grp.data(), grp.size())) : Value());
    }
    piece = e;
    ++done;
    pos = e == b ? e + 1 : e;
  }
  out.push_back(Value::string(std::string(text.substr(std::min(piece, text.size())))));
  return Value::list(std::move(out), Seq::pylist);
}

void register_regex() {
  define("regex", function_form, regex_fn);
  define("matches", method_form, matches);
  define("search", method_form, search);
  define("searchAll", method_form, search_all);
  define("replaceBy", method_form, replace_by);
  define("escapeRegex", function_form, escape_regex);
}

}  // namespace bora::dsl::yaql
