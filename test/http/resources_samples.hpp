#pragma once

// The failing execution `rwf` captured from Mistral 15 (api.md §7.5): a
// retried task, a with-items task, a plain task and a task whose
// sub-workflow `wb.sub` failed. Records carry the captured ids and times
// (state_info shortened to its first words), and the k_* texts are the
// replies Mistral gave for them, with the same shortening.

#include <deque>
#include <memory>
#include <string>

#include <boost/json/parse.hpp>

#include "http/resources.hpp"
#include "storage/records.hpp"
#include "storage/time_format.hpp"

namespace bora::http::test {

/// Returns the milliseconds of "2026-11-29 <hms>".
inline int64_t at(const std::string& hms) {
  return storage::parse_timestamp("2026-11-29 " + hms).value();
}

/// Owns the records of the captured tree and links them as ReportTrees.
struct CapturedRun {
  storage::WorkflowExecution root_ex;
  storage::WorkflowExecution sub_ex;
  std::deque<storage::TaskExecution> tasks;
  std::deque<storage::ActionExecution> actions;
  ReportTree root;
  ReportTree sub;

  CapturedRun() {
    root_ex = execution("5303beaf-7ccf-451f-bafc-ceb05db82dae", "rwf",
                        "fa470702-0ace-41fd-ab1e-52cbca9b302f", "00:09:29",
                        "Failure caused by error in tasks: r1, r2");
    root_ex.params = boost::json::parse(R"({"namespace": "", "env": {}})");
    root_ex.input = boost::json::object();
    root_ex.output = boost::json::parse(
        R"({"result": "Failure caused by error in tasks: r1, r2", "global": {"gg": "fine"}})");
    sub_ex = execution("de680f1a-6ee0-4d3c-b0ef-311f9e53aec8", "wb.sub",
                       "0b69ba52-a557-4efa-9e1c-ac2b9e47e060", "00:09:26",
                       "Failure caused by error in tasks: s1");
    sub_ex.description = "sub-workflow execution";
    sub_ex.params = boost::json::parse(
        R"({"root_execution_id": "5303beaf-7ccf-451f-bafc-ceb05db82dae", )"
        R"("task_execution_id": "b141f97c-7270-47e5-a660-ba8588744be6", "index": 0, )"
        R"("namespace": "", "env": {}})");
    sub_ex.task_execution_id = "b141f97c-7270-47e5-a660-ba8588744be6";
    sub_ex.root_execution_id = root_ex.id;
    sub_ex.input = boost::json::parse(R"({"fail_it": false})");
    sub_ex.output = boost::json::object();
    root.execution = &root_ex;
    sub.execution = &sub_ex;

    const storage::TaskExecution* wi = task(root, "13aedfea-fae1-4944-a478-03c07e1c43b0", "wi",
                                            "00:09:25", "00:09:26", storage::State::success);
    for (const char* id :
         {"a40fa869-5da5-4702-9970-998456127e4e", "0fe932d5-b5b1-4ecb-bfc3-714959616c35",
          "32ee6731-25df-4fd5-bcf8-bf58d6827700"}) {
      action(root, *wi, id, "std.echo", "00:09:25", "00:09:26", true, storage::State::success);
    }
    const storage::TaskExecution* ok1 = task(root, "2d3e1ed8-6597-4bd7-b3f5-798c652c78cf", "ok1",
                                             "00:09:25", "00:09:26", storage::State::success);
    action(root, *ok1, "b290af5a-6189-4551-a2dd-1d5e9a8986fd", "std.echo", "00:09:25", "00:09:26",
           true, storage::State::success);
    storage::TaskExecution* r2 = task(root, "b141f97c-7270-47e5-a660-ba8588744be6", "r2",
                                      "00:09:25", "00:09:26", storage::State::error);
    r2->type = "WORKFLOW";
    r2->state_info = "Failure caused by error in tasks: s1";
    root.children_by_task[r2->id].push_back(&sub);
    storage::TaskExecution* r1 = task(root, "7a5d1341-b1d7-4e21-b305-5cad9e5f29ab", "r1",
                                      "00:09:26", "00:09:29", storage::State::error);
    r1->state_info = "The action raised an exception";
    r1->runtime_context = boost::json::parse(R"({"retry_task_policy": {"retry_no": 2}})");
    action(root, *r1, "03ca0870-ca68-45fe-a6c7-2d391d302781", "std.fail", "00:09:26", "00:09:26",
           false, storage::State::error);
    action(root, *r1, "24629b3e-40a8-48d8-bb62-54717cf88a66", "std.fail", "00:09:28", "00:09:28",
           false, storage::State::error);
    action(root, *r1, "4cd3f4a3-f168-4f2a-9e38-ba89e32d96f5", "std.fail", "00:09:29", "00:09:29",
           true, storage::State::error);

    storage::TaskExecution* s1 = task(sub, "4f9e13dc-edb1-4b3f-b60d-35fb50efd972", "s1", "00:09:25",
                                      "00:09:26", storage::State::error);
    s1->state_info = "The action raised an exception";
    action(sub, *s1, "77aa5367-4b59-4735-ab8b-abcff8fb771c", "std.fail", "00:09:25", "00:09:26",
           true, storage::State::error);
  }

