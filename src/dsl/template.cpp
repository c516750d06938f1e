#include "dsl/template.hpp"

#include <boost/json.hpp>

#include "dsl/jinja/jinja.hpp"
#include "dsl/pystr.hpp"
#include "dsl/yaql/yaql.hpp"

namespace bora::dsl {
namespace json = boost::json;
namespace {

// Longest text of the data context quoted in an evaluation error. Mistral
// quotes all of it; Bora cuts it so a failing expression over a large
// context cannot produce a multi-megabyte state_info.
constexpr std::size_t max_error_data_chars = 64 * 1024;

// Returns the position of `close` at or after `from` on the same line, or
// npos. Detection never crosses a newline (Mistral's patterns have no DOTALL).
std::size_t find_on_line(std::string_view text, std::string_view close, std::size_t from) {
  std::size_t eol = text.find('\n', from);
  std::size_t pos = text.find(close, from);
  if (pos == std::string_view::npos || (eol != std::string_view::npos && pos > eol)) {
    return std::string_view::npos;
  }
  return pos;
}

// Returns true if some `open ... close` pair sits on one line.
bool has_pair(std::string_view text, std::string_view open, std::string_view close) {
  std::size_t i = 0;
  while ((i = text.find(open, i)) != std::string_view::npos) {
    if (find_on_line(text, close, i + open.size()) != std::string_view::npos) {
      return true;
    }
    ++i;
  }
  return false;
}

// A `<% ... %>` occurrence: [begin, end) of the delimited text.
struct Span {
  std::size_t begin;
  std::size_t end;
};

// Finds every non-overlapping `<%.*?%>` match, left to right.
std::vector<Span> find_yaql_spans(std::string_view text) {
  std::vector<Span> spans;
  std::size_t i = 0;
  while ((i = text.find("<%", i)) != std::string_view::npos) {
    std::size_t close = find_on_line(text, "%>", i + 2);
    if (close == std::string_view::npos) {
      ++i;
      continue;
    }
    spans.push_back({i, close + 2});
    i = close + 2;
  }
  return spans;
}

// Strips the characters `<`, `%` and `>` from both ends, as Mistral does to
// get the expression out of its delimiters; returns [begin, end) offsets.
Span strip_delimiters(std::string_view text, Span s) {
  auto is_delim = [](char c) { return c == '<' || c == '%' || c == '>'; };
  std::size_t b = s.begin;
  std::size_t e = s.end;
  while (b < e && is_delim(text[b])) {
    ++b;
  }
  while (e > b && is_delim(text[e - 1])) {
    --e;
  }
  return {b, e};
}

// Moves diagnostics of an expression compiled from text[offset...] so their
// columns count from the start of the whole string.
Error shift_columns(Error e, std::size_t offset) {
  for (auto& d : e.diagnostics) {
    if (d.line == 0 && d.column > 0) {
      d.column += static_cast<uint32_t>(offset);
    }
  }
  if (e.diagnostics.empty()) {
    e.diagnostics.push_back({0, static_cast<uint32_t>(offset + 1), "", e.message});
  }
  return e;
}

std::string data_repr(const EvalContext& ctx) {
  if (ctx.data == nullptr) {
    return "None";
  }
  std::string text = py_repr(*ctx.data);
  if (text.size() > max_error_data_chars) {
    text.resize(max_error_data_chars);
    text += "...";
  }
  return text;
}

Error wrap_eval_error(const char* lang, std::string_view expression, const Error& inner,
                      const EvalContext& ctx) {
  std::string msg = std::string("Can not evaluate ") + lang + " expression [expression=";
  msg.append(expression);
  msg += ", error=" + inner.message + ", data=" + data_repr(ctx) + "]";
  return Error(inner.code, std::move(msg));
}

std::string trim_spaces(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) {
    return {};
  }
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace

ExprLang detect_language(std::string_view text) {
  if (has_pair(text, "{{", "}}") || has_pair(text, "{%", "%}")) {
    return ExprLang::jinja;
  }
  if (has_pair(text, "<%", "%>")) {
    return ExprLang::yaql;
  }
  return ExprLang::none;
}

Result<std::shared_ptr<const CompiledString>> CompiledString::compile(std::string_view text) {
  auto out = std::shared_ptr<CompiledString>(new CompiledString());
  out->text_ = std::string(text);
  bool jinja_found = has_pair(text, "{{", "}}") || has_pair(text, "{%", "%}");
  bool yaql_found = has_pair(text, "<%", "%>");
  if (jinja_found) {
    auto tmpl = jinja::compile(text);
    if (!tmpl.ok()) {
      return shift_columns(std::move(tmpl).error(), 0);
    }
    if (yaql_found) {
      std::size_t pos = text.find("<%");
      return Error(Errc::parse_error,
                   "The line already contains an expression of type 'jinja'. Mixing expression "
                   "types in a single line is not allowed.",
                   {{0, static_cast<uint32_t>(pos + 1), "",
                     "the line already contains a Jinja expression"}});
    }
    out->lang_ = ExprLang::jinja;
    out->jinja_ = std::move(tmpl).value();
    return std::shared_ptr<const CompiledString>(std::move(out));
  }
  if (!yaql_found) {
    return std::shared_ptr<const CompiledString>(std::move(out));
  }
  out->lang_ = ExprLang::yaql;
  for (Span span : find_yaql_spans(text)) {
    Span inner = strip_delimiters(text, span);
    auto expr = yaql::compile(text.substr(inner.begin, inner.end - inner.begin));
    if (!expr.ok()) {
      return shift_columns(std::move(expr).error(), inner.begin);
    }
    out->yaql_.push_back(
        {std::string(text.substr(span.begin, span.end - span.begin)), std::move(expr).value()});
  }
  return std::shared_ptr<const CompiledString>(std::move(out));
}

Result<json::value> CompiledString::evaluate(const EvalContext& ctx) const {
  switch (lang_) {
    case ExprLang::none:
      return json::value(json::string(text_));
    case ExprLang::yaql:
      return evaluate_yaql(ctx);
    case ExprLang::jinja:
      return evaluate_jinja(ctx);
  }
  return json::value(json::string(text_));
}

Result<json::value> CompiledString::evaluate_yaql(const EvalContext& ctx) const {
  if (yaql_.size() == 1 && yaql_[0].delimited.size() == text_.size()) {
    auto v = yaql::evaluate(*yaql_[0].expr, ctx);
    if (!v.ok()) {
      return wrap_eval_error("YAQL", trim_spaces(yaql::source(*yaql_[0].expr)), v.error(), ctx);
    }
    return v;
  }
  // Each occurrence is replaced, in order, by Python's str() of its value;
  // like Mistral, a replacement applies to every copy of the same text.
  std::string result = text_;
  for (const auto& part : yaql_) {
    auto v = yaql::evaluate(*part.expr, ctx);
    if (!v.ok()) {
      return wrap_eval_error("YAQL", trim_spaces(yaql::source(*part.expr)), v.error(), ctx);
    }
    std::string replacement = py_str(*v);
    std::size_t pos = 0;
    while ((pos = result.find(part.delimited, pos)) != std::string::npos) {
      result.replace(pos, part.delimited.size(), replacement);
      pos += replacement.size();
    }
  }
  return json::value(json::string(result));
}

Result<json::value> CompiledString::evaluate_jinja(const EvalContext& ctx) const {
  auto v = jinja::evaluate(*jinja_, ctx);
  if (!v.ok()) {
    return wrap_eval_error("Jinja", text_, v.error(), ctx);
  }
  return v;
}

// -- ValueTemplate -------------------------------------------------------------

namespace {

std::string path_text(const std::vector<json::value>& path) {
  std::string out;
  for (const auto& p : path) {
    if (!out.empty()) {
      out += '.';
    }
    out += p.is_string() ? std::string(p.get_string()) : std::to_string(p.as_int64());
  }
  return out;
}

json::value* at_path(json::value& root, const std::vector<json::value>& path) {
  json::value* cur = &root;
  for (const auto& p : path) {
    if (p.is_string()) {
      cur = &cur->as_object()[p.get_string()];
    } else {
      cur = &cur->as_array()[static_cast<std::size_t>(p.as_int64())];
    }
  }
  return cur;
}

}  // namespace

Result<ValueTemplate> ValueTemplate::compile(json::value value) {
  ValueTemplate t;
  std::vector<Diagnostic> diags;
  std::string first_message;
  std::vector<json::value> path;
  // Iterative walk with an explicit stack: definitions may be deep.
  struct Frame {
    const json::value* v;
    std::size_t depth;
    json::value key;
  };
  std::vector<Frame> stack{{&value, 0, nullptr}};
  while (!stack.empty()) {
    Frame f = std::move(stack.back());
    stack.pop_back();
    path.resize(f.depth);
    if (f.depth > 0) {
      path[f.depth - 1] = f.key;
    }
    if (f.v->is_string()) {
      if (!has_expression(f.v->get_string())) {
        continue;
      }
      auto cs = CompiledString::compile(f.v->get_string());
      if (!cs.ok()) {
        if (first_message.empty()) {
          first_message = cs.error().message;
        }
        for (auto d : cs.error().diagnostics) {
          d.path = path_text(path);
          d.message = cs.error().message;
          diags.push_back(std::move(d));
        }
        continue;
      }
      t.leaves_.push_back({path, std::move(cs).value()});
    } else if (f.v->is_array()) {
      const auto& a = f.v->get_array();
      for (std::size_t i = a.size(); i-- > 0;) {
        stack.push_back({&a[i], f.depth + 1, json::value(static_cast<int64_t>(i))});
      }
    } else if (f.v->is_object()) {
      const auto& o = f.v->get_object();
      std::vector<Frame> children;
      for (const auto& kv : o) {
        children.push_back({&kv.value(), f.depth + 1, json::value(kv.key())});
      }
      for (auto it = children.rbegin(); it != children.rend(); ++it) {
        stack.push_back(std::move(*it));
      }
    }
  }
  if (!diags.empty()) {
    return Error(Errc::parse_error, first_message, std::move(diags));
  }
  t.literal_ = std::make_shared<const json::value>(std::move(value));
  return t;
}

Result<json::value> ValueTemplate::evaluate(const EvalContext& ctx) const {
  // Mistral returns the structure untouched when the data context is empty.
  bool empty_context = ctx.data == nullptr || (ctx.data->is_object() && ctx.data->get_object().empty()) ||
                       ctx.data->is_null();
  if (leaves_.empty() || empty_context) {
    return *literal_;
  }
  if (leaves_.size() == 1 && leaves_[0].path.empty()) {
    return leaves_[0].str->evaluate(ctx);
  }
  json::value out = *literal_;
  for (const auto& leaf : leaves_) {
    auto v = leaf.str->evaluate(ctx);
    if (!v.ok()) {
      return v;
    }
    *at_path(out, leaf.path) = std::move(v).value();
  }
  return out;
}

}  // namespace bora::dsl
