// RequestParser and response serialization in memory: requests split at every byte, query
// decoding, limits and their statuses, framing headers owned by the server.
#include "core/http/server_parser.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/http/server_response.hpp"

namespace vigil::http {
namespace {

// Feeds one byte at a time, each from a fresh heap buffer (sanitizers catch kept views).
RequestParser::State FeedBytewise(RequestParser& p, const std::string& s, std::size_t* used) {
  *used = 0;
  RequestParser::State st = RequestParser::State::kNeedMore;
  for (std::size_t i = 0; i < s.size() && st == RequestParser::State::kNeedMore; ++i) {
    auto byte = std::make_unique<char[]>(1);
    byte[0] = s[i];
    std::size_t n = 0;
    st = p.Feed(byte.get(), 1, &n);
    *used += n;
  }
  return st;
}

TEST(RequestParser, ParsesARequestSplitAtEveryByte) {
  RequestParser p;
  std::string wire =
      "POST /v1/a%2Fb?x=1%202&y=a+b&flag&&z=%zz HTTP/1.1\r\nHost: h\r\nX-Id: 7\r\n"
      "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET /next HTTP/1.1\r\n\r\n";
  std::size_t used = 0;
  ASSERT_EQ(FeedBytewise(p, wire, &used), RequestParser::State::kComplete);
  EXPECT_EQ(wire.substr(used), "GET /next HTTP/1.1\r\n\r\n");
  ServerRequest r = p.Take();
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/v1/a%2Fb");
  EXPECT_EQ(r.body, "abc");
  EXPECT_EQ(*r.header("x-id"), "7");
  ASSERT_EQ(r.query.size(), 4u);
  EXPECT_EQ(*r.query_param("x"), "1 2");
  EXPECT_EQ(*r.query_param("y"), "a b");
  EXPECT_EQ(*r.query_param("flag"), "");
  EXPECT_EQ(*r.query_param("z"), "%zz");
  EXPECT_TRUE(r.keep_alive);
  std::string rest = wire.substr(used);
  ASSERT_EQ(p.Feed(rest.data(), rest.size(), &used), RequestParser::State::kComplete);
  EXPECT_EQ(p.Take().path, "/next");
}

TEST(RequestParser, LimitsGiveTheirStatus) {
  RequestLimits small{64, 2, 4};
  std::size_t used = 0;
  {
    RequestParser p(small);
    std::string w = "GET /" + std::string(100, 'a') + " HTTP/1.1\r\n\r\n";
    EXPECT_EQ(p.Feed(w.data(), w.size(), &used), RequestParser::State::kError);
    EXPECT_EQ(p.error_status(), 414);
  }
  {
    RequestParser p(small);
    std::string w = "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n";
    EXPECT_EQ(p.Feed(w.data(), w.size(), &used), RequestParser::State::kError);
    EXPECT_EQ(p.error_status(), 431);
  }
  {
    RequestParser p(small);
    std::string w = "POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello";
    EXPECT_EQ(p.Feed(w.data(), w.size(), &used), RequestParser::State::kError);
    EXPECT_EQ(p.error_status(), 413);
    EXPECT_EQ(p.error_message(), "request body over 4 bytes");
  }
  {
    RequestParser p(small);
    std::string w = "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n";
    EXPECT_EQ(p.Feed(w.data(), w.size(), &used), RequestParser::State::kError);
    EXPECT_EQ(p.error_status(), 400);
  }
}

TEST(ResponseSerialization, ServerOwnsFramingAndDropsInjectedLines) {
  std::string out;
  ResponseFraming f;
  f.keep_alive = false;
  SerializeResponse(201, {{"X-A", "1"}, {"Content-Length", "999"}, {"X-Bad", "a\r\nInjected: 1"}},
                    "application/json", "{}", f, &out);
  EXPECT_EQ(out.rfind("HTTP/1.1 201 Created\r\nDate: ", 0), 0u) << out;
  EXPECT_NE(out.find("Connection: close\r\n"), std::string::npos);
  EXPECT_NE(out.find("Content-Length: 2\r\n"), std::string::npos);
  EXPECT_EQ(out.find("999"), std::string::npos);
  EXPECT_EQ(out.find("Injected"), std::string::npos);
  EXPECT_EQ(out.substr(out.size() - 6), "\r\n\r\n{}");
  out.clear();
  SerializeResponse(204, {}, "text/plain", "ignored", {}, &out);
  EXPECT_EQ(out.find("Content-Length"), std::string::npos);
  EXPECT_EQ(out.find("ignored"), std::string::npos);
}

}  // namespace
}  // namespace vigil::http
