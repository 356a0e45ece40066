// The OpenAPI 3.0 document of the REST API, served at GET /openapi.json. Written by hand from
// the API's contract (not generated from the route table): a unit test checks both list the
// same method + path pairs, and that docs/api.md shows every path.
#pragma once

#include <string_view>

namespace vigil::api {

// Built once on first use; valid for the program's lifetime.
std::string_view OpenApiDocument();

}  // namespace vigil::api
