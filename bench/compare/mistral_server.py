#!/usr/bin/env python3
"""Launch the real OpenStack Mistral 15 (Debian python3-mistral) for the
Bora-vs-Mistral benchmark, and stop it again.

The whole of Mistral (REST API, engine, executor, event engine, notifier)
runs as green threads of ONE Python process, bound to 127.0.0.1, with:
  - a SQLite database file in the run directory,
  - authentication off,
  - oslo.messaging's in-process transport (transport_url = fake:/),
  - the local executor (actions run inside the engine's process).

Mistral's own `mistral-server --server all` forks the API into a child
process even with one API worker; with the in-process transport that child
could never reach the engine. So `serve` below swaps the API launcher for one
that runs the WSGI service in the same process, next to the other servers.

The schema is built from Mistral's SQLAlchemy models (what the servers do at
start), the migration history is stamped as current, and the standard actions
are registered with Mistral's own `populate` command: `upgrade head` does not
work on SQLite.

Command line:
  mistral_server.py start --port PORT --dir DIR   install python3-mistral if missing,
                                                  start, wait until ready, print the pid
  mistral_server.py stop --dir DIR                stop the process started there
  mistral_server.py serve --config-file FILE      (internal: the server process itself)
From Python: `MistralServer(port, run_dir).start()` / `.stop()` / `.pid`.
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

PYTHON = os.environ.get("MISTRAL_PYTHON", "/usr/bin/python3")
HERE = os.path.dirname(os.path.abspath(__file__))

# [scheduler] fixed_delay: Mistral's scheduler wakes up this often (seconds)
# to run delayed work, e.g. the checks that let a `join: all` task go on.
# Mistral's default is 1 s; we give it the smallest value Mistral accepts,
# which can only make Mistral faster.
SCHEDULER_DELAY = 0.1


def config_text(port, run_dir):
    return """[DEFAULT]
transport_url = fake:/

[api]
host = 127.0.0.1
port = {port}
api_workers = 1

[pecan]
auth_enable = False

[database]
connection = sqlite:///{db}

[executor]
type = local

[scheduler]
fixed_delay = {delay}
""".format(port=port, db=os.path.join(run_dir, "mistral.sqlite"),
           delay=SCHEDULER_DELAY)


def ensure_installed():
    """Install Debian's python3-mistral when PYTHON cannot import it."""
    probe = [PYTHON, "-c", "import mistral.cmd.launch"]
    if subprocess.call(probe, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL) == 0:
        return
    apt = ["apt-get", "install", "-y", "--no-install-recommends", "python3-mistral"]
    if os.geteuid() != 0:
        apt = ["sudo"] + apt
    print("installing python3-mistral: " + " ".join(apt), file=sys.stderr)
    if subprocess.call(apt) != 0 or subprocess.call(probe) != 0:
        raise RuntimeError("could not install python3-mistral (Debian 12 needed)")


def _port_busy(port):
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _prepare_database(conf, run_dir, log):
    create = ("import sys\n"
              "from mistral import config\n"
              "config.parse_args(['--config-file', sys.argv[1]])\n"
              "from mistral.db.v2 import api\n"
              "api.setup_db()\n")
    steps = [[PYTHON, "-c", create, conf],
             [PYTHON, "-m", "mistral.db.sqlalchemy.migration.cli",
              "--config-file", conf, "stamp", "head"],
             [PYTHON, "-m", "mistral.db.sqlalchemy.migration.cli",
              "--config-file", conf, "populate"]]
    for argv in steps:
        rc = subprocess.call(argv, cwd=run_dir, stdout=log,
                             stderr=subprocess.STDOUT)
        if rc != 0:
            raise RuntimeError("database step failed (%s), see %s"
                               % (" ".join(argv[:4]), log.name))


