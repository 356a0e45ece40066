// Outbox: the delivery records, their pending queue, history and dead-letter indexes, and the
// events, over the store's column families (layout in outbox.hpp).
#include "core/deliver/outbox.hpp"

#include <rocksdb/db.h>
#include <rocksdb/perf_context.h>
#include <rocksdb/perf_level.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <unordered_set>

#include "core/deliver/delivery_codec.hpp"
#include "core/store/keys.hpp"
#include "core/util/log.hpp"

namespace vigil::deliver {
namespace {

using store::Cf;
constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;
// Exclusive upper bound of every BE(time)-first key: times are clamped to [0, 2^63).
const std::string kTimeKeyEnd = store::TimeIdKey(std::numeric_limits<std::int64_t>::max(), "\xff");
// Start-up compaction of the pending queue when its scan stepped over this many tombstones and
// more tombstones than live keys: a one-off cost at start-up instead of every later head Seek.
constexpr std::uint64_t kCompactPendingTombstones = 10000;
// Prune writes its deletes in batches of about this many keys.
constexpr std::size_t kPruneBatchOps = 1000;
// After the 8 time bytes of a pending key: a marker (delivery ids are UUIDs: hex and '-').
constexpr char kMarkerTag = '#';

// A bounded iterator over [lower, upper) of one column family (upper empty: no upper bound).
// RocksDB keeps pointers to the bounds, so this object is never moved.
class Scan {
 public:
  Scan(const store::Store& s, Cf cf, std::string lower, std::string upper)
      : lower_(std::move(lower)), upper_(std::move(upper)), lo_(lower_), hi_(upper_) {
    rocksdb::ReadOptions ro;
    ro.iterate_lower_bound = &lo_;
    if (!upper_.empty()) ro.iterate_upper_bound = &hi_;
    it_.reset(s.db()->NewIterator(ro, s.cf(cf)));
  }
  Scan(const Scan&) = delete;
  Scan& operator=(const Scan&) = delete;
  rocksdb::Iterator* operator->() { return it_.get(); }

 private:
  std::string lower_, upper_;
  rocksdb::Slice lo_, hi_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

std::string_view View(const rocksdb::PinnableSlice& s) {
  return {s.data(), s.size()};
}

// The record of a delivery with its outcome overlaid (one MultiGet of both keys). No outcome:
// the record as written by AddEvent, or by a version that kept the whole state in it.
Result<Delivery> ReadDelivery(const store::Store& s, std::string_view id) {
  rocksdb::ColumnFamilyHandle* cfs[2] = {s.cf(Cf::kDeliveries), s.cf(Cf::kOutcomes)};
  const rocksdb::Slice keys[2] = {{id.data(), id.size()}, {id.data(), id.size()}};
  rocksdb::PinnableSlice values[2];
  rocksdb::Status st[2];
  s.db()->MultiGet(rocksdb::ReadOptions(), 2, cfs, keys, values, st);
  if (st[0].IsNotFound()) return Status::NotFound("delivery " + std::string(id) + " not found");
  if (!st[0].ok()) return store::FromRocks(st[0], "read delivery");
  if (!st[1].ok() && !st[1].IsNotFound()) return store::FromRocks(st[1], "read delivery outcome");
  auto d = DecodeDelivery(View(values[0]));
  if (!d.ok()) return Status::Invalid(d.status().message() + " (id " + std::string(id) + ")");
  if (st[1].ok()) {
    if (Status o = DecodeOutcome(View(values[1]), &*d); !o.ok())
      return Status::Invalid(o.message() + " (id " + std::string(id) + ")");
  }
  return d;
}

// Reads the record of an index entry; false (after logging corruption) when it cannot be used.
bool ReadIndexed(const store::Store& s, std::string_view id, Delivery* out) {
  auto d = ReadDelivery(s, id);
  if (!d.ok()) {
    if (d.status().code() != Status::Code::kNotFound)
      log::Warn("outbox: skipping unreadable delivery", {{"error", d.status().message()}});
    return false;
  }
  *out = std::move(d).value();
  return true;
}

// Runs `work` on the store thread and hands its result to cb on the loop. The result starts as
// kUnavailable: what cb sees when the store is closed and the work never ran.
template <typename T, typename Work>
void Async(store::Store& s, Work work, std::function<void(Result<T>)> cb) {
  auto result = std::make_shared<Result<T>>(Status::Unavailable("store closed"));
  s.Submit([result, work = std::move(work)] { *result = work(); },
           [result, cb = std::move(cb)] {
             if (cb) cb(std::move(*result));
           });
}

Result<std::vector<Delivery>> ListWork(const store::Store& s, const std::string& webhook_id,
                                       std::size_t limit, std::size_t offset,
                                       std::optional<DeliveryStatus> status) {
  std::string prefix = store::ScopePrefix(webhook_id);
  std::vector<Delivery> out;
  Scan it(s, Cf::kHistory, prefix, store::PrefixEnd(prefix));
  std::size_t skipped = 0;
  for (it->SeekToLast(); it->Valid() && out.size() < limit; it->Prev()) {
    std::string_view key(it->key().data(), it->key().size());
    if (key.size() <= prefix.size() + 8) continue;
    Delivery d;
    if (!ReadIndexed(s, key.substr(prefix.size() + 8), &d)) continue;
    if (status && d.status != *status) continue;
    if (skipped < offset) {
      ++skipped;
      continue;
    }
    out.push_back(std::move(d));
  }
  if (!it->status().ok()) return store::FromRocks(it->status(), "list deliveries");
  return out;
}

Result<std::vector<Delivery>> DeadLetterWork(const store::Store& s, const std::string& webhook_id) {
  std::string prefix = store::ScopePrefix(webhook_id);
  std::vector<Delivery> out;
  Scan it(s, Cf::kDeadLetters, prefix, store::PrefixEnd(prefix));
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    std::string_view key(it->key().data(), it->key().size());
    Delivery d;
    if (ReadIndexed(s, key.substr(prefix.size()), &d)) out.push_back(std::move(d));
  }
  if (!it->status().ok()) return store::FromRocks(it->status(), "list dead letters");
  std::sort(out.begin(), out.end(), [](const Delivery& a, const Delivery& b) {
    return a.created_at_ms != b.created_at_ms ? a.created_at_ms > b.created_at_ms : a.id > b.id;
  });
  return out;
}

Result<std::vector<std::string>> EventsWork(const store::Store& s, std::size_t limit) {
  std::vector<std::string> out;
  Scan it(s, Cf::kEvents, store::TimeIdKey(0, ""), kTimeKeyEnd);
  for (it->SeekToLast(); it->Valid() && out.size() < limit; it->Prev())
    out.push_back(it->value().ToString());
  if (!it->status().ok()) return store::FromRocks(it->status(), "list events");
  return out;
}

// Prune, on the store thread. Deletes are written in batches as it goes (its iterators read an
// implicit snapshot, unaffected by them).
class Pruner {
 public:
  Pruner(store::Store& s, const OutboxOptions& o, std::int64_t now_ms)
      : s_(s), o_(o), cutoff_(now_ms - o.history_retention_days * kDayMs), b_(s.NewBatch()) {}

