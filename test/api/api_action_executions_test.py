"""Action executions: run-action, complete async actions, get, list."""

from api_base import ApiCase, PROJECT

AE_FIELDS = ["id", "workflow_name", "workflow_namespace", "task_execution_id",
             "state", "state_info", "tags", "name", "description", "project_id",
             "accepted", "input", "output", "created_at", "updated_at"]


class RunActionTest(ApiCase):

    def run_action(self, status=201, **body):
        return self.expect(status, "POST", "/v2/action_executions", body)

    def test_sync_action_runs_without_being_stored(self):
        got = self.run_action(name="std.echo", input='{"output": "hi"}')
        self.assertEqual(got, {
            "id": None, "workflow_name": None, "workflow_namespace": "",
            "task_execution_id": None, "state": "SUCCESS", "state_info": None,
            "tags": None, "name": "std.echo", "description": None,
            "project_id": None, "accepted": None, "input": '{"output": "hi"}',
            "output": '{"result": "hi"}', "created_at": None, "updated_at": None})

    def test_sync_action_input_as_an_object(self):
        got = self.run_action(name="std.echo", input={"output": [1, 2]})
        self.assertJsonString(got["output"], {"result": [1, 2]})

    def test_failing_sync_action_reports_error(self):
        got = self.run_action(name="std.fail", input={"error_data": "bad"})
        self.assertEqual(got["state"], "ERROR")
        self.assertJsonString(got["output"], {"result": "bad"})

    def test_name_is_required(self):
        self.fault(400, "Please provide at least action name to run action.",
                   "POST", "/v2/action_executions", {"input": '{"output": 1}'})

    def test_unknown_action_is_400(self):
        self.fault(400, "Failed to find action [action_name=%s]" % self.name("x"),
                   "POST", "/v2/action_executions", {"name": self.name("x")})

    def test_missing_input_is_an_engine_error(self):
        got = self.expect(500, "POST", "/v2/action_executions", {"name": "std.echo"})
        self.assertEqual(got["faultcode"], "Server")
        self.assertRegex(got["faultstring"], r"^ActionException: Invalid input "
                         r"\[name=std\.echo, class=.*, missing=\['output'\]\]$")

    def test_unexpected_input_is_an_engine_error(self):
        got = self.expect(500, "POST", "/v2/action_executions",
                          {"name": "std.echo", "input": {"output": 1, "bad": 2}})
        self.assertRegex(got["faultstring"], r"^ActionException: Invalid input "
                         r"\[name=std\.echo, class=.*, unexpected=\['bad'\]\]$")

    def test_save_result_stores_and_completes(self):
        got = self.run_action(name="std.echo", input={"output": "s"},
                              params={"save_result": True})
        self.assertKeys(got, AE_FIELDS)
        self.assertUuid(got["id"])
        self.assertTimestamp(got["created_at"])
        self.assertEqual((got["state"], got["accepted"], got["output"], got["project_id"]),
                         ("RUNNING", False, None, PROJECT))

        def done():
            ae = self.expect(200, "GET", "/v2/action_executions/" + got["id"])
            return ae if ae["state"] == "SUCCESS" else None
        ae = self.wait_for(done, what="the saved action to finish")
        self.assertKeys(ae, AE_FIELDS + ["task_name"])
        self.assertEqual((ae["accepted"], ae["task_name"], ae["task_execution_id"]),
                         (True, None, None))
        self.assertJsonString(ae["output"], {"result": "s"})

    def test_run_sync_with_save_result_is_stored_finished(self):
        got = self.run_action(name="std.echo", input={"output": "s"},
                              params={"save_result": True, "run_sync": True})
        self.assertUuid(got["id"])
        self.assertEqual(got["state"], "SUCCESS")
        self.assertJsonString(got["output"], {"result": "s"})
        stored = self.expect(200, "GET", "/v2/action_executions/" + got["id"])
        self.assertEqual(stored["state"], "SUCCESS")

    def test_async_action_cannot_run_sync(self):
        self.fault(400, "Action does not support synchronous execution.", "POST",
                   "/v2/action_executions",
                   {"name": "std.async_noop", "params": {"run_sync": True}})

    def test_async_action_is_stored_running(self):
        got = self.run_action(name="std.async_noop")
        self.assertUuid(got["id"])
        self.assertEqual((got["state"], got["accepted"], got["output"],
                          got["description"]), ("RUNNING", False, None, ""))

    def test_params_given_as_json_text(self):
        got = self.run_action(name="std.echo", input='{"output": 5}',
                              params='{"save_result": true, "run_sync": true}')
        self.assertUuid(got["id"])
        self.assertJsonString(got["output"], {"result": 5})

    def test_adhoc_action_in_a_namespace(self):
        self.expect(201, "POST", "/v2/actions?namespace=ns" + self.uid,
                    self.text("act_basic.yaml"), "text/plain")
        got = self.run_action(name=self.name("greet"), input={"who": "ns"},
                              workflow_namespace="ns" + self.uid)
        self.assertJsonString(got["output"], {"result": "Hello, ns"})
        self.fault(400, "Failed to find action [action_name=%s]" % self.name("greet"),
                   "POST", "/v2/action_executions", {"name": self.name("greet")})


