#!/usr/bin/env python3
"""Runs bench/dsl_bench (C++) and bench/expr_python.py in one go and prints a
Markdown table: expression, Bora ns/op, Python ns/op, ratio.
  python3 bench/compare_expr.py BUILD_DIR   (a build configured with -Dbench=true)"""
import json
import os
import subprocess
import sys

EXPRESSIONS = {
    "yaql_member": "<% $.a %>",
    "yaql_add": "<% $.a + 1 %>",
    "yaql_where_select": "<% $.servers.where($.status = 'ACTIVE').select($.id) %> (1,000 items)",
    "yaql_len_str": "<% len(str($.name)) * 2 %>",
    "jinja_member": "{{ _.a }}",
    "jinja_loop": "{% for %} over 1,000 items with {% if %} and {{ }}",
    "mixed_text": "Hello <% $.name %>, a=<% $.a %>",
}


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build-bench"
    here = os.path.dirname(os.path.abspath(__file__))
    out = subprocess.run([os.path.join(build, "bench", "dsl_bench"), "--benchmark_format=json"],
                         check=True, capture_output=True, text=True).stdout
    bora = {}
    for b in json.loads(out)["benchmarks"]:
        name = b["name"].split("/", 1)[-1]
        unit = {"ns": 1, "us": 1e3, "ms": 1e6}[b["time_unit"]]
        bora[name] = b["real_time"] * unit
    py = {}
    lines = subprocess.run(["/usr/bin/python3", os.path.join(here, "expr_python.py")], check=True,
                           capture_output=True, text=True).stdout.splitlines()
    for line in lines:
        row = json.loads(line)
        py[row["name"]] = row["ns_per_op"]
    print("| expression | Bora ns/op | Python ns/op | Python / Bora |")
    print("| --- | ---: | ---: | ---: |")
    for name, text in EXPRESSIONS.items():
        if name in bora and name in py:
            ratio = py[name] / bora[name]
            shown = f"{ratio:,.0f}x" if ratio >= 10 else f"{ratio:.2f}x"
            print(f"| `{text}` | {bora[name]:,.0f} | {py[name]:,.0f} | {shown} |")


if __name__ == "__main__":
    main()
