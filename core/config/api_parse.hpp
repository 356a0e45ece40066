// JSON bodies of the REST API read into config structs with the same declaration tables as the
// config file, so an API request validates exactly like the file (see core/api).
#pragma once

#include <string_view>

#include "core/config/config.hpp"

namespace vigil::config {

// Applies a JSON object onto `base`: keys present replace base's values, nested objects merge
// key by key. POST passes the defaults as base (`events` required; an empty id becomes a new
// UUID, an empty name the id); PUT passes the current webhook (a partial update: nothing is
// required). Names in `instances` must be instances of cfg.
// Errors are Status::Invalid: "<field path>: <why>" (e.g. "thresholds.memoryCriticalPercent:
// must be 1..100"), or "invalid JSON: <what>" (no field) for a syntax error.
Result<Webhook> ParseWebhookJson(std::string_view json, Webhook base, const Config& cfg);
// The same for an instance: `host` is required when base has none; the name defaults to
// "<host>:<port>"; effective_* values are resolved against cfg's top-level values.
Result<Instance> ParseInstanceJson(std::string_view json, Instance base, const Config& cfg);

}  // namespace vigil::config
