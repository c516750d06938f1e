"""Cron triggers (/v2/cron_triggers) and event triggers (/v2/event_triggers)."""

import datetime
import re

from api_base import ApiCase, PROJECT

CT_FIELDS = ["id", "name", "workflow_name", "workflow_id", "workflow_input",
             "workflow_params", "project_id", "scope", "pattern",
             "remaining_executions", "first_execution_time",
             "next_execution_time", "created_at", "updated_at"]
ET_FIELDS = ["id", "created_at", "updated_at", "project_id", "name", "workflow_id",
             "workflow_input", "workflow_params", "exchange", "topic", "event",
             "scope"]
FAR = "2999-01-01 00:00"


class CronTriggerTest(ApiCase):

    def setUp(self):
        super().setUp()
        self.wf = self.create_workflows("wf_basic.yaml")[self.name("hello")]

    def body(self, **kw):
        body = {"name": self.prefix + "ct", "workflow_name": self.name("hello")}
        body.update(kw)
        return body

    def create(self, **kw):
        return self.expect(201, "POST", "/v2/cron_triggers", self.body(**kw))

    def bad(self, message, status=400, **kw):
        self.fault(status, message, "POST", "/v2/cron_triggers", self.body(**kw))
        self.expect(404, "GET", "/v2/cron_triggers/%sct" % self.prefix)

    def test_create_with_a_pattern(self):
        ct = self.create(pattern="*/5 * * * *", workflow_input='{"name": "c"}',
                         workflow_params='{"env": {"z": 1}}')
        self.assertKeys(ct, [k for k in CT_FIELDS if k != "updated_at"])
        self.assertUuid(ct["id"])
        self.assertTimestamp(ct["created_at"])
        self.assertEqual({k: ct[k] for k in (
            "name", "workflow_name", "workflow_id", "project_id", "scope", "pattern",
            "remaining_executions", "first_execution_time")}, {
            "name": self.prefix + "ct", "workflow_name": self.name("hello"),
            "workflow_id": self.wf["id"], "project_id": PROJECT, "scope": "private",
            "pattern": "*/5 * * * *", "remaining_executions": None,
            "first_execution_time": None})
        self.assertJsonString(ct["workflow_input"], {"name": "c"})
        self.assertJsonString(ct["workflow_params"], {"env": {"z": 1}})
        self.assertTimestamp(ct["next_execution_time"])
        nxt = datetime.datetime.strptime(ct["next_execution_time"], "%Y-%m-%d %H:%M:%S")
        self.assertEqual((nxt.minute % 5, nxt.second), (0, 0))
        now = datetime.datetime.utcnow()
        self.assertTrue(now - datetime.timedelta(seconds=5) < nxt
                        <= now + datetime.timedelta(minutes=5, seconds=5), nxt)

    def test_next_time_of_a_yearly_pattern(self):
        ct = self.create(pattern="0 0 1 1 *")
        year = datetime.datetime.utcnow().year + 1
        self.assertEqual(ct["next_execution_time"], "%d-01-01 00:00:00" % year)

    def test_first_time_only_gives_a_single_run(self):
        ct = self.create(first_execution_time=FAR)
        self.assertEqual((ct["pattern"], ct["remaining_executions"],
                          ct["first_execution_time"], ct["next_execution_time"]),
                         ("0 0 30 2 0", 1, FAR + ":00", FAR + ":00"))
        self.assertJsonString(ct["workflow_input"], {})
        self.assertJsonString(ct["workflow_params"], {})

    def test_pattern_with_first_time_and_count(self):
        ct = self.create(pattern="0 0 1 1 *", first_execution_time=FAR,
                         remaining_executions=3)
        self.assertEqual((ct["pattern"], ct["remaining_executions"],
                          ct["next_execution_time"]), ("0 0 1 1 *", 3, FAR + ":00"))

    def test_create_by_workflow_id(self):
        ct = self.expect(201, "POST", "/v2/cron_triggers", {
            "name": self.prefix + "ct", "workflow_id": self.wf["id"],
            "pattern": "0 0 1 1 *"})
        self.assertEqual(ct["workflow_name"], self.name("hello"))

    def test_pattern_or_first_time_is_required(self):
        self.bad("Pattern or first_execution_time must be specified.")

    def test_first_time_must_be_in_the_future(self):
        self.bad("first_execution_time must be at least 1 minute in the future.",
                 first_execution_time="2000-01-01 00:00")

    def test_count_above_one_needs_a_pattern(self):
        self.bad("Pattern must be provided if count is superior to 1.",
                 first_execution_time=FAR, remaining_executions=2)

    def test_count_must_be_positive(self):
        self.bad("Invalid input for field/attribute remaining_executions. Value: '0'. "
                 "Value should be greater or equal to 1", pattern="0 0 1 1 *",
                 remaining_executions=0)

    def test_invalid_pattern(self):
        self.bad("The specified pattern is not valid: not a pattern",
                 pattern="not a pattern")

    def test_invalid_pattern_with_six_bad_fields(self):
        self.bad("The specified pattern is not valid: 61 * * * *", pattern="61 * * * *")

    def test_bad_time_format(self):
        self.bad("time data 'tomorrow' does not match format '%Y-%m-%d %H:%M'",
                 first_execution_time="tomorrow")

    def test_seconds_are_not_accepted_in_the_first_time(self):
        self.bad("unconverted data remains: :00", first_execution_time=FAR + ":00")

    def test_workflow_input_is_validated(self):
        self.bad("Invalid input [name=%s, class=DirectWorkflowSpec, unexpected="
                 "['bad']]" % self.name("hello"), pattern="* * * * *",
                 workflow_input='{"bad": 1}')

    def test_unknown_workflow_is_404(self):
        self.bad("Workflow not found [workflow_identifier=%snope, namespace=]"
                 % self.prefix, status=404, pattern="* * * * *",
                 workflow_name=self.prefix + "nope")

    def test_duplicate_name_is_409(self):
        self.create(pattern="0 0 1 1 *")
        self.fault(409, "Duplicate entry for cron trigger ['name', 'project_id']: "
                   "%sct, None" % self.prefix, "POST", "/v2/cron_triggers",
                   self.body(pattern="0 0 2 1 *"))

    def test_get_by_name_and_by_id(self):
        ct = self.create(pattern="0 0 1 1 *")
        by_name = self.expect(200, "GET", "/v2/cron_triggers/%sct" % self.prefix)
        by_id = self.expect(200, "GET", "/v2/cron_triggers/" + ct["id"])
        self.assertEqual(by_name, by_id)
        self.assertKeys(by_name, CT_FIELDS)
        self.assertIsNone(by_name["updated_at"])
        self.assertEqual(by_name["next_execution_time"], ct["next_execution_time"])

    def test_get_unknown_is_404(self):
        self.fault(404, "Cron trigger not found [identifier=%snope]" % self.prefix,
                   "GET", "/v2/cron_triggers/%snope" % self.prefix)

    def test_list_with_fields(self):
        self.create(pattern="0 0 1 1 *")
        self.expect(201, "POST", "/v2/cron_triggers",
                    self.body(name=self.prefix + "ct2", first_execution_time=FAR))
        got = self.expect(200, "GET", "/v2/cron_triggers?name=has:%s&fields=name,pattern"
                          "&sort_keys=name" % self.uid)
        self.assertEqual([{k: c[k] for k in ("name", "pattern")} for c in got["cron_triggers"]],
                         [{"name": self.prefix + "ct", "pattern": "0 0 1 1 *"},
                          {"name": self.prefix + "ct2", "pattern": "0 0 30 2 0"}])
        for c in got["cron_triggers"]:
            self.assertKeys(c, ["id", "name", "pattern"])

    def test_list_filters_by_workflow_name(self):
        self.create(pattern="0 0 1 1 *")
        got = self.expect(200, "GET", "/v2/cron_triggers?workflow_name=" + self.name("hello"))
        self.assertEqual([c["name"] for c in got["cron_triggers"]], [self.prefix + "ct"])

    def test_there_is_no_update(self):
        ct = self.create(pattern="0 0 1 1 *")
        self.expect(405, "PUT", "/v2/cron_triggers/" + ct["id"], {"pattern": "* * * * *"})

    def test_delete_by_name(self):
        self.create(pattern="0 0 1 1 *")
        self.expect(204, "DELETE", "/v2/cron_triggers/%sct" % self.prefix)
        self.fault(404, "Cron trigger not found [identifier=%sct]" % self.prefix,
                   "DELETE", "/v2/cron_triggers/%sct" % self.prefix)

    def test_delete_by_id(self):
        ct = self.create(pattern="0 0 1 1 *")
        self.expect(204, "DELETE", "/v2/cron_triggers/" + ct["id"])
        self.expect(404, "GET", "/v2/cron_triggers/" + ct["id"])


