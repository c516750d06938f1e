"""Workflow executions: create, get, list, delete (/v2/executions)."""

import json

from api_base import ApiCase, PROJECT, bora_only, mistral_only, q

EX_FIELDS = ["id", "workflow_id", "workflow_name", "workflow_namespace",
             "description", "tags", "params", "task_execution_id",
             "root_execution_id", "state", "state_info", "input", "output",
             "created_at", "updated_at", "project_id"]


class ExecutionCreateTest(ApiCase):

    def test_create_by_name_returns_a_running_execution(self):
        wf = self.create_workflows("wf_basic.yaml")[self.name("hello")]
        ex = self.start(self.name("hello"), input='{"name": "x"}',
                        description="desc1")
        self.assertKeys(ex, EX_FIELDS)
        self.assertUuid(ex["id"])
        self.assertTimestamp(ex["created_at"])
        self.assertTimestamp(ex["updated_at"])
        self.assertIn(ex["state"], ("RUNNING", "SUCCESS"))  # exact: next test
        self.assertEqual(ex["workflow_id"], wf["id"])
        self.assertEqual(ex["workflow_name"], self.name("hello"))
        self.assertEqual(ex["workflow_namespace"], "")
        self.assertEqual(ex["description"], "desc1")
        self.assertEqual(ex["tags"], [])
        self.assertIsNone(ex["task_execution_id"])
        self.assertIsNone(ex["root_execution_id"])
        self.assertIsNone(ex["state_info"])
        self.assertEqual(ex["project_id"], PROJECT)
        self.assertJsonString(ex["input"], {"name": "x", "n": 3})
        self.assertJsonString(ex["params"], {"namespace": "", "env": {}})

    def test_create_reply_shows_running_even_for_an_instant_workflow(self):
        self.create_workflows("wf_basic.yaml")
        ex = self.start(self.name("hello"))
        self.assertEqual((ex["state"], ex["state_info"]), ("RUNNING", None))
        self.assertJsonString(ex["output"], {})

    def test_execution_finishes_with_its_output(self):
        self.create_workflows("wf_basic.yaml")
        ex = self.run_to_end(self.name("hello"), input={"name": "Bo"})
        self.assertKeys(ex, EX_FIELDS + ["published_global"])
        self.assertEqual(ex["state"], "SUCCESS")
        self.assertIsNone(ex["state_info"])
        self.assertJsonString(ex["output"], {"greeting": "Hello, Bo", "n": 3})
        self.assertJsonString(ex["published_global"], {})

    def test_create_by_workflow_id(self):
        wf = self.create_workflows("wf_basic.yaml")[self.name("hello")]
        ex = self.expect(201, "POST", "/v2/executions", {"workflow_id": wf["id"]})
        self.assertEqual(ex["workflow_name"], self.name("hello"))
        self.assertEqual(self.wait(ex["id"])["state"], "SUCCESS")

    def test_create_in_a_namespace(self):
        self.create_workflows("wf_basic.yaml", "?namespace=ns" + self.uid)
        ex = self.start(self.name("hello"), workflow_namespace="ns" + self.uid)
        self.assertEqual(ex["workflow_namespace"], "ns" + self.uid)
        self.assertJsonString(ex["params"], {"namespace": "ns" + self.uid, "env": {}})

    def test_workflow_name_or_id_is_required(self):
        self.fault(400, "Workflow ID or workflow name must be provided. Workflow "
                   "ID is recommended.", "POST", "/v2/executions", {})

    def test_unknown_workflow_is_an_engine_error(self):
        # Mistral: 500 "DBEntityNotFoundError: 404: ..."; api.md allows a 404.
        self.engine_fault("Workflow not found [workflow_identifier=%s, namespace=]"
                          % self.name("nope"), "POST", "/v2/executions",
                          {"workflow_name": self.name("nope")})

    def test_given_id_is_used(self):
        self.create_workflows("wf_basic.yaml")
        eid = "00000000-0000-4000-8000-0000%s" % self.uid
        ex = self.start(self.name("hello"), id=eid)
        self.assertEqual(ex["id"], eid)

    def test_existing_id_returns_the_execution_unchanged(self):
        self.create_workflows("wf_basic.yaml")
        first = self.run_to_end(self.name("hello"), input={"name": "a"})
        again = self.start(self.name("hello"), id=first["id"],
                           input={"name": "b"}, description="other")
        self.assertEqual(again["id"], first["id"])
        self.assertEqual(again["state"], "SUCCESS")
        self.assertEqual(again["input"], first["input"])
        self.assertEqual(again["description"], "")
        got = self.expect(200, "GET", "/v2/executions?workflow_name=%s"
                          % self.name("hello"))
        self.assertEqual(len(got["executions"]), 1)

    def test_source_execution_gives_workflow_and_description(self):
        self.create_workflows("wf_basic.yaml")
        src = self.run_to_end(self.name("hello"), input={"name": "src"})
        ex = self.expect(201, "POST", "/v2/executions", {
            "source_execution_id": src["id"], "description": "again"})
        self.assertNotEqual(ex["id"], src["id"])
        self.assertEqual(ex["workflow_id"], src["workflow_id"])
        self.assertEqual(ex["workflow_name"], self.name("hello"))
        self.assertEqual(ex["description"],
                         "again Based on the execution '%s'" % src["id"])
        self.assertEqual(self.wait(ex["id"])["state"], "SUCCESS")

    def test_source_execution_with_empty_description(self):
        self.create_workflows("wf_basic.yaml")
        src = self.run_to_end(self.name("hello"))
        ex = self.expect(201, "POST", "/v2/executions", {
            "source_execution_id": src["id"], "description": ""})
        self.assertEqual(ex["description"],
                         "Based on the execution '%s'" % src["id"])

    @bora_only("Mistral 15 answers 500 \"'description'\" when the body has none")
    def test_source_execution_without_description(self):
        self.create_workflows("wf_basic.yaml")
        src = self.run_to_end(self.name("hello"))
        ex = self.expect(201, "POST", "/v2/executions",
                         {"source_execution_id": src["id"]})
        self.assertEqual(ex["description"],
                         "Based on the execution '%s'" % src["id"])

    @bora_only("api.md 7.2: input and params are copied; Mistral 15 loses them "
               "(it starts from the workflow defaults and an empty env)")
    def test_source_execution_copies_input_and_params(self):
        self.create_workflows("wf_basic.yaml")
        src = self.run_to_end(self.name("hello"), input={"name": "src"},
                              params={"env": {"k": 1}})
        ex = self.expect(201, "POST", "/v2/executions", {
            "source_execution_id": src["id"], "description": "",
            "input": {"n": 7}})
        self.assertJsonString(ex["input"], {"name": "src", "n": 7})
        self.assertEqual(json.loads(ex["params"])["env"], {"k": 1})

    @mistral_only("documents Mistral 15's loss of the source's input and params")
    def test_source_execution_input_and_params_are_not_copied_by_mistral(self):
        self.create_workflows("wf_basic.yaml")
        src = self.run_to_end(self.name("hello"), input={"name": "src"},
                              params={"env": {"k": 1}})
        ex = self.expect(201, "POST", "/v2/executions", {
            "source_execution_id": src["id"], "description": "",
            "input": {"n": 7}})
        self.assertJsonString(ex["input"], {"name": "world", "n": 7})
        self.assertEqual(json.loads(ex["params"])["env"], {})

    def test_unknown_source_execution_is_404(self):
        self.fault(404, "WorkflowExecution not found [id=nope%s]" % self.uid,
                   "POST", "/v2/executions",
                   {"source_execution_id": "nope" + self.uid, "description": ""})

    def test_unexpected_input_is_400(self):
        self.create_workflows("wf_basic.yaml")
        self.fault(400, "Invalid input [name=%s, class=DirectWorkflowSpec, "
                   "unexpected=['bad']]" % self.name("hello"), "POST",
                   "/v2/executions", {"workflow_name": self.name("hello"),
                                      "input": {"bad": 1}})

    def test_missing_input_is_400(self):
        self.create_workflows("wf_sub.yaml")
        self.fault(400, "Invalid input [name=%s, class=DirectWorkflowSpec, "
                   "missing=['x']]" % self.name("child"), "POST",
                   "/v2/executions", {"workflow_name": self.name("child")})

    def test_input_given_as_a_json_string(self):
        self.create_workflows("wf_basic.yaml")
        ex = self.run_to_end(self.name("hello"), input='{"name": "str", "n": 5}')
        self.assertJsonString(ex["output"], {"greeting": "Hello, str", "n": 5})

    def test_input_that_is_not_an_object_is_400(self):
        self.create_workflows("wf_basic.yaml")
        self.fault(400, "JsonType field value must be a dictionary [actual=[1]]",
                   "POST", "/v2/executions",
                   {"workflow_name": self.name("hello"), "input": "[1]"})

    def test_env_given_by_name_is_copied(self):
        self.create_workflows("wf_basic.yaml")
        self.expect(201, "POST", "/v2/environments", {
            "name": self.prefix + "env", "variables": '{"greeting": "hi"}'})
        ex = self.start(self.name("hello"), params={"env": self.prefix + "env"})
        self.assertEqual(json.loads(ex["params"])["env"], {"greeting": "hi"})

    def test_unknown_env_name_is_400(self):
        self.create_workflows("wf_basic.yaml")
        self.fault(400, "Environment is not found: %snope" % self.prefix, "POST",
                   "/v2/executions", {"workflow_name": self.name("hello"),
                                      "params": {"env": self.prefix + "nope"}})

    def test_reverse_workflow_needs_a_task_name(self):
        self.create_workflows("wf_reverse.yaml")
        got = self.expect(400, "POST", "/v2/executions",
                          {"workflow_name": self.name("rev")})
        self.assertEqual(got["faultcode"], "Client")
        self.assertTrue(got["faultstring"].startswith("Invalid task name ["), got)
        self.assertTrue(got["faultstring"].endswith("task_name=None]"), got)

    def test_reverse_workflow_runs_to_its_target_task(self):
        self.create_workflows("wf_reverse.yaml")
        ex = self.start(self.name("rev"), params={"task_name": "second"})
        self.assertEqual(json.loads(ex["params"])["task_name"], "second")
        done = self.wait(ex["id"])
        self.assertEqual(done["state"], "SUCCESS")
        self.assertJsonString(done["output"], {"a": 1, "b": 2})

    def test_reverse_workflow_stops_at_an_earlier_target(self):
        self.create_workflows("wf_reverse.yaml")
        done = self.run_to_end(self.name("rev"), params={"task_name": "first"})
        self.assertJsonString(done["output"], {"a": 1})
        self.assertEqual([t["name"] for t in self.tasks_of(done["id"])], ["first"])

    def test_failed_execution_reports_its_error(self):
        self.create_workflows("wf_fail.yaml")
        ex = self.run_to_end(self.name("fail"))
        self.assertEqual(ex["state"], "ERROR")
        self.assertTrue(ex["state_info"].startswith(
            "Failure caused by error in tasks: boom\n\n  boom [task_ex_id="),
            ex["state_info"])
        self.assertJsonString(ex["output"], {"result": ex["state_info"]})

    def test_published_global_shows_global_publications(self):
        text = ("version: '2.0'\n%sglob:\n  vars:\n    v: 1\n  tasks:\n    t:\n"
                "      action: std.noop\n      on-success:\n        publish:\n"
                "          branch: {local: 1}\n          global: {g: 2, v: 3}\n"
                % self.prefix)
        self.create_workflow_text(text)
        ex = self.run_to_end(self.prefix + "glob")
        # A global that reuses a var name is hidden (api.md 7.1).
        self.assertJsonString(ex["published_global"], {"g": 2})
        task = self.expect(200, "GET", "/v2/tasks/" + self.task_named(ex["id"], "t")["id"])
        self.assertJsonString(task["published"], {"local": 1})
        self.assertJsonString(task["published_global"], {"g": 2, "v": 3})


