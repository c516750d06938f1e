"""Workflow definitions: /v2/workflows."""

import json

from api_base import ApiCase, PROJECT, q

WF_FIELDS = ["id", "name", "namespace", "input", "interface", "definition",
             "tags", "scope", "project_id", "created_at", "updated_at"]

TWO_WFS = """---
version: '2.0'
%(p)sone:
  tasks:
    a:
      action: std.noop
%(p)stwo:
  tasks:
    b:
      action: std.noop
"""


class WorkflowCreateTest(ApiCase):

    def test_create_returns_201_with_the_stored_workflow(self):
        text = self.text("wf_basic.yaml")
        got = self.expect(201, "POST", "/v2/workflows", text, "text/plain")
        self.assertEqual(list(got), ["workflows"])
        wf = got["workflows"][0]
        self.assertKeys(wf, [k for k in WF_FIELDS if k != "updated_at"])
        self.assertUuid(wf["id"])
        self.assertTimestamp(wf["created_at"])
        self.assertEqual(wf["name"], self.name("hello"))
        self.assertEqual(wf["namespace"], "")
        self.assertEqual(wf["input"], 'name="world", n="3"')
        self.assertEqual(wf["interface"], {"input": [{"name": "world"}, {"n": 3}],
                                           "output": ["greeting", "n"]})
        self.assertEqual(wf["definition"], text)
        self.assertEqual(wf["tags"], [])
        self.assertEqual(wf["scope"], "private")
        self.assertEqual(wf["project_id"], PROJECT)

    def test_create_of_several_workflows_returns_each(self):
        text = TWO_WFS % {"p": self.prefix}
        wfs = self.create_workflow_text(text)
        self.assertEqual([w["name"] for w in wfs],
                         [self.prefix + "one", self.prefix + "two"])
        for wf in wfs:
            self.assertEqual(wf["input"], "")
            self.assertEqual(wf["interface"], {"input": [], "output": []})

    def test_duplicate_name_is_409(self):
        self.create_workflows("wf_basic.yaml")
        self.fault(409, "Duplicate entry for WorkflowDefinition ['name', "
                   "'namespace', 'project_id']: %s, , None" % self.name("hello"),
                   "POST", "/v2/workflows", self.text("wf_basic.yaml"),
                   "text/plain", plain=True)

    def test_invalid_scope_is_400(self):
        # Mistral prints a Python set, so the two names come in either order.
        got = self.expect(400, "POST", "/v2/workflows?scope=bad",
                          self.text("wf_basic.yaml"), "text/plain")
        self.assertIn(got, [
            {"faultstring": "Scope must be one of the following: {'private', "
                            "'public'}; actual: bad"},
            {"faultstring": "Scope must be one of the following: {'public', "
                            "'private'}; actual: bad"}])

    def test_public_scope_needs_admin(self):
        self.fault(403, "Operation forbidden (insufficient permissions)", "POST",
                   "/v2/workflows?scope=public", self.text("wf_basic.yaml"),
                   "text/plain", plain=True)

    def test_unknown_transition_target_is_400(self):
        text = ("version: '2.0'\n%swf:\n  tasks:\n    a:\n      action: std.noop\n"
                "      on-success: t9\n" % self.prefix)
        self.fault(400, "Task 't9' not found.", "POST", "/v2/workflows", text,
                   "text/plain", plain=True)
        self.fault(404, "Workflow not found [workflow_identifier=%swf, "
                   "namespace=]" % self.prefix, "GET",
                   "/v2/workflows/%swf" % self.prefix)

    def test_create_is_all_or_nothing(self):
        text = (TWO_WFS % {"p": self.prefix}) + "      on-success: nowhere\n"
        self.expect(400, "POST", "/v2/workflows", text, "text/plain")
        self.expect(404, "GET", "/v2/workflows/%sone" % self.prefix)

    def test_tags_are_stored(self):
        text = ("version: '2.0'\n%stagged:\n  tags: [red, blue]\n  tasks:\n"
                "    a:\n      action: std.noop\n" % self.prefix)
        wf = self.create_workflow_text(text)[0]
        self.assertEqual(wf["tags"], ["red", "blue"])
        got = self.expect(200, "GET", "/v2/workflows?tags=red&name=has:%s"
                          % self.uid)
        self.assertEqual([w["name"] for w in got["workflows"]],
                         [self.prefix + "tagged"])


