// Malformed and hostile input: each error code, limits (size, depth, elements), null lengths and
// integer overflow; an error must never depend on how the bytes were split.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/resp/parser.hpp"
#include "tests/unit/resp/feed.hpp"

namespace vigil::resp {
namespace {

using testing::FeedInCuts;
using testing::MovingBuffer;

struct BadCase {
  const char* name;
  std::string input;
  ParseStatus expected;
};

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

std::vector<BadCase> BadCases() {
  return {
      {"inline_command", "PING\r\n", ParseStatus::kBadType},
      {"http", "GET / HTTP/1.1\r\n", ParseStatus::kBadType},
      {"unknown_type", "?1\r\n", ParseStatus::kBadType},
      {"bad_type_nested", "*2\r\n:1\r\nX\r\n", ParseStatus::kBadType},
      {"bulk_len_letters", "$abc\r\n", ParseStatus::kBadLength},
      {"bulk_len_empty", "$\r\n", ParseStatus::kBadLength},
      {"bulk_len_minus_two", "$-2\r\n", ParseStatus::kBadLength},
      {"bulk_len_plus", "$+3\r\nfoo\r\n", ParseStatus::kBadLength},
      {"bulk_len_overflow", "$99999999999999999999999\r\n", ParseStatus::kBadLength},
      {"bulk_len_endless", "$" + std::string(40, '1'), ParseStatus::kBadLength},
      {"array_len_minus_five", "*-5\r\n", ParseStatus::kBadLength},
      {"map_null_not_allowed", "%-1\r\n", ParseStatus::kBadLength},
      {"blob_error_null_not_allowed", "!-1\r\n", ParseStatus::kBadLength},
      {"int_letters", ":abc\r\n", ParseStatus::kBadInteger},
      {"int_empty", ":\r\n", ParseStatus::kBadInteger},
      {"int_sign_only", ":-\r\n", ParseStatus::kBadInteger},
      {"int_double_sign", ":++1\r\n", ParseStatus::kBadInteger},
      {"int_fraction", ":1.5\r\n", ParseStatus::kBadInteger},
      {"int_overflow", ":9223372036854775808\r\n", ParseStatus::kBadInteger},
      {"int_underflow", ":-9223372036854775809\r\n", ParseStatus::kBadInteger},
      {"int_endless", ":" + std::string(40, '7'), ParseStatus::kBadInteger},
      {"big_number_letters", "(12a\r\n", ParseStatus::kBadInteger},
      {"big_number_empty", "(\r\n", ParseStatus::kBadInteger},
      {"double_letters", ",abc\r\n", ParseStatus::kBadDouble},
      {"double_empty", ",\r\n", ParseStatus::kBadDouble},
      {"double_trailing", ",1.5x\r\n", ParseStatus::kBadDouble},
      {"bool_other", "#x\r\n", ParseStatus::kBadBoolean},
      {"bool_empty", "#\r\n", ParseStatus::kBadBoolean},
      {"bool_long", "#tt\r\n", ParseStatus::kBadBoolean},
      {"bare_lf", "+OK\n", ParseStatus::kBadLine},
      {"bare_lf_header", "$3\nfoo\r\n", ParseStatus::kBadLine},
      {"bulk_no_crlf", "$3\r\nfooXY", ParseStatus::kBadLine},
      {"bulk_too_long_body", "$2\r\nfoo\r\n", ParseStatus::kBadLine},
      {"null_with_payload", "_x\r\n", ParseStatus::kBadLine},
      {"verbatim_short", "=3\r\ntxt\r\n", ParseStatus::kBadVerbatim},
      {"verbatim_no_colon", "=5\r\ntxtab\r\n", ParseStatus::kBadVerbatim},
      {"bulk_over_cap", "$67108865\r\n", ParseStatus::kTooLarge},
      {"array_over_elements", "*16777217\r\n", ParseStatus::kTooLarge},
      {"map_over_bytes", "%16000000\r\n", ParseStatus::kTooLarge},
      {"too_deep", Repeat("*1\r\n", 65) + ":1\r\n", ParseStatus::kTooDeep},
      {"too_deep_empty_leaf", Repeat("*1\r\n", 64) + "*0\r\n", ParseStatus::kTooDeep},
      {"too_deep_via_attribute", Repeat("*1\r\n", 64) + "|1\r\n+a\r\n+b\r\n:1\r\n",
       ParseStatus::kTooDeep},
      {"streamed_string", "$?\r\n;4\r\nHell\r\n;0\r\n", ParseStatus::kUnsupported},
      {"streamed_array", "*?\r\n:1\r\n.\r\n", ParseStatus::kUnsupported},
      {"streamed_map", "%?\r\n", ParseStatus::kUnsupported},
  };
}

class ParserErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(ParserErrors, Whole) {
  const BadCase& c = GetParam();
  Parser parser;
  Reply reply;
  std::size_t consumed = 99;
  EXPECT_EQ(parser.Parse(c.input, &consumed, &reply), c.expected);
  EXPECT_EQ(consumed, 0u);
  EXPECT_FALSE(parser.in_progress());
}

TEST_P(ParserErrors, AnySplitGivesPendingThenTheSameError) {
  const BadCase& c = GetParam();
  for (std::size_t cut = 0; cut < c.input.size(); ++cut) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    Parser parser;
    Reply reply;
    MovingBuffer buffer;
    std::vector<std::size_t> cuts{cut};
    auto r = FeedInCuts(parser, &reply, c.input, cuts, &buffer);
    EXPECT_EQ(r.status, c.expected) << ParseStatusName(r.status);
    EXPECT_EQ(r.consumed, 0u);
  }
}

TEST_P(ParserErrors, ParserIsReusableAfterError) {
  const BadCase& c = GetParam();
  Parser parser;
  Reply reply;
  std::size_t consumed = 0;
  ASSERT_EQ(parser.Parse(c.input, &consumed, &reply), c.expected);
  ASSERT_EQ(parser.Parse("+OK\r\n", &consumed, &reply), ParseStatus::kOk);
  EXPECT_EQ(reply.root().str(), "OK");
}

INSTANTIATE_TEST_SUITE_P(All, ParserErrors, ::testing::ValuesIn(BadCases()),
                         [](const ::testing::TestParamInfo<BadCase>& i) { return i.param.name; });

TEST(ParserLimits, BulkHeaderAboveCapFailsBeforeTheBody) {
  Parser parser(ParserOptions{.max_reply_bytes = 100});
  Reply reply;
  std::size_t consumed = 0;
  EXPECT_EQ(parser.Parse("$200\r\n", &consumed, &reply), ParseStatus::kTooLarge);
  // Exactly at the cap is fine: "$93\r\n" (5) + 93 + CRLF = 100.
  std::string ok = "$93\r\n" + std::string(93, 'a') + "\r\n";
  ASSERT_EQ(ok.size(), 100u);
  EXPECT_EQ(parser.Parse(ok, &consumed, &reply), ParseStatus::kOk);
  std::string over = "$94\r\n";
  EXPECT_EQ(parser.Parse(over, &consumed, &reply), ParseStatus::kTooLarge);
}

TEST(ParserLimits, SizeCountsTheWholeReplyNotOneBulk) {
  Parser parser(ParserOptions{.max_reply_bytes = 64});
  Reply reply;
  std::size_t consumed = 0;
  // Three 21-byte bulks: each fits, the reply does not; the third header already says so.
  std::string three = "*3\r\n";
  std::string bulk = "$14\r\n" + std::string(14, 'x') + "\r\n";
  three += bulk + bulk + "$14\r\n";
  EXPECT_EQ(parser.Parse(three, &consumed, &reply), ParseStatus::kTooLarge);
}

TEST(ParserLimits, EndlessSimpleStringHitsTheCap) {
  Parser parser(ParserOptions{.max_reply_bytes = 64});
  Reply reply;
  std::size_t consumed = 0;
  std::string line = "+" + std::string(63, 'a');
  EXPECT_EQ(parser.Parse(line, &consumed, &reply), ParseStatus::kPending);
  line += 'a';
  EXPECT_EQ(parser.Parse(line, &consumed, &reply), ParseStatus::kTooLarge);
}

TEST(ParserLimits, AggregateCountThatCannotFitFailsAtTheHeader) {
  Parser parser(ParserOptions{.max_reply_bytes = 100});
  Reply reply;
  std::size_t consumed = 0;
  EXPECT_EQ(parser.Parse("*50\r\n", &consumed, &reply), ParseStatus::kTooLarge);
  EXPECT_EQ(parser.Parse("*10\r\n", &consumed, &reply), ParseStatus::kPending);
}

TEST(ParserLimits, MaxElementsOption) {
  Parser parser(ParserOptions{.max_elements = 3});
  Reply reply;
  std::size_t consumed = 0;
  EXPECT_EQ(parser.Parse("*3\r\n:1\r\n:2\r\n:3\r\n", &consumed, &reply), ParseStatus::kOk);
  EXPECT_EQ(parser.Parse("*4\r\n", &consumed, &reply), ParseStatus::kTooLarge);
  EXPECT_EQ(parser.Parse("%4\r\n", &consumed, &reply), ParseStatus::kTooLarge);
}

TEST(ParserLimits, DepthExactlyAtTheLimitIsAccepted) {
  Parser parser;
  Reply reply;
  std::size_t consumed = 0;
  std::string deep = Repeat("*1\r\n", 64) + ":1\r\n";
  ASSERT_EQ(parser.Parse(deep, &consumed, &reply), ParseStatus::kOk);
  EXPECT_EQ(consumed, deep.size());
  EXPECT_EQ(reply.nodes().size(), 65u);
  // Too deep is reported as soon as the 65th header arrives, without the rest of the reply.
  EXPECT_EQ(parser.Parse(Repeat("*1\r\n", 65), &consumed, &reply), ParseStatus::kTooDeep);
  Parser shallow(ParserOptions{.max_depth = 2});
  EXPECT_EQ(shallow.Parse("*1\r\n*1\r\n:1\r\n", &consumed, &reply), ParseStatus::kOk);
  EXPECT_EQ(shallow.Parse("*1\r\n*1\r\n*1\r\n", &consumed, &reply), ParseStatus::kTooDeep);
}

}  // namespace
}  // namespace vigil::resp
