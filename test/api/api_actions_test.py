"""Action definitions: /v2/actions (system and ad-hoc)."""

from api_base import ApiCase, PROJECT

ACTION_FIELDS = ["id", "name", "is_system", "input", "description", "tags",
                 "definition", "scope", "project_id", "created_at", "updated_at",
                 "namespace"]

TWO_ACTIONS = """---
version: '2.0'
%(p)sb:
  base: std.noop
%(p)sa:
  base: std.echo
  base-input:
    output: <%% $.v %%>
  input:
    - v: 1
"""


class SystemActionTest(ApiCase):

    def test_std_echo_is_described(self):
        act = self.expect(200, "GET", "/v2/actions/std.echo")
        self.assertKeys(act, ACTION_FIELDS)
        self.assertEqual({k: act[k] for k in ACTION_FIELDS if k != "description"}, {
            "id": "std.echo", "name": "std.echo", "is_system": False,
            "input": "output, delay=0", "tags": None, "definition": "",
            "scope": None, "project_id": None, "created_at": "",
            "updated_at": "", "namespace": ""})
        # The text is the implementation's own docstring; only its presence counts.
        self.assertIsInstance(act["description"], str)
        self.assertTrue(act["description"])

    def test_system_action_with_trailing_slash(self):
        act = self.expect(200, "GET", "/v2/actions/std.async_noop/")
        self.assertEqual(act["name"], "std.async_noop")
        self.assertEqual(act["input"], "")
        self.assertTrue(act["description"])

    def test_http_action_signature_shows_json_defaults(self):
        act = self.expect(200, "GET", "/v2/actions/std.http/")
        self.assertTrue(act["input"].startswith('url, method="GET", params=null'),
                        act["input"])

    def test_list_filters_by_name(self):
        got = self.expect(200, "GET", "/v2/actions?name=std.noop")
        self.assertEqual([a["name"] for a in got["actions"]], ["std.noop"])

    def test_list_is_sorted_by_name(self):
        got = self.expect(200, "GET", "/v2/actions?name=has:std.")
        names = [a["name"] for a in got["actions"]]
        self.assertIn("std.echo", names)
        self.assertEqual(names, sorted(names))

    def test_list_marker_is_a_name_and_is_inclusive(self):
        got = self.expect(200, "GET", "/v2/actions?name=has:std.&limit=2&marker=std.echo")
        self.assertEqual(got["actions"][0]["name"], "std.echo")
        self.assertEqual(len(got["actions"]), 2)
        self.assertTrue(got["next"].startswith(self.url + "/v2/actions?"), got["next"])

    def test_unknown_action_is_404(self):
        self.fault(404, "Action not found [name=%s, namespace=]" % self.name("x"),
                   "GET", "/v2/actions/%s/" % self.name("x"))

    def test_system_action_cannot_be_deleted(self):
        self.fault(404, "Action definition not found [action_name=std.echo, "
                   "namespace=]", "DELETE", "/v2/actions/std.echo/")