class WorkflowGetTest(ApiCase):

    def test_get_by_name_encodes_interface_as_json_text(self):
        created = self.create_workflows("wf_basic.yaml")[self.name("hello")]
        wf = self.expect(200, "GET", "/v2/workflows/" + self.name("hello"))
        self.assertKeys(wf, WF_FIELDS)
        self.assertJsonString(wf["interface"], {
            "input": [{"name": "world"}, {"n": 3}], "output": ["greeting", "n"]})
        self.assertIsNone(wf["updated_at"])
        self.assertEqual(wf["id"], created["id"])
        self.assertEqual(wf["created_at"], created["created_at"])

    def test_get_by_id(self):
        created = self.create_workflows("wf_basic.yaml")[self.name("hello")]
        wf = self.expect(200, "GET", "/v2/workflows/" + created["id"])
        self.assertEqual(wf["name"], self.name("hello"))

    def test_get_unknown_is_404(self):
        self.fault(404, "Workflow not found [workflow_identifier=nope%s, "
                   "namespace=]" % self.uid, "GET", "/v2/workflows/nope" + self.uid)

    def test_input_text_renders_python_values(self):
        text = ("version: '2.0'\n%sdefs:\n  input:\n    - a\n    - xs: [1, 2]\n"
                "    - m: {k: true}\n    - s: null\n  tasks:\n    t:\n"
                "      action: std.noop\n" % self.prefix)
        wf = self.create_workflow_text(text)[0]
        self.assertEqual(wf["input"], "a, xs=\"[1, 2]\", m=\"{'k': True}\", s=\"None\"")

    def test_get_with_trailing_slash(self):
        self.create_workflows("wf_basic.yaml")
        wf = self.expect(200, "GET", "/v2/workflows/%s/" % self.name("hello"))
        self.assertEqual(wf["name"], self.name("hello"))


class WorkflowNamespaceTest(ApiCase):

    def test_same_name_lives_in_two_namespaces(self):
        a = self.create_workflows("wf_basic.yaml")[self.name("hello")]
        b = self.create_workflows("wf_basic.yaml", "?namespace=ns" + self.uid)
        b = b[self.name("hello")]
        self.assertEqual(b["namespace"], "ns" + self.uid)
        self.assertNotEqual(a["id"], b["id"])
        got = self.expect(200, "GET", "/v2/workflows/%s?namespace=ns%s"
                          % (self.name("hello"), self.uid))
        self.assertEqual(got["id"], b["id"])
        got = self.expect(200, "GET", "/v2/workflows/" + self.name("hello"))
        self.assertEqual(got["id"], a["id"])

    def test_namespaced_workflow_is_not_found_in_the_default_namespace(self):
        self.create_workflows("wf_basic.yaml", "?namespace=ns" + self.uid)
        self.fault(404, "Workflow not found [workflow_identifier=%s, namespace=]"
                   % self.name("hello"), "GET", "/v2/workflows/" + self.name("hello"))

    def test_list_filters_by_namespace(self):
        self.create_workflows("wf_basic.yaml", "?namespace=ns" + self.uid)
        got = self.expect(200, "GET", "/v2/workflows?namespace=ns" + self.uid)
        self.assertEqual([w["name"] for w in got["workflows"]], [self.name("hello")])

    def test_update_in_a_namespace(self):
        ns = "?namespace=ns" + self.uid
        wf = self.create_workflows("wf_basic.yaml", ns)[self.name("hello")]
        text = self.text("wf_basic.yaml").replace("Hello,", "Hi,")
        self.fault(404, "Workflow not found [workflow_identifier=%s, namespace=]"
                   % self.name("hello"), "PUT", "/v2/workflows", text, "text/plain",
                   plain=True)
        got = self.expect(200, "PUT", "/v2/workflows" + ns, text, "text/plain")
        [upd] = got["workflows"]
        self.assertEqual((upd["id"], upd["namespace"]), (wf["id"], "ns" + self.uid))
        ex = self.run_to_end(self.name("hello"), workflow_namespace="ns" + self.uid)
        self.assertJsonString(ex["output"], {"greeting": "Hi, world", "n": 3})

    def test_delete_in_a_namespace(self):
        self.create_workflows("wf_basic.yaml", "?namespace=ns" + self.uid)
        self.expect(404, "DELETE", "/v2/workflows/" + self.name("hello"))
        self.expect(204, "DELETE", "/v2/workflows/%s?namespace=ns%s"
                    % (self.name("hello"), self.uid))
        self.expect(404, "GET", "/v2/workflows/%s?namespace=ns%s"
                    % (self.name("hello"), self.uid))


