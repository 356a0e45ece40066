// Every RESP2/RESP3 reply type, parsed whole, split at every byte boundary and byte by byte.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/resp/parser.hpp"
#include "tests/unit/resp/feed.hpp"

namespace vigil::resp {
namespace {

using testing::FeedInCuts;
using testing::MovingBuffer;

struct Case {
  const char* name;
  std::string input;
  std::string expected;  // DebugString of the root
};

std::vector<Case> Cases() {
  return {
      {"simple", "+OK\r\n", "OK"},
      {"empty_simple", "+\r\n", ""},
      {"error", "-ERR unknown command\r\n", "(error \"ERR unknown command\")"},
      {"int_zero", ":0\r\n", "0"},
      {"int_negative", ":-42\r\n", "-42"},
      {"int_plus", ":+7\r\n", "7"},
      {"int_max", ":9223372036854775807\r\n", "9223372036854775807"},
      {"int_min", ":-9223372036854775808\r\n", "-9223372036854775808"},
      {"bulk", "$3\r\nfoo\r\n", "\"foo\""},
      {"bulk_empty", "$0\r\n\r\n", "\"\""},
      {"bulk_binary_crlf", std::string("$5\r\na\r\n\0b\r\n", 11), std::string("\"a\\r\\n\0b\"", 9)},
      {"bulk_null", "$-1\r\n", "nil"},
      {"array_null", "*-1\r\n", "nil"},
      {"array_empty", "*0\r\n", "[]"},
      {"array_mixed", "*4\r\n:1\r\n$1\r\na\r\n*1\r\n+x\r\n$-1\r\n", "[1 \"a\" [x] nil]"},
      {"array_nested_empty", "*2\r\n*0\r\n*1\r\n*0\r\n", "[[] [[]]]"},
      {"resp3_null", "_\r\n", "nil"},
      {"double", ",1.5\r\n", "(double 1.5)"},
      {"double_exp", ",-2.5e3\r\n", "(double -2500)"},
      {"double_plus", ",+10\r\n", "(double 10)"},
      {"double_inf", ",inf\r\n", "(double inf)"},
      {"double_neg_inf", ",-inf\r\n", "(double -inf)"},
      {"double_nan", ",nan\r\n", "(double nan)"},
      {"bool_true", "#t\r\n", "true"},
      {"bool_false", "#f\r\n", "false"},
      {"big_number", "(3492890328409238509324850943850943825024385\r\n",
       "(big 3492890328409238509324850943850943825024385)"},
      {"big_number_negative", "(-12\r\n", "(big -12)"},
      {"verbatim", "=15\r\ntxt:Some string\r\n", "(txt \"Some string\")"},
      {"verbatim_empty", "=4\r\nmkd:\r\n", "(mkd \"\")"},
      {"blob_error", "!21\r\nSYNTAX invalid syntax\r\n", "(error \"SYNTAX invalid syntax\")"},
      {"map", "%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n", "{first:1 second:2}"},
      {"map_empty", "%0\r\n", "{}"},
      {"set", "~2\r\n+a\r\n+b\r\n", "~[a b]"},
      {"push", ">3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n", ">[\"subscribe\" \"ch\" 1]"},
      {"attribute_top",
       "|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n"
       "*2\r\n:2039123\r\n:9543892\r\n",
       "[2039123 9543892]"},
      {"attribute_nested", "*2\r\n|1\r\n+a\r\n+b\r\n:1\r\n:2\r\n", "[1 2]"},
      {"attribute_last_child", "*2\r\n:1\r\n|1\r\n+a\r\n*1\r\n+b\r\n:2\r\n", "[1 2]"},
      {"attribute_empty", "|0\r\n+x\r\n", "x"},
      // Captured from redis 7.0.15 (HELLO 3, HGETALL, SLOWLOG GET).
      {"real_hello3",
       "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3"
       "\r\n$2\r\nid\r\n:14\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"
       "$7\r\nmodules\r\n*0\r\n",
       "{\"server\":\"redis\" \"version\":\"7.0.15\" \"proto\":3 \"id\":14 \"mode\":\"standalone\" "
       "\"role\":\"master\" \"modules\":[]}"},
      {"real_hgetall3", "%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n",
       "{\"a\":\"1\" \"b\":\"2\"}"},
      {"real_slowlog",
       "*2\r\n*6\r\n:1\r\n:1796090766\r\n:6\r\n*2\r\n$3\r\nGET\r\n$3\r\nfoo\r\n$15\r\n127.0.0.1:"
       "59718\r\n$0\r\n\r\n*6\r\n:0\r\n:1796090766\r\n:6\r\n*4\r\n$6\r\nCONFIG\r\n$3\r\nSET\r\n"
       "$23\r\nslowlog-log-slower-than\r\n$1\r\n0\r\n$15\r\n127.0.0.1:59718\r\n$0\r\n\r\n",
       "[[1 1796090766 6 [\"GET\" \"foo\"] \"127.0.0.1:59718\" \"\"] [0 1796090766 6 [\"CONFIG\" "
       "\"SET\" \"slowlog-log-slower-than\" \"0\"] \"127.0.0.1:59718\" \"\"]]"},
  };
}

class ParserTypes : public ::testing::TestWithParam<Case> {};

TEST_P(ParserTypes, Whole) {
  const Case& c = GetParam();
  Parser parser;
  Reply reply;
  std::size_t consumed = 99;
  ASSERT_EQ(parser.Parse(c.input, &consumed, &reply), ParseStatus::kOk);
  EXPECT_EQ(consumed, c.input.size());
  EXPECT_EQ(DebugString(reply.root()), c.expected);
  EXPECT_EQ(reply.root().node().next, reply.nodes().size());
  EXPECT_FALSE(parser.in_progress());
}

TEST_P(ParserTypes, TrailingBytesAreNotConsumed) {
  const Case& c = GetParam();
  std::string input = c.input + "+NEXT\r\n$3\r\nab";
  Parser parser;
  Reply reply;
  std::size_t consumed = 0;
  ASSERT_EQ(parser.Parse(input, &consumed, &reply), ParseStatus::kOk);
  EXPECT_EQ(consumed, c.input.size());
  EXPECT_EQ(DebugString(reply.root()), c.expected);
}

TEST_P(ParserTypes, SplitAtEveryByte) {
  const Case& c = GetParam();
  for (std::size_t cut = 0; cut < c.input.size(); ++cut) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    Parser parser;
    Reply reply;
    MovingBuffer buffer;
    std::vector<std::size_t> cuts{cut};
    auto r = FeedInCuts(parser, &reply, c.input, cuts, &buffer);
    ASSERT_FALSE(r.early_result) << ParseStatusName(r.status);
    ASSERT_EQ(r.status, ParseStatus::kOk);
    EXPECT_EQ(r.consumed, c.input.size());
    EXPECT_EQ(DebugString(reply.root()), c.expected);
  }
}

TEST_P(ParserTypes, ByteByByte) {
  const Case& c = GetParam();
  Parser parser;
  Reply reply;
  MovingBuffer buffer;
  std::vector<std::size_t> cuts;
  for (std::size_t n = 1; n < c.input.size(); ++n) cuts.push_back(n);
  auto r = FeedInCuts(parser, &reply, c.input, cuts, &buffer);
  ASSERT_FALSE(r.early_result) << ParseStatusName(r.status);
  ASSERT_EQ(r.status, ParseStatus::kOk);
  EXPECT_EQ(r.consumed, c.input.size());
  EXPECT_EQ(DebugString(reply.root()), c.expected);
}

TEST_P(ParserTypes, ByteByByteHonouringNeeded) {
  // A caller that only calls again once needed() bytes are buffered still gets the reply.
  const Case& c = GetParam();
  Parser parser;
  Reply reply;
  MovingBuffer buffer;
  std::vector<std::size_t> cuts;
  std::size_t calls = 0;
  std::size_t consumed = 0;
  ParseStatus s = ParseStatus::kPending;
  for (std::size_t n = 1; n <= c.input.size(); ++n) {
    if (n < c.input.size() && calls > 0 && n < parser.needed()) continue;
    std::string_view view = buffer.Grow(c.input, n);
    ++calls;
    s = parser.Parse(view, &consumed, &reply);
    if (s != ParseStatus::kPending) break;
    ASSERT_GT(parser.needed(), n);
  }
  ASSERT_EQ(s, ParseStatus::kOk);
  EXPECT_EQ(consumed, c.input.size());
  EXPECT_EQ(DebugString(reply.root()), c.expected);
}

INSTANTIATE_TEST_SUITE_P(All, ParserTypes, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Case>& i) { return i.param.name; });