  CapturedRun(const CapturedRun&) = delete;
  CapturedRun& operator=(const CapturedRun&) = delete;

private:
  static storage::WorkflowExecution execution(const char* id, const char* name, const char* wf_id,
                                              const char* updated, const char* info) {
    storage::WorkflowExecution e;
    e.id = id;
    e.workflow_name = name;
    e.workflow_id = wf_id;
    e.state = storage::State::error;
    e.state_info = info;
    e.project_id = std::string(default_project);
    e.created_at = at("00:09:25");
    e.updated_at = at(updated);
    return e;
  }

  storage::TaskExecution* task(ReportTree& owner, const char* id, const char* name,
                               const char* created, const char* updated, storage::State state) {
    storage::TaskExecution& t = tasks.emplace_back();
    t.id = id;
    t.name = name;
    t.workflow_execution_id = owner.execution->id;
    t.workflow_name = owner.execution->workflow_name;
    t.state = state;
    t.runtime_context = boost::json::object();
    t.created_at = at(created);
    t.updated_at = at(updated);
    owner.tasks.push_back(&t);
    return &t;
  }

  void action(ReportTree& owner, const storage::TaskExecution& t, const char* id, const char* name,
              const char* created, const char* updated, bool accepted, storage::State state) {
    storage::ActionExecution& a = actions.emplace_back();
    a.id = id;
    a.name = name;
    a.task_execution_id = t.id;
    a.state = state;
    a.accepted = accepted;
    a.created_at = at(created);
    a.updated_at = at(updated);
    a.last_heartbeat = at(updated);
    owner.actions_by_task[t.id].push_back(&a);
  }
};

inline constexpr const char* k_report_full =
    R"J({"statistics": {"total_tasks_count": 5, "running_tasks_count": 0, "success_tasks_count": 2, )J"
    R"J("error_tasks_count": 3, "idle_tasks_count": 0, "paused_tasks_count": 0, "estimated_time": 0})J"
    R"J(, "root_workflow_execution": {"id": "5303beaf-7ccf-451f-bafc-ceb05db82dae", "name": "rwf", ")J"
    R"J(created_at": "2026-11-29 00:09:25", "updated_at": "2026-11-29 00:09:29", "state": "ERROR", ")J"
    R"J(state_info": "Failure caused by error in tasks: r1, r2", "task_executions": [{"action_execut)J"
    R"J(ions": [{"accepted": true, "last_heartbeat": "2026-11-29 00:09:26", "id": "a40fa869-5da5-470)J"
    R"J(2-9970-998456127e4e", "name": "std.echo", "created_at": "2026-11-29 00:09:25", "updated_at":)J"
    R"J( "2026-11-29 00:09:26", "state": "SUCCESS", "state_info": null}, {"accepted": true, "last_he)J"
    R"J(artbeat": "2026-11-29 00:09:26", "id": "0fe932d5-b5b1-4ecb-bfc3-714959616c35", "name": "std.)J"
    R"J(echo", "created_at": "2026-11-29 00:09:25", "updated_at": "2026-11-29 00:09:26", "state": "S)J"
    R"J(UCCESS", "state_info": null}, {"accepted": true, "last_heartbeat": "2026-11-29 00:09:26", "i)J"
    R"J(d": "32ee6731-25df-4fd5-bcf8-bf58d6827700", "name": "std.echo", "created_at": "2026-11-29 00)J"
    R"J(:09:25", "updated_at": "2026-11-29 00:09:26", "state": "SUCCESS", "state_info": null}], "wor)J"
    R"J(kflow_executions": [], "id": "13aedfea-fae1-4944-a478-03c07e1c43b0", "name": "wi", "created_)J"
    R"J(at": "2026-11-29 00:09:25", "updated_at": "2026-11-29 00:09:26", "state": "SUCCESS", "state_)J"
    R"J(info": null}, {"action_executions": [{"accepted": true, "last_heartbeat": "2026-11-29 00:09:)J"
    R"J(26", "id": "b290af5a-6189-4551-a2dd-1d5e9a8986fd", "name": "std.echo", "created_at": "2026-1)J"
    R"J(1-29 00:09:25", "updated_at": "2026-11-29 00:09:26", "state": "SUCCESS", "state_info": null})J"
    R"J(], "workflow_executions": [], "id": "2d3e1ed8-6597-4bd7-b3f5-798c652c78cf", "name": "ok1", ")J"
    R"J(created_at": "2026-11-29 00:09:25", "updated_at": "2026-11-29 00:09:26", "state": "SUCCESS",)J"
    R"J( "state_info": null}, {"action_executions": [], "workflow_executions": [{"id": "de680f1a-6ee)J"
    R"J(0-4d3c-b0ef-311f9e53aec8", "name": "wb.sub", "created_at": "2026-11-29 00:09:25", "updated_a)J"
    R"J(t": "2026-11-29 00:09:26", "state": "ERROR", "state_info": "Failure caused by error in tasks)J"
    R"J(: s1", "task_executions": [{"action_executions": [{"accepted": true, "last_heartbeat": "2026)J"
    R"J(-11-29 00:09:26", "id": "77aa5367-4b59-4735-ab8b-abcff8fb771c", "name": "std.fail", "created)J"
    R"J(_at": "2026-11-29 00:09:25", "updated_at": "2026-11-29 00:09:26", "state": "ERROR", "state_i)J"
    R"J(nfo": null}], "workflow_executions": [], "id": "4f9e13dc-edb1-4b3f-b60d-35fb50efd972", "name)J"
    R"J(": "s1", "created_at": "2026-11-29 00:09:25", "updated_at": "2026-11-29 00:09:26", "state": )J"
    R"J("ERROR", "state_info": "The action raised an exception"}]}], "id": "b141f97c-7270-47e5-a660-)J"
    R"J(ba8588744be6", "name": "r2", "created_at": "2026-11-29 00:09:25", "updated_at": "2026-11-29 )J"
    R"J(00:09:26", "state": "ERROR", "state_info": "Failure caused by error in tasks: s1"}, {"action)J"
    R"J(_executions": [{"accepted": false, "last_heartbeat": "2026-11-29 00:09:26", "id": "03ca0870-)J"
    R"J(ca68-45fe-a6c7-2d391d302781", "name": "std.fail", "created_at": "2026-11-29 00:09:26", "upda)J"
    R"J(ted_at": "2026-11-29 00:09:26", "state": "ERROR", "state_info": null}, {"accepted": false, ")J"
    R"J(last_heartbeat": "2026-11-29 00:09:28", "id": "24629b3e-40a8-48d8-bb62-54717cf88a66", "name")J"
    R"J(: "std.fail", "created_at": "2026-11-29 00:09:28", "updated_at": "2026-11-29 00:09:28", "sta)J"
    R"J(te": "ERROR", "state_info": null}, {"accepted": true, "last_heartbeat": "2026-11-29 00:09:29)J"
    R"J(", "id": "4cd3f4a3-f168-4f2a-9e38-ba89e32d96f5", "name": "std.fail", "created_at": "2026-11-)J"
    R"J(29 00:09:29", "updated_at": "2026-11-29 00:09:29", "state": "ERROR", "state_info": null}], ")J"
    R"J(workflow_executions": [], "retry_count": 2, "id": "7a5d1341-b1d7-4e21-b305-5cad9e5f29ab", "n)J"
    R"J(ame": "r1", "created_at": "2026-11-29 00:09:26", "updated_at": "2026-11-29 00:09:29", "state)J"
    R"J(": "ERROR", "state_info": "The action raised an exception"}]}})J";