class ExecutionGetTest(ApiCase):

    def test_unknown_execution_is_404(self):
        self.fault(404, "WorkflowExecution not found [id=nope%s]" % self.uid,
                   "GET", "/v2/executions/nope" + self.uid)

    def test_tasks_of_an_execution(self):
        self.create_workflows("wf_basic.yaml")
        ex = self.run_to_end(self.name("hello"))
        got = self.expect(200, "GET", "/v2/executions/%s/tasks" % ex["id"])
        self.assertEqual(list(got), ["tasks"])
        [task] = got["tasks"]
        self.assertEqual(task["name"], "greet")
        self.assertEqual(task["workflow_execution_id"], ex["id"])
        self.assertNotIn("result", task)
        self.assertJsonString(task["published"], {"greeting": "Hello, world"})

    def test_sub_executions_are_listed_depth_first(self):
        self.create_workflows("wf_sub.yaml")
        ex = self.run_to_end(self.name("parent"))
        self.assertJsonString(ex["output"], {"child": {"doubled": 42}})
        got = self.expect(200, "GET", "/v2/executions/%s/executions" % ex["id"])
        subs = got["executions"]
        self.assertEqual([s["workflow_name"] for s in subs],
                         [self.name("parent"), self.name("child")])
        child = subs[1]
        self.assertNotIn("output", child)
        self.assertEqual(child["description"], "sub-workflow execution")
        self.assertEqual(child["root_execution_id"], ex["id"])
        call_task = self.task_named(ex["id"], "call")
        self.assertEqual(child["task_execution_id"], call_task["id"])
        self.assertJsonString(child["input"], {"x": 21})
        self.assertJsonString(child["params"], {
            "root_execution_id": ex["id"], "task_execution_id": call_task["id"],
            "index": 0, "namespace": "", "env": {}})

    def test_sub_executions_with_include_output(self):
        self.create_workflows("wf_sub.yaml")
        ex = self.run_to_end(self.name("parent"))
        got = self.expect(200, "GET", "/v2/executions/%s/executions?include_output"
                          "=true" % ex["id"])
        self.assertJsonString(got["executions"][1]["output"], {"doubled": 42})

    def test_sub_executions_errors_only_skips_successful_subtrees(self):
        self.create_workflows("wf_sub.yaml")
        ex = self.run_to_end(self.name("parent"))
        got = self.expect(200, "GET", "/v2/executions/%s/executions?errors_only"
                          "=true" % ex["id"])
        self.assertEqual([s["id"] for s in got["executions"]], [ex["id"]])

    def test_report_of_a_failed_execution(self):
        self.create_workflows("wf_fail.yaml")
        ex = self.run_to_end(self.name("fail"))
        got = self.expect(200, "GET", "/v2/executions/%s/report" % ex["id"])
        self.assertEqual(got["statistics"], {
            "total_tasks_count": 1, "running_tasks_count": 0,
            "success_tasks_count": 0, "error_tasks_count": 1,
            "idle_tasks_count": 0, "paused_tasks_count": 0, "estimated_time": 0})
        root = got["root_workflow_execution"]
        self.assertEqual({k: root[k] for k in ("id", "name", "state", "state_info")},
                         {"id": ex["id"], "name": self.name("fail"),
                          "state": "ERROR", "state_info": ex["state_info"]})
        [task] = root["task_executions"]
        self.assertKeys(task, ["id", "name", "created_at", "updated_at", "state",
                               "state_info", "action_executions",
                               "workflow_executions"])
        self.assertEqual((task["name"], task["state"], task["state_info"]),
                         ("boom", "ERROR", "broken"))
        [ae] = task["action_executions"]
        self.assertKeys(ae, ["id", "name", "created_at", "updated_at", "state",
                             "state_info", "accepted", "last_heartbeat"])
        self.assertEqual((ae["name"], ae["state"], ae["accepted"]),
                         ("std.fail", "ERROR", True))
        self.assertEqual(task["workflow_executions"], [])

    def test_report_statistics_only(self):
        self.create_workflows("wf_fail.yaml")
        ex = self.run_to_end(self.name("fail"))
        got = self.expect(200, "GET", "/v2/executions/%s/report?statistics_only="
                          "true&errors_only=true" % ex["id"])
        self.assertEqual(list(got), ["statistics"])
        self.assertEqual(got["statistics"]["error_tasks_count"], 1)

    def test_report_nests_sub_workflows(self):
        self.create_workflows("wf_sub.yaml")
        ex = self.run_to_end(self.name("parent"))
        got = self.expect(200, "GET", "/v2/executions/%s/report" % ex["id"])
        self.assertEqual(got["statistics"]["total_tasks_count"], 2)
        self.assertEqual(got["statistics"]["success_tasks_count"], 2)
        [call_task] = got["root_workflow_execution"]["task_executions"]
        self.assertEqual(call_task["action_executions"], [])
        [child] = call_task["workflow_executions"]
        self.assertEqual(child["name"], self.name("child"))
        self.assertEqual([t["name"] for t in child["task_executions"]], ["noop"])

    def test_report_of_a_running_execution_without_history(self):
        self.create_workflows("wf_async.yaml")
        ex = self.start(self.name("hold"))
        self.running_action(ex["id"])
        got = self.expect(200, "GET", "/v2/executions/%s/report" % ex["id"])
        self.assertEqual(got["statistics"]["running_tasks_count"], 1)
        self.assertEqual(got["statistics"]["estimated_time"], -1)

    def test_report_of_unknown_execution_is_404(self):
        eid = "00000000-0000-4000-8000-0000%s" % self.uid
        self.fault(404, "WorkflowExecution not found [id=%s]" % eid,
                   "GET", "/v2/executions/%s/report" % eid)

    def test_report_id_must_be_a_uuid(self):
        self.fault(400, "Invalid input for field/attribute workflow_execution_id. "
                   "Value: 'nope'. unable to convert to uuid. Error: Expected a "
                   "uuid but received nope.", "GET", "/v2/executions/nope/report")

    def test_sub_executions_of_unknown_execution_is_404(self):
        eid = "00000000-0000-4000-8000-0000%s" % self.uid
        self.fault(404, "WorkflowExecution not found [id=%s]" % eid,
                   "GET", "/v2/executions/%s/executions" % eid)

    def test_sub_executions_id_must_be_a_uuid(self):
        self.fault(400, "Invalid input for field/attribute id. Value: 'nope'. "
                   "unable to convert to uuid. Error: Expected a uuid but "
                   "received nope.", "GET", "/v2/executions/nope/executions")

    def test_tasks_of_an_unknown_execution_are_an_empty_list(self):
        got = self.expect(200, "GET", "/v2/executions/00000000-0000-4000-8000-"
                          "0000%s/tasks" % self.uid)
        self.assertEqual(got, {"tasks": []})


