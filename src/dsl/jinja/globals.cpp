// Global functions of the template environment: Jinja's own (range, dict,
// namespace, cycler, joiner) and Mistral's expression functions.

#include <algorithm>
#include <random>

#include <boost/json/value.hpp>

#include "dsl/functions.hpp"
#include "dsl/jinja/objects.hpp"

namespace bora::dsl::jinja {

namespace {

using Args = std::vector<Value>;

// Jinja's sandbox refuses ranges longer than this.
constexpr int64_t max_range = 100000;

Result<Value> range_fn(Interp& in, const Value&, Args& a, Kwargs& kw) {
  if (!kw.empty()) {
    return eval_error("range() takes no keyword arguments");
  }
  if (a.empty() || a.size() > 3) {
    return eval_error(a.empty() ? "range expected at least 1 argument, got 0"
                                : "range expected at most 3 arguments, got " +
                                      std::to_string(a.size()));
  }
  int64_t p[3] = {0, 0, 1};
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (a[k].is_undefined()) {
      return undefined_error(a[k]);
    }
    if (!a[k].is_int() && a[k].kind != Value::Kind::boolean) {
      return eval_error("'" + type_name(a[k]) + "' object cannot be interpreted as an integer");
    }
  }
  auto iv = [](const Value& v) { return v.is_int() ? v.i : int64_t{v.b}; };
  if (a.size() == 1) {
    p[1] = iv(a[0]);
  } else {
    p[0] = iv(a[0]);
    p[1] = iv(a[1]);
    if (a.size() == 3) {
      p[2] = iv(a[2]);
    }
  }
  if (p[2] == 0) {
    return eval_error("range() arg 3 must not be zero");
  }
  // Length computed in long double so that extreme bounds cannot overflow.
  long double span = static_cast<long double>(p[1]) - static_cast<long double>(p[0]);
  long double n = p[2] > 0 ? (span + p[2] - 1) / p[2] : (span + p[2] + 1) / p[2];
  if (n > max_range) {
    return eval_error("Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).");
  }
  auto count = n > 0 ? static_cast<int64_t>(n) : 0;
  BORA_TRY_VOID(in.check_size(static_cast<uint64_t>(count) * 2));
  List out;
  out.reserve(static_cast<std::size_t>(count));
  for (int64_t k = 0; k < count; ++k) {
    out.push_back(Value::integer_v(p[0] + k * p[2]));
  }
  Value r = Value::list_v(std::move(out), false, View::range);
  r.r_start = p[0];
  r.r_stop = p[1];
  r.r_step = p[2];
  return r;
}

Result<DictItems> items_of(const Args& a, Kwargs& kw, const std::string& fname) {
  DictItems items;
  if (a.size() > 1) {
    return eval_error(fname + " expected at most 1 argument, got " + std::to_string(a.size()));
  }
  if (a.size() == 1) {
    if (a[0].is_mapping()) {
      items = mapping_items(a[0]);
    } else {
      auto elems = iterate(a[0]);
      if (!elems) {
        return std::move(elems).error();
      }
      for (std::size_t i = 0; i < elems->size(); ++i) {
        const Value& e = (*elems)[i];
        if (length(e) != 2 || e.is_mapping()) {
          return eval_error("dictionary update sequence element #" + std::to_string(i) +
                            " has length " + std::to_string(std::max<int64_t>(length(e), 0)) +
                            "; 2 is required");
        }
        auto pair = iterate(e);
        items.emplace_back((*pair)[0], (*pair)[1]);
      }
    }
  }
  for (auto& [k, v] : kw) {
    Value key = Value::string_v(k);
    auto it = std::find_if(items.begin(), items.end(),
                           [&](const auto& kv) { return equal(kv.first, key); });
    if (it != items.end()) {
      it->second = v;
    } else {
      items.emplace_back(std::move(key), v);
    }
  }
  return items;
}

Result<Value> dict_fn(Interp&, const Value&, Args& a, Kwargs& kw) {
  auto items = items_of(a, kw, "dict");
  if (!items) {
    return std::move(items).error();
  }
  return Value::dict_v(std::move(*items));
}

Result<Value> namespace_fn(Interp&, const Value&, Args& a, Kwargs& kw) {
  auto items = items_of(a, kw, "namespace");
  if (!items) {
    return std::move(items).error();
  }
  auto ns = std::make_shared<Namespace>();
  for (auto& [k, v] : *items) {
    ns->set(str(k), v);
  }
  return Value::object_v(ns);
}

// Jinja's cycler(): `next()` walks the items round-robin.
class Cycler : public Object, public std::enable_shared_from_this<Cycler> {
public:
  explicit Cycler(List items) : items_(std::move(items)) {}
  std::string type_name() const override { return "Cycler"; }
  Value getattr(const std::string& name) const override {
    // Bound methods may outlive the variable, so they share the cycler.
    auto self = std::const_pointer_cast<Cycler>(shared_from_this());
    if (name == "current") {
      return items_[pos_];
    }
    if (name == "next" || name == "reset") {
      bool next = name == "next";
      return Builtin::make(name, Value(), [self, next](Interp&, const Value&, Args&,
                                                       Kwargs&) -> Result<Value> {
        if (!next) {
          self->pos_ = 0;
          return Value();
        }
        Value v = self->items_[self->pos_];
        self->pos_ = (self->pos_ + 1) % self->items_.size();
        return v;
      });
    }
    return Object::getattr(name);
  }

private:
  List items_;
  std::size_t pos_ = 0;
};

// Jinja's joiner(): returns "" the first time, then the separator.
class Joiner : public Object {
public:
  explicit Joiner(std::string sep) : sep_(std::move(sep)) {}
  std::string type_name() const override { return "Joiner"; }
  bool callable() const override { return true; }
  Result<Value> call(Interp&, Args, Kwargs) override {
    if (!used_) {
      used_ = true;
      return Value::string_v("");
    }
    return Value::string_v(sep_);
  }

private:
  std::string sep_;
  bool used_ = false;
};

// One of Mistral's functions; arguments travel as JSON.
Value mistral_fn(const std::string& name) {
  return Builtin::make(name, Value(), [name](Interp& in, const Value&, Args& a,
                                             Kwargs& kw) -> Result<Value> {
    std::vector<boost::json::value> args;
    KeywordArgs kwargs;
    for (const auto& v : a) {
      auto j = to_json(v);
      if (!j) {
        return std::move(j).error();
      }
      args.push_back(std::move(*j));
    }
    for (const auto& [k, v] : kw) {
      auto j = to_json(v);
      if (!j) {
        return std::move(j).error();
      }
      kwargs.emplace_back(k, std::move(*j));
    }
    auto r = call_mistral_function(name, args, kwargs, in.ctx());
    if (!r) {
      return std::move(r).error();
    }
    return from_json(std::move(*r));
  });
}

// Mistral's env() under Jinja indexes the data context with `__env`, so a
// context without it fails as Python's subscript does (YAQL gives null).
Result<Value> env_fn(Interp& in, const Value&, Args& a, Kwargs& kw) {
  if (!a.empty() || !kw.empty()) {
    return eval_error("env_() takes 1 positional argument but " +
                      std::to_string(1 + a.size() + kw.size()) + " were given");
  }
  const boost::json::value* data = in.ctx().data;
  if (data == nullptr || data->is_null()) {
    return eval_error("'NoneType' object is not subscriptable");
  }
  if (data->is_object()) {
    const auto* env = data->get_object().if_contains("__env");
    if (env == nullptr) {
      return eval_error("'__env'");
    }
    return from_json(*env);
  }
  if (data->is_array()) {
    return eval_error("list indices must be integers or slices, not str");
  }
  if (data->is_string()) {
    return eval_error("string indices must be integers, not 'str'");
  }
  return eval_error("'" + type_name(from_json(*data)) + "' object is not subscriptable");
}

// Jinja's lipsum(n=5, html=True, min=20, max=100): random lorem ipsum
// paragraphs.
Result<Value> lipsum_fn(Interp& in, const Value&, Args& a, Kwargs& kw) {
  std::vector<const Value*> none;
  Value dn = Value::integer_v(5), dh = Value::boolean_v(true), dmin = Value::integer_v(20),
        dmax = Value::integer_v(100);
  auto p = bind_args("generate_lorem_ipsum", {"n", "html", "min", "max"}, {&dn, &dh, &dmin, &dmax},
                     a, kw);
  if (!p) {
    return std::move(p).error();
  }
  auto& v = *p;
  for (std::size_t k : {0, 2, 3}) {
    if (!v[k].is_int()) {
      return eval_error("'" + type_name(v[k]) + "' object cannot be interpreted as an integer");
    }
  }
  int64_t n = std::min<int64_t>(v[0].i, 1000);
  int64_t lo = std::max<int64_t>(1, v[2].i);
  int64_t hi = std::max<int64_t>(lo, std::min<int64_t>(v[3].i, 10000));
  static const char* const words[] = {"lorem", "ipsum", "dolor", "sit", "amet", "consectetur",
                                      "adipiscing", "elit", "sed", "do", "eiusmod", "tempor",
                                      "incididunt", "ut", "labore", "et", "dolore", "magna",
                                      "aliqua", "enim", "ad", "minim", "veniam", "quis"};
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string out;
  for (int64_t k = 0; k < n; ++k) {
    int64_t count = std::uniform_int_distribution<int64_t>(lo, hi)(rng);
    std::string para;
    for (int64_t w = 0; w < count; ++w) {
      std::string word = words[rng() % (sizeof words / sizeof words[0])];
      if (w == 0) {
        word[0] = static_cast<char>(word[0] - 32);
      }
      para += (w == 0 ? "" : " ") + word;
    }
    para += ".";
    if (truthy(v[1])) {
      para = "<p>" + para + "</p>";
    }
    out += (k == 0 ? "" : truthy(v[1]) ? "\n" : "\n\n") + para;
    BORA_TRY_VOID(in.check_size(out.size()));
  }
  return Value::string_v(std::move(out));
}

}  // namespace

