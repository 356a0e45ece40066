// The payload envelope: field order and types that receivers rely on.
#include "core/event/payload.hpp"

#include <gtest/gtest.h>

namespace vigil::event {
namespace {

TEST(Payload, Envelope) {
  Event e;
  e.id = "550e8400-e29b-41d4-a716-446655440000";
  e.type = Type::kMemoryCritical;
  e.timestamp_ms = 1706457600000;
  e.instance = {"cache-1", "valkey.example.com", 6379};
  e.data_json = R"({"metric":"memory_used_percent","value":92.5})";
  EXPECT_EQ(
      RenderPayload(e),
      R"({"id":"550e8400-e29b-41d4-a716-446655440000","event":"memory.critical",)"
      R"("timestamp":1706457600000,"status":"firing","instance":{"name":"cache-1","host":"valkey.example.com",)"
      R"("port":6379},"data":{"metric":"memory_used_percent","value":92.5}})");
}

TEST(Catalog, NamesRoundTrip) {
  for (const auto& i : kCatalog) {
    ASSERT_TRUE(FromName(i.name).has_value());
    EXPECT_EQ(*FromName(i.name), i.type);
    EXPECT_EQ(Name(i.type), i.name);
  }
  EXPECT_FALSE(FromName("memory.crit").has_value());
}

}  // namespace
}  // namespace vigil::event
