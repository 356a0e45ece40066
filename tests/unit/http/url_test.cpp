// Tests of Url::Parse: schemes, default ports, IPv6 literals, targets and rejected input.
#include "core/http/url.hpp"

#include <gtest/gtest.h>

namespace vigil::http {
namespace {

TEST(UrlTest, HttpDefaults) {
  auto u = Url::Parse("http://Example.COM");
  ASSERT_TRUE(u.ok()) << u.status().message();
  EXPECT_EQ(u->scheme, Scheme::kHttp);
  EXPECT_EQ(u->host, "example.com");
  EXPECT_EQ(u->port, 80);
  EXPECT_EQ(u->target, "/");
  EXPECT_FALSE(u->ip_literal());
  EXPECT_EQ(u->authority(), "example.com");
}

TEST(UrlTest, HttpsPortPathQuery) {
  auto u = Url::Parse("HTTPS://hooks.example.com:8443/a/b?x=1&y=2#frag");
  ASSERT_TRUE(u.ok()) << u.status().message();
  EXPECT_TRUE(u->tls());
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->target, "/a/b?x=1&y=2");
  EXPECT_EQ(u->authority(), "hooks.example.com:8443");
  EXPECT_EQ(u->ToString(), "https://hooks.example.com:8443/a/b?x=1&y=2");
}

TEST(UrlTest, DefaultHttpsPortAndQueryOnly) {
  auto u = Url::Parse("https://h?q=1");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->target, "/?q=1");
  EXPECT_EQ(u->authority(), "h");
}

TEST(UrlTest, Ipv4AndIpv6Literals) {
  auto v4 = Url::Parse("http://127.0.0.1:9000/x");
  ASSERT_TRUE(v4.ok());
  EXPECT_TRUE(v4->ip_literal());
  EXPECT_EQ(v4->host, "127.0.0.1");
  auto v6 = Url::Parse("http://[::1]:8080/hook");
  ASSERT_TRUE(v6.ok()) << v6.status().message();
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 8080);
  EXPECT_TRUE(v6->ip_literal());
  EXPECT_EQ(v6->authority(), "[::1]:8080");
  auto v6d = Url::Parse("https://[2001:db8::1]");
  ASSERT_TRUE(v6d.ok());
  EXPECT_EQ(v6d->port, 443);
  EXPECT_EQ(v6d->authority(), "[2001:db8::1]");
}

TEST(UrlTest, Rejects) {
  for (const char* bad :
       {"", "ftp://x", "http://", "http:///path", "http://host:", "http://host:0",
        "http://host:65536", "http://host:12a", "http://user:pw@host/", "http://[::1",
        "http://[::1]x", "http://[zz]/", "http://ho st/", "http://host/pa th", "http://h\r\n/",
        "//host/", "http:/host", "http://host:99999999999"}) {
    auto u = Url::Parse(bad);
    EXPECT_FALSE(u.ok()) << bad;
    if (!u.ok()) {
      EXPECT_EQ(u.status().code(), Status::Code::kInvalid) << bad;
    }
  }
}

}  // namespace
}  // namespace vigil::http
