"""PUT /v2/executions/{id}: pause, resume, cancel, stop, description, env."""

import json

from api_base import ApiCase

ALLOWED = "Cannot change state to %s. Allowed states are: 'RUNNING, PAUSED, SUCCESS, ERROR, CANCELLED"


class ExecutionUpdateTest(ApiCase):

    def hold(self):
        """A RUNNING execution waiting on its async action."""
        self.create_workflows("wf_async.yaml")
        ex = self.start(self.name("hold"))
        self.running_action(ex["id"])
        return ex

    def put(self, ex, body, status=200):
        return self.expect(status, "PUT", "/v2/executions/" + ex["id"], body)

    def transition_error(self, ex, frm, to):
        return ("Can't change workflow execution state from %s to %s. "
                "[workflow=%s, execution_id=%s]" % (frm, to, ex["workflow_name"], ex["id"]))

    # -- state changes -------------------------------------------------------

    def test_pause_and_resume(self):
        ex = self.hold()
        got = self.put(ex, {"state": "PAUSED"})
        self.assertEqual(got["state"], "PAUSED")
        self.assertEqual(self.expect(200, "GET", "/v2/executions/" + ex["id"])["state"],
                         "PAUSED")
        got = self.put(ex, {"state": "RUNNING"})
        self.assertEqual(got["state"], "RUNNING")

    def test_pause_twice_is_a_no_op(self):
        ex = self.hold()
        self.put(ex, {"state": "PAUSED"})
        self.assertEqual(self.put(ex, {"state": "PAUSED"})["state"], "PAUSED")

    def test_resume_of_a_running_execution_is_a_no_op(self):
        ex = self.hold()
        self.assertEqual(self.put(ex, {"state": "RUNNING"})["state"], "RUNNING")

    def test_resumed_execution_completes_with_its_action(self):
        ex, ae = self.start_waiting()
        self.put(ex, {"state": "PAUSED"})
        self.complete_action(ae["id"], output={"r": 1})
        self.assertEqual(self.expect(200, "GET", "/v2/executions/" + ex["id"])["state"],
                         "PAUSED")
        self.put(ex, {"state": "RUNNING"})
        done = self.wait(ex["id"])
        self.assertEqual(done["state"], "SUCCESS")
        self.assertJsonString(done["output"], {"got": {"r": 1}})

    def test_cancel_with_a_message(self):
        ex = self.hold()
        got = self.put(ex, {"state": "CANCELLED", "state_info": "bye"})
        self.assertEqual((got["state"], got["state_info"]), ("CANCELLED", "bye"))
        self.assertJsonString(got["output"], {"result": "bye"})

    def test_cancel_a_paused_execution(self):
        ex = self.hold()
        self.put(ex, {"state": "PAUSED"})
        self.assertEqual(self.put(ex, {"state": "CANCELLED"})["state"], "CANCELLED")

    def test_cancelled_execution_cannot_succeed(self):
        ex = self.hold()
        self.put(ex, {"state": "CANCELLED"})
        self.fault(400, self.transition_error(ex, "CANCELLED", "SUCCESS"),
                   "PUT", "/v2/executions/" + ex["id"], {"state": "SUCCESS"})

    def test_resume_of_a_cancelled_execution_is_a_no_op(self):
        ex = self.hold()
        self.put(ex, {"state": "CANCELLED", "state_info": "bye"})
        got = self.put(ex, {"state": "RUNNING"})
        self.assertEqual((got["state"], got["state_info"]), ("CANCELLED", "bye"))

    def test_fail_with_a_message(self):
        ex = self.hold()
        got = self.put(ex, {"state": "ERROR", "state_info": "stop it"})
        self.assertEqual((got["state"], got["state_info"]), ("ERROR", "stop it"))
        self.assertJsonString(got["output"], {"result": "stop it"})

    def test_fail_of_a_paused_execution_is_a_no_op(self):
        ex = self.hold()
        self.put(ex, {"state": "PAUSED"})
        got = self.put(ex, {"state": "ERROR", "state_info": "x"})
        self.assertEqual((got["state"], got["state_info"]), ("PAUSED", None))

    def test_fail_without_a_message(self):
        ex = self.hold()
        got = self.put(ex, {"state": "ERROR"})
        self.assertEqual((got["state"], got["state_info"]), ("ERROR", None))
        self.assertJsonString(got["output"], {"result": None})

    def test_succeed_evaluates_the_output(self):
        ex = self.hold()
        got = self.put(ex, {"state": "SUCCESS", "state_info": "ok"})
        self.assertEqual((got["state"], got["state_info"]), ("SUCCESS", "ok"))
        self.assertJsonString(got["output"], {})

    def test_succeed_of_a_paused_execution_is_400(self):
        ex = self.hold()
        self.put(ex, {"state": "PAUSED"})
        self.fault(400, self.transition_error(ex, "PAUSED", "SUCCESS"),
                   "PUT", "/v2/executions/" + ex["id"], {"state": "SUCCESS"})

    def test_pause_of_a_finished_execution_is_400(self):
        self.create_workflows("wf_basic.yaml")
        ex = self.run_to_end(self.name("hello"))
        self.fault(400, self.transition_error(ex, "SUCCESS", "PAUSED"),
                   "PUT", "/v2/executions/" + ex["id"], {"state": "PAUSED"})

    def test_pause_of_a_failed_execution_is_400(self):
        ex = self.hold()
        self.put(ex, {"state": "ERROR", "state_info": "x"})
        self.fault(400, self.transition_error(ex, "ERROR", "PAUSED"),
                   "PUT", "/v2/executions/" + ex["id"], {"state": "PAUSED"})

    def test_succeed_again_replaces_the_state_info(self):
        # Mistral re-runs the success path: same state, new (here absent) message.
        ex = self.hold()
        self.put(ex, {"state": "SUCCESS", "state_info": "ok"})
        got = self.put(ex, {"state": "SUCCESS"})
        self.assertEqual((got["state"], got["state_info"]), ("SUCCESS", None))

    def test_fail_of_a_finished_execution_is_a_no_op(self):
        ex = self.hold()
        self.put(ex, {"state": "ERROR", "state_info": "first"})
        got = self.put(ex, {"state": "ERROR", "state_info": "second"})
        self.assertEqual((got["state"], got["state_info"]), ("ERROR", "first"))

    def test_idle_is_not_an_allowed_target(self):
        ex = self.hold()
        self.fault(400, ALLOWED % "IDLE", "PUT", "/v2/executions/" + ex["id"],
                   {"state": "IDLE"})

    def test_unknown_state_is_400(self):
        ex = self.hold()
        self.fault(400, ALLOWED % "BOGUS", "PUT", "/v2/executions/" + ex["id"],
                   {"state": "BOGUS"})

    def test_nothing_to_update_is_400(self):
        ex = self.hold()
        msg = "The property state, description, or env is not provided for update."
        self.fault(400, msg, "PUT", "/v2/executions/" + ex["id"], {})
        self.fault(400, msg, "PUT", "/v2/executions/" + ex["id"], {"state_info": "x"})

    def test_update_of_unknown_execution_is_404(self):
        self.fault(404, "WorkflowExecution not found [id=nope%s]" % self.uid,
                   "PUT", "/v2/executions/nope" + self.uid, {"description": "d"})

    # -- description -----------------------------------------------------------

    def test_description_is_updated(self):
        ex = self.hold()
        got = self.put(ex, {"description": "new text"})
        self.assertEqual((got["description"], got["state"]), ("new text", "RUNNING"))
        self.assertEqual(self.expect(200, "GET", "/v2/executions/" + ex["id"])
                         ["description"], "new text")

    def test_description_of_a_finished_execution_is_updated(self):
        self.create_workflows("wf_basic.yaml")
        ex = self.run_to_end(self.name("hello"))
        self.assertEqual(self.put(ex, {"description": "later"})["description"], "later")

    def test_description_cannot_go_with_state(self):
        ex = self.hold()
        self.fault(400, "The property description must be updated separately from "
                   "state.", "PUT", "/v2/executions/" + ex["id"],
                   {"state": "PAUSED", "description": "d"})

    # -- env -------------------------------------------------------------------

    def test_env_of_a_running_execution_is_403(self):
        ex = self.hold()
        self.fault(403, "Updating env to workflow execution is only permitted if it "
                   "is in IDLE, PAUSED, or ERROR state.", "PUT",
                   "/v2/executions/" + ex["id"], {"params": {"env": {"a": 1}}})

    def test_env_with_a_state_other_than_running_is_400(self):
        ex = self.hold()
        self.fault(400, "The property env can only be updated when workflow "
                   "execution is not running or on resume from pause.", "PUT",
                   "/v2/executions/" + ex["id"],
                   {"state": "PAUSED", "params": {"env": {"a": 1}}})

    def test_env_of_a_paused_execution_is_deep_merged(self):
        ex = self.hold()
        self.put(ex, {"state": "PAUSED"})
        self.put(ex, {"params": {"env": {"a": {"b": 1}}}})
        got = self.put(ex, {"params": {"env": {"a": {"c": 2}}}})
        self.assertEqual(json.loads(got["params"])["env"], {"a": {"b": 1, "c": 2}})
        stored = self.expect(200, "GET", "/v2/executions/" + ex["id"])
        self.assertJsonString(stored["params"], {"namespace": "", "env": {"a": {"b": 1, "c": 2}}})

    def test_env_merged_on_resume(self):
        ex = self.hold()
        self.put(ex, {"state": "PAUSED"})
        got = self.put(ex, {"state": "RUNNING", "params": {"env": {"z": 1}}})
        self.assertEqual(got["state"], "RUNNING")
        self.assertEqual(json.loads(got["params"])["env"], {"z": 1})

    def test_env_of_a_failed_execution_is_merged(self):
        ex = self.hold()
        self.put(ex, {"state": "ERROR"})
        got = self.put(ex, {"params": {"env": {"q": 1}}})
        self.assertEqual(json.loads(got["params"])["env"], {"q": 1})
        self.assertEqual(got["state"], "ERROR")

    def test_env_of_a_finished_execution_is_403(self):
        self.create_workflows("wf_basic.yaml")
        ex = self.run_to_end(self.name("hello"))
        self.fault(403, "Updating env to workflow execution is only permitted if it "
                   "is in IDLE, PAUSED, or ERROR state.", "PUT",
                   "/v2/executions/" + ex["id"], {"params": {"env": {"a": 1}}})
