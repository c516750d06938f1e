// Markup and web filters: HTML escaping and stripping, XML attributes, URL
// encoding, word wrapping and file sizes.

#include <cctype>
#include <cstdio>

#include "dsl/jinja/filters.hpp"
#include "dsl/jinja/text.hpp"

namespace bora::dsl::jinja {

namespace {

using Args = std::vector<Value>;

std::string url_quote(const std::string& s, bool for_qs) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 || c == '_' || c == '.' || c == '-' || c == '~' ||
        (c == '/' && !for_qs)) {
      out += ch;
    } else if (c == ' ' && for_qs) {
      out += '+';
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

Result<Value> f_urlencode(Interp&, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_urlencode", {}, {});
  (void)a;
  if (v.is_undefined()) {
    return undefined_error(v);
  }
  if (v.is_string() || (!v.is_sequence() && !v.is_mapping())) {
    return Value::string_v(url_quote(str(v), false));
  }
  DictItems items;
  if (v.is_mapping()) {
    items = mapping_items(v);
  } else {
    auto elems = iterate(v);
    for (const auto& e : *elems) {
      auto pair = iterate(e);
      if (!pair || pair->size() != 2) {
        return eval_error("too many values to unpack (expected 2)");
      }
      items.emplace_back((*pair)[0], (*pair)[1]);
    }
  }
  std::string out;
  for (const auto& [k, x] : items) {
    if (!out.empty()) {
      out += '&';
    }
    out += url_quote(str(k), true) + "=" + url_quote(str(x), true);
  }
  return Value::string_v(std::move(out));
}

Result<Value> f_wordcount(Interp&, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_wordcount", {}, {});
  (void)a;
  auto s = soft_str(v);
  if (!s) {
    return std::move(s).error();
  }
  int64_t n = 0;
  bool in_word = false;
  for (char ch : *s) {
    auto c = static_cast<unsigned char>(ch);
    bool w = std::isalnum(c) != 0 || c == '_' || c >= 0x80;
    if (w && !in_word) {
      ++n;
    }
    in_word = w;
  }
  return Value::integer_v(n);
}

// Greedy wrapping of one paragraph at spaces, as Python's textwrap does for
// plain text (long words are split when `break_long` is set).
std::vector<std::string> wrap_line(const std::string& line, std::size_t width, bool break_long) {
  std::vector<std::string> out;
  std::string cur;
  for (auto& word : split_whitespace(line, -1, false)) {
    std::string w = word;
    while (true) {
      std::size_t need = cur.empty() ? w.size() : cur.size() + 1 + w.size();
      if (need <= width) {
        cur = cur.empty() ? w : cur + " " + w;
        break;
      }
      if (!cur.empty()) {
        out.push_back(cur);
        cur.clear();
        continue;
      }
      if (!break_long) {
        cur = w;
        break;
      }
      out.push_back(w.substr(0, width));
      w = w.substr(width);
      if (w.empty()) {
        break;
      }
    }
  }
  if (!cur.empty()) {
    out.push_back(cur);
  }
  return out;
}

Result<Value> f_wordwrap(Interp& in, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_wordwrap",
            std::vector<std::string>({"width", "break_long_words", "wrapstring", "break_on_hyphens"}),
            std::vector<Value>({Value::integer_v(79), Value::boolean_v(true), Value(),
                                Value::boolean_v(true)}));
  if (!v.is_string() && !v.is_undefined()) {
    return eval_error("'" + type_name(v) + "' object has no attribute 'splitlines'");
  }
  auto s = soft_str(v);
  if (!s) {
    return std::move(s).error();
  }
  if (!a[0].is_int() || a[0].i <= 0) {
    return eval_error("invalid width " + repr(a[0]) + " (must be > 0)");
  }
  std::string sep = a[2].is_string() ? a[2].s : "\n";
  std::string out;
  bool first = true;
  for (const auto& line : split_lines(*s)) {
    for (const auto& piece : wrap_line(line, static_cast<std::size_t>(a[0].i), truthy(a[1]))) {
      out += first ? piece : sep + piece;
      first = false;
    }
    BORA_TRY_VOID(in.check_size(out.size()));
  }
  return Value::string_v(std::move(out));
}

Result<Value> f_filesizeformat(Interp&, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_filesizeformat", {"binary"}, {Value::boolean_v(false)});
  double bytes = 0;
  if (v.is_number()) {
    bytes = v.is_int() ? static_cast<double>(v.i) : v.d;
  } else if (v.is_string() && parse_float(v.s, bytes)) {
  } else {
    return eval_error("float() argument must be a string or a real number, not '" + type_name(v) + "'");
  }
  bool binary = truthy(a[0]);
  double base = binary ? 1024 : 1000;
  const char* dec[] = {"kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
  const char* bin[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
  if (bytes == 1) {
    return Value::string_v("1 Byte");
  }
  if (bytes < base) {
    return Value::string_v(std::to_string(static_cast<int64_t>(bytes)) + " Bytes");
  }
  char buf[64];
  double unit = base;
  for (int i = 0; i < 8; ++i) {
    unit *= base;
    if (bytes < unit || i == 7) {
      std::snprintf(buf, sizeof buf, "%.1f %s", base * bytes / unit, binary ? bin[i] : dec[i]);
      break;
    }
  }
  return Value::string_v(buf);
}

}  // namespace

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&#34;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

std::string html_unescape(const std::string& s) {
  static const std::pair<const char*, const char*> named[] = {
      {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#34;", "\""},
      {"&#39;", "'"}, {"&apos;", "'"}, {"&nbsp;", "\xc2\xa0"}};
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    bool done = false;
    if (s[i] == '&') {
      for (const auto& [from, to] : named) {
        if (s.compare(i, std::char_traits<char>::length(from), from) == 0) {
          out += to;
          i += std::char_traits<char>::length(from);
          done = true;
          break;
        }
      }
    }
    if (!done) {
      out += s[i++];
    }
  }
  return out;
}

// Removes comments and tags, unescapes entities and collapses whitespace.
Result<Value> f_striptags(Interp&, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_striptags", {}, {});
  (void)a;
  auto s = soft_str(v);
  if (!s) {
    return std::move(s).error();
  }
  std::string text;
  for (std::size_t i = 0; i < s->size();) {
    if (s->compare(i, 4, "<!--") == 0) {
      auto e = s->find("-->", i + 4);
      if (e != std::string::npos) {
        i = e + 3;
        continue;
      }
    }
    if ((*s)[i] == '<') {
      auto e = s->find('>', i + 1);
      if (e != std::string::npos) {
        i = e + 1;
        continue;
      }
    }
    text += (*s)[i++];
  }
  std::string out;
  for (const auto& w : split_whitespace(html_unescape(text), -1, false)) {
    out += out.empty() ? w : " " + w;
  }
  return Value::string_v(std::move(out));
}

Result<Value> f_xmlattr(Interp&, Value& v, Args& args, Kwargs& kwargs) {
  BORA_ARGS(a, "do_xmlattr", {"autospace"}, {Value::boolean_v(true)});
  if (!v.is_mapping()) {
    return eval_error("'" + type_name(v) + "' object has no attribute 'items'");
  }
  std::string out;
  for (const auto& [k, x] : mapping_items(v)) {
    if (x.is_none() || x.is_undefined()) {
      continue;
    }
    std::string key = str(k);
    if (key.find_first_of(" \t\n\r\f\v/>=") != std::string::npos) {
      return eval_error("Invalid character in attribute name: " + repr(k));
    }
    out += (out.empty() ? "" : " ") + html_escape(key) + "=\"" + html_escape(str(x)) + "\"";
  }
  if (truthy(a[0]) && !out.empty()) {
    out = " " + out;
  }
  return Value::string_v(std::move(out));
}

}  // namespace

void add_markup_filters(FilterTable& t) {
  t["filesizeformat"] = f_filesizeformat;
  t["striptags"] = f_striptags;
  t["urlencode"] = f_urlencode;
  t["wordcount"] = f_wordcount;
  t["wordwrap"] = f_wordwrap;
  t["xmlattr"] = f_xmlattr;
}

}  // namespace bora::dsl::jinja