class CompleteActionTest(ApiCase):

    def started(self):
        return self.expect(201, "POST", "/v2/action_executions",
                           {"name": "std.async_noop", "description": "d" + self.uid})

    def put(self, ae, body, status=200):
        return self.expect(status, "PUT", "/v2/action_executions/" + ae["id"], body)

    def test_success_with_output(self):
        ae = self.started()
        got = self.put(ae, {"state": "SUCCESS", "output": {"x": 1}})
        self.assertKeys(got, AE_FIELDS)
        self.assertEqual((got["state"], got["accepted"]), ("SUCCESS", True))
        self.assertJsonString(got["output"], {"result": {"x": 1}})
        self.assertTimestamp(got["updated_at"])

    def test_success_without_output_gives_an_empty_object(self):
        got = self.put(self.started(), {"state": "SUCCESS"})
        self.assertJsonString(got["output"], {"result": {}})

    def test_error_without_output_is_unknown_error(self):
        got = self.put(self.started(), {"state": "ERROR"})
        self.assertEqual((got["state"], got["accepted"]), ("ERROR", True))
        self.assertJsonString(got["output"], {"result": "Unknown error"})

    def test_error_with_output(self):
        got = self.put(self.started(), {"state": "ERROR", "output": {"why": "x"}})
        self.assertJsonString(got["output"], {"result": {"why": "x"}})

    def test_output_given_as_json_text(self):
        got = self.put(self.started(), {"state": "SUCCESS", "output": '{"t": true}'})
        self.assertJsonString(got["output"], {"result": {"t": True}})

    def test_output_must_be_an_object(self):
        self.fault(400, "JsonType field value must be a dictionary [actual=bad]",
                   "PUT", "/v2/action_executions/" + self.started()["id"],
                   {"state": "ERROR", "output": '"bad"'})

    def test_cancel(self):
        got = self.put(self.started(), {"state": "CANCELLED"})
        self.assertEqual((got["state"], got["accepted"]), ("CANCELLED", True))
        self.assertJsonString(got["output"], {"result": None})

    def test_pause_and_resume_an_async_action(self):
        ae = self.started()
        self.assertEqual(self.put(ae, {"state": "PAUSED"})["state"], "PAUSED")
        self.assertEqual(self.put(ae, {"state": "RUNNING"})["state"], "RUNNING")

    def test_unknown_state_is_400(self):
        self.fault(400, "Error. Expected one of ['SUCCESS', 'ERROR', 'CANCELLED', "
                   "'PAUSED', 'RUNNING'], actual: BOGUS", "PUT",
                   "/v2/action_executions/" + self.started()["id"], {"state": "BOGUS"})

    def test_completing_twice_is_an_engine_error(self):
        ae = self.started()
        self.put(ae, {"state": "SUCCESS", "output": {"x": 1}})
        msg = "ValueError: Action %s is already completed" % ae["id"]
        self.fault(500, msg, "PUT", "/v2/action_executions/" + ae["id"],
                   {"state": "SUCCESS", "output": {"x": 2}})
        self.fault(500, msg, "PUT", "/v2/action_executions/" + ae["id"],
                   {"state": "ERROR"})
        got = self.expect(200, "GET", "/v2/action_executions/" + ae["id"])
        self.assertJsonString(got["output"], {"result": {"x": 1}})

    def test_completing_a_task_action_completes_the_workflow(self):
        ex, ae = self.start_waiting()
        self.assertEqual((ae["task_name"], ae["workflow_name"], ae["name"]),
                         ("hold", self.name("wait"), "std.async_noop"))
        got = self.put(ae, {"state": "SUCCESS", "output": {"k": "v"}})
        self.assertNotIn("task_name", got)
        done = self.wait(ex["id"])
        self.assertEqual(done["state"], "SUCCESS")
        self.assertJsonString(done["output"], {"got": {"k": "v"}})

    def test_failing_a_task_action_fails_the_workflow(self):
        ex, ae = self.start_waiting()
        self.put(ae, {"state": "ERROR", "output": {"e": 1}})
        done = self.wait(ex["id"])
        self.assertEqual(done["state"], "ERROR")
        task = self.task_named(ex["id"], "hold")
        self.assertEqual(task["state"], "ERROR")

    def test_deletion_is_disabled(self):
        ae = self.started()
        self.put(ae, {"state": "SUCCESS"})
        self.fault(403, "Action execution deletion is not allowed.", "DELETE",
                   "/v2/action_executions/" + ae["id"])
        self.expect(200, "GET", "/v2/action_executions/" + ae["id"])

    def test_unknown_action_execution_is_404(self):
        self.fault(404, "ActionExecution not found [id=nope%s]" % self.uid,
                   "GET", "/v2/action_executions/nope" + self.uid)
        # Mistral's engine raises it (500, class name prefixed); api.md allows 404.
        self.engine_fault("ActionExecution not found [id=nope%s]" % self.uid,
                          "PUT", "/v2/action_executions/nope" + self.uid,
                          {"state": "SUCCESS"})


