"""Shared base class and helpers of the REST API suite (api_*_test.py).

The runner (api_test.py) fills CTX before the tests run. Every test talks to
one server; names are made unique per test with `self.uid` so tests do not
see each other's objects, and collection tests filter on those names.
"""

import functools
import json
import os
import re
import time
import unittest
import uuid
from urllib.parse import quote

import harness

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TS_RE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
PROJECT = "<default-project>"


class Context:
    """What the runner knows about the server under test."""
    url = None            # "http://127.0.0.1:PORT"
    target = "bora"       # "bora" or "mistral"
    big_body_mb = 20      # size of the oversize-body request
    server = None         # harness.Server, to check the process is alive


CTX = Context()


def bora_only(reason):
    """Run the test only against Bora (a deliberate difference, see reason)."""
    def deco(fn):
        @functools.wraps(fn)
        def wrapper(self, *a, **kw):
            if CTX.target != "bora":
                self.skipTest("Bora only: " + reason)
            return fn(self, *a, **kw)
        wrapper.bora_only = reason
        return wrapper
    return deco


def mistral_only(reason):
    """Run the test only against Mistral (see reason)."""
    def deco(fn):
        @functools.wraps(fn)
        def wrapper(self, *a, **kw):
            if CTX.target != "mistral":
                self.skipTest("Mistral only: " + reason)
            return fn(self, *a, **kw)
        wrapper.mistral_only = reason
        return wrapper
    return deco


def fixture_text(name, prefix):
    """The text of fixtures/NAME with every `api_` name prefix made unique."""
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        return f.read().replace("api_", prefix)


def q(value):
    """Percent-encode one query-string value."""
    return quote(str(value), safe="")


class ApiCase(unittest.TestCase):
    """Base of every API test: HTTP verbs, assertions and object factories."""

    maxDiff = None

    def setUp(self):
        self.uid = uuid.uuid4().hex[:8]
        self.prefix = "api%s_" % self.uid

    def tearDown(self):
        if CTX.server is not None and not CTX.server.alive():
            self.fail("the server process exited during this test:\n"
                      + CTX.server.log_tail())

    # -- raw HTTP ------------------------------------------------------------

    @property
    def url(self):
        return CTX.url

    def req(self, method, path, body=None, content_type=None, headers=None):
        return harness.call(method, CTX.url + path, body, content_type, headers)

    def expect(self, status, method, path, body=None, content_type=None):
        """Send a request, assert its status, return the parsed body."""
        st, hdrs, got = self.req(method, path, body, content_type)
        self.assertEqual(st, status, "%s %s -> %d %r" % (method, path, st, got))
        return got

    def fault(self, status, message, method, path, body=None, content_type=None,
              plain=False):
        """Assert an error reply with exactly this faultstring.

        JSON endpoints answer {"faultcode", "faultstring", "debuginfo"}; the
        text/plain upload endpoints (plain=True) answer {"faultstring"} alone.
        """
        got = self.expect(status, method, path, body, content_type)
        if plain:
            want = {"faultstring": message}
        else:
            want = {"faultcode": "Server" if status >= 500 else "Client",
                    "faultstring": message, "debuginfo": None}
        self.assertEqual(got, want)
        return got

    def engine_fault(self, message, method, path, body=None):
        """A not-found raised inside Mistral's engine: either its 500 with
        `DBEntityNotFoundError: 404: <message>` or a plain 404 (api.md 1.3)."""
        st, _, got = self.req(method, path, body)
        if st == 500:
            want = {"faultcode": "Server", "debuginfo": None,
                    "faultstring": "DBEntityNotFoundError: 404: " + message}
        else:
            want = {"faultcode": "Client", "faultstring": message, "debuginfo": None}
            self.assertEqual(st, 404, got)
        self.assertEqual(got, want)

    def fault_match(self, status, pattern, method, path, body=None,
                    content_type=None):
        """Assert an error reply whose faultstring matches a regex."""
        got = self.expect(status, method, path, body, content_type)
        self.assertIsInstance(got, dict, got)
        self.assertRegex(got.get("faultstring", ""), pattern)
        return got

    # -- format assertions --------------------------------------------------

    def assertUuid(self, value):
        self.assertIsInstance(value, str)
        self.assertRegex(value, UUID_RE)

    def assertTimestamp(self, value):
        self.assertIsInstance(value, str)
        self.assertRegex(value, TS_RE)

    def assertJsonString(self, value, expected):
        """A JSON-typed field: a string holding JSON equal to `expected`."""
        self.assertIsInstance(value, str, "expected a JSON-encoded string")
        self.assertEqual(json.loads(value), expected)

    def assertKeys(self, obj, keys):
        self.assertEqual(sorted(obj.keys()), sorted(keys))

    # -- factories ----------------------------------------------------------

    def text(self, fixture):
        return fixture_text(fixture, self.prefix)

    def name(self, base):
        """The unique name a fixture's `api_BASE` got in this test."""
        return self.prefix + base

    def create_workflows(self, fixture, query=""):
        got = self.expect(201, "POST", "/v2/workflows" + query,
                          self.text(fixture), "text/plain")
        return {wf["name"]: wf for wf in got["workflows"]}

    def create_workflow_text(self, text, query=""):
        got = self.expect(201, "POST", "/v2/workflows" + query, text,
                          "text/plain")
        return got["workflows"]

    def start(self, wf_name, status=201, **body):
        body = dict(body)
        body.setdefault("workflow_name", wf_name)
        return self.expect(status, "POST", "/v2/executions", body)

    def run_to_end(self, wf_name, **body):
        ex = self.start(wf_name, **body)
        return self.wait(ex["id"])

    def wait(self, ex_id, states=harness.FINAL_STATES, timeout=30):
        return harness.wait_state(CTX.url, ex_id, states, timeout)

    def tasks_of(self, ex_id):
        got = self.expect(200, "GET", "/v2/executions/%s/tasks" % ex_id)
        return got["tasks"]

    def task_named(self, ex_id, name):
        for t in self.tasks_of(ex_id):
            if t["name"] == name:
                return t
        self.fail("no task %s in execution %s" % (name, ex_id))

    def wait_for(self, probe, timeout=20, what="condition"):
        """Call probe() every 20 ms until it returns a true value."""
        deadline = time.monotonic() + timeout
        while True:
            got = probe()
            if got:
                return got
            if time.monotonic() > deadline:
                self.fail("timed out waiting for " + what)
            time.sleep(0.02)

    def running_action(self, ex_id):
        """The RUNNING action execution of an execution's (single) task."""
        def probe():
            for t in self.tasks_of(ex_id):
                got = self.expect(200, "GET",
                                  "/v2/tasks/%s/action_executions" % t["id"])
                for ae in got["action_executions"]:
                    if ae["state"] == "RUNNING":
                        return ae
            return None
        return self.wait_for(probe, what="a RUNNING action execution")

    def start_waiting(self):
        """Start the async-action workflow; return (execution, action_ex)."""
        self.create_workflows("wf_async.yaml")
        ex = self.start(self.name("wait"))
        return ex, self.running_action(ex["id"])

    def complete_action(self, ae_id, state="SUCCESS", output=None):
        body = {"state": state}
        if output is not None:
            body["output"] = output
        return self.expect(200, "PUT", "/v2/action_executions/" + ae_id, body)
