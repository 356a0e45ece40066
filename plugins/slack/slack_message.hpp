// The Slack message of one event: Block Kit blocks in a coloured attachment, with a plain text
// fallback, cut to Slack's limits.
#pragma once

#include <string>

#include "../common/event.hpp"

namespace vigil_slack {

struct SlackOptions {
  std::string channel, username, icon_emoji, mention;
};

// Slack's limits (characters) that the message respects.
inline constexpr std::size_t kHeaderMax = 150;
inline constexpr std::size_t kSectionMax = 3000;
inline constexpr std::size_t kFieldTextMax = 2000;
inline constexpr std::size_t kMaxFields = 10;
inline constexpr std::size_t kUrlMax = 3000;

// The JSON body POSTed to the incoming webhook.
std::string BuildSlackMessage(const SlackOptions& opts, const vigil_plugins::Event& e);

// `s` escaped for mrkdwn (&, <, >) and cut to at most `max` characters of the escaped text, never
// inside an escape or a UTF-8 sequence, with an ellipsis when cut.
std::string MrkdwnLimited(std::string_view s, std::size_t max);

}  // namespace vigil_slack