TEST(ParserPipeline, BackToBackRepliesInOneBuffer) {
  std::string all;
  std::vector<Case> cases = Cases();
  for (const Case& c : cases) all += c.input;
  Parser parser;
  Reply reply;
  std::string_view rest = all;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::size_t consumed = 0;
    ASSERT_EQ(parser.Parse(rest, &consumed, &reply), ParseStatus::kOk);
    ASSERT_EQ(consumed, c.input.size());
    EXPECT_EQ(DebugString(reply.root()), c.expected);
    rest.remove_prefix(consumed);
  }
  EXPECT_TRUE(rest.empty());
  std::size_t consumed = 7;
  EXPECT_EQ(parser.Parse(rest, &consumed, &reply), ParseStatus::kPending);
  EXPECT_EQ(consumed, 0u);
}

TEST(ParserPipeline, PipelineArrivingInOddChunks) {
  // A connection-like loop: a read buffer that receives 5-byte chunks, parses what it can,
  // and erases consumed bytes.
  std::string all;
  std::vector<Case> cases = Cases();
  for (const Case& c : cases) all += c.input;
  Parser parser;
  Reply reply;
  std::string readbuf;
  std::vector<std::string> got;
  for (std::size_t off = 0; off < all.size(); off += 5) {
    readbuf.append(all.substr(off, 5));
    for (;;) {
      std::size_t consumed = 0;
      ParseStatus s = parser.Parse(readbuf, &consumed, &reply);
      if (s == ParseStatus::kPending) break;
      ASSERT_EQ(s, ParseStatus::kOk);
      got.push_back(DebugString(reply.root()));
      readbuf.erase(0, consumed);
    }
  }
  ASSERT_EQ(got.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) EXPECT_EQ(got[i], cases[i].expected);
  EXPECT_TRUE(readbuf.empty());
}

}  // namespace
}  // namespace vigil::resp
