// The host side of vigil_request and vigil_error: what a sink's render fills through the host
// table (an http::Request being built, plus the first error a hook reported).
#pragma once

#include <string>

#include "core/http/request.hpp"

struct vigil_request {
  vigil::http::Request req;
  std::string url;  // the URL as the sink set it; parsed after render
};

struct vigil_error {
  std::string message;
};
