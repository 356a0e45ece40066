// Value accessors and the debug rendering of a parsed RESP reply.
#include "core/resp/reply.hpp"

#include <charconv>

namespace vigil::resp {

const char* TypeName(Type t) {
  switch (t) {
    case Type::kSimpleString:
      return "simple-string";
    case Type::kError:
      return "error";
    case Type::kInteger:
      return "integer";
    case Type::kBulkString:
      return "bulk-string";
    case Type::kNull:
      return "null";
    case Type::kArray:
      return "array";
    case Type::kMap:
      return "map";
    case Type::kSet:
      return "set";
    case Type::kPush:
      return "push";
    case Type::kDouble:
      return "double";
    case Type::kBoolean:
      return "boolean";
    case Type::kBigNumber:
      return "big-number";
    case Type::kVerbatim:
      return "verbatim";
    case Type::kBlobError:
      return "blob-error";
  }
  return "?";
}

bool Value::is_string() const {
  switch (type()) {
    case Type::kSimpleString:
    case Type::kBulkString:
    case Type::kVerbatim:
    case Type::kBigNumber:
      return true;
    default:
      return false;
  }
}

bool Value::is_aggregate() const {
  switch (type()) {
    case Type::kArray:
    case Type::kMap:
    case Type::kSet:
    case Type::kPush:
      return true;
    default:
      return false;
  }
}

Value Value::child(std::size_t i) const {
  std::uint32_t idx = index_ + 1;
  for (; i > 0; --i) idx = nodes_[idx].next;
  return Value(nodes_, idx);
}

namespace {

void AppendQuoted(std::string* out, std::string_view s) {
  out->push_back('"');
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (c == '\r') {
      out->append("\\r");
    } else if (c == '\n') {
      out->append("\\n");
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

void Render(Value v, std::string* out) {
  char num[64];
  switch (v.type()) {
    case Type::kSimpleString:
      out->append(v.str());
      return;
    case Type::kBulkString:
      AppendQuoted(out, v.str());
      return;
    case Type::kError:
    case Type::kBlobError:
      out->append("(error ");
      AppendQuoted(out, v.str());
      out->push_back(')');
      return;
    case Type::kInteger: {
      auto r = std::to_chars(num, num + sizeof num, v.integer());
      out->append(num, r.ptr);
      return;
    }
    case Type::kDouble: {
      auto r = std::to_chars(num, num + sizeof num, v.dbl());
      out->append("(double ").append(num, r.ptr).push_back(')');
      return;
    }
    case Type::kBoolean:
      out->append(v.boolean() ? "true" : "false");
      return;
    case Type::kNull:
      out->append("nil");
      return;
    case Type::kBigNumber:
      out->append("(big ").append(v.str()).push_back(')');
      return;
    case Type::kVerbatim:
      out->append("(").append(v.format()).push_back(' ');
      AppendQuoted(out, v.str());
      out->push_back(')');
      return;
    case Type::kArray:
    case Type::kSet:
    case Type::kPush:
    case Type::kMap: {
      const bool map = v.type() == Type::kMap;
      const char* open = map                       ? "{"
                         : v.type() == Type::kSet  ? "~["
                         : v.type() == Type::kPush ? ">["
                                                   : "[";
      out->append(open);
      std::size_t i = 0;
      for (Value c : v) {
        if (i > 0) out->push_back(map && i % 2 == 1 ? ':' : ' ');
        Render(c, out);
        ++i;
      }
      out->push_back(map ? '}' : ']');
      return;
    }
  }
}

}  // namespace

std::string DebugString(Value v) {
  std::string out;
  Render(v, &out);
  return out;
}

}  // namespace vigil::resp
