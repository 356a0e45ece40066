// ResponseParser::SwapResult and header reuse: a response handed over is exact, stale spare
// contents never show, and same-shaped responses reuse the strings of earlier ones.
#include <gtest/gtest.h>

#include <string>

#include "core/http/response_parser.hpp"

namespace vigil::http {
namespace {

const std::string kLong(40, 'r');

std::string Response200(const std::string& request_id, const std::string& body) {
  return "HTTP/1.1 200 OK\r\nX-Request-Id: " + request_id +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

ResponseParser::State Parse(ResponseParser& p, const std::string& wire) {
  p.Reset();
  return p.Feed(wire.data(), wire.size());
}

TEST(ResponseParserReuse, SwapResultHandsOverTheResponse) {
  ResponseParser p;
  ASSERT_EQ(Parse(p, Response200(kLong, "hello")), ResponseParser::State::kComplete);
  Headers h = {{"Stale-Name", "stale value"}, {"Another", "one"}};
  std::string body = "stale body";
  p.SwapResult(&h, &body);
  EXPECT_EQ(h, (Headers{{"X-Request-Id", kLong}, {"Content-Length", "5"}}));
  EXPECT_EQ(body, "hello");
  EXPECT_TRUE(p.headers().empty());
  EXPECT_TRUE(p.body().empty());
}

TEST(ResponseParserReuse, FewerHeadersThanSparesShowNoStaleOnes) {
  ResponseParser p;
  Headers h = {{"A", "1"}, {"B", "2"}, {"C", "3"}, {"D", "4"}};
  std::string body;
  ASSERT_EQ(Parse(p, "HTTP/1.1 204 No Content\r\n\r\n"), ResponseParser::State::kComplete);
  p.SwapResult(&h, &body);  // the parser now holds four spare headers
  EXPECT_TRUE(h.empty());
  ASSERT_EQ(Parse(p, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
            ResponseParser::State::kComplete);
  EXPECT_EQ(p.headers(), (Headers{{"Content-Length", "0"}}));
  ASSERT_EQ(Parse(p, "HTTP/1.1 200 OK\r\nX-Empty:\r\nContent-Length: 0\r\n\r\n"),
            ResponseParser::State::kComplete);
  EXPECT_EQ(p.headers(), (Headers{{"X-Empty", ""}, {"Content-Length", "0"}}));
}

TEST(ResponseParserReuse, SameShapeReusesTheSwappedInStrings) {
  ResponseParser p;
  Headers a, b;
  std::string body_a, body_b;
  ASSERT_EQ(Parse(p, Response200(std::string(40, '1'), kLong)), ResponseParser::State::kComplete);
  p.SwapResult(&a, &body_a);  // a: the first response; the parser keeps a's empty containers
  const char* value = a[0].second.data();
  const char* body = body_a.data();
  ASSERT_EQ(Parse(p, Response200(std::string(40, '2'), kLong)), ResponseParser::State::kComplete);
  p.SwapResult(&b, &body_b);
  ASSERT_EQ(Parse(p, Response200(std::string(40, '3'), kLong)), ResponseParser::State::kComplete);
  p.SwapResult(&a, &body_a);  // gives the first response's strings back; gets the third
  ASSERT_EQ(Parse(p, Response200(std::string(40, '4'), kLong)), ResponseParser::State::kComplete);
  // The fourth response was parsed into the first one's strings.
  EXPECT_EQ(p.headers()[0].second.data(), value);
  EXPECT_EQ(p.headers()[0].second, std::string(40, '4'));
  EXPECT_EQ(p.body().data(), body);
  EXPECT_EQ(a[0].second, std::string(40, '3'));
}

}  // namespace
}  // namespace vigil::http
