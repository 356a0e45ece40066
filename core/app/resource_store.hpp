// Webhooks and instances created through the API, persisted in the store's webhooks column
// family as the same JSON the config file takes (secrets included: the store is vigil's own,
// never served), and read back at start-up through the config's declaration tables.
#pragma once

#include <string>
#include <vector>

#include "core/config/config.hpp"
#include "core/store/store.hpp"

namespace vigil::app {

// The config-file JSON of a webhook / an instance: every key, nothing read-only.
std::string WebhookConfigJson(const config::Webhook& w);
std::string InstanceConfigJson(const config::Instance& in);

struct StoredResources {
  std::vector<std::pair<std::string, std::string>> webhooks;   // id -> JSON
  std::vector<std::pair<std::string, std::string>> instances;  // name -> JSON
};
// Start-up, synchronous.
StoredResources LoadResources(store::Store& s);
void SaveWebhook(store::Store& s, const config::Webhook& w);
void DeleteWebhook(store::Store& s, const std::string& id);
void SaveInstance(store::Store& s, const config::Instance& in);
void DeleteInstance(store::Store& s, const std::string& name);

}  // namespace vigil::app
