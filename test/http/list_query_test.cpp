// Parsing list queries. Expected values and messages were taken from the
// real Mistral 15 (tools/mistral/start.sh, SQLite, no auth) by sending the
// same query string to GET /v2/executions, /v2/tasks, /v2/workflows or
// /v2/cron_triggers; "checked:" names the request that was sent.

#include "http/list_query.hpp"

#include <algorithm>

#include <doctest/doctest.h>

#include "http/list_specs.hpp"

namespace bora::http {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

// GET /v2/executions as Mistral 15 declares it.
ListSpec executions_spec() {
  auto s = mistral_list_spec("executions");
  REQUIRE(s.has_value());
  return *s;
}

ListQuery parse_ok(const Params& p, const ListSpec& spec = executions_spec()) {
  auto q = parse_list_query(p, spec);
  REQUIRE_MESSAGE(q.ok(), (q.ok() ? "" : q.error().message));
  return std::move(q).value();
}

std::string parse_error(const Params& p, const ListSpec& spec = executions_spec()) {
  auto q = parse_list_query(p, spec);
  REQUIRE_FALSE(q.ok());
  CHECK(q.error().code == Errc::invalid_argument);
  return q.error().message;
}

Filter only_filter(const ListQuery& q) {
  REQUIRE(q.filters.size() == 1);
  return q.filters.front();
}

const char* kUuid = "d7c74fc7-ffa4-41fd-9eb2-7585e2ddd562";

}  // namespace

