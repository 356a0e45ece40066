// Store: group commit on a store thread with callbacks back on a real libuv loop, wake-ups of an
// idle store thread, reserved batches, reopen (also of a database older than a column family),
// sync mode, locking, close semantics and the state helpers.
#include "core/store/store.hpp"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "core/store/state.hpp"
#include "tests/support/legacy_store.hpp"
#include "tests/support/process.hpp"

namespace vigil::store {
namespace {

class StoreTest : public ::testing::Test {
 protected:
  StoreTest() { uv_loop_init(&loop_); }
  ~StoreTest() override {
    store_.reset();
    uv_run(&loop_, UV_RUN_NOWAIT);  // lets the closed async handle go
    EXPECT_EQ(uv_loop_close(&loop_), 0) << "handles left on the loop";
  }

  std::unique_ptr<Store> OpenStore(bool sync = false) {
    StoreOptions o;
    o.path = dir_.file("db");
    o.sync = sync;
    auto s = Store::Open(&loop_, o);
    EXPECT_TRUE(s.ok()) << s.status().message();
    return s.ok() ? std::move(s).value() : nullptr;
  }

  std::string Read(Store& s, Cf cf, const std::string& key) {
    std::string v;
    rocksdb::Status st = s.db()->Get(rocksdb::ReadOptions(), s.cf(cf), key, &v);
    return st.ok() ? v : "<" + st.ToString() + ">";
  }

  // Runs the loop until nothing is outstanding (the store does not keep an idle loop alive).
  void RunLoop() { uv_run(&loop_, UV_RUN_DEFAULT); }

  testing::TempDir dir_;
  uv_loop_t loop_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, CommitCallbacksRunInOrderOnTheLoopThread) {
  store_ = OpenStore();
  std::vector<int> order;
  auto loop_thread = std::this_thread::get_id();
  for (int i = 0; i < 200; ++i) {
    Batch b = store_->NewBatch();
    b.Put(Cf::kWebhooks, "k" + std::to_string(i), "v");
    store_->Commit(std::move(b), [&, i](const Status& st) {
      EXPECT_TRUE(st.ok()) << st.message();
      EXPECT_EQ(std::this_thread::get_id(), loop_thread);
      order.push_back(i);
    });
  }
  RunLoop();
  ASSERT_EQ(order.size(), 200u);
  for (int i = 0; i < 200; ++i) EXPECT_EQ(order[i], i);
  EXPECT_EQ(Read(*store_, Cf::kWebhooks, "k199"), "v");
}

TEST_F(StoreTest, BurstOfCommitsCoalescesIntoFewWrites) {
  store_ = OpenStore();
  constexpr int kCommits = 5000;
  int done = 0;
  for (int i = 0; i < kCommits; ++i) {
    Batch b = store_->NewBatch();
    b.Put(Cf::kPending, "k" + std::to_string(i), "");
    b.Put(Cf::kDeliveries, "d" + std::to_string(i), "payload");
    store_->Commit(std::move(b), [&](const Status& st) {
      EXPECT_TRUE(st.ok());
      ++done;
    });
  }
  RunLoop();
  EXPECT_EQ(done, kCommits);
  Store::Stats s = store_->stats();
  EXPECT_EQ(s.commits, static_cast<std::uint64_t>(kCommits));
  EXPECT_EQ(s.ops_written, 2u * kCommits);
  EXPECT_LT(s.groups_written, s.commits / 10) << "groups " << s.groups_written;
  EXPECT_EQ(s.queue_depth, 0u);
}

TEST_F(StoreTest, SubmitRunsAfterEarlierCommitsThenOnTheLoop) {
  store_ = OpenStore();
  Batch b = store_->NewBatch();
  b.Put(Cf::kEvents, "e", "1");
  store_->Commit(std::move(b));
  std::string seen;
  bool then_ran = false;
  auto loop_thread = std::this_thread::get_id();
  Store* s = store_.get();
  store_->Submit(
      [&, s] {
        EXPECT_NE(std::this_thread::get_id(), loop_thread);
        seen = Read(*s, Cf::kEvents, "e");
      },
      [&] {
        EXPECT_EQ(std::this_thread::get_id(), loop_thread);
        then_ran = true;
      });
  RunLoop();
  EXPECT_TRUE(then_ran);
  EXPECT_EQ(seen, "1");
}

TEST_F(StoreTest, ReopenAfterCloseKeepsEveryColumnFamily) {
  store_ = OpenStore();
  const Cf all[] = {Cf::kDeliveries, Cf::kPending,  Cf::kHistory, Cf::kDeadLetters,
                    Cf::kEvents,     Cf::kWebhooks, Cf::kState,   Cf::kOutcomes};
  Batch b = store_->NewBatch();
  for (Cf cf : all) b.Put(cf, "key", std::string(CfName(cf)));
  b.Put(Cf::kEvents, "gone", "x");
  store_->Commit(std::move(b));
  Batch d = store_->NewBatch();
  d.Delete(Cf::kEvents, "gone");
  store_->Commit(std::move(d));
  store_->Close();
  store_->Close();  // idempotent
  store_ = OpenStore();
  for (Cf cf : all) EXPECT_EQ(Read(*store_, cf, "key"), CfName(cf));
  EXPECT_NE(Read(*store_, Cf::kEvents, "gone"), "x");
}

TEST_F(StoreTest, CommitsAfterTheStoreThreadWentIdleStillWakeIt) {
  store_ = OpenStore();
  int done = 0;
  for (int i = 0; i < 40; ++i) {
    // Alternately one commit and a burst, each after the store thread had time to fall asleep.
    int n = i % 2 == 0 ? 1 : 25;
    for (int j = 0; j < n; ++j) {
      Batch b = store_->NewBatch();
      b.Put(Cf::kState, "k" + std::to_string(i) + "/" + std::to_string(j), "v");
      store_->Commit(std::move(b), [&](const Status& st) {
        EXPECT_TRUE(st.ok());
        ++done;
      });
    }
    RunLoop();  // returns only once every callback ran: a lost wake-up would hang here
    if (i % 4 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_EQ(done, 20 * 1 + 20 * 25);
  EXPECT_EQ(store_->stats().queue_depth, 0u);
}

TEST_F(StoreTest, AReservedBatchHoldsItsRecordsWithoutGrowing) {
  store_ = OpenStore();
  std::string key(40, 'k'), value(300, 'v');
  Batch b = store_->NewBatch(kBatchHeaderBytes + BatchPutBytes(key.size(), value.size()) +
                             2 * BatchDeleteBytes(key.size()));
  const char* before = b.rep().Data().data();
  b.Put(Cf::kOutcomes, key, value);
  b.Delete(Cf::kPending, key);
  b.Delete(Cf::kDeadLetters, key);
  EXPECT_EQ(b.rep().Data().data(), before) << "the batch reallocated";
  EXPECT_EQ(b.count(), 3u);
  store_->Commit(std::move(b));
  RunLoop();
  EXPECT_EQ(Read(*store_, Cf::kOutcomes, key), value);
}

TEST_F(StoreTest, OpensADatabaseWrittenBeforeTheOutcomesFamily) {
  ASSERT_TRUE(vigil::testing::WriteLegacyStore(dir_.file("db"), [](rocksdb::DB* db, const auto& h) {
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), h[7], "old", "state").ok());
  }));
  store_ = OpenStore();
  ASSERT_TRUE(store_);
  EXPECT_EQ(Read(*store_, Cf::kState, "old"), "state");
  EXPECT_EQ(Read(*store_, Cf::kOutcomes, "x"), "<NotFound: >");
  Batch b = store_->NewBatch();
  b.Put(Cf::kOutcomes, "x", "1");
  store_->Commit(std::move(b));
  store_.reset();
  store_ = OpenStore();
  EXPECT_EQ(Read(*store_, Cf::kOutcomes, "x"), "1");
  EXPECT_EQ(Read(*store_, Cf::kState, "old"), "state");
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir_.file("db"), &names).ok());
  EXPECT_NE(std::find(names.begin(), names.end(), "outcomes"), names.end());
}

