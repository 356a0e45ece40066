// Test helper: feeds RESP bytes to a Parser in fragments, each call on a fresh heap copy of the
// accumulated bytes (the old copy is scribbled and freed), so views that dangle are caught.
#pragma once

#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "core/resp/parser.hpp"

namespace vigil::resp::testing {

// A heap buffer holding the bytes received so far; Grow() moves them to a new allocation.
class MovingBuffer {
 public:
  std::string_view Grow(std::string_view all, std::size_t n) {
    auto fresh = std::make_unique<char[]>(n == 0 ? 1 : n);
    std::memcpy(fresh.get(), all.data(), n);
    if (buf_) std::memset(buf_.get(), 'X', size_);  // stale views now read garbage
    buf_ = std::move(fresh);
    size_ = n;
    return {buf_.get(), size_};
  }

 private:
  std::unique_ptr<char[]> buf_;
  std::size_t size_ = 0;
};

struct FeedResult {
  ParseStatus status = ParseStatus::kPending;
  std::size_t consumed = 0;
  std::size_t calls = 0;
  bool early_result = false;  // a non-pending status arrived before all bytes were given
};

// Gives the parser prefixes of `input` of sizes cuts[0], cuts[1], ..., then input.size(), each in
// a fresh buffer kept alive by `buffer` (so the caller can read the views afterwards).
template <typename Cuts>
FeedResult FeedInCuts(Parser& parser, Reply* reply, std::string_view input, const Cuts& cuts,
                      MovingBuffer* buffer) {
  FeedResult r;
  auto feed = [&](std::size_t n) {
    std::string_view view = buffer->Grow(input, n);
    ++r.calls;
    r.status = parser.Parse(view, &r.consumed, reply);
  };
  for (std::size_t cut : cuts) {
    feed(cut);
    if (r.status != ParseStatus::kPending) {
      r.early_result = true;
      return r;
    }
    if (r.consumed != 0) return r;
  }
  feed(input.size());
  return r;
}

}  // namespace vigil::resp::testing
