// Prometheus text exposition format 0.0.4, written straight into a caller's std::string:
// family headers (HELP, TYPE) and samples with escaped labels and Prometheus float syntax.
// Used by the Registry and directly by code that renders large dynamic families from its own
// data (every INFO field of every instance) without registering children.
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace vigil::metrics {

enum class MetricType { kCounter, kGauge, kHistogram, kUntyped };
std::string_view TypeName(MetricType type);  // "counter", "gauge", "histogram", "untyped"

struct Label {
  std::string_view name;
  std::string_view value;
};

// The exposition's content type, for the HTTP response.
inline constexpr std::string_view kExpositionContentType =
    "text/plain; version=0.0.4; charset=utf-8";

// Appends v as Prometheus reads it: "NaN", "+Inf", "-Inf", integers (|v| < 2^53) without
// exponent or fraction ("1000000"), other values in the shortest form that reads back exactly.
void AppendValue(std::string* out, double v);
// Appends a label value with backslash, double quote and newline escaped.
void AppendEscapedLabelValue(std::string* out, std::string_view v);
// Appends HELP text with backslash and newline escaped.
void AppendEscapedHelp(std::string* out, std::string_view v);

// Writes families one after the other; all samples of a family must follow its Family() call
// (the format requires a family's samples to be contiguous). Names are not validated here:
// the caller passes valid (or sanitized) names. Allocates nothing per sample beyond growing
// `out`: reserve it for large pages.
class ExpositionWriter {
 public:
  explicit ExpositionWriter(std::string& out) : out_(out) {}

  // "# HELP name help" and "# TYPE name type"; later samples are named `name`.
  void Family(std::string_view name, MetricType type, std::string_view help);
  // Same with the type spelled out ("counter", "gauge", "histogram", "untyped").
  void Family(std::string_view name, std::string_view type, std::string_view help);

  // name{labels} value
  void Sample(double value) { Line({}, {}, nullptr, value); }
  void Sample(std::initializer_list<Label> labels, double value) {
    Line({}, std::span<const Label>(labels.begin(), labels.size()), nullptr, value);
  }
  void Sample(std::span<const Label> labels, double value) { Line({}, labels, nullptr, value); }
  // name<suffix>{labels,extra} value: the _bucket (extra = le), _sum and _count lines.
  void Suffixed(std::string_view suffix, std::span<const Label> labels, const Label* extra,
                double value) {
    Line(suffix, labels, extra, value);
  }

  std::string& out() { return out_; }
  const std::string& family() const { return family_; }

 private:
  void Line(std::string_view suffix, std::span<const Label> labels, const Label* extra,
            double value);

  std::string& out_;
  std::string family_;  // reused: no allocation once it has grown
};

}  // namespace vigil::metrics
