// Command encoding: exact bytes, binary safety, pipelining, and a round trip through the parser.
#include "core/resp/command.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/resp/parser.hpp"

namespace vigil::resp {
namespace {

TEST(Command, EncodesArrayOfBulkStrings) {
  std::string out;
  AppendCommand(&out, {"SET", "key", "value"});
  EXPECT_EQ(out, "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n");
}

TEST(Command, EmptyAndBinaryArguments) {
  std::string out;
  std::string binary("a\r\n\0b", 5);
  AppendCommand(&out, {"ECHO", "", binary});
  EXPECT_EQ(out, std::string("*3\r\n$4\r\nECHO\r\n$0\r\n\r\n$5\r\na\r\n\0b\r\n", 31));
  std::string none;
  AppendCommand(&none, std::span<const std::string_view>());
  EXPECT_EQ(none, "*0\r\n");
}

TEST(Command, AppendsForPipelining) {
  std::string out = "prefix";
  AppendCommand(&out, {"PING"});
  AppendCommand(&out, {"INFO", "everything"});
  EXPECT_EQ(out, "prefix*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nINFO\r\n$10\r\neverything\r\n");
}

TEST(Command, SizeMatchesAndManyArgs) {
  std::vector<std::string> args;
  for (int i = 0; i < 1234; ++i) args.push_back(std::string(static_cast<std::size_t>(i % 17), 'x'));
  std::vector<std::string_view> views(args.begin(), args.end());
  std::string a;
  std::string b;
  AppendCommand(&a, views);
  AppendCommand(&b, std::span<const std::string>(args));
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.size(), EncodedCommandSize(views));
  EXPECT_EQ(a.substr(0, 7), "*1234\r\n");

  Parser parser;
  Reply reply;
  std::size_t consumed = 0;
  ASSERT_EQ(parser.Parse(a, &consumed, &reply), ParseStatus::kOk);
  EXPECT_EQ(consumed, a.size());
  ASSERT_EQ(reply.root().size(), args.size());
  std::size_t i = 0;
  for (Value v : reply.root()) {
    EXPECT_EQ(v.type(), Type::kBulkString);
    EXPECT_EQ(v.str(), args[i++]);
  }
}

TEST(Command, LongArgumentLength) {
  std::string big(123456, 'v');
  std::string out;
  AppendCommand(&out, {"SET", "k", big});
  EXPECT_EQ(out.size(), 4 + 9 + 7 + 9 + big.size() + 2);
  EXPECT_NE(out.find("$123456\r\n"), std::string::npos);
}

}  // namespace
}  // namespace vigil::resp