  std::size_t Run() {
    PruneDeliveries();
    PruneEvents();
    Flush();
    return removed_;
  }

 private:
  // History newest first, webhook by webhook: the n-th newest is pruned when n exceeds the cap
  // or it was created before the cutoff, and only if final.
  void PruneDeliveries() {
    Scan it(s_, Cf::kHistory, "", "");
    std::string webhook;
    std::int64_t n = 0;
    for (it->SeekToLast(); it->Valid() && ok_; it->Prev()) {
      std::string_view key(it->key().data(), it->key().size());
      std::size_t z = key.find('\0');
      if (z == std::string_view::npos || key.size() < z + 9) continue;
      if (key.substr(0, z) != webhook || n == 0) {
        webhook.assign(key.substr(0, z));
        n = 0;
      }
      ++n;
      auto created = static_cast<std::int64_t>(store::ReadBigEndian64(key, z + 1));
      if (n <= o_.history_max_per_webhook && created >= cutoff_) continue;
      std::string_view id = key.substr(z + 9);
      auto d = ReadDelivery(s_, id);
      if (d.ok() && !d->final()) continue;  // never prune what is still to be delivered
      if (!d.ok() && d.status().code() != Status::Code::kNotFound) continue;  // keep to inspect
      b_.Delete(Cf::kHistory, key);
      b_.Delete(Cf::kOutcomes, id);  // also an orphan outcome of a record already gone
      if (d.ok()) {
        b_.Delete(Cf::kDeliveries, id);
        if (d->status == DeliveryStatus::kDeadLetter)
          b_.Delete(Cf::kDeadLetters, store::ScopedKey(webhook, id));
        ++removed_;
      }
      if (b_.count() >= kPruneBatchOps) Flush();
    }
    if (!it->status().ok()) Fail(store::FromRocks(it->status(), "prune scan"));
  }

  // Events before the cutoff go with one range tombstone, written only when there are some.
  void PruneEvents() {
    if (cutoff_ <= 0 || !ok_) return;
    std::string begin = store::TimeIdKey(0, ""), end = store::TimeIdKey(cutoff_, "");
    Scan it(s_, Cf::kEvents, begin, end);
    it->Seek(begin);
    if (it->Valid()) b_.DeleteRange(Cf::kEvents, begin, end);
  }

