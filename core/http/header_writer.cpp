// HeaderWriter: assign into existing slots, append past them.
#include "core/http/header_writer.hpp"

namespace vigil::http {

std::string& HeaderWriter::Append(std::string_view name) {
  if (n_ < h_->size()) {
    Header& slot = (*h_)[n_++];
    slot.first.assign(name);
    slot.second.clear();
    return slot.second;
  }
  h_->emplace_back(std::string(name), std::string());
  ++n_;
  return h_->back().second;
}

void HeaderWriter::Set(std::string_view name, std::string_view value) {
  for (std::size_t i = 0; i < n_; ++i) {
    if (EqualsNoCase((*h_)[i].first, name)) {
      (*h_)[i].second.assign(value);
      return;
    }
  }
  Add(name, value);
}

void HeaderWriter::Finish() {
  if (n_ < h_->size()) h_->erase(h_->begin() + static_cast<std::ptrdiff_t>(n_), h_->end());
}

}  // namespace vigil::http
