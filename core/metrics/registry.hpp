// A small registry of metric families (counters, gauges, histograms) with label names and
// children keyed by label values, rendered as a Prometheus text exposition. Loop thread only:
// no atomics. Children are created once and updated through stable pointers (one add each).
#pragma once

#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/metrics/exposition.hpp"
#include "core/util/result.hpp"

namespace vigil::metrics {

class Counter {
 public:
  void Inc(double v = 1) { value_ += v; }  // v >= 0 (not checked on the hot path)
  double value() const { return value_; }

 private:
  double value_ = 0;
};

class Gauge {
 public:
  void Set(double v) { value_ = v; }
  void Inc(double v = 1) { value_ += v; }
  void Dec(double v = 1) { value_ -= v; }
  double value() const { return value_; }

 private:
  double value_ = 0;
};

class Histogram {
 public:
  // bounds: the family's upper bounds, increasing, without +Inf; must outlive the child.
  explicit Histogram(const std::vector<double>* bounds)
      : bounds_(bounds), counts_(bounds->size() + 1, 0) {}
  // Counts v in the first bucket whose bound is >= v (a linear scan: buckets are few).
  void Observe(double v);
  const std::vector<double>& bounds() const { return *bounds_; }
  // Per-bucket (not cumulative) counts; the last one is +Inf.
  const std::vector<std::uint64_t>& counts() const { return counts_; }
  double sum() const { return sum_; }
  std::uint64_t count() const { return count_; }

 private:
  const std::vector<double>* bounds_;
  std::vector<std::uint64_t> counts_;
  double sum_ = 0;
  std::uint64_t count_ = 0;
};

class FamilyBase {
 public:
  FamilyBase(std::string name, std::string help, MetricType type,
             std::vector<std::string> label_names)
      : name_(std::move(name)),
        help_(std::move(help)),
        type_(type),
        label_names_(std::move(label_names)) {}
  virtual ~FamilyBase() = default;
  virtual void Render(ExpositionWriter& w) const = 0;
  const std::string& name() const { return name_; }
  const std::vector<std::string>& label_names() const { return label_names_; }

 protected:
  std::string name_, help_;
  MetricType type_;
  std::vector<std::string> label_names_;
};

// A family of children of type T (Counter, Gauge or Histogram), rendered in label-value order.
template <typename T>
class Family : public FamilyBase {
 public:
  Family(std::string name, std::string help, MetricType type, std::vector<std::string> label_names,
         std::vector<double> bounds = {})
      : FamilyBase(std::move(name), std::move(help), type, std::move(label_names)),
        bounds_(std::move(bounds)) {}

  // The child for these label values (one per label name, in order), created on first use.
  // The pointer stays valid for the registry's lifetime: keep it and update through it.
  // nullptr when the number of values differs from the number of label names.
  T* WithLabels(std::initializer_list<std::string_view> values) {
    return WithLabels(std::vector<std::string>(values.begin(), values.end()));
  }
  T* WithLabels(std::vector<std::string> values);
  // The only child of a family without labels.
  T* Get() { return WithLabels(std::vector<std::string>{}); }
  std::size_t size() const { return children_.size(); }

  void Render(ExpositionWriter& w) const override;

 private:
  std::vector<double> bounds_;  // histograms only
  std::map<std::vector<std::string>, std::unique_ptr<T>> children_;
};

using CounterFamily = Family<Counter>;
using GaugeFamily = Family<Gauge>;
using HistogramFamily = Family<Histogram>;

class Registry {
 public:
  // Appends families to an exposition at render time (dynamic data, see ExpositionWriter).
  using Collector = std::function<void(ExpositionWriter&)>;

  // Invalid: a bad metric or label name, a name already registered, or (histograms) bounds
  // not strictly increasing and finite, or a label named "le". A trailing +Inf bound is
  // dropped (it is always there).
  Result<CounterFamily*> AddCounter(std::string name, std::string help,
                                    std::vector<std::string> label_names = {});
  Result<GaugeFamily*> AddGauge(std::string name, std::string help,
                                std::vector<std::string> label_names = {});
  Result<HistogramFamily*> AddHistogram(std::string name, std::string help,
                                        std::vector<double> bounds,
                                        std::vector<std::string> label_names = {});
  void AddCollector(Collector collector) { collectors_.push_back(std::move(collector)); }

  // Appends the whole exposition: registered families in registration order, then collectors.
  void Render(std::string& out) const;

 private:
  Status Check(const std::string& name, const std::vector<std::string>& label_names);

  std::vector<std::unique_ptr<FamilyBase>> families_;
  std::set<std::string, std::less<>> names_;
  std::vector<Collector> collectors_;
};

}  // namespace vigil::metrics
