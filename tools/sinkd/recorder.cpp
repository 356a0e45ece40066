// Recorder: counters, the latency histogram and the JSON views of them.
#include "tools/sinkd/recorder.hpp"

#include <algorithm>

namespace sinkd {
namespace {

constexpr std::size_t kBuckets = 600001;  // 10 minutes in 1 ms steps; the last is "more"
constexpr std::size_t kMaxArrivals = 2'000'000;

void AppendJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  for (char c : s) {
    if (c == '"' || c == '\\') out->push_back('\\');
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out->push_back(c);
  }
  out->push_back('"');
}

}  // namespace

std::uint32_t Interner::Intern(std::string_view s) {
  auto it = index_.find(s);
  if (it != index_.end()) return it->second;
  auto i = static_cast<std::uint32_t>(names_.size());
  names_.emplace_back(s);
  index_.emplace(std::string(s), i);
  return i;
}

bool IdSet::Insert(std::string_view id) {
  if (2 * (size_ + 1) > slots_.size()) {  // keep the load under 1/2
    std::vector<std::uint64_t> old(std::max<std::size_t>(1024, 2 * slots_.size()), 0);
    old.swap(slots_);
    size_ = 0;
    for (std::uint64_t h : old)
      if (h) {
        std::size_t i = h & (slots_.size() - 1);
        while (slots_[i]) i = (i + 1) & (slots_.size() - 1);
        slots_[i] = h;
        ++size_;
      }
  }
  std::uint64_t h = std::hash<std::string_view>()(id) | 1;  // never 0 (the empty mark)
  std::size_t i = h & (slots_.size() - 1);
  for (; slots_[i]; i = (i + 1) & (slots_.size() - 1))
    if (slots_[i] == h) return false;
  slots_[i] = h;
  ++size_;
  return true;
}

Recorder::Recorder() : latency_(kBuckets, 0) {}

void Recorder::Accept(std::string_view path, std::string_view delivery_id, std::string_view event,
                      std::string_view instance, std::int64_t timestamp_ms,
                      std::int64_t received_ms) {
  ++deliveries_;
  if (!first_ms_) first_ms_ = received_ms;
  last_ms_ = received_ms;
  auto p = by_path_.find(path);
  if (p == by_path_.end()) p = by_path_.emplace(std::string(path), 0).first;
  ++p->second;
  if (!delivery_id.empty() && !ids_.Insert(delivery_id)) {
    ++duplicates_;
    return;
  }
  ++unique_;
  auto e = by_event_.find(event);
  if (e == by_event_.end()) e = by_event_.emplace(std::string(event), 0).first;
  ++e->second;
  if (timestamp_ms > 0) {
    std::int64_t lat = std::max<std::int64_t>(0, received_ms - timestamp_ms);
    ++latency_[std::min<std::size_t>(static_cast<std::size_t>(lat), kBuckets - 1)];
    ++latency_count_;
    max_latency_ = std::max(max_latency_, lat);
  }
  if (arrivals_.size() < kMaxArrivals)
    arrivals_.push_back(Arrival{names_.Intern(path), names_.Intern(event), names_.Intern(instance),
                                timestamp_ms, received_ms});
}

void Recorder::Reset() {
  requests_ = deliveries_ = unique_ = duplicates_ = bad_signature_ = faulted_ = 0;
  first_ms_ = last_ms_ = max_latency_ = 0;
  latency_count_ = 0;
  std::fill(latency_.begin(), latency_.end(), 0);
  ids_.Clear();
  by_path_.clear();
  by_event_.clear();
  arrivals_.clear();
  names_.Clear();
}

std::int64_t Recorder::Percentile(double q) const {
  if (latency_count_ == 0) return 0;
  auto rank = static_cast<std::uint64_t>(q * static_cast<double>(latency_count_ - 1)) + 1;
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < latency_.size(); ++i) {
    seen += latency_[i];
    if (seen >= rank) return static_cast<std::int64_t>(i);
  }
  return max_latency_;
}

std::string Recorder::StatsJson() const {
  auto n = [](auto v) { return std::to_string(v); };
  std::string j = "{\"requests\":" + n(requests_) + ",\"deliveries\":" + n(deliveries_) +
                  ",\"unique\":" + n(unique_) + ",\"duplicates\":" + n(duplicates_) +
                  ",\"bad_signature\":" + n(bad_signature_) + ",\"faulted\":" + n(faulted_) +
                  ",\"first_ms\":" + n(first_ms_) + ",\"last_ms\":" + n(last_ms_);
  j += ",\"latency_ms\":{\"count\":" + n(latency_count_) + ",\"p50\":" + n(Percentile(0.5)) +
       ",\"p99\":" + n(Percentile(0.99)) + ",\"max\":" + n(max_latency_) + "}";
  for (const auto* m : {&by_path_, &by_event_}) {
    j += m == &by_path_ ? ",\"by_path\":{" : ",\"by_event\":{";
    bool first = true;
    for (const auto& [k, v] : *m) {
      if (!first) j += ",";
      first = false;
      AppendJsonString(&j, k);
      j += ":" + n(v);
    }
    j += "}";
  }
  return j + "}";
}

std::string Recorder::ArrivalsJson(std::string_view event, std::string_view path) const {
  std::string j = "[";
  bool first = true;
  for (const Arrival& a : arrivals_) {
    if ((!event.empty() && names_.Name(a.event) != event) ||
        (!path.empty() && names_.Name(a.path) != path))
      continue;
    if (!first) j += ",";
    first = false;
    j += "[";
    AppendJsonString(&j, names_.Name(a.instance));
    j += "," + std::to_string(a.timestamp_ms) + "," + std::to_string(a.received_ms) + "]";
  }
  return j + "]";
}

}  // namespace sinkd