inline constexpr const char* k_report_errors_only =
    R"J({"statistics": {"total_tasks_count": 3, "running_tasks_count": 0, "success_tasks_count": 0, )J"
    R"J("error_tasks_count": 3, "idle_tasks_count": 0, "paused_tasks_count": 0, "estimated_time": 0})J"
    R"J(, "root_workflow_execution": {"id": "5303beaf-7ccf-451f-bafc-ceb05db82dae", "name": "rwf", ")J"
    R"J(created_at": "2026-11-29 00:09:25", "updated_at": "2026-11-29 00:09:29", "state": "ERROR", ")J"
    R"J(state_info": "Failure caused by error in tasks: r1, r2", "task_executions": [{"action_execut)J"
    R"J(ions": [], "workflow_executions": [{"id": "de680f1a-6ee0-4d3c-b0ef-311f9e53aec8", "name": "w)J"
    R"J(b.sub", "created_at": "2026-11-29 00:09:25", "updated_at": "2026-11-29 00:09:26", "state": ")J"
    R"J(ERROR", "state_info": "Failure caused by error in tasks: s1", "task_executions": [{"action_e)J"
    R"J(xecutions": [{"accepted": true, "last_heartbeat": "2026-11-29 00:09:26", "id": "77aa5367-4b5)J"
    R"J(9-4735-ab8b-abcff8fb771c", "name": "std.fail", "created_at": "2026-11-29 00:09:25", "updated)J"
    R"J(_at": "2026-11-29 00:09:26", "state": "ERROR", "state_info": null}], "workflow_executions": )J"
    R"J([], "id": "4f9e13dc-edb1-4b3f-b60d-35fb50efd972", "name": "s1", "created_at": "2026-11-29 00)J"
    R"J(:09:25", "updated_at": "2026-11-29 00:09:26", "state": "ERROR", "state_info": "The action ra)J"
    R"J(ised an exception"}]}], "id": "b141f97c-7270-47e5-a660-ba8588744be6", "name": "r2", "created)J"
    R"J(_at": "2026-11-29 00:09:25", "updated_at": "2026-11-29 00:09:26", "state": "ERROR", "state_i)J"
    R"J(nfo": "Failure caused by error in tasks: s1"}, {"action_executions": [{"accepted": false, "l)J"
    R"J(ast_heartbeat": "2026-11-29 00:09:26", "id": "03ca0870-ca68-45fe-a6c7-2d391d302781", "name":)J"
    R"J( "std.fail", "created_at": "2026-11-29 00:09:26", "updated_at": "2026-11-29 00:09:26", "stat)J"
    R"J(e": "ERROR", "state_info": null}, {"accepted": false, "last_heartbeat": "2026-11-29 00:09:28)J"
    R"J(", "id": "24629b3e-40a8-48d8-bb62-54717cf88a66", "name": "std.fail", "created_at": "2026-11-)J"
    R"J(29 00:09:28", "updated_at": "2026-11-29 00:09:28", "state": "ERROR", "state_info": null}, {")J"
    R"J(accepted": true, "last_heartbeat": "2026-11-29 00:09:29", "id": "4cd3f4a3-f168-4f2a-9e38-ba8)J"
    R"J(9e32d96f5", "name": "std.fail", "created_at": "2026-11-29 00:09:29", "updated_at": "2026-11-)J"
    R"J(29 00:09:29", "state": "ERROR", "state_info": null}], "workflow_executions": [], "retry_coun)J"
    R"J(t": 2, "id": "7a5d1341-b1d7-4e21-b305-5cad9e5f29ab", "name": "r1", "created_at": "2026-11-29)J"
    R"J( 00:09:26", "updated_at": "2026-11-29 00:09:29", "state": "ERROR", "state_info": "The action)J"
    R"J( raised an exception"}]}})J";