class WorkflowUpdateTest(ApiCase):

    def changed(self):
        return self.text("wf_basic.yaml").replace("Hello,", "Bye,")

    def test_update_replaces_the_definition(self):
        created = self.create_workflows("wf_basic.yaml")[self.name("hello")]
        got = self.expect(200, "PUT", "/v2/workflows", self.changed(), "text/plain")
        wf = got["workflows"][0]
        self.assertEqual(wf["id"], created["id"])
        self.assertEqual(wf["definition"], self.changed())
        self.assertTimestamp(wf["updated_at"])
        stored = self.expect(200, "GET", "/v2/workflows/" + self.name("hello"))
        self.assertEqual(stored["definition"], self.changed())
        self.assertTimestamp(stored["updated_at"])

    def test_update_of_unknown_workflow_is_404(self):
        self.fault(404, "Workflow not found [workflow_identifier=%s, namespace=]"
                   % self.name("hello"), "PUT", "/v2/workflows",
                   self.text("wf_basic.yaml"), "text/plain", plain=True)

    def test_update_by_id_returns_one_workflow(self):
        created = self.create_workflows("wf_basic.yaml")[self.name("hello")]
        wf = self.expect(200, "PUT", "/v2/workflows/" + created["id"],
                         self.changed(), "text/plain")
        self.assertEqual(wf["id"], created["id"])
        self.assertEqual(wf["definition"], self.changed())

    def test_update_by_id_with_two_workflows_is_400(self):
        wfs = self.create_workflow_text(TWO_WFS % {"p": self.prefix})
        self.fault(400, "More than one workflows are not supported for update "
                   "with identifier. [identifier: %s]" % wfs[0]["id"], "PUT",
                   "/v2/workflows/" + wfs[0]["id"], TWO_WFS % {"p": self.prefix},
                   "text/plain", plain=True)

    def test_update_with_invalid_definition_is_400(self):
        self.create_workflows("wf_basic.yaml")
        text = self.text("wf_basic.yaml") + "      on-success: t9\n"
        self.fault(400, "Task 't9' not found.", "PUT", "/v2/workflows", text,
                   "text/plain", plain=True)

    def test_running_execution_keeps_the_spec_it_started_with(self):
        ex, ae = self.start_waiting()
        text = self.text("wf_async.yaml").replace(
            "got: <% $.got %>", "got: changed")
        self.expect(200, "PUT", "/v2/workflows", text, "text/plain")
        self.complete_action(ae["id"], output={"v": 1})
        done = self.wait(ex["id"])
        self.assertJsonString(done["output"], {"got": {"v": 1}})


class WorkflowDeleteTest(ApiCase):

    def test_delete_removes_the_workflow(self):
        self.create_workflows("wf_basic.yaml")
        st, _, body = self.req("DELETE", "/v2/workflows/" + self.name("hello"))
        self.assertEqual(st, 204)
        self.assertEqual(body, "")
        self.expect(404, "GET", "/v2/workflows/" + self.name("hello"))

    def test_delete_by_id(self):
        wf = self.create_workflows("wf_basic.yaml")[self.name("hello")]
        self.expect(204, "DELETE", "/v2/workflows/" + wf["id"])
        self.expect(404, "GET", "/v2/workflows/" + wf["id"])

    def test_delete_unknown_is_404(self):
        self.fault(404, "Workflow not found [workflow_identifier=nope%s, "
                   "namespace=]" % self.uid, "DELETE", "/v2/workflows/nope" + self.uid)

    def test_delete_keeps_executions(self):
        self.create_workflows("wf_basic.yaml")
        ex = self.run_to_end(self.name("hello"))
        self.expect(204, "DELETE", "/v2/workflows/" + self.name("hello"))
        got = self.expect(200, "GET", "/v2/executions/" + ex["id"])
        self.assertEqual(got["state"], "SUCCESS")

    def test_delete_is_refused_while_a_cron_trigger_uses_it(self):
        self.create_workflows("wf_basic.yaml")
        ct = self.expect(201, "POST", "/v2/cron_triggers", {
            "name": self.prefix + "ct", "pattern": "0 0 1 1 *",
            "workflow_name": self.name("hello")})
        self.fault(400, "Can't delete workflow that has cron triggers "
                   "associated. [workflow_identifier=%s, namespace=], "
                   "[cron_trigger_id(s)=%s]" % (self.name("hello"), ct["id"]),
                   "DELETE", "/v2/workflows/" + self.name("hello"))
        self.expect(204, "DELETE", "/v2/cron_triggers/" + ct["name"])
        self.expect(204, "DELETE", "/v2/workflows/" + self.name("hello"))


