#!/usr/bin/env python3
"""Run every scenario of compare.py against the real Mistral 15 and against
Bora, alternately (Mistral, Bora, Mistral, Bora, ...), on this machine, and
print a Markdown table.

    python3 bench/compare/run_both.py [--bora build-cmp/bora] [--scale 1]
    python3 bench/compare/run_both.py --bora-only --scale 100

Both servers are started here (Mistral with mistral_server.py, Bora with
`bora server` on a fresh data directory), stay up for the whole run and are
stopped at the end. Each server's peak RSS is reset before each scenario and
read after it. A scenario counts only if both servers pass every check and
return the same output (same SHA-256 of the canonical JSON).
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare            # noqa: E402
import mistral_server     # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BoraServer:
    def __init__(self, binary, port, sync):
        self.binary = os.path.abspath(binary)
        self.sync = sync
        self.port = port
        self.url = "http://127.0.0.1:%d" % port
        self.tmp = None
        self.proc = None

    @property
    def pid(self):
        return self.proc.pid

    def start(self):
        self.tmp = tempfile.mkdtemp(prefix="bora-bench-")
        data = os.path.join(self.tmp, "data")
        os.mkdir(data)
        # Our own configuration file, so the repository's config/bora.yaml
        # (read when present in the working directory) plays no part.
        conf = os.path.join(self.tmp, "bora.yaml")
        with open(conf, "w") as f:
            f.write("storage:\n  sync: %s\n" % ("true" if self.sync else "false"))
        self.log = open(os.path.join(self.tmp, "server.log"), "wb")
        self.proc = subprocess.Popen(
            [self.binary, "server", "--listen", "127.0.0.1:%d" % self.port,
             "--data", data, "--config", conf], stdout=self.log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("bora exited, see %s" % self.log.name)
            try:
                with urllib.request.urlopen(self.url + "/v2/", timeout=2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("bora did not answer within 30 s")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.tmp:
            self.log.close()
            shutil.rmtree(self.tmp, ignore_errors=True)


def fmt(x, digits=2):
    if x is None:
        return "-"
    if x >= 100:
        return "{:,.0f}".format(x)
    return "{:.{d}f}".format(x, d=digits)


OUT = []


def emit(text=""):
    print(text, flush=True)
    OUT.append(text)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bora", default="build-cmp/bora", help="bora binary")
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--scenario", action="append", choices=compare.SCENARIOS)
    p.add_argument("--bora-only", action="store_true",
                   help="skip Mistral (for large scales)")
    p.add_argument("--mistral-dir", default=os.path.join(
        tempfile.gettempdir(), "bora-bench-mistral"))
    p.add_argument("--timeout", type=float, default=3600.0)
    p.add_argument("--bora-sync", choices=("true", "false"), default="true",
                   help="Bora's storage.sync: fsync every group commit (default "
                        "true, as SQLite under Mistral syncs every commit)")
    p.add_argument("--out", help="also write the JSON lines and the table here")
    args = p.parse_args()

    scenarios = args.scenario or compare.SCENARIOS
    mistral = None
    bora = None
    rows = []
    failed = False
    try:
        if not args.bora_only:
            mistral = mistral_server.MistralServer(free_port(), args.mistral_dir).start()
        bora = BoraServer(args.bora, free_port(), args.bora_sync == "true").start()
        for name in scenarios:
            row = {"scenario": name}
            for label, srv in (("mistral", mistral), ("bora", bora)):
                if srv is None:
                    continue
                bench = compare.Bench(srv.url, srv.pid)
                try:
                    line = compare.run_scenario(bench, name, args.scale, args.timeout)
                except Exception as exc:
                    line = {"scenario": name, "ok": False,
                            "error": "%s: %s" % (type(exc).__name__, exc)}
                    failed = True
                line["server"] = label
                emit(json.dumps(line))
                row[label] = line
            if mistral is not None and all(row[k].get("ok") for k in ("mistral", "bora")):
                same = row["mistral"]["output_sha256"] == row["bora"]["output_sha256"]
                row["same"] = same
                failed = failed or not same
            rows.append(row)
    finally:
        if bora:
            bora.stop()
        if mistral:
            mistral.stop()

    emit()
    emit("scale %g, %s" % (args.scale, time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())))
    if args.bora_only:
        emit("| scenario | tasks | Bora s | Bora tasks/s | Bora peak RSS MB | Bora CPU s |")
        emit("| --- | ---: | ---: | ---: | ---: | ---: |")
        for r in rows:
            b = r["bora"]
            if not b.get("ok"):
                emit("| %s | FAILED: %s | | | |" % (r["scenario"], b.get("error")))
                continue
            emit("| %s | %s | %.3f | %s | %s | %s |" % (
                r["scenario"], "{:,}".format(b["tasks"]), b["seconds"],
                fmt(b["tasks_per_s"], 1), fmt(b["peak_rss_mb"], 1),
                fmt(b["server_cpu_s"], 2)))
    else:
        emit("| scenario | tasks | Mistral s | Bora s | ratio | Mistral tasks/s "
              "| Bora tasks/s | Mistral peak RSS MB | Bora peak RSS MB "
             "| Mistral CPU s | Bora CPU s | same output |")
        emit("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        for r in rows:
            m, b = r["mistral"], r["bora"]
            if not (m.get("ok") and b.get("ok")):
                emit("| %s | FAILED: mistral %s / bora %s | | | | | | | | | | |" % (
                    r["scenario"], m.get("error", "ok"), b.get("error", "ok")))
                continue
            emit("| %s | %s | %.2f | %.4f | %sx | %s | %s | %s | %s | %s | %s | %s |" % (
                r["scenario"], "{:,}".format(m["tasks"]), m["seconds"], b["seconds"],
                fmt(m["seconds"] / b["seconds"], 0), fmt(m["tasks_per_s"], 1),
                fmt(b["tasks_per_s"], 1), fmt(m["peak_rss_mb"], 1),
                fmt(b["peak_rss_mb"], 1), fmt(m["server_cpu_s"], 2),
                fmt(b["server_cpu_s"], 2), "yes" if r.get("same") else "NO"))
    if args.out:
        with open(args.out, "w") as f:
            f.write("\n".join(OUT) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
