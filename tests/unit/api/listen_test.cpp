// CheckListenAllowed: loopback is always fine; any other address needs api.token or
// VIGIL_API_TOKEN, and the refusal names api.token.
#include <gtest/gtest.h>

#include <cstdlib>

#include "core/api/api.hpp"

namespace vigil::api {
namespace {

TEST(Listen, NonLoopbackNeedsAToken) {
  unsetenv("VIGIL_API_TOKEN");
  config::Config cfg;
  for (const char* ok : {"127.0.0.1:8080", "127.1.2.3:80", "[::1]:8080", "localhost:1"}) {
    cfg.listen = ok;
    EXPECT_TRUE(CheckListenAllowed(cfg).ok()) << ok;
  }
  cfg.listen = "0.0.0.0:8080";
  Status s = CheckListenAllowed(cfg);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("api.token"), std::string::npos) << s.message();
  cfg.api.token = "t";
  EXPECT_TRUE(CheckListenAllowed(cfg).ok());
  EXPECT_EQ(ResolveApiToken(cfg), "t");
  cfg.api.token.reset();
  setenv("VIGIL_API_TOKEN", "from-env", 1);
  EXPECT_TRUE(CheckListenAllowed(cfg).ok());
  EXPECT_EQ(ResolveApiToken(cfg), "from-env");
  unsetenv("VIGIL_API_TOKEN");
  EXPECT_EQ(ResolveApiToken(cfg), "");
}

}  // namespace
}  // namespace vigil::api
