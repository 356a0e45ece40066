// A strict recursive-descent JSON scanner (RFC 8259 grammar) that reports where the first error
// is. It builds nothing; see json_syntax.hpp for why it exists beside simdjson.
#include "core/config/json_syntax.hpp"

#include <cctype>

namespace vigil::config::detail {
namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view t) : t_(t) {}

  std::optional<SyntaxError> Run() {
    SkipSpace();
    if (!Value(0)) return error_;
    SkipSpace();
    if (pos_ != t_.size()) Error("unexpected content after the document");
    return error_;
  }

 private:
  static constexpr int kMaxDepth = 1024;

  bool Error(const char* what) {
    if (!error_) {
      SyntaxError e;
      e.offset = pos_;
      e.what = what;
      for (std::size_t i = 0; i < pos_ && i < t_.size(); ++i) {
        if (t_[i] == '\n') {
          ++e.line;
          e.column = 1;
        } else {
          ++e.column;
        }
      }
      error_ = std::move(e);
    }
    return false;
  }
  bool AtEnd() const { return pos_ >= t_.size(); }
  char Peek() const { return AtEnd() ? '\0' : t_[pos_]; }
  void SkipSpace() {
    while (!AtEnd() && (Peek() == ' ' || Peek() == '\t' || Peek() == '\n' || Peek() == '\r'))
      ++pos_;
  }
  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }

  bool Value(int depth) {
    if (depth > kMaxDepth) return Error("nested too deeply");
    if (AtEnd()) return Error("unexpected end of input, expected a value");
    switch (Peek()) {
      case '{':
        return Object(depth + 1);
      case '[':
        return Array(depth + 1);
      case '"':
        return String();
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      default:
        if (Peek() == '-' || IsDigit(Peek())) return Number();
        return Error("expected a value");
    }
  }

  bool Literal(std::string_view word) {
    if (t_.substr(pos_, word.size()) != word) return Error("invalid literal");
    pos_ += word.size();
    return true;
  }

  bool Digits() {
    if (!IsDigit(Peek())) return Error("invalid number");
    while (IsDigit(Peek())) ++pos_;
    return true;
  }

  bool Number() {
    if (Peek() == '-') ++pos_;
    if (Peek() == '0') {
      ++pos_;
      if (IsDigit(Peek())) return Error("invalid number (leading zero)");
    } else if (!Digits()) {
      return false;
    }
    if (Peek() == '.') {
      ++pos_;
      if (!Digits()) return false;
    }
    if (Peek() == 'e' || Peek() == 'E') {
      ++pos_;
      if (Peek() == '+' || Peek() == '-') ++pos_;
      if (!Digits()) return false;
    }
    return true;
  }

  bool String() {
    ++pos_;  // opening quote
    while (!AtEnd()) {
      char c = t_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return Error("control character in string");
      if (c == '\\') {
        ++pos_;
        char e = Peek();
        if (e == 'u') {
          for (int i = 0; i < 4; ++i) {
            ++pos_;
            if (!std::isxdigit(static_cast<unsigned char>(Peek())))
              return Error("invalid \\u escape in string");
          }
        } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos || AtEnd()) {
          return Error("invalid escape in string");
        }
      }
      ++pos_;
    }
    return Error("unterminated string");
  }

  bool Object(int depth) {
    ++pos_;  // {
    SkipSpace();
    if (Peek() == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipSpace();
      if (Peek() != '"') return Error("expected a key in double quotes");
      if (!String()) return false;
      SkipSpace();
      if (Peek() != ':') return Error("expected ':' after the key");
      ++pos_;
      SkipSpace();
      if (!Value(depth)) return false;
      SkipSpace();
      if (Peek() == ',') {
        ++pos_;
        continue;
      }
      if (Peek() == '}') {
        ++pos_;
        return true;
      }
      return Error("expected ',' or '}'");
    }
  }

  bool Array(int depth) {
    ++pos_;  // [
    SkipSpace();
    if (Peek() == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipSpace();
      if (!Value(depth)) return false;
      SkipSpace();
      if (Peek() == ',') {
        ++pos_;
        continue;
      }
      if (Peek() == ']') {
        ++pos_;
        return true;
      }
      return Error("expected ',' or ']'");
    }
  }

  std::string_view t_;
  std::size_t pos_ = 0;
  std::optional<SyntaxError> error_;
};

}  // namespace

std::optional<SyntaxError> FindSyntaxError(std::string_view text) {
  return Scanner(text).Run();
}

}  // namespace vigil::config::detail
