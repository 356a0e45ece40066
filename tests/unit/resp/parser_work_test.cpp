// The parser is resumable: a big reply arriving in many small reads costs linear total work,
// and needed() points exactly at the next useful buffer size.
#include <gtest/gtest.h>

#include <string>

#include "core/resp/parser.hpp"
#include "tests/unit/resp/feed.hpp"

namespace vigil::resp {
namespace {

std::string BigArray(int elements) {
  std::string s = "*" + std::to_string(elements + 1) + "\r\n";
  for (int i = 0; i < elements; ++i) {
    s += "*3\r\n:" + std::to_string(i) + "\r\n$10\r\nabcdefghij\r\n+ok\r\n";
  }
  s += "$100000\r\n" + std::string(100000, 'z') + "\r\n";
  return s;
}

TEST(ParserWork, ManySmallReadsStayLinear) {
  const std::string input = BigArray(20000);
  for (std::size_t chunk : {1u, 7u, 4096u}) {
    SCOPED_TRACE("chunk " + std::to_string(chunk));
    Parser parser;
    Reply reply;
    std::string readbuf;  // grows, so its storage moves: views are rebased at kOk
    std::size_t consumed = 0;
    ParseStatus s = ParseStatus::kPending;
    std::size_t calls = 0;
    for (std::size_t off = 0; off < input.size(); off += chunk) {
      readbuf.append(input, off, chunk);
      ++calls;
      s = parser.Parse(readbuf, &consumed, &reply);
      if (s != ParseStatus::kPending) break;
    }
    ASSERT_EQ(s, ParseStatus::kOk);
    EXPECT_EQ(consumed, input.size());
    EXPECT_EQ(reply.root().size(), 20001u);
    // Node 0 was completed many reallocations of readbuf ago: it must point into the final one.
    EXPECT_EQ(reply.root().child(0).child(1).str(), "abcdefghij");
    EXPECT_EQ(reply.root().child(0).child(1).str().data(), readbuf.data() + 21);
    EXPECT_EQ(reply.root().child(19999).child(1).str(), "abcdefghij");
    EXPECT_EQ(reply.root().child(20000).str().size(), 100000u);
    EXPECT_EQ(reply.root().child(20000).str().data(), readbuf.data() + input.size() - 100002);
    // Lines are scanned once; bulk bodies are not scanned at all.
    EXPECT_LE(parser.work(), input.size()) << "calls " << calls;
  }
}

TEST(ParserWork, NeededPointsAtTheEndOfABulkBody) {
  Parser parser;
  Reply reply;
  std::size_t consumed = 0;
  // "*2\r\n" (4) + "$3\r\n" (4) + "foo\r\n" (5) = 13
  EXPECT_EQ(parser.Parse("*2\r\n$3\r\nfo", &consumed, &reply), ParseStatus::kPending);
  EXPECT_EQ(parser.needed(), 13u);
  EXPECT_TRUE(parser.in_progress());
  // An incomplete line needs at least one more byte.
  EXPECT_EQ(parser.Parse("*2\r\n$3\r\nfoo\r\n:12", &consumed, &reply), ParseStatus::kPending);
  EXPECT_EQ(parser.needed(), 17u);
  // A big body: needed() is known from the header alone, so a caller can wait for it.
  Parser p2;
  EXPECT_EQ(p2.Parse("$1000000\r\n", &consumed, &reply), ParseStatus::kPending);
  EXPECT_EQ(p2.needed(), 10u + 1000000u + 2u);
  EXPECT_EQ(consumed, 0u);
}

TEST(ParserWork, CallerThatWaitsForNeededMakesFewCalls) {
  const std::string input = "*2\r\n$200000\r\n" + std::string(200000, 'q') + "\r\n:1\r\n";
  Parser parser;
  Reply reply;
  testing::MovingBuffer buffer;
  std::size_t calls = 0;
  std::size_t consumed = 0;
  ParseStatus s = ParseStatus::kPending;
  for (std::size_t have = 0; have < input.size();) {
    have = std::min(input.size(), have + 100);  // 100-byte reads
    if (calls > 0 && have < parser.needed()) continue;
    ++calls;
    s = parser.Parse(buffer.Grow(input, have), &consumed, &reply);
    if (s != ParseStatus::kPending) break;
  }
  ASSERT_EQ(s, ParseStatus::kOk);
  EXPECT_EQ(consumed, input.size());
  EXPECT_LE(calls, 4u);
  EXPECT_EQ(reply.root().child(0).str().size(), 200000u);
  EXPECT_EQ(reply.root().child(0).str()[199999], 'q');
}

}  // namespace
}  // namespace vigil::resp
