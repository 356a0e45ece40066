// A data directory as vigil wrote it before the outcomes column family (session 1 layout), for
// the tests that check a newer vigil opens and reads it.
#pragma once

#include <rocksdb/db.h>

#include <functional>
#include <string>
#include <vector>

namespace vigil::testing {

// Handles, in this order: default, deliveries, pending, history, dead_letters, events, webhooks,
// state.
using LegacyFill =
    std::function<void(rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& cfs)>;

// Creates the database at `path` with the old column families, runs `fill`, closes it. False when
// RocksDB refused to open or close it.
inline bool WriteLegacyStore(const std::string& path, const LegacyFill& fill) {
  rocksdb::DBOptions o;
  o.create_if_missing = true;
  o.create_missing_column_families = true;
  std::vector<rocksdb::ColumnFamilyDescriptor> descs;
  for (const char* name : {"default", "deliveries", "pending", "history", "dead_letters", "events",
                           "webhooks", "state"})
    descs.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> h;
  rocksdb::DB* db = nullptr;
  if (!rocksdb::DB::Open(o, path, descs, &h, &db).ok()) return false;
  fill(db, h);
  bool ok = true;
  for (auto* x : h) ok = db->DestroyColumnFamilyHandle(x).ok() && ok;
  ok = db->Close().ok() && ok;
  delete db;
  return ok;
}

}  // namespace vigil::testing
