// Batch: thin typed wrapper over rocksdb::WriteBatch addressing column families by Cf.
#include "core/store/batch.hpp"

#include <rocksdb/slice.h>

namespace vigil::store {
namespace {
rocksdb::Slice S(std::string_view s) {
  return {s.data(), s.size()};
}
}  // namespace

void Batch::Put(Cf cf, std::string_view key, std::string_view value) {
  wb_.Put(handle(cf), S(key), S(value)).PermitUncheckedError();  // fails only on a 4 GiB batch
}

void Batch::Delete(Cf cf, std::string_view key) {
  wb_.Delete(handle(cf), S(key)).PermitUncheckedError();
}

void Batch::DeleteRange(Cf cf, std::string_view begin, std::string_view end) {
  wb_.DeleteRange(handle(cf), S(begin), S(end)).PermitUncheckedError();
}

}  // namespace vigil::store