inline constexpr const char* k_report_depth0 =
    R"J({"statistics": {"total_tasks_count": 4, "running_tasks_count": 0, "success_tasks_count": 2, )J"
    R"J("error_tasks_count": 2, "idle_tasks_count": 0, "paused_tasks_count": 0, "estimated_time": 0})J"
    R"J(, "root_workflow_execution": {"id": "5303beaf-7ccf-451f-bafc-ceb05db82dae", "name": "rwf", ")J"
    R"J(created_at": "2026-11-29 00:09:25", "updated_at": "2026-11-29 00:09:29", "state": "ERROR", ")J"
    R"J(state_info": "Failure caused by error in tasks: r1, r2", "task_executions": [{"action_execut)J"
    R"J(ions": [{"accepted": true, "last_heartbeat": "2026-11-29 00:09:26", "id": "a40fa869-5da5-470)J"
    R"J(2-9970-998456127e4e", "name": "std.echo", "created_at": "2026-11-29 00:09:25", "updated_at":)J"
    R"J( "2026-11-29 00:09:26", "state": "SUCCESS", "state_info": null}, {"accepted": true, "last_he)J"
    R"J(artbeat": "2026-11-29 00:09:26", "id": "0fe932d5-b5b1-4ecb-bfc3-714959616c35", "name": "std.)J"
    R"J(echo", "created_at": "2026-11-29 00:09:25", "updated_at": "2026-11-29 00:09:26", "state": "S)J"
    R"J(UCCESS", "state_info": null}, {"accepted": true, "last_heartbeat": "2026-11-29 00:09:26", "i)J"
    R"J(d": "32ee6731-25df-4fd5-bcf8-bf58d6827700", "name": "std.echo", "created_at": "2026-11-29 00)J"
    R"J(:09:25", "updated_at": "2026-11-29 00:09:26", "state": "SUCCESS", "state_info": null}], "wor)J"
    R"J(kflow_executions": [], "id": "13aedfea-fae1-4944-a478-03c07e1c43b0", "name": "wi", "created_)J"
    R"J(at": "2026-11-29 00:09:25", "updated_at": "2026-11-29 00:09:26", "state": "SUCCESS", "state_)J"
    R"J(info": null}, {"action_executions": [{"accepted": true, "last_heartbeat": "2026-11-29 00:09:)J"
    R"J(26", "id": "b290af5a-6189-4551-a2dd-1d5e9a8986fd", "name": "std.echo", "created_at": "2026-1)J"
    R"J(1-29 00:09:25", "updated_at": "2026-11-29 00:09:26", "state": "SUCCESS", "state_info": null})J"
    R"J(], "workflow_executions": [], "id": "2d3e1ed8-6597-4bd7-b3f5-798c652c78cf", "name": "ok1", ")J"
    R"J(created_at": "2026-11-29 00:09:25", "updated_at": "2026-11-29 00:09:26", "state": "SUCCESS",)J"
    R"J( "state_info": null}, {"action_executions": [], "workflow_executions": [{"id": "de680f1a-6ee)J"
    R"J(0-4d3c-b0ef-311f9e53aec8", "name": "wb.sub", "created_at": "2026-11-29 00:09:25", "updated_a)J"
    R"J(t": "2026-11-29 00:09:26", "state": "ERROR", "state_info": "Failure caused by error in tasks)J"
    R"J(: s1"}], "id": "b141f97c-7270-47e5-a660-ba8588744be6", "name": "r2", "created_at": "2026-11-)J"
    R"J(29 00:09:25", "updated_at": "2026-11-29 00:09:26", "state": "ERROR", "state_info": "Failure )J"
    R"J(caused by error in tasks: s1"}, {"action_executions": [{"accepted": false, "last_heartbeat":)J"
    R"J( "2026-11-29 00:09:26", "id": "03ca0870-ca68-45fe-a6c7-2d391d302781", "name": "std.fail", "c)J"
    R"J(reated_at": "2026-11-29 00:09:26", "updated_at": "2026-11-29 00:09:26", "state": "ERROR", "s)J"
    R"J(tate_info": null}, {"accepted": false, "last_heartbeat": "2026-11-29 00:09:28", "id": "24629)J"
    R"J(b3e-40a8-48d8-bb62-54717cf88a66", "name": "std.fail", "created_at": "2026-11-29 00:09:28", ")J"
    R"J(updated_at": "2026-11-29 00:09:28", "state": "ERROR", "state_info": null}, {"accepted": true)J"
    R"J(, "last_heartbeat": "2026-11-29 00:09:29", "id": "4cd3f4a3-f168-4f2a-9e38-ba89e32d96f5", "na)J"
    R"J(me": "std.fail", "created_at": "2026-11-29 00:09:29", "updated_at": "2026-11-29 00:09:29", ")J"
    R"J(state": "ERROR", "state_info": null}], "workflow_executions": [], "retry_count": 2, "id": "7)J"
    R"J(a5d1341-b1d7-4e21-b305-5cad9e5f29ab", "name": "r1", "created_at": "2026-11-29 00:09:26", "up)J"
    R"J(dated_at": "2026-11-29 00:09:29", "state": "ERROR", "state_info": "The action raised an exce)J"
    R"J(ption"}]}})J";

