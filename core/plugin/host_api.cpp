// The vigil_host_api table: logging, errors and request building (sinks), and the source
// functions (emit, timers, RESP connections) implemented in source_host.cpp.
#include <string_view>

#include "core/plugin/loader.hpp"
#include "core/plugin/request_builder.hpp"
#include "core/plugin/source_host.hpp"
#include "core/util/log.hpp"

namespace vigil::plugin {
namespace {

std::string_view Sv(vigil_str s) {
  return s.ptr ? std::string_view(s.ptr, s.len) : std::string_view();
}

void HostLog(vigil_log_level level, vigil_str message) {
  log::Level l = level == VIGIL_LOG_DEBUG  ? log::Level::kDebug
                 : level == VIGIL_LOG_INFO ? log::Level::kInfo
                 : level == VIGIL_LOG_WARN ? log::Level::kWarn
                                           : log::Level::kError;
  log::Write(l, "plugin", {{"message", Sv(message)}});
}
void SetError(vigil_error* err, vigil_str message) {
  if (err && err->message.empty()) err->message = std::string(Sv(message).substr(0, 1024));
}
void SetMethod(vigil_request* r, vigil_str m) {
  r->req.method = std::string(Sv(m));
}
void SetUrl(vigil_request* r, vigil_str u) {
  r->url = std::string(Sv(u));
}
void AddHeader(vigil_request* r, vigil_str n, vigil_str v) {
  r->req.headers.emplace_back(std::string(Sv(n)), std::string(Sv(v)));
}
void SetBody(vigil_request* r, vigil_str b) {
  r->req.body.assign(Sv(b));
}
void AppendBody(vigil_request* r, vigil_str b) {
  r->req.body.append(Sv(b));
}

}  // namespace

const vigil_host_api* HostApi() {
  static const vigil_host_api api = [] {
    vigil_host_api a{};
    a.struct_size = sizeof(vigil_host_api);
    a.abi_version = VIGIL_ABI_VERSION;
    a.host_version = VIGIL_VERSION;
    a.log = HostLog;
    a.set_error = SetError;
    a.request_set_method = SetMethod;
    a.request_set_url = SetUrl;
    a.request_add_header = AddHeader;
    a.request_set_body = SetBody;
    a.request_append_body = AppendBody;
    FillSourceFunctions(&a);
    return a;
  }();
  return &api;
}

}  // namespace vigil::plugin
