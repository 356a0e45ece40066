// Store: the store thread, group commit and the hand-back of callbacks to the loop thread.
#include "core/store/store.hpp"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include "core/util/log.hpp"

namespace vigil::store {
namespace {

// Re-applies one batch's records to another (the public way to append WriteBatches).
class Appender : public rocksdb::WriteBatch::Handler {
 public:
  Appender(rocksdb::WriteBatch* to, const std::vector<rocksdb::ColumnFamilyHandle*>& handles)
      : to_(to), handles_(handles) {}
  rocksdb::Status PutCF(uint32_t id, const rocksdb::Slice& k, const rocksdb::Slice& v) override {
    return to_->Put(H(id), k, v);
  }
  rocksdb::Status DeleteCF(uint32_t id, const rocksdb::Slice& k) override {
    return to_->Delete(H(id), k);
  }
  rocksdb::Status SingleDeleteCF(uint32_t id, const rocksdb::Slice& k) override {
    return to_->SingleDelete(H(id), k);
  }
  rocksdb::Status DeleteRangeCF(uint32_t id, const rocksdb::Slice& b,
                                const rocksdb::Slice& e) override {
    return to_->DeleteRange(H(id), b, e);
  }
  rocksdb::Status MergeCF(uint32_t id, const rocksdb::Slice& k, const rocksdb::Slice& v) override {
    return to_->Merge(H(id), k, v);
  }

 private:
  rocksdb::ColumnFamilyHandle* H(uint32_t id) const {
    for (auto* h : handles_)
      if (h->GetID() == id) return h;
    return handles_.front();  // unreachable: batches only name our column families
  }
  rocksdb::WriteBatch* to_;
  const std::vector<rocksdb::ColumnFamilyHandle*>& handles_;
};

// A WriteBatch's representation: an 8-byte sequence number, a 4-byte little-endian record
// count, then the records (RocksDB's WriteBatch format, stable across versions).
constexpr std::size_t kBatchHeader = 12;

std::uint32_t ReadCount(const std::string& rep) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(rep[8])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(rep[9])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(rep[10])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(rep[11])) << 24;
}

// Joins the records of a group into one batch by concatenating their representations: one copy
// of the bytes, instead of decoding every record and encoding it again (an Appender per batch
// cost about a tenth of the store thread's time in the deliver benchmark). False when a batch
// does not look like a plain WriteBatch (then the caller appends record by record).
template <typename OpPtr>
bool Concatenate(const std::vector<OpPtr>& group, rocksdb::WriteBatch* out) {
  std::size_t bytes = 0;
  std::uint64_t count = 0;
  for (const auto* op : group) {
    const std::string& rep = op->batch.Data();
    if (rep.size() < kBatchHeader) return false;
    bytes += rep.size() - kBatchHeader;
    count += ReadCount(rep);
  }
  if (count > UINT32_MAX) return false;
  std::string rep;
  rep.reserve(kBatchHeader + bytes);
  rep.append(group.front()->batch.Data(), 0, kBatchHeader);
  for (const auto* op : group) rep.append(op->batch.Data(), kBatchHeader);
  for (int i = 0; i < 4; ++i) rep[8 + i] = static_cast<char>((count >> (8 * i)) & 0xff);
  *out = rocksdb::WriteBatch(std::move(rep));
  return true;
}

}  // namespace

Status FromRocks(const rocksdb::Status& s, std::string_view what) {
  std::string msg = std::string(what) + ": " + s.ToString();
  if (s.IsNotFound()) return Status::NotFound(std::move(msg));
  return Status::Io(std::move(msg));
}

Store::Store(uv_loop_t* loop, StoreOptions options) : loop_(loop), options_(std::move(options)) {}

void Store::Start() {
  async_ = new uv_async_t;
  uv_async_init(loop_, async_, &Store::OnAsync);
  async_->data = this;
  uv_unref(reinterpret_cast<uv_handle_t*>(async_));
  prepare_ = new uv_prepare_t;
  uv_prepare_init(loop_, prepare_);
  prepare_->data = this;
  thread_ = std::thread([this] { Run(); });
}

Store::~Store() {
  Close();
}

void Store::Stage(Op op) {
  if (outstanding_++ == 0) uv_ref(reinterpret_cast<uv_handle_t*>(async_));
  depth_.fetch_add(1, std::memory_order_relaxed);
  staged_.push_back(std::move(op));
  // The prepare phase runs before the loop blocks in poll, in this iteration if we are in a
  // timer callback, in the next one (without blocking first) if we are in an I/O callback.
  if (staged_.size() == 1) uv_prepare_start(prepare_, &Store::OnPrepare);
}

void Store::OnPrepare(uv_prepare_t* h) {
  static_cast<Store*>(h->data)->Flush();
}

void Store::Flush() {
  if (prepare_) uv_prepare_stop(prepare_);
  if (staged_.empty()) return;
  bool wake;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (queue_.empty())
      queue_.swap(staged_);  // staged_ takes queue_'s spare capacity
    else
      for (Op& op : staged_) queue_.push_back(std::move(op));
    // Only a waiting store thread needs the futex wake; one that is busy takes these ops with
    // the rest of the queue before it waits again.
    wake = sleeping_;
    sleeping_ = false;
  }
  staged_.clear();
  if (wake) cv_.notify_one();
}

void Store::Commit(Batch b, Done done) {
  if (closed_) {
    if (done) done(Status::Unavailable("store closed"));
    return;
  }
  commits_.fetch_add(1, std::memory_order_relaxed);
  Op op;
  op.batch = std::move(b.wb_);
  op.done = std::move(done);
  Stage(std::move(op));
}

