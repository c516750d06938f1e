#!/usr/bin/env python3
"""Regenerates the expected-result tables for Bora's YAQL and Jinja engines.

Every expected value is computed by the real Python implementations that
Mistral 15 uses (Debian packages python3-yaql, python3-jinja2,
python3-mistral), evaluated the way Mistral evaluates workflow expressions,
but with the database-backed functions (task, tasks, execution, executions,
global) answered from the canned host in host.json.

Usage (from the repository root):  python3 test/dsl/expr_cases/generate.py
Writes yaql_cases.json and jinja_cases.json next to this script.
"""

import os
import sys

SYSTEM_PYTHON = '/usr/bin/python3'

try:
    import mistral  # noqa: F401  (only probing that the packages are visible)
except ImportError:
    # A python3 from pyenv/venv does not see Debian's dist-packages; rerun the
    # script with the system interpreter, which does.
    if os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON) \
            and os.path.exists(SYSTEM_PYTHON):
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON] + sys.argv)
    sys.exit('generate.py needs python3-mistral, python3-yaql and '
             'python3-jinja2 (Debian packages) importable')

import collections.abc
import copy
import datetime
import functools
import inspect
import json
import logging
import warnings

import decorator
import jinja2
import yaql
from yaql.language import utils as yaql_utils

from mistral.expressions import jinja_expression
from mistral.expressions import std_functions
from mistral.expressions import yaql_expression

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = 'test/dsl/expr_cases/generate.py'

logging.disable(logging.CRITICAL)
warnings.simplefilter('ignore')


# ---------------------------------------------------------------------------
# Canned host: what task()/tasks()/execution()/executions()/global() answer.

def load_host():
    with open(os.path.join(HERE, 'host.json'), encoding='utf-8') as f:
        return json.load(f)


HOST = load_host()


# The fakes keep the names and parameter names of Mistral's functions so
# that named arguments bind the same way and Python's TypeError messages
# (wrong arity, unknown keyword) read the same. The first parameter is the
# evaluation context, as in Mistral; the fakes ignore it. They return copies
# so that an expression cannot change the canned host.

def _signature_checked(func):
    # Mistral wraps task_, tasks_, execution_ and executions_ in a caching
    # decorator built with the `decorator` package; it keeps the signature
    # but reports bad calls with inspect's wording ("too many positional
    # arguments"). Wrap the fakes the same way so errors read the same.
    def call(f, *args, **kw):
        return f(*args, **kw)
    return decorator.decorate(func, call)


@_signature_checked
def task_(context, task_name=None):
    if not task_name:
        return copy.deepcopy(HOST['current_task'])
    return copy.deepcopy(HOST['tasks'].get(task_name))


@_signature_checked
def tasks_(context, workflow_execution_id=None, recursive=False,
           state=None, flat=False):
    out = []
    for t in HOST['all_tasks']:
        if workflow_execution_id and \
                t['workflow_execution_id'] != workflow_execution_id:
            continue
        if state and t['state'] != state:
            continue
        out.append(t)
    return copy.deepcopy(out)


@_signature_checked
def execution_(context):
    return copy.deepcopy(HOST['execution'])


@_signature_checked
def executions_(context, id=None, root_execution_id=None, state=None,
                from_time=None, to_time=None):
    out = []
    for e in HOST['executions']:
        if id is not None and e['id'] != id:
            continue
        if root_execution_id is not None and \
                e['root_execution_id'] != root_execution_id:
            continue
        if state is not None and e['state'] != state:
            continue
        if from_time is not None and e['created_at'] < from_time:
            continue
        if to_time is not None and e['created_at'] >= to_time:
            continue
        out.append(e)
    return copy.deepcopy(out)


def global_(context, var_name):
    return copy.deepcopy(HOST['globals'].get(var_name))


def custom_functions():
    """Mistral's expression functions, database-backed ones replaced."""
    funcs = {
        'env': std_functions.env_,
        'json_dump': std_functions.json_dump_,
        'json_parse': std_functions.json_parse_,
        'json_pp': std_functions.json_pp_,
        'uuid': std_functions.uuid_,
        'yaml_dump': std_functions.yaml_dump_,
        'yaml_parse': std_functions.yaml_parse_,
        'task': task_,
        'tasks': tasks_,
        'execution': execution_,
        'executions': executions_,
        'global': global_,
    }
    # Stay honest with the installed Mistral: the same set of names.
    from mistral.expressions import base
    assert sorted(base.get_custom_functions()) == sorted(funcs), \
        sorted(base.get_custom_functions())
    return funcs


FUNCS = custom_functions()


# ---------------------------------------------------------------------------
# YAQL, as mistral/expressions/yaql_expression.py sets it up.

YAQL_ENGINE = yaql_expression.create_yaql_engine_class(
    '=>', False, {
        'yaql.limitIterators': -1,
        'yaql.memoryQuota': -1,
        'yaql.convertTuplesToLists': True,
        'yaql.convertSetsToLists': False,
        'yaql.iterableDicts': False,
        'yaql.convertOutputData': True,
    })

YAQL_ROOT = yaql.create_context()
for _name in FUNCS:
    YAQL_ROOT.register_function(FUNCS[_name], name=_name)


def yaql_context(data):
    ctx = YAQL_ROOT.create_child_context()
    ctx['$'] = yaql_utils.convert_input_data(data)
    if isinstance(data, dict):
        for key in ('__env', '__execution', '__task_execution'):
            ctx[key] = data.get(key)
    return ctx


def run_yaql(expr, data):
    """Returns ('ok', value) or ('parse'|'eval', message)."""
    text = expr.strip()
    try:
        parsed = YAQL_ENGINE(text)
    except Exception as e:  # what Mistral's validate() reports
        return 'parse', str(getattr(e, 'message', e))
    try:
        result = parsed.evaluate(context=yaql_context(data))
        result = yaql_expression._sanitize_yaql_result(result)
        # Mistral's caller stores / serialises the value; materialising it
        # here surfaces errors raised lazily (e.g. by items()).
        return 'ok', to_json(result)
    except Unrepresentable:
        raise
    except Exception as e:
        return 'eval', str(e)


# ---------------------------------------------------------------------------
# Jinja, as mistral/expressions/jinja_expression.py sets it up.

JINJA_ENV = jinja_expression.InlineJinjaEvaluator._env
# Mistral also registers its functions as filters (already done on import,
# with the real objects; a filter gets the value as the context argument).
for _name in FUNCS:
    assert _name in JINJA_ENV.filters, _name


def jinja_context(data):
    ctx = {'_': data}
    for name in FUNCS:
        ctx[name] = functools.partial(FUNCS[name], data)
    if isinstance(data, dict):
        for key in ('__env', '__execution', '__task_execution'):
            ctx[key] = data.get(key)
    return ctx


def run_jinja(expr, data):
    """Returns ('ok', value) or ('parse'|'eval', message)."""
    # Definition-time validation: the whole string parsed as a template.
    try:
        JINJA_ENV.parse(expr)
    except jinja2.exceptions.TemplateError as e:
        return 'parse', str(e)
    pattern = jinja_expression.InlineJinjaEvaluator.find_expression_pattern
    try:
        found = pattern.findall(expr)
        if found[0][0] == expr:
            compiled = JINJA_ENV.compile_expression(
                found[0][1], **jinja_expression.JINJA_OPTS)
            result = compiled(**jinja_context(data))
            str(result)  # StrictUndefined raises only when used
        else:
            result = JINJA_ENV.from_string(expr).render(**jinja_context(data))
        return 'ok', to_json(result)
    except Unrepresentable:
        raise
    except Exception as e:
        return 'eval', str(e)


# ---------------------------------------------------------------------------
# Python values -> JSON.

class Unrepresentable(Exception):
    pass


def _key(k):
    if isinstance(k, str):
        return k
    # What json.dumps does with non-string keys.
    return json.loads(json.dumps({k: 0})).popitem()[0]


def to_json(v, top=True):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if v != v or v in (float('inf'), float('-inf')):
            raise Unrepresentable('non-finite float %r' % v)
        return v
    if isinstance(v, datetime.datetime):
        return v.isoformat()
    if isinstance(v, yaql_utils.FrozenDict):
        v = v._d
    if isinstance(v, dict):
        return {_key(k): to_json(x, False) for k, x in v.items()}
    if isinstance(v, (set, frozenset)):
        if not top:
            raise Unrepresentable('nested set %r' % (v,))
        items = [to_json(x, False) for x in v]
        return UnorderedList(sorted(items, key=lambda x: json.dumps(
            x, sort_keys=True)))
    if isinstance(v, (list, tuple)):
        return [to_json(x, False) for x in v]
    if isinstance(v, jinja2.Undefined):
        # A plain Undefined (e.g. `'y' if false`) survives Mistral's str()
        # check but fails as soon as the result is serialised.
        v._fail_with_undefined_error()
    if inspect.isgenerator(v) or isinstance(v, collections.abc.Iterator):
        return [to_json(x, False) for x in v]
    if isinstance(v, (range, collections.abc.KeysView,
                      collections.abc.ValuesView, collections.abc.ItemsView)):
        # Ordered views of Jinja results (dict.keys(), dict.items(), range):
        # stored as lists, as Mistral's JSON serialisation does.
        return [to_json(x, False) for x in v]
    raise Unrepresentable('%s %r' % (type(v).__name__, v))


class UnorderedList(list):
    pass


# ---------------------------------------------------------------------------
# Case tables. Each block is parsed by parse_cases(): a line
#   id | expression
# adds one case evaluated against the current data set; a line
#   @data NAME
# switches the data set for the lines after it (the names are keys of
# DATASETS); blank lines and lines starting with '#' are ignored. Only the
# first ' | ' separates the id, so Jinja filters may use ' | ' freely.

DATASETS = {
    'none': {},
    'd': {
        'a': 1, 'b': 2.5, 's': 'Hello World', 'n': None, 't': True,
        'f': False, 'l': [3, 1, 2], 'e': [], 'es': '', 'em': {},
        'm': {'x': 1, 'y': 'two', 'z': [1, 2]},
        'nested': {'k': {'v': 5}},
        'users': [
            {'name': 'ann', 'age': 31, 'tags': ['a']},
            {'name': 'bob', 'age': 25, 'tags': []},
            {'name': 'cy', 'age': 40, 'tags': ['a', 'b']},
        ],
    },
    'wf': {
        'vm_name': 'web', 'count': 2, 'status': 'SUCCESS',
        'items': ['a', 'b'], 'keys': 1, 'values': 'v',
        '__env': {'region': 'eu-1', 'debug': True},
        '__execution': {'id': '0b6f6a4e-5d1c-4c0e-9a55-2f1e7c3a9d01'},
        '__task_execution': {'id': 'd3f1a2b4-0000-4000-8000-000000000003',
                             'name': 't_current'},
    },
    'j': {
        'a': 1, 'b': 2.5, 'n': None, 't': True, 'f': False, 'name': 'ann',
        's': 'Hello World', 'csv': 'a,b,c', 'l': [3, 1, 2], 'e': [],
        'es': '', 'em': {}, 'm': {'x': 1, 'y': 'two'},
        'words': ['b', 'A', 'c', 'a'], 'items': ['p', 'q'],
        'users': [
            {'name': 'ann', 'age': 31, 'admin': True, 'team': 'x'},
            {'name': 'bob', 'age': 25, 'admin': False, 'team': 'y'},
            {'name': 'cy', 'age': 40, 'admin': True, 'team': 'x'},
        ],
    },
    'list': [1, 2, 3],
    'str': 'top',
    'null': None,
}


def parse_cases(text):
    out = []
    data = DATASETS['none']
    for raw in text.split('\n'):
        line = raw.strip()
        if not line or line.startswith('#'):
            continue
        if line.startswith('@data '):
            data = DATASETS[line[len('@data '):].strip()]
            continue
        case_id, sep, expr = line.partition(' |')
        expr = expr[1:] if expr.startswith(' ') else expr
        if not sep:
            sys.exit('bad case line: %r' % raw)
        expr = unescape(expr)
        out.append((case_id.strip(), expr, data if reads_data(expr) else {}))
    return out


def reads_data(expr):
    # Keeps the files small: a case whose text cannot reach the data context
    # (no `$`/`_`, no env()/json_pp() which read it implicitly) is stored
    # with empty data; its result is computed with that empty data too.
    return any(mark in expr for mark in ('$', '_', 'env', 'json_pp'))


def unescape(expr):
    # Lets a table line hold characters that the table format would lose:
    # {NL} newline, {TAB} tab, {SP} a space (for leading/trailing spaces).
    return (expr.replace('{NL}', '\n').replace('{TAB}', '\t')
            .replace('{SP}', ' '))


def yaql_cases():
    return parse_cases(YAQL_CASES)


def jinja_cases():
    return parse_cases(JINJA_CASES)


