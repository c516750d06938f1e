// Bringing a stored execution back into memory (rerun of a finished
// execution; recovery after a restart).

#include <algorithm>

#include <boost/json.hpp>

#include "actors/workflow/run.hpp"
#include "actors/workflow/task_rt.hpp"

namespace bora::actors::workflow {

namespace json = boost::json;
using storage::State;

namespace {

int64_t int_at(const json::value& v, std::string_view key, int64_t fallback) {
  const auto* o = v.if_object();
  const auto* x = o != nullptr ? o->if_contains(key) : nullptr;
  return x != nullptr && x->is_number() ? x->to_number<int64_t>() : fallback;
}

}  // namespace

void Run::restore(const storage::ExecutionImage& image) {
  exec_dirty_ = false;
  exec_written_ = exec_;
  for (const auto& rec : image.tasks) {
    const auto* spec = spec_->find_task(rec.name);
    if (spec == nullptr) {
      continue;
    }
    auto owned = std::make_unique<TaskRt>();
    TaskRt& t = *owned;
    t.spec = spec;
    t.rec = rec;
    t.written_state = rec.state;
    t.with_items = !spec->with_items.empty();
    const auto& rc = rec.runtime_context;
    if (const auto* wi = rc.is_object() ? rc.as_object().if_contains("with_items") : nullptr) {
      t.count = int_at(*wi, "count", 0);
      t.capacity = int_at(*wi, "capacity", 0);
    }
    if (const auto* rp = rc.is_object() ? rc.as_object().if_contains("retry_task_policy") : nullptr) {
      t.retry_no = int_at(*rp, "retry_no", 0);
    }
    t.timeout_armed = rc.is_object() && rc.as_object().contains("timeout");
    t.wait_after_done = storage::is_completed(rec.state);
    t.paused_before = rec.state == State::idle;
    by_id_[rec.id] = &t;
    named_[rec.name].push_back(&t);
    if (rec.unique_key) {
      joins_[rec.name] = &t;
    }
    tasks_.push_back(std::move(owned));
  }
  for (const auto& a : image.actions) {
    TaskRt* t = a.task_execution_id ? find_task(*a.task_execution_id) : nullptr;
    if (t == nullptr) {
      continue;
    }
    Child c;
    c.id = a.id;
    c.index = int_at(a.runtime_context, "index", 0);
    c.state = a.state;
    c.accepted = a.accepted;
    const auto* out = a.output.is_object() ? a.output.as_object().if_contains("result") : nullptr;
    c.result = out != nullptr ? *out : json::value(nullptr);
    c.action = a;
    by_action_[c.id] = t;
    t->child_pos[c.id] = t->children.size();
    if (!storage::is_completed(c.state)) {
      ++t->running;
    }
    t->children.push_back(std::move(c));
  }
  for (const auto& w : image.children) {
    TaskRt* t = w.task_execution_id ? find_task(*w.task_execution_id) : nullptr;
    if (t == nullptr) {
      continue;
    }
    Child c;
    c.id = w.id;
    c.index = int_at(w.params, "index", 0);
    c.state = w.state;
    c.accepted = storage::is_completed(w.state);
    c.result = w.output;
    by_child_[c.id] = t;
    t->child_pos[c.id] = t->children.size();
    if (!storage::is_completed(c.state)) {
      ++t->running;
    }
    t->children.push_back(std::move(c));
  }
}

}  // namespace bora::actors::workflow
