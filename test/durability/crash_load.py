"""The load of the crash test: what is submitted and how a run is finished.

The workflows live in workflows/*.yaml. Every task there is `safe-rerun: true`
except those listed in UNSAFE_TASKS.
"""

import json
import os
import re
import time

import harness

WORKFLOW_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "workflows")
FINAL = ("SUCCESS", "ERROR", "CANCELLED")


# Each kind of execution of the load: workflow name and input of copy i,
# given the URL of the test's HTTP endpoint. `lead` (seconds before the first
# task starts) spreads the copies in time, so that kills land in all phases.
KINDS = [
    ("crash_seq", lambda i, url: {"start": i + 1, "lead": i, "url": url}),
    ("crash_fanout", lambda i, url: {"lead": i}),
    ("crash_items", lambda i, url: {"count": 50, "lead": i}),
    ("crash_retry", lambda i, url: {}),
    ("crash_parent", lambda i, url: {"lead": i}),
    ("crash_sleep", lambda i, url: {}),
    ("crash_paused", lambda i, url: {}),
    ("crash_async", lambda i, url: {}),
    ("crash_unsafe", lambda i, url: {"lead": 1.5 * i, "url": url}),
]

# Executions paused over the API right after they start (in both runs), on
# top of crash_paused, which pauses itself; all are resumed at the end.
API_PAUSED = [("crash_seq", 0), ("crash_items", 0)]

# Tasks without `safe-rerun: true`, with how many action executions one task
# execution may have at most (one per with-items item; none of them retries).
UNSAFE_TASKS = {
    "crash_unsafe": {"items": 6, "call": 1, "done": 1},
    "crash_async": {"hold": 1},
}
# crash_unsafe's safe first task, its unsafe tasks in the order they run, and
# the on-error path they all lead to.
UNSAFE_FIRST = ["lead"]
UNSAFE_ORDER = ["items", "call", "done"]
UNSAFE_HANDLER = "handle"
# Words one of which a "clear" state_info of an interrupted unsafe task uses.
CLEAR_INFO = re.compile(r"safe|re-?run|redeliver|restart|crash|interrupt|recover",
                        re.IGNORECASE)

# With-items concurrency of tasks that run several actions at once.
WIDTH = {("crash_items", "each"): 5, ("crash_unsafe", "items"): 3}

# Executions driven by timers (std.sleep, wait-before/after, retry delays,
# timeout), and the slack their crash-run duration gets: two timestamps of 1 s
# granularity and a scheduler that may fire up to 1 s late.
TIMED = ("crash_sleep", "crash_retry")
TIMER_SLACK = 3.0


# -- HTTP helpers --------------------------------------------------------------

def api(srv, method, path, body=None, content_type=None, timeout=30):
    """One request to the server `srv`; returns (status, headers, body)."""
    return harness.call(method, srv.url + path, body=body,
                        content_type=content_type, timeout=timeout)


def expect(status, body, wanted, what):
    """Returns `body`, or raises RuntimeError naming `what` if status is not `wanted`."""
    if status != wanted:
        raise RuntimeError("%s -> %d %r" % (what, status, body))
    return body


def list_all(srv, collection, query=""):
    """Every item of a collection, following `next` links."""
    items = []
    path = "/v2/%s%s" % (collection, query)
    while path:
        status, _, body = api(srv, "GET", path)
        expect(status, body, 200, "GET " + path)
        items.extend(body.get(collection, []))
        nxt = body.get("next")
        path = nxt[nxt.index("/v2/"):] if nxt else None
    return items