YAQL_CASES = r"""
# --- literals -------------------------------------------------------------
lit-int | 42
lit-int-zero | 0
lit-int-large | 2147483648
lit-float | 3.14
lit-float-trailing-zero | 2.0
lit-float-leading-dot | .5
lit-float-trailing-dot | 5.
lit-float-exponent | 2e3
lit-float-exponent-frac | 1.5e3
lit-neg-int | -5
lit-neg-float | -2.5
lit-true | true
lit-false | false
lit-null | null
lit-true-capital-is-keyword-string | True
lit-str-single | 'abc'
lit-str-double | "abc"
lit-str-empty | ''
lit-str-escape-newline | 'a\nb'
lit-str-escape-tab | 'a\tb'
lit-str-escape-backslash | 'a\\b'
lit-str-escape-quote | 'it\'s'
lit-str-escape-dquote | "say \"hi\""
lit-str-escape-unicode | '\u00e9'
lit-str-escape-hex | '\x41'
lit-str-double-holds-single | "it's"
lit-str-unicode-raw | 'héllo'
lit-str-backtick | `a\nb`
lit-str-backtick-escaped | `a\`b`
lit-str-unterminated | 'abc
lit-str-unterminated-double | "abc
lit-kw-string | foo
lit-kw-string-underscore | foo_bar1
lit-kw-string-leading-underscore | _x
lit-kw-string-dunder | __x
lit-kw-string-compare | SUCCESS = 'SUCCESS'
lit-kw-string-in-list | [a, b]
lit-kw-string-two-words | foo bar
lit-list | [1, 'a', null, true]
lit-list-empty | []
lit-list-nested | [[1], [2, [3]]]
lit-list-trailing-comma | [1, 2,]
lit-list-exprs | [1 + 1, 'a' + 'b']
lit-map | {a => 1, b => 'x'}
lit-map-empty | {}
lit-map-string-key | {'a b' => 1}
lit-map-int-key | {1 => 2}
lit-map-expr-key | {'k' + '1' => 1}
lit-map-duplicate-key | {a => 1, a => 2}
lit-map-nested | {a => {b => [1, {c => null}]}}
lit-map-colon-is-error | {a: 1}
lit-map-equals-is-error | {a = 1}
lit-paren | (1 + 2) * 3
lit-paren-unbalanced | (1 + 2
lit-whitespace-newlines | {TAB}1{NL} +{NL}2{TAB}
lit-empty-expression | 
lit-only-spaces | {SP}{SP}{SP}
lit-lex-hash | 1 # 2
lit-lex-at | @
lit-lex-bang | 1 ! 2
lit-lex-ampersand | 1 && 2
lit-lex-pipe | 1 || 2
lit-lex-semicolon | 1; 2
lit-parse-dangling-plus | 1 +
lit-parse-two-values | 1 2
lit-parse-double-slash | 7 // 2
lit-parse-double-star | 2 ** 3
lit-parse-double-equals | 1 == 1
lit-parse-unclosed-bracket | [1, 2
lit-parse-unclosed-brace | {a => 1
lit-parse-closing-only | )

# --- context references ---------------------------------------------------
@data d
ctx-dollar-root | $
ctx-dollar-key | $.a
ctx-var-unset | $foo
ctx-var-unset-property | $foo.x
ctx-var-unset-safe-property | $foo?.x
ctx-lambda-arg-top | $1
ctx-dunder-property-lexical | $.__env
ctx-dunder-indexer-absent | $['__env']
@data wf
ctx-dunder-indexer | $['__env']
ctx-dunder-indexer-chain | $['__execution'].id
ctx-dunder-get | $.get('__task_execution').name
ctx-dunder-var | $__env
@data list
ctx-root-list | $
ctx-root-list-index | $[1]
ctx-root-list-len | $.len()
@data str
ctx-root-string | $
ctx-root-string-upper | $.toUpper()
@data null
ctx-root-null | $
ctx-root-null-property | $.x

# --- property access and indexing ----------------------------------------
@data d
prop-int | $.a
prop-float | $.b
prop-null-value | $.n
prop-nested | $.nested.k.v
prop-map-then-index | $.m.z[1]
prop-missing | $.x
prop-missing-nested | $.m.missing
prop-of-null | $.n.x
prop-of-null-safe | $.n?.x
prop-of-map-safe | $.m?.x
prop-of-map-safe-missing | $.m?.missing
prop-of-int | $.a.x
prop-of-string | $.s.x
prop-of-list-maps | $.users.name
prop-of-list-lists | $.users.tags
prop-of-list-empty | $.e.x
prop-of-list-ints | $.l.x
prop-of-list-missing-in-one | [{x => 1}, {y => 2}].x
prop-of-list-then-index | $.users.name[0]
prop-of-list-then-first | $.users.name.first()
prop-of-list-then-to-list-index | $.users.name.toList()[0]
prop-of-list-nested-maps | $.users.tags.len()
prop-literal-map | {a => 1}.a
prop-literal-map-missing | {a => 1}.b
prop-chain-safe | $.n?.x?.y
prop-safe-on-list | $.users?.name
prop-keyword-true-as-key | {true => 1}
prop-string-key-form | $.'a'
prop-space-after-dot | $. a
prop-index-list | $.l[0]
prop-index-list-last | $.l[-1]
prop-index-list-neg-first | $.l[-3]
prop-index-out-of-range | $.l[3]
prop-index-neg-out-of-range | $.l[-4]
prop-index-empty-list | $.e[0]
prop-index-string | $.s[0]
prop-index-list-by-string | $.l['a']
prop-index-list-by-float | $.l[1.0]
prop-index-list-by-bool | $.l[true]
prop-index-map | $['a']
prop-index-map-nested | $.m['y']
prop-index-map-missing | $.m['missing']
prop-index-map-int-key | {1 => 'one'}[1]
prop-index-null | $.n[0]
prop-index-literal-list | [10, 20, 30][1]
prop-index-chain | $.users[0].name
prop-index-neg-chain | $.users[-1]['age']
prop-index-expr | $.l[$.a]
prop-index-two-args | $.l[0, 1]
prop-index-empty | $.l[]

# --- arithmetic -----------------------------------------------------------
@data none
arith-add-int | 1 + 2
arith-add-int-float | 1 + 2.5
arith-add-floats-whole | 2.5 + 2.5
arith-add-strings | 'a' + 'b'
arith-add-lists | [1] + [2, 3]
arith-add-maps | {a => 1} + {b => 2}
arith-add-maps-right-wins | {a => 1, b => 2} + {a => 3}
arith-add-int-string | 1 + '1'
arith-add-string-int | '1' + 1
arith-add-null-int | null + 1
arith-add-int-null | 1 + null
arith-add-list-string | [1] + 'a'
arith-add-list-map | [1] + {a => 1}
arith-add-bool-int | true + 1
arith-add-bools | true + true
arith-sub-int | 5 - 3
arith-sub-negative-result | 5 - 7.5
arith-sub-strings | 'a' - 'b'
arith-sub-lists | [1, 2] - [1]
arith-mul-int | 2 * 3
arith-mul-float | 2 * 1.5
arith-mul-string-int | 'ab' * 3
arith-mul-int-string | 3 * 'ab'
arith-mul-list-int | [1, 2] * 2
arith-mul-string-zero | 'a' * 0
arith-mul-string-negative | 'a' * -1
arith-mul-list-zero | [1] * 0
arith-mul-strings | 'a' * 'b'
arith-mul-string-float | 'a' * 2.0
arith-div-floor | 7 / 2
arith-div-floor-negative | -7 / 2
arith-div-floor-negative-divisor | 7 / -2
arith-div-exact | 6 / 3
arith-div-float-left | 7.0 / 2
arith-div-float-right | 7 / 2.0
arith-div-float-exact | 6.0 / 3
arith-div-by-zero | 1 / 0
arith-div-float-by-zero | 1.0 / 0
arith-div-by-float-zero | 1 / 0.0
arith-div-zero-by-zero | 0 / 0
arith-div-string | 'a' / 2
arith-mod | 7 mod 2
arith-mod-negative-left | -7 mod 2
arith-mod-negative-right | 7 mod -2
arith-mod-float | 7.5 mod 2
arith-mod-by-zero | 1 mod 0
arith-mod-percent-is-lexical | 7 % 2
arith-unary-minus-paren | -(-3)
arith-unary-plus | +3
arith-unary-double-minus | --3
arith-unary-minus-string | -'a'
arith-unary-minus-null | -null
arith-prec-mul-over-add | 1 + 2 * 3
arith-prec-paren | (1 + 2) * 3
arith-prec-mod-with-mul | 2 * 3 mod 4
arith-left-assoc-sub | 10 - 2 - 3
arith-left-assoc-div | 100 / 10 / 5
arith-unary-binds-tighter | -2 * 3
arith-add-negative | 2 + -3
arith-float-repr-sum | 0.1 + 0.2
arith-float-third | 1.0 / 3
arith-float-quarter | 10.0 / 4
arith-float-whole-product | 2.0 * 3
arith-float-tenth-times | 0.1 * 3
arith-float-large | 10000000000000000.0 * 10
arith-int-growth | 2147483647 + 1
arith-int-times-float-int | 4 * 0.5
@data d
arith-data-add | $.a + $.b
arith-data-missing | $.a + $.x
arith-data-null | $.a + $.n
arith-data-list-concat | $.l + $.e
arith-data-map-merge | $.m + {w => 0}

# --- comparison and membership -------------------------------------------
@data none
cmp-lt | 1 < 2
cmp-le-equal | 2 <= 2
cmp-gt | 3 > 2
cmp-ge-false | 3 >= 4
cmp-eq | 1 = 1
cmp-ne | 1 != 2
cmp-eq-int-float | 5.0 = 5
cmp-ne-int-float | 5.0 != 5
cmp-eq-string-int | '5' = 5
cmp-ne-string-int | '5' != 5
cmp-eq-strings | 'a' = 'a'
cmp-lt-strings | 'a' < 'b'
cmp-lt-upper-lower | 'B' < 'a'
cmp-lt-prefix | 'ab' < 'abc'
cmp-lt-int-float | 1 < 1.5
cmp-eq-null-null | null = null
cmp-ne-null-null | null != null
cmp-eq-null-zero | null = 0
cmp-eq-null-false | null = false
cmp-gt-int-null | 5 > null
cmp-lt-null-int | null < 5
cmp-gt-null-int | null > 5
cmp-lt-null-null | null < null
cmp-le-null-null | null <= null
cmp-gt-string-null | 'a' > null
cmp-eq-lists | [1, 2] = [1, 2]
cmp-eq-lists-order | [1, 2] = [2, 1]
cmp-eq-maps | {a => 1, b => 2} = {b => 2, a => 1}
cmp-eq-nested | {a => [1, {b => 2}]} = {a => [1, {b => 2}]}
cmp-eq-list-int-float | [1] = [1.0]
cmp-lt-lists | [1] < [2]
cmp-lt-int-string | 1 < 'a'
cmp-lt-maps | {} < {}
cmp-eq-true-one | true = 1
cmp-eq-false-zero | false = 0
cmp-gt-bools | true > false
cmp-lt-bool-int | true < 2
cmp-chain-lt | 1 < 2 < 3
cmp-chain-eq | 1 = 1 = true
cmp-not-chain-paren | (1 < 2) = true
cmp-prec-add-before-cmp | 1 + 1 = 2
cmp-in-list | 'a' in ['a', 'b']
cmp-in-list-missing | 5 in [1, 2]
cmp-in-list-int-float | 1.0 in [1, 2]
cmp-in-list-nested | [1] in [[1], [2]]
cmp-in-substring | 'Wor' in 'Hello World'
cmp-in-substring-missing | 'wor' in 'Hello World'
cmp-in-empty-string | '' in 'abc'
cmp-in-map | 'x' in {x => 1}
cmp-in-null | 1 in null
cmp-in-int | 1 in 1
cmp-in-set | 2 in [1, 2].toSet()
cmp-in-string-list | 'a' in 'a'
cmp-in-int-in-string | 1 in '123'
cmp-not-in | not 'z' in ['a']
cmp-in-keys | 'x' in {x => 1}.keys()
@data d
cmp-data-eq-kw | $.s = 'Hello World'
cmp-data-null-missing | $.n = null
cmp-data-list-eq | $.l = [3, 1, 2]

# --- logic and truthiness -------------------------------------------------
@data none
logic-and-true | true and true
logic-and-false | true and false
logic-or | false or true
logic-and-returns-right | 1 and 2
logic-and-returns-left-falsy | 0 and 2
logic-and-returns-empty-string | '' and 'x'
logic-and-null | null and 1
logic-or-returns-left | 'x' or 'd'
logic-or-default | null or 'd'
logic-or-both-falsy | false or null
logic-or-empty-list | [] or 'x'
logic-or-empty-map | {} or 'y'
logic-or-float-zero | 0.0 or 1
logic-or-list | [1] or 2
logic-not-true | not true
logic-not-zero | not 0
logic-not-empty-string | not ''
logic-not-empty-list | not []
logic-not-empty-map | not {}
logic-not-string-false | not 'false'
logic-not-null | not null
logic-not-nonempty-list | not [0]
logic-not-binds-looser-than-eq | not 1 = 2
logic-and-before-or | true or false and false
logic-or-before-and-paren | (true or false) and false
logic-short-circuit-and | false and 1 / 0
logic-short-circuit-or | true or 1 / 0
logic-no-short-circuit | true and 1 / 0
logic-not-not | not not 3
logic-and-chain | 1 and 2 and 3
logic-or-chain | null or 0 or '' or 'last'
truth-bool-empty-string | bool('')
truth-bool-space | bool(' ')
truth-bool-zero | bool(0)
truth-bool-float-zero | bool(0.0)
truth-bool-empty-list | bool([])
truth-bool-empty-map | bool({})
truth-bool-null | bool(null)
truth-bool-string-false | bool('false')
truth-bool-list-zero | bool([0])
truth-bool-one | bool(1)
truth-bool-negative | bool(-1)
truth-bool-empty-set | bool([].toSet())

# --- regex operators ------------------------------------------------------
regexop-search | 'abc' =~ 'b'
regexop-anchored-no | 'abc' =~ '^b'
regexop-anchored-yes | 'abc' =~ '^a.c$'
regexop-not-match | 'abc' !~ 'z'
regexop-not-match-false | 'abc' !~ 'a'
regexop-inline-flag | 'ABC' =~ '(?i)abc'
regexop-digits | 'v12' =~ '\\d+'
regexop-binds-tighter-than-plus | 'a' + 'b' =~ 'b'
regexop-non-string | 1 =~ '1'
regexop-bad-pattern | 'a' =~ '('

# --- conversions and type tests -------------------------------------------
conv-str-null | str(null)
conv-str-true | str(true)
conv-str-false | str(false)
conv-str-int | str(12)
conv-str-float | str(1.0)
conv-str-float-frac | str(1.5)
conv-str-float-sum | str(0.1 + 0.2)
conv-str-float-big | str(10000000000000000.0)
conv-str-float-small | str(0.0001)
conv-str-float-tiny | str(0.00001)
conv-str-float-neg | str(-2.5)
conv-str-float-third | str(1.0 / 3)
conv-str-float-e22 | str(10000000000000000000000.0)
conv-str-float-17-digits | str(123456789012345678.0)
conv-str-float-neg-zero | str(-0.0)
conv-str-float-small-exp | str(0.00000015)
conv-str-float-15-digits | str(123456789012345.6)
conv-str-float-sixteen-digits | str(1234567890123456.7)
conv-str-float-one-e15 | str(1000000000000000.0)
conv-str-int-large | str(12345678901234)
conv-str-string | str('a')
conv-str-list-one | str([1])
conv-str-list | str([1, 'a'])
conv-str-list-empty | str([])
conv-str-list-nested | str([[1], null, true])
conv-str-map | str({a => 1})
conv-str-map-nested | str({a => [1, 'x'], b => null})
conv-str-map-empty | str({})
conv-str-set | str([1].toSet())
conv-str-datetime | str(datetime(2020, 1, 2, 3, 4, 5))
conv-str-unicode | str('é')
conv-str-string-with-quote | str(["it's"])
conv-str-method | 12.str()
conv-int-string | int('12')
conv-int-string-spaces | int(' 12 ')
conv-int-string-negative | int('-12')
conv-int-float-trunc | int(3.9)
conv-int-float-trunc-neg | int(-3.9)
conv-int-true | int(true)
conv-int-hex | int('0x10')
conv-int-float-string | int('1.5')
conv-int-null | int(null)
conv-int-empty | int('')
conv-int-list | int([1])
conv-float-string | float('1.5')
conv-float-int | float(2)
conv-float-bad | float('x')
conv-float-int-string | float('3')
conv-float-exp-string | float('1e3')
conv-float-null | float(null)
conv-bool-string | bool('x')
conv-bool-true | bool(true)
conv-list-args | list(1, 2)
conv-list-wraps | list([1, 2])
conv-list-empty | list()
conv-list-string | list('ab')
conv-dict-named | dict(a => 1, b => 2)
conv-dict-pairs | dict([[a, 1], [b, 2]])
conv-dict-pairs-strings | dict([['a', 1]])
conv-dict-empty | dict()
conv-dict-bad-pairs | dict([1, 2])
type-is-string | isString('a')
type-is-string-null | isString(null)
type-is-string-int | isString(1)
type-is-integer | isInteger(1)
type-is-integer-float | isInteger(1.0)
type-is-integer-bool | isInteger(true)
type-is-number-float | isNumber(1.5)
type-is-number-string | isNumber('1')
type-is-boolean | isBoolean(true)
type-is-boolean-int | isBoolean(1)
type-is-list | isList([1])
type-is-list-string | isList('a')
type-is-list-map | isList({})
type-is-dict | isDict({})
type-is-dict-list | isDict([])
type-is-set | isSet([1].toSet())
type-is-set-list | isSet([1])
type-is-datetime | isDatetime(now())
type-is-datetime-string | isDatetime('2020-01-01')
type-is-method-form | 'a'.isString()

# --- collections ----------------------------------------------------------
@data d
coll-len-list | len($.l)
coll-len-method | $.l.len()
coll-count | $.l.count()
coll-len-map | len($.m)
coll-len-string | len($.s)
coll-len-empty | len($.e)
coll-len-set | len([1, 1, 2].toSet())
coll-len-null | len(null)
coll-len-int | len(5)
coll-count-where | $.users.where($.age > 30).count()
coll-where | $.l.where($ > 1)
coll-where-none | $.l.where($ > 10)
coll-filter | $.l.filter($ >= 2)
coll-where-maps | $.users.where($.age > 30).name
coll-where-truthy | [0, 1, '', 'a', null, [], [0]].where($)
coll-where-missing-key | $.users.where($.x = 1)
coll-where-on-map | $.m.where($ = 1)
coll-where-outer-dollar | $.l.where($ > $.a)
coll-where-on-string | 'abc'.where($ = 'b')
coll-select | $.l.select($ * 2)
coll-map | $.l.map($ + 1)
coll-select-maps | $.users.select($.name)
coll-select-build-map | $.users.select({n => $.name, old => $.age > 30})
coll-select-pair | $.l.select([$, $ * 2])
coll-select-nested | $.users.select($.tags.select($ + '!'))
coll-select-index-via-enumerate | $.l.enumerate().select($[0] * 10 + $[1])
coll-select-constant | $.l.select(0)
coll-select-many | $.users.selectMany($.tags)
coll-select-many-nested | [[1, [2]], [3]].selectMany($)
coll-first | $.l.first()
coll-first-empty | $.e.first()
coll-first-empty-default | $.e.first('d')
coll-first-default-null | $.e.first(null)
coll-first-function-form | first($.l)
coll-last | $.l.last()
coll-last-empty | $.e.last()
coll-last-empty-default | $.e.last(0)
coll-single | [5].single()
coll-single-many | $.l.single()
coll-single-empty | [].single()
coll-any | $.l.any()
coll-any-empty | [].any()
coll-any-pred | $.l.any($ > 2)
coll-any-pred-false | $.l.any($ > 3)
coll-all | $.l.all($ > 0)
coll-all-empty | [].all()
coll-all-falsy | [1, 0].all()
coll-sum | $.l.sum()
coll-sum-floats | [1, 2.5].sum()
coll-sum-empty | [].sum()
coll-sum-initial | $.l.sum(10)
coll-sum-strings | ['a', 'b'].sum()
coll-sum-mixed | [1, 'a'].sum()
coll-sum-lists | [[1], [2]].sum()
coll-max | $.l.max()
coll-min | $.l.min()
coll-max-empty | [].max()
coll-max-strings | ['b', 'a', 'c'].max()
coll-max-mixed | [1, 'a'].max()
coll-max-with-null | [1, null, 3].max()
coll-min-with-null | [1, null, 3].min()
coll-max-two-args | max(1, 2)
coll-min-two-args | min(3, 2.5)
coll-max-two-strings | max('a', 'b')
coll-order-by | $.l.orderBy($)
coll-order-by-desc | $.l.orderByDescending($)
coll-order-by-key | $.users.orderBy($.age).name
coll-order-by-then | [{a => 1, b => 2}, {a => 0, b => 5}, {a => 1, b => 1}].orderBy($.a).thenBy($.b)
coll-order-by-then-desc | [{a => 1, b => 2}, {a => 0, b => 5}, {a => 1, b => 1}].orderBy($.a).thenByDescending($.b)
coll-order-by-stable | [[1, 'x'], [0, 'y'], [1, 'z']].orderBy($[0])
coll-order-by-strings | ['b', 'B', 'a'].orderBy($)
coll-order-by-mixed | [1, 'a'].orderBy($)
coll-order-by-null | [2, null, 1].orderBy($)
coll-sort-missing | $.l.sort()
coll-distinct | [1, 2, 1, 3, 2].distinct()
coll-distinct-key | $.users.distinct($.tags.len() > 0).name
coll-distinct-maps | [{a => 1}, {a => 1}].distinct()
coll-distinct-int-float | [1, 1.0, true].distinct()
coll-skip | $.l.skip(1)
coll-skip-too-many | $.l.skip(10)
coll-take | $.l.take(2)
coll-limit | $.l.limit(1)
coll-take-zero | $.l.take(0)
coll-take-negative | $.l.take(-1)
coll-skip-while | [1, 2, 3, 1].skipWhile($ < 2)
coll-take-while | [1, 2, 3, 1].takeWhile($ < 3)
coll-enumerate | ['a', 'b'].enumerate()
coll-enumerate-start | ['a', 'b'].enumerate(1)
coll-flatten | [1, [2, [3, [4]]]].flatten()
coll-flatten-depth | [1, [2, [3]]].flatten(1)
coll-flatten-strings | ['ab', ['c']].flatten()
coll-contains | $.l.contains(2)
coll-contains-missing | $.l.contains(5)
coll-contains-string-method | 'abc'.contains('b')
coll-index-of | $.l.indexOf(2)
coll-index-of-missing | $.l.indexOf(9)
coll-index-where | $.l.indexWhere($ < 3)
coll-index-where-missing | $.l.indexWhere($ > 9)
coll-last-index-of | [1, 2, 1].lastIndexOf(1)
coll-last-index-where | [1, 2, 1].lastIndexWhere($ = 2)
coll-append | $.l.append(4)
coll-append-many | $.l.append(4, 5)
coll-append-list | $.l.append([4])
coll-insert | $.l.insert(1, 9)
coll-insert-end | $.l.insert(10, 9)
coll-insert-many | $.l.insertMany(1, [7, 8])
coll-delete | $.l.delete(0)
coll-delete-count | [1, 2, 3, 4].delete(1, 2)
coll-delete-negative | $.l.delete(-1)
coll-reverse | $.l.reverse()
coll-reverse-string | 'abc'.reverse()
coll-to-list | $.l.toList()
coll-to-list-from-set | [2].toSet().toList()
coll-to-set | [1, 2, 2].toSet()
coll-to-set-strings | ['b', 'a', 'b'].toSet()
coll-concat-method | $.l.concat([4], [5])
coll-concat-function | concat([1], [2], [3])
coll-concat-plus | $.l + [4]
coll-concat-string | 'ab'.concat('c')
coll-join-method | ['a', 'b'].join(',')
coll-join-string-first | ','.join(['a', 'b'])
coll-join-ints | [3, 1].join(',')
coll-join-mixed | [1, 'a', null, true, 1.5].join('-')
coll-join-nested | [[1], {a => 1}].join(';')
coll-join-empty | [].join(',')
coll-join-function | join(['a', 'b'], '+')
coll-join-bad-sep | $.l.join(1)
coll-join-no-sep | ['a'].join()
coll-group-by | $.users.groupBy($.tags.len() > 0)
coll-group-by-value | $.users.groupBy($.age > 30, $.name)
coll-group-by-agg | $.users.groupBy($.age > 30, $.name, $.len())
coll-group-by-ints | [1, 2, 3, 4].groupBy($ mod 2)
coll-zip | [1, 2, 3].zip(['a', 'b'])
coll-zip-three | [1, 2].zip([3, 4], [5, 6])
coll-zip-longest | [1, 2, 3].zipLongest(['a'])
coll-to-dict | $.users.toDict($.name, $.age)
coll-to-dict-key-only | [1, 2].toDict($ * 10)
coll-aggregate | $.l.aggregate($1 + $2)
coll-aggregate-seed | $.l.aggregate($1 + $2, 10)
coll-reduce | [1, 2, 3, 4].reduce($1 * $2)
coll-aggregate-empty | [].aggregate($1 + $2)
coll-aggregate-empty-seed | [].aggregate($1 + $2, 0)
coll-aggregate-build-list | $.l.aggregate($1 + [$2 * 2], [])
coll-accumulate | [1, 2, 3].accumulate($1 + $2)
coll-range | range(3)
coll-range-start | range(1, 4)
coll-range-step | range(0, 10, 3)
coll-range-negative-step | range(5, 0, -2)
coll-range-empty | range(0)
coll-range-float | range(2.5)
coll-union | [1, 2].toSet().union([2, 3].toSet())
coll-intersect | [1, 2].toSet().intersect([2, 3].toSet())
coll-difference | [1, 2].toSet().difference([2, 3].toSet())
coll-symmetric-difference | [1, 2].toSet().symmetricDifference([2, 3].toSet())
coll-union-lists | [1, 2].union([2, 3])
coll-union-set-list | [1, 2].toSet().union([3])
coll-is-empty-list | [].isEmpty()
coll-is-empty-string-function | isEmpty('')
coll-member-of | 1.memberOf([1])
coll-index-var-missing | $.l.select($index)
coll-default-if-empty | [].defaultIfEmpty([0])
coll-slice | [1, 2, 3, 4, 5].slice(2)
coll-split-at | [1, 2, 3, 4].splitAt(1)
coll-split-where | [1, 2, 3, 4].splitWhere($ = 2)
coll-slice-where | [1, 1, 2, 2, 1].sliceWhere($)
coll-replace-list | [1, 2, 1].replace(1, 9)
coll-replace-by | [1, 2, 3].replaceBy($ > 1, 0)
coll-remove | [1, 2, 1].remove(1)
coll-repeat | 'x'.repeat(3)
coll-sequence-take | sequence(1).take(3)
coll-generate | generate(1, $ < 20, $ * 2)
coll-unpack | [1, 2].unpack(a, b) -> $a + $b
coll-memorize | $.l.memorize().len()
coll-is-iterable | isIterable($.l)
coll-set-function | [1, 2].set(0, 5)

# --- maps -----------------------------------------------------------------
map-get | $.m.get(x)
map-get-string | $.m.get('y')
map-get-missing | $.m.get(q)
map-get-default | $.m.get(q, 7)
map-get-present-null | {a => null}.get(a, 7)
map-get-on-list | $.l.get(0)
map-get-root | $.get(a)
map-get-root-missing-default | $.get(x, 'dflt')
map-keys | $.m.keys()
map-keys-order | {b => 1, a => 2, c => 3}.keys()
map-keys-len | $.m.keys().len()
map-keys-ordered | $.m.keys().orderBy($)
map-values | $.m.values()
map-values-order | {b => 1, a => 2, c => 3}.values()
map-items | $.m.items()
map-items-to-list | $.m.items().toList()
map-items-select | {a => 1, b => 2}.items().select($[0] + str($[1]))
map-items-where | {a => 1, b => 2}.items().where($[1] > 1).select($[0])
map-items-to-dict | {a => 1}.items().toDict($[0], $[1] + 1)
map-contains-key | $.m.containsKey(x)
map-contains-key-missing | $.m.containsKey(q)
map-contains-value | $.m.containsValue('two')
map-contains-value-missing | $.m.containsValue(2)
map-set | $.m.set(w, 0)
map-set-replace | $.m.set(x, 100)
map-set-named | {a => 1}.set(b => 2, c => 3)
map-set-map | {a => 1}.set({a => 2, b => 3})
map-set-is-copy | let(m => {a => 1}) -> [$m.set(a, 2), $m]
map-delete | $.m.delete(x)
map-delete-many | $.m.delete(x, y)
map-delete-missing | $.m.delete(q)
map-delete-all | $.m.deleteAll([x, z])
map-merge-plus | {a => 1, b => {c => 1}} + {b => {d => 2}}
map-merge-with | {a => 1, b => {c => 1}}.mergeWith({b => {d => 2}})
map-merge-with-lists | {y => [1, 2]}.mergeWith({y => [3]})
map-merge-with-conflict | {a => 1}.mergeWith({a => 2})
map-merge-with-nested-conflict | {a => {b => 1}}.mergeWith({a => {b => [2]}})
map-len | len({a => 1, b => 2})
map-len-method | {a => 1}.len()
map-iterate-select | $.m.select($)
map-in-operator | 'x' in $.m
map-dict-with-list | {l => $.l}.l[0]
map-key-with-dash | {'a-b' => 1}.get('a-b')
map-nested-get | $.nested.get(k).get(v)
map-nested-get-missing-chain | $.nested.get(q).get(v)
map-nested-get-missing-safe | $.nested.get(q)?.get(v)
map-to-list-items | $.m.toList()

# --- strings --------------------------------------------------------------
str-upper | $.s.toUpper()
str-lower | $.s.toLower()
str-upper-function | toUpper('abc')
str-upper-non-string | 1.toUpper()
str-trim | '  a b  '.trim()
str-trim-chars | 'xxaxx'.trim('x')
str-trim-left | '  a  '.trimLeft()
str-trim-right | '  a  '.trimRight()
str-trim-left-chars | 'xxaxx'.trimLeft('x')
str-trim-newlines | '{NL}a{TAB}'.trim()
str-split-sep | 'a,b,c'.split(',')
str-split-keeps-empty | 'a,,b'.split(',')
str-split-whitespace | '  a  b{TAB}c '.split()
str-split-max | 'a,b,c'.split(',', 1)
str-split-missing-sep | 'abc'.split(',')
str-split-empty-string | ''.split(',')
str-split-empty-sep | 'abc'.split('')
str-split-multichar | 'a--b--c'.split('--')
str-right-split | 'a,b,c'.rightSplit(',', 1)
str-split-regex | 'a1b22c'.split(regex('\\d+'))
str-replace | 'aaa'.replace('a', 'b')
str-replace-count | 'aaa'.replace('a', 'b', 2)
str-replace-missing | 'abc'.replace('x', 'y')
str-replace-regex | 'a1b22'.replace(regex('\\d+'), '#')
str-replace-regex-group | 'john smith'.replace(regex('(\\w+) (\\w+)'), '\\2 \\1')
str-replace-many | 'abc'.replaceMany({a => 'x', b => 'y'})
str-format-positional | '{0}-{1}'.format('a', 1)
str-format-auto | '{}+{}'.format(1, 2)
str-format-named | '{0}-{x}'.format(1, x => 2)
str-format-function | format('{0}!', 'hi')
str-format-float | '{0:.2f}'.format(3.14159)
str-format-missing-arg | '{0}{1}'.format(1)
str-format-list | '{0}'.format([1, 'a'])
str-format-null | '{0}'.format(null)
str-format-bool | '{0}'.format(true)
str-substring | 'abcdef'.substring(2)
str-substring-len | 'abcdef'.substring(1, 3)
str-substring-negative | 'abcdef'.substring(-2)
str-substring-past-end | 'abc'.substring(5)
str-substring-negative-len | 'abcdef'.substring(1, -1)
str-index-of | 'hello'.indexOf('l')
str-index-of-missing | 'hello'.indexOf('z')
str-last-index-of | 'hello'.lastIndexOf('l')
str-index-of-start | 'hello'.indexOf('l', 3)
str-starts-with | 'hello'.startsWith('he')
str-starts-with-any | 'hello'.startsWith('x', 'h')
str-starts-with-false | 'hello'.startsWith('lo')
str-ends-with | 'hello'.endsWith('lo')
str-ends-with-any | 'hello'.endsWith('x', 'y')
str-to-char-array | 'abc'.toCharArray()
str-characters | characters(digits => true).len()
str-len-unicode | len('héllo')
str-is-empty | ''.isEmpty()
str-is-empty-false | 'a'.isEmpty()
str-is-empty-trim | isEmpty('  ', true)
str-is-empty-null | isEmpty(null)
str-norm | '  a  '.norm()
str-norm-empty | '   '.norm()
str-repeat-mul | 'ab' * 2
str-concat-str | 'x' + str(1)
str-concat-function | concat('a', 'b')
str-in | 'ell' in 'hello'
str-to-string-missing | 'a'.toString()
str-hex | hex(255)
str-chained | '  Hello  '.trim().toLower().replace('l', 'L')
str-compare-data | $.s.toLower() = 'hello world'
str-select-chars | 'abc'.toCharArray().select($.toUpper()).join('')
str-unicode-upper | 'straße'.toUpper()
str-escape-in-regex-string | '\\d'

# --- regular expressions --------------------------------------------------
re-matches | regex('a.c').matches('abc')
re-matches-method | 'abc'.matches('b')
re-matches-anchored | 'abc'.matches('^b')
re-matches-ignore-case | regex('ABC', true).matches('xabcx')
re-matches-multiline | regex('^b', false, true).matches('a{NL}b')
re-matches-dotall | regex('a.b', false, false, true).matches('a{NL}b')
re-matches-no-dotall | regex('a.b').matches('a{NL}b')
re-search | regex('\\d+').search('ab12cd345')
re-search-none | regex('\\d+').search('abc')
re-search-selector | regex('(\\w+)@(\\w+)').search('x a@b y', $.value)
re-search-selector-match | regex('(\\w+)@(\\w+)').search('x a@b y', $)
re-search-all | regex('\\d+').searchAll('ab12cd345')
re-search-all-none | regex('\\d+').searchAll('abc')
re-replace-method | regex('\\s+').replace('a  b   c', ' ')
re-replace-count | regex('a').replace('aaa', 'b', 1)
re-split | regex(',\\s*').split('a, b,c')
re-escape | escapeRegex('a.b*c')
re-escape-match | 'a.b' =~ escapeRegex('a.b')
re-bad-pattern | regex('(')
re-is-regex | isRegex(regex('a'))
re-string-function-form | matches('abc', 'b')
re-select-case | selectCase('abc' =~ 'x', 'abc' =~ 'b')

# --- math -----------------------------------------------------------------
math-abs | abs(-3)
math-abs-float | abs(-2.5)
math-abs-string | abs('a')
math-round | round(2.567, 2)
math-round-half-even-down | round(2.5)
math-round-half-even-up | round(3.5)
math-round-int | round(3)
math-round-negative-digits | round(1234, -2)
math-pow | pow(2, 10)
math-pow-float | pow(2, 0.5)
math-pow-negative | pow(2, -1)
math-pow-mod | pow(2, 10, 1000)
math-sign-neg | sign(-3)
math-sign-zero | sign(0)
math-sign-float | sign(2.5)
math-random | random() < 1
math-random-range | random(1, 3) in [1, 2, 3]
math-bitwise-and | bitwiseAnd(12, 10)
math-bitwise-or | bitwiseOr(12, 10)
math-bitwise-xor | bitwiseXor(12, 10)
math-bitwise-not | bitwiseNot(0)
math-shift-left | shiftBitsLeft(1, 4)
math-shift-right | shiftBitsRight(16, 2)
math-float-int-sum | 1.5 + 1.5 = 3

# --- branching, let, variables, named arguments ---------------------------
branch-coalesce | coalesce(null, 2, 3)
branch-coalesce-all-null | coalesce(null, null)
branch-coalesce-false | coalesce(false, 1)
branch-coalesce-missing-key | coalesce($.x, 1)
branch-coalesce-get | coalesce($.get(x), 'dflt')
branch-switch | switch($.a > 0 => 'pos', true => 'other')
branch-switch-default | switch($.a > 5 => 'big', true => 'small')
branch-switch-no-match | switch(false => 1)
branch-switch-truthy | switch(1 => 'one')
branch-switch-lazy | switch(true => 1, 1 / 0 => 2)
branch-switch-positional | switch(1)
branch-let | let(x => 5) -> $x + 1
branch-let-two | let(a => 1, b => 2) -> $a + $b
branch-let-positional | let(1, 2) -> $1 + $2
branch-let-rebinds-dollar | $.l -> $.len()
branch-let-nested | let(x => 1) -> let(y => $x + 1) -> $x + $y
branch-let-shadow | let(x => 1) -> let(x => 2) -> $x
branch-let-closure | let(k => 2) -> $.l.select($ * $k)
branch-let-var-outside | (let(x => 1) -> $x) + $x
branch-arrow-right-assoc | 1 -> 2 -> $
branch-arrow-chain | [1, 2, 3] -> $.sum() -> $ * 2
branch-let-data-dollar | let(x => $.a) -> $
branch-def-call | def(sq, $ * $) -> [2, 3].select(sq($))
branch-def-args | def(add, $1 + $2) -> add(2, 3)
branch-call | call(len, [[1, 2]], {})
branch-assert-ok | 5.assert($ > 1)
branch-assert-fails | 5.assert($ > 10, 'too small')
branch-with | with(1, 2) -> $1 + $2
branch-named-arg-unknown | coalesce(foo => 1)
branch-named-arg-range | range(start => 1, stop => 3)
branch-named-arg-dup | dict(a => 1, a => 2)
branch-keyword-op-outside-call | a => 1
branch-select-case | selectCase(false, true, true)
branch-switch-case | 2.switchCase('a', 'b', 'c')
branch-examine | examine(1, 2)

# --- unknown functions and methods, dispatch errors -----------------------
err-unknown-function | foo()
err-unknown-function-args | foo(1, 2)
err-unknown-method | $.l.foo()
err-unknown-method-map | $.m.foo()
err-unknown-method-string | 'a'.foo()
err-unknown-method-null | null.foo()
err-function-as-method-wrong-type | 5.toUpper()
err-wrong-arg-type | len(1, 2)
err-too-many-args | abs(1, 2)
err-too-few-args | pow(2)
err-method-on-missing | $.x.len()
err-string-join-non-string-list | ','.join([1, 2])
err-join-on-int | 1.join(',')
err-sum-maps | [{a => 1}].sum()

# --- dates ----------------------------------------------------------------
date-now-year | now().year > 2000
date-now-compare | now() > datetime(2020, 1, 1)
date-now-is-datetime | isDatetime(now())
date-construct | datetime(2020, 1, 2)
date-construct-full | datetime(2020, 1, 2, 3, 4, 5)
date-construct-micro | datetime(2020, 1, 2, 3, 4, 5, 6)
date-construct-invalid | datetime(2020, 2, 30)
date-parse-iso | datetime('2020-01-02T03:04:05')
date-parse-space | datetime('2020-01-02 03:04:05')
date-parse-date-only | datetime('2020-01-02')
date-parse-offset | datetime('2020-01-02T03:04:05+02:00')
date-parse-format | datetime('02/01/2020', '%d/%m/%Y')
date-parse-bad | datetime('not a date')
date-year | datetime(2020, 3, 4, 5, 6, 7).year
date-month | datetime(2020, 3, 4, 5, 6, 7).month
date-day | datetime(2020, 3, 4, 5, 6, 7).day
date-hour | datetime(2020, 3, 4, 5, 6, 7).hour
date-minute | datetime(2020, 3, 4, 5, 6, 7).minute
date-second | datetime(2020, 3, 4, 5, 6, 7).second
date-weekday | datetime(2020, 3, 4).weekday
date-timestamp | datetime(2020, 1, 1).timestamp
date-date-property | datetime(2020, 3, 4, 5, 6, 7).date
date-utc-property | datetime(2020, 3, 4, 5, 6, 7).utc
date-format | datetime(2020, 1, 2).format('%Y/%m/%d')
date-compare-lt | datetime(2020, 1, 1) < datetime(2021, 1, 1)
date-equal | datetime(2020, 1, 1) = datetime('2020-01-01')
date-add-timespan | datetime(2020, 1, 1) + timespan(days => 1, hours => 2)
date-sub-timespan | datetime(2020, 1, 1) - timespan(minutes => 1)
date-diff-days | (datetime(2020, 1, 3) - datetime(2020, 1, 1)).days
date-diff-seconds | (datetime(2020, 1, 1, 0, 1) - datetime(2020, 1, 1)).seconds
date-diff-total-seconds-missing | (datetime(2020, 1, 1, 0, 1) - datetime(2020, 1, 1)).totalSeconds
date-timespan-hours | timespan(hours => 36).hours
date-timespan-days | timespan(hours => 36).days
date-timespan-str | str(timespan(hours => 1, minutes => 30))
date-is-timespan | isTimespan(timespan())
date-str-now-shape | str(now()) =~ '^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00$'
date-from-timestamp | datetime(0).year
date-compare-string | datetime(2020, 1, 1) < '2021'
date-json-dump | json_dump(datetime(2020, 1, 2, 3, 4, 5))

# --- precedence details ---------------------------------------------------
@data d
prec-regex-over-mul | 'a' * 2 =~ 'aa'
prec-unary-minus-method | -[1, 2].len()
prec-not-over-and | not false and false
prec-not-over-or | not true or true
prec-in-after-plus | 1 + 1 in [2]
prec-arrow-lowest | null or 1 -> $
prec-let-arrow-or | let(x => null) -> $x or 'd'
prec-dot-over-unary | -$.nested.k.v
prec-index-over-unary | -$.l[0]
prec-mod-left-assoc | 17 mod 5 mod 2
prec-compare-then-and | 1 < 2 and 3 > 4
prec-slice-not-supported | $.l[0:2]
prec-double-negation-not | not not null
prec-set-eq | [1, 2].toSet() = [2, 1].toSet()
prec-keyword-in-list | 'SUCCESS' in [SUCCESS, ERROR]

# --- workflow idioms ------------------------------------------------------
@data d
idiom-names-join | $.users.where($.age > 30).select($.name).join(', ')
idiom-count-contains | len($.users.where($.tags.contains('a')))
idiom-label | $.users.select($.name + ':' + str($.age))
idiom-oldest | $.users.orderByDescending($.age).first().name
idiom-index-by-name | $.users.toDict($.name, $).get('bob').age
idiom-items-sorted-values | $.m.items().orderBy($[0]).select($[1])
idiom-dict-from-pairs | dict($.users.select([$.name, $.age]))
idiom-group-counts | $.users.groupBy($.tags.len() > 0).select([$[0], $[1].len()])
idiom-get-default-len | $.get('items', []).len()
idiom-range-squares-odd | range(1, 6).select($ * $).where($ mod 2 = 1)
idiom-sort-reverse | $.l.orderBy($).reverse()
idiom-any-all | $.users.any($.age > 35) and $.users.all($.age > 20)
idiom-switch-data | switch($.a = 1 => $.s, true => 'n')
idiom-select-dict | $.users.select(dict(n => $.name))
idiom-set-field | $.users[0].set(age, 32)
idiom-where-in | $.users.where($.name in ['ann', 'cy']).age.sum()
idiom-mapped-join | $.users.name.join(',')
idiom-split-lower-join | $.s.split(' ').select($.toLower()).join('-')
idiom-count-text | str($.users.len()) + ' users'
idiom-format-data | '{0} has {1}'.format($.users[0].name, $.users[0].tags.len())
idiom-flatten-distinct | $.users.select($.tags).flatten().distinct()
idiom-mixed-arith | $.nested.k.v * $.b
idiom-halves-int | $.l.select($ / 2)
idiom-halves-float | $.l.select($ / 2.0)
idiom-truthy-lists | $.users.where($.tags).len()
idiom-not-empty | not $.e and $.l
idiom-coalesce-chain | coalesce($.n, $.get(q), $.a)
idiom-ternary-and-or | $.a > 0 and 'pos' or 'neg'
idiom-ternary-and-or-falsy | $.a > 0 and '' or 'neg'
idiom-merge-defaults | {retries => 3, delay => 1} + $.m
idiom-deep-merge | {cfg => {a => 1, l => [1]}}.mergeWith({cfg => {b => 2, l => [2]}})
idiom-sum-of-mapped | $.users.age.sum() / $.users.len()
idiom-avg-float | float($.users.age.sum()) / $.users.len()
idiom-max-by | $.users.orderBy(-$.age).first().name
idiom-indices | $.users.enumerate().where($[1].age > 30).select($[0])
idiom-last-tag | $.users.last().tags.last()
idiom-keys-sorted-join | $.m.keys().orderBy($).join(',')
idiom-nested-exists | $.nested.containsKey(k) and $.nested.k.containsKey(v)
idiom-string-contains | 'World' in $.s
idiom-regex-extract | regex('(\\d+)').search('build-123-x')
idiom-int-of-split | int('a-7'.split('-')[1]) + 1
idiom-len-of-str | len(str($.l))
idiom-json-roundtrip-data | json_parse(json_dump($.m)) = $.m
idiom-yaml-roundtrip-data | yaml_parse(yaml_dump($.users)) = $.users

# --- common mistakes ------------------------------------------------------
@data d
mistake-where-no-pred | $.l.where()
mistake-select-no-arg | $.l.select()
mistake-len-on-int | $.a.len()
mistake-len-without-parens-list | $.l.len
mistake-len-without-parens-map | $.m.len
mistake-keyword-with-dash | foo-bar
mistake-index-keyword-key | $.m[x]
mistake-root-index-keyword | $[a]
mistake-true-and-null | true and null
mistake-datetime-vs-null | datetime(2020, 1, 1) > null
mistake-select-then-where | $.users.select($.name).where($ != 'bob')
mistake-js-style-and | $.a > 0 && $.t
mistake-js-style-ternary | $.t ? 1 : 2
mistake-python-none | None
mistake-python-not-in | 'z' not in $.l
mistake-single-equals-string | $.s = Hello
mistake-quoted-key-dollar | $."a"
mistake-mistral-delims-inside | <% 1 %>
mistake-jinja-in-yaql | {{ 1 }}
mistake-method-on-literal-number | 3.len()
mistake-float-method | 1.5.str()

# --- Mistral functions ----------------------------------------------------
@data wf
mf-json-dump-map | json_dump({a => 1, b => [1, 2]})
mf-json-dump-order | json_dump({b => 1, a => 2})
mf-json-dump-list | json_dump([1, 'a', null])
mf-json-dump-empty-list | json_dump([])
mf-json-dump-string | json_dump('x')
mf-json-dump-null | json_dump(null)
mf-json-dump-float | json_dump(1.0)
mf-json-dump-bool | json_dump(true)
mf-json-dump-unicode | json_dump('é')
mf-json-dump-data | json_dump($.items)
mf-json-dump-no-arg | json_dump()
mf-json-dump-method-form | {a => 1}.json_dump()
mf-json-pp | json_pp({a => 'x{NL}y'})
mf-json-pp-list | json_pp([1, 2])
mf-json-pp-no-arg-dumps-context | json_pp().len() > 0
mf-json-parse | json_parse('{"a": [1, 2], "b": null}')
mf-json-parse-number | json_parse('1.5')
mf-json-parse-string | json_parse('"s"')
mf-json-parse-bad | json_parse('{bad')
mf-json-parse-non-string | json_parse(1)
mf-json-parse-roundtrip | json_parse(json_dump({a => [1, {b => 2}]}))
mf-yaml-dump | yaml_dump({a => 1, b => [1, 2]})
mf-yaml-dump-sorted | yaml_dump({b => 1, a => 2})
mf-yaml-dump-string | yaml_dump('x')
mf-yaml-dump-list | yaml_dump([1, 'a'])
mf-yaml-dump-nested | yaml_dump({a => {b => null, c => true}})
mf-yaml-parse | yaml_parse('a: 1{NL}b: [1, 2]')
mf-yaml-parse-list | yaml_parse('- x{NL}- 2')
mf-yaml-parse-scalar | yaml_parse('3')
mf-yaml-parse-empty | yaml_parse('')
mf-yaml-parse-bad | yaml_parse('a: [1')
mf-yaml-parse-get | yaml_parse('timeout: 10').get('timeout', 30)
mf-yaml-parse-bool-words | yaml_parse('a: yes{NL}b: off')
mf-uuid-len | len(uuid())
mf-uuid-method-len | uuid().len()
mf-uuid-shape | uuid() =~ '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
mf-uuid-distinct | uuid() != uuid()
mf-env | env()
mf-env-key | env().region
mf-env-get-default | env().get('zone', 'z1')
mf-env-same-as-data | env() = $['__env']
mf-env-missing-key | env().zone
mf-task-current-name | task().name
mf-task-current-state | task().state
mf-task-current-result | task().result
mf-task-current-updated-null | task().updated_at
mf-task-current-by-name | task(t_current).id
mf-task-named | task(t1).state
mf-task-named-string | task('t1').published
mf-task-result-where | task(t1).result.where($.status = 'ACTIVE').name
mf-task-result-select | task('t1').result.select($.id)
mf-task-result-select-many | task(t1).result.selectMany($.addresses).ip
mf-task-result-first-ip | task(t1).result.where($.addresses).first().addresses.first().ip
mf-task-result-sum | task(t1).result.ram.sum()
mf-task-published-key | task(t1).published.count
mf-task-error-state-info | task(t2).state_info
mf-task-workflow-result | task(t3).result.answer
mf-task-type | task(t3).type
mf-task-spec | task(t1).spec.get('on-success')
mf-task-unknown | task(nope)
mf-task-unknown-property | task(nope).state
mf-task-unknown-safe | task(nope)?.state
mf-task-created-at | task(t1).created_at
mf-task-too-many-args | task(t1, t2)
mf-tasks-all-count | tasks().len()
mf-tasks-names | tasks().name
mf-tasks-state-named | tasks(state => 'SUCCESS').name
mf-tasks-state-positional | tasks(null, false, 'ERROR').name
mf-tasks-by-execution | tasks(execution().id).len()
mf-tasks-by-execution-state | tasks(execution().id, false, 'SUCCESS').len()
mf-tasks-by-execution-snake-named | tasks(workflow_execution_id => execution().id, state => 'RUNNING').name
mf-tasks-by-execution-camel-named | tasks(workflowExecutionId => execution().id, state => 'RUNNING').name
mf-tasks-recursive-flat-named | tasks(execution().id, recursive => true, flat => true).len()
mf-tasks-unknown-execution | tasks('nope')
mf-tasks-where-type | tasks().where($.type = WORKFLOW).name
mf-tasks-unknown-named-arg | tasks(foo => 1)
mf-execution-id | execution().id
mf-execution-name | execution().name
mf-execution-input | execution().input.vm_name
mf-execution-params-env | execution().params.env.region
mf-execution-root | execution().root_execution_id
mf-execution-created | execution().created_at
mf-execution-spec-keys | execution().spec.keys()
mf-execution-eq-data | execution().id = $.__execution.id
mf-execution-eq-data-indexer | execution().id = $['__execution'].id
mf-executions-count | executions().len()
mf-executions-state | executions(state => 'ERROR').len()
mf-executions-root-snake | executions(root_execution_id => execution().id).len()
mf-executions-root-camel | executions(rootExecutionId => execution().id).name
mf-executions-id | executions(execution().id).len()
mf-executions-from-time | executions(fromTime => '2026-01-01 00:00:00').len()
mf-executions-to-time | executions(toTime => '2026-01-01 00:00:00').len()
mf-executions-positional | executions(null, null, 'SUCCESS').len()
mf-global | global(g1)
mf-global-string | global('g_list').len()
mf-global-null-value | global(g_null)
mf-global-missing | global(nope)
mf-global-no-arg | global()
# Values returned by Mistral's functions are plain Python lists/dicts, not
# YAQL's frozen sequences: list-vs-literal equality is false (quirk).
mf-list-eq-literal-false | task(t1).published.vm_ids = ['vm-1', 'vm-2', 'vm-3']
mf-list-to-list-eq | task(t1).published.vm_ids.toList() = ['vm-1', 'vm-2', 'vm-3']
mf-list-eq-data | task(t1).published.vm_ids = task(t1).published.vm_ids
mf-list-nested-eq-false | task(t1).result.first().addresses = [{ip => '10.0.0.5', version => 4}]
mf-list-contains-empty-false | task(t1).result.select($.addresses).contains([])
mf-list-join | task(t1).published.vm_ids.join(',')
mf-list-str-repr | str(task(t1).published.vm_ids)
mf-json-parse-list-eq-literal | json_parse('[1]') = [1]
mf-json-parse-map-eq-literal | json_parse('{"a": 1}') = {a => 1}
mf-json-parse-nested-list-eq | json_parse('{"a": [1]}') = {a => [1]}
mf-json-parse-list-in | json_parse('[1, 2]') in [[1, 2]]
mf-json-parse-self-eq | json_parse('[1]') = json_parse('[1]')
mf-json-parse-list-concat | json_parse('[1]') + [2]
mf-json-parse-list-index | json_parse('[5, 6]')[-1]
mf-json-parse-to-set-unhashable | json_parse('[[1]]').toSet()
mf-json-parse-str | str(json_parse('{"a": [1]}'))
mf-yaml-parse-list-eq-literal | yaml_parse('[1]') = [1]
mf-data-vs-json-parse | $.items = json_parse('["a", "b"]')
mf-data-vs-json-parse-to-list | $.items = json_parse('["a", "b"]').toList()
mf-bare-name-string | task(t1).name = t1
mf-status-keyword | $.status = SUCCESS
mf-status-keyword-ne | $.status != ERROR
mf-dict-method-keys-data | $.keys
mf-vm-name-interp | 'vm-' + $.vm_name + '-' + str($.count)
@data d
mf-env-absent | env()
mf-env-absent-key | env().region
"""