class AdhocActionTest(ApiCase):

    def create(self, query=""):
        got = self.expect(201, "POST", "/v2/actions" + query,
                          self.text("act_basic.yaml"), "text/plain")
        self.assertEqual(list(got), ["actions"])
        return got["actions"]

    def test_create_returns_the_actions(self):
        [act] = self.create()
        self.assertKeys(act, [k for k in ACTION_FIELDS if k != "updated_at"])
        self.assertUuid(act["id"])
        self.assertTimestamp(act["created_at"])
        self.assertEqual(act["name"], self.name("greet"))
        self.assertEqual(act["is_system"], False)
        self.assertEqual(act["input"], "who")
        self.assertEqual(act["description"], "Says hello.")
        self.assertEqual(act["definition"], self.text("act_basic.yaml"))
        self.assertEqual(act["scope"], "private")
        self.assertEqual(act["project_id"], PROJECT)
        self.assertEqual(act["namespace"], "")
        self.assertEqual(act["tags"], [])

    def test_each_stored_definition_is_the_whole_text(self):
        text = TWO_ACTIONS % {"p": self.prefix}
        got = self.expect(201, "POST", "/v2/actions", text, "text/plain")["actions"]
        self.assertEqual(sorted(a["name"] for a in got),
                         [self.prefix + "a", self.prefix + "b"])
        for act in got:
            self.assertEqual(act["definition"], text)
        a = self.expect(200, "GET", "/v2/actions/%sa/" % self.prefix)
        self.assertEqual(a["input"], "v=1")

    def test_duplicate_is_409(self):
        self.create()
        self.fault(409, "Duplicate entry for Action ['name', 'namespace', "
                   "'project_id']: %s, , None" % self.name("greet"), "POST",
                   "/v2/actions", self.text("act_basic.yaml"), "text/plain",
                   plain=True)

    def test_get_without_and_with_trailing_slash(self):
        [act] = self.create()
        for path in ("/v2/actions/%s", "/v2/actions/%s/"):
            got = self.expect(200, "GET", path % self.name("greet"))
            self.assertEqual(got["id"], act["id"])
            self.assertIsNone(got["updated_at"])

    def test_namespace_is_the_last_path_segment(self):
        [act] = self.create("?namespace=ns" + self.uid)
        self.assertEqual(act["namespace"], "ns" + self.uid)
        got = self.expect(200, "GET", "/v2/actions/%s/ns%s"
                          % (self.name("greet"), self.uid))
        self.assertEqual(got["id"], act["id"])
        self.fault(404, "Action not found [name=%s, namespace=]" % self.name("greet"),
                   "GET", "/v2/actions/%s/" % self.name("greet"))

    def test_list_in_a_namespace(self):
        self.create("?namespace=ns" + self.uid)
        got = self.expect(200, "GET", "/v2/actions?namespace=ns" + self.uid)
        self.assertEqual([a["name"] for a in got["actions"]], [self.name("greet")])
        got = self.expect(200, "GET", "/v2/actions?name=" + self.name("greet"))
        self.assertEqual(got["actions"], [])

    def test_update(self):
        [act] = self.create()
        text = self.text("act_basic.yaml").replace("Says hello.", "Says hi.")
        got = self.expect(200, "PUT", "/v2/actions", text, "text/plain")
        [upd] = got["actions"]
        self.assertEqual(upd["id"], act["id"])
        self.assertEqual(upd["description"], "Says hi.")
        self.assertTimestamp(upd["updated_at"])

    def test_update_by_id_and_by_name(self):
        [act] = self.create()
        for ident, desc in ((act["id"], "By id."), (self.name("greet"), "By name.")):
            text = self.text("act_basic.yaml").replace("Says hello.", desc)
            got = self.expect(200, "PUT", "/v2/actions/" + ident, text, "text/plain")
            self.assertEqual(list(got), ["actions"])
            self.assertEqual((got["actions"][0]["id"], got["actions"][0]["description"]),
                             (act["id"], desc))

    def test_update_of_unknown_action_is_404(self):
        self.fault(404, "Action definition not found [action_name=%s, namespace=]"
                   % self.name("greet"), "PUT", "/v2/actions",
                   self.text("act_basic.yaml"), "text/plain", plain=True)

    def test_delete(self):
        self.create()
        self.expect(204, "DELETE", "/v2/actions/%s/" % self.name("greet"))
        self.expect(404, "GET", "/v2/actions/%s/" % self.name("greet"))

    def test_delete_in_a_namespace(self):
        self.create("?namespace=ns" + self.uid)
        self.fault(404, "Action definition not found [action_name=%s, namespace=]"
                   % self.name("greet"), "DELETE",
                   "/v2/actions/%s/" % self.name("greet"))
        self.expect(204, "DELETE", "/v2/actions/%s/ns%s"
                    % (self.name("greet"), self.uid))

    def test_invalid_definition_is_400(self):
        text = "version: '2.0'\n%sbad:\n  input: [a]\n" % self.prefix
        got = self.expect(400, "POST", "/v2/actions", text, "text/plain")
        self.assertEqual(list(got), ["faultstring"])
        self.assertTrue(got["faultstring"].startswith(
            "Invalid DSL: 'base' is a required property"), got)

    def test_validate(self):
        self.assertEqual(self.expect(200, "POST", "/v2/actions/validate",
                                     self.text("act_basic.yaml"), "text/plain"),
                         {"valid": True})
        self.expect(404, "GET", "/v2/actions/%s/" % self.name("greet"))

    def test_validate_reports_the_error(self):
        text = "version: '2.0'\n%sbad:\n  input: [a]\n" % self.prefix
        got = self.expect(200, "POST", "/v2/actions/validate", text, "text/plain")
        self.assertEqual(got["valid"], False)
        self.assertTrue(got["error"].startswith(
            "Invalid DSL: 'base' is a required property"), got)

    def test_action_without_input_has_null_input(self):
        text = "version: '2.0'\n%sbare:\n  base: std.noop\n" % self.prefix
        [act] = self.expect(201, "POST", "/v2/actions", text, "text/plain")["actions"]
        self.assertIsNone(act["input"])
        self.assertIsNone(act["description"])

    def test_adhoc_action_runs(self):
        self.create()
        got = self.expect(201, "POST", "/v2/action_executions", {
            "name": self.name("greet"), "input": '{"who": "Ann"}'})
        self.assertEqual(got["state"], "SUCCESS")
        self.assertJsonString(got["output"], {"result": "Hello, Ann"})
