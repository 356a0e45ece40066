// The durable store: one RocksDB database with a column family per kind of record, written by ONE
// store thread that group-commits whatever the loop thread committed since its last write.
//
// Threading: Open, NewBatch, Commit, Submit, Close and stats are called on the loop thread.
// Commit never touches disk on the caller's thread: it queues the batch and wakes the store
// thread if it is waiting (a burst of commits costs one wake-up, not one each), which merges
// everything queued into one rocksdb::Write (synced when options.sync) and posts the done callbacks
// back to the loop through a uv_async_t, in commit order. Submit runs work on the store thread
// after every earlier commit is written, then its continuation on the loop. While anything is
// outstanding the async handle keeps the loop alive; when idle it does not. Lifetime: Close (or the
// destructor) before the loop is closed, and run the loop once more after Close so the async
// handle's close callback frees it.
#pragma once

#include <uv.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/store/batch.hpp"
#include "core/store/options.hpp"
#include "core/util/result.hpp"

namespace rocksdb {
class DB;
class Status;
}  // namespace rocksdb

namespace vigil::store {

// A RocksDB status as a vigil Status (kNotFound kept, everything else kIo), prefixed by `what`.
Status FromRocks(const rocksdb::Status& s, std::string_view what);

class Store {
 public:
  // Opens (creating the directory and missing column families) synchronously, at start-up.
  static Result<std::unique_ptr<Store>> Open(uv_loop_t* loop, StoreOptions options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // reserve_bytes: room for the batch (kBatchHeaderBytes + BatchPutBytes... in batch.hpp),
  // allocated once up front so that adding records does not reallocate and copy. 0: none.
  Batch NewBatch(std::size_t reserve_bytes = 0) const { return Batch(&cfs_, reserve_bytes); }

  using Done = std::function<void(const Status&)>;
  // Queues b to be written atomically with the current group; `done` runs on the loop once it is
  // durable (per options.sync) or failed. After Close, done runs at once with kUnavailable.
  // Commits and Submits made during one loop iteration reach the store thread together, just
  // before the loop polls for I/O (one lock and at most one wake-up per iteration).
  void Commit(Batch b, Done done = {});
  // Runs `work` on the store thread after every earlier commit is written, then `then` on the
  // loop. After Close, `work` is skipped and `then` runs at once.
  void Submit(std::function<void()> work, std::function<void()> then);

  // Drains queued writes, runs their callbacks, joins the store thread and closes the handle and
  // the database. Idempotent.
  void Close();

  // Synchronous access for start-up code and for work running on the store thread.
  rocksdb::DB* db() const { return db_; }
  rocksdb::ColumnFamilyHandle* cf(Cf c) const { return cfs_[static_cast<std::size_t>(c)]; }
  const StoreOptions& options() const { return options_; }

  struct Stats {
    std::uint64_t commits = 0;         // Commit calls
    std::uint64_t groups_written = 0;  // rocksdb writes made for them
    std::uint64_t ops_written = 0;     // keys put/deleted in those writes
    std::uint64_t bytes_written = 0;   // batch bytes in those writes
    std::uint64_t last_group_commits = 0;
    std::uint64_t queue_depth = 0;  // commits and work queued, not yet done on the store thread
  };
  Stats stats() const;

 private:
  struct Op {
    rocksdb::WriteBatch batch;
    Done done;
    std::function<void()> work, then;
    bool is_work = false;
  };
  struct Completion {
    Done done;
    std::function<void()> then;
    Status status;
  };

  Store(uv_loop_t* loop, StoreOptions options);
  void Start();
  void Stage(Op op);  // loop thread: held until this iteration's prepare phase
  void Flush();       // loop thread: hands the staged ops to the store thread
  static void OnPrepare(uv_prepare_t* h);
  void Run();                          // store thread
  void Process(std::vector<Op>& ops);  // writes groups, runs work, posts completions
  void WriteGroup(std::vector<Op*>& group, std::vector<Completion>& out);
  void Post(std::vector<Completion> done);
  void RunCompletions();  // loop thread
  static void OnAsync(uv_async_t* h);

  uv_loop_t* loop_;
  StoreOptions options_;
  rocksdb::DB* db_ = nullptr;
  CfHandles cfs_{};
  std::vector<rocksdb::ColumnFamilyHandle*> all_handles_;  // incl. default and unknown ones
  uv_async_t* async_ = nullptr;
  uv_prepare_t* prepare_ = nullptr;  // active while ops are staged
  std::vector<Op> staged_;           // loop thread
  std::thread thread_;
  bool closed_ = false;
  std::uint64_t outstanding_ = 0;  // loop thread: ops whose completion has not run yet

  std::mutex mu_;
  std::condition_variable cv_;
  // Ops pass loop -> store thread through three vectors that swap instead of reallocating:
  // staged_ (loop) -> queue_ (mu_) -> running_ (store thread), each keeping its capacity.
  std::vector<Op> queue_;  // guarded by mu_
  std::vector<Op> running_;
  bool stop_ = false;      // guarded by mu_
  bool sleeping_ = false;  // guarded by mu_: the store thread waits on cv_ (Flush wakes it)

  std::mutex done_mu_;
  std::vector<Completion> completions_;  // guarded by done_mu_

  std::atomic<std::uint64_t> commits_{0}, groups_{0}, ops_{0}, bytes_{0}, last_group_{0}, depth_{0};
};

}  // namespace vigil::store
