#include "storage/image.hpp"

#include "storage/tables.hpp"

namespace bora::storage {

namespace {

constexpr size_t page = 10000;

// Loads every record of type R listed by text index `index` under `value`.
template <class R>
Result<std::vector<R>> load_all(const Database& db, Index index, std::string_view value) {
  std::vector<R> out;
  std::string marker;
  while (true) {
    auto keys = list_index(db, index, value, marker, page);
    if (!keys.ok()) {
      return std::move(keys).error();
    }
    for (const auto& k : *keys) {
      auto r = load<R>(db, k);
      if (!r.ok()) {
        if (r.error().code == Errc::not_found) {
          return Error(Errc::io_error, "index " + std::string(to_string(index)) +
                                           " names a missing record " + k);
        }
        return std::move(r).error();
      }
      out.push_back(std::move(r).value());
    }
    if (keys->size() < page) {
      return out;
    }
    marker = keys->back();
  }
}

}  // namespace

Result<ExecutionImage> load_execution_image(const Database& db, std::string_view id) {
  ExecutionImage image;
  auto exec = load<WorkflowExecution>(db, id);
  if (!exec.ok()) {
    return std::move(exec).error();
  }
  image.execution = std::move(exec).value();
  auto tasks = load_all<TaskExecution>(db, Index::task_wf_exec, id);
  if (!tasks.ok()) {
    return std::move(tasks).error();
  }
  image.tasks = std::move(tasks).value();
  for (const auto& t : image.tasks) {
    auto actions = load_all<ActionExecution>(db, Index::action_task, t.id);
    auto children = load_all<WorkflowExecution>(db, Index::exec_task, t.id);
    if (!actions.ok() || !children.ok()) {
      return (!actions.ok() ? std::move(actions).error() : std::move(children).error());
    }
    for (auto& a : *actions) {
      image.actions.push_back(std::move(a));
    }
    for (auto& c : *children) {
      image.children.push_back(std::move(c));
    }
  }
  return image;
}

}  // namespace bora::storage
