"""Task executions: /v2/tasks (get, list, rerun)."""

import json

from api_base import ApiCase, PROJECT

TASK_FIELDS = ["id", "name", "type", "workflow_name", "workflow_namespace",
               "workflow_id", "workflow_execution_id", "tags", "state",
               "state_info", "project_id", "runtime_context", "result",
               "published", "processed", "created_at", "updated_at",
               "started_at", "finished_at"]


class TaskGetTest(ApiCase):

    def test_get_task_shows_result_and_published(self):
        wf = self.create_workflows("wf_basic.yaml")[self.name("hello")]
        ex = self.run_to_end(self.name("hello"))
        tid = self.task_named(ex["id"], "greet")["id"]
        task = self.expect(200, "GET", "/v2/tasks/" + tid)
        self.assertKeys(task, TASK_FIELDS)
        self.assertEqual({k: task[k] for k in (
            "name", "type", "workflow_name", "workflow_namespace", "workflow_id",
            "workflow_execution_id", "tags", "state", "state_info", "project_id",
            "processed")}, {
            "name": "greet", "type": "ACTION", "workflow_name": self.name("hello"),
            "workflow_namespace": "", "workflow_id": wf["id"],
            "workflow_execution_id": ex["id"], "tags": [], "state": "SUCCESS",
            "state_info": None, "project_id": PROJECT, "processed": True})
        self.assertJsonString(task["result"], "Hello, world")
        self.assertEqual(task["result"], '"Hello, world"')
        self.assertJsonString(task["published"], {"greeting": "Hello, world"})
        self.assertJsonString(task["runtime_context"], {})
        for key in ("created_at", "updated_at", "started_at", "finished_at"):
            self.assertTimestamp(task[key])

    def test_with_items_result_is_a_list(self):
        self.create_workflows("wf_items.yaml")
        ex = self.run_to_end(self.name("items"))
        task = self.expect(200, "GET", "/v2/tasks/" + self.task_named(ex["id"], "each")["id"])
        self.assertEqual(task["result"], "[1, 2, 3]")
        self.assertJsonString(task["runtime_context"],
                              {"with_items": {"capacity": None, "count": 3}})

    def test_null_result_is_json_null(self):
        self.create_workflows("wf_sub.yaml")
        ex = self.run_to_end(self.name("parent"))
        subs = self.expect(200, "GET", "/v2/executions/%s/executions" % ex["id"])
        child = subs["executions"][1]
        task = self.expect(200, "GET", "/v2/tasks/" + self.task_named(child["id"], "noop")["id"])
        self.assertEqual(task["result"], "null")

    def test_workflow_task_has_type_workflow(self):
        self.create_workflows("wf_sub.yaml")
        ex = self.run_to_end(self.name("parent"))
        task = self.expect(200, "GET", "/v2/tasks/" + self.task_named(ex["id"], "call")["id"])
        self.assertEqual(task["type"], "WORKFLOW")
        self.assertJsonString(task["result"], {"doubled": 42})

    def test_running_task_has_no_finish_time(self):
        self.create_workflows("wf_async.yaml")
        ex = self.start(self.name("hold"))
        self.running_action(ex["id"])
        task = self.expect(200, "GET", "/v2/tasks/" + self.task_named(ex["id"], "hold")["id"])
        self.assertEqual((task["state"], task["processed"], task["finished_at"]),
                         ("RUNNING", False, None))
        self.assertTimestamp(task["started_at"])

    def test_triggered_by_is_in_the_runtime_context(self):
        self.create_workflows("wf_fail.yaml")
        ex = self.run_to_end(self.name("handled"))
        self.assertEqual(ex["state"], "SUCCESS")
        boom = self.task_named(ex["id"], "boom")
        cleanup = self.task_named(ex["id"], "cleanup")
        self.assertJsonString(cleanup["runtime_context"], {
            "triggered_by": [{"task_id": boom["id"], "event": "on-error"}]})

    def test_unknown_task_is_404(self):
        self.fault(404, "Task execution not found [id=nope%s]" % self.uid,
                   "GET", "/v2/tasks/nope" + self.uid)

    def test_action_executions_of_a_task(self):
        self.create_workflows("wf_basic.yaml")
        ex = self.run_to_end(self.name("hello"))
        task = self.task_named(ex["id"], "greet")
        got = self.expect(200, "GET", "/v2/tasks/%s/action_executions" % task["id"])
        [ae] = got["action_executions"]
        self.assertNotIn("output", ae)
        self.assertEqual({k: ae[k] for k in (
            "workflow_name", "workflow_namespace", "task_name", "task_execution_id",
            "state", "state_info", "name", "accepted", "description", "tags")}, {
            "workflow_name": self.name("hello"), "workflow_namespace": "",
            "task_name": "greet", "task_execution_id": task["id"],
            "state": "SUCCESS", "state_info": None, "name": "std.echo",
            "accepted": True, "description": "", "tags": None})
        self.assertJsonString(ae["input"], {"output": "Hello, world"})
        one = self.expect(200, "GET", "/v2/tasks/%s/action_executions/%s"
                          % (task["id"], ae["id"]))
        self.assertEqual(one["id"], ae["id"])
        self.assertJsonString(one["output"], {"result": "Hello, world"})

    def test_action_executions_need_a_uuid_task_id(self):
        self.fault(400, "Invalid input for field/attribute task_execution_id. Value: "
                   "'nope'. unable to convert to uuid. Error: Expected a uuid but "
                   "received nope.", "GET", "/v2/tasks/nope/action_executions")

    def test_workflow_executions_of_a_task(self):
        self.create_workflows("wf_sub.yaml")
        ex = self.run_to_end(self.name("parent"))
        task = self.task_named(ex["id"], "call")
        got = self.expect(200, "GET", "/v2/tasks/%s/workflow_executions" % task["id"])
        [child] = got["executions"]
        self.assertEqual((child["workflow_name"], child["task_execution_id"]),
                         (self.name("child"), task["id"]))

    def test_sub_execution_tree_of_a_task(self):
        self.create_workflows("wf_sub.yaml")
        ex = self.run_to_end(self.name("parent"))
        task = self.task_named(ex["id"], "call")
        got = self.expect(200, "GET", "/v2/tasks/%s/executions" % task["id"])
        self.assertEqual([e["workflow_name"] for e in got["executions"]],
                         [self.name("child")])