class MistralServer:
    """One all-in-one Mistral process on 127.0.0.1:port."""

    def __init__(self, port, run_dir, timeout=180.0):
        self.port = port
        self.run_dir = os.path.abspath(run_dir)
        self.timeout = timeout
        self.proc = None
        self.url = "http://127.0.0.1:%d" % port

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def start(self):
        ensure_installed()
        if _port_busy(self.port):
            raise RuntimeError("127.0.0.1:%d is already in use" % self.port)
        shutil.rmtree(self.run_dir, ignore_errors=True)
        os.makedirs(self.run_dir)
        conf = os.path.join(self.run_dir, "mistral.conf")
        with open(conf, "w") as f:
            f.write(config_text(self.port, self.run_dir))
        with open(os.path.join(self.run_dir, "db-setup.log"), "w") as log:
            _prepare_database(conf, self.run_dir, log)
        self.log_path = os.path.join(self.run_dir, "server.log")
        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen(
                [PYTHON, os.path.join(HERE, "mistral_server.py"), "serve",
                 "--config-file", conf],
                cwd=self.run_dir, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)
        with open(os.path.join(self.run_dir, "mistral.pid"), "w") as f:
            f.write("%d\n" % self.proc.pid)
        try:
            self._wait_ready()
        except Exception:
            self.stop()
            raise
        return self

    def _wait_ready(self):
        deadline = time.monotonic() + self.timeout
        api_up = False
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("mistral exited (status %d), see %s"
                                   % (self.proc.returncode, self.log_path))
            if not api_up:
                try:
                    with urllib.request.urlopen(self.url + "/v2/", timeout=2) as r:
                        api_up = r.status == 200
                except OSError:
                    pass
            if api_up:
                with open(self.log_path, errors="replace") as f:
                    if "Engine server started" in f.read():
                        return
            time.sleep(0.2)
        raise RuntimeError("mistral not ready after %.0f s, see %s"
                           % (self.timeout, self.log_path))

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        try:
            os.unlink(os.path.join(self.run_dir, "mistral.pid"))
        except OSError:
            pass


def serve():
    """Run every Mistral server in this process (argv: --config-file F)."""
    # Importing Mistral's launcher monkey-patches the standard library for
    # eventlet, so it must come before anything else of Mistral's.
    from mistral.cmd import launch
    from mistral.api import service as api_service

    def api_in_this_process():
        launch.launch_thread(api_service.WSGIService("mistral_api"), workers=1)

    launch.LAUNCH_OPTIONS["api"] = api_in_this_process
    sys.argv = [sys.argv[0]] + sys.argv[2:] + ["--server", "all"]
    return launch.main()


def _stop_from_pidfile(run_dir):
    pidfile = os.path.join(run_dir, "mistral.pid")
    try:
        pid = int(open(pidfile).read())
    except (OSError, ValueError):
        print("no pid file in %s" % run_dir, file=sys.stderr)
        return 0
    try:
        cmdline = open("/proc/%d/cmdline" % pid, "rb").read()
    except OSError:
        os.unlink(pidfile)
        return 0
    if b"mistral_server.py" not in cmdline or b"serve" not in cmdline:
        print("pid %d is not our Mistral; left alone" % pid, file=sys.stderr)
        return 1
    os.kill(pid, signal.SIGTERM)
    for _ in range(100):
        if not os.path.exists("/proc/%d" % pid):
            break
        time.sleep(0.2)
    else:
        os.kill(pid, signal.SIGKILL)
    os.unlink(pidfile)
    return 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        return serve()
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("start")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--dir", required=True)
    t = sub.add_parser("stop")
    t.add_argument("--dir", required=True)
    args = p.parse_args()
    if args.cmd == "stop":
        return _stop_from_pidfile(os.path.abspath(args.dir))
    srv = MistralServer(args.port, args.dir).start()
    srv.proc = None   # leave it running; `stop --dir` ends it
    print("mistral ready at http://127.0.0.1:%d/v2 (pid %d)"
          % (args.port, int(open(os.path.join(args.dir, "mistral.pid")).read())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
