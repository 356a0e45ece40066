// Detector state helpers over Cf::kState.
#include "core/store/state.hpp"

#include <rocksdb/db.h>

#include <memory>

#include "core/store/keys.hpp"

namespace vigil::store {

void PutState(Batch& b, std::string_view key, std::string_view value) {
  b.Put(Cf::kState, key, value);
}

void DeleteState(Batch& b, std::string_view key) {
  b.Delete(Cf::kState, key);
}

Result<std::vector<std::pair<std::string, std::string>>> LoadStates(const Store& store,
                                                                    std::string_view prefix) {
  std::string lower(prefix), upper = PrefixEnd(prefix);
  rocksdb::Slice lo(lower), up(upper);
  rocksdb::ReadOptions ro;
  ro.iterate_lower_bound = &lo;
  if (!upper.empty()) ro.iterate_upper_bound = &up;
  std::unique_ptr<rocksdb::Iterator> it(store.db()->NewIterator(ro, store.cf(Cf::kState)));
  std::vector<std::pair<std::string, std::string>> out;
  for (it->Seek(lo); it->Valid(); it->Next())
    out.emplace_back(it->key().ToString(), it->value().ToString());
  if (!it->status().ok()) return FromRocks(it->status(), "load state");
  return out;
}

}  // namespace vigil::store