Value find_global(const std::string& name) {
  if (name == "range") {
    return Builtin::make(name, Value(), range_fn);
  }
  if (name == "dict") {
    return Builtin::make(name, Value(), dict_fn);
  }
  if (name == "namespace") {
    return Builtin::make(name, Value(), namespace_fn);
  }
  if (name == "lipsum") {
    return Builtin::make(name, Value(), lipsum_fn);
  }
  if (name == "cycler") {
    return Builtin::make(name, Value(), [](Interp&, const Value&, Args& a, Kwargs&) -> Result<Value> {
      if (a.empty()) {
        return eval_error("at least one item has to be provided");
      }
      return Value::object_v(std::make_shared<Cycler>(a));
    });
  }
  if (name == "joiner") {
    return Builtin::make(name, Value(), [](Interp&, const Value&, Args& a, Kwargs& kw) -> Result<Value> {
      std::string sep = ", ";
      if (!a.empty()) {
        sep = str(a[0]);
      }
      for (const auto& [k, v] : kw) {
        if (k == "sep") {
          sep = str(v);
        }
      }
      return Value::object_v(std::make_shared<Joiner>(sep));
    });
  }
  if (name == "env") {
    return Builtin::make(name, Value(), env_fn);
  }
  if (is_mistral_function(name)) {
    return mistral_fn(name);
  }
  return Value::undefined_v("'" + name + "' is undefined");
}

