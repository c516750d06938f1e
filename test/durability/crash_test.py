"""Kill -9 crash-loop test of `bora server` (durability).

Runs a mixed load twice on fresh data directories:

1. the baseline: one server, no crash; every execution's final state, output,
   task states and sub-execution states are recorded;
2. the crash loop: start, submit the same load (first round only), sleep a
   seeded random 0.05-1.5 s, SIGKILL, restart on the same --data directory,
   repeat --rounds times; then a last start that must finish everything.

At the end of both runs the paused execution is checked to be PAUSED and is
resumed, and the async action is completed through the API. The crash run
must then reach the baseline's results, except `crash_unsafe`, whose tasks
are not safe to rerun: there an interrupted action fails its task with a
clear state_info and the on-error path runs. Usage:

    /usr/bin/python3 test/durability/crash_test.py --bora build/bora --rounds 10

Prints one line per check, then `N of M checks passed`; exits 0 only if all
passed. Standard library only.
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "api"))
import harness  # noqa: E402  (shared HTTP helpers of the REST API suite)

WORKFLOW_DIR = os.path.join(HERE, "workflows")
FINAL = ("SUCCESS", "ERROR", "CANCELLED")
START_TIMEOUT = 30.0          # seconds for a (recovering) server to answer GET /
STOP_GRACE = 15.0             # seconds between SIGTERM and SIGKILL at the end
KILL_MIN, KILL_MAX = 0.05, 1.5

# Each kind of execution of the load: workflow name and input of copy i.
KINDS = [
    ("crash_seq", lambda i: {"start": i + 1}),
    ("crash_fanout", lambda i: {}),
    ("crash_items", lambda i: {"count": 50}),
    ("crash_retry", lambda i: {}),
    ("crash_parent", lambda i: {}),
    ("crash_sleep", lambda i: {}),
    ("crash_paused", lambda i: {}),
    ("crash_async", lambda i: {}),
    ("crash_unsafe", lambda i: {}),
]

# Tasks without `safe-rerun: true`, with how many action executions one task
# execution may have at most (one per with-items item; none of them retries).
UNSAFE_TASKS = {
    "crash_unsafe": {"items": 10, "nap": 1, "done": 1},
    "crash_async": {"hold": 1},
}
# crash_unsafe's tasks in the order they run; `handle` is its on-error path.
UNSAFE_ORDER = ["items", "nap", "done"]
UNSAFE_HANDLER = "handle"
# Words one of which a "clear" state_info of an interrupted unsafe task uses.
CLEAR_INFO = re.compile(r"safe|re-?run|redeliver|restart|crash|interrupt|recover",
                        re.IGNORECASE)
# Server output that means the process crashed instead of being killed.
CRASH_MARKS = re.compile(r"terminate called|Aborted|Segmentation fault|core dumped|"
                         r"AddressSanitizer|UndefinedBehaviorSanitizer|runtime error:|"
                         r"Assertion .* failed|stack smashing|\[critical\]|"
                         r"double free|corrupted", re.IGNORECASE)
LATE_SUBMISSIONS = 20          # crash_seq executions posted while round 2 is killed


# -- results -----------------------------------------------------------------

class Checks:
    """Collects named pass/fail results and prints one line for each."""

    def __init__(self):
        self.results = []

    def add(self, name, ok, detail=""):
        self.results.append((name, bool(ok)))
        line = "%s %s" % ("PASS" if ok else "FAIL", name)
        if detail and not ok:
            line += ": " + detail
        print(line, flush=True)
        return ok

    def summary(self):
        passed = sum(1 for _, ok in self.results if ok)
        print("%d of %d checks passed" % (passed, len(self.results)), flush=True)
        return passed == len(self.results)


def note(text):
    print("# " + text, flush=True)


# -- the server process --------------------------------------------------------

class Bora:
    """One `bora server` process on a data directory; restartable."""

    def __init__(self, binary, data_dir, log_dir, cwd):
        self.binary = binary
        self.data_dir = data_dir
        self.log_dir = log_dir
        self.cwd = cwd
        self.proc = None
        self.url = None
        self.starts = 0
        self.log_paths = []

    def start(self):
        """Start the server and wait until GET / answers; raise if it does not."""
        self.starts += 1
        port = harness.free_port()
        self.url = "http://127.0.0.1:%d" % port
        log_path = os.path.join(self.log_dir, "server-%03d.log" % self.starts)
        self.log_paths.append(log_path)
        with open(log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [self.binary, "server", "--listen", "127.0.0.1:%d" % port,
                 "--data", self.data_dir],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                cwd=self.cwd)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited with status %d at start %d:\n%s"
                                   % (self.proc.returncode, self.starts, self.log_tail()))
            try:
                status, _, _ = harness.call("GET", self.url + "/", timeout=2)
                if status < 500:
                    return
            except OSError:
                pass
            time.sleep(0.02)
        self.kill()
        raise RuntimeError("server did not answer GET / within %.0f s at start %d:\n%s"
                           % (START_TIMEOUT, self.starts, self.log_tail()))

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def kill(self):
        """SIGKILL the server; return False if it had already exited by itself."""
        was_alive = self.alive()
        if self.proc is not None:
            if was_alive:
                self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
            self.proc = None
        return was_alive

    def stop(self):
        """SIGTERM the server; return its exit status (None if it needed SIGKILL)."""
        if self.proc is None:
            return None
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=STOP_GRACE)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            rc = None
        self.proc = None
        return rc

    def log_tail(self, lines=20):
        if not self.log_paths or not os.path.exists(self.log_paths[-1]):
            return ""
        with open(self.log_paths[-1], "rb") as f:
            text = f.read().decode("utf-8", "replace")
        return "\n".join(text.splitlines()[-lines:])

    def crash_lines(self):
        """Lines of every log of this server that look like a crash."""
        found = []
        for path in self.log_paths:
            with open(path, "rb") as f:
                for line in f.read().decode("utf-8", "replace").splitlines():
                    if CRASH_MARKS.search(line):
                        found.append("%s: %s" % (os.path.basename(path), line.strip()))
        return found


# -- HTTP helpers ----------------------------------------------------------------

def api(srv, method, path, body=None, content_type=None, timeout=30):
    return harness.call(method, srv.url + path, body=body,
                        content_type=content_type, timeout=timeout)


def expect(status, body, wanted, what):
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
    for name in sorted(os.listdir(WORKFLOW_DIR)):
        if name.endswith(".yaml"):
            with open(os.path.join(WORKFLOW_DIR, name), encoding="utf-8") as f:
                status, _, body = api(srv, "POST", "/v2/workflows", f.read(), "text/plain")
            expect(status, body, 201, "POST /v2/workflows " + name)


def post_execution(srv, workflow, inp, exec_id=None, timeout=30):
    body = {"workflow_name": workflow, "input": inp}
    if exec_id:
        body["id"] = exec_id
    status, _, reply = api(srv, "POST", "/v2/executions", body, timeout=timeout)
    return expect(status, reply, 201, "POST /v2/executions " + workflow)["id"]


def submit_load(srv, copies):
    """Start every execution of the load; return {id: (workflow, copy)}."""
    load = {}
    for i in range(copies):
        for workflow, make_input in KINDS:
            load[post_execution(srv, workflow, make_input(i))] = (workflow, i)
    return load


def get_state(srv, exec_id):
    status, _, body = api(srv, "GET", "/v2/executions/" + exec_id)
    return body.get("state") if status == 200 else None


def wait_until(pred, timeout, step=0.2):
    deadline = time.monotonic() + timeout
    while True:
        if pred():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(step)


def deadline_left(deadline):
    return max(0.0, deadline - time.monotonic())


# -- finishing a run: the paused and async executions ---------------------------

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

    Waits for the self-running executions, checks that crash_paused is PAUSED
    and resumes it, completes crash_async's action, then waits for the rest.
    Adds checks named after `label`; returns True if everything is final.
    """
    deadline = time.monotonic() + timeout
    special = ("crash_paused", "crash_async")
    others = [e for e, (wf, _) in load.items() if wf not in special]
    states = {}

    def others_final():
        for e in others:
            if states.get(e) not in FINAL:
                states[e] = get_state(srv, e)
        return all(states.get(e) in FINAL for e in others)

    ok = wait_until(others_final, deadline_left(deadline))
    pending = ["%s=%s" % (load[e][0], states.get(e)) for e in others
               if states.get(e) not in FINAL]
    checks.add("%s: self-running executions reach a final state" % label, ok,
               "still " + ", ".join(pending))

    paused = [e for e, (wf, _) in load.items() if wf == "crash_paused"]
    not_paused = ["%s=%s" % (e, get_state(srv, e)) for e in paused
                  if get_state(srv, e) != "PAUSED"]
    checks.add("%s: crash_paused executions are PAUSED before resume" % label,
               not not_paused, ", ".join(not_paused))
    for e in paused:
        api(srv, "PUT", "/v2/executions/" + e, {"state": "RUNNING"})

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
    pending = ["%s=%s" % (load[e][0], states.get(e)) for e in others
               if states.get(e) not in FINAL]
    checks.add("%s: every execution reaches a final state" % label, ok,
               "still " + ", ".join(pending))
    return ok


