// Less common YAQL functions: case selection, call(), generators, bit
// operations, set editing and bulk list edits.
#include <algorithm>

#include "dsl/yaql/interp.hpp"

namespace bora::dsl::yaql {

namespace {

Value select_case(Call& c) {
  c.expect(0, 1 << 16);
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (truthy(c.arg(i))) {
      return Value::integer(int64_t(i));
    }
  }
  return Value::integer(int64_t(c.size()));
}

Value select_all_cases(Call& c) {
  c.expect(0, 1 << 16);
  ValueList out;
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (truthy(c.arg(i))) {
      out.push_back(Value::integer(int64_t(i)));
    }
  }
  return Value::list(std::move(out), Seq::iter);
}

Value examine(Call& c) {
  c.expect(0, 1 << 16);
  ValueList out;
  for (std::size_t i = 0; i < c.size(); ++i) {
    out.push_back(Value::boolean(truthy(c.arg(i))));
  }
  return Value::list(std::move(out), Seq::iter);
}

// n.switchCase(a, b, c): the n-th value, the last one when n is past the end.
Value switch_case(Call& c) {
  c.expect(2, 1 << 16);
  int64_t n = to_int_arg(c.arg(0));
  std::size_t last = c.size() - 1;
  std::size_t pick = n < 0 || std::size_t(n) + 1 > last ? last : std::size_t(n) + 1;
  return c.arg(pick);
}

Value generate(Call& c) {
  c.expect(3, 4, true);
  Value cur = c.arg(0);
  ValueList out;
  while (truthy(c.call(1, {cur}))) {
    out.push_back(c.size() == 4 ? c.call(3, {cur}) : cur);
    c.in.check_size(out.size() * 8);
    cur = c.call(2, {cur});
  }
  return Value::list(std::move(out), Seq::iter);
}

