"""Workbooks: /v2/workbooks."""

from api_base import ApiCase, PROJECT

WB_FIELDS = ["id", "name", "namespace", "definition", "tags", "scope",
             "project_id", "created_at", "updated_at"]


class WorkbookTest(ApiCase):

    def create(self, query=""):
        return self.expect(201, "POST", "/v2/workbooks" + query,
                           self.text("wb_basic.yaml"), "text/plain")

    def test_create_returns_the_workbook(self):
        wb = self.create()
        self.assertKeys(wb, [k for k in WB_FIELDS if k != "updated_at"])
        self.assertUuid(wb["id"])
        self.assertTimestamp(wb["created_at"])
        self.assertEqual(wb["name"], self.name("wb"))
        self.assertEqual(wb["namespace"], "")
        self.assertEqual(wb["definition"], self.text("wb_basic.yaml"))
        self.assertEqual(wb["tags"], [])
        self.assertEqual(wb["scope"], "private")
        self.assertEqual(wb["project_id"], PROJECT)

    def test_create_makes_prefixed_workflows_and_actions(self):
        self.create()
        wf = self.expect(200, "GET", "/v2/workflows/%s.flow" % self.name("wb"))
        self.assertEqual(wf["name"], self.name("wb") + ".flow")
        self.assertIn("tasks:", wf["definition"])
        act = self.expect(200, "GET", "/v2/actions/%s.shout/" % self.name("wb"))
        self.assertEqual(act["input"], "text")

    def test_workbook_workflow_runs_with_its_action(self):
        self.create()
        ex = self.run_to_end(self.name("wb") + ".flow")
        self.assertEqual(ex["state"], "SUCCESS", ex)
        task = self.task_named(ex["id"], "t")
        self.assertJsonString(task["published"], {"said": "hey!"})

    def test_duplicate_is_409(self):
        self.create()
        self.fault(409, "Duplicate entry for WorkbookDefinition ['name', "
                   "'namespace', 'project_id']: %s, , None" % self.name("wb"),
                   "POST", "/v2/workbooks", self.text("wb_basic.yaml"),
                   "text/plain", plain=True)

    def test_get(self):
        created = self.create()
        wb = self.expect(200, "GET", "/v2/workbooks/" + self.name("wb"))
        self.assertKeys(wb, WB_FIELDS)
        self.assertEqual(wb["id"], created["id"])
        self.assertIsNone(wb["updated_at"])

    def test_get_unknown_is_404(self):
        self.fault(404, "Workbook not found [name=%s, namespace=]" % self.name("x"),
                   "GET", "/v2/workbooks/" + self.name("x"))

    def test_namespaces_hold_separate_workbooks(self):
        self.create()
        other = self.create("?namespace=ns" + self.uid)
        self.assertEqual(other["namespace"], "ns" + self.uid)
        got = self.expect(200, "GET", "/v2/workbooks/%s?namespace=ns%s"
                          % (self.name("wb"), self.uid))
        self.assertEqual(got["id"], other["id"])
        wf = self.expect(200, "GET", "/v2/workflows/%s.flow?namespace=ns%s"
                         % (self.name("wb"), self.uid))
        self.assertEqual(wf["namespace"], "ns" + self.uid)

    def test_get_in_wrong_namespace_is_404(self):
        self.create("?namespace=ns" + self.uid)
        self.fault(404, "Workbook not found [name=%s, namespace=]" % self.name("wb"),
                   "GET", "/v2/workbooks/" + self.name("wb"))

    def test_update_changes_definition_and_items(self):
        self.create()
        text = self.text("wb_basic.yaml").replace('text="hey"', 'text="ho"')
        wb = self.expect(200, "PUT", "/v2/workbooks", text, "text/plain")
        self.assertEqual(wb["definition"], text)
        self.assertTimestamp(wb["updated_at"])
        wf = self.expect(200, "GET", "/v2/workflows/%s.flow" % self.name("wb"))
        self.assertIn('text="ho"', wf["definition"])

    def test_update_of_unknown_workbook_is_404(self):
        self.fault(404, "Workbook not found [name=%s, namespace=]" % self.name("wb"),
                   "PUT", "/v2/workbooks", self.text("wb_basic.yaml"),
                   "text/plain", plain=True)

    def test_delete_keeps_its_workflows(self):
        self.create()
        self.expect(204, "DELETE", "/v2/workbooks/" + self.name("wb"))
        self.expect(404, "GET", "/v2/workbooks/" + self.name("wb"))
        self.expect(200, "GET", "/v2/workflows/%s.flow" % self.name("wb"))

    def test_delete_unknown_is_404(self):
        self.fault(404, "Workbook not found [workbook_name=%s, namespace=]"
                   % self.name("x"), "DELETE", "/v2/workbooks/" + self.name("x"))

    def test_validate(self):
        self.assertEqual(self.expect(200, "POST", "/v2/workbooks/validate",
                                     self.text("wb_basic.yaml"), "text/plain"),
                         {"valid": True})
        self.expect(404, "GET", "/v2/workbooks/" + self.name("wb"))

    def test_validate_reports_an_invalid_workbook(self):
        text = self.text("wb_basic.yaml").replace("publish:", "on-success: [nowhere]\n        publish:")
        got = self.expect(200, "POST", "/v2/workbooks/validate", text, "text/plain")
        self.assertEqual(got, {"valid": False, "error": "Task 'nowhere' not found."})

    def test_create_with_invalid_workbook_is_400(self):
        text = self.text("wb_basic.yaml").replace("publish:", "on-success: [nowhere]\n        publish:")
        self.fault(400, "Task 'nowhere' not found.", "POST", "/v2/workbooks",
                   text, "text/plain", plain=True)

    def test_list_filters_by_name(self):
        self.create()
        got = self.expect(200, "GET", "/v2/workbooks?name=" + self.name("wb"))
        self.assertEqual(list(got), ["workbooks"])
        [wb] = got["workbooks"]
        self.assertKeys(wb, WB_FIELDS)
        self.assertEqual(wb["name"], self.name("wb"))

    def test_list_fields(self):
        self.create()
        got = self.expect(200, "GET", "/v2/workbooks?name=%s&fields=name,namespace"
                          % self.name("wb"))
        self.assertEqual(got["workbooks"], [{"id": got["workbooks"][0]["id"],
                                             "name": self.name("wb"),
                                             "namespace": ""}])
