// The two hint prefix extractors: an empty prefix for every key, and the key up to its first '\0'.
#include "core/store/insert_hint.hpp"

#include <cstring>

namespace vigil::store {
namespace {

class EmptyPrefix : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "vigil.EmptyPrefix"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    return rocksdb::Slice(key.data(), 0);
  }
  bool InDomain(const rocksdb::Slice&) const override { return true; }
};

class ScopePrefix : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "vigil.ScopePrefix"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    const void* z = std::memchr(key.data(), '\0', key.size());
    std::size_t n = z ? static_cast<const char*>(z) - key.data() + 1 : key.size();
    return rocksdb::Slice(key.data(), n);
  }
  bool InDomain(const rocksdb::Slice& key) const override {
    return std::memchr(key.data(), '\0', key.size()) != nullptr;
  }
};

}  // namespace

std::shared_ptr<const rocksdb::SliceTransform> AppendOrderHint() {
  static const auto kHint = std::make_shared<EmptyPrefix>();
  return kHint;
}

std::shared_ptr<const rocksdb::SliceTransform> ScopeOrderHint() {
  static const auto kHint = std::make_shared<ScopePrefix>();
  return kHint;
}

}  // namespace vigil::store