class TaskListTest(ApiCase):

    def test_list_filtered_by_execution_has_no_result(self):
        self.create_workflows("wf_fail.yaml")
        ex = self.run_to_end(self.name("handled"))
        got = self.expect(200, "GET", "/v2/tasks?workflow_execution_id=" + ex["id"])
        self.assertEqual(list(got), ["tasks"])
        self.assertEqual(sorted(t["name"] for t in got["tasks"]), ["boom", "cleanup"])
        for task in got["tasks"]:
            self.assertKeys(task, [k for k in TASK_FIELDS if k != "result"])

    def test_list_by_state_and_fields(self):
        self.create_workflows("wf_fail.yaml")
        ex = self.run_to_end(self.name("handled"))
        got = self.expect(200, "GET", "/v2/tasks?workflow_execution_id=%s&state=ERROR"
                          "&fields=name,state" % ex["id"])
        [task] = got["tasks"]
        self.assertKeys(task, ["id", "name", "state"])
        self.assertEqual((task["name"], task["state"]), ("boom", "ERROR"))

    def test_list_by_workflow_name_with_limit(self):
        self.create_workflows("wf_basic.yaml")
        first = self.run_to_end(self.name("hello"))
        self.run_to_end(self.name("hello"))
        got = self.expect(200, "GET", "/v2/tasks?workflow_name=%s&limit=1"
                          % self.name("hello"))
        self.assertEqual(len(got["tasks"]), 1)
        self.assertTrue(got["next"].startswith(self.url + "/v2/tasks?sort_keys="
                                               "created_at,id&sort_dirs=asc,asc&"))
        self.assertIn(first["id"], [t["workflow_execution_id"] for t in
                                    self.expect(200, "GET", "/v2/tasks?workflow_name="
                                                + self.name("hello"))["tasks"]])

    def test_execution_tasks_endpoint_sorts_descending(self):
        self.create_workflows("wf_fail.yaml")
        ex = self.run_to_end(self.name("handled"))
        got = self.expect(200, "GET", "/v2/executions/%s/tasks?sort_keys=created_at,name"
                          "&sort_dirs=desc,desc" % ex["id"])
        names = [t["name"] for t in got["tasks"]]
        stamps = [t["created_at"] for t in got["tasks"]]
        self.assertEqual(stamps, sorted(stamps, reverse=True))
        self.assertEqual(sorted(names), ["boom", "cleanup"])


