// Text exposition 0.0.4: escaping, float syntax and line layout.
#include "core/metrics/exposition.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace vigil::metrics {

std::string_view TypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
    case MetricType::kUntyped:
      return "untyped";
  }
  return "untyped";
}

void AppendValue(std::string* out, double v) {
  if (std::isnan(v)) {
    out->append("NaN");
    return;
  }
  if (std::isinf(v)) {
    out->append(v > 0 ? "+Inf" : "-Inf");
    return;
  }
  char buf[32];
  std::to_chars_result r;
  constexpr double kExactInt = 9007199254740992.0;  // 2^53
  if (v == std::trunc(v) && std::fabs(v) < kExactInt) {
    r = std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(v));
  } else {
    r = std::to_chars(buf, buf + sizeof buf, v);
  }
  out->append(buf, r.ptr);
}

void AppendEscapedLabelValue(std::string* out, std::string_view v) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (c != '\\' && c != '"' && c != '\n') continue;
    out->append(v.data() + start, i - start);
    out->append(c == '\\' ? "\\\\" : c == '"' ? "\\\"" : "\\n");
    start = i + 1;
  }
  out->append(v.data() + start, v.size() - start);
}

void AppendEscapedHelp(std::string* out, std::string_view v) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (c != '\\' && c != '\n') continue;
    out->append(v.data() + start, i - start);
    out->append(c == '\\' ? "\\\\" : "\\n");
    start = i + 1;
  }
  out->append(v.data() + start, v.size() - start);
}

void ExpositionWriter::Family(std::string_view name, MetricType type, std::string_view help) {
  Family(name, TypeName(type), help);
}

void ExpositionWriter::Family(std::string_view name, std::string_view type, std::string_view help) {
  family_.assign(name);
  out_.append("# HELP ");
  out_.append(name);
  out_.push_back(' ');
  AppendEscapedHelp(&out_, help);
  out_.append("\n# TYPE ");
  out_.append(name);
  out_.push_back(' ');
  out_.append(type);
  out_.push_back('\n');
}

void ExpositionWriter::Line(std::string_view suffix, std::span<const Label> labels,
                            const Label* extra, double value) {
  out_.append(family_);
  out_.append(suffix);
  if (!labels.empty() || extra) {
    char sep = '{';
    for (const Label& l : labels) {
      out_.push_back(sep);
      out_.append(l.name);
      out_.append("=\"");
      AppendEscapedLabelValue(&out_, l.value);
      out_.push_back('"');
      sep = ',';
    }
    if (extra) {
      out_.push_back(sep);
      out_.append(extra->name);
      out_.append("=\"");
      AppendEscapedLabelValue(&out_, extra->value);
      out_.push_back('"');
    }
    out_.push_back('}');
  }
  out_.push_back(' ');
  AppendValue(&out_, value);
  out_.push_back('\n');
}

}  // namespace vigil::metrics