# -- snapshots -------------------------------------------------------------------

def snapshot(srv):
    """Every execution, task and action execution the server holds."""
    execs = {e["id"]: e for e in list_all(srv, "executions", "?include_output=true")}
    tasks = {}
    for t in list_all(srv, "tasks"):
        tasks.setdefault(t["workflow_execution_id"], []).append(t)
    actions = {}
    for a in list_all(srv, "action_executions", "?include_output=true"):
        actions.setdefault(a.get("task_execution_id"), []).append(a)
    return {"execs": execs, "tasks": tasks, "actions": actions}


def subtree(snap, root_id):
    """Sub-executions of a top-level execution."""
    return [e for e in snap["execs"].values() if e.get("root_execution_id") == root_id
            and e["id"] != root_id]


def summary(snap, exec_id):
    """What must match between runs: state, output, task and sub-execution states."""
    e = snap["execs"][exec_id]
    tasks = sorted((t["name"], t["state"]) for t in snap["tasks"].get(exec_id, []))
    subs = sorted((s["workflow_name"], s["state"], json.dumps(json_field(s.get("output")),
                                                              sort_keys=True))
                  for s in subtree(snap, exec_id))
    sub_tasks = sorted((s["workflow_name"], t["name"], t["state"])
                       for s in subtree(snap, exec_id)
                       for t in snap["tasks"].get(s["id"], []))
    return {"state": e["state"], "output": json_field(e.get("output")),
            "tasks": tasks, "subs": subs, "sub_tasks": sub_tasks}


