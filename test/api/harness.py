"""Start/stop a REST server under test and talk HTTP to it.

Used by the REST API suite (api_test.py) and by the mistralclient CLI tests.
Standard library only, so the same code drives Bora and the real Mistral:

    with server_from_args(args) as srv:
        status, headers, body = call("GET", srv.url + "/v2/workflows")

A `Server` built with `bora=BIN` starts `BIN server --listen 127.0.0.1:PORT
--data TMPDIR` on a free loopback port, waits until `GET /` answers, and on
exit sends SIGTERM (SIGKILL after 10 s) and removes the temporary directory.
A `Server` built with `base_url=URL` only points at an already running server.
"""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

START_TIMEOUT = 20.0     # seconds to wait for `GET /` after starting the binary
STOP_GRACE = 10.0        # seconds between SIGTERM and SIGKILL


def free_port():
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """Context manager giving the base URL of a server under test."""

    def __init__(self, bora=None, base_url=None, extra_args=()):
        if (bora is None) == (base_url is None):
            raise ValueError("give exactly one of bora= or base_url=")
        self.bora = bora
        self.extra_args = tuple(extra_args)
        self.url = base_url.rstrip("/") if base_url else None
        self.proc = None
        self.tmpdir = None
        self.log_path = None
        self._log = None

    # -- lifecycle ---------------------------------------------------------

    def __enter__(self):
        if self.bora is not None:
            self._start_bora()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def _start_bora(self):
        self.tmpdir = tempfile.mkdtemp(prefix="bora-api-test-")
        data_dir = os.path.join(self.tmpdir, "data")
        os.mkdir(data_dir)
        port = free_port()
        self.url = "http://127.0.0.1:%d" % port
        self.log_path = os.path.join(self.tmpdir, "server.log")
        self._log = open(self.log_path, "wb")
        argv = [self.bora, "server", "--listen", "127.0.0.1:%d" % port,
                "--data", data_dir] + list(self.extra_args)
        try:
            self.proc = subprocess.Popen(argv, stdout=self._log,
                                         stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL)
            self._wait_ready()
        except Exception as exc:
            tail = self.log_tail()
            self.stop()
            raise RuntimeError("bora server did not come up (%s): %s\n%s"
                               % (exc, " ".join(argv), tail)) from None

    def _wait_ready(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("exited with status %d" % self.proc.returncode)
            try:
                status, _, _ = call("GET", self.url + "/", timeout=2)
                if status < 500:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("no answer to GET / within %.0f s" % START_TIMEOUT)

    def log_tail(self, lines=30):
        """Last lines of the started server's output ('' for base_url)."""
        if not self.log_path or not os.path.exists(self.log_path):
            return ""
        if self._log:
            self._log.flush()
        with open(self.log_path, "rb") as f:
            text = f.read().decode("utf-8", "replace")
        return "\n".join(text.splitlines()[-lines:])

    def alive(self):
        """True unless we started the server and it has exited."""
        return self.proc is None or self.proc.poll() is None

    def stop(self):
        """Stop the started server (if any) and remove its directory."""
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
                try:
                    self.proc.wait(timeout=STOP_GRACE)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
            self.proc = None
        if self._log is not None:
            self._log.close()
            self._log = None
        if self.tmpdir is not None:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
            self.tmpdir = None


def add_arguments(parser):
    """Add --bora BIN / --base-url URL to an argparse parser."""
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--bora", metavar="BIN",
                       help="start BIN server on a free loopback port")
    group.add_argument("--base-url", metavar="URL",
                       help="use an already running server, e.g. http://127.0.0.1:8989")


def server_from_args(args):
    """The Server described by the options of add_arguments()."""
    if getattr(args, "bora", None):
        return Server(bora=os.path.abspath(args.bora))
    return Server(base_url=args.base_url)


# -- HTTP --------------------------------------------------------------------

def _encode_body(body, content_type):
    if body is None:
        return None, content_type
    if isinstance(body, bytes):
        return body, content_type
    if isinstance(body, str):
        return body.encode("utf-8"), content_type or "text/plain"
    return json.dumps(body).encode("utf-8"), content_type or "application/json"


def call(method, url, body=None, content_type=None, headers=None, timeout=30):
    """Send one request; return (status, headers, body).

    `body` may be a dict/list (sent as JSON), a str (sent as text/plain unless
    content_type says otherwise) or bytes. Response headers come back as a
    dict with lower-case names; the response body is parsed JSON when the
    server labels it JSON and it parses, else text. Redirects are not followed.
    """
    parts = urllib.parse.urlsplit(url)
    payload, ctype = _encode_body(body, content_type)
    hdrs = {"Accept": "*/*"}
    if ctype:
        hdrs["Content-Type"] = ctype
    if headers:
        hdrs.update(headers)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80,
                                      timeout=timeout)
    try:
        conn.request(method, path, body=payload, headers=hdrs)
        resp = conn.getresponse()
        raw = resp.read()
        resp_headers = {k.lower(): v for k, v in resp.getheaders()}
        status = resp.status
    finally:
        conn.close()
    text = raw.decode("utf-8", "replace")
    if "json" in resp_headers.get("content-type", "") and text:
        try:
            return status, resp_headers, json.loads(text)
        except ValueError:
            pass
    return status, resp_headers, text


FINAL_STATES = ("SUCCESS", "ERROR", "CANCELLED")


def wait_state(base, execution_id, states=FINAL_STATES, timeout=30):
    """Poll GET /v2/executions/ID every 20 ms until its state is in `states`.

    Returns the execution; raises AssertionError with the last seen body on
    timeout or if the GET does not answer 200.
    """
    deadline = time.monotonic() + timeout
    last = None
    while True:
        status, _, body = call("GET", "%s/v2/executions/%s" % (base, execution_id))
        if status != 200:
            raise AssertionError("GET execution %s -> %d %r"
                                 % (execution_id, status, body))
        last = body
        if body.get("state") in states:
            return body
        if time.monotonic() > deadline:
            raise AssertionError("execution %s not in %s after %ss; last: %r"
                                 % (execution_id, states, timeout, last))
        time.sleep(0.02)


if __name__ == "__main__":
    # Smoke use: python3 harness.py --bora BIN  -> prints GET / of the server.
    import argparse
    p = argparse.ArgumentParser()
    add_arguments(p)
    with server_from_args(p.parse_args()) as srv:
        print(call("GET", srv.url + "/"))
    sys.exit(0)
