#include "storage/time_format.hpp"

#include <doctest/doctest.h>

namespace bora::storage {

TEST_SUITE("storage.time_format") {
  TEST_CASE("timestamps print as Mistral's UTC text without fractions") {
    CHECK(format_timestamp(0) == "1970-01-01 00:00:00");
    CHECK(format_timestamp(1'795'887'773'999) == "2026-11-28 17:42:53");
    CHECK(format_timestamp(951'782'400'000) == "2000-02-29 00:00:00");
    CHECK(format_timestamp(-1) == "1969-12-31 23:59:59");
  }

  TEST_CASE("timestamps parse with or without seconds and round-trip") {
    CHECK(*parse_timestamp("2026-11-28 17:42:53") == 1'795'887'773'000);
    CHECK(*parse_timestamp("2026-11-28 17:42") == 1'795'887'720'000);
    for (int64_t ms : {0LL, 951'782'400'000LL, 4'102'444'799'000LL}) {
      CHECK(*parse_timestamp(format_timestamp(ms)) == ms);
    }
  }

  TEST_CASE("malformed or impossible times are rejected with the expected format") {
    for (const char* text : {"", "2026-11-28", "2026-11-28T17:42:53", "2026-13-01 00:00",
                             "2026-02-29 00:00", "2026-11-28 24:00", "2026-11-28 17:60",
                             "2026-11-28 17:42:61", "2026-1-28 17:42:00", "abcd-11-28 17:42"}) {
      auto parsed = parse_timestamp(text);
      CHECK_FALSE(parsed.ok());
      if (!parsed.ok()) {
        CHECK(parsed.error().code == Errc::invalid_argument);
        CHECK(parsed.error().message.find("YYYY-MM-DD HH:MM:SS") != std::string::npos);
      }
    }
  }

}  // TEST_SUITE

}  // namespace bora::storage
