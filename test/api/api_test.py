#!/usr/bin/env python3
"""REST API v2 integration suite: drives every endpoint of a server over HTTP.

    api_test.py --bora BUILD/bora          # start `bora server` on a free port
    api_test.py --base-url http://127.0.0.1:18992   # an already running Mistral

Options: --target bora|mistral (default: bora with --bora, mistral with
--base-url), --big-body-mb N (size of the oversize request, default 20),
-k SUBSTRING (run matching tests only), -j N (N worker threads; every test
uses names of its own, so tests may run concurrently), -v, --failfast.
The tests live in api_*_test.py next to this file; the expectations are
Mistral 15's replies, checked by running this suite against it.
Exit status 0 when every test passed (skips allowed).
"""

import argparse
import glob
import importlib
import os
import sys
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import harness            # noqa: E402
from api_base import CTX  # noqa: E402


def load_suite(pattern):
    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    for path in sorted(glob.glob(os.path.join(HERE, "api_*_test.py"))):
        mod = importlib.import_module(os.path.basename(path)[:-3])
        for test in _flatten(loader.loadTestsFromModule(mod)):
            if not pattern or pattern in test.id():
                suite.addTest(test)
    return suite


def _flatten(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from _flatten(item)
        else:
            yield item


class LockedResult(unittest.TextTestResult):
    """A TextTestResult that several worker threads may report into.

    In parallel runs each test prints one line (or one character) when it
    ends, so the output of concurrent tests does not interleave.
    """

    def __init__(self, stream, descriptions, verbosity):
        super().__init__(stream, descriptions, verbosity)
        self._lock = threading.RLock()
        self._verbose = verbosity > 1
        self.showAll = False
        self.dots = False

    def _note(self, test, short, word):
        if self._verbose:
            self.stream.writeln("%s ... %s" % (self.getDescription(test), word))
        else:
            self.stream.write(short)
        self.stream.flush()

    def startTest(self, test):
        with self._lock:
            super().startTest(test)

    def addSuccess(self, test):
        with self._lock:
            super().addSuccess(test)
            self._note(test, ".", "ok")

    def addFailure(self, test, err):
        with self._lock:
            super().addFailure(test, err)
            self._note(test, "F", "FAIL")

    def addError(self, test, err):
        with self._lock:
            super().addError(test, err)
            self._note(test, "E", "ERROR")

    def addSkip(self, test, reason):
        with self._lock:
            super().addSkip(test, reason)
            self._note(test, "s", "skipped %r" % reason)

    def stopTest(self, test):
        with self._lock:
            super().stopTest(test)


def run_parallel(suite, jobs, verbose, failfast):
    """Run the tests of `suite` on `jobs` threads; return the result."""
    stream = unittest.runner._WritelnDecorator(sys.stderr)
    result = LockedResult(stream, True, 2 if verbose else 1)
    result.failfast = failfast
    pending = list(suite)
    lock = threading.Lock()

    def worker():
        while not result.shouldStop:
            with lock:
                if not pending:
                    return
                test = pending.pop(0)
            test(result)

    start = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stream.writeln()
    result.printErrors()
    stream.writeln(result.separator2)
    stream.writeln("Ran %d tests in %.3fs on %d threads" % (
        result.testsRun, time.monotonic() - start, jobs))
    stream.writeln()
    summary = []
    for label, items in (("failures", result.failures), ("errors", result.errors),
                         ("skipped", result.skipped)):
        if items:
            summary.append("%s=%d" % (label, len(items)))
    stream.writeln(("OK" if result.wasSuccessful() else "FAILED")
                   + (" (%s)" % ", ".join(summary) if summary else ""))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    harness.add_arguments(parser)
    parser.add_argument("--target", choices=("bora", "mistral"))
    parser.add_argument("--big-body-mb", type=int, default=20)
    parser.add_argument("-k", dest="pattern", default="")
    parser.add_argument("-v", dest="verbose", action="store_true")
    parser.add_argument("--failfast", action="store_true")
    parser.add_argument("-j", dest="jobs", type=int, default=1,
                        help="run tests on this many threads (default 1)")
    args = parser.parse_args()

    CTX.target = args.target or ("bora" if args.bora else "mistral")
    CTX.big_body_mb = args.big_body_mb
    suite = load_suite(args.pattern)
    with harness.server_from_args(args) as srv:
        CTX.url = srv.url
        CTX.server = srv if args.bora else None
        if args.jobs > 1:
            result = run_parallel(suite, args.jobs, args.verbose, args.failfast)
        else:
            runner = unittest.TextTestRunner(verbosity=2 if args.verbose else 1,
                                             failfast=args.failfast)
            result = runner.run(suite)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
