// What the store holds (its column families) and how it is opened (StoreOptions, plain struct with
// the default of each field in its comment).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace vigil::store {

// Column families. kPending is a queue (keys deleted from its head), tuned as RocksDB advises.
// kOutcomes was added after the others: Open creates it in a database that lacks it.
enum class Cf {
  kDeliveries,
  kPending,
  kHistory,
  kDeadLetters,
  kEvents,
  kWebhooks,
  kState,
  kOutcomes
};
inline constexpr std::size_t kCfCount = 8;
std::string_view CfName(Cf cf);

struct StoreOptions {
  // Directory of the database; created (with parents) when missing. Default: ""
  std::string path;
  // true: every group write is fsynced before its callbacks run (survives power loss);
  // false: written to the WAL without fsync (survives a process crash, not an OS crash).
  // Either way one group of commits is one RocksDB write. Default: false
  bool sync = false;
  // Block cache shared by all column families. Default: 8 MiB
  std::size_t block_cache_bytes = 8u << 20;
  // Memtable size per column family before a flush. Default: 8 MiB
  std::size_t write_buffer_bytes = 8u << 20;
  // Forces a flush of rarely written column families so their old WAL files can be deleted.
  // Default: 64 MiB
  std::uint64_t max_total_wal_bytes = 64u << 20;
  // Flush + compaction threads. Default: 2
  int max_background_jobs = 2;
  // Pending queue: an SST file is compacted when `pending_compact_trigger` of any
  // `pending_compact_window` consecutive entries are deletions (CompactOnDeletionCollector).
  // Default: 4096 / 1024
  std::size_t pending_compact_window = 4096;
  std::size_t pending_compact_trigger = 1024;
  // At most this many bytes of commits are merged into one write. Default: 8 MiB
  std::size_t max_group_bytes = 8u << 20;
};

}  // namespace vigil::store
