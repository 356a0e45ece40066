// HeaderWriter: rewrites a header list in place, slot by slot, so a list rebuilt for every
// request (the same names, values of the same lengths) keeps its strings' capacity and
// allocates nothing once it has grown. Unlike clear() + emplace_back, which frees every string.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/http/headers.hpp"

namespace vigil::http {

class HeaderWriter {
 public:
  // Starts an empty list over *h; h's old entries are reused as slots, not read.
  explicit HeaderWriter(Headers* h) : h_(h) {}
  HeaderWriter(const HeaderWriter&) = delete;
  HeaderWriter& operator=(const HeaderWriter&) = delete;
  // Finish() if the caller did not.
  ~HeaderWriter() { Finish(); }

  // Appends name: value.
  void Add(std::string_view name, std::string_view value) { Append(name).assign(value); }
  // Appends a header named name with an empty value, and returns the value to write into.
  std::string& Append(std::string_view name);
  // Replaces the value of the header written so far with this name (any case), else Add.
  void Set(std::string_view name, std::string_view value);
  // Headers written so far.
  std::size_t size() const { return n_; }
  // Drops the slots past the last header written: *h then holds exactly what was written.
  // Idempotent; later writes append.
  void Finish();

 private:
  Headers* h_;
  std::size_t n_ = 0;
};

}  // namespace vigil::http