inline constexpr const char* k_report_statistics_only =
    R"J({"statistics": {"total_tasks_count": 5, "running_tasks_count": 0, "success_tasks_count": 2, )J"
    R"J("error_tasks_count": 3, "idle_tasks_count": 0, "paused_tasks_count": 0, "estimated_time": 0})J"
    R"J(})J";

inline constexpr const char* k_subs_all =
    R"J({"executions": [{"id": "5303beaf-7ccf-451f-bafc-ceb05db82dae", "workflow_id": "fa470702-0ace)J"
    R"J(-41fd-ab1e-52cbca9b302f", "workflow_name": "rwf", "workflow_namespace": "", "description": ")J"
    R"J(", "tags": [], "params": "{\"namespace\": \"\", \"env\": {}}", "task_execution_id": null, "r)J"
    R"J(oot_execution_id": null, "state": "ERROR", "state_info": "Failure caused by error in tasks: )J"
    R"J(r1, r2", "input": "{}", "created_at": "2026-11-29 00:09:25", "updated_at": "2026-11-29 00:09)J"
    R"J(:29", "project_id": "<default-project>"}, {"id": "de680f1a-6ee0-4d3c-b0ef-311f9e53aec8", "wo)J"
    R"J(rkflow_id": "0b69ba52-a557-4efa-9e1c-ac2b9e47e060", "workflow_name": "wb.sub", "workflow_nam)J"
    R"J(espace": "", "description": "sub-workflow execution", "tags": [], "params": "{\"root_executi)J"
    R"J(on_id\": \"5303beaf-7ccf-451f-bafc-ceb05db82dae\", \"task_execution_id\": \"b141f97c-7270-47)J"
    R"J(e5-a660-ba8588744be6\", \"index\": 0, \"namespace\": \"\", \"env\": {}}", "task_execution_id)J"
    R"J(": "b141f97c-7270-47e5-a660-ba8588744be6", "root_execution_id": "5303beaf-7ccf-451f-bafc-ceb)J"
    R"J(05db82dae", "state": "ERROR", "state_info": "Failure caused by error in tasks: s1", "input":)J"
    R"J( "{\"fail_it\": false}", "created_at": "2026-11-29 00:09:25", "updated_at": "2026-11-29 00:0)J"
    R"J(9:26", "project_id": "<default-project>"}]})J";