def describe(snap, exec_id):
    e = snap["execs"].get(exec_id, {})
    bad = ["%s=%s (%s)" % (t["name"], t["state"], t.get("state_info"))
           for t in snap["tasks"].get(exec_id, []) if t["state"] != "SUCCESS"]
    return "state=%s state_info=%r output=%s tasks[%s]" % (
        e.get("state"), e.get("state_info"), json.dumps(json_field(e.get("output"))),
        "; ".join(bad))


def unsafe_alternative(snap, exec_id, expected):
    """'' if crash_unsafe ended on its documented error path, else why not."""
    got = summary(snap, exec_id)
    if got["state"] != expected["state"] or got["output"] != {"path": "handled"}:
        return "neither outcome: " + describe(snap, exec_id)
    by_name = {t["name"]: t for t in snap["tasks"].get(exec_id, [])}
    failed = [n for n in UNSAFE_ORDER if n in by_name and by_name[n]["state"] == "ERROR"]
    if len(failed) != 1:
        return "handled path without exactly one failed task: " + describe(snap, exec_id)
    k = UNSAFE_ORDER.index(failed[0])
    want = sorted([(n, "SUCCESS") for n in UNSAFE_ORDER[:k]] +
                  [(failed[0], "ERROR"), (UNSAFE_HANDLER, "SUCCESS")])
    if got["tasks"] != want:
        return "handled path with tasks %r, expected %r" % (got["tasks"], want)
    task = by_name[failed[0]]
    texts = [task.get("state_info") or ""]
    texts += [str(a.get("state_info") or "") + " " + str(a.get("output") or "")
              for a in snap["actions"].get(task["id"], []) if a["state"] == "ERROR"]
    if not any(CLEAR_INFO.search(t) for t in texts):
        return "task %s ERROR without a clear state_info: %r" % (failed[0], texts[0])
    return ""


def unsafe_action_counts(snap, load):
    """Task executions of non-safe-rerun tasks with too many action executions."""
    over = []
    for exec_id, (wf, _) in load.items():
        limits = UNSAFE_TASKS.get(wf, {})
        runs = {}
        for t in snap["tasks"].get(exec_id, []):
            if t["name"] not in limits:
                continue
            runs[t["name"]] = runs.get(t["name"], 0) + 1
            n = len(snap["actions"].get(t["id"], []))
            if n > limits[t["name"]]:
                over.append("%s %s/%s: %d action executions (at most %d)"
                            % (wf, exec_id, t["name"], n, limits[t["name"]]))
        over += ["%s %s/%s: %d task executions" % (wf, exec_id, n, c)
                 for n, c in runs.items() if c > 1]
    return over


