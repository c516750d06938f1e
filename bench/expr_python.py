#!/usr/bin/env python3
"""Times the expressions of bench/dsl_bench.cpp through Python's yaql and
jinja2, configured as Mistral 15 configures them, and prints one JSON line per
row: {"name": ..., "ns_per_op": ...}. Needs python3-yaql and python3-jinja2."""
import json
import timeit

import jinja2
from jinja2.sandbox import SandboxedEnvironment
import yaql
from yaql.language import factory
from yaql.language import utils as yaql_utils

OPTIONS = {
    "yaql.limitIterators": -1,
    "yaql.memoryQuota": -1,
    "yaql.convertTuplesToLists": True,
    "yaql.convertSetsToLists": False,
    "yaql.iterableDicts": False,
    "yaql.convertOutputData": True,
}


def make_data():
    servers = [{"id": i, "status": "ACTIVE" if i % 3 == 0 else "BUILD", "name": "vm-%d" % i}
               for i in range(1000)]
    return {"a": 41, "name": "bora", "servers": servers}


def main():
    engine = factory.YaqlFactory(keyword_operator="=>", allow_delegates=False).create(
        options=OPTIONS)
    root = yaql.create_context()
    data = make_data()
    frozen = yaql_utils.convert_input_data(data)
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, trim_blocks=True,
                               lstrip_blocks=True)

    def yaql_row(name, text):
        expr = engine(text)  # compiled once, as Bora does

        def run():
            ctx = root.create_child_context()
            ctx["$"] = frozen
            return expr.evaluate(context=ctx)
        return name, run

    def jinja_expr_row(name, text):
        fn = env.compile_expression(text, undefined_to_none=False)
        return name, lambda: fn(_=data)

    def jinja_tmpl_row(name, text):
        tmpl = env.from_string(text)
        return name, lambda: tmpl.render(_=data)

    rows = [
        yaql_row("yaql_member", "$.a"),
        yaql_row("yaql_add", "$.a + 1"),
        yaql_row("yaql_where_select", "$.servers.where($.status = 'ACTIVE').select($.id)"),
        yaql_row("yaql_len_str", "len(str($.name)) * 2"),
        jinja_expr_row("jinja_member", "_.a"),
        jinja_tmpl_row("jinja_loop", "{% for s in _.servers %}{% if s.status == 'ACTIVE' %}"
                                     "{{ s.id }},{% endif %}{% endfor %}"),
    ]
    name_expr = engine("$.name")
    a_expr = engine("$.a")

    def mixed():
        # Mistral's interpolation: each <% %> evaluated, then str() replaced.
        ctx = root.create_child_context()
        ctx["$"] = frozen
        return "Hello %s, a=%s" % (name_expr.evaluate(context=ctx), a_expr.evaluate(context=ctx))
    rows.append(("mixed_text", mixed))

    for name, fn in rows:
        fn()
        timer = timeit.Timer(fn)
        number, _ = timer.autorange()
        best = min(timer.repeat(repeat=3, number=number)) / number
        print(json.dumps({"name": name, "ns_per_op": best * 1e9}))


if __name__ == "__main__":
    main()
