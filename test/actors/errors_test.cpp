#include "actors/errors.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <caf/atom.hpp>
#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/sec.hpp>

#include "actors/type_ids.hpp"
#include "fixture.hpp"

namespace bora::actors {

namespace {

using test::TestingSystem;

Error sample_error() {
  return Error(Errc::invalid_definition, "task t2 is unreachable",
               {Diagnostic{3, 5, "workflows.wf1.tasks.t2", "unknown task 'x'"},
                Diagnostic{7, 1, "", "second problem"}});
}

void check_same(const Error& a, const Error& b) {
  CHECK(a.code == b.code);
  CHECK(a.message == b.message);
  REQUIRE(a.diagnostics.size() == b.diagnostics.size());
  for (size_t i = 0; i < a.diagnostics.size(); ++i) {
    CHECK(a.diagnostics[i].line == b.diagnostics[i].line);
    CHECK(a.diagnostics[i].column == b.diagnostics[i].column);
    CHECK(a.diagnostics[i].path == b.diagnostics[i].path);
    CHECK(a.diagnostics[i].message == b.diagnostics[i].message);
  }
}

// An actor whose one handler fails with the Bora error it is given.
caf::behavior failing(caf::event_based_actor*) {
  return {
      [](caf::get_atom, int32_t code) -> caf::result<int32_t> {
        if (code == 0) {
          return 42;
        }
        Error err = sample_error();
        err.code = static_cast<Errc>(code);
        return to_caf_error(err);
      },
  };
}

// An actor whose handler throws, as a library might.
caf::behavior throwing(caf::event_based_actor* self) {
  install_exception_backstop(self);
  return {
      [](caf::get_atom) -> int32_t { throw std::runtime_error("disk on fire"); },
  };
}

}  // namespace

TEST_SUITE("actors.errors") {
  TEST_CASE("a bora error survives the round trip through caf::error") {
    Error original = sample_error();
    caf::error err = to_caf_error(original);
    CHECK(err.category() == caf::atom("bora"));
    CHECK(err.code() == static_cast<uint8_t>(Errc::invalid_definition));
    check_same(from_caf_error(err), original);
  }

  TEST_CASE("every error code keeps its value across the boundary") {
    for (uint8_t c = 1; c <= static_cast<uint8_t>(Errc::internal); ++c) {
      Error original(static_cast<Errc>(c), "m");
      CHECK(from_caf_error(to_caf_error(original)).code == original.code);
    }
  }

  TEST_CASE("caf timeouts and lost receivers become unavailable") {
    CHECK(from_caf_error(caf::make_error(caf::sec::request_timeout)).code == Errc::unavailable);
    CHECK(from_caf_error(caf::make_error(caf::sec::request_receiver_down)).code ==
          Errc::unavailable);
    CHECK(from_caf_error(caf::make_error(caf::sec::cannot_connect_to_node)).code ==
          Errc::unavailable);
  }

  TEST_CASE("other caf errors and malformed bora errors become internal") {
    Error unexpected = from_caf_error(caf::make_error(caf::sec::unexpected_message));
    CHECK(unexpected.code == Errc::internal);
    CHECK(unexpected.message.find("unexpected_message") != std::string::npos);
    CHECK(from_caf_error(caf::error{}).code == Errc::internal);
    CHECK(from_caf_error(caf::error(200, caf::atom("bora"))).code == Errc::internal);
    CHECK(from_caf_error(caf::error(1, caf::atom("bora"), caf::make_message(int32_t{7}))).code ==
          Errc::internal);
    CHECK(from_caf_error(caf::error(3, caf::atom("other"))).code == Errc::internal);
  }

  TEST_CASE("a bora error with only a message keeps code and message") {
    Error e = from_caf_error(caf::error(static_cast<uint8_t>(Errc::not_found), caf::atom("bora"),
                                        caf::make_message(std::string("no such key"))));
    CHECK(e.code == Errc::not_found);
    CHECK(e.message == "no such key");
    CHECK(e.diagnostics.empty());
  }

  TEST_CASE("a bora error survives serialization between nodes") {
    TestingSystem t;
    Error original = sample_error();
    caf::error err = to_caf_error(original);
    std::vector<char> buf;
    caf::binary_serializer sink{t.sys, buf};
    REQUIRE_FALSE(sink(err));
    caf::error restored;
    caf::binary_deserializer source{t.sys, buf};
    REQUIRE_FALSE(source(restored));
    check_same(from_caf_error(restored), original);
  }

  TEST_CASE("the actor system renders bora errors with their diagnostics") {
    TestingSystem t;
    std::string text = t.sys.render(to_caf_error(sample_error()));
    CHECK(text.find("invalid_definition: task t2 is unreachable") != std::string::npos);
    CHECK(text.find("3:5: workflows.wf1.tasks.t2: unknown task 'x'") != std::string::npos);
  }

  TEST_CASE("a handler's bora error reaches the requester intact") {
    TestingSystem t;
    auto actor = t.sys.spawn(failing);
    t.run();
    auto fails = t.self->request(actor, caf::infinite, caf::get_atom_v,
                                 static_cast<int32_t>(Errc::limit_exceeded));
    auto works = t.self->request(actor, caf::infinite, caf::get_atom_v, int32_t{0});
    t.run();
    auto failed = test::take<int32_t>(fails);
    REQUIRE(failed.error);
    Error expected = sample_error();
    expected.code = Errc::limit_exceeded;
    check_same(*failed.error, expected);
    auto worked = test::take<int32_t>(works);
    REQUIRE(worked.value);
    CHECK(*worked.value == 42);
  }

  TEST_CASE("an exception ends the actor with an internal bora error") {
    TestingSystem t;
    auto actor = t.sys.spawn(throwing);
    t.self->monitor(actor);
    t.run();
    t.self->send(actor, caf::get_atom_v);
    t.run();
    std::optional<Error> reason;
    t.self->receive([&](caf::down_msg& down) { reason = from_caf_error(down.reason); });
    REQUIRE(reason);
    CHECK(reason->code == Errc::internal);
    CHECK(reason->message == "exception in actor: disk on fire");
  }
}

}  // namespace bora::actors