  void Flush() {
    if (b_.empty() || !ok_) return;
    rocksdb::WriteOptions wo;
    wo.sync = s_.options().sync;
    rocksdb::Status st = s_.db()->Write(wo, &b_.rep());
    if (!st.ok()) Fail(store::FromRocks(st, "prune write"));
    b_.rep().Clear();
  }

  void Fail(const Status& st) {
    log::Error("outbox prune failed", {{"error", st.message()}});
    ok_ = false;
  }

  store::Store& s_;
  const OutboxOptions& o_;
  std::int64_t cutoff_;
  store::Batch b_;
  std::size_t removed_ = 0;
  bool ok_ = true;
};

}  // namespace

Outbox::Outbox(store::Store& store, OutboxOptions options) : store_(store), options_(options) {}

std::string Outbox::AddEvent(const event::Event& e, std::string_view payload_json,
                             const std::vector<const Delivery*>& deliveries, Done done) {
  store::Batch b = store_.NewBatch();
  b.Put(Cf::kEvents, store::TimeIdKey(e.timestamp_ms, e.id), payload_json);
  std::string record, marker_key, marker;
  for (const Delivery* d : deliveries) {
    record.clear();
    EncodeDelivery(*d, &record);
    b.Put(Cf::kDeliveries, d->id, record);
    if (!d->final()) {
      if (marker_key.empty()) {  // the first delivery's creation time and id: unique
        store::AppendTimeIdKey(&marker_key, d->created_at_ms, "");
        marker_key.push_back(kMarkerTag);
        marker_key += d->id;
      }
      AppendMarkerId(d->id, &marker);
    }
    b.Put(Cf::kHistory, store::ScopedTimeIdKey(d->webhook_id, d->created_at_ms, d->id), {});
    if (d->status == DeliveryStatus::kDeadLetter)
      b.Put(Cf::kDeadLetters, store::ScopedKey(d->webhook_id, d->id), {});
  }
  if (!marker_key.empty()) b.Put(Cf::kPending, marker_key, marker);
  store_.Commit(std::move(b), std::move(done));
  return marker_key;
}

// The record is immutable once AddEvent wrote it: only the outcome is written. The batch is sized
// up front and the outcome and keys built in reused buffers, so a Save allocates only the batch.
void Outbox::Save(const Delivery& d, std::int64_t prev_due_ms, Done done,
                  std::string_view drop_marker) {
  std::int64_t due = DueMs(d);
  bool marked = prev_due_ms == kMarked;  // no key of its own to move or delete
  bool requeue = !d.final() && (prev_due_ms == 0 || marked || due != prev_due_ms);
  bool unqueue = prev_due_ms != 0 && !marked && (d.final() || requeue);
  bool dead = d.status == DeliveryStatus::kDeadLetter;
  // Only a delivery that was not queued can have been a dead letter.
  bool undead = !dead && prev_due_ms == 0;
  outcome_.clear();
  EncodeOutcome(d, &outcome_);
  std::size_t time_key = 8 + d.id.size(), scoped_key = d.webhook_id.size() + 1 + d.id.size();
  std::size_t bytes = store::kBatchHeaderBytes + store::BatchPutBytes(d.id.size(), outcome_.size());
  if (unqueue) bytes += store::BatchDeleteBytes(time_key);
  if (requeue) bytes += store::BatchPutBytes(time_key, 0);
  if (dead || undead) bytes += store::BatchPutBytes(scoped_key, 0);
  if (!drop_marker.empty()) bytes += store::BatchDeleteBytes(drop_marker.size());

  store::Batch b = store_.NewBatch(bytes);
  b.Put(Cf::kOutcomes, d.id, outcome_);
  if (unqueue) {
    key_.clear();
    store::AppendTimeIdKey(&key_, prev_due_ms, d.id);
    b.Delete(Cf::kPending, key_);
  }
  if (requeue) {
    key_.clear();
    store::AppendTimeIdKey(&key_, due, d.id);
    b.Put(Cf::kPending, key_, {});
  }
  if (dead || undead) {
    key_.clear();
    store::AppendScopedKey(&key_, d.webhook_id, d.id);
    if (dead)
      b.Put(Cf::kDeadLetters, key_, {});
    else
      b.Delete(Cf::kDeadLetters, key_);
  }
  if (!drop_marker.empty()) b.Delete(Cf::kPending, drop_marker);
  store_.Commit(std::move(b), std::move(done));
}

Result<std::vector<Delivery>> Outbox::LoadPending() {
  rocksdb::PerfLevel level = rocksdb::GetPerfLevel();
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableCount);
  rocksdb::get_perf_context()->Reset();
  std::vector<Delivery> out;
  std::unordered_set<std::string> seen;
  std::vector<std::string> marked;  // ids the markers list
  std::size_t markers = 0;
  // Keys a wrong prev_due_ms (or a bug) left behind, and the markers, replaced by keys of their
  // deliveries' own.
  store::Batch stale = store_.NewBatch();
  {
    Scan it(store_, Cf::kPending, store::TimeIdKey(0, ""), kTimeKeyEnd);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      std::string_view key(it->key().data(), it->key().size());
      if (key.size() <= 8) continue;
      if (key[8] == kMarkerTag) {  // read after the keys of their own, below
        std::string_view value(it->value().data(), it->value().size());
        if (Status m = DecodeMarker(value, &marked); !m.ok())
          log::Warn("outbox: skipping a corrupt pending marker", {{"error", m.message()}});
        stale.Delete(Cf::kPending, key);
        ++markers;
        continue;
      }
      std::string_view id = key.substr(8);
      auto d = ReadDelivery(store_, id);
      if (!d.ok() && d.status().code() != Status::Code::kNotFound) {
        log::Warn("outbox: skipping unreadable pending delivery",
                  {{"error", d.status().message()}});
        continue;
      }
      if (!d.ok()) stale.Delete(Cf::kOutcomes, id);  // no record: its outcome is an orphan too
      bool live = d.ok() && !d->final() &&
                  static_cast<std::int64_t>(store::ReadBigEndian64(key)) ==
                      static_cast<std::int64_t>(store::TimeKeyPart(DueMs(*d))) &&
                  seen.insert(std::string(id)).second;
      if (!live) {
        stale.Delete(Cf::kPending, key);
        continue;
      }
      out.push_back(std::move(d).value());
    }
    if (!it->status().ok()) {
      rocksdb::SetPerfLevel(level);
      return store::FromRocks(it->status(), "load pending deliveries");
    }
  }
  std::uint64_t tombstones = rocksdb::get_perf_context()->internal_delete_skipped_count;
  rocksdb::SetPerfLevel(level);
  // A marked delivery that has a key of its own was seen above (the key is newer than the
  // marker); a final one needs nothing; the others are queued by the marker alone.
  std::size_t from_markers = 0;
  for (const std::string& id : marked) {
    if (seen.count(id)) continue;
    Delivery d;
    if (!ReadIndexed(store_, id, &d) || d.final()) continue;
    seen.insert(id);
    stale.Put(Cf::kPending, store::TimeIdKey(DueMs(d), id), {});
    out.push_back(std::move(d));
    ++from_markers;
  }
  if (from_markers)
    std::stable_sort(out.begin(), out.end(),
                     [](const Delivery& a, const Delivery& b) { return DueMs(a) < DueMs(b); });
  if (stale.count() > markers + from_markers)
    log::Warn("outbox: removing stale pending keys",
              {{"count", stale.count() - markers - from_markers}});
  if (!stale.empty()) store_.Commit(std::move(stale));
  if (tombstones >= kCompactPendingTombstones && tombstones > out.size()) {
    log::Info("outbox: compacting the pending queue", {{"tombstones", tombstones}});
    rocksdb::CompactRangeOptions co;
    store_.db()->CompactRange(co, store_.cf(Cf::kPending), nullptr, nullptr).PermitUncheckedError();
  }
  return out;
}

