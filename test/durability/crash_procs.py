"""The processes the crash test drives: `bora server` and an HTTP endpoint.

`Bora` starts a server on a data directory, kills it with SIGKILL, starts it
again on the same directory and finally stops it with SIGTERM, keeping one
log file per start. `EffectServer` is the endpoint the workflows' std.http
tasks call: it counts how often each action really ran.
"""

import http.server
import json
import os
import re
import signal
import subprocess
import threading
import time
import urllib.parse

import harness

START_TIMEOUT = 30.0          # seconds for a (recovering) server to answer GET /
STOP_GRACE = 15.0             # seconds between SIGTERM and SIGKILL at the end
# Server output that means the process crashed instead of being killed.
CRASH_MARKS = re.compile(r"terminate called|Aborted|Segmentation fault|core dumped|"
                         r"AddressSanitizer|UndefinedBehaviorSanitizer|runtime error:|"
                         r"Assertion .* failed|stack smashing|\bcritical\b|"
                         r"double free|corrupt", re.IGNORECASE)


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
        self.down_since = None
        self.stacks_path = None  # thread stacks taken when SIGTERM did not stop it
        self.downtime = 0.0      # seconds between each SIGKILL and the next GET / answer

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
                    if self.down_since is not None:
                        self.downtime += time.monotonic() - self.down_since
                        self.down_since = None
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
            self.down_since = time.monotonic()
        return was_alive

    def stop(self):
        """SIGTERM the server; return its exit status (None if it needed SIGKILL)."""
        if self.proc is None:
            return None
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=STOP_GRACE)
        except subprocess.TimeoutExpired:
            self.dump_stacks()
            self.proc.kill()
            self.proc.wait()
            rc = None
        self.proc = None
        return rc

    def dump_stacks(self):
        """Write every thread's stack of the hung server next to its log, if gdb can."""
        path = os.path.join(self.log_dir, "stacks-%03d.txt" % self.starts)
        try:
            with open(path, "wb") as out:
                subprocess.run(["gdb", "-p", str(self.proc.pid), "-batch",
                                "-ex", "thread apply all bt"],
                               stdout=out, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, timeout=60)
            self.stacks_path = path
        except (OSError, subprocess.TimeoutExpired):
            pass

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


def db_check(binary, data_dir, cwd):
    proc = subprocess.run([binary, "db", "check", "--data", data_dir], cwd=cwd,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    return proc.returncode, proc.stdout.decode("utf-8", "replace").strip()


# -- the outside effect --------------------------------------------------------

class EffectServer(http.server.ThreadingHTTPServer):
    """The HTTP endpoint the workflows' std.http tasks call: an effect outside Bora.

    `GET /hit/<execution>/<task>/<item>?delay=S&value=V` is counted per path,
    waits S seconds (so a kill can land while the request runs) and answers
    `{"value": V}` (V as an integer when it is one). The counts show how often
    Bora really ran each action, whatever its own records say.
    """

    daemon_threads = True
    request_queue_size = 128

    def __init__(self):
        super().__init__(("127.0.0.1", 0), EffectHandler)
        self.counts = {}
        self.lock = threading.Lock()
        self.url = "http://127.0.0.1:%d" % self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def hit(self, path):
        with self.lock:
            self.counts[path] = self.counts.get(path, 0) + 1

    def count(self, exec_id, task, item=0):
        with self.lock:
            return self.counts.get("/hit/%s/%s/%d" % (exec_id, task, item), 0)

    def handle_error(self, request, client_address):
        pass  # Bora was killed while a request ran: nothing to answer.


class EffectHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        parts = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(parts.query))
        self.server.hit(parts.path)
        time.sleep(float(query.get("delay", 0)))
        value = query.get("value", "")
        body = json.dumps({"value": int(value) if value.lstrip("-").isdigit() else value})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode("utf-8"))

    def log_message(self, *args):
        pass
