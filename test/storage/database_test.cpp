#include "storage/database.hpp"

#include <filesystem>
#include <fstream>

#include <doctest/doctest.h>

#include "../support/temp_dir.hpp"

namespace bora::storage {

namespace {

using bora::test::TempDir;

std::unique_ptr<Database> open_ok(const std::string& dir, DatabaseOptions opts = {}) {
  auto db = Database::open(dir, opts);
  REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.error().message));
  return std::move(*db);
}

void put_one(Database& db, Family family, const std::string& key, const std::string& value) {
  Batch batch;
  batch.put(family, key, value);
  REQUIRE(db.write(std::move(batch)).ok());
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
}

}  // namespace

TEST_SUITE("storage.database") {
  TEST_CASE("a new database is created with every family and the schema version") {
    TempDir tmp;
    auto db = open_ok(tmp.sub("db"));
    CHECK(*db->get(Family::meta, schema_version_key) == std::to_string(schema_version));
    for (size_t i = 0; i < family_count; ++i) {
      auto missing = db->get(static_cast<Family>(i), "absent");
      REQUIRE_FALSE(missing.ok());
      CHECK(missing.error().code == Errc::not_found);
    }
  }

  TEST_CASE("written values persist across reopen") {
    TempDir tmp;
    {
      auto db = open_ok(tmp.path());
      put_one(*db, Family::executions, "k1", "v1");
      put_one(*db, Family::indexes, "k1", "other family");
    }
    auto db = open_ok(tmp.path());
    CHECK(*db->get(Family::executions, "k1") == "v1");
    CHECK(*db->get(Family::indexes, "k1") == "other family");
  }

  TEST_CASE("what was written with sync on is readable after reopen") {
    TempDir tmp;
    DatabaseOptions opts;
    opts.sync = true;
    {
      auto db = open_ok(tmp.path(), opts);
      for (int i = 0; i < 20; ++i) {
        put_one(*db, Family::timers, "t" + std::to_string(i), std::to_string(i));
      }
    }
    auto db = open_ok(tmp.path(), opts);
    for (int i = 0; i < 20; ++i) {
      CHECK(*db->get(Family::timers, "t" + std::to_string(i)) == std::to_string(i));
    }
  }

  TEST_CASE("a database with a newer schema version refuses to open") {
    TempDir tmp;
    {
      auto db = open_ok(tmp.path());
      put_one(*db, Family::meta, std::string(schema_version_key),
              std::to_string(schema_version + 1));
    }
    auto db = Database::open(tmp.path(), {});
    REQUIRE_FALSE(db.ok());
    CHECK(db.error().code == Errc::invalid_state);
    CHECK(db.error().message.find("newer") != std::string::npos);
  }

  TEST_CASE("a malformed schema version refuses to open") {
    TempDir tmp;
    {
      auto db = open_ok(tmp.path());
      put_one(*db, Family::meta, std::string(schema_version_key), "one");
    }
    auto db = Database::open(tmp.path(), {});
    REQUIRE_FALSE(db.ok());
    CHECK(db.error().code == Errc::io_error);
  }

  TEST_CASE("a corrupted CURRENT file gives a clear error instead of an empty database") {
    TempDir tmp;
    {
      auto db = open_ok(tmp.path());
      put_one(*db, Family::executions, "k", "v");
    }
    write_file(tmp.sub("CURRENT"), "garbage-that-names-no-manifest\n");
    auto db = Database::open(tmp.path(), {});
    REQUIRE_FALSE(db.ok());
    CHECK(db.error().code == Errc::io_error);
    CHECK(db.error().message.find(tmp.path()) != std::string::npos);
  }

  TEST_CASE("a directory holding other files is not taken for an empty database") {
    TempDir tmp;
    write_file(tmp.sub("notes.txt"), "not a database");
    auto db = Database::open(tmp.path(), {});
    REQUIRE_FALSE(db.ok());
    CHECK(db.error().code == Errc::io_error);
    CHECK(db.error().message.find("not empty") != std::string::npos);
  }

  TEST_CASE("a missing directory is an error when creation is off") {
    TempDir tmp;
    DatabaseOptions opts;
    opts.create_if_missing = false;
    auto db = Database::open(tmp.sub("absent"), opts);
    REQUIRE_FALSE(db.ok());
    CHECK(db.error().code == Errc::not_found);
  }

  TEST_CASE("a second open of the same directory fails while the first is open") {
    TempDir tmp;
    auto first = open_ok(tmp.path());
    auto second = Database::open(tmp.path(), {});
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().code == Errc::io_error);
  }

  TEST_CASE("a batch spanning families is applied whole, in order") {
    TempDir tmp;
    auto db = open_ok(tmp.path());
    put_one(*db, Family::tasks, "old", "x");
    Batch batch;
    batch.put(Family::executions, "e", "1");
    batch.put(Family::indexes, "i", "");
    batch.remove(Family::tasks, "old");
    batch.put(Family::tasks, "t", "first");
    batch.put(Family::tasks, "t", "second");
    REQUIRE(db->write(std::move(batch)).ok());
    CHECK(*db->get(Family::executions, "e") == "1");
    CHECK(db->get(Family::indexes, "i").ok());
    CHECK_FALSE(db->get(Family::tasks, "old").ok());
    CHECK(*db->get(Family::tasks, "t") == "second");
  }

  TEST_CASE("appended batches keep every operation in order") {
    Batch a;
    a.put(Family::tasks, "k", "a");
    Batch b;
    b.put(Family::tasks, "k", "b");
    b.remove(Family::tasks, "z");
    a.append(std::move(b));
    CHECK(a.ops().size() == 3);
    CHECK(a.ops()[1].value == "b");
    CHECK(b.empty());
    CHECK(a.byte_size() == 5);
    Batch empty;
    empty.append(std::move(a));
    CHECK(empty.ops().size() == 3);
  }

  TEST_CASE("scans stay inside the prefix, honour the limit and skip an exclusive start") {
    TempDir tmp;
    auto db = open_ok(tmp.path());
    Batch batch;
    for (const char* k : {"a/1", "a/2", "a/3", "a/4", "b/1"}) {
      batch.put(Family::definitions, k, k);
    }
    REQUIRE(db->write(std::move(batch)).ok());
    std::vector<std::string> seen;
    auto collect = [&seen](std::string_view key, std::string_view value) {
      CHECK(key == value);
      seen.emplace_back(key);
      return true;
    };
    ScanRange range;
    range.prefix = "a/";
    REQUIRE(db->scan(Family::definitions, range, collect).ok());
    CHECK(seen == std::vector<std::string>{"a/1", "a/2", "a/3", "a/4"});
    seen.clear();
    range.start = "a/2";
    range.exclusive = true;
    range.limit = 1;
    REQUIRE(db->scan(Family::definitions, range, collect).ok());
    CHECK(seen == std::vector<std::string>{"a/3"});
    seen.clear();
    range.limit = 10;
    REQUIRE(db->scan(Family::definitions, range, [&seen](std::string_view k, std::string_view) {
                seen.emplace_back(k);
                return false;
              }).ok());
    CHECK(seen.size() == 1);
  }

  TEST_CASE("reverse scans start at the end of the prefix or at the start key") {
    TempDir tmp;
    auto db = open_ok(tmp.path());
    Batch batch;
    for (const char* k : {"a/1", "a/2", "a/3", "b", "a0"}) {
      batch.put(Family::definitions, k, k);
    }
    batch.put(Family::definitions, std::string("a/\xff\xff"), "ff");
    REQUIRE(db->write(std::move(batch)).ok());
    std::vector<std::string> seen;
    auto collect = [&seen](std::string_view key, std::string_view) {
      seen.emplace_back(key);
      return true;
    };
    ScanRange range;
    range.prefix = "a/";
    range.reverse = true;
    REQUIRE(db->scan(Family::definitions, range, collect).ok());
    CHECK(seen == std::vector<std::string>{"a/\xff\xff", "a/3", "a/2", "a/1"});
    seen.clear();
    range.start = "a/3";
    range.exclusive = true;
    range.limit = 1;
    REQUIRE(db->scan(Family::definitions, range, collect).ok());
    CHECK(seen == std::vector<std::string>{"a/2"});
    seen.clear();
    range.prefix = "";
    range.start = "";
    range.limit = 2;
    REQUIRE(db->scan(Family::definitions, range, collect).ok());
    CHECK(seen == std::vector<std::string>{"b", "a0"});
  }

  TEST_CASE("an empty batch writes nothing and succeeds") {
    TempDir tmp;
    auto db = open_ok(tmp.path());
    CHECK(db->write(Batch{}).ok());
  }

}  // TEST_SUITE

}  // namespace bora::storage
