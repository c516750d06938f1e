// Semantic checks over built specs: the task graph of each workflow and the
// base chains of ad-hoc actions. Every pass is linear in the number of
// transitions (maps keyed by task name), so large workflows stay fast.
#include "dsl/validator.hpp"

#include <set>
#include <unordered_map>
#include <unordered_set>

namespace bora::dsl {
namespace {

void check_unsupported_callees(ParseContext& ctx, const WorkflowSpec& wf) {
  for (const auto& t : wf.tasks) {
    if (!t->is_workflow && is_unsupported_action(t->callee_text)) {
      auto [at, path] = ctx.location(&t->callee);
      ctx.add(at, path, "action " + t->callee_text + " is not supported by Bora yet");
    }
  }
}

// Adds one "Task 'x' not found." per written transition item.
void report_unknown_target(ParseContext& ctx, const TransitionSpec& t,
                           std::set<std::pair<std::string, std::pair<uint32_t, uint32_t>>>& seen) {
  auto [at, path] = ctx.location(&t);
  std::string message = "Task '" + t.target + "' not found.";
  if (seen.insert({message, {at.line, at.column}}).second) {
    ctx.add(at, path, message);
  }
}

void validate_direct(ParseContext& ctx, const WorkflowSpec& wf, const std::string& short_name) {
  // Inbound source tasks per target name (distinct sources).
  std::unordered_map<std::string_view, uint32_t> inbound;
  std::set<std::pair<std::string, std::pair<uint32_t, uint32_t>>> seen;
  for (const auto& t : wf.tasks) {
    for (std::string_view name : wf.outbound_names(*t)) {
      ++inbound[name];
    }
  }
  bool has_start = false;
  for (const auto& t : wf.tasks) {
    has_start = has_start || inbound.find(t->name) == inbound.end();
  }
  if (!has_start) {
    auto [at, path] = ctx.location(&wf);
    ctx.add(at, path,
            "Failed to find start tasks in direct workflow. There must be at least one task "
            "without inbound transition.[workflow_name=" +
                short_name + "]");
  }
  for (const auto& t : wf.tasks) {
    for (auto kind : {ClauseKind::on_error, ClauseKind::on_success, ClauseKind::on_complete}) {
      for (const TransitionSpec* tr : wf.transitions(*t, kind)) {
        // A target with a broken expression is reported by the expression
        // phase instead, as Mistral reports that error first.
        bool broken = has_expression(tr->target) && !CompiledString::compile(tr->target).ok();
        if (tr->command == EngineCommand::none && !broken && !wf.find_task(tr->target)) {
          report_unknown_target(ctx, *tr, seen);
        }
      }
    }
  }
  for (const auto& t : wf.tasks) {
    if (t->join == JoinKind::none) {
      continue;
    }
    auto it = inbound.find(t->name);
    uint32_t n = it == inbound.end() ? 0 : it->second;
    auto [at, path] = ctx.location(&t->join);
    if (t->join == JoinKind::all && n == 0) {
      ctx.add(at, path, "No inbound tasks for task with 'join: all' [task_name=" + t->name + "]");
    } else if (t->join == JoinKind::count && n < t->join_count) {
      ctx.add(at, path,
              "Not enough inbound tasks for task with 'join' [task_name=" + t->name + ", join=" +
                  std::to_string(t->join_count) + ", inbound_tasks=" + std::to_string(n) + "]");
    }
  }
}

void validate_reverse(ParseContext& ctx, const WorkflowSpec& wf) {
  for (const auto& t : wf.tasks) {
    for (std::string_view req : wf.requires_of(*t)) {
      if (wf.find_task(req)) {
        continue;
      }
      bool own = std::find(t->requires.begin(), t->requires.end(), req) != t->requires.end();
      auto [at, path] = own || !wf.task_defaults ? ctx.location(&t->requires)
                                                 : ctx.location(&wf.task_defaults->requires);
      ctx.add(at, path, "Task '" + std::string(req) + "' not found.");
    }
  }
}

// Resolves a base name to an action of this document, as the engine will:
// `<workbook>.<name>` first, then `<name>`.
const ActionSpec* resolve(const std::unordered_map<std::string_view, const ActionSpec*>& by_name,
                          const std::string& workbook, const std::string& base) {
  if (!workbook.empty()) {
    auto it = by_name.find(workbook + "." + base);
    if (it != by_name.end()) {
      return it->second;
    }
  }
  auto it = by_name.find(base);
  return it == by_name.end() ? nullptr : it->second;
}

}  // namespace

bool is_unsupported_action(std::string_view name) {
  return name == "std.ssh" || name == "std.ssh_proxied" || name == "std.email" ||
         name == "std.javascript" || name == "std.js";
}

void validate_workflow(ParseContext& ctx, const WorkflowSpec& wf, const std::string& short_name) {
  if (wf.type == WorkflowType::direct) {
    validate_direct(ctx, wf, short_name);
  } else {
    validate_reverse(ctx, wf);
  }
  check_unsupported_callees(ctx, wf);
}

void validate_actions(ParseContext& ctx,
                      const std::vector<std::shared_ptr<const ActionSpec>>& actions,
                      const std::string& workbook) {
  std::unordered_map<std::string_view, const ActionSpec*> by_name;
  for (const auto& a : actions) {
    by_name.emplace(a->name, a.get());
  }
  // 0: unvisited, 1: on the current chain, 2: done. Each action has one base,
  // so every chain is walked once.
  std::unordered_map<const ActionSpec*, int> state;
  for (const auto& a : actions) {
    if (is_unsupported_action(a->base)) {
      auto [at, path] = ctx.location(&a->base);
      ctx.add(at, path, "action " + a->base + " is not supported by Bora yet");
    }
    std::vector<const ActionSpec*> chain;
    const ActionSpec* cur = a.get();
    while (cur && state[cur] == 0) {
      state[cur] = 1;
      chain.push_back(cur);
      cur = resolve(by_name, workbook, cur->base);
    }
    if (cur && state[cur] == 1) {
      std::string cycle;
      bool in = false;
      for (const ActionSpec* c : chain) {
        in = in || c == cur;
        if (in) {
          cycle += c->name + " -> ";
        }
      }
      auto [at, path] = ctx.location(&cur->base);
      ctx.add(at, path, "ad-hoc action base cycle: " + cycle + cur->name);
    }
    for (const ActionSpec* c : chain) {
      state[c] = 2;
    }
  }
}

}  // namespace bora::dsl
