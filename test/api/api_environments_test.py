"""Environments: /v2/environments."""

from api_base import ApiCase, PROJECT

ENV_FIELDS = ["id", "name", "description", "variables", "scope", "project_id",
              "created_at", "updated_at"]


class EnvironmentTest(ApiCase):

    def create(self, **kw):
        body = {"name": self.prefix + "env", "description": "d",
                "variables": '{"greeting": "hi", "__actions": {"std.echo": '
                             '{"output": "default-out"}}}'}
        body.update(kw)
        return self.expect(201, "POST", "/v2/environments", body)

    def test_create(self):
        env = self.create()
        self.assertKeys(env, [k for k in ENV_FIELDS if k != "updated_at"])
        self.assertUuid(env["id"])
        self.assertTimestamp(env["created_at"])
        self.assertEqual((env["name"], env["description"], env["scope"],
                          env["project_id"]),
                         (self.prefix + "env", "d", "private", PROJECT))
        self.assertJsonString(env["variables"], {
            "greeting": "hi", "__actions": {"std.echo": {"output": "default-out"}}})

    def test_variables_as_an_object(self):
        env = self.create(variables={"a": [1, 2]})
        self.assertJsonString(env["variables"], {"a": [1, 2]})

    def test_get(self):
        created = self.create()
        env = self.expect(200, "GET", "/v2/environments/%senv" % self.prefix)
        self.assertKeys(env, ENV_FIELDS)
        self.assertEqual(env["id"], created["id"])
        self.assertIsNone(env["updated_at"])
        self.assertEqual(env["variables"], created["variables"])

    def test_get_unknown_is_404(self):
        self.fault(404, "Environment not found [name=%snope]" % self.prefix,
                   "GET", "/v2/environments/%snope" % self.prefix)

    def test_duplicate_is_409(self):
        self.create()
        self.fault(409, "Duplicate entry for Environment ['name', 'project_id']: "
                   "%senv, None" % self.prefix, "POST", "/v2/environments",
                   {"name": self.prefix + "env", "variables": "{}"})

    def test_unknown_key_is_400(self):
        self.fault(400, "Unknown attribute for argument env: bogus", "POST",
                   "/v2/environments", {"name": self.prefix + "env", "bogus": 1})

    def test_variables_must_be_an_object(self):
        self.fault(400, "JsonType field value must be a dictionary [actual=[1]]",
                   "POST", "/v2/environments",
                   {"name": self.prefix + "env", "variables": "[1]"})

    def test_public_scope_needs_admin(self):
        self.fault(403, "Operation forbidden (insufficient permissions)", "POST",
                   "/v2/environments", {"name": self.prefix + "env",
                                        "variables": "{}", "scope": "public"})

    def test_update_replaces_variables(self):
        created = self.create()
        env = self.expect(200, "PUT", "/v2/environments",
                          {"name": self.prefix + "env", "variables": '{"b": 2}'})
        self.assertKeys(env, ENV_FIELDS)
        self.assertEqual((env["id"], env["description"]), (created["id"], "d"))
        self.assertJsonString(env["variables"], {"b": 2})
        self.assertTimestamp(env["updated_at"])

    def test_update_of_description_keeps_variables(self):
        self.create(variables='{"keep": 1}')
        env = self.expect(200, "PUT", "/v2/environments",
                          {"name": self.prefix + "env", "description": "new"})
        self.assertEqual(env["description"], "new")
        self.assertJsonString(env["variables"], {"keep": 1})

    def test_update_needs_a_name(self):
        self.fault(400, "Name of the environment is not provided.", "PUT",
                   "/v2/environments", {"variables": '{"b": 2}'})

    def test_update_of_unknown_is_404(self):
        self.fault(404, "Environment not found [name=%snope]" % self.prefix, "PUT",
                   "/v2/environments", {"name": self.prefix + "nope", "variables": "{}"})

    def test_update_with_unknown_key_is_400(self):
        self.create()
        self.fault(400, "Unknown attribute for argument env: bogus", "PUT",
                   "/v2/environments", {"name": self.prefix + "env", "bogus": 1})

    def test_delete(self):
        self.create()
        self.expect(204, "DELETE", "/v2/environments/%senv" % self.prefix)
        self.fault(404, "Environment not found [name=%senv]" % self.prefix,
                   "DELETE", "/v2/environments/%senv" % self.prefix)

    def test_list_with_fields(self):
        env = self.create(variables='{"v": 1}')
        self.expect(201, "POST", "/v2/environments", {"name": self.prefix + "bare"})
        got = self.expect(200, "GET", "/v2/environments?name=has:%s&sort_keys=name"
                          "&fields=name,variables" % self.uid)
        self.assertEqual(got["environments"], [
            {"id": got["environments"][0]["id"], "name": self.prefix + "bare",
             "variables": None},
            {"id": env["id"], "name": self.prefix + "env", "variables": '{"v": 1}'}])
        for env in got["environments"]:
            self.assertKeys(env, ["id", "name", "variables"])

    def test_list_items_have_every_field(self):
        self.create()
        got = self.expect(200, "GET", "/v2/environments?name=%senv" % self.prefix)
        [env] = got["environments"]
        self.assertKeys(env, ENV_FIELDS)

    def test_env_defaults_reach_the_actions_of_an_execution(self):
        self.create()
        text = ("version: '2.0'\n%suse_env:\n  output:\n    said: <%% $.said %%>\n"
                "    hi: <%% env().greeting %%>\n  tasks:\n    t:\n"
                "      action: std.echo\n      publish:\n"
                "        said: <%% task().result %%>\n" % self.prefix)
        self.create_workflow_text(text)
        ex = self.run_to_end(self.prefix + "use_env",
                             params={"env": self.prefix + "env"})
        self.assertEqual(ex["state"], "SUCCESS", ex)
        self.assertJsonString(ex["output"], {"said": "default-out", "hi": "hi"})
