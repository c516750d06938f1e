#!/usr/bin/python3
"""Run the engine scenarios against a Mistral-compatible REST API and record or check results.

Every scenario file (<nnn>_<slug>.json in this directory) holds a workflow definition, how
to start it, optional control steps and the expected outcome ("expect").  This script:

  * uploads the scenario's ad-hoc actions (if any) and workflows,
  * starts the execution, runs the steps, waits for the final state,
  * collects the execution and every task execution of it, normalizes the data,
  * deletes what it created,
  * then writes "expect" into the file (default), or compares against it (--check).

Only the Python standard library is used, so the same script can be pointed at Bora's server
(--base-url) as well as at the real Mistral.
"""

import argparse
import concurrent.futures
import glob
import json
import os
import re
import sys
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_BASE = "http://127.0.0.1:18989/v2"

COMPLETED = ("SUCCESS", "ERROR", "CANCELLED")
TRANSIENT_TASK_STATES = ("RUNNING", "DELAYED", "WAITING", "IDLE", "PAUSED")
POLL = 0.02            # step condition polling period, seconds
STEP_TIMEOUT = 60.0    # how long a step or the final wait may take
SETTLE_TIMEOUT = 3.0   # after the execution completes, wait for running tasks to finish

UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
ADDR_RE = re.compile(r" object at 0x[0-9a-fA-F]+>")
TRACEBACK_MARKERS = ("\nTraceback (most recent call last)", "\n  File \"")


class ApiError(Exception):
    def __init__(self, method, path, status, body):
        super().__init__("%s %s -> HTTP %s: %s" % (method, path, status, body[:500]))
        self.status = status
        self.body = body

    def faultstring(self):
        try:
            return json.loads(self.body).get("faultstring", self.body)
        except ValueError:
            return self.body


class Client:
    def __init__(self, base_url):
        self.base = base_url.rstrip("/")

    def call(self, method, path, body=None, text=False):
        data = None
        headers = {"Accept": "*/*"}
        if body is not None:
            if text:
                data = body.encode("utf-8")
                headers["Content-Type"] = "text/plain"
            else:
                data = json.dumps(body).encode("utf-8")
                headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                raw = resp.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            raise ApiError(method, path, e.code, e.read().decode("utf-8", "replace")) from None
        return json.loads(raw) if raw.strip() else None

    def get(self, path):
        return self.call("GET", path)


