// Registry: family registration checks, child creation and rendering of each metric type.
#include "core/metrics/registry.hpp"

#include <cmath>

#include "core/metrics/names.hpp"

namespace vigil::metrics {
namespace {

// Label pairs of one child, in a scratch vector reused across children.
void FillLabels(std::vector<Label>* scratch, const std::vector<std::string>& names,
                const std::vector<std::string>& values) {
  scratch->clear();
  for (std::size_t i = 0; i < names.size(); ++i) scratch->push_back({names[i], values[i]});
}

void RenderChild(ExpositionWriter& w, std::span<const Label> labels, const Counter& c,
                 const std::vector<double>&) {
  w.Sample(labels, c.value());
}

void RenderChild(ExpositionWriter& w, std::span<const Label> labels, const Gauge& g,
                 const std::vector<double>&) {
  w.Sample(labels, g.value());
}

void RenderChild(ExpositionWriter& w, std::span<const Label> labels, const Histogram& h,
                 const std::vector<double>& bounds) {
  std::string le;
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= bounds.size(); ++i) {
    cumulative += h.counts()[i];
    le.clear();
    if (i < bounds.size()) {
      AppendValue(&le, bounds[i]);
    } else {
      le = "+Inf";
    }
    Label extra{"le", le};
    w.Suffixed("_bucket", labels, &extra, static_cast<double>(cumulative));
  }
  w.Suffixed("_sum", labels, nullptr, h.sum());
  w.Suffixed("_count", labels, nullptr, static_cast<double>(h.count()));
}

template <typename T>
std::unique_ptr<T> MakeChild(const std::vector<double>*) {
  return std::make_unique<T>();
}
template <>
std::unique_ptr<Histogram> MakeChild<Histogram>(const std::vector<double>* bounds) {
  return std::make_unique<Histogram>(bounds);
}

}  // namespace

void Histogram::Observe(double v) {
  std::size_t i = 0;
  const std::vector<double>& b = *bounds_;
  while (i < b.size() && v > b[i]) ++i;
  ++counts_[i];
  sum_ += v;
  ++count_;
}

template <typename T>
T* Family<T>::WithLabels(std::vector<std::string> values) {
  if (values.size() != label_names_.size()) return nullptr;
  auto it = children_.find(values);
  if (it != children_.end()) return it->second.get();
  auto child = MakeChild<T>(&bounds_);
  T* raw = child.get();
  children_.emplace(std::move(values), std::move(child));
  return raw;
}

template <typename T>
void Family<T>::Render(ExpositionWriter& w) const {
  w.Family(name_, type_, help_);
  std::vector<Label> labels;
  labels.reserve(label_names_.size());
  for (const auto& [values, child] : children_) {
    FillLabels(&labels, label_names_, values);
    RenderChild(w, labels, *child, bounds_);
  }
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

Status Registry::Check(const std::string& name, const std::vector<std::string>& label_names) {
  if (!IsValidMetricName(name)) return Status::Invalid("invalid metric name: " + name);
  if (names_.count(name)) return Status::Invalid("metric registered twice: " + name);
  std::set<std::string_view> seen;
  for (const std::string& l : label_names) {
    if (!IsValidLabelName(l)) return Status::Invalid("invalid label name: " + l + " of " + name);
    if (!seen.insert(l).second) return Status::Invalid("label repeated: " + l + " of " + name);
  }
  return Status::Ok();
}

Result<CounterFamily*> Registry::AddCounter(std::string name, std::string help,
                                            std::vector<std::string> label_names) {
  if (Status s = Check(name, label_names); !s.ok()) return s;
  names_.insert(name);
  auto f = std::make_unique<CounterFamily>(std::move(name), std::move(help), MetricType::kCounter,
                                           std::move(label_names));
  CounterFamily* raw = f.get();
  families_.push_back(std::move(f));
  return raw;
}

Result<GaugeFamily*> Registry::AddGauge(std::string name, std::string help,
                                        std::vector<std::string> label_names) {
  if (Status s = Check(name, label_names); !s.ok()) return s;
  names_.insert(name);
  auto f = std::make_unique<GaugeFamily>(std::move(name), std::move(help), MetricType::kGauge,
                                         std::move(label_names));
  GaugeFamily* raw = f.get();
  families_.push_back(std::move(f));
  return raw;
}

Result<HistogramFamily*> Registry::AddHistogram(std::string name, std::string help,
                                                std::vector<double> bounds,
                                                std::vector<std::string> label_names) {
  if (Status s = Check(name, label_names); !s.ok()) return s;
  for (const std::string& l : label_names) {
    if (l == "le") return Status::Invalid("histogram label named le: " + name);
  }
  if (!bounds.empty() && std::isinf(bounds.back()) && bounds.back() > 0) bounds.pop_back();
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
      return Status::Invalid("histogram bounds must be finite and increasing: " + name);
    }
  }
  names_.insert(name);
  auto f =
      std::make_unique<HistogramFamily>(std::move(name), std::move(help), MetricType::kHistogram,
                                        std::move(label_names), std::move(bounds));
  HistogramFamily* raw = f.get();
  families_.push_back(std::move(f));
  return raw;
}

void Registry::Render(std::string& out) const {
  ExpositionWriter w(out);
  for (const auto& f : families_) f->Render(w);
  for (const auto& c : collectors_) c(w);
}

}  // namespace vigil::metrics