class ActionExecutionListTest(ApiCase):

    def three(self):
        ids = []
        for i in range(3):
            ae = self.expect(201, "POST", "/v2/action_executions", {
                "name": "std.echo", "input": {"output": i},
                "params": {"save_result": True, "run_sync": True},
                "description": "list %s" % self.uid})
            ids.append(ae["id"])
        return ids

    def test_list_omits_output(self):
        ids = self.three()
        got = self.expect(200, "GET", "/v2/action_executions?description=has:" + self.uid)
        self.assertEqual(list(got), ["action_executions"])
        self.assertEqual(sorted(a["id"] for a in got["action_executions"]), sorted(ids))
        for ae in got["action_executions"]:
            self.assertKeys(ae, [k for k in AE_FIELDS if k != "output"] + ["task_name"])

    def test_include_output(self):
        self.three()
        got = self.expect(200, "GET", "/v2/action_executions?description=has:%s"
                          "&include_output=true" % self.uid)
        results = sorted(a["output"] for a in got["action_executions"])
        self.assertEqual(results, ['{"result": 0}', '{"result": 1}', '{"result": 2}'])

    def test_pagination_and_fields(self):
        self.three()
        full = self.expect(200, "GET", "/v2/action_executions?description=has:" + self.uid)
        order = sorted(full["action_executions"], key=lambda a: (a["created_at"], a["id"]))
        got = self.expect(200, "GET", "/v2/action_executions?description=has:%s&limit=2"
                          "&fields=state" % self.uid)
        self.assertEqual(got["action_executions"],
                         [{"id": a["id"], "state": "SUCCESS"} for a in order[:2]])
        self.assertEqual(got["next"], "%s/v2/action_executions?sort_keys=created_at,id&"
                         "sort_dirs=asc,asc&description=has:%s&limit=2&marker=%s&"
                         "fields=id,state" % (self.url, self.uid, order[1]["id"]))

    def test_filter_by_task_execution_id(self):
        self.create_workflows("wf_basic.yaml")
        ex = self.run_to_end(self.name("hello"))
        task = self.task_named(ex["id"], "greet")
        got = self.expect(200, "GET", "/v2/action_executions?task_execution_id=" + task["id"])
        [ae] = got["action_executions"]
        self.assertEqual((ae["task_name"], ae["name"]), ("greet", "std.echo"))

    def test_filter_by_workflow_name_and_state(self):
        self.create_workflows("wf_fail.yaml")
        self.run_to_end(self.name("handled"))
        got = self.expect(200, "GET", "/v2/action_executions?workflow_name=%s&state=ERROR"
                          % self.name("handled"))
        self.assertEqual([a["name"] for a in got["action_executions"]], ["std.fail"])
