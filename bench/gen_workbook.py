#!/usr/bin/env python3
"""Writes a workbook of about 1 MB with 2,000 tasks (20 workflows of 100
tasks), every task carrying expressions, transitions and policies, for
timing `bora validate`.
  python3 bench/gen_workbook.py OUT.yaml [TASKS]"""
import sys


def task(wf, i, n):
    lines = [
        f"      task_{i:04d}:",
        f"        description: step {i} of workflow {wf}",
        f"        action: std.echo output=<% $.base + {i} %>",
        "        input:",
        f"          extra: <% $.items.where($.size > {i % 7}).select($.name) %>",
        "          note: \"{{ _.base | string }} and more\"",
        "        publish:",
        f"          value_{i}: <% task().result %>",
        f"          label_{i}: <% str(task().result) + '-{wf}' %>",
        "        retry:",
        "          count: 3",
        "          delay: 1",
        "          break-on: <% task().result = 0 %>",
        "        timeout: 60",
        "        wait-before: 0",
    ]
    if i + 1 < n:
        lines += [
            "        on-success:",
            f"          - task_{i + 1:04d}: <% $.base >= 0 %>",
            "        on-error:",
            f"          - fail msg=\"<% 'failed at {i}' %>\"",
        ]
    return lines


def main():
    out = sys.argv[1]
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    per_wf = 100
    lines = ["---", "version: '2.0'", "name: big", "workflows:"]
    for w in range(total // per_wf):
        lines += [
            f"  wf_{w:03d}:",
            "    input:",
            "      - base: 1",
            "      - items: []",
            "    output:",
            f"      last: <% $.value_{per_wf - 1} %>",
            "    tasks:",
        ]
        for i in range(per_wf):
            lines += task(w, i, per_wf)
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
