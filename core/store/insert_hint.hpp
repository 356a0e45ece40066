// Memtable insert hints for column families whose keys arrive in (nearly) ascending order:
// RocksDB remembers where the last key of the same prefix went and starts the next skip-list
// search there, instead of from the top (RocksDB's memtable_insert_with_hint_prefix_extractor).
// A column family with a hint must never get a DeleteRange: RocksDB 7.8 applies the hint to
// range tombstones too and fails an assertion.
#pragma once

#include <rocksdb/slice_transform.h>

#include <memory>

namespace vigil::store {

// Every key shares one hint: for keys that start with a time (BE(ms) + id, UUIDv7 ids).
std::shared_ptr<const rocksdb::SliceTransform> AppendOrderHint();
// One hint per scope: keys `scope '\0' BE(ms) id` share the hint of their scope (history,
// per webhook). Keys without '\0' get no hint.
std::shared_ptr<const rocksdb::SliceTransform> ScopeOrderHint();

}  // namespace vigil::store
