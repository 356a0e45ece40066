// Secrets (passwords, webhook secrets, header values, URLs) must never appear in an error
// message, whatever is wrong with them or around them.
#include <gtest/gtest.h>

#include "core/config/config.hpp"

namespace vigil::config {
namespace {

constexpr const char* kSecret = "hunter2-s3cr3t";

void ExpectNotEchoed(const std::string& json) {
  auto r = ParseConfig(json);
  ASSERT_FALSE(r.ok()) << json;
  EXPECT_EQ(r.status().message().find(kSecret), std::string::npos) << r.status().message();
  EXPECT_EQ(r.status().message().find("hunter2"), std::string::npos) << r.status().message();
}

TEST(ConfigSecrets, WrongTypedPasswordIsNotEchoed) {
  auto r = ParseConfig(R"({"instances": [{"host": "a", "password": ["hunter2-s3cr3t"]}]})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "instances[0].password: expected a string or null");
  ExpectNotEchoed(R"({"instances": [{"host": "a", "password": {"v": "hunter2-s3cr3t"}}]})");
}

TEST(ConfigSecrets, WebhookSecretIsNotEchoed) {
  ExpectNotEchoed(R"({"webhooks": [{"url": "http://a", "events": ["*"],
                    "secret": ["hunter2-s3cr3t"]}]})");
  // A valid secret next to an invalid key.
  ExpectNotEchoed(R"({"webhooks": [{"url": "http://a", "events": ["*"],
                    "secret": "hunter2-s3cr3t", "colour": 1}]})");
}

TEST(ConfigSecrets, HeaderValuesAndUrlsAreNotEchoed) {
  ExpectNotEchoed(R"({"webhooks": [{"url": "http://a", "events": ["*"],
                    "headers": {"Authorization": "Bearer hunter2-s3cr3t\n"}}]})");
  ExpectNotEchoed(R"({"webhooks": [{"url": "ftp://x/?token=hunter2-s3cr3t", "events": ["*"]}]})");
  ExpectNotEchoed(R"({"webhooks": [{"url": "http://u:hunter2-s3cr3t@h:0/", "events": ["*"]}]})");
}

TEST(ConfigSecrets, SyntaxErrorsDoNotQuoteTheInput) {
  ExpectNotEchoed(R"({"instances": [{"host": "a", "password": "hunter2-s3cr3t" "port": 1}]})");
  ExpectNotEchoed("{\"instances\": [{\"host\": \"a\", \"password\": \"hunter2-s3cr3t\n\"}]}");
}

}  // namespace
}  // namespace vigil::config
