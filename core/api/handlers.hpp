// The route handlers of the API, one function per route, grouped in files by resource
// (webhooks.cpp, deliveries.cpp, instances.cpp, events.cpp, system.cpp), and the small helpers
// they share (query numbers, the config view for cross-checks).
#pragma once

#include <cstddef>

#include "core/api/call.hpp"

namespace vigil::api {

// webhooks.cpp
void ListWebhooks(Call& c);
void CreateWebhook(Call& c);
void GetWebhook(Call& c);
void UpdateWebhook(Call& c);
void DeleteWebhook(Call& c);
void TestWebhook(Call& c);
void RotateWebhookSecret(Call& c);
void AllowedEvents(Call& c);
// deliveries.cpp
void ListDeliveries(Call& c);
void GetDelivery(Call& c);
void RetryDelivery(Call& c);
void RetryDeadLetters(Call& c);
void RetryQueueStats(Call& c);
// instances.cpp
void ListInstances(Call& c);
void CreateInstance(Call& c);
void GetInstance(Call& c);
void UpdateInstance(Call& c);
void DeleteInstance(Call& c);
// events.cpp
void RecentEvents(Call& c);
// system.cpp
void Health(Call& c);
void Version(Call& c);
void OpenApi(Call& c);
void Metrics(Call& c);

// Query parameter `name` as an integer in [0, max]; absent gives `def`. On a bad value answers
// 400 naming the parameter and returns false.
bool QueryCount(const Call& c, std::string_view name, std::size_t def, std::size_t max,
                std::size_t& out);
// The daemon's config with `instances` replaced by every live instance (file and API ones), so
// webhooks[].instances is checked against what runs.
config::Config ConfigView(const app::Control& control);

}  // namespace vigil::api