def dump(root, name, value):
    """Writes `value` as JSON next to the run's data, for --keep debugging."""
    with open(os.path.join(root, name), "w", encoding="utf-8") as f:
        json.dump(value, f, indent=1, sort_keys=True)


# -- the two runs ------------------------------------------------------------------

def db_check(binary, data_dir, cwd):
    proc = subprocess.run([binary, "db", "check", "--data", data_dir], cwd=cwd,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    return proc.returncode, proc.stdout.decode("utf-8", "replace").strip()


def stop_and_verify(bora, checks, label, args, cwd):
    rc = bora.stop()
    checks.add("%s: server stops on SIGTERM with status 0" % label, rc == 0,
               "status %r" % rc)
    crashes = bora.crash_lines()
    checks.add("%s: server logs show no crash or abort" % label, not crashes,
               "; ".join(crashes[:5]))
    rc, out = db_check(args.bora, bora.data_dir, cwd)
    checks.add("%s: bora db check is clean" % label, rc == 0,
               "exit %d: %s" % (rc, out[-500:]))


def run_baseline(args, root, checks):
    """Run the load without crashes; return {(workflow, copy): summary}."""
    note("baseline: one server, no crash")
    data, logs = os.path.join(root, "baseline-data"), os.path.join(root, "baseline-logs")
    os.makedirs(logs)
    bora = Bora(args.bora, data, logs, root)
    bora.start()
    try:
        upload_workflows(bora)
        load = submit_load(bora, args.copies)
        finish_load(bora, load, checks, "baseline", args.finish_timeout)
        snap = snapshot(bora)
    finally:
        stop_and_verify(bora, checks, "baseline", args, root)
    expected = {key: summary(snap, e) for e, key in load.items()}
    dump(root, "baseline.json", {"%s#%d" % k: v for k, v in expected.items()})
    wrong = ["%s#%d %s" % (k[0], k[1], describe(snap, e)) for e, k in load.items()
             if expected[k]["state"] != "SUCCESS"]
    checks.add("baseline: all %d executions end SUCCESS" % len(load), not wrong,
               "; ".join(wrong))
    return expected


class LateSubmitter(threading.Thread):
    """Posts crash_seq executions with chosen ids until the server dies."""

    def __init__(self, srv):
        super().__init__(daemon=True)
        self.url = srv.url
        self.acked, self.unacked = [], []

    def run(self):
        for _ in range(LATE_SUBMISSIONS):
            exec_id = str(uuid.uuid4())
            try:
                status, _, body = harness.call(
                    "POST", self.url + "/v2/executions",
                    {"workflow_name": "crash_seq", "input": {"start": 1}, "id": exec_id},
                    timeout=10)
            except OSError:
                self.unacked.append(exec_id)
                return
            if status == 201 and body.get("id") == exec_id:
                self.acked.append(exec_id)
            else:
                self.unacked.append(exec_id)
                return
            time.sleep(0.05)


def crash_loop(args, bora, rng, checks):
    """Submit the load, then kill and restart --rounds times; return (load, late)."""
    load, late = {}, None
    died, paused_seen, paused_bad = [], set(), []
    for rnd in range(1, args.rounds + 1):
        bora.start()
        if rnd == 1:
            upload_workflows(bora)
            load = submit_load(bora, args.copies)
        for e, (wf, _) in load.items():
            if wf == "crash_paused":
                state = get_state(bora, e)
                if e in paused_seen and state != "PAUSED":
                    paused_bad.append("round %d: %s is %s" % (rnd, e, state))
                if state == "PAUSED":
                    paused_seen.add(e)
        if rnd == 2:
            late = LateSubmitter(bora)
            late.start()
        pause = rng.uniform(KILL_MIN, KILL_MAX)
        time.sleep(pause)
        if not bora.kill():
            died.append("round %d: exited by itself:\n%s" % (rnd, bora.log_tail()))
        if late is not None and rnd == 2:
            late.join()
        note("round %d: killed after %.2f s" % (rnd, pause))
    checks.add("crash: server alive at every SIGKILL (%d rounds)" % args.rounds,
               not died, "; ".join(died))
    checks.add("crash: paused executions stay PAUSED across restarts",
               not paused_bad, "; ".join(paused_bad))
    return load, late


def run_crash(args, root, rng, checks, expected):
    note("crash loop: %d rounds, seed %d" % (args.rounds, args.seed))
    data, logs = os.path.join(root, "crash-data"), os.path.join(root, "crash-logs")
    os.makedirs(logs)
    bora = Bora(args.bora, data, logs, root)
    try:
        load, late = crash_loop(args, bora, rng, checks)
        bora.start()
        if not load:
            upload_workflows(bora)
            load = submit_load(bora, args.copies)
        started = time.monotonic()
        late_ids = list(late.acked) if late else []
        finish_load(bora, dict(load, **{e: ("crash_seq", 0) for e in late_ids}),
                    checks, "crash", args.finish_timeout)
        note("crash: finished %.1f s after the last restart" % (time.monotonic() - started))
        snap = snapshot(bora)
    finally:
        stop_and_verify(bora, checks, "crash", args, root)
    dump(root, "crash.json", {"%s#%d" % k: summary(snap, e) for e, k in load.items()
                              if e in snap["execs"]})
    compare(snap, load, expected, checks)
    check_late(snap, late, expected, checks)
    over = unsafe_action_counts(snap, load)
    checks.add("crash: no non-safe-rerun task has more action executions than allowed",
               not over, "; ".join(over))


def compare(snap, load, expected, checks):
    for e, key in sorted(load.items(), key=lambda kv: kv[1]):
        name = "crash: %s#%d %s reaches the no-crash result" % (key[0], key[1], e)
        if e not in snap["execs"]:
            checks.add(name, False, "acknowledged execution is missing")
            continue
        got, want = summary(snap, e), expected[key]
        if got == want:
            checks.add(name, True)
        elif key[0] == "crash_unsafe":
            why = unsafe_alternative(snap, e, want)
            if not why:
                name += " or its on-error path"
            checks.add(name, not why, why)
        else:
            diff = [k for k in want if got[k] != want[k]]
            checks.add(name, False, "differs in %s: %s; expected %s" % (
                ", ".join(diff), describe(snap, e),
                json.dumps({k: want[k] for k in diff})[:600]))


def check_late(snap, late, expected, checks):
    if late is None:
        return
    want = expected[("crash_seq", 0)]
    bad = [e for e in late.acked
           if e not in snap["execs"] or summary(snap, e) != want]
    checks.add("crash: %d executions acknowledged during a kill exist and finish"
               % len(late.acked), not bad,
               "; ".join("%s %s" % (e, describe(snap, e)) for e in bad))
    bad = [e for e in late.unacked
           if e in snap["execs"] and summary(snap, e) != want]
    checks.add("crash: %d unacknowledged executions are absent or finish"
               % len(late.unacked), not bad,
               "; ".join("%s %s" % (e, describe(snap, e)) for e in bad))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bora", required=True, metavar="BIN", help="the bora binary")
    p.add_argument("--rounds", type=int, default=50, help="kill/restart rounds (default 50)")
    p.add_argument("--seed", type=int, default=None, help="seed of the kill moments")
    p.add_argument("--copies", type=int, default=2, help="executions of each kind (default 2)")
    p.add_argument("--finish-timeout", type=float, default=120.0,
                   help="seconds a run may take to finish after its last start")
    p.add_argument("--keep", action="store_true", help="keep data directories and logs")
    args = p.parse_args()
    args.bora = os.path.abspath(args.bora)
    if args.seed is None:
        args.seed = int.from_bytes(os.urandom(4), "big")
    print("crash_test: --rounds %d --seed %d --copies %d"
          % (args.rounds, args.seed, args.copies), flush=True)
    rng = random.Random(args.seed)
    root = tempfile.mkdtemp(prefix="bora-crash-")
    checks = Checks()
    try:
        expected = run_baseline(args, root, checks)
        run_crash(args, root, rng, checks, expected)
    except (RuntimeError, OSError) as exc:
        checks.add("the test ran to its end", False, str(exc))
    finally:
        if args.keep:
            note("kept " + root)
        else:
            shutil.rmtree(root, ignore_errors=True)
    ok = checks.summary()
    print("seed %d" % args.seed, flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
