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
  explicit Batch(const CfHandles* cfs) : cfs_(cfs) {}
  rocksdb::ColumnFamilyHandle* handle(Cf cf) const { return (*cfs_)[static_cast<std::size_t>(cf)]; }

  const CfHandles* cfs_;
  rocksdb::WriteBatch wb_;
};

}  // namespace vigil::store