class TaskRerunTest(ApiCase):

    def failed_task(self, wf="envfail", task="t"):
        self.create_workflows("wf_fail.yaml")
        ex = self.run_to_end(self.name(wf))
        return ex, self.task_named(ex["id"], task)

    def rerun(self, task, status=200, **body):
        return self.expect(status, "PUT", "/v2/tasks/" + task["id"], body)

    def test_reset_is_mandatory(self):
        _, task = self.failed_task()
        self.fault(400, "Invalid input for field/attribute reset. Value: 'None'. "
                   "Mandatory field missing.", "PUT", "/v2/tasks/" + task["id"],
                   {"state": "RUNNING"})

    def test_task_name_must_match(self):
        _, task = self.failed_task()
        self.fault(400, "Task name does not match.", "PUT", "/v2/tasks/" + task["id"],
                   {"state": "RUNNING", "reset": True, "name": "other"})

    def test_workflow_name_must_match(self):
        _, task = self.failed_task()
        self.fault(400, "Workflow name does not match.", "PUT",
                   "/v2/tasks/" + task["id"],
                   {"state": "RUNNING", "reset": True, "workflow_name": "other"})

    def test_only_running_is_a_valid_target_state(self):
        _, task = self.failed_task()
        self.fault(400, "Invalid task state. Only updating task to rerun is "
                   "supported.", "PUT", "/v2/tasks/" + task["id"],
                   {"state": "SUCCESS", "reset": True})

    def test_task_must_be_in_error(self):
        self.create_workflows("wf_basic.yaml")
        ex = self.run_to_end(self.name("hello"))
        task = self.task_named(ex["id"], "greet")
        self.fault(400, "The current task execution must be in ERROR for rerun. "
                   "Only updating task to rerun is supported.", "PUT",
                   "/v2/tasks/" + task["id"], {"state": "RUNNING", "reset": True})

    def test_only_with_items_tasks_can_keep_their_results(self):
        _, task = self.failed_task()
        self.fault(400, "Only with-items task has the option to not reset.", "PUT",
                   "/v2/tasks/" + task["id"], {"state": "RUNNING", "reset": False})

    def test_workflow_that_succeeded_cannot_rerun(self):
        ex, task = self.failed_task("handled", "boom")
        self.assertEqual(ex["state"], "SUCCESS")
        self.fault(400, "Can't change workflow execution state from SUCCESS to "
                   "RUNNING. [workflow=%s, execution_id=%s]"
                   % (self.name("handled"), ex["id"]), "PUT",
                   "/v2/tasks/" + task["id"], {"state": "RUNNING", "reset": True})

    def test_unknown_task_is_404(self):
        self.fault(404, "Task execution not found [id=nope%s]" % self.uid, "PUT",
                   "/v2/tasks/nope" + self.uid, {"state": "RUNNING", "reset": True})

    def test_rerun_with_env_completes_the_workflow(self):
        ex, task = self.failed_task()
        self.assertEqual((ex["state"], task["state"]), ("ERROR", "ERROR"))
        got = self.rerun(task, id=task["id"], state="RUNNING", reset=True,
                         env='{"val": "fixed"}')
        self.assertEqual((got["id"], got["name"]), (task["id"], "t"))
        self.assertIn("result", got)
        done = self.wait(ex["id"])
        self.assertEqual(done["state"], "SUCCESS")
        self.assertIsNone(done["state_info"])
        self.assertJsonString(done["output"], {"v": "fixed"})
        self.assertEqual(json.loads(done["params"])["env"], {"val": "fixed"})
        again = self.expect(200, "GET", "/v2/tasks/" + task["id"])
        self.assertEqual((again["state"], again["result"]), ("SUCCESS", '"fixed"'))
        self.assertEqual(len(self.tasks_of(ex["id"])), 1)

    def test_rerun_that_fails_again_leaves_the_workflow_in_error(self):
        ex, task = self.failed_task("fail", "boom")
        self.rerun(task, state="RUNNING", reset=True)

        def two_finished():
            got = self.expect(200, "GET", "/v2/tasks/%s/action_executions" % task["id"])
            aes = got["action_executions"]
            done = len(aes) == 2 and all(a["state"] == "ERROR" for a in aes)
            return aes if done else None
        aes = self.wait_for(two_finished, what="the second failed action")
        self.assertEqual(sorted(a["accepted"] for a in aes), [False, True])
        self.assertEqual(self.wait(ex["id"])["state"], "ERROR")

    def test_with_items_rerun_without_reset_is_accepted(self):
        ex, task = self.failed_task("items_fail", "each")
        got = self.rerun(task, state="RUNNING", reset=False)
        self.assertEqual(got["id"], task["id"])
        self.assertEqual(self.wait(ex["id"])["state"], "ERROR")
