#!/usr/bin/python3
"""Writes cases.json: cron patterns with the fire times croniter gives them.

Run with the Debian Python that has croniter 1.3.5 (the version Mistral 15
uses):  /usr/bin/python3 test/dsl/cron_cases/generate.py
The table is read by test/dsl/cron_test.cpp. Each case is one of
  {"pattern", "start", "next": [epoch seconds...], "never": bool}
      croniter accepts the pattern; "next" are the fire times after "start"
      (each search starting at the previous time, as Mistral advances a
      trigger); "never": true when croniter then found no further time
  {"pattern", "invalid": true}   croniter rejects it (Mistral: 400)
  {"pattern", "crash": text}     croniter crashes with another error (500)
  {"pattern", "random": true}    valid, with randomly chosen values (R)
"""
import calendar
import datetime
import json
import os
import sys

import croniter

STARTS = [
    "2026-11-29 00:10:00",
    "2024-02-28 23:59:30",
    "2027-12-31 23:59:59",
    "1999-12-31 23:00:00",
    "2026-03-01 12:34:56",
]
COUNT = 6

VALID = [
    "* * * * *", "*/5 * * * *", "0 * * * *", "0 0 * * *", "30 2 * * *",
    "0 0 1 * *", "0 0 1 1 *", "0 0 * * 0", "0 0 * * 7", "0 9-17 * * 1-5",
    "15,45 * * * *", "0 0,12 * * *", "0-10/3 * * * *", "10/5 * * * *",
    "59 23 31 12 *", "0 0 31 * *", "0 0 29 2 *", "0 0 28-31 2 *",
    "0 0 L * *", "0 0 l * *", "0 0 15-L * *", "0 0 1,L * *", "* * L 2 *",
    "0 0 1-30,L * *", "0 0 * * mon", "0 0 * * MON-FRI", "0 0 * * fri-sun",
    "0 0 * * sat,sun", "0 0 * jan,jul *", "0 0 1 JAN-MAR *", "0 0 * * 1-0",
    "0 0 * * 5-0", "0 0 * * 0-6", "0 0 * * 0-7", "0 0 * * */2",
    "0 0 * */3 *", "0 0 1,15 * 1", "0 0 13 * 5", "0 0 1 * 0-5",
    "0 0 1 * 0-6", "0 0 * * 1#1", "0 0 * * mon#2", "0 0 * * 5#5",
    "0 0 * * L5", "0 0 * * l0", "0 0 * * 1#1,3#3", "0 0 * * 1#2,1",
    "0 0 * * 1#2abc", "0 0 * * 7#1", "0 0 * * 5#2,l5", "0 0 15 * 1#2",
    "0 0 1 * 1#3", "0 0 30 2 *", "0 0 30 2 0", "0 0 30 2 1",
    "0 0 31 4,6,9,11 *", "0 0 * * 0#1,1#1,2#1,3#1,4#1,5#1,6#1",
    "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight",
    "@hourly", "@HOURLY", "@Daily", "* * * * * *", "*/15 * * * * *",
    "0 0 0 * * 30", "* * 0 * * *", "0 0 * * 7 *", "0 0 * * 0-6 *",
    "0 0 * * 1-7 *", "0 0 * * 0-7 *", "1 2 3 4 5 6", "0 0 1 1 * 59",
    "0 12 * * * */20", "0   0\t*  *\n*", "00 00 01 01 *",
    "000000000000000000000005 * * * *", "0-59/99999999999999999999 * * * *",
    "*/99999999999999999999 * * * *", "0 0 */40 * *", "5-5 * * * *",
    "*,5 * * * *", "0 0 *,1 * 1", "0 0 * * *,1#2", "0 */1 * * *",
    "0 0 * * 6-0", "0 0 1-31 * 3", "0 0 1-31/2 * 3", "0 0 l * 3",
    "0 0 * 1-12 3", "0 0 */2 */2 */2", "0 0 1-5 * sun",
    "0 0 ? * *".replace("?", "*"), "0 0 31 * 1", "59 23 * * 6",
    "0 0 1 2 * 0", "0 0 * * 1-5/2", "0 0 * * mon/2", "0 0 * jan/4 *",
    "0 0 5/10 * *", "1/1 * * * *", "0 0 28 2 *", "0 0 29 2 1",
    "0 0 29 2 1#5", "0 0 * 2 1#5", "0 0 * 2 l1",
    "\u0665 * * * *", "\uff11\uff15 * * * *", "0 0 * * \u0661#\u0662",
    "0\u00a00 * * *", "0\u30000 * * *", "0\u2003* * * *", "0\x1c0 * * *",
    "0 0 * * \u0665-\u0666", "*/\u0665 * * * *",
    "* * * * mon,1#2", "* * * * 00-00", "* * 0 * 0 *", "0 0 * * 0#1,0",
    "0 0 * * 1#5xyz#9", "0 0 l/5 * *".replace("l/5", "1/5"),
]

