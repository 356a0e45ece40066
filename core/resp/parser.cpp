// Resumable RESP reply parser: one element header per Step, completed nodes and open aggregates
// kept across kPending so a reply arriving in many reads is parsed once.
#include "core/resp/parser.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>

namespace vigil::resp {

namespace {

// Longest header line for a length, count or integer (int64 needs 20 chars).
constexpr std::size_t kMaxNumberLine = 32;
// Node indices are 32-bit.
constexpr std::size_t kMaxReplyBytesCap = std::numeric_limits<std::uint32_t>::max() - 1;

bool ParseInt64(std::string_view s, std::int64_t* out) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  if (s.empty() || s[0] == '+') return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool ParseLength(std::string_view s, std::uint64_t* out) {
  if (s.empty() || s[0] < '0' || s[0] > '9') return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool ParseDouble(std::string_view s, double* out) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  if (s.empty() || s[0] == '+') return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool ValidBigNumber(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// What the first byte of an element announces: its type and how its payload is framed.
enum class Kind : std::uint8_t { kInvalid, kLine, kBlob, kAggregate };
struct TypeByte {
  Kind kind = Kind::kInvalid;
  Type type = Type::kNull;
};
struct TypeBytes {
  TypeByte of[256];
  constexpr TypeBytes() {
    of['+'] = {Kind::kLine, Type::kSimpleString};
    of['-'] = {Kind::kLine, Type::kError};
    of[':'] = {Kind::kLine, Type::kInteger};
    of['_'] = {Kind::kLine, Type::kNull};
    of[','] = {Kind::kLine, Type::kDouble};
    of['#'] = {Kind::kLine, Type::kBoolean};
    of['('] = {Kind::kLine, Type::kBigNumber};
    of['$'] = {Kind::kBlob, Type::kBulkString};
    of['!'] = {Kind::kBlob, Type::kBlobError};
    of['='] = {Kind::kBlob, Type::kVerbatim};
    of['*'] = {Kind::kAggregate, Type::kArray};
    of['%'] = {Kind::kAggregate, Type::kMap};
    of['~'] = {Kind::kAggregate, Type::kSet};
    of['>'] = {Kind::kAggregate, Type::kPush};
    of['|'] = {Kind::kAggregate, Type::kMap};  // attribute: parsed like a map, then dropped
  }
};
constexpr TypeBytes kTypeBytes;

bool IsStringType(Type t) {
  switch (t) {
    case Type::kSimpleString:
    case Type::kError:
    case Type::kBulkString:
    case Type::kBigNumber:
    case Type::kVerbatim:
    case Type::kBlobError:
      return true;
    default:
      return false;
  }
}

}  // namespace

const char* ParseStatusName(ParseStatus s) {
  switch (s) {
    case ParseStatus::kOk:
      return "ok";
    case ParseStatus::kPending:
      return "pending";
    case ParseStatus::kBadType:
      return "bad-type";
    case ParseStatus::kBadLength:
      return "bad-length";
    case ParseStatus::kBadInteger:
      return "bad-integer";
    case ParseStatus::kBadDouble:
      return "bad-double";
    case ParseStatus::kBadBoolean:
      return "bad-boolean";
    case ParseStatus::kBadLine:
      return "bad-line";
    case ParseStatus::kBadVerbatim:
      return "bad-verbatim";
    case ParseStatus::kTooLarge:
      return "too-large";
    case ParseStatus::kTooDeep:
      return "too-deep";
    case ParseStatus::kUnsupported:
      return "unsupported";
  }
  return "?";
}

Parser::Parser(ParserOptions options) : options_(options) {
  options_.max_reply_bytes = std::min(options_.max_reply_bytes, kMaxReplyBytesCap);
  options_.max_elements = std::min(options_.max_elements, kMaxReplyBytesCap);
}

void Parser::Reset() {
  stack_.clear();
  pos_ = 0;
  scan_from_ = 0;
  body_start_ = 0;
  body_len_ = 0;
  needed_ = 0;
  in_progress_ = false;
  done_ = false;
}

ParseStatus Parser::Fail(ParseStatus s) {
  Reset();
  return s;
}

ParseStatus Parser::Parse(std::string_view buf, std::size_t* consumed, Reply* out) {
  *consumed = 0;
  bool resumed = in_progress_;
  if (resumed && buf.size() < pos_) {  // contract violation: the caller dropped bytes
    Reset();
    resumed = false;
  }
  if (!resumed) {
    Reset();
    out->Clear();
  }
  needed_ = 0;
  done_ = false;
  while (!done_) {
    ParseStatus s = Step(buf, out);
    if (s == ParseStatus::kPending) {
      in_progress_ = true;
      return s;
    }
    if (s != ParseStatus::kOk) return Fail(s);
  }
  if (resumed) {
    // Nodes completed in earlier calls point into the caller's old buffer: rebase them once.
    for (Node& n : out->nodes_) {
      if (IsStringType(n.type)) n.str = std::string_view(buf.data() + n.str_offset, n.str.size());
    }
  }
  *consumed = pos_;
  Reset();
  return ParseStatus::kOk;
}

ParseStatus Parser::ReadLine(std::string_view buf, std::size_t max_line, ParseStatus too_long,
                             std::string_view* line) {
  const std::size_t from = std::max(pos_ + 1, scan_from_);
  const char* begin = buf.data() + from;
  const void* nl = from < buf.size() ? std::memchr(begin, '\n', buf.size() - from) : nullptr;
  if (nl == nullptr) {
    work_ += buf.size() - std::min(from, buf.size());
    if (buf.size() - pos_ > max_line) return too_long;
    if (buf.size() > options_.max_reply_bytes) return ParseStatus::kTooLarge;
    scan_from_ = buf.size();
    needed_ = buf.size() + 1;
    return ParseStatus::kPending;
  }
  const std::size_t nl_off = static_cast<const char*>(nl) - buf.data();
  work_ += nl_off - from + 1;
  if (buf[nl_off - 1] != '\r') return ParseStatus::kBadLine;
  if (nl_off - 1 - pos_ > max_line) return too_long;
  if (nl_off + 1 > options_.max_reply_bytes) return ParseStatus::kTooLarge;
  *line = buf.substr(pos_ + 1, nl_off - 1 - (pos_ + 1));
  return ParseStatus::kOk;
}

void Parser::Complete(Reply* out) {
  scan_from_ = 0;
  std::vector<Node>& nodes = out->nodes_;
  while (!stack_.empty()) {
    Frame& f = stack_.back();
    if (--f.remaining > 0) return;
    const Frame closed = f;
    stack_.pop_back();
    if (closed.attribute) {
      // Drop the attribute's nodes; it is not an element of its parent: the real value follows.
      nodes.resize(closed.node);
      return;
    }
    nodes[closed.node].next = static_cast<std::uint32_t>(nodes.size());
  }
  done_ = true;
}

ParseStatus Parser::Step(std::string_view buf, Reply* out) {
  std::vector<Node>& nodes = out->nodes_;

  if (pos_ >= buf.size()) {
    needed_ = pos_ + 1;
    return ParseStatus::kPending;
  }

  const char t = buf[pos_];
  const TypeByte tb = kTypeBytes.of[static_cast<unsigned char>(t)];
  if (tb.kind == Kind::kInvalid) return ParseStatus::kBadType;
  const Type type = tb.type;

  Node node;
  node.type = type;
  node.next = static_cast<std::uint32_t>(nodes.size() + 1);

  switch (tb.kind) {
    case Kind::kLine: {
      std::string_view line;
      const bool numeric = t == ':';
      ParseStatus s = ReadLine(buf, numeric ? kMaxNumberLine : options_.max_reply_bytes,
                               numeric ? ParseStatus::kBadInteger : ParseStatus::kTooLarge, &line);
      if (s != ParseStatus::kOk) return s;
      switch (t) {
        case ':':
          if (!ParseInt64(line, &node.integer)) return ParseStatus::kBadInteger;
          break;
        case ',':
          if (!ParseDouble(line, &node.dbl)) return ParseStatus::kBadDouble;
          break;
        case '#':
          if (line != "t" && line != "f") return ParseStatus::kBadBoolean;
          node.boolean = line[0] == 't';
          break;
        case '_':
          if (!line.empty()) return ParseStatus::kBadLine;
          break;
        case '(':
          if (!ValidBigNumber(line)) return ParseStatus::kBadInteger;
          [[fallthrough]];
        default:
          node.str = line;
          node.str_offset = pos_ + 1;
      }
      pos_ += line.size() + 3;
      nodes.push_back(node);
      Complete(out);
      return ParseStatus::kOk;
    }
    case Kind::kBlob: {
      if (body_start_ == 0) {
        std::string_view line;
        ParseStatus s = ReadLine(buf, kMaxNumberLine, ParseStatus::kBadLength, &line);
        if (s != ParseStatus::kOk) return s;
        if (line == "?") return ParseStatus::kUnsupported;
        const std::size_t header_end = pos_ + line.size() + 3;
        if (t == '$' && line == "-1") {
          node.type = Type::kNull;
          pos_ = header_end;
          nodes.push_back(node);
          Complete(out);
          return ParseStatus::kOk;
        }
        std::uint64_t len = 0;
        if (!ParseLength(line, &len)) return ParseStatus::kBadLength;
        if (len > options_.max_reply_bytes || header_end + len + 2 > options_.max_reply_bytes) {
          return ParseStatus::kTooLarge;
        }
        body_start_ = header_end;
        body_len_ = len;
      }
      const std::size_t end = body_start_ + body_len_ + 2;
      if (buf.size() < end) {
        needed_ = end;
        return ParseStatus::kPending;
      }
      if (buf[end - 2] != '\r' || buf[end - 1] != '\n') return ParseStatus::kBadLine;
      std::size_t off = body_start_;
      std::size_t len = body_len_;
      if (t == '=') {
        if (len < 4 || buf[off + 3] != ':') return ParseStatus::kBadVerbatim;
        std::memcpy(node.format, buf.data() + off, 3);
        off += 4;
        len -= 4;
      }
      node.str = buf.substr(off, len);
      node.str_offset = off;
      pos_ = end;
      body_start_ = 0;
      body_len_ = 0;
      nodes.push_back(node);
      Complete(out);
      return ParseStatus::kOk;
    }
    case Kind::kInvalid:
      return ParseStatus::kBadType;
    case Kind::kAggregate: {  // aggregates and attributes
      std::string_view line;
      ParseStatus s = ReadLine(buf, kMaxNumberLine, ParseStatus::kBadLength, &line);
      if (s != ParseStatus::kOk) return s;
      if (line == "?") return ParseStatus::kUnsupported;
      const std::size_t header_end = pos_ + line.size() + 3;
      if (t == '*' && line == "-1") {
        node.type = Type::kNull;
        pos_ = header_end;
        nodes.push_back(node);
        Complete(out);
        return ParseStatus::kOk;
      }
      std::uint64_t count = 0;
      if (!ParseLength(line, &count)) return ParseStatus::kBadLength;
      if (count > options_.max_elements) return ParseStatus::kTooLarge;
      const std::uint64_t children = (t == '%' || t == '|') ? 2 * count : count;
      // Each child takes at least 3 bytes ("_\r\n"): fail now if it cannot fit.
      if (header_end + 3 * children > options_.max_reply_bytes) return ParseStatus::kTooLarge;
      if (stack_.size() >= options_.max_depth) return ParseStatus::kTooDeep;
      pos_ = header_end;
      scan_from_ = 0;
      if (children == 0) {
        if (t == '|') return ParseStatus::kOk;  // empty attribute: nothing to keep
        node.count = 0;
        nodes.push_back(node);
        Complete(out);
        return ParseStatus::kOk;
      }
      const bool attribute = t == '|';
      stack_.push_back(Frame{static_cast<std::uint32_t>(nodes.size()), children, attribute});
      if (!attribute) {
        node.count = count;
        nodes.push_back(node);
      }
      return ParseStatus::kOk;
    }
  }
  return ParseStatus::kBadType;  // unreachable: every Kind is handled above
}

}  // namespace vigil::resp
