#!/usr/bin/env python3
"""Benchmark driver: runs workflow scenarios against any Mistral-v2 REST API
(Bora or the real Mistral) over HTTP only, checks every result and prints one
JSON line per scenario.

    compare.py --base-url http://127.0.0.1:8989 [--scale 1] [--scenario NAME]
               [--pid PID] [--write-workflows DIR]

Scenarios (N grows with --scale; at scale 1):
  chain       50 `std.noop` tasks t1 -> t2 -> ... -> t50
  fanout      `start` -> 100 branches (std.echo, each publishing its value)
              -> `join` (join: all) summing the published values
  items       one task, with-items over 1,000 numbers, std.echo of 2*x,
              publishing the list of results
  concurrent  200 executions of a 5-task chain started at once
  yaql        20-task chain, each task publishing a value computed with
              where/select/sum and arithmetic from the previous one

Timing: from just before the first POST /v2/executions until a poll sees the
last execution SUCCESS. Polls sleep max(2 ms, 1% of the time elapsed so far,
capped at 50 ms) so the driver neither hides a fast server nor floods a slow
one. Checks run after the clock stops: execution state, the exact output
(compared with the value computed here), the task list (names, count, every
task SUCCESS). With --pid, the server's peak RSS is reset (clear_refs) before
the scenario and read (VmHWM) after it (the server keeps what earlier
scenarios stored, so the peak includes it), and the server's CPU time
(user + system, checks included) is reported.
"""

import argparse
import hashlib
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor

SCENARIOS = ("chain", "fanout", "items", "concurrent", "yaql")
POLL_MIN, POLL_MAX = 0.002, 0.05   # seconds between polls (see the docstring)


# -- HTTP -------------------------------------------------------------------

class Client:
    """Keep-alive HTTP/1.1 client, one connection per thread."""

    def __init__(self, base_url):
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.local = threading.local()

    def _conn(self):
        c = getattr(self.local, "conn", None)
        if c is None:
            c = http.client.HTTPConnection(self.host, self.port, timeout=600)
            self.local.conn = c
        return c

    def call(self, method, path, body=None, ctype="application/json"):
        payload = None
        headers = {"Accept": "*/*"}
        if body is not None:
            payload = body if isinstance(body, bytes) else (
                body.encode() if isinstance(body, str) else json.dumps(body).encode())
            headers["Content-Type"] = ctype
        for attempt in (0, 1):
            c = self._conn()
            try:
                c.request(method, path, body=payload, headers=headers)
                r = c.getresponse()
                raw = r.read()
                if r.getheader("connection", "").lower() == "close":
                    c.close()
                    self.local.conn = None
                break
            except (http.client.HTTPException, OSError):
                c.close()
                self.local.conn = None
                if attempt:
                    raise
        text = raw.decode("utf-8", "replace")
        try:
            data = json.loads(text) if text else None
        except ValueError:
            data = text
        if r.status >= 300:
            raise RuntimeError("%s %s -> %d: %s" % (method, path, r.status, text[:500]))
        return data


# -- workflows --------------------------------------------------------------

def scaled(n, scale):
    return max(1, int(round(n * scale)))


def wf_chain(n):
    lines = ["version: '2.0'", "bench_chain:", "  output:",
             "    last: <% task(t{0}).state %>".format(n), "  tasks:"]
    for i in range(1, n + 1):
        lines.append("    t%d:" % i)
        lines.append("      action: std.noop")
        if i < n:
            lines.append("      on-success: [t%d]" % (i + 1))
    return "\n".join(lines) + "\n"


def wf_fanout(n):
    lines = ["version: '2.0'", "bench_fanout:", "  output:",
             "    total: <% $.total %>", "    count: <% $.count %>",
             "  tasks:", "    start:", "      action: std.noop",
             "      on-success:"]
    lines += ["        - b%d" % i for i in range(1, n + 1)]
    for i in range(1, n + 1):
        lines += ["    b%d:" % i, "      action: std.echo output=%d" % i,
                  "      publish:", "        r%d: <%% task().result %%>" % i,
                  "      on-success: [join]"]
    lines += ["    join:", "      join: all", "      action: std.noop",
              "      publish:",
              "        total: <% $.items().where($[0].startsWith('r')).select($[1]).sum() %>",
              "        count: <% $.keys().where($.startsWith('r')).count() %>"]
    return "\n".join(lines) + "\n"


WF_ITEMS = """version: '2.0'
bench_items:
  input:
    - xs
  output:
    doubled: <% $.doubled %>
  tasks:
    each:
      with-items: x in <% $.xs %>
      action: std.echo output=<% $.x * 2 %>
      publish:
        doubled: <% task().result %>
"""

WF_FIVE = """version: '2.0'
bench_five:
  input:
    - i
  output:
    out: <% $.v5 %>
  tasks:
    s1:
      action: std.echo output=<% $.i + 1 %>
      publish:
        v1: <% task().result %>
      on-success: [s2]
    s2:
      action: std.echo output=<% $.v1 * 2 %>
      publish:
        v2: <% task().result %>
      on-success: [s3]
    s3:
      action: std.echo output=<% $.v2 + 3 %>
      publish:
        v3: <% task().result %>
      on-success: [s4]
    s4:
      action: std.echo output=<% $.v3 * $.v3 %>
      publish:
        v4: <% task().result %>
      on-success: [s5]
    s5:
      action: std.echo output=<% $.v4 - $.i %>
      publish:
        v5: <% task().result %>
"""


