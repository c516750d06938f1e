"""Kill -9 crash-loop test of `bora server` (durability).

Runs a mixed load twice on fresh data directories:

1. the baseline: one server, no crash; every execution's final state, output,
   task states (with retry counts) and sub-executions are recorded;
2. the crash loop: start, submit the same load (first round only), sleep a
   seeded random 0.05-1.5 s, SIGKILL, in one round of four stay down up to
   2.5 s (so timers fall due meanwhile), restart on the same --data
   directory, repeat --rounds times; then a last start that must finish
   everything. In round 2 more executions are posted, with ids chosen by the
   test, while the kill comes: those acknowledged must exist, the others may.

At the end of both runs the paused executions are checked to be PAUSED and
are resumed, and the async actions are completed through the API. The crash
run must then reach the baseline's results, except `crash_unsafe`, whose
tasks are not safe to rerun: there an interrupted action fails its task with
a clear state_info and the on-error path runs. The std.http tasks call an
HTTP endpoint in this process, which counts how often each action really ran
(crash_procs.py; the load is in crash_load.py, the comparisons in
crash_compare.py). Usage:

    /usr/bin/python3 test/durability/crash_test.py --bora build/bora --rounds 10

Prints one line per check, then `N of M checks passed`; exits 0 only if all
passed. Standard library only.
"""

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import threading
import time
import traceback
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "api"))
import harness  # noqa: E402  (shared HTTP helpers of the REST API suite)
from crash_compare import (action_counts, describe, effect_excess, effect_paths,  # noqa: E402
                           rerun_excess, run_seconds, snapshot, summary, timer_delays,
                           unsafe_action_counts, unsafe_alternative)
from crash_load import (finish_load, get_state, stays_paused, submit_load,  # noqa: E402
                        upload_workflows)
from crash_procs import STOP_GRACE, Bora, EffectServer, db_check  # noqa: E402

KILL_MIN, KILL_MAX = 0.05, 1.5  # seconds a server runs before each SIGKILL
DOWN_ODDS, DOWN_MAX = 0.25, 2.5  # how often and how long it then stays down
LATE_SUBMISSIONS = 20           # crash_seq executions posted while round 2 is killed


# -- results -------------------------------------------------------------------

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


def dump(root, name, value):
    """Writes `value` as JSON next to the run's data, for --keep debugging."""
    with open(os.path.join(root, name), "w", encoding="utf-8") as f:
        json.dump(value, f, indent=1, sort_keys=True)


# -- the two runs --------------------------------------------------------------

def stop_and_verify(bora, checks, label, args, cwd):
    rc = bora.stop()
    if rc is None:
        why = "still running %.0f s after SIGTERM (thread stacks: %s)" % (
            STOP_GRACE, bora.stacks_path or "gdb gave none")
    else:
        why = "exit status %d" % rc
    checks.add("%s: server stops on SIGTERM with status 0" % label, rc == 0,
               "%s; log:\n%s" % (why, bora.log_tail()))
    crashes = bora.crash_lines()
    checks.add("%s: server logs show no crash or abort" % label, not crashes,
               "; ".join(crashes[:5]))
    rc, out = db_check(args.bora, bora.data_dir, cwd)
    checks.add("%s: bora db check is clean" % label, rc == 0,
               "exit %d: %s" % (rc, out[-500:]))


def run_baseline(args, root, checks):
    """Run the load without crashes.

    Returns {"summary": ..., "actions": ..., "seconds": ...}, each a map from
    (workflow, copy) to summary(), action_counts() and run_seconds().
    """
    note("baseline: one server, no crash")
    data, logs = os.path.join(root, "baseline-data"), os.path.join(root, "baseline-logs")
    os.makedirs(logs)
    bora = Bora(args.bora, data, logs, root)
    bora.start()
    try:
        upload_workflows(bora)
        load = submit_load(bora, args.copies, args.effects.url)
        finish_load(bora, load, checks, "baseline", args.finish_timeout)
        snap = snapshot(bora)
    finally:
        stop_and_verify(bora, checks, "baseline", args, root)
    wrong = effect_excess(args.effects, load, 0)
    wrong += ["%s %s/%s[%d]: no request" % (load[e][0], e, t, i)
              for e, t, i in effect_paths(load) if args.effects.count(e, t, i) == 0]
    checks.add("baseline: every HTTP effect ran exactly once", not wrong, "; ".join(wrong))
    expected = {key: summary(snap, e) for e, key in load.items()}
    counts = {key: action_counts(snap, e) for e, key in load.items()}
    seconds = {key: run_seconds(snap, e) for e, key in load.items()}
    dump(root, "baseline.json", {"%s#%d" % k: dict(v, actions=counts[k], seconds=seconds[k])
                                 for k, v in expected.items()})
    wrong = ["%s#%d %s" % (k[0], k[1], describe(snap, e)) for e, k in load.items()
             if expected[k]["state"] != "SUCCESS"]
    checks.add("baseline: all %d executions end SUCCESS" % len(load), not wrong,
               "; ".join(wrong))
    return {"summary": expected, "actions": counts, "seconds": seconds}