// The hinted column families (insert_hint.hpp) take keys in any order: the hint only speeds up
// ascending ones. Descending, shuffled and scoped keys all read back sorted.
TEST_F(StoreTest, HintedColumnFamiliesSortKeysInAnyInsertOrder) {
  store_ = OpenStore();
  std::vector<std::string> keys;
  for (int i = 0; i < 300; ++i)
    keys.push_back(std::string(1, static_cast<char>('a' + i % 7)) + '\0' +
                   std::to_string(1000 + (i * 37) % 300));
  for (Cf cf : {Cf::kDeliveries, Cf::kOutcomes, Cf::kPending, Cf::kHistory}) {
    Batch b = store_->NewBatch();
    for (auto it = keys.rbegin(); it != keys.rend(); ++it) b.Put(cf, *it, "v");
    b.Put(cf, "no-scope", "v");
    store_->Commit(std::move(b));
  }
  RunLoop();
  std::vector<std::string> want = keys;
  want.push_back("no-scope");
  std::sort(want.begin(), want.end());
  want.erase(std::unique(want.begin(), want.end()), want.end());
  for (Cf cf : {Cf::kDeliveries, Cf::kOutcomes, Cf::kPending, Cf::kHistory}) {
    std::unique_ptr<rocksdb::Iterator> it(
        store_->db()->NewIterator(rocksdb::ReadOptions(), store_->cf(cf)));
    std::vector<std::string> got;
    for (it->SeekToFirst(); it->Valid(); it->Next()) got.push_back(it->key().ToString());
    EXPECT_EQ(got, want) << CfName(cf);
  }
}