def five_expected(i):
    v3 = (i + 1) * 2 + 3
    return {"out": v3 * v3 - i}


def wf_yaql(n):
    lines = ["version: '2.0'", "bench_yaql:", "  input:", "    - data",
             "  output:", "    acc: <% $.acc %>", "    picked: <% $.picked %>",
             "  tasks:"]
    for k in range(1, n + 1):
        prev = "0" if k == 1 else "$.acc"
        lines += ["    q%d:" % k, "      action: std.noop", "      publish:",
                  "        acc: <%% %s + $.data.where($.ok and $.v > %d).select($.v * %d + $.id).sum() %%>"
                  % (prev, k % 50, k),
                  "        picked: <%% $.data.where($.v mod %d = 0).select($.id).len() %%>" % (k % 7 + 2)]
        if k < n:
            lines.append("      on-success: [q%d]" % (k + 1))
    return "\n".join(lines) + "\n"


def yaql_data():
    return [{"id": j, "v": (j * 37) % 101, "ok": j % 3 != 0} for j in range(100)]


def yaql_expected(n, data):
    acc = 0
    picked = 0
    for k in range(1, n + 1):
        acc = acc + sum(d["v"] * k + d["id"] for d in data if d["ok"] and d["v"] > k % 50)
        picked = len([d["id"] for d in data if d["v"] % (k % 7 + 2) == 0])
    return {"acc": acc, "picked": picked}


def definitions(scale):
    """(workflow name, YAML) for every scenario at this scale."""
    return {
        "chain": ("bench_chain", wf_chain(scaled(50, scale))),
        "fanout": ("bench_fanout", wf_fanout(scaled(100, scale))),
        "items": ("bench_items", WF_ITEMS),
        "concurrent": ("bench_five", WF_FIVE),
        "yaql": ("bench_yaql", wf_yaql(scaled(20, scale))),
    }


# -- running ----------------------------------------------------------------