def json_field(value):
    """Fields typed JSON come back as JSON text; accept objects too."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def normalize_string(s):
    for marker in TRACEBACK_MARKERS:
        pos = s.find(marker)
        if pos >= 0:
            s = s[:pos]
    s = UUID_RE.sub("<id>", s)
    s = ADDR_RE.sub(" object at <addr>>", s)
    return s


def normalize(value):
    if isinstance(value, str):
        return normalize_string(value)
    if isinstance(value, list):
        return [normalize(v) for v in value]
    if isinstance(value, dict):
        return {normalize_string(k): normalize(v) for k, v in value.items()}
    return value


def yaml_top_keys(text):
    """Names of the top-level keys of a definition (workflow or action names)."""
    names = []
    for line in text.splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)\s*:", line)
        if m and m.group(1) != "version":
            names.append(m.group(1))
        m = re.match(r"^['\"]([^'\"]+)['\"]\s*:", line)
        if m and m.group(1) != "version":
            names.append(m.group(1))
    return names


class Runner:
    def __init__(self, client):
        self.c = client

    # ---- helpers -------------------------------------------------------------------
    def wait(self, what, predicate, timeout=STEP_TIMEOUT):
        deadline = time.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.time() > deadline:
                raise TimeoutError("timed out waiting for " + what)
            time.sleep(POLL)

    def execution(self, ex_id):
        return self.c.get("/executions/%s" % ex_id)

    def tasks(self, ex_id):
        return self.c.get("/executions/%s/tasks" % ex_id)["tasks"]

    def tree_tasks(self, ex_id):
        """Task executions of an execution and of all its sub-workflow executions."""
        out = list(self.tasks(ex_id))
        subs = self.c.get("/executions?root_execution_id=%s" % ex_id).get("executions", [])
        for sub in subs:
            if sub["id"] != ex_id:
                out += self.tasks(sub["id"])
        return out

    def tasks_named(self, ex_id, name):
        """Executions of task `name`, searched in the execution tree (oldest first)."""
        ts = [t for t in self.tree_tasks(ex_id) if t["name"] == name]
        ts.sort(key=lambda t: (t.get("created_at") or "", t["id"]))
        return ts

    def upload(self, path, text):
        try:
            return self.c.call("POST", path, text, text=True)
        except ApiError as e:
            if e.status != 409:
                raise
        # Left over from an interrupted run: remove and upload again.
        kind = "workflows" if path.startswith("/workflows") else "actions"
        for name in yaml_top_keys(text):
            try:
                self.c.call("DELETE", "/%s/%s" % (kind, name))
            except ApiError:
                pass
        return self.c.call("POST", path, text, text=True)

    # ---- steps ---------------------------------------------------------------------
    def step(self, ex_id, st):
        op = st["op"]
        if op == "wait_state":
            self.wait("execution state %s" % st["state"],
                      lambda: self.execution(ex_id)["state"] == st["state"])
        elif op == "wait_task":
            self.wait("task %s in %s" % (st["task"], st["state"]),
                      lambda: any(t["state"] == st["state"]
                                  for t in self.tasks_named(ex_id, st["task"])))
        elif op == "set_state":
            body = {"state": st["state"]}
            if "state_info" in st:
                body["state_info"] = st["state_info"]
            if "env" in st:
                body["params"] = {"env": st["env"]}
            self.c.call("PUT", "/executions/%s" % ex_id, body)
        elif op == "complete_action":
            # Resuming (RUNNING) targets a PAUSED action; anything else a RUNNING one first.
            wanted = ("PAUSED",) if st["state"] == "RUNNING" else ("RUNNING", "PAUSED")

            def open_action():
                for t in self.tasks_named(ex_id, st["task"]):
                    acts = self.c.get("/action_executions?task_execution_id=%s" % t["id"])
                    for state in wanted:
                        for a in acts["action_executions"]:
                            if a["state"] == state:
                                return a
                return None
            action = self.wait("an open action of task %s" % st["task"], open_action)
            body = {"state": st["state"]}
            if "output" in st:
                body["output"] = st["output"]
            self.c.call("PUT", "/action_executions/%s" % action["id"], body)
        elif op == "rerun":
            def failed_task():
                ts = [t for t in self.tasks_named(ex_id, st["task"]) if t["state"] == "ERROR"]
                return ts[-1] if ts else None
            task = self.wait("task %s in ERROR" % st["task"], failed_task)
            body = {"id": task["id"], "state": "RUNNING", "reset": st.get("reset", True)}
            if "env" in st:
                body["env"] = json.dumps(st["env"])
            self.c.call("PUT", "/tasks/%s" % task["id"], body)
        elif op == "sleep":
            time.sleep(float(st["seconds"]))
        else:
            raise ValueError("unknown step op %r" % op)

    # ---- one scenario --------------------------------------------------------------
    def run(self, sc):
        created_wfs, created_actions, ex_id = [], [], None
        try:
            if sc.get("actions"):
                res = self.upload("/actions", sc["actions"])
                created_actions = [a["name"] for a in res["actions"]]
            res = self.upload("/workflows", sc["definition"])
            created_wfs = [w["name"] for w in res["workflows"]]
            body = {"workflow_name": sc["workflow"],
                    "input": json.dumps(sc.get("input", {})),
                    "params": json.dumps(sc.get("params", {}))}
            try:
                ex = self.c.call("POST", "/executions", body)
            except ApiError as e:
                return {"start_error": {"status": e.status,
                                        "faultstring": normalize_string(e.faultstring())}}
            ex_id = ex["id"]
            for st in sc.get("steps", []):
                self.step(ex_id, st)
            return self.collect(ex_id, sc.get("expect_final"))
        finally:
            self.cleanup(ex_id, created_wfs, created_actions)

    def collect(self, ex_id, expect_final):
        if expect_final == "PAUSED":
            def stable_pause():
                if self.execution(ex_id)["state"] != "PAUSED":
                    return False
                time.sleep(1.0)
                return self.execution(ex_id)["state"] == "PAUSED"
            self.wait("a stable PAUSED state", stable_pause)
        else:
            self.wait("a completed execution",
                      lambda: self.execution(ex_id)["state"] in COMPLETED)
            # Tasks still running after a fail/cancel finish later; give them a moment.
            deadline = time.time() + SETTLE_TIMEOUT
            while time.time() < deadline:
                if not any(t["state"] in TRANSIENT_TASK_STATES for t in self.tasks(ex_id)):
                    break
                time.sleep(0.1)
        ex = self.execution(ex_id)
        tasks = []
        for t in self.tasks(ex_id):
            full = self.c.get("/tasks/%s" % t["id"])
            tasks.append(normalize({
                "name": full["name"],
                "state": full["state"],
                "state_info": full.get("state_info"),
                "published": json_field(full.get("published")) or {},
                "result": json_field(full.get("result")),
            }))
        tasks.sort(key=lambda e: (e["name"], json.dumps(e, sort_keys=True)))
        return {
            "state": ex["state"],
            "state_info": normalize(ex.get("state_info")),
            "output": normalize(json_field(ex.get("output"))),
            "tasks": tasks,
        }

    def cleanup(self, ex_id, wfs, actions):
        if ex_id:
            try:
                self.c.call("DELETE", "/executions/%s?force=true" % ex_id)
            except (ApiError, OSError):
                pass
        for name in wfs:
            try:
                self.c.call("DELETE", "/workflows/%s" % name)
            except (ApiError, OSError):
                pass
        for name in actions:
            try:
                self.c.call("DELETE", "/actions/%s" % name)
            except (ApiError, OSError):
                pass


def load(path):
    with open(path) as f:
        return json.load(f)


def save(path, sc, expect):
    out = {}
    for k, v in sc.items():
        if k != "expect":
            out[k] = v
    out["expect"] = expect
    with open(path, "w") as f:
        json.dump(out, f, indent=2, sort_keys=False, ensure_ascii=False)
        f.write("\n")


def diff(a, b, path="expect"):
    """Human-readable list of differences between two JSON values."""
    if type(a) is not type(b):
        return ["%s: %s != %s" % (path, json.dumps(a)[:300], json.dumps(b)[:300])]
    if isinstance(a, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append("%s.%s: only in %s" % (path, k, "stored" if k in a else "run"))
            else:
                out += diff(a[k], b[k], "%s.%s" % (path, k))
        return out
    if isinstance(a, list):
        if len(a) != len(b):
            return ["%s: length %d != %d: %s != %s" % (path, len(a), len(b),
                                                      json.dumps(a)[:300], json.dumps(b)[:300])]
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out += diff(x, y, "%s[%d]" % (path, i))
        return out
    return [] if a == b else ["%s: %s != %s" % (path, json.dumps(a)[:300], json.dumps(b)[:300])]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base-url", default=DEFAULT_BASE, help="API root, e.g. %s" % DEFAULT_BASE)
    ap.add_argument("--check", action="store_true",
                    help="compare with the stored expect instead of writing it")
    ap.add_argument("--runs", type=int, default=1,
                    help="run every scenario N times; differing runs are reported, not written")
    ap.add_argument("--jobs", type=int, default=1, help="scenarios run in parallel")
    ap.add_argument("--missing", action="store_true",
                    help="only scenarios that have no expect yet")
    ap.add_argument("only", nargs="*", help="substrings of scenario file names to run")
    args = ap.parse_args()

    files = sorted(glob.glob(os.path.join(HERE, "[0-9]*.json")))
    if args.only:
        files = [f for f in files if any(s in os.path.basename(f) for s in args.only)]
    if args.missing:
        files = [f for f in files if "expect" not in load(f)]
    runner = Runner(Client(args.base_url))
    lock = threading.Lock()
    problems = []

    def one(path):
        name = os.path.basename(path)
        sc = load(path)
        started = time.time()
        results = []
        try:
            for _ in range(max(1, args.runs)):
                results.append(runner.run(sc))
        except Exception as e:  # report and go on with the other scenarios
            with lock:
                problems.append(name)
                print("FAIL  %s: %s: %s" % (name, type(e).__name__, e), flush=True)
            return
        msgs = []
        for i, r in enumerate(results[1:], 2):
            msgs += ["run 1 vs run %d: %s" % (i, d) for d in diff(results[0], r, "expect")]
        if args.check and not msgs:
            msgs = diff(sc.get("expect"), results[0])
        with lock:
            if msgs:
                problems.append(name)
                print("DIFF  %s" % name, flush=True)
                for m in msgs:
                    print("      " + m, flush=True)
            else:
                if not args.check:
                    save(path, sc, results[0])
                print("ok    %s (%.1fs)" % (name, time.time() - started), flush=True)

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        list(pool.map(one, files))
    print("%d scenarios, %d with problems%s" % (
        len(files), len(problems), (": " + ", ".join(sorted(problems))) if problems else ""))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