JINJA_CASES = r"""
# --- embedding: single expression (native) vs rendered text ---------------
@data j
emb-native-int | {{ 1 + 2 }}
emb-native-float | {{ 0.1 + 0.2 }}
emb-native-list-sorted | {{ [3, 1, 2] | sort | list }}
emb-native-list-data | {{ _.l }}
emb-native-null | {{ _.n }}
emb-native-map | {{ _.m }}
emb-native-bool | {{ _.t }}
emb-native-string | {{ 'a' }}
emb-native-string-digits | {{ '5' }}
emb-native-tuple | {{ (1, 'a') }}
emb-native-dict-literal | {{ {'a': 1} }}
emb-native-no-spaces | {{_.a}}
emb-native-root | {{ _ }}
emb-nested-braces-rendered | {{ {'a': {'b': 1}} }}
emb-leading-space-is-text | {SP}{{ 1 }}
emb-trailing-space-is-text | {{ 1 }}{SP}
emb-interp | n={{ _.a }} done
emb-interp-none | x={{ _.n }}
emb-interp-true | {{ true }}!
emb-interp-false | {{ _.f }}.
emb-interp-list | a={{ _.l }}
emb-interp-map | m={{ _.m }}
emb-interp-float | {{ 1.0 }}x
emb-interp-float-sum | v={{ 0.1 + 0.2 }}
emb-interp-unicode | {{ 'é' }}!
emb-interp-nested-list | {{ [[1], {'k': none}] }}.
emb-two-exprs | {{ 1 }}{{ 2 }}
emb-two-exprs-space | {{ _.a }} {{ _.b }}
emb-multiline-text | a{NL}{{ 1 }}{NL}b
emb-trailing-newline-dropped | {{ 1 }}{NL}
emb-block-only-quirk | {% if true %}x{% endif %}
emb-block-only-set-quirk | {% set x = 1 %}
emb-block-only-for-quirk | {% for x in _.l %}x{% endfor %}
emb-block-with-expr | {% if true %}{{ 1 }}{% endif %}
emb-block-before-expr | {% set x = 5 %}{{ x }}
emb-comment-and-expr | {# note #}{{ 1 }}
emb-raw-block | {% raw %}{{ x }}{% endraw %}
emb-yaql-stays-literal | {{ 1 }} <% 2 %>
emb-undefined-name | {{ x }}
emb-undefined-in-text | a{{ x }}b
emb-missing-attr | {{ _.x }}
emb-missing-attr-text | v={{ _.x }}
emb-missing-nested | {{ _.m.q }}
emb-attr-of-none | {{ _.n.x }}
emb-missing-item | {{ _['x'] }}
emb-index-out-of-range | {{ _.l[5] }}
emb-undefined-is-test-ok | {{ _.x is defined }}
emb-undefined-default | {{ _.x | default('d') }}
emb-ternary-no-else-false | {{ 'y' if false }}
emb-ternary-no-else-false-text | a{{ 'y' if false }}b
emb-ternary-no-else-true | {{ 'y' if true }}

# --- statements -----------------------------------------------------------
stmt-if-true | {% if _.t %}{{ 'yes' }}{% endif %}
stmt-if-false-empty | {% if _.f %}{{ 'yes' }}{% endif %}
stmt-if-else | {% if _.f %}{{ 'a' }}{% else %}{{ 'b' }}{% endif %}
stmt-elif | {% if _.a > 5 %}big{% elif _.a > 0 %}{{ 'pos' }}{% else %}neg{% endif %}
stmt-if-text | v={{ _.a }}{% if _.urgent is defined %} urgent{% endif %}
stmt-if-text-true | {{ _.name }} has {{ _.l | length }} things{% if _.t %} (urgent){% endif %}
stmt-if-undefined-strict | {% if _.x %}a{% endif %}{{ 1 }}
stmt-if-none | {% if _.n %}a{% else %}b{% endif %}{{ '' }}
stmt-if-empty-list | {% if _.e %}a{% else %}b{% endif %}{{ '' }}
stmt-if-empty-map | {% if _.em %}a{% else %}b{% endif %}{{ '' }}
stmt-if-empty-string | {% if _.es %}a{% else %}b{% endif %}{{ '' }}
stmt-if-zero | {% if 0 %}a{% else %}b{% endif %}{{ '' }}
stmt-if-string-false | {% if 'false' %}a{% else %}b{% endif %}{{ '' }}
stmt-for | {% for x in _.l %}{{ x }},{% endfor %}
stmt-for-loop-index | {% for x in _.l %}{{ loop.index }}:{{ x }} {% endfor %}
stmt-for-loop-index0 | {% for x in _.l %}{{ loop.index0 }}{% endfor %}
stmt-for-loop-first-last | {% for x in _.l %}{{ loop.first }}/{{ loop.last }} {% endfor %}
stmt-for-loop-length | {% for x in _.l %}{{ loop.length }}{% endfor %}
stmt-for-loop-revindex | {% for x in _.l %}{{ loop.revindex }}{% endfor %}
stmt-for-loop-cycle | {% for x in _.l %}{{ loop.cycle('a', 'b') }}{% endfor %}
stmt-for-loop-previtem | {% for x in _.l %}{{ loop.previtem | default('-') }}{% endfor %}
stmt-for-loop-changed | {% for u in _.users %}{% if loop.changed(u.team) %}{{ u.team }}{% endif %}{% endfor %}
stmt-for-else | {% for x in _.e %}{{ x }}{% else %}{{ 'empty' }}{% endfor %}
stmt-for-filter | {% for x in _.l if x > 1 %}{{ x }}{% endfor %}
stmt-for-filter-else | {% for x in _.l if x > 9 %}{{ x }}{% else %}none{% endfor %}
stmt-for-dict-items | {% for k, v in _.m.items() %}{{ k }}={{ v }};{% endfor %}
stmt-for-dict-keys | {% for k in _.m %}{{ k }}{% endfor %}
stmt-for-dictsort | {% for k, v in {'b': 1, 'a': 2} | dictsort %}{{ k }}{{ v }}{% endfor %}
stmt-for-nested | {% for u in _.users %}{% for c in u.name %}{{ c }}{% endfor %}|{% endfor %}
stmt-for-range | {% for i in range(3) %}{{ i }}{% endfor %}
stmt-for-unpack-pairs | {% for a, b in [[1, 2], [3, 4]] %}{{ a + b }} {% endfor %}
stmt-for-string | {% for c in 'abc' %}{{ c }}.{% endfor %}
stmt-for-none | {% for x in _.n %}{{ x }}{% endfor %}
stmt-for-scoping | {% set c = 0 %}{% for x in _.l %}{% set c = c + x %}{% endfor %}{{ c }}
stmt-namespace | {% set ns = namespace(c=0) %}{% for x in _.l %}{% set ns.c = ns.c + x %}{% endfor %}{{ ns.c }}
stmt-set | {% set y = _.a + 1 %}{{ y }}
stmt-set-tuple | {% set a, b = 1, 2 %}{{ a }}{{ b }}
stmt-set-block | {% set y %}abc{% endset %}{{ y }}
stmt-with | {% with x = 5 %}{{ x }}{% endwith %}
stmt-macro | {% macro f(x) %}<{{ x }}>{% endmacro %}{{ f(1) }}
stmt-macro-default | {% macro f(x, y='d') %}{{ x }}{{ y }}{% endmacro %}{{ f(1) }}
stmt-call-block | {% macro w() %}[{{ caller() }}]{% endmacro %}{% call w() %}in{% endcall %}{{ '' }}
stmt-filter-block | {% filter upper %}abc{% endfilter %}{{ '' }}
stmt-comment | a{# hidden #}{{ 1 }}
stmt-break-not-enabled | {% for x in _.l %}{% break %}{% endfor %}{{ 1 }}
stmt-unknown-tag | {% foo %}{{ 1 }}
stmt-unclosed-if | {% if true %}{{ 1 }}
stmt-unclosed-for | {% for x in _.l %}{{ x }}
stmt-endif-without-if | {{ 1 }}{% endif %}
stmt-mismatched-end | {% if true %}{{ 1 }}{% endfor %}
stmt-include-no-loader | {% include 'x' %}{{ 1 }}
stmt-extends-no-loader | {% extends 'base' %}{{ 1 }}
stmt-do-not-enabled | {% do _.l.append(1) %}{{ 1 }}

# --- whitespace control ---------------------------------------------------
ws-trim-blocks | {% if true %}{NL}A{NL}{% endif %}{NL}{{ 1 }}
ws-lstrip-blocks | {SP}{SP}{% if true %}x{% endif %}{{ 1 }}
ws-lstrip-mid-line | a {% if true %}x{% endif %}{{ 1 }}
ws-plus-disables-lstrip | {SP}{SP}{%+ if true %}x{% endif %}{{ 1 }}
ws-minus-left-block | a  {%- if true %} b {%- endif %}{{ 1 }}
ws-minus-right-block | {% if true -%}{SP}{SP}b{% endif %}{{ 1 }}
ws-minus-expr | a {{- 1 -}} b
ws-minus-expr-left | a {{- 1 }} b
ws-minus-newlines | a{NL}{{- 1 -}}{NL}b
ws-for-lines | {% for x in _.l %}{NL}{{ x }}{NL}{% endfor %}
ws-for-indented | {% for x in _.l %}{NL}{SP}{SP}{% if x > 1 %}{NL}{SP}{SP}{SP}{SP}{{ x }}{NL}{SP}{SP}{% endif %}{NL}{% endfor %}
ws-expr-keeps-newline | {{ 1 }}{NL}{{ 2 }}
ws-comment-trim | {# c #}{NL}{{ 1 }}

# --- operators and literals -----------------------------------------------
op-add | {{ 1 + 2 }}
op-sub | {{ 5 - 7.5 }}
op-mul | {{ 2 * 3 }}
op-div-true | {{ 7 / 2 }}
op-div-exact-float | {{ 6 / 3 }}
op-floordiv | {{ 7 // 2 }}
op-floordiv-negative | {{ -7 // 2 }}
op-floordiv-float | {{ 7.5 // 2 }}
op-mod | {{ 7 % 2 }}
op-mod-negative | {{ -7 % 2 }}
op-mod-negative-divisor | {{ 7 % -2 }}
op-pow | {{ 2 ** 10 }}
op-pow-negative | {{ 2 ** -1 }}
op-pow-right-assoc | {{ 2 ** 3 ** 2 }}
op-div-zero | {{ 1 / 0 }}
op-floordiv-zero | {{ 1 // 0 }}
op-mod-zero | {{ 1 % 0 }}
op-tilde | {{ 'a' ~ 1 }}
op-tilde-none | {{ 'a' ~ _.n }}
op-tilde-list | {{ 'l=' ~ _.l }}
op-tilde-bool | {{ _.t ~ '' }}
op-string-plus | {{ 'a' + 'b' }}
op-string-plus-int | {{ 'a' + 1 }}
op-int-plus-string | {{ 1 + 'a' }}
op-int-plus-none | {{ 1 + _.n }}
op-string-times | {{ 'ab' * 3 }}
op-list-plus | {{ [1] + [2] }}
op-list-times | {{ [1, 2] * 2 }}
op-dict-plus | {{ {'a': 1} + {'b': 2} }}
op-neg | {{ -_.a }}
op-pos | {{ +_.a }}
op-precedence | {{ 1 + 2 * 3 }}
op-paren | {{ (1 + 2) * 3 }}
op-eq | {{ 1 == 1 }}
op-eq-int-float | {{ 5.0 == 5 }}
op-eq-string-int | {{ '5' == 5 }}
op-ne | {{ 1 != 2 }}
op-lt | {{ 1 < 2 }}
op-ge | {{ 2 >= 3 }}
op-lt-strings | {{ 'B' < 'a' }}
op-lt-int-string | {{ 1 < 'a' }}
op-lt-none | {{ _.n < 1 }}
op-eq-none | {{ _.n == none }}
op-chain | {{ 1 < 2 < 3 }}
op-chain-false | {{ 3 > 2 > 1 > 5 }}
op-eq-lists | {{ [1, 2] == [1, 2] }}
op-eq-dicts | {{ {'a': 1, 'b': 2} == {'b': 2, 'a': 1} }}
op-lt-lists | {{ [1, 2] < [1, 3] }}
op-in-list | {{ 'a' in ['a', 'b'] }}
op-in-dict | {{ 'x' in _.m }}
op-in-string | {{ 'Wor' in _.s }}
op-not-in | {{ 'z' not in _.l }}
op-in-none | {{ 1 in _.n }}
op-in-int-string | {{ 1 in 'a1' }}
op-and | {{ true and false }}
op-and-operand | {{ 1 and 2 }}
op-and-falsy-operand | {{ 0 and 2 }}
op-or-operand | {{ _.n or 'd' }}
op-or-empty-list | {{ _.e or 'x' }}
op-or-empty-string | {{ _.es or 'x' }}
op-or-empty-map | {{ _.em or 'x' }}
op-not | {{ not _.e }}
op-not-string-false | {{ not 'false' }}
op-not-binding | {{ not 1 == 2 }}
op-ternary | {{ 'y' if _.t else 'n' }}
op-ternary-false | {{ 'y' if _.e else 'n' }}
op-ternary-nested | {{ 'a' if _.a > 5 else 'b' if _.a > 0 else 'c' }}
lit-none-lower | {{ none }}
lit-none-capital | {{ None }}
lit-true-capital | {{ True }}
lit-float-exponent | {{ 1e3 }}
lit-int-underscore | {{ 1_000 }}
lit-float-small | {{ 0.00001 }}
lit-float-big | {{ 10000000000000000.0 }}
lit-string-escape | {{ 'a\nb' }}
lit-string-double | {{ "it's" }}
lit-list-trailing-comma | {{ [1, 2,] }}
lit-dict-trailing-comma | {{ {'a': 1,} }}
lit-tuple-single | {{ (1,) }}
lit-syntax-dangling-op | {{ 1 + }}
lit-syntax-bad-token | {{ 1 ! 2 }}
lit-syntax-unclosed-string | {{ 'abc }}
lit-syntax-yaql-map | {{ {a => 1} }}
lit-syntax-assign | {{ x = 1 }}
lit-syntax-double-equal-word | {{ 1 === 1 }}
lit-syntax-empty | {{ }}
lit-syntax-colon | {{ _.m: 1 }}

# --- attribute and item access, Python methods -----------------------------
acc-attr | {{ _.m.x }}
acc-item | {{ _.m['x'] }}
acc-item-root | {{ _['m'].y }}
acc-index | {{ _.l[0] }}
acc-index-negative | {{ _.l[-1] }}
acc-index-attr-form | {{ _.l.0 }}
acc-slice | {{ _.l[1:] }}
acc-slice-step | {{ _.l[::-1] }}
acc-string-index | {{ _.s[0] }}
acc-string-slice-reverse | {{ _.s[::-1] }}
acc-nested | {{ _.users[1].name }}
acc-nested-item | {{ _.users[-1]['age'] }}
acc-dict-method-shadows-key | {{ _.items | length }}
acc-dict-key-via-item | {{ _['items'] }}
acc-dict-keys-method | {{ _.m.keys() }}
acc-dict-values-method | {{ _.m.values() }}
acc-dict-items-method | {{ _.m.items() }}
acc-dict-items-list | {{ _.m.items() | list }}
acc-dict-get | {{ _.m.get('x') }}
acc-dict-get-missing | {{ _.m.get('q') }}
acc-dict-get-default | {{ _.m.get('q', 5) }}
acc-string-split | {{ 'a,b'.split(',') }}
acc-string-split-data | {{ _.csv.split(',') }}
acc-string-split-max | {{ _.csv.split(',', 1) }}
acc-string-startswith | {{ _.s.startswith('Hello') }}
acc-string-endswith | {{ _.s.endswith('x') }}
acc-string-upper-method | {{ _.s.upper() }}
acc-string-replace-method | {{ _.s.replace('l', 'L') }}
acc-string-strip-method | {{ '  a '.strip() }}
acc-string-format-method | {{ '{}-{}'.format(1, 2) }}
acc-string-join-method | {{ '-'.join(['a', 'b']) }}
acc-string-find | {{ _.s.find('o') }}
acc-list-index-method | {{ _.l.index(1) }}
acc-list-count-method | {{ _.l.count(3) }}
acc-unsafe-class | {{ _.__class__ }}
acc-unsafe-mro | {{ ''.__class__.__mro__ }}
acc-unsafe-format | {{ '{0.__class__}'.format(1) }}
acc-call-non-callable | {{ _.a() }}
acc-range-too-big | {{ range(100001) | length }}
acc-range | {{ range(3) | list }}
acc-range-native | {{ range(2, 8, 3) }}
acc-dict-global | {{ dict(a=1, b=2) }}
acc-lipsum-exists | {{ lipsum is defined }}

# --- filters --------------------------------------------------------------
flt-abs | {{ -3 | abs }}
flt-attr | {{ _.m | attr('x') }}
flt-batch | {{ [1, 2, 3, 4, 5] | batch(2) | list }}
flt-batch-fill | {{ [1, 2, 3] | batch(2, 0) | list }}
flt-capitalize | {{ 'hELLO world' | capitalize }}
flt-center | {{ 'ab' | center(6) }}
flt-count | {{ _.l | count }}
flt-default | {{ _.x | default('v') }}
flt-default-present | {{ _.a | default('v') }}
flt-default-none-kept | {{ _.n | default('v') }}
flt-default-boolean | {{ _.n | default('v', true) }}
flt-default-empty-boolean | {{ _.es | default('v', true) }}
flt-d-alias | {{ _.x | d(0) }}
flt-default-nested-missing | {{ _.m.q | default('v') }}
flt-default-missing-parent | {{ _.q.r | default('v') }}
flt-dictsort | {{ {'b': 1, 'a': 2} | dictsort }}
flt-dictsort-by-value | {{ {'b': 1, 'a': 2} | dictsort(by='value') }}
flt-dictsort-reverse | {{ {'b': 1, 'a': 2} | dictsort(reverse=true) }}
flt-escape | {{ '<a>' | escape }}
flt-escape-text | x{{ '<a href="q">&' | e }}
flt-filesizeformat | {{ 1500000 | filesizeformat }}
flt-first | {{ _.l | first }}
flt-first-empty | {{ _.e | first }}
flt-first-empty-text | x{{ _.e | first }}y
flt-last | {{ _.l | last }}
flt-float | {{ '1.5' | float }}
flt-float-bad | {{ 'x' | float }}
flt-float-bad-default | {{ 'x' | float(2.5) }}
flt-format | {{ '%s-%d' | format('a', 3) }}
flt-format-named | {{ '%(a)s' | format(a='x') }}
flt-groupby | {{ _.users | groupby('team') | map(attribute='grouper') | list }}
flt-groupby-list | {{ _.users | groupby('team') | map(attribute='list') | map('map', attribute='name') | map('list') | list }}
flt-groupby-loop | {% for g in _.users | groupby('admin') %}{{ g.grouper }}:{{ g.list | map(attribute='name') | join(',') }};{% endfor %}
flt-indent | {{ 'a\nb' | indent(2) }}
flt-indent-first | {{ 'a\nb' | indent(2, true) }}
flt-indent-real-newline-not-detected | {{ 'a{NL}b' | indent(2) }}
flt-int | {{ '42' | int }}
flt-int-float | {{ 3.9 | int }}
flt-int-bad | {{ 'x' | int }}
flt-int-default | {{ 'x' | int(7) }}
flt-int-hex-base | {{ '0x10' | int(0, 16) }}
flt-int-float-string | {{ '1.5' | int }}
flt-int-none | {{ _.n | int }}
flt-items | {{ _.m | items | list }}
flt-join | {{ ['a', 'b'] | join(',') }}
flt-join-ints | {{ _.l | join('-') }}
flt-join-attribute | {{ _.users | join(',', attribute='name') }}
flt-join-no-sep | {{ _.l | join }}
flt-length | {{ _.l | length }}
flt-length-string | {{ _.s | length }}
flt-length-map | {{ _.m | length }}
flt-length-none | {{ _.n | length }}
flt-list | {{ 'ab' | list }}
flt-list-map | {{ _.m | list }}
flt-lower | {{ 'AbC' | lower }}
flt-map-attribute | {{ _.users | map(attribute='name') | list }}
flt-map-filter | {{ _.l | map('string') | list }}
flt-map-filter-args | {{ ['a', 'b'] | map('replace', 'a', 'x') | list }}
flt-map-default | {{ [{'a': 1}, {}] | map(attribute='a', default=0) | list }}
flt-map-missing-attr | {{ [{'a': 1}, {}] | map(attribute='a') | list }}
flt-map-native-generator | {{ _.l | map('string') }}
flt-max | {{ _.l | max }}
flt-max-attribute | {{ _.users | max(attribute='age') }}
flt-min | {{ _.l | min }}
flt-min-strings-case | {{ _.words | min }}
flt-min-empty | {{ _.e | min }}
flt-pprint | {{ {'a': [1, 'x']} | pprint }}
flt-random | {{ (_.l | random) in _.l }}
flt-reject | {{ _.l | reject('odd') | list }}
flt-rejectattr | {{ _.users | rejectattr('admin') | map(attribute='name') | list }}
flt-replace | {{ 'aaa' | replace('a', 'b') }}
flt-replace-count | {{ 'aaa' | replace('a', 'b', 2) }}
flt-reverse-list | {{ _.l | reverse | list }}
flt-reverse-string | {{ 'abc' | reverse }}
flt-round | {{ 2.567 | round(2) }}
flt-round-default | {{ 2.5 | round }}
flt-round-ceil | {{ 2.1 | round(0, 'ceil') }}
flt-round-floor | {{ 2.9 | round(0, 'floor') }}
flt-round-int | {{ 3 | round }}
flt-safe | {{ '<b>' | safe }}
flt-select | {{ _.l | select('odd') | list }}
flt-select-truthy | {{ [0, 1, '', 'a', none] | select | list }}
flt-select-test-arg | {{ _.l | select('greaterthan', 1) | list }}
flt-select-in | {{ _.l | select('in', [1, 2]) | list }}
flt-selectattr | {{ _.users | selectattr('admin') | map(attribute='name') | list }}
flt-selectattr-test | {{ _.users | selectattr('age', 'gt', 30) | map(attribute='name') | list }}
flt-selectattr-equalto | {{ _.users | selectattr('team', 'equalto', 'y') | map(attribute='name') | list }}
flt-selectattr-missing | {{ _.users | selectattr('x') | list }}
flt-slice | {{ [1, 2, 3, 4, 5] | slice(2) | list }}
flt-sort | {{ _.l | sort }}
flt-sort-reverse | {{ _.l | sort(reverse=true) }}
flt-sort-case-insensitive | {{ _.words | sort }}
flt-sort-case-sensitive | {{ _.words | sort(case_sensitive=true) }}
flt-sort-attribute | {{ _.users | sort(attribute='age') | map(attribute='name') | list }}
flt-sort-multi-attribute | {{ _.users | sort(attribute='team,age') | map(attribute='name') | list }}
flt-sort-mixed | {{ [1, 'a'] | sort }}
flt-string | {{ 1 | string }}
flt-string-none | {{ _.n | string }}
flt-string-list | {{ _.l | string }}
flt-striptags | {{ '<b>a</b>  b' | striptags }}
flt-sum | {{ _.l | sum }}
flt-sum-attribute | {{ _.users | sum(attribute='age') }}
flt-sum-start | {{ _.l | sum(start=10) }}
flt-sum-strings | {{ ['a', 'b'] | sum }}
flt-title | {{ 'hello wORLD' | title }}
flt-tojson | {{ {'b': 1, 'a': [1, 'x<']} | tojson }}
flt-tojson-indent | {{ {'a': 1} | tojson(2) }}
flt-tojson-text | j={{ _.m | tojson }}
flt-trim | {{ '  a  ' | trim }}
flt-trim-chars | {{ 'xxaxx' | trim('x') }}
flt-truncate | {{ 'hello world foo bar' | truncate(11) }}
flt-truncate-killwords | {{ 'hello world foo bar' | truncate(9, true, '..', 0) }}
flt-truncate-short | {{ 'hello' | truncate(10) }}
flt-unique | {{ [1, 2, 1, 3] | unique | list }}
flt-unique-case | {{ ['a', 'A', 'b'] | unique | list }}
flt-unique-attribute | {{ _.users | unique(attribute='team') | map(attribute='name') | list }}
flt-upper | {{ 'abc' | upper }}
flt-urlencode | {{ 'a b&c' | urlencode }}
flt-urlencode-dict | {{ {'a': 'x y', 'b': 1} | urlencode }}
flt-wordcount | {{ 'a b  c' | wordcount }}
flt-wordwrap | {{ 'aaa bbb ccc' | wordwrap(7) }}
flt-xmlattr | {{ {'a': 1, 'b': none} | xmlattr }}
flt-unknown | {{ 1 | nosuchfilter }}
flt-chained | {{ _.users | selectattr('admin') | map(attribute='age') | sum }}
flt-mistral-as-filter-json-dump | {{ _.m | json_dump }}
flt-mistral-as-filter-json-parse | {{ '{}' | json_parse }}

# --- tests ----------------------------------------------------------------
tst-defined | {{ _.a is defined }}
tst-defined-missing | {{ _.x is defined }}
tst-undefined | {{ _.x is undefined }}
tst-undefined-name | {{ x is defined }}
tst-none | {{ _.n is none }}
tst-not-none | {{ _.a is not none }}
tst-number | {{ _.b is number }}
tst-number-string | {{ '1' is number }}
tst-integer | {{ _.a is integer }}
tst-float | {{ _.b is float }}
tst-boolean | {{ _.t is boolean }}
tst-true | {{ _.t is true }}
tst-false | {{ 0 is false }}
tst-string | {{ _.s is string }}
tst-mapping | {{ _.m is mapping }}
tst-mapping-list | {{ _.l is mapping }}
tst-sequence | {{ _.l is sequence }}
tst-sequence-string | {{ _.s is sequence }}
tst-iterable | {{ _.m is iterable }}
tst-even | {{ 4 is even }}
tst-odd | {{ _.a is odd }}
tst-divisibleby | {{ 9 is divisibleby 3 }}
tst-divisibleby-paren | {{ 9 is divisibleby(4) }}
tst-eq | {{ _.a is eq 1 }}
tst-equalto | {{ _.a is equalto 1 }}
tst-ne | {{ _.a is ne 1 }}
tst-lt | {{ 1 is lt 2 }}
tst-gt | {{ 1 is gt 2 }}
tst-ge | {{ 2 is ge 2 }}
tst-le | {{ 3 is le 2 }}
tst-in | {{ 1 is in _.l }}
tst-lower | {{ 'abc' is lower }}
tst-upper | {{ 'aBC' is upper }}
tst-callable | {{ _.m.get is callable }}
tst-sameas | {{ _.n is sameas none }}
tst-escaped | {{ 'a' is escaped }}
tst-filter | {{ 'upper' is filter }}
tst-test | {{ 'odd' is test }}
tst-unknown | {{ 1 is nosuchtest }}
tst-not | {{ _.a is not even }}

# --- more quirks and combinations -----------------------------------------
@data j
mix-filter-on-undefined | {{ _.x | length }}
mix-default-no-arg | {{ _.x | default }}
mix-adjacent-strings | {{ 'a' 'b' }}
mix-number-test-nested | {{ _.m.x is number }}
mix-none-attr-default | {{ _.n.x | default('d') }}
mix-yaql-style-and | {{ _.a > 0 && _.t }}
mix-yaql-style-dollar | {{ $.a }}
mix-yaql-keyword-string | {{ _.name == ann }}
mix-python-none-is | {{ _.n is None }}
mix-null-literal-undefined | {{ null }}
mix-close-braces-in-string | {{ '}}' }}
mix-open-braces-in-string | {{ '{{' }}
mix-percent-format | {{ '%s-%s' % ('a', 1) }}
mix-string-index-out-of-range | {{ 'abc'[5] }}
mix-int-plus-str-data | {{ _.m.x + _.m.y }}
mix-loop-outside | {{ loop }}
mix-length-and | {{ _.l | length > 2 and _.t }}
mix-ternary-test | {{ 'x' if _.n is none else 'y' }}
mix-defined-missing-parent | {{ _.q.r is defined }}
mix-first-of-string | {{ 'abc' | first }}
mix-string-length | {{ 5 | string | length }}
mix-sort-join | {{ [3, 1] | sort | join(',') }}
mix-float-native | {{ 2.0 }}
mix-float-to-int | {{ 2.0 | int }}
mix-div-floats | {{ 10 / 4 }}
mix-floordiv-float | {{ 10 // 4.0 }}
mix-eq-int-float | {{ 1 == 1.0 }}
mix-eq-bool-int | {{ true == 1 }}
mix-filter-then-div | {{ [1, 2] | sum / 2 }}
mix-neg-pow | {{ -2 ** 2 }}
mix-not-or | {{ not _.t or _.t }}
mix-attr-then-filter | {{ _.users[0].name | upper }}
mix-map-join-text | names: {{ _.users | map(attribute='name') | join(', ') }}
mix-sort-first | {{ _.l | sort | first }}
mix-map-max | {{ _.users | map(attribute='age') | max }}
mix-select-operator-test | {{ _.l | select('>', 1) | list }}
mix-map-int-sum | {{ ['1', '2'] | map('int') | sum }}
mix-truncate-leeway | {{ _.s | truncate(9) }}
mix-bool-int | {{ true | int }}
mix-float-int | {{ 1.5 | int }}
mix-trim-length | {{ '  x ' | trim | length }}
mix-flatten-unknown | {{ [1, [2]] | flatten }}
mix-dictsort-first | {{ _.m | dictsort | first }}
mix-none-default | {{ none | default('x') }}
mix-default-none | {{ _.x | default(none) }}
mix-list-of-list-join | {{ _.l | list | join(', ') }}
mix-nested-data-text | {{ _.users[0] }}
mix-unicode-length | {{ 'héllo' | length }}
mix-unicode-upper | {{ 'straße' | upper }}
mix-string-multiply-text | -{{ '=' * 3 }}-
mix-bool-text-lower | {{ _.t | string | lower }}
mix-dict-literal-text | {{ {'a': none, 'b': true} }}!
mix-tuple-text | {{ (1, 'a') }}!
mix-float-text-big | {{ 1e16 }}!
mix-float-text-small | {{ 1.5e-7 }}!
mix-float-text-third | {{ 1 / 3 }}!
mix-float-text-tenth | {{ 0.1 }}!
mix-float-text-e15 | {{ 1e15 }}!
mix-float-text-neg-zero | {{ -0.0 }}!
mix-list-quote-text | {{ ["it's", 'a"b'] }}!
mix-dict-str-text | {{ {'a': 'b'} }}!
mix-string-in-list-escape-text | {{ ['a\nb'] }}!
mix-none-is-falsy-text | {{ _.n or '' }}x
mix-whole-expr-filters | {{ _.csv.split(',') | map('upper') | list }}
mix-items-filter-loop | {% for k, v in _.m | items %}{{ k }}{{ v }}{% endfor %}
mix-set-list-append | {% set acc = [] %}{% for x in _.l %}{{ acc.append(x * 2) or '' }}{% endfor %}{{ acc }}
mix-tojson-unicode | {{ 'é<>&' | tojson }}
mix-string-escape-literal-text | a{{ 'b\tc' }}d
mix-int-base | {{ '101' | int(base=2) }}

# --- workflow idioms ------------------------------------------------------
@data j
idiom-names-join | {{ _.users | selectattr('age', 'gt', 30) | map(attribute='name') | join(', ') }}
idiom-average | {{ _.users | map(attribute='age') | sum / _.users | length }}
idiom-group-count | {{ _.users | groupby('team') | length }}
idiom-dict-merge | {{ dict(_.m, z=3) }}
idiom-dictsort-keys | {{ _.m | dictsort | map('first') | list }}
idiom-loop-comma | {% for u in _.users | sort(attribute='age', reverse=true) %}{{ u.name }}{{ ',' if not loop.last }}{% endfor %}
idiom-map-string-join | {{ _.l | map('string') | join('+') }}
idiom-range-diff | {{ (_.l | max) - (_.l | min) }}
idiom-split-lower-join | {{ _.s.split(' ') | map('lower') | join('-') }}
idiom-rejectattr-count | {{ _.users | rejectattr('team', 'eq', 'x') | list | length }}
idiom-range-join | {{ range(1, 4) | map('string') | join }}
idiom-keys-list | {{ _.users[0].keys() | list }}
idiom-select-ne | {{ _.users | map(attribute='name') | select('ne', 'bob') | list }}
idiom-concat | {{ _.m.y ~ '-' ~ _.m.x }}
idiom-in-ternary | {{ 'yes' if 'a' in _.words else 'no' }}
idiom-selectattr-in | {{ _.users | selectattr('name', 'in', ['ann', 'cy']) | map(attribute='age') | list }}
idiom-default-empty | {{ _.e | default([1], true) }}
idiom-max-of-list | {{ [_.a, _.b] | max }}
idiom-unique-count | {{ _.users | map(attribute='team') | unique | list | length }}
idiom-status-line | {{ _.name }}: {{ 'ok' if _.t else 'failed' }} ({{ _.l | length }} items)
idiom-json-text | payload={{ _.m | tojson }}
idiom-nested-for | {% for u in _.users %}{{ u.name }}[{% for k in u | dictsort %}{{ k[0] }}{% endfor %}]{% endfor %}
idiom-if-in-for-filter | {% for u in _.users if u.admin %}{{ u.name }} {% else %}nobody{% endfor %}
idiom-set-then-use | {% set total = _.users | sum(attribute='age') %}total={{ total }}
idiom-default-chain | {{ _.get('missing') or _.get('name') }}
idiom-get-nested-default | {{ _.get('cfg', {}).get('timeout', 30) }}
idiom-list-comprehension-like | {{ _.users | map(attribute='age') | select('gt', 30) | list }}
idiom-string-format-filter | {{ '%-5s|' | format(_.name) }}
idiom-round-average | {{ (_.users | sum(attribute='age') / 3) | round(1) }}
idiom-bool-to-string | {{ _.t | string }}
idiom-tuple-vs-list | {{ (1, 2) == [1, 2] }}
idiom-data-list-eq | {{ _.l == [3, 1, 2] }}

# --- context names and Mistral functions ----------------------------------
@data wf
mf-root-underscore | {{ _.vm_name }}
mf-env-top-level | {{ __env.region }}
mf-execution-top-level | {{ __execution.id }}
mf-task-execution-top-level | {{ __task_execution.name }}
mf-env-via-underscore | {{ _['__env'].region }}
mf-env-attr-underscore | {{ _.__env }}
mf-env | {{ env() }}
mf-env-key | {{ env().region }}
mf-env-get-default | {{ env().get('zone', 'z1') }}
mf-task-current | {{ task().name }}
mf-task-current-result | {{ task().result }}
mf-task-named | {{ task('t1').state }}
mf-task-result | {{ task('t1').result }}
mf-task-result-map | {{ task('t1').result | map(attribute='id') | list }}
mf-task-result-selectattr | {{ task('t1').result | selectattr('status', 'equalto', 'ACTIVE') | map(attribute='name') | list }}
mf-task-result-first-ip | {{ (task('t1').result | selectattr('addresses') | first).addresses[0].ip }}
mf-task-published | {{ task('t1').published.vm_ids | length }}
mf-task-published-count-key | {{ task('t1').published['count'] }}
mf-task-bare-name | {{ task(t1) }}
mf-task-unknown | {{ task('nope') }}
mf-task-unknown-attr | {{ task('nope').state }}
mf-task-state-info | {{ task('t2').state_info }}
mf-task-text | state={{ task('t1').state }}
mf-tasks-count | {{ tasks() | length }}
mf-tasks-state | {{ tasks(state='SUCCESS') | map(attribute='name') | list }}
mf-tasks-execution | {{ tasks(execution().id) | length }}
mf-tasks-execution-kw | {{ tasks(workflow_execution_id=execution().id, state='RUNNING') | map(attribute='name') | list }}
mf-tasks-camel-kw | {{ tasks(workflowExecutionId=execution().id) }}
mf-execution | {{ execution().name }}
mf-execution-input | {{ execution().input.vm_name }}
mf-execution-params-env | {{ execution().params.env.region }}
mf-executions-count | {{ executions() | length }}
mf-executions-state | {{ executions(state='ERROR') | length }}
mf-executions-root | {{ executions(root_execution_id=execution().id) | map(attribute='name') | list }}
mf-global | {{ global('g1') }}
mf-global-missing | {{ global('nope') }}
mf-json-dump | {{ json_dump(_['items']) }}
mf-json-dump-dict-method | {{ json_dump(_.items) is string }}
mf-json-dump-map | {{ json_dump({'b': 1, 'a': [1, 2]}) }}
mf-json-dump-text | body={{ json_dump({'a': 1}) }}
mf-json-pp | {{ json_pp({'a': 'x\ny'}) }}
mf-json-pp-no-arg | {{ json_pp() | length > 0 }}
mf-json-parse | {{ json_parse('{"a": [1, 2]}') }}
mf-json-parse-attr | {{ json_parse('{"a": [1, 2]}').a[1] }}
mf-json-parse-bad | {{ json_parse('{bad') }}
mf-yaml-dump | {{ yaml_dump({'b': 1, 'a': [1, 2]}) }}
mf-yaml-parse | {{ yaml_parse('a: 1') }}
mf-yaml-parse-default | {{ yaml_parse('timeout: 10').get('timeout', 30) }}
mf-uuid-len | {{ uuid() | length }}
mf-uuid-shape | {{ uuid() is string and uuid()[14] == '4' }}
mf-uuid-distinct | {{ uuid() != uuid() }}
mf-wrong-arity | {{ task('a', 'b') }}
mf-json-dump-no-arg | {{ json_dump() }}
@data j
mf-env-absent | {{ env() }}
mf-env-top-level-absent | {{ __env }}
mf-env-top-level-absent-attr | {{ __env.region }}
@data list
mf-list-root | {{ _ }}
mf-list-root-index | {{ _[1] }}
mf-list-root-env | {{ __env }}
mf-list-root-env-fn | {{ env() }}
@data null
mf-null-root | {{ _ }}
mf-null-root-attr | {{ _.x }}
"""


