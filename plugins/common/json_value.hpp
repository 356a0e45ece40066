// A small, strict, bounded JSON reader for sink plugins: parses a document into a tree of values
// (numbers keep their source text) with limits on size and depth. Used for sinkOptions, an
// event's data object and response bodies.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vigil_plugins {

struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  double number = 0;
  std::string text;  // a string's decoded value, or a number's source text
  std::vector<JsonValue> items;
  std::vector<std::pair<std::string, JsonValue>> members;  // in document order

  bool is_string() const { return kind == Kind::kString; }
  bool is_number() const { return kind == Kind::kNumber; }
  bool is_object() const { return kind == Kind::kObject; }
  // The first member named `key`, or nullptr (also when this is not an object).
  const JsonValue* Find(std::string_view key) const {
    for (const auto& [k, v] : members)
      if (k == key) return &v;
    return nullptr;
  }
};

struct JsonLimits {
  std::size_t max_bytes = 1 << 20;
  int max_depth = 32;
};

class JsonReader {
 public:
  // Parses one complete JSON document (white space around it allowed). On failure returns
  // nullopt and sets *error to "<what> at byte <n>".
  static std::optional<JsonValue> Parse(std::string_view in, std::string* error,
                                        JsonLimits limits = {}) {
    JsonReader r(in, limits);
    if (in.size() > limits.max_bytes) {
      if (error) *error = "document larger than " + std::to_string(limits.max_bytes) + " bytes";
      return std::nullopt;
    }
    JsonValue v;
    r.SkipWs();
    if (r.Value(v, 0)) {
      r.SkipWs();
      if (r.pos_ == in.size()) return v;
      r.Fail("unexpected data after the value");
    }
    if (error) *error = r.error_ + " at byte " + std::to_string(r.pos_);
    return std::nullopt;
  }

 private:
  JsonReader(std::string_view in, JsonLimits limits) : in_(in), limits_(limits) {}

  bool Fail(const char* what) {
    if (error_.empty()) error_ = what;
    return false;
  }
  void SkipWs() {
    while (pos_ < in_.size() &&
           (in_[pos_] == ' ' || in_[pos_] == '\t' || in_[pos_] == '\n' || in_[pos_] == '\r'))
      ++pos_;
  }
  bool Eat(char c) {
    if (pos_ < in_.size() && in_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool Literal(std::string_view word) {
    if (in_.substr(pos_, word.size()) != word) return Fail("invalid literal");
    pos_ += word.size();
    return true;
  }

  bool Value(JsonValue& v, int depth) {
    if (depth > limits_.max_depth) return Fail("nesting too deep");
    if (pos_ >= in_.size()) return Fail("unexpected end");
    char c = in_[pos_];
    switch (c) {
      case '{':
        return Object(v, depth);
      case '[':
        return Array(v, depth);
      case '"':
        v.kind = JsonValue::Kind::kString;
        return String(v.text);
      case 't':
        v.kind = JsonValue::Kind::kBool;
        v.boolean = true;
        return Literal("true");
      case 'f':
        v.kind = JsonValue::Kind::kBool;
        return Literal("false");
      case 'n':
        v.kind = JsonValue::Kind::kNull;
        return Literal("null");
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return Number(v);
        return Fail("unexpected character");
    }
  }

  bool Object(JsonValue& v, int depth) {
    v.kind = JsonValue::Kind::kObject;
    ++pos_;
    SkipWs();
    if (Eat('}')) return true;
    for (;;) {
      SkipWs();
      if (pos_ >= in_.size() || in_[pos_] != '"') return Fail("expected a string key");
      std::string key;
      if (!String(key)) return false;
      SkipWs();
      if (!Eat(':')) return Fail("expected ':'");
      SkipWs();
      JsonValue member;
      if (!Value(member, depth + 1)) return false;
      v.members.emplace_back(std::move(key), std::move(member));
      SkipWs();
      if (Eat('}')) return true;
      if (!Eat(',')) return Fail("expected ',' or '}'");
    }
  }

  bool Array(JsonValue& v, int depth) {
    v.kind = JsonValue::Kind::kArray;
    ++pos_;
    SkipWs();
    if (Eat(']')) return true;
    for (;;) {
      SkipWs();
      JsonValue item;
      if (!Value(item, depth + 1)) return false;
      v.items.push_back(std::move(item));
      SkipWs();
      if (Eat(']')) return true;
      if (!Eat(',')) return Fail("expected ',' or ']'");
    }
  }

  bool Number(JsonValue& v) {
    std::size_t start = pos_;
    auto digits = [&] {
      std::size_t s = pos_;
      while (pos_ < in_.size() && in_[pos_] >= '0' && in_[pos_] <= '9') ++pos_;
      return pos_ > s;
    };
    Eat('-');
    if (Eat('0')) {
      if (pos_ < in_.size() && in_[pos_] >= '0' && in_[pos_] <= '9')
        return Fail("leading zero in a number");
    } else if (!digits()) {
      return Fail("invalid number");
    }
    if (Eat('.') && !digits()) return Fail("invalid number");
    if (pos_ < in_.size() && (in_[pos_] == 'e' || in_[pos_] == 'E')) {
      ++pos_;
      if (!Eat('+')) Eat('-');
      if (!digits()) return Fail("invalid number");
    }
    v.kind = JsonValue::Kind::kNumber;
    v.text.assign(in_.substr(start, pos_ - start));
    std::from_chars(v.text.data(), v.text.data() + v.text.size(), v.number);
    return true;
  }

  static void AppendUtf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else {
      out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    }
  }

  bool Hex4(std::uint32_t& cp) {
    if (pos_ + 4 > in_.size()) return Fail("truncated \\u escape");
    cp = 0;
    for (int k = 0; k < 4; ++k) {
      char h = in_[pos_++];
      cp <<= 4;
      if (h >= '0' && h <= '9')
        cp |= h - '0';
      else if (h >= 'a' && h <= 'f')
        cp |= h - 'a' + 10;
      else if (h >= 'A' && h <= 'F')
        cp |= h - 'A' + 10;
      else
        return Fail("invalid \\u escape");
    }
    return true;
  }

  bool String(std::string& out) {
    ++pos_;  // opening quote
    for (;;) {
      if (pos_ >= in_.size()) return Fail("unterminated string");
      unsigned char c = static_cast<unsigned char>(in_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return Fail("control character in a string");
      if (c != '\\') {
        out.push_back(static_cast<char>(c));
        ++pos_;
        continue;
      }
      ++pos_;
      if (pos_ >= in_.size()) return Fail("unterminated string");
      char e = in_[pos_++];
      switch (e) {
        case '"':
          out.push_back('"');
          break;
        case '\\':
          out.push_back('\\');
          break;
        case '/':
          out.push_back('/');
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          std::uint32_t cp;
          if (!Hex4(cp)) return false;
          if (cp >= 0xd800 && cp < 0xdc00) {
            std::uint32_t lo;
            if (!Eat('\\') || !Eat('u') || !Hex4(lo) || lo < 0xdc00 || lo > 0xdfff)
              return Fail("unpaired surrogate");
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          } else if (cp >= 0xdc00 && cp <= 0xdfff) {
            return Fail("unpaired surrogate");
          }
          AppendUtf8(out, cp);
          break;
        }
        default:
          return Fail("invalid escape");
      }
    }
  }

  std::string_view in_;
  JsonLimits limits_;
  std::size_t pos_ = 0;
  std::string error_;
};

}  // namespace vigil_plugins
