// Walking a parsed Reply with Value: children, maps, O(1) skips, push detection, reuse.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/resp/parser.hpp"

namespace vigil::resp {
namespace {

Reply ParseOk(Parser& parser, std::string_view input) {
  Reply reply;
  std::size_t consumed = 0;
  EXPECT_EQ(parser.Parse(input, &consumed, &reply), ParseStatus::kOk);
  EXPECT_EQ(consumed, input.size());
  return reply;
}

TEST(Reply, ScalarAccessors) {
  Parser p;
  EXPECT_EQ(ParseOk(p, ":-5\r\n").root().integer(), -5);
  EXPECT_DOUBLE_EQ(ParseOk(p, ",3.25\r\n").root().dbl(), 3.25);
  EXPECT_TRUE(ParseOk(p, "#t\r\n").root().boolean());
  EXPECT_TRUE(ParseOk(p, "_\r\n").root().is_null());
  EXPECT_TRUE(ParseOk(p, "$-1\r\n").root().is_null());
  std::string err = "-WRONGTYPE Operation\r\n";
  Reply r = ParseOk(p, err);
  EXPECT_TRUE(r.root().is_error());
  EXPECT_EQ(r.root().error(), "WRONGTYPE Operation");
  std::string blob = "!3\r\nE\r\n\r\n";
  Reply b = ParseOk(p, blob);
  EXPECT_TRUE(b.root().is_error());
  EXPECT_EQ(b.root().error(), "E\r\n");
  EXPECT_EQ(b.root().type(), Type::kBlobError);
  std::string verb = "=8\r\ntxt:abcd\r\n";
  Reply v = ParseOk(p, verb);
  EXPECT_EQ(v.root().str(), "abcd");
  EXPECT_EQ(v.root().format(), "txt");
  EXPECT_TRUE(v.root().is_string());
  EXPECT_EQ(v.root().node().str_offset, 8u);
  // Accessors of the wrong type give neutral values.
  EXPECT_EQ(v.root().integer(), 0);
  EXPECT_EQ(v.root().size(), 0u);
  EXPECT_EQ(r.root().format(), "");
}

TEST(Reply, ViewsPointIntoTheInputBuffer) {
  Parser p;
  std::string input = "*2\r\n$3\r\nfoo\r\n+bar\r\n";
  Reply r = ParseOk(p, input);
  EXPECT_EQ(r.root().child(0).str().data(), input.data() + 8);
  EXPECT_EQ(r.root().child(1).str().data(), input.data() + 14);
}

TEST(Reply, MapChildrenAndSkipOverSubtrees) {
  Parser p;
  std::string input =
      "%3\r\n+a\r\n*2\r\n*1\r\n:1\r\n:2\r\n+b\r\n~1\r\n+x\r\n+c\r\n%1\r\n+k\r\n+v\r\n";
  Reply r = ParseOk(p, input);
  Value root = r.root();
  ASSERT_EQ(root.type(), Type::kMap);
  EXPECT_EQ(root.size(), 3u);
  EXPECT_EQ(root.child_count(), 6u);
  EXPECT_EQ(root.child(0).str(), "a");
  EXPECT_EQ(root.child(1).size(), 2u);
  EXPECT_EQ(root.child(1).child(1).integer(), 2);
  EXPECT_EQ(root.child(2).str(), "b");
  EXPECT_EQ(root.child(3).type(), Type::kSet);
  EXPECT_EQ(root.child(4).str(), "c");
  EXPECT_EQ(root.child(5).child(1).str(), "v");
  std::vector<std::string> keys;
  bool is_key = true;
  for (Value c : root) {
    if (is_key) keys.emplace_back(c.str());
    is_key = !is_key;
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(root.node().next, r.nodes().size());
  // The subtree of key "a"'s value spans nodes 2..5, so its next is 6.
  EXPECT_EQ(root.child(1).node().next, 6u);
  EXPECT_EQ(std::distance(root.begin(), root.end()), 6);
}

TEST(Reply, PushIsFlagged) {
  Parser p;
  EXPECT_TRUE(ParseOk(p, ">2\r\n+message\r\n+x\r\n").is_push());
  EXPECT_FALSE(ParseOk(p, "*2\r\n+message\r\n+x\r\n").is_push());
  Reply empty;
  EXPECT_FALSE(empty.is_push());
}

TEST(Reply, ReuseKeepsCapacity) {
  Parser p;
  Reply reply;
  std::size_t consumed = 0;
  std::string big = "*100\r\n";
  for (int i = 0; i < 100; ++i) big += ":1\r\n";
  ASSERT_EQ(p.Parse(big, &consumed, &reply), ParseStatus::kOk);
  const Node* storage = reply.nodes().data();
  ASSERT_EQ(p.Parse("*2\r\n:1\r\n:2\r\n", &consumed, &reply), ParseStatus::kOk);
  EXPECT_EQ(reply.nodes().size(), 3u);
  EXPECT_EQ(reply.nodes().data(), storage);
}

TEST(Reply, TypeNames) {
  EXPECT_STREQ(TypeName(Type::kVerbatim), "verbatim");
  EXPECT_STREQ(ParseStatusName(ParseStatus::kTooDeep), "too-deep");
}

}  // namespace
}  // namespace vigil::resp
