// A parsed RESP2/RESP3 reply: a flat pre-order vector of nodes owned by a reusable Reply, and a
// light Value cursor to walk it. No allocation per reply once the node vector has grown.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::resp {

enum class Type : std::uint8_t {
  kSimpleString,  // +OK
  kError,         // -ERR message
  kInteger,       // :42
  kBulkString,    // $3 foo
  kNull,          // $-1, *-1 (RESP2) and _ (RESP3)
  kArray,         // *N
  kMap,           // %N (RESP3): N pairs, children stored key,value,key,value
  kSet,           // ~N (RESP3)
  kPush,          // >N (RESP3): out-of-band message (pub/sub, invalidation)
  kDouble,        // ,1.5 (RESP3)
  kBoolean,       // #t (RESP3)
  kBigNumber,     // (1234... (RESP3): digits kept as text in str
  kVerbatim,      // =N txt:... (RESP3): str excludes the "txt:" prefix, format() holds "txt"
  kBlobError,     // !N (RESP3): an error whose text may hold CR/LF
};

const char* TypeName(Type t);

// One node of the flat tree. Aggregates are followed by their children in pre-order.
struct Node {
  // String types (simple string, error, bulk, big number, verbatim, blob error): a view into the
  // caller's input buffer. Empty for other types.
  std::string_view str;
  union {
    std::int64_t integer = 0;  // kInteger
    double dbl;                // kDouble
    bool boolean;              // kBoolean
    std::uint64_t count;       // aggregates: number of elements (kMap: number of pairs)
    std::uint64_t str_offset;  // string types: offset of str from the first byte of the reply
  };
  std::uint32_t next = 0;  // index just past this node's subtree (O(1) skip)
  Type type = Type::kNull;
  char format[3] = {0, 0, 0};  // kVerbatim only: the 3-byte format ("txt", "mkd")
};

class Value;

// Owns the nodes of one parsed reply. Reuse one Reply per connection: Clear() (called by the
// parser at the start of each reply) keeps the vector's capacity.
//
// VALIDITY: string views in the nodes point into the buffer handed to Parser::Parse. They stay
// valid until the caller discards, moves or compacts those input bytes (e.g. erases the consumed
// prefix of its read buffer, or lets it reallocate). Copy out what must outlive that.
class Reply {
 public:
  void Clear() { nodes_.clear(); }
  bool empty() const { return nodes_.empty(); }
  // The top-level value. Precondition: !empty().
  Value root() const;
  // True if the reply is a RESP3 push message (`>`), to be routed away from request replies.
  bool is_push() const { return !nodes_.empty() && nodes_[0].type == Type::kPush; }
  std::span<const Node> nodes() const { return nodes_; }

 private:
  friend class Parser;
  std::vector<Node> nodes_;
};

// A cursor on one node of a Reply: cheap to copy, valid as long as the Reply is not cleared and
// the input buffer is alive (see Reply).
class Value {
 public:
  class Iterator {
   public:
    using difference_type = std::ptrdiff_t;
    using value_type = Value;
    Iterator() = default;
    Iterator(const Node* nodes, std::uint32_t index) : nodes_(nodes), index_(index) {}
    Value operator*() const { return Value(nodes_, index_); }
    Iterator& operator++() {
      index_ = nodes_[index_].next;
      return *this;
    }
    Iterator operator++(int) {
      Iterator old = *this;
      ++*this;
      return old;
    }
    bool operator==(const Iterator& o) const { return index_ == o.index_; }

   private:
    const Node* nodes_ = nullptr;
    std::uint32_t index_ = 0;
  };

  Value(const Node* nodes, std::uint32_t index) : nodes_(nodes), index_(index) {}

  Type type() const { return node().type; }
  const Node& node() const { return nodes_[index_]; }

  bool is_null() const { return type() == Type::kNull; }
  bool is_error() const { return type() == Type::kError || type() == Type::kBlobError; }
  bool is_string() const;     // simple, bulk, verbatim, big number (not errors)
  bool is_aggregate() const;  // array, map, set, push

  // Text of string types and of errors (empty otherwise).
  std::string_view str() const { return node().str; }
  // Error text for kError / kBlobError, empty otherwise.
  std::string_view error() const { return is_error() ? node().str : std::string_view(); }
  // Verbatim format ("txt"), empty otherwise.
  std::string_view format() const {
    return type() == Type::kVerbatim ? std::string_view(node().format, 3) : std::string_view();
  }
  std::int64_t integer() const { return type() == Type::kInteger ? node().integer : 0; }
  double dbl() const { return type() == Type::kDouble ? node().dbl : 0.0; }
  bool boolean() const { return type() == Type::kBoolean && node().boolean; }

  // Aggregates: number of elements (map: number of pairs); 0 for scalars.
  std::size_t size() const { return is_aggregate() ? node().count : 0; }
  // Number of child nodes iterated by begin()/end(): size() or, for a map, 2 * size().
  std::size_t child_count() const { return type() == Type::kMap ? 2 * size() : size(); }
  Iterator begin() const { return Iterator(nodes_, index_ + 1); }
  Iterator end() const { return Iterator(nodes_, node().next); }
  // i-th child node (O(i)); precondition i < child_count(). Map: key i = child(2i), value 2i+1.
  Value child(std::size_t i) const;

 private:
  const Node* nodes_;
  std::uint32_t index_;
};

inline Value Reply::root() const {
  return Value(nodes_.data(), 0);
}

// Compact one-line rendering for logs and tests, e.g. `[1 "a" {"k":"v"} nil]`. Allocates.
std::string DebugString(Value v);

}  // namespace vigil::resp