# ---------------------------------------------------------------------------

def build(cases, runner):
    out = []
    seen = set()
    for case_id, expr, data in cases:
        if case_id in seen:
            sys.exit('duplicate case id %s' % case_id)
        seen.add(case_id)
        try:
            kind, value = runner(expr, data)
        except Unrepresentable as e:
            sys.exit('case %s: result has no JSON form: %s' % (case_id, e))
        case = {'id': case_id, 'expr': expr, 'data': data}
        if kind == 'ok':
            case['result'] = value
            if isinstance(value, UnorderedList):
                case['unordered'] = True
        else:
            case['error'] = value
            case['error_kind'] = kind
        out.append(case)
    return out


def write(name, engine, cases):
    lines = [json.dumps(c, ensure_ascii=False) for c in cases]
    text = ('{"generator": %s, "engine": %s, "cases": [\n' %
            (json.dumps(GENERATOR), json.dumps(engine)))
    text += ',\n'.join(lines) + '\n]}\n'
    json.loads(text)  # sanity
    with open(os.path.join(HERE, name), 'w', encoding='utf-8') as f:
        f.write(text)
    return len(cases)


def version(dist):
    from importlib import metadata
    return metadata.version(dist)


def main():
    yc = build(yaql_cases(), run_yaql)
    jc = build(jinja_cases(), run_jinja)
    n1 = write('yaql_cases.json', 'yaql %s' % version('yaql'), yc)
    n2 = write('jinja_cases.json', 'jinja2 %s' % version('Jinja2'), jc)
    print('yaql_cases.json: %d cases, jinja_cases.json: %d cases' % (n1, n2))
    for name, cs in (('yaql', yc), ('jinja', jc)):
        areas = {}
        for c in cs:
            areas[c['id'].split('-')[0]] = areas.get(
                c['id'].split('-')[0], 0) + 1
        print(name, ' '.join('%s=%d' % kv for kv in areas.items()))


if __name__ == '__main__':
    main()
