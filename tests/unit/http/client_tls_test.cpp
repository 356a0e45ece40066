// HttpClient over HTTPS against the receiver in TLS mode, with a CA and a localhost server
// certificate made by the openssl CLI in a temporary directory.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/support/http_receiver.hpp"
#include "tests/support/pki.hpp"
#include "tests/unit/http/client_fixture.hpp"

namespace vigil::http {
namespace {

using vigil::testing::HttpReceiver;
using vigil::testing::MakePki;
using vigil::testing::ReceiverOptions;
using vigil::testing::TestPki;

class TlsClientTest : public ClientTest {
 protected:
  void SetUp() override {
    ClientTest::SetUp();
    pki_ = MakePki();
    ASSERT_NE(pki_, nullptr) << "openssl could not make the test certificates";
    ReceiverOptions o;
    o.cert_file = pki_->server_crt;
    o.key_file = pki_->server_key;
    rx_ = std::make_unique<HttpReceiver>(o);
  }
  void TearDown() override {
    ClientTest::TearDown();
    rx_.reset();
  }
  RequestOptions WithCa() const {
    RequestOptions o;
    o.tls.ca_file = pki_->ca_crt;
    return o;
  }

  const TestPki* pki_ = nullptr;
  std::unique_ptr<HttpReceiver> rx_;
};

TEST_F(TlsClientTest, HttpsWithCaFile) {
  Response r = SendAndWait(Post(rx_->url("/secure", "localhost"), "payload"), WithCa());
  ASSERT_TRUE(r.ok()) << r.status.message();
  EXPECT_EQ(r.code, 200);
  EXPECT_EQ(r.body, "ok");
  ASSERT_TRUE(rx_->WaitForCount(1));
  EXPECT_EQ(rx_->requests()[0].body, "payload");
  Response again = SendAndWait(Post(rx_->url("/secure", "localhost")), WithCa());
  ASSERT_TRUE(again.ok()) << again.status.message();
  EXPECT_TRUE(again.reused_connection);
  EXPECT_EQ(rx_->connections_accepted(), 1u);
}

TEST_F(TlsClientTest, UntrustedCertificateFailsClearly) {
  // The default (system) bundle does not know the test CA.
  Response r = SendAndWait(Post(rx_->url("/", "localhost")));
  EXPECT_EQ(r.error, ErrorKind::kTls) << r.status.message();
  EXPECT_FALSE(IsRetryable(r.error));
  EXPECT_NE(r.status.message().find("certificate verification"), std::string::npos)
      << r.status.message();
  EXPECT_EQ(rx_->count(), 0u);
}

TEST_F(TlsClientTest, HostNameMismatchFails) {
  // The certificate names localhost, not 127.0.0.1.
  Response r = SendAndWait(Post(rx_->url("/", "127.0.0.1")), WithCa());
  EXPECT_EQ(r.error, ErrorKind::kTls) << r.status.message();
  EXPECT_NE(r.status.message().find("certificate verification"), std::string::npos)
      << r.status.message();
}

TEST_F(TlsClientTest, InsecureSkipVerify) {
  RequestOptions o;
  o.tls.insecure_skip_verify = true;
  Response r = SendAndWait(Post(rx_->url("/", "127.0.0.1")), o);
  ASSERT_TRUE(r.ok()) << r.status.message();
  EXPECT_EQ(r.code, 200);
}

TEST_F(TlsClientTest, MissingCaFileIsTlsError) {
  RequestOptions o;
  o.tls.ca_file = pki_->dir + "/nope.crt";
  Response r = SendAndWait(Post(rx_->url("/", "localhost")), o);
  EXPECT_EQ(r.error, ErrorKind::kTls);
  EXPECT_NE(r.status.message().find("nope.crt"), std::string::npos) << r.status.message();
  EXPECT_FALSE(client().PreloadTls(o.tls).ok());
  EXPECT_TRUE(client().PreloadTls(WithCa().tls).ok());
}

TEST_F(TlsClientTest, PlainHttpClientToTlsServerIsNotAHang) {
  RequestOptions o;
  o.timeout_ms = 2000;
  Response r = SendAndWait(Post(rx_->url("/", "127.0.0.1").replace(0, 5, "http")), o);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error, ErrorKind::kNone);
}

}  // namespace
}  // namespace vigil::http