void Store::Submit(std::function<void()> work, std::function<void()> then) {
  if (closed_) {
    if (then) then();
    return;
  }
  Op op;
  op.is_work = true;
  op.work = std::move(work);
  op.then = std::move(then);
  Stage(std::move(op));
}

void Store::Run() {
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      while (!stop_ && queue_.empty()) {
        sleeping_ = true;  // under mu_: a Flush after this sees it and wakes us
        cv_.wait(lock);
      }
      sleeping_ = false;
      if (queue_.empty()) return;  // stop_ and drained
      running_.swap(queue_);
    }
    Process(running_);
    running_.clear();  // keeps the capacity for the next swap
  }
}

void Store::Process(std::vector<Op>& ops) {
  std::vector<Completion> done;
  std::vector<Op*> group;
  std::size_t group_bytes = 0;
  for (Op& op : ops) {
    if (!op.is_work) {
      if (!group.empty() && group_bytes + op.batch.GetDataSize() > options_.max_group_bytes)
        WriteGroup(group, done);
      if (group.empty()) group_bytes = 0;
      group_bytes += op.batch.GetDataSize();
      group.push_back(&op);
      continue;
    }
    WriteGroup(group, done);
    if (op.work) op.work();
    depth_.fetch_sub(1, std::memory_order_relaxed);
    done.push_back(Completion{{}, std::move(op.then), Status::Ok()});
  }
  WriteGroup(group, done);
  Post(std::move(done));
}

void Store::WriteGroup(std::vector<Op*>& group, std::vector<Completion>& out) {
  if (group.empty()) return;
  rocksdb::WriteBatch merged;
  rocksdb::WriteBatch* first = &group.front()->batch;
  if (group.size() > 1) {
    if (Concatenate(group, &merged)) {
      first = &merged;
    } else {  // unreachable with the batches we build: re-apply their records one by one
      for (std::size_t i = 1; i < group.size(); ++i) {
        Appender app(first, all_handles_);
        group[i]->batch.Iterate(&app).PermitUncheckedError();
      }
    }
  }
  Status status;
  if (first->Count() > 0) {
    rocksdb::WriteOptions wo;
    wo.sync = options_.sync;
    rocksdb::Status s = db_->Write(wo, first);
    if (!s.ok()) {
      status = FromRocks(s, "store write");
      log::Error("store write failed", {{"path", options_.path}, {"error", s.ToString()}});
    }
    groups_.fetch_add(1, std::memory_order_relaxed);
    ops_.fetch_add(first->Count(), std::memory_order_relaxed);
    bytes_.fetch_add(first->GetDataSize(), std::memory_order_relaxed);
  }
  last_group_.store(group.size(), std::memory_order_relaxed);
  depth_.fetch_sub(group.size(), std::memory_order_relaxed);
  for (Op* op : group) out.push_back(Completion{std::move(op->done), {}, status});
  group.clear();
}

void Store::Post(std::vector<Completion> done) {
  if (done.empty()) return;
  {
    std::lock_guard<std::mutex> lock(done_mu_);
    if (completions_.empty()) {
      completions_ = std::move(done);
    } else {
      for (Completion& c : done) completions_.push_back(std::move(c));
    }
  }
  uv_async_send(async_);
}

void Store::OnAsync(uv_async_t* h) {
  static_cast<Store*>(h->data)->RunCompletions();
}

void Store::RunCompletions() {
  for (;;) {
    std::vector<Completion> batch;
    {
      std::lock_guard<std::mutex> lock(done_mu_);
      batch.swap(completions_);
    }
    if (batch.empty()) break;
    for (Completion& c : batch) {
      --outstanding_;
      if (c.done) c.done(c.status);
      if (c.then) c.then();
    }
  }
  if (outstanding_ == 0 && async_ && !closed_) uv_unref(reinterpret_cast<uv_handle_t*>(async_));
}

void Store::Close() {
  if (closed_ || !db_) return;
  Flush();
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
  // The store thread wrote everything queued. Callbacks may still Commit (we are not closed
  // yet): write those here, on this thread, until nothing is left.
  for (;;) {
    RunCompletions();
    Flush();
    std::vector<Op> ops;
    {
      std::lock_guard<std::mutex> lock(mu_);
      ops.swap(queue_);
    }
    if (ops.empty()) break;
    Process(ops);
  }
  closed_ = true;
  uv_close(reinterpret_cast<uv_handle_t*>(async_),
           [](uv_handle_t* h) { delete reinterpret_cast<uv_async_t*>(h); });
  async_ = nullptr;
  uv_close(reinterpret_cast<uv_handle_t*>(prepare_),
           [](uv_handle_t* h) { delete reinterpret_cast<uv_prepare_t*>(h); });
  prepare_ = nullptr;
  for (auto* h : all_handles_) db_->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  all_handles_.clear();
  cfs_ = {};
  db_->Close().PermitUncheckedError();
  delete db_;
  db_ = nullptr;
}

Store::Stats Store::stats() const {
  Stats s;
  s.commits = commits_.load(std::memory_order_relaxed);
  s.groups_written = groups_.load(std::memory_order_relaxed);
  s.ops_written = ops_.load(std::memory_order_relaxed);
  s.bytes_written = bytes_.load(std::memory_order_relaxed);
  s.last_group_commits = last_group_.load(std::memory_order_relaxed);
  s.queue_depth = depth_.load(std::memory_order_relaxed);
  return s;
}

}  // namespace vigil::store
