// Tests of ResponseParser: every response shape is fed whole, split at every byte (each piece
// in its own heap buffer, so sanitizers catch kept views) and byte by byte.
#include "core/http/response_parser.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <vector>

namespace vigil::http {
namespace {

struct Parsed {
  ResponseParser::State state = ResponseParser::State::kNeedMore;
  ResponseParser::Error error = ResponseParser::Error::kNone;
  int code = 0;
  Headers headers;
  std::string body;
  bool truncated = false;
  bool keep_alive = false;
  std::size_t consumed = 0;
  bool operator==(const Parsed&) const = default;
};

// Feeds wire cut into pieces at the given offsets; then EOF when eof is set.
Parsed FeedPieces(const std::string& wire, const std::vector<std::size_t>& cuts,
                  ParserLimits limits, bool eof, bool head = false) {
  ResponseParser p(limits);
  p.Reset(head);
  Parsed out;
  std::size_t from = 0;
  std::vector<std::size_t> ends = cuts;
  ends.push_back(wire.size());
  for (std::size_t end : ends) {
    if (end < from) continue;
    auto piece = std::make_unique<char[]>(end - from + 1);
    std::memcpy(piece.get(), wire.data() + from, end - from);
    std::size_t used = 0;
    out.state = p.Feed(piece.get(), end - from, &used);
    out.consumed += used;
    from = end;
    if (out.state != ResponseParser::State::kNeedMore) break;
  }
  if (eof && out.state == ResponseParser::State::kNeedMore) out.state = p.FeedEof();
  out.error = p.error();
  out.code = p.status_code();
  out.headers = p.headers();
  out.body = p.body();
  out.truncated = p.truncated();
  out.keep_alive = p.keep_alive();
  return out;
}

// Parses whole, then checks every two-piece split and the byte-by-byte feed agree.
Parsed ParseAllWays(const std::string& wire, ParserLimits limits = {}, bool eof = false,
                    bool head = false) {
  // After an error only the verdict is comparable (how far parsing got depends on the cut).
  auto same = [](const Parsed& a, const Parsed& b) {
    if (a.state == ResponseParser::State::kError || b.state == ResponseParser::State::kError) {
      return a.state == b.state && a.error == b.error;
    }
    return a == b;
  };
  Parsed whole = FeedPieces(wire, {}, limits, eof, head);
  for (std::size_t i = 0; i <= wire.size(); ++i) {
    Parsed split = FeedPieces(wire, {i}, limits, eof, head);
    EXPECT_TRUE(same(split, whole)) << "split at " << i;
    if (!same(split, whole)) break;
  }
  std::vector<std::size_t> every;
  for (std::size_t i = 1; i < wire.size(); ++i) every.push_back(i);
  EXPECT_TRUE(same(FeedPieces(wire, every, limits, eof, head), whole)) << "byte by byte";
  return whole;
}

TEST(ResponseParserTest, ContentLength) {
  std::string wire =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nRetry-After: 5\r\nX-Empty:\r\n"
      "Content-Length: 5\r\n\r\nhello";
  Parsed r = ParseAllWays(wire);
  EXPECT_EQ(r.state, ResponseParser::State::kComplete);
  EXPECT_EQ(r.code, 200);
  EXPECT_EQ(r.body, "hello");
  EXPECT_TRUE(r.keep_alive);
  EXPECT_FALSE(r.truncated);
  EXPECT_EQ(r.consumed, wire.size());
  ASSERT_EQ(r.headers.size(), 4u);
  EXPECT_EQ(*FindHeader(r.headers, "retry-after"), "5");
  EXPECT_EQ(*FindHeader(r.headers, "CONTENT-TYPE"), "text/plain");
  EXPECT_EQ(*FindHeader(r.headers, "x-empty"), "");
  EXPECT_EQ(FindHeader(r.headers, "missing"), nullptr);
}

TEST(ResponseParserTest, ChunkedWithExtensionsAndTrailers) {
  std::string wire =
      "HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5;ext=1\r\nhello\r\n6;a;b=\"x\"\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n";
  Parsed r = ParseAllWays(wire);
  EXPECT_EQ(r.state, ResponseParser::State::kComplete);
  EXPECT_EQ(r.code, 202);
  EXPECT_EQ(r.body, "hello world");
  EXPECT_TRUE(r.keep_alive);
  EXPECT_EQ(r.consumed, wire.size());
  // Trailers are appended to the header list.
  ASSERT_NE(FindHeader(r.headers, "x-trailer"), nullptr);
  EXPECT_EQ(*FindHeader(r.headers, "x-trailer"), "t");
}

TEST(ResponseParserTest, EofDelimitedBody) {
  std::string wire = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end";
  Parsed r = ParseAllWays(wire, {}, /*eof=*/true);
  EXPECT_EQ(r.state, ResponseParser::State::kComplete);
  EXPECT_EQ(r.body, "until the end");
  EXPECT_FALSE(r.keep_alive);
  Parsed http10 = ParseAllWays("HTTP/1.0 200 OK\r\n\r\nold", {}, true);
  EXPECT_EQ(http10.state, ResponseParser::State::kComplete);
  EXPECT_EQ(http10.body, "old");
  EXPECT_FALSE(http10.keep_alive);
  // Without EOF the body never ends.
  EXPECT_EQ(FeedPieces(wire, {}, {}, false).state, ResponseParser::State::kNeedMore);
}

TEST(ResponseParserTest, ConnectionCloseWithLength) {
  Parsed r = ParseAllWays("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
  EXPECT_EQ(r.state, ResponseParser::State::kComplete);
  EXPECT_FALSE(r.keep_alive);
}

TEST(ResponseParserTest, NoBodyStatuses) {
  Parsed r204 = ParseAllWays("HTTP/1.1 204 No Content\r\nX-A: b\r\n\r\n");
  EXPECT_EQ(r204.state, ResponseParser::State::kComplete);
  EXPECT_EQ(r204.code, 204);
  EXPECT_TRUE(r204.body.empty());
  EXPECT_TRUE(r204.keep_alive);
  Parsed r304 = ParseAllWays("HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n");
  EXPECT_EQ(r304.state, ResponseParser::State::kComplete);
  EXPECT_TRUE(r304.body.empty());
  Parsed head = ParseAllWays("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", {}, false, true);
  EXPECT_EQ(head.state, ResponseParser::State::kComplete);
  EXPECT_TRUE(head.body.empty());
}

TEST(ResponseParserTest, InterimResponseSkipped) {
  Parsed r = ParseAllWays(
      "HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: "
      "1\r\n\r\nx");
  EXPECT_EQ(r.state, ResponseParser::State::kComplete);
  EXPECT_EQ(r.code, 201);
  EXPECT_EQ(FindHeader(r.headers, "x-interim"), nullptr);
  EXPECT_EQ(r.body, "x");
}

TEST(ResponseParserTest, BodyOverCapIsReadAndDropped) {
  std::string body(100, 'b');
  std::string wire = "HTTP/1.1 500 Oops\r\nContent-Length: 100\r\n\r\n" + body;
  ParserLimits limits;
  limits.max_body_bytes = 10;
  Parsed r = ParseAllWays(wire, limits);
  EXPECT_EQ(r.state, ResponseParser::State::kComplete);
  EXPECT_EQ(r.body, std::string(10, 'b'));
  EXPECT_TRUE(r.truncated);
  EXPECT_TRUE(r.keep_alive);
  EXPECT_EQ(r.consumed, wire.size());
  std::string chunked =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n" + body + "\r\n0\r\n\r\n";
  Parsed c = ParseAllWays(chunked, limits);
  EXPECT_EQ(c.state, ResponseParser::State::kComplete);
  EXPECT_EQ(c.body.size(), 10u);
  EXPECT_TRUE(c.truncated);
}

TEST(ResponseParserTest, TooManyHeaders) {
  ParserLimits limits;
  limits.max_headers = 4;
  Parsed r = ParseAllWays(
      "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nContent-Length: 0\r\n\r\n", limits);
  EXPECT_EQ(r.state, ResponseParser::State::kError);
  EXPECT_EQ(r.error, ResponseParser::Error::kTooLarge);
  Parsed ok =
      ParseAllWays("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nContent-Length: 0\r\n\r\n", limits);
  EXPECT_EQ(ok.state, ResponseParser::State::kComplete);
}

TEST(ResponseParserTest, HeaderBytesOverLimit) {
  ParserLimits limits;
  limits.max_header_bytes = 64;
  Parsed r =
      ParseAllWays("HTTP/1.1 200 OK\r\nX-Big: " + std::string(100, 'v') + "\r\n\r\n", limits);
  EXPECT_EQ(r.state, ResponseParser::State::kError);
  EXPECT_EQ(r.error, ResponseParser::Error::kTooLarge);
}

TEST(ResponseParserTest, MalformedIsProtocolError) {
  Parsed r = ParseAllWays("HTTX/1.1 200 OK\r\n\r\n");
  EXPECT_EQ(r.state, ResponseParser::State::kError);
  EXPECT_EQ(r.error, ResponseParser::Error::kProtocol);
  Parsed bad_len = ParseAllWays("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n");
  EXPECT_EQ(bad_len.state, ResponseParser::State::kError);
}

TEST(ResponseParserTest, StopsAfterOneResponse) {
  std::string first = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  std::string wire = first + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nno";
  ResponseParser p;
  std::size_t used = 0;
  EXPECT_EQ(p.Feed(wire.data(), wire.size(), &used), ResponseParser::State::kComplete);
  EXPECT_EQ(used, first.size());
  EXPECT_EQ(p.body(), "ok");
  p.Reset();
  EXPECT_EQ(p.Feed(wire.data() + used, wire.size() - used, &used),
            ResponseParser::State::kComplete);
  EXPECT_EQ(p.body(), "no");
}

TEST(ResponseParserTest, EofBeforeOrInsideResponse) {
  ResponseParser p;
  EXPECT_EQ(p.FeedEof(), ResponseParser::State::kError);
  EXPECT_FALSE(p.started());
  p.Reset();
  std::string partial = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc";
  EXPECT_EQ(p.Feed(partial.data(), partial.size()), ResponseParser::State::kNeedMore);
  EXPECT_TRUE(p.started());
  EXPECT_EQ(p.FeedEof(), ResponseParser::State::kError);
  EXPECT_EQ(p.error(), ResponseParser::Error::kProtocol);
}

}  // namespace
}  // namespace vigil::http
