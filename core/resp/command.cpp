// RESP command encoding: size the output once, then write headers with to_chars and memcpy.
#include "core/resp/command.hpp"

#include <charconv>
#include <cstring>

namespace vigil::resp {

namespace {

std::size_t Digits(std::size_t n) {
  std::size_t d = 1;
  while (n >= 10) {
    n /= 10;
    ++d;
  }
  return d;
}

char* WriteHeader(char* p, char type, std::size_t n) {
  *p++ = type;
  p = std::to_chars(p, p + 20, n).ptr;
  *p++ = '\r';
  *p++ = '\n';
  return p;
}

template <typename Args>
std::size_t SizeOf(const Args& args) {
  std::size_t total = 3 + Digits(args.size());
  for (const auto& a : args) total += 5 + Digits(a.size()) + a.size();
  return total;
}

template <typename Args>
void Append(std::string* out, const Args& args) {
  const std::size_t old = out->size();
  out->resize(old + SizeOf(args));
  char* p = out->data() + old;
  p = WriteHeader(p, '*', args.size());
  for (const auto& a : args) {
    p = WriteHeader(p, '$', a.size());
    if (!a.empty()) std::memcpy(p, a.data(), a.size());
    p += a.size();
    *p++ = '\r';
    *p++ = '\n';
  }
}

}  // namespace

std::size_t EncodedCommandSize(std::span<const std::string_view> args) {
  return SizeOf(args);
}

void AppendCommand(std::string* out, std::span<const std::string_view> args) {
  Append(out, args);
}

void AppendCommand(std::string* out, std::initializer_list<std::string_view> args) {
  Append(out, args);
}

void AppendCommand(std::string* out, std::span<const std::string> args) {
  Append(out, args);
}

}  // namespace vigil::resp
