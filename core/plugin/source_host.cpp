// Source host functions. Until a source runtime is wired in, they refuse politely.
#include "core/plugin/source_host.hpp"

namespace vigil::plugin {
namespace {
vigil_status NoEmit(void*, const vigil_emit*, vigil_error*) {
  return VIGIL_ERR_INTERNAL;
}
uint64_t NoTimer(void*, uint64_t, vigil_timer_cb, void*) {
  return 0;
}
void NoCancel(void*, uint64_t) {}
vigil_resp_conn* NoOpen(void*, const vigil_resp_options*, vigil_resp_callbacks, void*) {
  return nullptr;
}
vigil_status NoCommand(vigil_resp_conn*, const vigil_str*, size_t, vigil_reply_cb, void*) {
  return VIGIL_ERR_INTERNAL;
}
void NoClose(vigil_resp_conn*) {}
}  // namespace

void FillSourceFunctions(vigil_host_api* api) {
  api->emit = NoEmit;
  api->timer_start = NoTimer;
  api->timer_cancel = NoCancel;
  api->resp_open = NoOpen;
  api->resp_command = NoCommand;
  api->resp_close = NoClose;
}

}  // namespace vigil::plugin
