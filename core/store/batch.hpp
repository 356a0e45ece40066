// A batch of writes to several column families, applied atomically by Store::Commit.
// Make one with Store::NewBatch(); it is a plain value, built on the loop thread.
#pragma once

#include <rocksdb/write_batch.h>

#include <array>
#include <cstddef>
#include <string_view>

#include "core/store/options.hpp"

namespace rocksdb {
class ColumnFamilyHandle;
}

namespace vigil::store {

using CfHandles = std::array<rocksdb::ColumnFamilyHandle*, kCfCount>;

// Upper bounds of the bytes a batch takes (RocksDB's WriteBatch format: a 12-byte header, then per
// record a tag, the column family id, and varint-length-prefixed key and value). Summed, they
// size Store::NewBatch's reservation.
inline constexpr std::size_t kBatchHeaderBytes = 12;
constexpr std::size_t BatchPutBytes(std::size_t key, std::size_t value) {
  return 1 + 5 + 5 + key + 5 + value;
}
constexpr std::size_t BatchDeleteBytes(std::size_t key) {
  return 1 + 5 + 5 + key;
}

class Batch {
 public:
  void Put(Cf cf, std::string_view key, std::string_view value);
  void Delete(Cf cf, std::string_view key);
  // Deletes every key in [begin, end) with one range tombstone.
  void DeleteRange(Cf cf, std::string_view begin, std::string_view end);

  std::size_t count() const { return static_cast<std::size_t>(wb_.Count()); }
  std::size_t bytes() const { return wb_.GetDataSize(); }
  bool empty() const { return wb_.Count() == 0; }
  rocksdb::WriteBatch& rep() { return wb_; }

 private:
  friend class Store;
  Batch(const CfHandles* cfs, std::size_t reserve_bytes) : cfs_(cfs), wb_(reserve_bytes) {}
  rocksdb::ColumnFamilyHandle* handle(Cf cf) const { return (*cfs_)[static_cast<std::size_t>(cf)]; }

  const CfHandles* cfs_;
  rocksdb::WriteBatch wb_;
};

}  // namespace vigil::store