class ExecutionListTest(ApiCase):

    def run_three(self):
        self.create_workflows("wf_basic.yaml")
        return [self.run_to_end(self.name("hello"), input={"name": n})
                for n in ("a", "b", "c")]

    def test_list_items_omit_output_and_published_global(self):
        self.run_three()
        got = self.expect(200, "GET", "/v2/executions?workflow_name=" + self.name("hello"))
        self.assertEqual(list(got), ["executions"])
        self.assertEqual(len(got["executions"]), 3)
        for ex in got["executions"]:
            self.assertKeys(ex, [k for k in EX_FIELDS if k != "output"])

    def test_include_output(self):
        self.run_three()
        got = self.expect(200, "GET", "/v2/executions?workflow_name=%s&include_output"
                          "=true" % self.name("hello"))
        outs = sorted(json.loads(e["output"])["greeting"] for e in got["executions"])
        self.assertEqual(outs, ["Hello, a", "Hello, b", "Hello, c"])

    def test_fields(self):
        self.run_three()
        got = self.expect(200, "GET", "/v2/executions?workflow_name=%s&fields=state,"
                          "workflow_name" % self.name("hello"))
        for ex in got["executions"]:
            self.assertKeys(ex, ["id", "state", "workflow_name"])
            self.assertEqual(ex["state"], "SUCCESS")

    def test_state_in_filter(self):
        self.create_workflows("wf_fail.yaml")
        self.create_workflows("wf_basic.yaml")
        self.run_to_end(self.name("fail"))
        ok = self.run_to_end(self.name("hello"))
        got = self.expect(200, "GET", "/v2/executions?workflow_name=in:%s,%s&state=in:"
                          "SUCCESS,RUNNING" % (self.name("fail"), self.name("hello")))
        self.assertEqual([e["id"] for e in got["executions"]], [ok["id"]])
        got = self.expect(200, "GET", "/v2/executions?workflow_name=in:%s,%s&state=neq:"
                          "SUCCESS" % (self.name("fail"), self.name("hello")))
        self.assertEqual([e["workflow_name"] for e in got["executions"]],
                         [self.name("fail")])

    def test_pagination_descending_with_next_link(self):
        self.run_three()
        full = self.expect(200, "GET", "/v2/executions?workflow_name=" + self.name("hello"))
        order = sorted(full["executions"], key=lambda e: e["id"])
        order.sort(key=lambda e: e["created_at"], reverse=True)
        got = self.expect(200, "GET", "/v2/executions?workflow_name=%s&limit=2&"
                          "sort_keys=created_at&sort_dirs=desc" % self.name("hello"))
        page = got["executions"]
        self.assertEqual([e["id"] for e in page], [e["id"] for e in order[:2]])
        self.assertEqual(got["next"], "%s/v2/executions?sort_keys=created_at,id&"
                         "sort_dirs=desc,asc&workflow_name=eq:%s&limit=2&marker=%s"
                         % (self.url, self.name("hello"), page[1]["id"]))
        rest = self.expect(200, "GET", got["next"][len(self.url):])
        self.assertEqual([e["id"] for e in rest["executions"]], [order[2]["id"]])
        self.assertNotIn("next", rest)

    def test_next_link_keeps_fields(self):
        self.run_three()
        got = self.expect(200, "GET", "/v2/executions?workflow_name=%s&limit=1&"
                          "fields=state" % self.name("hello"))
        self.assertTrue(got["next"].endswith(
            "&limit=1&marker=%s&fields=id,state" % got["executions"][0]["id"]),
            got["next"])

    def test_created_at_filter(self):
        execs = self.run_three()
        got = self.expect(200, "GET", "/v2/executions?workflow_name=%s&created_at=%s"
                          % (self.name("hello"), q("gte:" + execs[0]["created_at"])))
        self.assertEqual(len(got["executions"]), 3)
        got = self.expect(200, "GET", "/v2/executions?workflow_name=%s&created_at=%s"
                          % (self.name("hello"), q("lt:2000-01-01 00:00:00")))
        self.assertEqual(got["executions"], [])

    def test_nulls_lists_only_root_executions(self):
        self.create_workflows("wf_sub.yaml")
        ex = self.run_to_end(self.name("parent"))
        got = self.expect(200, "GET", "/v2/executions?workflow_name=in:%s,%s&nulls="
                          "root_execution_id" % (self.name("parent"), self.name("child")))
        self.assertEqual([e["id"] for e in got["executions"]], [ex["id"]])

    def test_filter_by_task_execution_id(self):
        self.create_workflows("wf_sub.yaml")
        ex = self.run_to_end(self.name("parent"))
        task = self.task_named(ex["id"], "call")
        got = self.expect(200, "GET", "/v2/executions?task_execution_id=" + task["id"])
        self.assertEqual([e["workflow_name"] for e in got["executions"]],
                         [self.name("child")])

    def test_unknown_marker_is_404(self):
        eid = "00000000-0000-4000-8000-0000%s" % self.uid
        self.fault(404, "WorkflowExecution not found [id=%s]" % eid,
                   "GET", "/v2/executions?marker=" + eid)

    def test_marker_must_be_a_uuid(self):
        self.fault(400, "Invalid input for field/attribute marker. Value: 'nope'. "
                   "unable to convert to uuid. Error: Expected a uuid but "
                   "received nope.", "GET", "/v2/executions?marker=nope")

    def test_description_has_filter(self):
        self.create_workflows("wf_basic.yaml")
        mine = self.run_to_end(self.name("hello"), description="pick %s me" % self.uid)
        self.run_to_end(self.name("hello"), description="other")
        got = self.expect(200, "GET", "/v2/executions?description=has:%s" % self.uid)
        self.assertEqual([e["id"] for e in got["executions"]], [mine["id"]])