def json_field(value):
    """A JSON-typed resource field (sent as JSON text) as a Python value."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def upload_workflows(srv):
    """Posts every workflows/*.yaml file; raises unless each is accepted."""
    for name in sorted(os.listdir(WORKFLOW_DIR)):
        if name.endswith(".yaml"):
            with open(os.path.join(WORKFLOW_DIR, name), encoding="utf-8") as f:
                status, _, body = api(srv, "POST", "/v2/workflows", f.read(), "text/plain")
            expect(status, body, 201, "POST /v2/workflows " + name)


def post_execution(srv, workflow, inp, exec_id=None, timeout=30):
    """Starts `workflow` (with the given id, if any); returns the id the server answered."""
    body = {"workflow_name": workflow, "input": inp}
    if exec_id:
        body["id"] = exec_id
    status, _, reply = api(srv, "POST", "/v2/executions", body, timeout=timeout)
    return expect(status, reply, 201, "POST /v2/executions " + workflow)["id"]


def submit_load(srv, copies, url):
    """Start every execution of the load; return {id: (workflow, copy)}."""
    load = {}
    for i in range(copies):
        for workflow, make_input in KINDS:
            exec_id = post_execution(srv, workflow, make_input(i, url))
            load[exec_id] = (workflow, i)
            if (workflow, i) in API_PAUSED:
                status, _, body = api(srv, "PUT", "/v2/executions/" + exec_id,
                                      {"state": "PAUSED"})
                expect(status, body, 200, "pause %s#%d" % (workflow, i))
    return load


def stays_paused(key):
    """True for the executions that must be PAUSED until the test resumes them."""
    return key[0] == "crash_paused" or key in API_PAUSED


def get_state(srv, exec_id):
    """An execution's state, or None when the server does not know it."""
    status, _, body = api(srv, "GET", "/v2/executions/" + exec_id)
    return body.get("state") if status == 200 else None


def wait_until(pred, timeout, step=0.2):
    """Calls pred() every `step` s until it is true (True) or `timeout` s pass (False)."""
    deadline = time.monotonic() + timeout
    while True:
        if pred():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(step)


def deadline_left(deadline):
    return max(0.0, deadline - time.monotonic())


# -- finishing a run: the paused and async executions --------------------------

def hold_action(srv, exec_id):
    """The action execution of crash_async's `hold` task, or None."""
    for task in list_all(srv, "tasks", "?workflow_execution_id=" + exec_id):
        if task["name"] == "hold":
            actions = list_all(srv, "action_executions",
                               "?task_execution_id=" + task["id"])
            return actions[0] if len(actions) == 1 else None
    return None


def finish_load(srv, load, checks, label, timeout):
    """Drive every execution of `load` to a final state within `timeout`.

    Waits for the self-running executions, checks that the paused ones are
    PAUSED and resumes them, completes crash_async's action, then waits for
    the rest. Adds checks named after `label`; returns True if everything is
    final.
    """
    deadline = time.monotonic() + timeout
    others = [e for e, key in load.items()
              if key[0] != "crash_async" and not stays_paused(key)]
    states = {}

    def others_final():
        for e in others:
            if states.get(e) not in FINAL:
                states[e] = get_state(srv, e)
        return all(states.get(e) in FINAL for e in others)

    ok = wait_until(others_final, deadline_left(deadline))
    pending = ["%s#%d %s=%s" % (load[e] + (e, states.get(e))) for e in others
               if states.get(e) not in FINAL]
    checks.add("%s: self-running executions reach a final state" % label, ok,
               "still " + ", ".join(pending))

    paused = {e: get_state(srv, e) for e, key in load.items() if stays_paused(key)}
    wrong = ["%s#%d %s=%s" % (load[e] + (e, state)) for e, state in paused.items()
             if state != "PAUSED"]
    for e in paused:
        status, _, body = api(srv, "PUT", "/v2/executions/" + e, {"state": "RUNNING"})
        if status != 200:
            wrong.append("%s: resume -> %d %r" % (e, status, body))
    checks.add("%s: paused executions are PAUSED and resume" % label,
               not wrong, ", ".join(wrong))

    completed = []
    for e, (wf, copy) in load.items():
        if wf != "crash_async":
            continue
        seen = []

        def hold_running():
            seen[:] = [hold_action(srv, e)]
            return seen[0] is not None and seen[0]["state"] == "RUNNING"

        if not wait_until(hold_running, min(20.0, deadline_left(deadline))):
            completed.append("%s: no single RUNNING action (%r)" % (e, seen[0]))
            continue
        status, _, body = api(srv, "PUT", "/v2/action_executions/" + seen[0]["id"],
                              {"state": "SUCCESS", "output": {"done": True, "copy": copy}})
        if status != 200:
            completed.append("%s: PUT -> %d %r" % (e, status, body))
    checks.add("%s: crash_async actions are RUNNING and can be completed" % label,
               not completed, "; ".join(completed))

    states.clear()
    others[:] = list(load)
    ok = wait_until(others_final, deadline_left(deadline))
    pending = ["%s#%d %s=%s" % (load[e] + (e, states.get(e))) for e in others
               if states.get(e) not in FINAL]
    checks.add("%s: every execution reaches a final state" % label, ok,
               "still " + ", ".join(pending))
    return ok
