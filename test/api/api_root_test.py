"""Root documents, routing, HTTP methods and hostile request bodies."""

import json
import socket
import urllib.parse

from api_base import ApiCase, CTX, bora_only, mistral_only

BAD_YAML = ("version: '2.0'\nwf:\n  tasks:\n    a:\n      action: std.noop\n"
            "     bad: [1\n")
LINE6_COL6 = r"(?i)line\W*6\W+col(umn)?\W*6\b"


class RootTest(ApiCase):

    def test_root_lists_the_v2_version(self):
        got = self.expect(200, "GET", "/")
        self.assertEqual(got, {"versions": [{
            "id": "v2.0", "status": "CURRENT",
            "links": [{"href": self.url + "/v2", "target": "v2", "rel": "self"}]}]})

    def test_v2_without_slash_redirects_to_v2_slash(self):
        st, hdrs, _ = self.req("GET", "/v2")
        self.assertEqual(st, 302)
        self.assertEqual(hdrs.get("location"), self.url + "/v2/")

    def test_v2_slash_gives_its_uri(self):
        self.assertEqual(self.expect(200, "GET", "/v2/"), {"uri": self.url + "/v2"})

    def test_json_replies_carry_a_json_content_type(self):
        st, hdrs, _ = self.req("GET", "/v2/workflows?limit=1")
        self.assertEqual(st, 200)
        self.assertTrue(hdrs["content-type"].startswith("application/json"))

    def test_text_upload_replies_are_json_too(self):
        st, hdrs, _ = self.req("POST", "/v2/workflows/validate",
                               self.text("wf_basic.yaml"), "text/plain")
        self.assertEqual(st, 200)
        self.assertTrue(hdrs["content-type"].startswith("application/json"))

    def test_collections_accept_a_trailing_slash(self):
        got = self.expect(200, "GET", "/v2/executions/?limit=1")
        self.assertIn("executions", got)

    @mistral_only("the reference Mistral runs without a coordination backend")
    def test_services_need_a_coordination_backend(self):
        self.fault(406, "Service API is not supported.", "GET", "/v2/services")

    @bora_only("Bora always knows its own roles; Mistral needs a coordination backend")
    def test_services_list_the_server_roles(self):
        got = self.expect(200, "GET", "/v2/services")
        self.assertEqual(list(got), ["services"])
        self.assertTrue(got["services"])
        types = {"api_group", "engine_group", "executor_group",
                 "event-engine_group", "notifier_group"}
        for svc in got["services"]:
            self.assertKeys(svc, ["name", "type"])
            self.assertIsInstance(svc["name"], str)
            self.assertIn(svc["type"], types)

    def test_code_sources_are_admin_only(self):
        self.fault(403, "Operation forbidden (insufficient permissions)",
                   "GET", "/v2/code_sources")

    def test_dynamic_actions_are_admin_only(self):
        self.fault(403, "Operation forbidden (insufficient permissions)",
                   "GET", "/v2/dynamic_actions")


class RoutingTest(ApiCase):

    def test_unknown_path_under_v2_is_404(self):
        self.expect(404, "GET", "/v2/nope")

    def test_unknown_top_level_path_is_404(self):
        self.expect(404, "GET", "/nope/at/all")

    def test_unknown_nested_path_is_404(self):
        self.expect(404, "GET", "/v2/executions/x/nope")

    def test_patch_is_not_allowed_on_executions(self):
        self.expect(405, "PATCH", "/v2/executions")

    def test_delete_on_a_collection_asks_for_the_identifier(self):
        self.fault(400, 'Missing argument: "identifier"', "DELETE", "/v2/workflows")

    def test_delete_on_executions_collection_asks_for_the_id(self):
        self.fault(400, 'Missing argument: "id"', "DELETE", "/v2/executions")

    def test_unknown_query_argument_is_rejected(self):
        self.fault(400, 'Unknown argument: "foo"', "GET", "/v2/workflows?foo=1")

    def test_unknown_query_argument_on_a_single_get_is_rejected(self):
        self.fault(400, 'Unknown argument: "bogus"', "GET",
                   "/v2/executions/x?bogus=1")