class ExecutionDeleteTest(ApiCase):

    def test_delete_completed_execution(self):
        self.create_workflows("wf_basic.yaml")
        ex = self.run_to_end(self.name("hello"))
        st, _, body = self.req("DELETE", "/v2/executions/" + ex["id"])
        self.assertEqual((st, body), (204, ""))
        self.fault(404, "WorkflowExecution not found [id=%s]" % ex["id"],
                   "GET", "/v2/executions/" + ex["id"])

    def test_delete_cascades_to_tasks_and_sub_executions(self):
        self.create_workflows("wf_sub.yaml")
        ex = self.run_to_end(self.name("parent"))
        task = self.task_named(ex["id"], "call")
        subs = self.expect(200, "GET", "/v2/executions/%s/executions" % ex["id"])
        child_id = subs["executions"][1]["id"]
        self.expect(204, "DELETE", "/v2/executions/" + ex["id"])
        self.expect(404, "GET", "/v2/tasks/" + task["id"])
        self.expect(404, "GET", "/v2/executions/" + child_id)

    def test_running_execution_needs_force(self):
        self.create_workflows("wf_async.yaml")
        ex = self.start(self.name("hold"))
        self.fault(403, "Only completed executions can be deleted. Use --force to "
                   "override this. Execution %s is in RUNNING state" % ex["id"],
                   "DELETE", "/v2/executions/" + ex["id"])
        self.expect(200, "GET", "/v2/executions/" + ex["id"])

    def test_paused_execution_needs_force(self):
        self.create_workflows("wf_async.yaml")
        ex = self.start(self.name("hold"))
        self.expect(200, "PUT", "/v2/executions/" + ex["id"], {"state": "PAUSED"})
        self.fault(403, "Only completed executions can be deleted. Use --force to "
                   "override this. Execution %s is in PAUSED state" % ex["id"],
                   "DELETE", "/v2/executions/" + ex["id"])

    def test_force_deletes_a_running_execution(self):
        self.create_workflows("wf_async.yaml")
        ex = self.start(self.name("hold"))
        self.running_action(ex["id"])
        self.expect(204, "DELETE", "/v2/executions/%s?force=true" % ex["id"])
        self.expect(404, "GET", "/v2/executions/" + ex["id"])

    def test_force_accepts_python_style_true(self):
        self.create_workflows("wf_async.yaml")
        ex = self.start(self.name("hold"))
        self.expect(204, "DELETE", "/v2/executions/%s?force=True" % ex["id"])

    def test_delete_unknown_is_404(self):
        self.fault(404, "WorkflowExecution not found [id=nope%s]" % self.uid,
                   "DELETE", "/v2/executions/nope" + self.uid)


class CreationOrderPagingTest(ApiCase):
    """Unfiltered lists sorted by creation (the client's default) are paged
    without reading everything; every page sequence must equal the full list,
    ties of one second included."""

    def test_pages_of_every_collection_match_the_full_list(self):
        import time
        self.create_workflows("wf_basic.yaml")
        for i in range(12):
            self.run_to_end(self.name("hello"), input={"name": "p%d" % i})
            if i % 5 == 4:
                time.sleep(1.05)  # spread the executions over several seconds
        for coll in ("executions", "tasks", "action_executions"):
            for direction in ("asc", "desc"):
                base = "/v2/%s?sort_keys=created_at&sort_dirs=%s" % (coll, direction)
                full = [x["id"] for x in self.expect(200, "GET", base)[coll]]
                paged, marker = [], ""
                for _ in range(1000):
                    path = base + "&limit=4" + ("&marker=" + marker if marker else "")
                    page = self.expect(200, "GET", path)
                    ids = [x["id"] for x in page[coll]]
                    paged += ids
                    if "next" not in page:
                        break
                    marker = ids[-1]
                self.assertEqual(paged, full, "%s %s" % (coll, direction))