class EventTriggerTest(ApiCase):

    def create(self, **kw):
        wf = self.create_workflows("wf_basic.yaml")[self.name("hello")]
        body = {"name": self.prefix + "et", "workflow_id": wf["id"],
                "exchange": "nova", "topic": "notifications",
                "event": "compute.instance.create.end",
                "workflow_input": {"name": "e"}}
        body.update(kw)
        return wf, self.expect(201, "POST", "/v2/event_triggers", body)

    def test_create_and_get(self):
        wf, et = self.create()
        self.assertKeys(et, ET_FIELDS)
        self.assertUuid(et["id"])
        self.assertEqual({k: et[k] for k in ("name", "workflow_id", "exchange", "topic",
                                             "event", "scope", "project_id",
                                             "updated_at")}, {
            "name": self.prefix + "et", "workflow_id": wf["id"], "exchange": "nova",
            "topic": "notifications", "event": "compute.instance.create.end",
            "scope": "private", "project_id": PROJECT, "updated_at": None})
        self.assertJsonString(et["workflow_input"], {"name": "e"})
        self.assertJsonString(et["workflow_params"], {})
        self.assertEqual(self.expect(200, "GET", "/v2/event_triggers/" + et["id"]), et)

    def test_required_fields(self):
        got = self.expect(400, "POST", "/v2/event_triggers", {"name": "x"})
        self.assertRegex(got["faultstring"], r"^Params \{'[a-z_]+', '[a-z_]+', "
                         r"'[a-z_]+', '[a-z_]+'\} must be provided for creating "
                         r"event trigger\.$")
        for field in ("exchange", "topic", "event", "workflow_id"):
            self.assertIn("'%s'" % field, got["faultstring"])

    def test_rename(self):
        _, et = self.create()
        got = self.expect(200, "PUT", "/v2/event_triggers/" + et["id"],
                          {"name": self.prefix + "et2"})
        self.assertEqual(got["name"], self.prefix + "et2")
        self.assertTimestamp(got["updated_at"])

    def test_exchange_topic_and_event_cannot_change(self):
        _, et = self.create()
        self.fault(400, "Can not update fields ['exchange', 'topic', 'event'] of event "
                   "trigger.", "PUT", "/v2/event_triggers/" + et["id"], {"topic": "other"})

    def test_workflow_delete_is_refused(self):
        wf, et = self.create()
        self.fault(400, "Can't delete workflow that has event triggers associated. "
                   "[workflow_identifier=%s], [event_trigger_id(s)=%s]"
                   % (wf["id"], et["id"]), "DELETE", "/v2/workflows/" + wf["id"])

    def test_delete(self):
        _, et = self.create()
        self.expect(204, "DELETE", "/v2/event_triggers/" + et["id"])
        self.fault(404, "Event trigger not found [id=%s]." % et["id"],
                   "GET", "/v2/event_triggers/" + et["id"])

    def test_list(self):
        _, et = self.create()
        got = self.expect(200, "GET", "/v2/event_triggers")
        self.assertIn(et["id"], [e["id"] for e in got["event_triggers"]])
        self.assertTrue(all(re.match(r"^[0-9a-f-]{36}$", e["id"])
                            for e in got["event_triggers"]))
