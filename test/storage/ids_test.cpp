#include "storage/ids.hpp"

#include <algorithm>
#include <set>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "storage/time_format.hpp"

namespace bora::storage {

TEST_SUITE("storage.ids") {
  TEST_CASE("a new id is a canonical version 7 UUID") {
    std::string id = new_uuid7();
    CHECK(is_uuid(id));
    CHECK(id[14] == '7');
    CHECK(std::string("89ab").find(id[19]) != std::string::npos);
  }

  TEST_CASE("ids of one thread increase strictly, also within a millisecond") {
    std::vector<std::string> ids;
    for (int i = 0; i < 20000; ++i) {
      ids.push_back(new_uuid7());
    }
    CHECK(std::adjacent_find(ids.begin(), ids.end(),
                             [](const std::string& a, const std::string& b) { return !(a < b); }) ==
          ids.end());
  }

  TEST_CASE("ids made by several threads are unique and each thread sees them increase") {
    constexpr int threads = 4;
    constexpr int per_thread = 5000;
    std::vector<std::vector<std::string>> made(threads);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&made, t] {
        for (int i = 0; i < per_thread; ++i) {
          made[t].push_back(new_uuid7());
        }
      });
    }
    for (std::thread& w : workers) {
      w.join();
    }
    std::set<std::string> all;
    for (const auto& list : made) {
      CHECK(std::is_sorted(list.begin(), list.end()));
      all.insert(list.begin(), list.end());
    }
    CHECK(all.size() == threads * per_thread);
  }

  TEST_CASE("the timestamp of a new id is the current millisecond") {
    int64_t before = now_ms();
    auto millis = uuid7_millis(new_uuid7());
    int64_t after = now_ms();
    REQUIRE(millis.has_value());
    CHECK(static_cast<int64_t>(*millis) >= before);
    // Up to a few ms ahead when the sequence borrowed from the next millisecond.
    CHECK(static_cast<int64_t>(*millis) <= after + 5);
  }

  TEST_CASE("ids of later times sort after ids of earlier times") {
    std::string earlier = make_uuid7(1'000);
    std::string later = make_uuid7(1'001);
    CHECK(earlier < later);
    CHECK(*uuid7_millis(later) == 1'001);
    CHECK(*uuid7_millis(make_uuid7(0xffffffffffffULL)) == 0xffffffffffffULL);
  }

  TEST_CASE("uuid validity checks the canonical shape") {
    CHECK(is_uuid("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b"));
    CHECK(is_uuid("3fb60a49-1d4c-4b6e-9b7a-2e0c1d2e3f40"));
    CHECK_FALSE(is_uuid("0190A1B2-C3D4-7E5F-8A6B-7C8D9E0F1A2B"));
    CHECK_FALSE(is_uuid("0190a1b2c3d47e5f8a6b7c8d9e0f1a2b"));
    CHECK_FALSE(is_uuid("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2"));
    CHECK_FALSE(is_uuid("0190a1b2-c3d4-7e5f-8a6b_7c8d9e0f1a2b"));
    CHECK_FALSE(is_uuid("g190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b"));
    CHECK_FALSE(is_uuid(""));
  }

  TEST_CASE("canonical_uuid lower-cases a valid id and refuses others") {
    CHECK(canonical_uuid("0190A1B2-C3D4-7E5F-8A6B-7C8D9E0F1A2B") ==
          std::optional<std::string>("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b"));
    CHECK_FALSE(canonical_uuid("nope").has_value());
  }

  TEST_CASE("timestamp extraction refuses ids of other versions") {
    CHECK_FALSE(uuid7_millis("3fb60a49-1d4c-4b6e-9b7a-2e0c1d2e3f40").has_value());
    CHECK_FALSE(uuid7_millis("not-a-uuid").has_value());
  }

}  // TEST_SUITE

}  // namespace bora::storage