INVALID = [
    "", " ", "*", "* * * *", "* * * * * * *", "60 * * * *", "* 24 * * *",
    "* * 32 * *", "* * 0 * *", "* * * 0 *", "* * * 13 *", "* * * * 8",
    "*/0 * * * *", "0-59/0 * * * *", "5-1 * * * *", "-1 * * * *",
    "1- * * * *", "-5 * * * *", "1,,2 * * * *", ", * * * *", "1, * * * *",
    "a * * * *", "* * * foo *", "* * * * foo", "* * * * 1#0", "* * * * 1#6",
    "* * * * sun#6", "* * * * 1#", "* * * * #2", "* * * * 1-5#2",
    "* * * * L", "* * * * l", "* * l-5 * *",
    "* * L-L * *", "* * * L *", "L * * * *", "? * * * *", "* * ? * *",
    "H * * * *", "h/5 * * * *", "H(0-5) * * * *", "@reboot", "@hourly ",
    " @hourly", "@every 5m", "99999999999999999999 * * * *",
    "0 99999999999999999999 * * *", "0 0 1-99999999999999999999 * *",
    "*/ * * * *", "*/a * * * *", "5/ * * * *", "/5 * * * *",
    "5/2/3 * * * *", "*/5-10 * * * *", "1-5-7 * * * *", "* * * * 5-00", "0 0 * * 5-\u0660", "1.5 * * * *", "+1 * * * *",
    "0x10 * * * *", "\u0661\u0662\u0663 * * * *", "\u00e9 * * * *",
    "* * * * m\u00f6n", "\u212a * * * *", "* * * * \u0130", "0\u200b0 * * *",
    "* * * * * 60", "* * * 0 * *", "1 2 3 4 5 6\x00",
    "0 0 31 2 * ,", "0 0 *,1 * 1,2#2", "sun * * * *",
    "jan * * * *", "* * * * jan", "* * * sun *", "* * 1L * *", "* * 1W * *",
    "* * * * 1L", "r(5-4) * * * *",
]

RANDOM = [
    "r * * * *", "R * * * *", "0 r * * *", "0 0 r * *", "0 0 * r *",
    "0 0 * * r", "r(0-5) * * * *", "r/5 * * * *", "r(10-20)/5 * * * *",
    "0 0 1 1 * r",
]


def hostile():
    out = [
        ",".join(["1"] * 1000) + " * * * *",
        ",".join(str(i % 60) for i in range(1000)) + " * * * *",
        ",".join(["1"] * 1000) + ", * * * *",
        "* * * * " + ",".join(["mon#2"] * 300),
        "0 0 " + ",".join(["1-31"] * 300) + " * *",
        "1" * 5000 + " * * * *",
        " ".join(["*"] * 500),
        "*/" + "9" * 400 + " * * * *",
        "0 0 * * " + "#" * 100,
        "\u0665" * 50 + " * * * *",
        "0 0 * * 1#" + "1" * 5000,
        "1-" + "5" * 5000 + " * * * *",
        "0-5/" + "1" * 5000 + " * * * *",
        "0" * 4300 + "7 * * * *",
        "0" * 4301 + "7 * * * *",
        "0 0 * * l" + "1" * 5000,
        "r/" + "1" * 5000 + " * * * *",
        "r(" + "1" * 5000 + "-5)/0 * * * *",
        "* * * * " + "1" * 5000 + "#1",
        "1," + "1" * 5000 + ",60 * * * *",
        "60," + "1" * 5000 + ",1 * * * *",
        "1" * 5000 + "-foo * * * *",
        "* * l/5 * *",
        "\u0661" * 4301 + " * * * *",
    ]
    return out


def epoch(dt):
    return calendar.timegm(dt.timetuple())


def run(pattern, start):
    try:
        it = croniter.croniter(pattern, start)
    except (ValueError, KeyError):
        return {"invalid": True}
    except Exception as exc:  # croniter crashes; Mistral answers 500
        return {"crash": str(exc)}
    times = []
    never = False
    try:
        for _ in range(COUNT):
            times.append(epoch(it.get_next(datetime.datetime)))
    except croniter.CroniterBadDateError:
        never = True
    return {"next": times, "never": never}


def main():
    cases = []
    starts = [datetime.datetime.strptime(s, "%Y-%m-%d %H:%M:%S") for s in STARTS]
    for k, pattern in enumerate(VALID + INVALID + hostile()):
        # Every pattern runs from the first start; every third from all.
        for start in (starts if k % 3 == 0 else starts[:1]):
            case = {"pattern": pattern, "start": epoch(start)}
            case.update(run(pattern, start))
            cases.append(case)
            if "next" not in case:
                break
    for pattern in RANDOM:
        result = run(pattern, starts[0])
        assert "next" in result and result["next"], pattern
        cases.append({"pattern": pattern, "random": True})
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases.json")
    with open(out, "w") as f:
        json.dump({"croniter": croniter.__version__ if hasattr(croniter, "__version__")
                   else "1.3.5", "cases": cases}, f, indent=1)
        f.write("\n")
    kinds = {}
    for c in cases:
        kind = ("random" if "random" in c else "invalid" if "invalid" in c else
                "crash" if "crash" in c else "never" if c["never"] and not c["next"] else
                "valid")
        kinds[kind] = kinds.get(kind, 0) + 1
    print(len(VALID + INVALID + hostile() + RANDOM), "patterns,", len(cases), "cases:", kinds,
          file=sys.stderr)


if __name__ == "__main__":
    main()
