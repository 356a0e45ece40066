// The Discord webhook message of one event: an embed (title, description, colour, fields,
// timestamp, footer, link) cut to Discord's limits, never rejected for its size.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "../common/event.hpp"
#include "../common/facts.hpp"

namespace vigil_discord {

struct DiscordOptions {
  std::string username, avatar_url, mention;
};

// Discord's embed limits, in Unicode code points.
inline constexpr std::size_t kTitleMax = 256;
inline constexpr std::size_t kDescriptionMax = 4096;
inline constexpr std::size_t kMaxFields = 25;
inline constexpr std::size_t kFieldNameMax = 256;
inline constexpr std::size_t kFieldValueMax = 1024;
inline constexpr std::size_t kFooterMax = 2048;
inline constexpr std::size_t kEmbedTotalMax = 6000;
inline constexpr std::size_t kContentMax = 2000;

struct Embed {
  std::string title, description, url, timestamp, footer;
  int color = 0;
  std::vector<vigil_plugins::Fact> fields;  // label = field name
};

// Cuts each part to its limit, then the whole to kEmbedTotalMax: first the description (down to
// 1024), then the last fields, then the rest of the description, then the first field's value.
void FitEmbed(Embed& e);
// Code points that count towards kEmbedTotalMax.
std::size_t EmbedChars(const Embed& e);

// The JSON body POSTed to the webhook.
std::string BuildDiscordMessage(const DiscordOptions& opts, const vigil_plugins::Event& e);

}  // namespace vigil_discord
