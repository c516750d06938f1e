"""What a run ends with, and the comparisons of the crash run with the baseline.

A snapshot holds every execution, task and action execution of a server; a
summary keeps the part of one execution that must not depend on crashes.
"""

import json
import time

from crash_load import (CLEAR_INFO, FINAL, TIMED, TIMER_SLACK, UNSAFE_FIRST, UNSAFE_HANDLER,
                        UNSAFE_ORDER, UNSAFE_TASKS, WIDTH, json_field, list_all)


# -- snapshots -----------------------------------------------------------------

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


def task_key(task):
    """(name, state, retries done): the crash-invariant part of a task execution."""
    context = json_field(task.get("runtime_context")) or {}
    retry = context.get("retry_task_policy", {}) if isinstance(context, dict) else {}
    return [task["name"], task["state"], retry.get("retry_no", 0)]


def summary(snap, exec_id):
    """What must match between runs: state, output, task and sub-execution states."""
    e = snap["execs"][exec_id]
    tasks = sorted(task_key(t) for t in snap["tasks"].get(exec_id, []))
    subs = sorted((s["workflow_name"], s["state"], json.dumps(json_field(s.get("output")),
                                                              sort_keys=True))
                  for s in subtree(snap, exec_id))
    sub_tasks = sorted((s["workflow_name"], t["name"], t["state"])
                       for s in subtree(snap, exec_id)
                       for t in snap["tasks"].get(s["id"], []))
    return {"state": e["state"], "output": json_field(e.get("output")),
            "tasks": tasks, "subs": subs, "sub_tasks": sub_tasks}


def run_seconds(snap, exec_id):
    """Seconds from an execution's creation to its last update (1 s granularity)."""
    e = snap["execs"].get(exec_id, {})
    try:
        times = [time.mktime(time.strptime(e[k], "%Y-%m-%d %H:%M:%S"))
                 for k in ("created_at", "updated_at")]
    except (KeyError, TypeError, ValueError):
        return None
    return times[1] - times[0]


def action_counts(snap, exec_id):
    """{task name: action executions of its task executions} of one execution."""
    counts = {}
    for t in snap["tasks"].get(exec_id, []):
        counts[t["name"]] = counts.get(t["name"], 0) + len(snap["actions"].get(t["id"], []))
    return counts


def describe(snap, exec_id):
    """One line on an execution: state, state_info, output and unsuccessful tasks."""
    e = snap["execs"].get(exec_id, {})
    bad = ["%s=%s (%s)" % (t["name"], t["state"], t.get("state_info"))
           for t in snap["tasks"].get(exec_id, []) if t["state"] != "SUCCESS"]
    return "state=%s state_info=%r output=%s tasks[%s]" % (
        e.get("state"), e.get("state_info"), json.dumps(json_field(e.get("output"))),
        "; ".join(bad))


# -- checks of the crash run ---------------------------------------------------

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
    want = sorted([(n, "SUCCESS") for n in UNSAFE_FIRST + UNSAFE_ORDER[:k]] +
                  [(failed[0], "ERROR"), (UNSAFE_HANDLER, "SUCCESS")])
    tasks = sorted((name, state) for name, state, _ in got["tasks"])
    if tasks != want:
        return "handled path with tasks %r, expected %r" % (tasks, want)
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


def rerun_excess(snap, load, baseline_counts, rounds):
    """Safe-rerun tasks that ran more actions than one re-run per crash allows.

    A kill interrupts at most WIDTH actions of a task (its with-items
    concurrency, else one), and each may be re-run once on the next start.
    """
    over = []
    for exec_id, key in load.items():
        base = baseline_counts.get(key, {})
        for name, n in action_counts(snap, exec_id).items():
            limit = base.get(name, 0) + rounds * WIDTH.get((key[0], name), 1)
            if n > limit:
                over.append("%s %s/%s: %d action executions (no-crash run %d, at most %d)"
                            % (key[0], exec_id, name, n, base.get(name, 0), limit))
    return over


def timer_delays(snap, load, baseline_seconds, downtime):
    """Timer-driven executions whose duration shows timers not kept across kills.

    With durable timers the crash run takes the no-crash time plus at most the
    time the server was down; a timer re-armed at each restart would add its
    whole delay again after every kill, and one fired at restart regardless of
    its due time would make the run shorter.
    """
    off = []
    for exec_id, key in load.items():
        if key[0] not in TIMED or snap["execs"].get(exec_id, {}).get("state") not in FINAL:
            continue  # an unfinished execution fails its own check
        took, base = run_seconds(snap, exec_id), baseline_seconds.get(key)
        if took is None or base is None:
            continue
        if not base - TIMER_SLACK <= took <= base + downtime + TIMER_SLACK:
            off.append("%s#%d %s: %.0f s (no-crash run %.0f s, downtime %.1f s)"
                       % (key + (exec_id, took, base, downtime)))
    return off


def effect_paths(load):
    """(execution, task, item) of each HTTP call an execution makes on its clean path."""
    for exec_id, (wf, _) in load.items():
        if wf == "crash_unsafe":
            for task in UNSAFE_ORDER:
                for item in range(UNSAFE_TASKS[wf][task]):
                    yield exec_id, task, item
        elif wf == "crash_seq":
            yield exec_id, "third", 0


def effect_excess(effects, load, rounds):
    """Outside effects that ran more often than their task allows."""
    over = []
    for exec_id, (wf, _) in load.items():
        if wf == "crash_unsafe":
            limits = [(t, i, 1) for t in UNSAFE_ORDER for i in range(UNSAFE_TASKS[wf][t])]
        elif wf == "crash_seq":
            limits = [("third", 0, 1 + rounds)]
        else:
            continue
        for task, item, most in limits:
            n = effects.count(exec_id, task, item)
            if n > most:
                over.append("%s %s/%s[%d]: %d requests (at most %d)"
                            % (wf, exec_id, task, item, n, most))
    return over