inline constexpr const char* k_subs_depth0_output =
    R"J({"executions": [{"id": "5303beaf-7ccf-451f-bafc-ceb05db82dae", "workflow_id": "fa470702-0ace)J"
    R"J(-41fd-ab1e-52cbca9b302f", "workflow_name": "rwf", "workflow_namespace": "", "description": ")J"
    R"J(", "tags": [], "params": "{\"namespace\": \"\", \"env\": {}}", "task_execution_id": null, "r)J"
    R"J(oot_execution_id": null, "state": "ERROR", "state_info": "Failure caused by error in tasks: )J"
    R"J(r1, r2", "input": "{}", "output": "{\"result\": \"Failure caused by error in tasks: r1, r2\")J"
    R"J(, \"global\": {\"gg\": \"fine\"}}", "created_at": "2026-11-29 00:09:25", "updated_at": "2026)J"
    R"J(-11-29 00:09:29", "project_id": "<default-project>"}]})J";

inline constexpr const char* k_subs_task =
    R"J({"executions": [{"id": "de680f1a-6ee0-4d3c-b0ef-311f9e53aec8", "workflow_id": "0b69ba52-a557)J"
    R"J(-4efa-9e1c-ac2b9e47e060", "workflow_name": "wb.sub", "workflow_namespace": "", "description")J"
    R"J(: "sub-workflow execution", "tags": [], "params": "{\"root_execution_id\": \"5303beaf-7ccf-4)J"
    R"J(51f-bafc-ceb05db82dae\", \"task_execution_id\": \"b141f97c-7270-47e5-a660-ba8588744be6\", \")J"
    R"J(index\": 0, \"namespace\": \"\", \"env\": {}}", "task_execution_id": "b141f97c-7270-47e5-a66)J"
    R"J(0-ba8588744be6", "root_execution_id": "5303beaf-7ccf-451f-bafc-ceb05db82dae", "state": "ERRO)J"
    R"J(R", "state_info": "Failure caused by error in tasks: s1", "input": "{\"fail_it\": false}", ")J"
    R"J(created_at": "2026-11-29 00:09:25", "updated_at": "2026-11-29 00:09:26", "project_id": "<def)J"
    R"J(ault-project>"}]})J";

}  // namespace bora::http::test