class Bench:
    def __init__(self, base_url, pid=None):
        self.base_url = base_url.rstrip("/")
        self.cli = Client(self.base_url)
        self.pid = pid

    def define(self, name, yaml_text):
        try:
            self.cli.call("DELETE", "/v2/workflows/" + name)
        except RuntimeError:
            pass
        self.cli.call("POST", "/v2/workflows", yaml_text, "text/plain")

    def start(self, wf, inp):
        body = {"workflow_name": wf, "input": json.dumps(inp),
                "description": "bench"}
        return self.cli.call("POST", "/v2/executions", body)["id"]

    def wait(self, ex_id, t0, timeout):
        while True:
            ex = self.cli.call("GET", "/v2/executions/" + ex_id)
            if ex["state"] in ("SUCCESS", "ERROR", "CANCELLED"):
                return ex
            elapsed = time.monotonic() - t0
            if elapsed > timeout:
                raise RuntimeError("execution %s still %s after %.0f s"
                                   % (ex_id, ex["state"], elapsed))
            time.sleep(min(max(POLL_MIN, elapsed / 100.0), POLL_MAX))

    def tasks_of(self, ex_id):
        return self.cli.call("GET", "/v2/executions/%s/tasks" % ex_id)["tasks"]

    # RSS of the server under test
    def reset_peak(self):
        if self.pid:
            with open("/proc/%d/clear_refs" % self.pid, "w") as f:
                f.write("5")

    def cpu_seconds(self):
        """User + system CPU time of the server so far (None without --pid)."""
        if not self.pid:
            return None
        with open("/proc/%d/stat" % self.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_mb(self):
        if not self.pid:
            return None
        with open("/proc/%d/status" % self.pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024.0, 1)
        return None


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def output_of(ex):
    out = ex.get("output")
    return json.loads(out) if isinstance(out, str) else out


def check_tasks(bench, ex_id, names):
    tasks = bench.tasks_of(ex_id)
    got = sorted(t["name"] for t in tasks)
    check(got == sorted(names), "task names differ: %d tasks, expected %d"
          % (len(got), len(names)))
    bad = [t["name"] for t in tasks if t["state"] != "SUCCESS"]
    check(not bad, "tasks not SUCCESS: %s" % bad[:5])


def run_single(bench, wf, inp, expected, task_names, timeout):
    t0 = time.monotonic()
    ex_id = bench.start(wf, inp)
    ex = bench.wait(ex_id, t0, timeout)
    seconds = time.monotonic() - t0
    check(ex["state"] == "SUCCESS", "state %s: %s" % (ex["state"], ex.get("state_info")))
    out = output_of(bench.cli.call("GET", "/v2/executions/" + ex_id))
    check(out == expected, "output differs: %s" % json.dumps(out)[:300])
    check_tasks(bench, ex_id, task_names)
    return seconds, out


def run_concurrent(bench, n, timeout):
    # Four client threads: Bora's HTTP server gives each kept-alive
    # connection a thread of its own (8 by default), so more client
    # connections than that would queue behind idle ones.
    threads = 4
    t0 = time.monotonic()
    with ThreadPoolExecutor(threads) as pool:
        ids = list(pool.map(lambda i: bench.start("bench_five", {"i": i}), range(n)))
        # wait for every execution; each thread takes a slice in start order
        chunks = [ids[k::threads] for k in range(threads)]
        states = list(pool.map(
            lambda chunk: [bench.wait(x, t0, timeout)["state"] for x in chunk],
            chunks))
        seconds = time.monotonic() - t0
        exs = list(pool.map(lambda x: bench.cli.call("GET", "/v2/executions/" + x), ids))
    check(all(s == "SUCCESS" for chunk in states for s in chunk),
          "some executions not SUCCESS")
    outs = []
    for i, ex in enumerate(exs):
        out = output_of(ex)
        check(out == five_expected(i), "execution %d output %s" % (i, out))
        outs.append(out)
    # spot-check the task lists of the first and the last execution
    for x in (ids[0], ids[-1]):
        check_tasks(bench, x, ["s1", "s2", "s3", "s4", "s5"])
    return seconds, outs


def run_scenario(bench, name, scale, timeout):
    wf, text = definitions(scale)[name]
    bench.define(wf, text)
    bench.reset_peak()
    cpu0 = bench.cpu_seconds()
    driver0 = time.process_time()
    if name == "chain":
        n = scaled(50, scale)
        secs, out = run_single(bench, wf, {}, {"last": "SUCCESS"},
                               ["t%d" % i for i in range(1, n + 1)], timeout)
        tasks = n
    elif name == "fanout":
        n = scaled(100, scale)
        secs, out = run_single(bench, wf, {}, {"total": n * (n + 1) // 2, "count": n},
                               ["start", "join"] + ["b%d" % i for i in range(1, n + 1)],
                               timeout)
        tasks = n + 2
    elif name == "items":
        n = scaled(1000, scale)
        secs, out = run_single(bench, wf, {"xs": list(range(n))},
                               {"doubled": [2 * x for x in range(n)]}, ["each"], timeout)
        tasks = n          # one task, n items (action executions)
    elif name == "concurrent":
        n = scaled(200, scale)
        secs, out = run_concurrent(bench, n, timeout)
        tasks = 5 * n
    elif name == "yaql":
        n = scaled(20, scale)
        data = yaql_data()
        secs, out = run_single(bench, wf, {"data": data}, yaql_expected(n, data),
                               ["q%d" % k for k in range(1, n + 1)], timeout)
        tasks = n
    else:
        raise ValueError(name)
    cpu = bench.cpu_seconds()
    if cpu is not None:
        cpu = round(cpu - cpu0, 2)   # includes the checks after the clock stops
    digest = hashlib.sha256(json.dumps(out, sort_keys=True).encode()).hexdigest()[:16]
    return {"scenario": name, "scale": scale, "tasks": tasks,
            "seconds": round(secs, 4), "tasks_per_s": round(tasks / secs, 1),
            "peak_rss_mb": bench.peak_mb(),
            "server_cpu_s": cpu,
            "driver_cpu_s": round(time.process_time() - driver0, 2), "output_sha256": digest, "ok": True}


def write_workflows(directory, scale):
    os.makedirs(directory, exist_ok=True)
    for name, (wf, text) in definitions(scale).items():
        with open(os.path.join(directory, "%s.yaml" % name), "w") as f:
            f.write("# %s: scenario '%s' at --scale %g (generated by compare.py)\n"
                    % (wf, name, scale))
            f.write(text)


def main():
    p = argparse.ArgumentParser(description="Mistral-v2 REST benchmark driver")
    p.add_argument("--base-url", help="e.g. http://127.0.0.1:8989")
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--scenario", action="append", choices=SCENARIOS,
                   help="run only this scenario (repeatable)")
    p.add_argument("--pid", type=int, help="server pid, for peak RSS")
    p.add_argument("--timeout", type=float, default=3600.0,
                   help="seconds allowed per scenario")
    p.add_argument("--label", default="", help="server label put in each line")
    p.add_argument("--write-workflows", metavar="DIR",
                   help="write the scenario YAMLs at --scale into DIR and exit")
    args = p.parse_args()
    if args.write_workflows:
        write_workflows(args.write_workflows, args.scale)
        return 0
    if not args.base_url:
        p.error("--base-url is required")
    bench = Bench(args.base_url, args.pid)
    failed = False
    for name in args.scenario or SCENARIOS:
        try:
            line = run_scenario(bench, name, args.scale, args.timeout)
        except Exception as exc:  # report and go on with the next scenario
            line = {"scenario": name, "scale": args.scale, "ok": False,
                    "error": "%s: %s" % (type(exc).__name__, exc)}
            failed = True
        if args.label:
            line["server"] = args.label
        print(json.dumps(line), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