Value characters(Call& c) {
  c.expect(0, 0, true);
  static const std::pair<const char*, const char*> groups[] = {
      {"digits", "0123456789"},
      {"hexdigits", "0123456789abcdefABCDEF"},
      {"octdigits", "01234567"},
      {"asciiLowercase", "abcdefghijklmnopqrstuvwxyz"},
      {"asciiUppercase", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
      {"asciiLetters", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"},
      {"letters", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"},
      {"lowercase", "abcdefghijklmnopqrstuvwxyz"},
      {"uppercase", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
      {"punctuation", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"},
      {"whitespace", " \t\n\r\v\f"},
  };
  ValueList chars;
  for (const auto& n : c.named()) {
    bool known = false;
    for (const auto& g : groups) {
      if (n.first == g.first) {
        known = true;
        if (truthy(c.in.eval(*n.second, c.scope))) {
          for (const char* p = g.second; *p; ++p) {
            chars.push_back(Value::string(std::string(1, *p)));
          }
        }
      }
    }
    if (!known) {
      no_match();
    }
  }
  return Value::set(std::move(chars));
}

Value hex(Call& c) {
  c.expect(1, 1);
  Value v = c.arg(0);
  if (v.kind() != Kind::integer) {
    no_match();
  }
  int64_t x = v.as_int();
  uint64_t mag = x < 0 ? uint64_t(0) - uint64_t(x) : uint64_t(x);
  std::string digits;
  do {
    digits.insert(digits.begin(), "0123456789abcdef"[mag % 16]);
    mag /= 16;
  } while (mag);
  return Value::string((x < 0 ? "-0x" : "0x") + digits);
}

int64_t int_only(const Value& v) {
  if (v.kind() != Kind::integer) {
    no_match();
  }
  return v.as_int();
}

Value bit_and(Call& c) {
  c.expect(2, 2);
  return Value::integer(int_only(c.arg(0)) & int_only(c.arg(1)));
}

Value bit_or(Call& c) {
  c.expect(2, 2);
  return Value::integer(int_only(c.arg(0)) | int_only(c.arg(1)));
}

Value bit_xor(Call& c) {
  c.expect(2, 2);
  return Value::integer(int_only(c.arg(0)) ^ int_only(c.arg(1)));
}

Value bit_not(Call& c) {
  c.expect(1, 1);
  return Value::integer(~int_only(c.arg(0)));
}

Value shift_left(Call& c) {
  c.expect(2, 2);
  int64_t v = int_only(c.arg(0));
  int64_t n = int_only(c.arg(1));
  if (n < 0) {
    fail("negative shift count");
  }
  if (v != 0 && (n >= 63 || (v > 0 ? v > (INT64_MAX >> n) : v < (INT64_MIN >> n)))) {
    fail("integer overflow: result does not fit in 64 bits");
  }
  return Value::integer(v == 0 ? 0 : v * (int64_t(1) << n));
}

Value shift_right(Call& c) {
  c.expect(2, 2);
  int64_t v = int_only(c.arg(0));
  int64_t n = int_only(c.arg(1));
  if (n < 0) {
    fail("negative shift count");
  }
  return Value::integer(n >= 63 ? (v < 0 ? -1 : 0) : (v >> n));
}

// call(name, args, kwargs): calls a function by name.
Value call_fn(Call& c) {
  c.expect(3, 3);
  Value name_arg = c.arg(0);
  std::string_view name = str_arg(name_arg);
  Value args = c.arg(1);
  Value kwargs = c.arg(2);
  if (!args.is_list() || !kwargs.is_dict()) {
    no_match();
  }
  // Rebuild a call node whose arguments are the given values as constants.
  Node node;
  node.kind = NodeKind::call;
  node.name = std::string(name);
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto a = std::make_unique<Node>();
    a->value = args.at(i);
    node.args.push_back(std::move(a));
  }
  for (std::size_t i = 0; i < kwargs.size(); ++i) {
    auto e = kwargs.entry(i);
    auto m = std::make_unique<Node>();
    m->kind = NodeKind::mapping;
    auto k = std::make_unique<Node>();
    k->kind = NodeKind::keyword;
    k->name = yaql_str(e.first);
    k->value = e.first;
    auto v = std::make_unique<Node>();
    v->value = e.second;
    m->args.push_back(std::move(k));
    m->args.push_back(std::move(v));
    node.args.push_back(std::move(m));
  }
  return c.in.eval(node, c.scope);
}

Value set_add(Call& c) {
  c.expect(1, 1 << 16);
  Value s = c.arg(0);
  if (s.kind() != Kind::set) {
    no_match();
  }
  ValueList items = s.items();
  for (std::size_t i = 1; i < c.size(); ++i) {
    Value v = c.arg(i);
    require_hashable(v);
    items.push_back(std::move(v));
  }
  return Value::set(std::move(items));
}

Value set_remove(Call& c) {
  c.expect(1, 1 << 16);
  Value s = c.arg(0);
  if (s.kind() != Kind::set) {
    no_match();
  }
  ValueList drop;
  for (std::size_t i = 1; i < c.size(); ++i) {
    drop.push_back(c.arg(i));
  }
  ValueList out;
  for (auto& v : s.items()) {
    bool gone = std::any_of(drop.begin(), drop.end(), [&](const Value& d) { return equal(d, v); });
    if (!gone) {
      out.push_back(std::move(v));
    }
  }
  return Value::set(std::move(out));
}

Value insert_many(Call& c) {
  c.expect(3, 3);
  ValueList items = iter_arg(c.arg(0));
  int64_t pos = to_int_arg(c.arg(1));
  ValueList more = iter_arg(c.arg(2));
  int64_t n = int64_t(items.size());
  pos = pos < 0 ? 0 : std::min(pos, n);
  items.insert(items.begin() + long(pos), more.begin(), more.end());
  c.in.step(items.size());
  return Value::list(std::move(items), Seq::iter);
}

Value replace_many(Call& c) {
  c.expect(3, 4);
  ValueList items = iter_arg(c.arg(0));
  int64_t pos = to_int_arg(c.arg(1));
  ValueList values = iter_arg(c.arg(2));
  int64_t count = c.size() > 3 ? to_int_arg(c.arg(3)) : 1;
  ValueList out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    int64_t k = int64_t(i);
    if (k == pos) {
      out.insert(out.end(), values.begin(), values.end());
    }
    if (k < pos || (count >= 0 && k >= pos + count)) {
      out.push_back(items[i]);
    }
  }
  return Value::list(std::move(out), Seq::iter);
}

Value split_where(Call& c) {
  c.expect(2, 2);
  ValueList items = iter_arg(c.arg(0));
  ValueList out;
  ValueList cur;
  for (auto& v : items) {
    if (truthy(c.call(1, {v}))) {
      out.push_back(Value::list(std::move(cur)));
      cur.clear();
    } else {
      cur.push_back(std::move(v));
    }
  }
  out.push_back(Value::list(std::move(cur)));
  return Value::list(std::move(out), Seq::iter);
}

Value infinite(Call& c) {
  (void)c;
  throw Failure{Errc::limit_exceeded,
                "sequence() and cycle() never end; follow them with take(), limit(), first() "
                "or takeWhile()"};
}

}  // namespace

void register_system() {
  define("sequence", function_form, infinite);
  define("cycle", method_form, infinite);
  define("selectCase", function_form, select_case);
  define("selectAllCases", function_form, select_all_cases);
  define("examine", function_form, examine);
  define("switchCase", method_form, switch_case);
  define("generate", function_form, generate);
  define("characters", function_form, characters);
  define("hex", function_form, hex);
  define("bitwiseAnd", function_form, bit_and);
  define("bitwiseOr", function_form, bit_or);
  define("bitwiseXor", function_form, bit_xor);
  define("bitwiseNot", function_form, bit_not);
  define("shiftBitsLeft", function_form, shift_left);
  define("shiftBitsRight", function_form, shift_right);
  define("call", function_form, call_fn);
  define("add", method_form, set_add);
  define("remove", method_form, set_remove);
  define("insertMany", method_form, insert_many);
  define("replaceMany", method_form, replace_many);
  define("splitWhere", method_form, split_where);
}

}  // namespace bora::dsl::yaql
