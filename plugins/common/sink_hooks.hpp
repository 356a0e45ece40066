// The create/destroy/render shapes the option-taking sinks share: sinkOptions parsed into a heap
// object that the webhook owns as its state, and a request body set with its content type.
#pragma once

#include <memory>
#include <string_view>

#include "options.hpp"
#include "sink_util.hpp"
#include "vigil/plugin.h"

namespace vigil_plugins {

// A sink's create hook: parse(reader, options) reads and checks the options (reporting problems
// with reader.SetError); the first error is returned as VIGIL_ERR_INVALID, an exception as
// VIGIL_ERR_INTERNAL, and on success *state owns a new Options.
template <class Options, class Parse>
vigil_status CreateOptions(const vigil_host_api* host, const vigil_webhook* w, void** state,
                           vigil_error* err, Parse&& parse) {
  return Guarded(host, err, [&] {
    *state = nullptr;
    OptionReader r(View(w->options_json));
    auto opts = std::make_unique<Options>();
    parse(r, *opts);
    if (!r.Finish()) {
      SetError(host, err, r.error());
      return VIGIL_ERR_INVALID;
    }
    *state = opts.release();
    return VIGIL_OK;
  });
}

// The destroy hook matching CreateOptions<Options>.
template <class Options>
void DestroyOptions(void* state) {
  delete static_cast<Options*>(state);
}

// Sets the request's body and its Content-Type header.
inline void SetBody(const vigil_host_api* host, vigil_request* req, std::string_view content_type,
                    std::string_view body) {
  host->request_add_header(req, Str("Content-Type"), Str(content_type));
  host->request_set_body(req, Str(body));
}

}  // namespace vigil_plugins
