// The durable outbox: events and their deliveries in the store, written before the first attempt,
// kept queued by due time until final, then kept as history (bounded by age and count).
//
// Key layout (store/keys.hpp; BE = 8-byte big-endian, times in ms):
//   kEvents       BE(event timestamp) + event id            -> payload JSON
//   kDeliveries   delivery id                                -> EncodeDelivery(d), written once
//   kOutcomes     delivery id                                -> EncodeOutcome(d), every Save
//   kPending      BE(due) + delivery id                      -> ""  (a queued delivery)
//                 BE(created) + '#' + first delivery id      -> ids (an event's marker, below)
//   kHistory      webhook id + '\0' + BE(created) + id       -> ""
//   kDeadLetters  webhook id + '\0' + delivery id            -> ""
// due = next_retry_at_ms when non-zero, else created_at_ms. Webhook ids hold no '\0'; delivery
// ids are UUIDs, so a '#' after the time tells a marker from a delivery's key.
//
// Pending markers: AddEvent queues an event's deliveries with ONE marker key listing their ids
// (varint length + id each), not one key per delivery: most deliveries succeed at their first
// attempt, and a key per delivery would be written and deleted again within milliseconds. A
// delivery stays covered by the marker (Save's prev_due_ms == kMarked) until its first Save, which
// either makes it final or gives it a key of its own; the Save that settles the last covered
// delivery also deletes the marker (Save's drop_marker). LoadPending reads both kinds, gives the
// live deliveries of a marker keys of their own and deletes the marker.
// The record (kDeliveries) is written by AddEvent with the delivery's first state; Save writes only
// the outcome (status, attempts, last response, timings: all a delivery's later states change), so
// a save writes typically tens of bytes, not the whole request again. A read takes the record and
// overlays the outcome when there is one. A database written before kOutcomes existed has none: its
// records hold the whole state, and read as they are.
//
// Threading: every method is called on the loop thread. Writes are group-committed by the store;
// reads run on the store thread (after earlier writes) and call back on the loop. Callbacks do
// not touch the Outbox, so it may be destroyed while some are outstanding; the Store must
// outlive it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/deliver/delivery.hpp"
#include "core/event/event.hpp"
#include "core/store/store.hpp"
#include "core/util/result.hpp"

namespace vigil::deliver {

struct OutboxOptions {
  // Final deliveries and events older than this are pruned. Default: 30
  std::int64_t history_retention_days = 30;
  // Final deliveries beyond the newest this many of a webhook are pruned. Default: 100000
  std::int64_t history_max_per_webhook = 100000;
};

class Outbox {
 public:
  using Done = std::function<void(const Status&)>;

  Outbox(store::Store& store, OutboxOptions options);

  // Save's prev_due_ms for a delivery queued by its event's marker (no key of its own yet).
  static constexpr std::int64_t kMarked = -1;

  // One atomic batch: the event, each delivery record and history key, and the marker that
  // queues the non-final ones. Returns the marker's key (empty when every delivery is final):
  // pass it as drop_marker to the Save that settles the last of them. `done` runs on the loop
  // once durable: attempt the deliveries only then.
  std::string AddEvent(const event::Event& e, std::string_view payload_json,
                       const std::vector<const Delivery*>& deliveries, Done done);

  // Persists a new state of d. prev_due_ms: the due time d is queued under now (0 = not queued,
  // kMarked = queued by its event's marker). The pending key moves to d's new due time, or is
  // deleted when d is final; the dead-letter key is added when d is dead-lettered and removed
  // when d leaves that state (a dead letter is never queued, so that is a Save with
  // prev_due_ms == 0). drop_marker: a marker key deleted in the same batch.
  void Save(const Delivery& d, std::int64_t prev_due_ms, Done done = {},
            std::string_view drop_marker = {});

  // Start-up, synchronous: every non-final delivery, in due order. Deliveries queued by a marker
  // get keys of their own and the marker is deleted (committed asynchronously), so they are
  // then saved with prev_due_ms = DueMs like any other.
  Result<std::vector<Delivery>> LoadPending();

  // History of one webhook, newest first: `offset` matching deliveries skipped, at most `limit`.
  void List(std::string webhook_id, std::size_t limit, std::size_t offset,
            std::optional<DeliveryStatus> status,
            std::function<void(Result<std::vector<Delivery>>)> cb);
  // kNotFound when no such delivery is stored.
  void Get(std::string id, std::function<void(Result<Delivery>)> cb);
  // Dead letters of one webhook, newest first.
  void ListDeadLetters(std::string webhook_id,
                       std::function<void(Result<std::vector<Delivery>>)> cb);
  // Event payloads, newest first.
  void ListEvents(std::size_t limit, std::function<void(Result<std::vector<std::string>>)> cb);

  // On the store thread: removes final deliveries older than the retention or beyond the newest
  // history_max_per_webhook of their webhook, and events older than the retention.
  // cb(number of deliveries removed) runs on the loop. Non-final deliveries are never removed.
  void Prune(std::int64_t now_ms, std::function<void(std::size_t removed)> cb);

  // Due time a delivery is queued under: next_retry_at_ms when set, else created_at_ms.
  static std::int64_t DueMs(const Delivery& d) {
    return d.next_retry_at_ms != 0 ? d.next_retry_at_ms : d.created_at_ms;
  }

 private:
  store::Store& store_;
  OutboxOptions options_;
  std::string outcome_, key_;  // Save's scratch buffers, reused (loop thread only)
};

}  // namespace vigil::deliver