class BadBodyTest(ApiCase):

    def test_malformed_json_is_a_400(self):
        got = self.expect(400, "POST", "/v2/executions",
                          '{"workflow_name": ', "application/json")
        self.assertEqual(got["faultcode"], "Client")
        self.assertTrue(got["faultstring"].startswith(
            "Request is not in valid JSON format"), got)

    @bora_only("Mistral's JSON error names no position")
    def test_malformed_json_error_names_line_and_column(self):
        got = self.expect(400, "POST", "/v2/environments",
                          '{"name": "x",\n  "variables": {"a": tru}}',
                          "application/json")
        self.assertRegex(got["faultstring"], r"(?i)line\W*2\b")
        self.assertRegex(got["faultstring"], r"(?i)col(umn)?\W*\d+")

    def test_unknown_body_attribute_is_rejected(self):
        self.fault(400, "Unknown attribute for argument wf_ex: bogus", "POST",
                   "/v2/executions", {"workflow_name": "x", "bogus": 1})

    def test_json_field_must_hold_an_object(self):
        self.fault(400, "JsonType field value must be a dictionary [actual=[1]]",
                   "POST", "/v2/executions",
                   {"workflow_name": "x", "input": "[1]"})

    def test_malformed_yaml_upload_names_line_and_column(self):
        got = self.expect(400, "POST", "/v2/workflows", BAD_YAML, "text/plain")
        self.assertEqual(list(got), ["faultstring"])
        self.assertTrue(got["faultstring"].startswith(
            "Definition could not be parsed: "), got)
        self.assertRegex(got["faultstring"], LINE6_COL6)

    def test_malformed_yaml_validate_names_line_and_column(self):
        got = self.expect(200, "POST", "/v2/workflows/validate", BAD_YAML,
                          "text/plain")
        self.assertEqual(got["valid"], False)
        self.assertTrue(got["error"].startswith("Definition could not be parsed: "))
        self.assertRegex(got["error"], LINE6_COL6)

    def test_malformed_yaml_workbook_names_line_and_column(self):
        text = "version: '2.0'\nname: wb\nworkflows:\n  w:\n    tasks: [1,\n"
        got = self.expect(400, "POST", "/v2/workbooks", text, "text/plain")
        self.assertTrue(got["faultstring"].startswith(
            "Definition could not be parsed: "), got)
        self.assertRegex(got["faultstring"], r"(?i)line\W*6\b")

    @bora_only("Mistral answers 500 with an empty body (RecursionError)")
    def test_deeply_nested_json_array_is_a_clean_400(self):
        body = "[" * 10000 + "]" * 10000
        got = self.expect(400, "POST", "/v2/executions", body, "application/json")
        self.assertEqual(got["faultcode"], "Client")
        self.assertTrue(got["faultstring"])

    def test_deeply_nested_json_object_does_not_crash_the_server(self):
        body = '{"a":' * 10000 + "1" + "}" * 10000
        st, _, _ = self.req("POST", "/v2/environments", body, "application/json")
        self.assertIn(st, (400, 413, 500))
        self.assertEqual(self.expect(200, "GET", "/v2/")["uri"], self.url + "/v2")

    def test_deeply_nested_json_in_a_string_field_does_not_crash_the_server(self):
        nested = "[" * 10000 + "]" * 10000
        st, _, got = self.req("POST", "/v2/executions",
                              {"workflow_name": "x", "input": nested})
        self.assertIn(st, (400, 500), got)
        self.assertEqual(self.expect(200, "GET", "/v2/")["uri"], self.url + "/v2")

    @bora_only("Mistral's YAML reader recurses without a bound")
    def test_deeply_nested_yaml_definition_is_a_clean_400(self):
        text = "version: '2.0'\n%swf:\n  vars:\n    x: %s%s\n  tasks:\n    t:\n" \
               "      action: std.noop\n" % (self.prefix, "[" * 10000, "]" * 10000)
        got = self.expect(400, "POST", "/v2/workflows", text, "text/plain")
        self.assertEqual(list(got), ["faultstring"])
        self.assertTrue(got["faultstring"])
        self.expect(404, "GET", "/v2/workflows/%swf" % self.prefix)

    def test_yaml_alias_bomb_is_a_clean_400(self):
        # Mistral reads aliases as text and refuses the shape; Bora refuses the
        # expansion (node limit). Either way: a quick, clean refusal.
        lines = ["version: '2.0'", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for i in range(1, 10):
            lines.append("a%d: &a%d [%s]" % (i, i, ", ".join(["*a%d" % (i - 1)] * 10)))
        text = "\n".join(lines) + "\n"
        got = self.expect(200, "POST", "/v2/workflows/validate", text, "text/plain")
        self.assertEqual(got["valid"], False)
        self.assertTrue(got["error"])
        self.expect(400, "POST", "/v2/workflows", text, "text/plain")

    @bora_only("Mistral has no request size limit (it stores 20 MB)")
    def test_oversize_body_is_413(self):
        size = CTX.big_body_mb << 20
        body = json.dumps({"name": self.prefix + "big",
                           "variables": {"x": "a" * size}})
        st, _, got = self.req("POST", "/v2/environments", body.encode(),
                              "application/json")
        self.assertEqual(st, 413, got)
        self.fault(404, "Environment not found [name=%sbig]" % self.prefix,
                   "GET", "/v2/environments/%sbig" % self.prefix)

    @bora_only("Mistral has no request size limit")
    def test_oversize_definition_is_413(self):
        size = CTX.big_body_mb << 20
        text = "version: '2.0'\n" + "#" * size + "\n"
        st, _, _ = self.req("POST", "/v2/workflows", text.encode(), "text/plain")
        self.assertEqual(st, 413)

    @bora_only("answered from the declared length, before reading the body")
    def test_oversize_content_length_is_refused_without_the_body(self):
        parts = urllib.parse.urlsplit(self.url)
        with socket.create_connection((parts.hostname, parts.port), 10) as s:
            s.sendall(b"POST /v2/environments HTTP/1.1\r\nHost: x\r\n"
                      b"Content-Type: application/json\r\n"
                      b"Content-Length: 10000000000\r\n\r\n{")
            s.settimeout(10)
            head = s.recv(4096).decode("latin-1")
        self.assertRegex(head, r"^HTTP/1\.[01] 413")


class MethodsTest(ApiCase):

    def test_post_on_tasks_is_not_allowed(self):
        self.expect(405, "POST", "/v2/tasks", {})

    def test_post_on_services_is_not_allowed(self):
        self.expect(405, "POST", "/v2/services", {})

    def test_get_on_validate_is_not_allowed(self):
        self.expect(405, "GET", "/v2/workflows/validate")

    def test_members_need_authentication(self):
        path = "/v2/workflows/00000000-0000-4000-8000-0000%s/members" % self.uid
        msg = "Resource sharing feature can only be supported with authentication enabled."
        self.fault(400, msg, "GET", path, plain=True)
        self.fault(400, msg, "POST", path, {"member_id": "other"}, plain=True)


class ListParamsTest(ApiCase):

    def test_negative_limit_is_400(self):
        self.fault(400, "Limit must be positive.", "GET", "/v2/executions?limit=-1")

    def test_sort_keys_are_lower_cased(self):
        for n in ("b", "a"):
            self.create_workflow_text("version: '2.0'\n%s%s:\n  tasks:\n    t:\n"
                                      "      action: std.noop\n" % (self.prefix, n))
        got = self.expect(200, "GET", "/v2/workflows?name=has:%s&sort_keys=NAME"
                          % self.uid)
        self.assertEqual([w["name"] for w in got["workflows"]],
                         [self.prefix + "a", self.prefix + "b"])

    def test_sort_dirs_without_keys_sorts_creation_time(self):
        got = self.expect(200, "GET", "/v2/workflows?sort_dirs=desc&limit=1&fields=name")
        self.assertTrue(got["next"].startswith(
            self.url + "/v2/workflows?sort_keys=created_at,id&sort_dirs=desc,asc&limit=1"
            "&marker="), got["next"])
        self.assertTrue(got["next"].endswith("&fields=id,name"), got["next"])

    def test_unknown_sort_key_is_refused(self):
        st, _, got = self.req("GET", "/v2/workflows?sort_keys=bogus&limit=1")
        self.assertIn(st, (400, 500), got)
        self.assertEqual(got["faultstring"], "Sort key supplied is invalid: bogus")

    def test_booleans_accept_digits(self):
        self.create_workflows("wf_basic.yaml")
        self.run_to_end(self.name("hello"))
        # Only the true form is checked: Mistral 15 reads any non-empty value
        # of include_output (even 0 or false) as true.
        got = self.expect(200, "GET", "/v2/executions?workflow_name=%s&include_output=1"
                          % self.name("hello"))
        self.assertIn("output", got["executions"][0])

    def test_has_filter_is_a_substring_match(self):
        self.create_workflows("wf_basic.yaml")
        self.run_to_end(self.name("hello"))
        got = self.expect(200, "GET", "/v2/executions?workflow_name=%s&state=has:UCC"
                          "&fields=state" % self.name("hello"))
        self.assertEqual([e["state"] for e in got["executions"]], ["SUCCESS"])
        got = self.expect(200, "GET", "/v2/executions?workflow_name=%s&state=has:RRO"
                          % self.name("hello"))
        self.assertEqual(got["executions"], [])
