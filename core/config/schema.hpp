// The declaration tables: one per object type of the configuration file. Validation (load.cpp)
// and the Markdown reference (reference.cpp) both read them; nothing else knows the keys.
#pragma once

#include "core/config/config.hpp"
#include "core/config/decl.hpp"

namespace vigil::config::detail {

const ObjectDecl<Config>& ConfigDecl();
const ObjectDecl<RespOptions>& RespDecl();
const ObjectDecl<Instance>& InstanceDecl();
const ObjectDecl<Webhook>& WebhookDecl();
const ObjectDecl<Thresholds>& ThresholdsDecl();
const ObjectDecl<RetryPolicy>& RetryPolicyDecl();
const ObjectDecl<TlsOptions>& TlsDecl();
const ObjectDecl<DeliveryOptions>& DeliveryDecl();
const ObjectDecl<CircuitBreaker>& CircuitBreakerDecl();
const ObjectDecl<RateLimit>& RateLimitDecl();
const ObjectDecl<Source>& SourceDecl();
const ObjectDecl<ApiOptions>& ApiDecl();

}  // namespace vigil::config::detail