Result<std::vector<Value>> bind_args(const std::string& fname,
                                     const std::vector<std::string>& params,
                                     const std::vector<const Value*>& defaults,
                                     std::vector<Value> args, Kwargs kwargs) {
  if (args.size() > params.size()) {
    return eval_error(fname + "() takes from 0 to " + std::to_string(params.size()) +
                      " positional arguments but " + std::to_string(args.size()) + " were given");
  }
  std::vector<Value> out(params.size());
  std::vector<bool> set(params.size(), false);
  for (std::size_t k = 0; k < args.size(); ++k) {
    out[k] = std::move(args[k]);
    set[k] = true;
  }
  for (auto& [key, v] : kwargs) {
    auto it = std::find(params.begin(), params.end(), key);
    if (it == params.end()) {
      return eval_error(fname + "() got an unexpected keyword argument '" + key + "'");
    }
    auto k = static_cast<std::size_t>(it - params.begin());
    if (set[k]) {
      return eval_error(fname + "() got multiple values for argument '" + key + "'");
    }
    out[k] = std::move(v);
    set[k] = true;
  }
  for (std::size_t k = 0; k < params.size(); ++k) {
    if (set[k]) {
      continue;
    }
    if (k >= defaults.size() || defaults[k] == nullptr) {
      return eval_error(fname + "() missing 1 required positional argument: '" + params[k] + "'");
    }
    out[k] = *defaults[k];
  }
  return out;
}

}  // namespace bora::dsl::jinja
