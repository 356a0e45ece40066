// JSON of the API's resources: webhooks (secret masked unless asked), instances (password never
// shown, live state flattened in), deliveries (payload inlined as JSON when it is JSON).
#pragma once

#include <string>

#include "core/app/control.hpp"
#include "core/deliver/delivery.hpp"

namespace vigil::api {

std::string WebhookToJson(const app::Control::WebhookEntry& e, bool mask_secret);
std::string InstanceToJson(const app::Control::InstanceEntry& e);
std::string DeliveryToJson(const deliver::Delivery& d);

}  // namespace vigil::api