TEST_SUITE("http.list_query") {
  TEST_CASE("an empty query sorts by the default key ascending with no limit") {
    auto q = parse_ok({});
    CHECK_FALSE(q.limit.has_value());
    CHECK(q.sort_keys == std::vector<std::string>{"created_at"});
    CHECK(q.descending == std::vector<bool>{false});
    CHECK(q.fields.empty());
    CHECK(q.filters.empty());
  }

  TEST_CASE("an unknown argument is refused with its name") {
    // checked: ?foo=1 and ?foo=1&bar=2 (Mistral lists a set, so any order)
    CHECK(parse_error({{"foo", "1"}}) == "Unknown argument: \"foo\"");
    CHECK(parse_error({{"foo", "1"}, {"bar", "2"}, {"foo", "3"}}) ==
          "Unknown argument: \"foo, bar\"");
  }

  TEST_CASE("a limit of zero or below is not positive") {
    // checked: ?limit=0 and ?limit=-1
    CHECK(parse_error({{"limit", "0"}}) == "Limit must be positive.");
    CHECK(parse_error({{"limit", "-1"}}) == "Limit must be positive.");
  }

  TEST_CASE("a limit that is not an integer names the value as Python does") {
    // checked: ?limit=abc, ?limit=2.0, ?limit=
    CHECK(parse_error({{"limit", "abc"}}) ==
          "Invalid input for field/attribute limit. Value: 'abc'. unable to convert to int. "
          "Error: invalid literal for int() with base 10: 'abc'");
    CHECK(parse_error({{"limit", "2.0"}}) ==
          "Invalid input for field/attribute limit. Value: '2.0'. unable to convert to int. "
          "Error: invalid literal for int() with base 10: '2.0'");
    CHECK(parse_error({{"limit", ""}}) ==
          "Invalid input for field/attribute limit. Value: ''. unable to convert to int. "
          "Error: invalid literal for int() with base 10: ''");
  }

  TEST_CASE("a limit is read like Python's int with spaces, a sign and underscores") {
    // checked: ?limit=%205%20 -> 5 items, ?limit=%2B2 -> 2, ?limit=1_0 -> 10
    CHECK(parse_ok({{"limit", " 5 "}}).limit == size_t{5});
    CHECK(parse_ok({{"limit", "+2"}}).limit == size_t{2});
    CHECK(parse_ok({{"limit", "1_0"}}).limit == size_t{10});
    CHECK_FALSE(parse_list_query({{"limit", "1__0"}}, executions_spec()).ok());
    CHECK_FALSE(parse_list_query({{"limit", "_1"}}, executions_spec()).ok());
  }

  TEST_CASE("a huge limit saturates instead of failing") {
    // Mistral answers 500 "Python int too large to convert to SQLite INTEGER";
    // Bora keeps the largest limit it can hold.
    auto q = parse_ok({{"limit", std::string(5000, '9')}});
    REQUIRE(q.limit.has_value());
    CHECK(*q.limit == static_cast<size_t>(INT64_MAX));
  }

  TEST_CASE("a repeated limit fails as a list, as in Mistral") {
    // checked: ?limit=2&limit=3
    CHECK(parse_error({{"limit", "2"}, {"limit", "3"}}) ==
          "Invalid input for field/attribute limit. Value: '['2', '3']'. unable to convert to "
          "int. Error: int() argument must be a string, a bytes-like object or a real number, "
          "not 'list'");
  }

  TEST_CASE("conversion errors come before unknown arguments") {
    // checked: ?foo=1&limit=abc -> the limit message
    CHECK(parse_error({{"foo", "1"}, {"limit", "abc"}})
              .rfind("Invalid input for field/attribute "
                     "limit.",
                     0) == 0);
  }

  TEST_CASE("sort keys and directions are lower-cased and directions padded with asc") {
    // checked: ?sort_keys=Workflow_Name,description&sort_dirs=DESC
    auto q = parse_ok({{"sort_keys", "Workflow_Name, description"}, {"sort_dirs", "DESC"}});
    CHECK(q.sort_keys == std::vector<std::string>{"workflow_name", "description"});
    CHECK(q.descending == std::vector<bool>{true, false});
  }

  TEST_CASE("more sort directions than keys are refused") {
    // checked: ?sort_keys=workflow_name,description&sort_dirs=desc,asc,asc
    CHECK(
        parse_error({{"sort_keys", "workflow_name,description"}, {"sort_dirs", "desc,asc,asc"}}) ==
        "Length of sort_keys must be equal or greater than sort_dirs.");
    // checked: ?sort_keys= (no keys left against the default direction)
    CHECK(parse_error({{"sort_keys", ""}}) ==
          "Length of sort_keys must be equal or greater than sort_dirs.");
    // checked: ?sort_dirs=desc,,asc (empty items dropped, then two against one)
    CHECK(parse_error({{"sort_dirs", "desc,,asc"}}) ==
          "Length of sort_keys must be equal or greater than sort_dirs.");
  }

  TEST_CASE("an unknown sort direction is refused") {
    // checked: ?sort_dirs=up
    CHECK(parse_error({{"sort_dirs", "up"}}) == "Unknown sort direction, must be 'desc' or 'asc'.");
  }

  TEST_CASE("an empty sort_dirs keeps ascending order") {
    // checked: ?sort_dirs= -> E1..E5 ascending
    auto q = parse_ok({{"sort_dirs", ""}});
    CHECK(q.descending == std::vector<bool>{false});
  }

  TEST_CASE("a sort key must be a stored column") {
    // checked: ?sort_keys=bogus, ?sort_keys=published_global; ?sort_keys=spec works
    CHECK(parse_error({{"sort_keys", "bogus"}}) == "Sort key supplied is invalid: bogus");
    CHECK(parse_error({{"sort_keys", "published_global"}}) ==
          "Sort key supplied is invalid: published_global");
    CHECK(parse_ok({{"sort_keys", "spec"}}).sort_keys == std::vector<std::string>{"spec"});
  }

  TEST_CASE("repeated sort_keys keep the last value and drop repeats") {
    // checked: ?sort_keys=state&sort_keys=workflow_name -> next has sort_keys=workflow_name,id
    auto q = parse_ok({{"sort_keys", "state"}, {"sort_keys", "workflow_name,,WORKFLOW_NAME"}});
    CHECK(q.sort_keys == std::vector<std::string>{"workflow_name"});
  }

  TEST_CASE("fields get the id first and are lower-cased and deduplicated") {
    // checked: ?fields=state -> next has fields=id,state; ?fields=ID,State,state works
    CHECK(parse_ok({{"fields", "state"}}).fields == std::vector<std::string>{"id", "state"});
    CHECK(parse_ok({{"fields", "ID,State,state"}}).fields ==
          std::vector<std::string>{"id", "state"});
    // checked: ?fields=state,id,workflow_name -> next keeps fields=state,id,workflow_name
    CHECK(parse_ok({{"fields", "state,id,workflow_name"}}).fields ==
          std::vector<std::string>{"state", "id", "workflow_name"});
    CHECK(parse_ok({{"fields", ""}}).fields.empty());
  }

  TEST_CASE("unknown fields are listed with every field of the resource") {
    // checked: ?fields=foo,bar (Mistral prints the unknown ones as a set)
    CHECK(parse_error({{"fields", "foo,bar"}}) ==
          "Some fields do not exist  [foo, bar], please choose from [id, workflow_id, "
          "workflow_name, workflow_namespace, description, tags, params, task_execution_id, "
          "root_execution_id, source_execution_id, state, state_info, input, output, "
          "created_at, updated_at, project_id, published_global]");
  }

  TEST_CASE("a field can bring a companion attribute") {
    // checked: GET /v2/workflows?fields=input returns id, input and interface
    ListSpec s;
    s.collection = "workflows";
    s.fields = {"id", "name", "input", "interface"};
    s.companions = {{"input", {"interface"}}};
    auto q = parse_ok({{"fields", "input"}}, s);
    CHECK(q.fields == std::vector<std::string>{"id", "input"});
    CHECK(q.shown == std::vector<std::string>{"id", "input", "interface"});
  }

  TEST_CASE("the marker must look like a UUID") {
    // checked: ?marker=abc and ?marker=
    CHECK(parse_error({{"marker", "abc"}}) ==
          "Invalid input for field/attribute marker. Value: 'abc'. unable to convert to uuid. "
          "Error: Expected a uuid but received abc.");
    CHECK(parse_error({{"marker", ""}}) ==
          "Invalid input for field/attribute marker. Value: ''. unable to convert to uuid. "
          "Error: Expected a uuid but received .");
    // checked: upper case and dashless forms pass the check (then 404 as unknown ids)
    CHECK(parse_ok({{"marker", "D7C74FC7-FFA4-41FD-9EB2-7585E2DDD562"}}).marker ==
          "D7C74FC7-FFA4-41FD-9EB2-7585E2DDD562");
    CHECK(parse_ok({{"marker", "d7c74fc7ffa441fd9eb27585e2ddd562"}}).marker ==
          "d7c74fc7ffa441fd9eb27585e2ddd562");
  }

  TEST_CASE("an action marker is any text") {
    ListSpec s;
    s.collection = "actions";
    s.fields = {"id", "name"};
    s.default_sort = "name";
    s.marker_rule = MarkerRule::at_name;
    auto q = parse_ok({{"marker", "std.echo"}}, s);
    CHECK(q.marker == "std.echo");
    CHECK(q.marker_rule == MarkerRule::at_name);
  }

  TEST_CASE("a text filter reads an operator prefix") {
    // checked: ?workflow_name=neq:wf_a -> the wf_b and wf_c executions
    Filter f = only_filter(parse_ok({{"workflow_name", "neq:wf_a"}}));
    CHECK(f.field == "workflow_name");
    CHECK(f.op == FilterOp::neq);
    CHECK(f.values == std::vector<std::string>{"wf_a"});
  }

  TEST_CASE("a value without a known operator is eq of the whole text") {
    // checked: ?created_at=2026-11-29 00:09:03 and ?description=second: run (eq of all of it),
    // ?state=foo:bar (eq "foo:bar", nothing matches)
    CHECK(only_filter(parse_ok({{"created_at", "2026-11-29 00:09:03"}})).values ==
          std::vector<std::string>{"2026-11-29 00:09:03"});
    Filter f = only_filter(parse_ok({{"description", "second: run"}}));
    CHECK(f.op == FilterOp::eq);
    CHECK(f.values == std::vector<std::string>{"second: run"});
    CHECK(only_filter(parse_ok({{"state", "foo:bar"}})).values ==
          std::vector<std::string>{"foo:bar"});
    Filter g = only_filter(parse_ok({{"created_at", "gte:2026-11-29 00:09:00"}}));
    CHECK(g.op == FilterOp::gte);
    CHECK(g.values == std::vector<std::string>{"2026-11-29 00:09:00"});
  }

  TEST_CASE("in and nin take raw comma lists") {
    // checked: ?workflow_name=in:wf_a,,wf_b keeps the empty item;
    // ?description=in:first run, same second keeps the leading space
    CHECK(only_filter(parse_ok({{"workflow_name", "in:wf_a,,wf_b"}})).values ==
          std::vector<std::string>{"wf_a", "", "wf_b"});
    Filter f = only_filter(parse_ok({{"description", "nin:first run, same second"}}));
    CHECK(f.op == FilterOp::nin);
    CHECK(f.values == std::vector<std::string>{"first run", " same second"});
  }

  TEST_CASE("a repeated text filter keeps its last value") {
    // checked: ?state=SUCCESS&state=ERROR -> the ERROR execution only
    CHECK(only_filter(parse_ok({{"state", "SUCCESS"}, {"state", "ERROR"}})).values ==
          std::vector<std::string>{"ERROR"});
  }

  TEST_CASE("an empty text filter is eq of the empty text") {
    // checked: ?workflow_name= -> nothing
    Filter f = only_filter(parse_ok({{"workflow_name", ""}}));
    CHECK(f.op == FilterOp::eq);
    CHECK(f.values == std::vector<std::string>{""});
  }

  TEST_CASE("a uuid filter drops its operator") {
    // checked: ?workflow_id=neq:<id> lists the executions OF that workflow, and the
    // next link shows workflow_id=eq:<id>
    Filter f = only_filter(parse_ok({{"workflow_id", std::string("neq:") + kUuid}}));
    CHECK(f.op == FilterOp::eq);
    CHECK(f.values == std::vector<std::string>{kUuid});
  }

  TEST_CASE("a uuid filter refuses lists and non-UUIDs") {
    // checked: ?workflow_id=abc, ?workflow_id=in:a,b, ?workflow_id=<id>&workflow_id=<id>
    CHECK(parse_error({{"workflow_id", "abc"}}) ==
          "Invalid input for field/attribute workflow_id. Value: 'abc'. unable to convert to "
          "uuid. Error: Expected a uuid but received abc.");
    CHECK(parse_error({{"workflow_id", "in:a,b"}}) ==
          "Invalid input for field/attribute workflow_id. Value: 'in:a,b'. unable to convert "
          "to uuid. Error: Expected a uuid but received ['a', 'b'].");
    CHECK(parse_error({{"workflow_id", "x"}, {"workflow_id", "y"}}) ==
          "Invalid input for field/attribute workflow_id. Value: '['x', 'y']'. unable to "
          "convert to uuid. Error: Expected a uuid but received ['x', 'y'].");
  }

  TEST_CASE("a json filter parses the whole value") {
    // checked: ?input={"name":"x","n":1} -> E1
    Filter f = only_filter(parse_ok({{"input", R"({"name":"x","n":1})"}}));
    CHECK(f.kind == FilterKind::json);
    CHECK(f.op == FilterOp::eq);
    CHECK(f.values == std::vector<std::string>{R"({"name": "x", "n": 1})"});
    REQUIRE(f.json.is_object());
    CHECK(f.json.as_object().size() == 2);
  }

  TEST_CASE("a json filter refuses operator prefixes and empty text") {
    // checked: ?input=eq:{} and ?input=
    CHECK(parse_error({{"input", "eq:{}"}}) ==
          "Invalid input for field/attribute input. Value: 'eq:{}'. unable to convert to json. "
          "Error: Expecting value: line 1 column 1 (char 0)");
    CHECK(parse_error({{"input", ""}}) ==
          "Invalid input for field/attribute input. Value: ''. unable to convert to json. "
          "Error: Expecting value: line 1 column 1 (char 0)");
    CHECK(
        parse_error({{"input", "{}"}, {"input", "{}"}})
            .rfind(
                "Invalid input for field/attribute input. Value: '['{}', '{}']'. unable to convert "
                "to json.",
                0) == 0);
  }

  TEST_CASE("a json null sets no filter") {
    // checked: ?input=null -> every execution
    CHECK(parse_ok({{"input", "null"}}).filters.empty());
  }

  TEST_CASE("a json filter nested too deeply is refused, not recursed into") {
    std::string deep(10000, '[');
    CHECK(parse_error({{"params", deep}}).rfind("Invalid input for field/attribute params.", 0) ==
          0);
  }

  TEST_CASE("list-typed tags are trimmed, lower-cased and deduplicated") {
    // checked: ?tags=ALPHA matches the alpha executions; ?tags=in:alpha looks for the tag
    // "in:alpha"; ?tags= sets no filter; ?tags=alpha&tags=Beta keeps "beta"
    Filter f = only_filter(parse_ok({{"tags", " ALPHA ,beta,alpha"}}));
    CHECK(f.kind == FilterKind::tag_list);
    CHECK(f.values == std::vector<std::string>{"alpha", "beta"});
    CHECK(only_filter(parse_ok({{"tags", "in:alpha"}})).values ==
          std::vector<std::string>{"in:alpha"});
    CHECK(parse_ok({{"tags", ""}}).filters.empty());
    CHECK(only_filter(parse_ok({{"tags", "alpha"}, {"tags", "Beta"}})).values ==
          std::vector<std::string>{"beta"});
  }

  TEST_CASE("text-typed tags act only with eq") {
    // checked: GET /v2/workflows?tags=alpha -> next shows tags=eq:alpha; Mistral drops
    // a tags filter whose operator is not eq
    ListSpec s;
    s.collection = "workflows";
    s.fields = {"id", "tags"};
    s.filters = {"tags"};
    Filter f = only_filter(parse_ok({{"tags", "alpha,Beta"}}, s));
    CHECK(f.kind == FilterKind::tag_text);
    CHECK(f.values == std::vector<std::string>{"alpha", "Beta"});
    CHECK(parse_ok({{"tags", "in:alpha"}}, s).filters.empty());
  }

  TEST_CASE("an integer filter reads the whole value as an int") {
    // checked: GET /v2/cron_triggers?remaining_executions=05 -> eq 5;
    // ?remaining_executions=gt:3 is refused
    ListSpec s;
    s.collection = "cron_triggers";
    s.fields = {"id", "remaining_executions"};
    s.filters = {"remaining_executions"};
    s.kinds = {{"remaining_executions", FilterKind::integer}};
    CHECK(only_filter(parse_ok({{"remaining_executions", "05"}}, s)).values ==
          std::vector<std::string>{"5"});
    CHECK(parse_error({{"remaining_executions", "gt:3"}}, s) ==
          "Invalid input for field/attribute remaining_executions. Value: 'gt:3'. unable to "
          "convert to integer. Error: invalid literal for int() with base 10: 'gt:3'");
  }

  TEST_CASE("a boolean filter reads true and false words") {
    // checked: GET /v2/tasks?processed=true -> eq True, ?processed= -> eq False.
    // Mistral reads any other non-empty text (even "false") as True; Bora reads
    // the usual false words as false.
    ListSpec s;
    s.collection = "tasks";
    s.fields = {"id", "processed"};
    s.filters = {"processed"};
    s.kinds = {{"processed", FilterKind::boolean}};
    CHECK(only_filter(parse_ok({{"processed", "true"}}, s)).values ==
          std::vector<std::string>{"true"});
    CHECK(only_filter(parse_ok({{"processed", "eq:true"}}, s)).values ==
          std::vector<std::string>{"true"});
    CHECK(only_filter(parse_ok({{"processed", ""}}, s)).values ==
          std::vector<std::string>{"false"});
    CHECK(only_filter(parse_ok({{"processed", "False"}}, s)).values ==
          std::vector<std::string>{"false"});
    CHECK(only_filter(parse_ok({{"processed", "0"}}, s)).values ==
          std::vector<std::string>{"false"});
  }

  TEST_CASE("nulls adds is-null filters for filter columns") {
    // checked: ?nulls=Root_Execution_Id -> next shows root_execution_id=eq:None;
    // ?nulls=spec (a column but no filter) lists everything
    auto q = parse_ok({{"nulls", "Root_Execution_Id,spec"}});
    CHECK(q.nulls == std::vector<std::string>{"root_execution_id", "spec"});
    Filter f = only_filter(q);
    CHECK(f.field == "root_execution_id");
    CHECK(f.op == FilterOp::is_null);
  }

  TEST_CASE("nulls gives way to a value given for the same filter") {
    // checked: ?nulls=root_execution_id&root_execution_id=<id> -> eq <id>
    const Filter& f =
        only_filter(parse_ok({{"nulls", "root_execution_id"}, {"root_execution_id", kUuid}}));
    CHECK(f.op == FilterOp::eq);
    CHECK(f.values == std::vector<std::string>{kUuid});
  }

  TEST_CASE("nulls refuses unknown and non-nullable columns") {
    // checked: ?nulls=bogus, ?nulls=description,bogus, ?nulls=id
    CHECK(parse_error({{"nulls", "bogus"}}) == "'bogus' is not a valid field name.");
    CHECK(parse_error({{"nulls", "description,bogus"}}) == "'bogus' is not a valid field name.");
    CHECK(parse_error({{"nulls", "id"}}) == "The field 'id' can't hold None value.");
  }

  TEST_CASE("nulls is an unknown argument where the collection does not take it") {
    ListSpec s;
    s.collection = "workflows";
    s.fields = {"id", "name"};
    CHECK(parse_error({{"nulls", "name"}}, s) == "Unknown argument: \"nulls\"");
  }

  TEST_CASE("flags keep their last raw value") {
    // checked: ?include_output=1&include_output=0 is accepted
    auto q = parse_ok({{"include_output", "1"}, {"include_output", "0"}});
    CHECK(q.flags.at("include_output") == "0");
    CHECK(q.filters.empty());
  }

  TEST_CASE("a filter default applies when the argument is absent") {
    // checked: GET /v2/actions?limit=2 -> next shows namespace=eq:
    ListSpec s;
    s.collection = "actions";
    s.fields = {"id", "name", "namespace"};
    s.filters = {"name", "namespace"};
    s.filter_defaults = {{"namespace", ""}};
    Filter f = only_filter(parse_ok({}, s));
    CHECK(f.field == "namespace");
    CHECK(f.values == std::vector<std::string>{""});
    CHECK(only_filter(parse_ok({{"namespace", "ns1"}}, s)).values ==
          std::vector<std::string>{"ns1"});
  }

  TEST_CASE("the first failing check wins in Mistral's order") {
    // checked: ?limit=0&fields=foo&sort_dirs=x -> limit; ?fields=foo&sort_dirs=x -> direction;
    // ?fields=foo&sort_keys=bogus -> fields
    CHECK(parse_error({{"limit", "0"}, {"fields", "foo"}, {"sort_dirs", "x"}}) ==
          "Limit must be positive.");
    CHECK(parse_error({{"fields", "foo"}, {"sort_dirs", "x"}}) ==
          "Unknown sort direction, must be 'desc' or 'asc'.");
    CHECK(parse_error({{"fields", "foo"}, {"sort_keys", "bogus"}}).rfind("Some fields", 0) == 0);
  }

  TEST_CASE("hostile text never crashes the parser") {
    std::string junk;
    for (int c = 0; c < 256; ++c) {
      junk.push_back(static_cast<char>(c));
    }
    for (const char* name : {"limit", "marker", "sort_keys", "sort_dirs", "fields", "state",
                             "workflow_id", "input", "tags", "nulls", "description"}) {
      CAPTURE(name);
      auto q = parse_list_query({{name, junk}, {name, junk + ":" + junk}}, executions_spec());
      if (!q.ok()) {
        CHECK(q.error().code == Errc::invalid_argument);
      }
    }
  }

  TEST_CASE("every Mistral collection has a consistent spec") {
    for (const char* name :
         {"workbooks", "workflows", "actions", "executions", "tasks", "action_executions",
          "cron_triggers", "environments", "event_triggers"}) {
      CAPTURE(name);
      auto spec = mistral_list_spec(name);
      REQUIRE(spec.has_value());
      CHECK(spec->collection == name);
      CHECK(spec->fields.front() == "id");
      // The default query parses, and every attribute can be asked for.
      CHECK(parse_list_query({}, *spec).ok());
      std::string all;
      for (const auto& f : spec->fields) {
        all += (all.empty() ? "" : ",") + f;
      }
      CHECK(parse_list_query({{"fields", all}}, *spec).ok());
      for (const auto& [field, kind] : spec->kinds) {
        CAPTURE(field);
        CHECK(std::find(spec->filters.begin(), spec->filters.end(), field) != spec->filters.end());
      }
    }
    CHECK_FALSE(mistral_list_spec("services").has_value());
  }

  TEST_CASE("the workflow spec returns the interface with the input") {
    // checked: GET /v2/workflows?fields=input -> id, input, interface
    auto spec = mistral_list_spec("workflows");
    REQUIRE(spec.has_value());
    auto q = parse_ok({{"fields", "input"}}, *spec);
    CHECK(q.shown == std::vector<std::string>{"id", "input", "interface"});
  }

  TEST_CASE("the action spec sorts by name, filters the default namespace and takes name markers") {
    // checked: GET /v2/actions?limit=2 -> next has sort_keys=name,id and namespace=eq:
    auto spec = mistral_list_spec("actions");
    REQUIRE(spec.has_value());
    auto q = parse_ok({{"limit", "2"}, {"marker", "std.echo"}}, *spec);
    CHECK(q.sort_keys == std::vector<std::string>{"name"});
    CHECK(q.marker == "std.echo");
    CHECK(next_link("http://h", *spec, q, "std.echo") ==
          "http://h/v2/actions?sort_keys=name,id&sort_dirs=asc,asc&namespace=eq:&limit=2&"
          "marker=std.echo");
    // checked: ?sort_keys=bogus on actions -> Sort key supplied is invalid: bogus
    CHECK(parse_error({{"sort_keys", "bogus"}}, *spec) == "Sort key supplied is invalid: bogus");
  }

  TEST_CASE("the cron trigger spec reads remaining_executions as an integer") {
    // checked: GET /v2/cron_triggers?remaining_executions=abc
    auto spec = mistral_list_spec("cron_triggers");
    REQUIRE(spec.has_value());
    CHECK(parse_error({{"remaining_executions", "abc"}}, *spec) ==
          "Invalid input for field/attribute remaining_executions. Value: 'abc'. unable to "
          "convert to integer. Error: invalid literal for int() with base 10: 'abc'");
    CHECK(next_link("http://h", *spec,
                    parse_ok({{"remaining_executions", "05"}, {"limit", "1"}}, *spec), "x") ==
          "http://h/v2/cron_triggers?sort_keys=created_at,id&sort_dirs=asc,asc&"
          "remaining_executions=5&limit=1&marker=x");
  }

}  // TEST_SUITE
}  // namespace bora::http
