// Store::Open: the RocksDB options vigil uses (modest memory, level compaction, the pending CF
// tuned as a queue) and opening or creating the database with all its column families.
#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/table_properties_collectors.h>

#include <algorithm>
#include <filesystem>
#include <iterator>

#include "core/store/insert_hint.hpp"
#include "core/store/store.hpp"

namespace vigil::store {

std::string_view CfName(Cf cf) {
  switch (cf) {
    case Cf::kDeliveries:
      return "deliveries";
    case Cf::kPending:
      return "pending";
    case Cf::kHistory:
      return "history";
    case Cf::kDeadLetters:
      return "dead_letters";
    case Cf::kEvents:
      return "events";
    case Cf::kWebhooks:
      return "webhooks";
    case Cf::kState:
      return "state";
    case Cf::kOutcomes:
      return "outcomes";
  }
  return "unknown";
}

namespace {

rocksdb::DBOptions MakeDbOptions(const StoreOptions& o) {
  rocksdb::DBOptions db;
  db.create_if_missing = true;
  db.create_missing_column_families = true;
  db.max_background_jobs = o.max_background_jobs;
  // The column families share one WAL: a rarely written one (state, webhooks) would keep old
  // WAL files alive forever without this cap, which forces it to flush.
  db.max_total_wal_size = o.max_total_wal_bytes;
  db.keep_log_file_num = 3;  // RocksDB's own info LOG files
  db.max_log_file_size = 4u << 20;
  return db;
}

rocksdb::ColumnFamilyOptions MakeCfOptions(const StoreOptions& o, Cf cf,
                                           const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions c;
  c.compaction_style = rocksdb::kCompactionStyleLevel;
  c.write_buffer_size = o.write_buffer_bytes;
  c.max_write_buffer_number = 2;
  c.target_file_size_base = 16u << 20;
  c.max_bytes_for_level_base = 64u << 20;
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = cache;
  if (cf == Cf::kDeliveries || cf == Cf::kOutcomes) {
    // Point lookups by id: a bloom filter skips SST files that do not hold the id (most
    // deliveries have no outcome key in most files).
    t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  }
  c.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  // Flushes write level 0 uncompressed: a flush runs beside the delivery pipeline and spent
  // over half its CPU in Snappy, and level 0 is rewritten by the next compaction anyway. The
  // levels below stay compressed, so what is kept for days still takes the compressed size.
  c.compression_per_level.assign(static_cast<std::size_t>(c.num_levels),
                                 rocksdb::kSnappyCompression);
  c.compression_per_level[0] = rocksdb::kNoCompression;
  // Keys that arrive in ascending order (times first, or UUIDv7 delivery ids) insert from
  // where the previous one went: a fraction of a full skip-list search per key. Not the events
  // CF: Prune deletes a range there, and RocksDB's range tombstones break on a hinted memtable.
  switch (cf) {
    case Cf::kDeliveries:
    case Cf::kOutcomes:
    case Cf::kPending:
      c.memtable_insert_with_hint_prefix_extractor = AppendOrderHint();
      break;
    case Cf::kHistory:
      c.memtable_insert_with_hint_prefix_extractor = ScopeOrderHint();
      break;
    default:
      break;
  }
  if (cf == Cf::kPending) {
    // A queue: keys are deleted from its head. RocksDB's queue advice: bound every iterator
    // (done by the readers) and compact files dense in deletions so tombstones do not pile up
    // in front of the head.
    c.table_properties_collector_factories.push_back(rocksdb::NewCompactOnDeletionCollectorFactory(
        o.pending_compact_window, o.pending_compact_trigger));
  }
  return c;
}

// In Cf order: cfs_[i] is the handle of kAllCfs[i]. A column family missing from an existing
// database (one written before it was added) is created by Open.
constexpr Cf kAllCfs[] = {Cf::kDeliveries, Cf::kPending,  Cf::kHistory, Cf::kDeadLetters,
                          Cf::kEvents,     Cf::kWebhooks, Cf::kState,   Cf::kOutcomes};
static_assert(std::size(kAllCfs) == kCfCount);

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(uv_loop_t* loop, StoreOptions options) {
  if (options.path.empty()) return Status::Invalid("store path is empty");
  std::error_code ec;
  std::filesystem::create_directories(options.path, ec);
  if (ec) return Status::Io("cannot create store directory " + options.path + ": " + ec.message());

  auto cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  rocksdb::DBOptions dbo = MakeDbOptions(options);
  std::vector<rocksdb::ColumnFamilyDescriptor> descs;
  descs.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
  for (Cf cf : kAllCfs)
    descs.emplace_back(std::string(CfName(cf)), MakeCfOptions(options, cf, cache));
  // Column families this version does not know (written by a newer vigil) must be opened too.
  std::vector<std::string> existing;
  if (rocksdb::DB::ListColumnFamilies(dbo, options.path, &existing).ok()) {
    for (const std::string& name : existing) {
      bool known =
          std::any_of(descs.begin(), descs.end(), [&](const auto& d) { return d.name == name; });
      if (!known) descs.emplace_back(name, rocksdb::ColumnFamilyOptions());
    }
  }

  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(dbo, options.path, descs, &handles, &db);
  if (!s.ok()) {
    std::string msg = "cannot open store at " + options.path + ": " + s.ToString();
    if (s.ToString().find("lock") != std::string::npos)
      msg += " (is another vigil process using this data directory?)";
    return Status::Io(std::move(msg));
  }

  std::unique_ptr<Store> store(new Store(loop, std::move(options)));
  store->db_ = db;
  store->all_handles_ = handles;
  for (std::size_t i = 0; i < kCfCount; ++i) store->cfs_[i] = handles[i + 1];
  store->Start();
  return store;
}

}  // namespace vigil::store
