// MatchRoute: literal segments win over parameters, 404 vs 405 (+ Allow), HEAD as GET,
// percent-decoded parameters, trailing slashes.
#include "core/api/router.hpp"

#include <gtest/gtest.h>

#include "core/api/api.hpp"

namespace vigil::api {
namespace {

TEST(Router, LiteralSegmentsWinOverParameters) {
  auto m = MatchRoute(Routes(), "GET", "/webhooks/allowed-events");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(m.route->pattern, "/webhooks/allowed-events");
  m = MatchRoute(Routes(), "GET", "/webhooks/deliveries/abc");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(m.route->pattern, "/webhooks/deliveries/:deliveryId");
  EXPECT_EQ(m.params, std::vector<std::string>{"abc"});
  m = MatchRoute(Routes(), "GET", "/webhooks/w1/deliveries");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(m.route->pattern, "/webhooks/:id/deliveries");
  EXPECT_EQ(m.params, std::vector<std::string>{"w1"});
  m = MatchRoute(Routes(), "GET", "/webhooks/stats/retry-queue");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(m.route->pattern, "/webhooks/stats/retry-queue");
}

TEST(Router, MethodNotAllowedListsTheMethodsOfThePath) {
  auto m = MatchRoute(Routes(), "PATCH", "/webhooks/w1");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_EQ(m.allow, "GET, PUT, DELETE, HEAD");
  m = MatchRoute(Routes(), "PUT", "/webhooks/allowed-events");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_EQ(m.allow, "GET, HEAD");
  m = MatchRoute(Routes(), "GET", "/webhooks/w1/test");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_EQ(m.allow, "POST");
}

TEST(Router, UnknownPathsAreNotFound) {
  EXPECT_EQ(MatchRoute(Routes(), "GET", "/nope").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(MatchRoute(Routes(), "GET", "/webhooks/a/b/c/d").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(MatchRoute(Routes(), "GET", "/").kind, RouteMatch::Kind::kNotFound);
}

TEST(Router, HeadIsGetAndParametersArePercentDecoded) {
  auto m = MatchRoute(Routes(), "HEAD", "/instances/127.0.0.1%3A6379");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(m.route->method, "GET");
  EXPECT_EQ(m.params, std::vector<std::string>{"127.0.0.1:6379"});
}

TEST(Router, TrailingSlashIsIgnored) {
  auto m = MatchRoute(Routes(), "GET", "/webhooks/");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(m.route->pattern, "/webhooks");
}

TEST(Router, EveryRouteHasAHandlerAndIsReachable) {
  for (const auto& r : Routes()) {
    ASSERT_NE(r.handler, nullptr) << r.pattern;
    std::string path(r.pattern);
    for (std::size_t p = path.find(':'); p != std::string::npos; p = path.find(':')) {
      std::size_t end = path.find('/', p);
      path.replace(p, (end == std::string::npos ? path.size() : end) - p, "x1");
    }
    auto m = MatchRoute(Routes(), r.method, path);
    ASSERT_EQ(m.kind, RouteMatch::Kind::kFound) << r.method << " " << path;
    EXPECT_EQ(m.route, &r) << r.method << " " << path;
  }
}

}  // namespace
}  // namespace vigil::api