class WorkflowValidateTest(ApiCase):

    def test_valid_definition(self):
        self.assertEqual(self.expect(200, "POST", "/v2/workflows/validate",
                                     self.text("wf_basic.yaml"), "text/plain"),
                         {"valid": True})

    def test_invalid_definition_reports_the_error(self):
        text = ("version: '2.0'\nwf:\n  tasks:\n    a:\n      action: std.noop\n"
                "      on-success: t9\n")
        self.assertEqual(self.expect(200, "POST", "/v2/workflows/validate", text,
                                     "text/plain"),
                         {"valid": False, "error": "Task 't9' not found."})

    def test_validate_stores_nothing(self):
        self.expect(200, "POST", "/v2/workflows/validate",
                    self.text("wf_basic.yaml"), "text/plain")
        self.expect(404, "GET", "/v2/workflows/" + self.name("hello"))


class WorkflowListTest(ApiCase):

    def make_three(self):
        names = []
        for n in ("c", "a", "b"):
            text = ("version: '2.0'\n%s%s:\n  tasks:\n    t:\n"
                    "      action: std.noop\n" % (self.prefix, n))
            names.append(self.create_workflow_text(text)[0]["name"])
        return names

    def test_list_items_encode_interface_as_json_text(self):
        self.create_workflows("wf_basic.yaml")
        got = self.expect(200, "GET", "/v2/workflows?name=" + self.name("hello"))
        self.assertEqual(list(got), ["workflows"])
        [wf] = got["workflows"]
        self.assertKeys(wf, WF_FIELDS)
        self.assertJsonString(wf["interface"], {
            "input": [{"name": "world"}, {"n": 3}], "output": ["greeting", "n"]})

    def test_default_order_is_by_creation_time(self):
        names = self.make_three()
        got = self.expect(200, "GET", "/v2/workflows?name=has:" + self.uid)
        self.assertEqual(sorted(w["name"] for w in got["workflows"]), sorted(names))
        stamps = [w["created_at"] for w in got["workflows"]]
        self.assertEqual(stamps, sorted(stamps))

    def test_paged_order_breaks_creation_time_ties_by_id(self):
        self.make_three()
        got = self.expect(200, "GET", "/v2/workflows?name=has:%s&limit=3" % self.uid)
        keys = [(w["created_at"], w["id"]) for w in got["workflows"]]
        self.assertEqual(len(keys), 3)
        self.assertEqual(keys, sorted(keys))

    def test_sort_by_name_descending(self):
        self.make_three()
        got = self.expect(200, "GET", "/v2/workflows?name=has:%s&sort_keys=name"
                          "&sort_dirs=desc" % self.uid)
        self.assertEqual([w["name"] for w in got["workflows"]],
                         [self.prefix + x for x in "cba"])

    def test_fields_limit_the_attributes(self):
        self.make_three()
        got = self.expect(200, "GET", "/v2/workflows?name=has:%s&fields=name"
                          % self.uid)
        for wf in got["workflows"]:
            self.assertKeys(wf, ["id", "name"])

    def test_unknown_field_is_400(self):
        got = self.fault_match(400, r"^Some fields do not exist  \[foo\], please "
                               r"choose from \[", "GET", "/v2/workflows?fields=foo")
        self.assertIn("definition", got["faultstring"])

    def test_pagination_with_limit_marker_and_next_link(self):
        self.make_three()
        full = self.expect(200, "GET", "/v2/workflows?name=has:" + self.uid)
        names = [w["name"] for w in sorted(full["workflows"],
                                           key=lambda w: (w["created_at"], w["id"]))]
        got = self.expect(200, "GET", "/v2/workflows?name=has:%s&limit=2" % self.uid)
        page = got["workflows"]
        self.assertEqual([w["name"] for w in page], names[:2])
        self.assertEqual(got["next"], "%s/v2/workflows?sort_keys=created_at,id&"
                         "sort_dirs=asc,asc&name=has:%s&limit=2&marker=%s"
                         % (self.url, self.uid, page[1]["id"]))
        got = self.expect(200, "GET", "/v2/workflows?name=has:%s&limit=2&marker=%s"
                          % (self.uid, page[1]["id"]))
        self.assertEqual([w["name"] for w in got["workflows"]], names[2:])
        self.assertNotIn("next", got)

    def test_unknown_marker_is_404(self):
        self.expect(404, "GET", "/v2/workflows?marker=%s" % self.fake_id())

    def fake_id(self):
        return "00000000-0000-4000-8000-0000%s" % self.uid

    def test_limit_zero_is_400(self):
        self.fault(400, "Limit must be positive.", "GET", "/v2/workflows?limit=0")

    def test_non_numeric_limit_is_400(self):
        self.fault(400, "Invalid input for field/attribute limit. Value: 'abc'. "
                   "unable to convert to int. Error: invalid literal for int() "
                   "with base 10: 'abc'", "GET", "/v2/workflows?limit=abc")

    def test_more_sort_dirs_than_keys_is_400(self):
        self.fault(400, "Length of sort_keys must be equal or greater than "
                   "sort_dirs.", "GET",
                   "/v2/workflows?sort_keys=name&sort_dirs=asc,desc")

    def test_unknown_sort_direction_is_400(self):
        self.fault(400, "Unknown sort direction, must be 'desc' or 'asc'.", "GET",
                   "/v2/workflows?sort_keys=name&sort_dirs=up")

    def test_in_and_neq_filters(self):
        names = self.make_three()
        got = self.expect(200, "GET", "/v2/workflows?name=in:%s,%s" % (
            names[0], names[2]))
        self.assertEqual(sorted(w["name"] for w in got["workflows"]),
                         sorted([names[0], names[2]]))
        got = self.expect(200, "GET", "/v2/workflows?name=nin:%s,%s&name=has:%s"
                          % (names[0], names[1], self.uid))
        self.assertEqual(sorted(w["name"] for w in got["workflows"]), sorted(names))

    def test_neq_filter(self):
        ns = "?namespace=ns" + self.uid
        for n in ("x", "y"):
            self.create_workflow_text("version: '2.0'\n%s%s:\n  tasks:\n    t:\n"
                                      "      action: std.noop\n" % (self.prefix, n), ns)
        got = self.expect(200, "GET", "/v2/workflows?namespace=ns%s&name=neq:%sx"
                          % (self.uid, self.prefix))
        self.assertEqual([w["name"] for w in got["workflows"]], [self.prefix + "y"])

    def test_created_at_comparisons(self):
        self.make_three()
        got = self.expect(200, "GET", "/v2/workflows?name=has:%s&created_at=%s"
                          % (self.uid, q("gt:2000-01-01 00:00:00")))
        self.assertEqual(len(got["workflows"]), 3)
        got = self.expect(200, "GET", "/v2/workflows?name=has:%s&created_at=%s"
                          % (self.uid, q("gt:2999-01-01 00:00:00")))
        self.assertEqual(got["workflows"], [])

    def test_fields_input_also_returns_interface(self):
        self.create_workflows("wf_basic.yaml")
        got = self.expect(200, "GET", "/v2/workflows?name=%s&fields=input"
                          % self.name("hello"))
        [wf] = got["workflows"]
        self.assertKeys(wf, ["id", "input", "interface"])
        self.assertEqual(json.loads(wf["interface"])["output"], ["greeting", "n"])