TEST_F(StoreTest, DeleteRangeRemovesOnlyTheRange) {
  store_ = OpenStore();
  Batch b = store_->NewBatch();
  for (char c = 'a'; c <= 'e'; ++c) b.Put(Cf::kEvents, std::string(1, c), "v");
  store_->Commit(std::move(b));
  Batch r = store_->NewBatch();
  r.DeleteRange(Cf::kEvents, "b", "d");
  store_->Commit(std::move(r));
  RunLoop();
  EXPECT_EQ(Read(*store_, Cf::kEvents, "a"), "v");
  EXPECT_NE(Read(*store_, Cf::kEvents, "b"), "v");
  EXPECT_NE(Read(*store_, Cf::kEvents, "c"), "v");
  EXPECT_EQ(Read(*store_, Cf::kEvents, "d"), "v");
}

TEST_F(StoreTest, SyncModeWritesAndReopens) {
  store_ = OpenStore(/*sync=*/true);
  int done = 0;
  for (int i = 0; i < 50; ++i) {
    Batch b = store_->NewBatch();
    b.Put(Cf::kDeliveries, "s" + std::to_string(i), "synced");
    store_->Commit(std::move(b), [&](const Status& st) {
      EXPECT_TRUE(st.ok());
      ++done;
    });
  }
  RunLoop();
  EXPECT_EQ(done, 50);
  EXPECT_LE(store_->stats().groups_written, 50u);
  store_.reset();
  store_ = OpenStore(true);
  EXPECT_EQ(Read(*store_, Cf::kDeliveries, "s49"), "synced");
}

TEST_F(StoreTest, SecondOpenOfTheSamePathFailsClearly) {
  store_ = OpenStore();
  StoreOptions o;
  o.path = dir_.file("db");
  auto second = Store::Open(&loop_, o);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Status::Code::kIo);
  EXPECT_NE(second.status().message().find(o.path), std::string::npos) << second.status().message();
  EXPECT_NE(second.status().message().find("another vigil"), std::string::npos)
      << second.status().message();
}

TEST_F(StoreTest, OpenFailsWhenTheDirectoryCannotBeCreated) {
  StoreOptions o;
  o.path = "/proc/vigil-cannot-exist/db";
  auto s = Store::Open(&loop_, o);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find(o.path), std::string::npos) << s.status().message();
  EXPECT_FALSE(Store::Open(&loop_, StoreOptions{}).ok());  // empty path
}

TEST_F(StoreTest, CloseDrainsQueuedWritesAndRunsTheirCallbacks) {
  store_ = OpenStore();
  std::vector<int> order;
  for (int i = 0; i < 3; ++i) {
    Batch b = store_->NewBatch();
    b.Put(Cf::kState, "c" + std::to_string(i), "v");
    store_->Commit(std::move(b), [&, i](const Status& st) {
      EXPECT_TRUE(st.ok());
      order.push_back(i);
      if (i == 2) {  // a callback that commits while the store closes: still written
        Batch more = store_->NewBatch();
        more.Put(Cf::kState, "late", "v");
        store_->Commit(std::move(more), [&](const Status& s2) {
          EXPECT_TRUE(s2.ok());
          order.push_back(3);
        });
      }
    });
  }
  store_->Close();  // without running the loop
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
  Status after;
  store_->Commit(store_->NewBatch(), [&](const Status& st) { after = st; });
  EXPECT_EQ(after.code(), Status::Code::kUnavailable);
  bool then_ran = false;
  store_->Submit([] { ADD_FAILURE() << "work after close"; }, [&] { then_ran = true; });
  EXPECT_TRUE(then_ran);
  store_.reset();
  store_ = OpenStore();
  EXPECT_EQ(Read(*store_, Cf::kState, "late"), "v");
}

TEST_F(StoreTest, StatesLoadByPrefix) {
  store_ = OpenStore();
  Batch b = store_->NewBatch();
  PutState(b, "detect/mem/a", "firing");
  PutState(b, "detect/mem/b", "ok");
  PutState(b, "detect/conn/a", "firing");
  PutState(b, "detect/mem/c", "x");
  store_->Commit(std::move(b));
  Batch d = store_->NewBatch();
  DeleteState(d, "detect/mem/c");
  store_->Commit(std::move(d));
  store_.reset();
  store_ = OpenStore();
  auto states = LoadStates(*store_, "detect/mem/");
  ASSERT_TRUE(states.ok()) << states.status().message();
  ASSERT_EQ(states->size(), 2u);
  EXPECT_EQ((*states)[0], (std::pair<std::string, std::string>{"detect/mem/a", "firing"}));
  EXPECT_EQ((*states)[1], (std::pair<std::string, std::string>{"detect/mem/b", "ok"}));
  EXPECT_EQ(LoadStates(*store_, "detect/")->size(), 3u);
  EXPECT_TRUE(LoadStates(*store_, "nothing/")->empty());
}

}  // namespace
}  // namespace vigil::store