class LateSubmitter(threading.Thread):
    """Posts crash_seq executions with chosen ids until the server dies."""

    def __init__(self, srv, effects_url):
        super().__init__(daemon=True)
        self.url = srv.url
        self.input = {"start": 1, "url": effects_url}
        self.acked, self.unacked = [], []

    def run(self):
        for _ in range(LATE_SUBMISSIONS):
            exec_id = str(uuid.uuid4())
            try:
                status, _, body = harness.call(
                    "POST", self.url + "/v2/executions",
                    {"workflow_name": "crash_seq", "input": self.input, "id": exec_id},
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
            load = submit_load(bora, args.copies, args.effects.url)
        for e, key in load.items():
            if stays_paused(key):
                state = get_state(bora, e)
                if e in paused_seen and state != "PAUSED":
                    paused_bad.append("round %d: %s#%d %s is %s" % ((rnd,) + key + (e, state)))
                if state == "PAUSED":
                    paused_seen.add(e)
        if rnd == 2:
            late = LateSubmitter(bora, args.effects.url)
            late.start()
        pause = rng.uniform(KILL_MIN, KILL_MAX)
        time.sleep(pause)
        if not bora.kill():
            died.append("round %d: exited by itself:\n%s" % (rnd, bora.log_tail()))
        if late is not None and rnd == 2:
            late.join()
        # Now and then the server stays down a while, so that timers are
        # overdue when it comes back.
        down = rng.uniform(0, DOWN_MAX) if rng.random() < DOWN_ODDS else 0.0
        time.sleep(down)
        note("round %d: killed after %.2f s, down %.2f s" % (rnd, pause, down))
    checks.add("crash: server alive at every SIGKILL (%d rounds)" % args.rounds,
               not died, "; ".join(died))
    checks.add("crash: paused executions stay PAUSED across restarts",
               not paused_bad, "; ".join(paused_bad))
    return load, late


def run_crash(args, root, rng, checks, base):
    note("crash loop: %d rounds, seed %d" % (args.rounds, args.seed))
    data, logs = os.path.join(root, "crash-data"), os.path.join(root, "crash-logs")
    os.makedirs(logs)
    bora = Bora(args.bora, data, logs, root)
    try:
        load, late = crash_loop(args, bora, rng, checks)
        bora.start()
        if not load:
            upload_workflows(bora)
            load = submit_load(bora, args.copies, args.effects.url)
        started = time.monotonic()
        late_ids = list(late.acked) if late else []
        late_ids += [e for e in (late.unacked if late else [])
                     if get_state(bora, e) is not None]
        finish_load(bora, dict(load, **{e: ("crash_seq", -1) for e in late_ids}),
                    checks, "crash", args.finish_timeout)
        note("crash: finished %.1f s after the last restart" % (time.monotonic() - started))
        snap = snapshot(bora)
    finally:
        stop_and_verify(bora, checks, "crash", args, root)
    dump(root, "crash.json", {"%s#%d" % k: dict(summary(snap, e),
                                                actions=action_counts(snap, e),
                                                seconds=run_seconds(snap, e))
                              for e, k in load.items() if e in snap["execs"]})
    compare(snap, load, base["summary"], checks)
    check_late(snap, late, base["summary"], checks)
    late_timers = timer_delays(snap, load, base["seconds"], bora.downtime)
    checks.add("crash: delays and timeouts keep their due times across restarts "
               "(downtime %.1f s)" % bora.downtime, not late_timers, "; ".join(late_timers))
    known = set(load) | set(late.acked + late.unacked if late else [])
    extra = [e["id"] + " " + e["workflow_name"] for e in snap["execs"].values()
             if not e.get("task_execution_id") and e["id"] not in known]
    checks.add("crash: no top-level execution appears that was not submitted",
               not extra, ", ".join(extra[:10]))
    over = unsafe_action_counts(snap, load)
    checks.add("crash: no non-safe-rerun task has more action executions than allowed",
               not over, "; ".join(over))
    over = effect_excess(args.effects, load, args.rounds)
    checks.add("crash: no non-safe-rerun HTTP effect ran twice", not over, "; ".join(over))
    over = rerun_excess(snap, load, base["actions"], args.rounds)
    checks.add("crash: safe-rerun tasks re-ran at most their in-flight actions per crash",
               not over, "; ".join(over[:10]))


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
                failed = [t for t in snap["tasks"].get(e, []) if t["state"] == "ERROR"]
                note("%s#%d took its on-error path: %s ERROR: %s" % (
                    key[0], key[1], failed[0]["name"], failed[0].get("state_info")))
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
    p.add_argument("--copies", type=int, default=3, help="executions of each kind (default 3)")
    p.add_argument("--finish-timeout", type=float, default=120.0,
                   help="seconds a run may take to finish after its last start")
    p.add_argument("--keep", action="store_true",
                   help="keep data directories and logs (kept anyway when a check fails)")
    args = p.parse_args()
    args.bora = os.path.abspath(args.bora)
    if args.seed is None:
        args.seed = int.from_bytes(os.urandom(4), "big")
    print("crash_test: --rounds %d --seed %d --copies %d"
          % (args.rounds, args.seed, args.copies), flush=True)
    rng = random.Random(args.seed)
    args.effects = EffectServer()
    root = tempfile.mkdtemp(prefix="bora-crash-")
    checks = Checks()
    try:
        run_crash(args, root, rng, checks, run_baseline(args, root, checks))
    except Exception as exc:  # noqa: BLE001  (any surprise is one failed check)
        traceback.print_exc()
        checks.add("the test ran to its end", False, "%s: %s" % (type(exc).__name__, exc))
    ok = checks.summary()
    if args.keep or not ok:
        note("data directories and logs kept in " + root)
    else:
        shutil.rmtree(root, ignore_errors=True)
    print("seed %d" % args.seed, flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