void Outbox::List(std::string webhook_id, std::size_t limit, std::size_t offset,
                  std::optional<DeliveryStatus> status,
                  std::function<void(Result<std::vector<Delivery>>)> cb) {
  store::Store* s = &store_;
  Async<std::vector<Delivery>>(
      store_,
      [s, webhook_id = std::move(webhook_id), limit, offset, status] {
        return ListWork(*s, webhook_id, limit, offset, status);
      },
      std::move(cb));
}

void Outbox::Get(std::string id, std::function<void(Result<Delivery>)> cb) {
  store::Store* s = &store_;
  Async<Delivery>(
      store_, [s, id = std::move(id)] { return ReadDelivery(*s, id); }, std::move(cb));
}

void Outbox::ListDeadLetters(std::string webhook_id,
                             std::function<void(Result<std::vector<Delivery>>)> cb) {
  store::Store* s = &store_;
  Async<std::vector<Delivery>>(
      store_, [s, webhook_id = std::move(webhook_id)] { return DeadLetterWork(*s, webhook_id); },
      std::move(cb));
}

void Outbox::ListEvents(std::size_t limit,
                        std::function<void(Result<std::vector<std::string>>)> cb) {
  store::Store* s = &store_;
  Async<std::vector<std::string>>(
      store_, [s, limit] { return EventsWork(*s, limit); }, std::move(cb));
}

void Outbox::Prune(std::int64_t now_ms, std::function<void(std::size_t)> cb) {
  auto removed = std::make_shared<std::size_t>(0);
  store::Store* s = &store_;
  store_.Submit([s, o = options_, now_ms, removed] { *removed = Pruner(*s, o, now_ms).Run(); },
                [removed, cb = std::move(cb)] {
                  if (cb) cb(*removed);
                });
}

}  // namespace vigil::deliver
