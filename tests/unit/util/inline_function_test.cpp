// InlineFunction: calls, moves and destroys its callable exactly once, inline or on the heap.
#include "core/util/inline_function.hpp"

#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <string>

namespace vigil {
namespace {

using Fn = InlineFunction<int(int), 32>;

TEST(InlineFunction, EmptyByDefaultAndFromNull) {
  Fn f;
  EXPECT_FALSE(f);
  Fn g = nullptr;
  EXPECT_FALSE(g);
  Fn h = std::function<int(int)>();
  EXPECT_FALSE(h);
  Fn i = std::function<long(long)>();  // another signature, empty too
  EXPECT_FALSE(i);
  int (*null_fn)(int) = nullptr;
  Fn j = null_fn;
  EXPECT_FALSE(j);
}

TEST(InlineFunction, CallsSmallAndLargeCallables) {
  int base = 10;
  Fn small = [&base](int x) { return base + x; };
  EXPECT_EQ(small(5), 15);
  std::array<int, 64> big{};
  big[63] = 7;
  Fn large = [big](int x) { return big[63] * x; };  // 256 bytes: on the heap
  EXPECT_EQ(large(3), 21);
}

TEST(InlineFunction, MovesTheCallableAndDestroysItOnce) {
  auto counter = std::make_shared<int>(0);
  {
    Fn a = [counter](int x) { return *counter += x; };
    EXPECT_EQ(counter.use_count(), 2);
    Fn b = std::move(a);
    EXPECT_FALSE(a);  // NOLINT: moved-from is empty by contract
    EXPECT_EQ(b(2), 2);
    Fn c;
    c = std::move(b);
    EXPECT_EQ(c(3), 5);
    EXPECT_EQ(counter.use_count(), 2);
    c = nullptr;
    EXPECT_EQ(counter.use_count(), 1);
  }
  EXPECT_EQ(counter.use_count(), 1);
}

TEST(InlineFunction, HeapCallableMovesAndIsFreed) {
  auto counter = std::make_shared<int>(0);
  std::array<char, 100> pad{};
  {
    Fn a = [counter, pad](int x) { return *counter += x + pad[0]; };
    Fn b = std::move(a);
    EXPECT_EQ(b(4), 4);
    EXPECT_EQ(counter.use_count(), 2);
  }
  EXPECT_EQ(counter.use_count(), 1);
}

TEST(InlineFunction, PassesRvalueArgumentsWithoutCopying) {
  InlineFunction<std::size_t(std::string &&)> keep = [](std::string&& s) { return s.size(); };
  std::string s(100, 'x');
  const char* data = s.data();
  EXPECT_EQ(keep(std::move(s)), 100u);
  EXPECT_EQ(s.data(), data);  // a by-reference callable left the argument alone
  std::string taken;
  InlineFunction<void(std::string &&)> take = [&taken](std::string v) { taken = std::move(v); };
  take(std::move(s));
  EXPECT_EQ(taken.data(), data);  // moved, never copied
}

}  // namespace
}  // namespace vigil
