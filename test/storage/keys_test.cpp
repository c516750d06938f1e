#include "storage/keys.hpp"

#include <algorithm>
#include <vector>

#include <doctest/doctest.h>

#include "storage/ids.hpp"

namespace bora::storage {

TEST_SUITE("storage.keys") {
  TEST_CASE("definition keys round-trip names holding separators and escapes") {
    for (const char* name : {"wf", "my/wf", "50%/done", "%2F", "a//b", "tr\xc3\xa8s"}) {
      for (const char* ns : {"", "team/a", "%"}) {
        std::string key = definition_key(DefinitionKind::action, ns, name);
        auto parsed = parse_definition_key(key);
        REQUIRE(parsed.ok());
        CHECK(parsed->kind == DefinitionKind::action);
        CHECK(parsed->ns == ns);
        CHECK(parsed->name == name);
      }
    }
  }

  TEST_CASE("a definition key has the documented text form") {
    CHECK(definition_key(DefinitionKind::workflow, "", "my/wf") == "workflow//my%2Fwf");
    CHECK(definition_key(DefinitionKind::workbook, "ns", "wb") == "workbook/ns/wb");
  }

  TEST_CASE("a name with a slash cannot reach into another namespace") {
    std::string nested = definition_key(DefinitionKind::workflow, "a", "b/c");
    std::string other = definition_key(DefinitionKind::workflow, "a/b", "c");
    CHECK(nested != other);
    std::string prefix = definition_prefix(DefinitionKind::workflow, "a");
    CHECK(nested.compare(0, prefix.size(), prefix) == 0);
    CHECK(other.compare(0, prefix.size(), prefix) != 0);
  }

  TEST_CASE("definition key parsing rejects malformed keys") {
    for (const char* key : {"", "workflow", "workflow/ns", "workflow/ns/", "flow/ns/x",
                            "workflow/ns/a/b", "workflow/n%zz/x", "workflow/ns/x%2"}) {
      auto parsed = parse_definition_key(key);
      CHECK_FALSE(parsed.ok());
      if (!parsed.ok()) {
        CHECK(parsed.error().code == Errc::invalid_argument);
      }
    }
  }

  TEST_CASE("text index keys round-trip and keep the primary key whole") {
    std::string key = index_key(Index::definition_id, "x/y", "workflow/ns/wf");
    CHECK(key == "definition_id/x%2Fy/workflow/ns/wf");
    auto parsed = parse_index_key(key);
    REQUIRE(parsed.ok());
    CHECK(parsed->index == Index::definition_id);
    CHECK(parsed->value == "x/y");
    CHECK(parsed->key == "workflow/ns/wf");
    CHECK(key.compare(0, index_prefix(Index::definition_id, "x/y").size(),
                      index_prefix(Index::definition_id, "x/y")) == 0);
  }

  TEST_CASE("numeric index keys round-trip and sort by number") {
    std::string id = new_uuid7();
    auto parsed = parse_index_key(index_key(Index::exec_created, 1'700'000'000'123ULL, id));
    REQUIRE(parsed.ok());
    CHECK(parsed->index == Index::exec_created);
    CHECK(parsed->number == 1'700'000'000'123ULL);
    CHECK(parsed->key == id);
    // 0x2f is '/', the separator: fixed width keeps it from confusing the parser.
    auto slashy = parse_index_key(index_key(Index::exec_created, 0x2f2f2f2f2f2f2f2fULL, "k"));
    REQUIRE(slashy.ok());
    CHECK(slashy->number == 0x2f2f2f2f2f2f2f2fULL);
    CHECK(index_key(Index::exec_created, 255, "z") < index_key(Index::exec_created, 256, "a"));
  }

  TEST_CASE("index key parsing rejects malformed keys") {
    for (std::string key : {std::string(""), std::string("nope/a/b"), std::string("exec_state/a"),
                            std::string("exec_state/a/"), std::string("exec_created/\x01/x"),
                            std::string("exec_state/%q1/x")}) {
      CHECK_FALSE(parse_index_key(key).ok());
    }
  }

  TEST_CASE("timer keys round-trip and sort by due time before id") {
    std::string late_small_id = timer_key(2000, "00000000-0000-7000-8000-000000000000");
    std::string early_big_id = timer_key(1999, "ffffffff-ffff-7fff-bfff-ffffffffffff");
    CHECK(early_big_id < late_small_id);
    CHECK(timer_bound(2000) <= late_small_id);
    CHECK(early_big_id < timer_bound(2000));
    auto parsed = parse_timer_key(late_small_id);
    REQUIRE(parsed.ok());
    CHECK(parsed->due_ms == 2000);
    CHECK(parsed->id == "00000000-0000-7000-8000-000000000000");
    CHECK_FALSE(parse_timer_key("short").ok());
  }

  TEST_CASE("timer keys of many due times sort in due-time order") {
    std::vector<uint64_t> times = {0, 1, 255, 256, 65535, 65536, 1ULL << 40, ~0ULL};
    std::vector<std::string> keys;
    for (uint64_t t : times) {
      keys.push_back(timer_key(t, new_uuid7()));
    }
    CHECK(std::is_sorted(keys.begin(), keys.end()));
  }

  TEST_CASE("every family has a distinct name") {
    std::vector<std::string> names;
    for (size_t i = 0; i < family_count; ++i) {
      names.emplace_back(family_name(static_cast<Family>(i)));
    }
    std::sort(names.begin(), names.end());
    CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());
    CHECK(std::string(family_name(Family::meta)) == "meta");
  }

  TEST_CASE("unescaping rejects raw separators and broken escapes") {
    CHECK_FALSE(unescape_component("a/b").ok());
    CHECK_FALSE(unescape_component("%").ok());
    CHECK_FALSE(unescape_component("%4").ok());
    CHECK(*unescape_component("%2f%2F%25") == "//%");
  }

}  // TEST_SUITE

}  // namespace bora::storage
