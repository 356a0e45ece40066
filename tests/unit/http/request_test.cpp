// Tests of request validation and HTTP/1.1 serialization.
#include "core/http/request.hpp"

#include <gtest/gtest.h>

namespace vigil::http {
namespace {

Request Make(const char* url) {
  Request r;
  r.url = *Url::Parse(url);
  return r;
}

TEST(RequestTest, SerializesPostWithBody) {
  Request r = Make("http://hooks.example.com:8080/in?x=1");
  r.headers = {{"Content-Type", "application/json"}, {"X-Vigil-Signature", "sha256=ab"}};
  r.body = R"({"a":1})";
  auto wire = Serialize(r);
  ASSERT_TRUE(wire.ok()) << wire.status().message();
  EXPECT_EQ(*wire,
            "POST /in?x=1 HTTP/1.1\r\n"
            "Host: hooks.example.com:8080\r\n"
            "Content-Type: application/json\r\n"
            "X-Vigil-Signature: sha256=ab\r\n"
            "Content-Length: 7\r\n"
            "Connection: keep-alive\r\n"
            "\r\n"
            "{\"a\":1}");
}

TEST(RequestTest, GetWithoutBodyAndHostOverride) {
  Request r = Make("https://[::1]/");
  r.method = "GET";
  EXPECT_EQ(*Serialize(r),
            "GET / HTTP/1.1\r\nHost: [::1]\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n");
  r.headers = {{"host", "virtual.example"}};
  EXPECT_EQ(*Serialize(r),
            "GET / HTTP/1.1\r\nhost: virtual.example\r\nContent-Length: 0\r\nConnection: "
            "keep-alive\r\n\r\n");
}

TEST(RequestTest, RejectsInjectionAndOwnedHeaders) {
  Request r = Make("http://h/");
  r.headers = {{"X-A", "1\r\nX-Evil: 2"}};
  EXPECT_EQ(Serialize(r).status().code(), Status::Code::kInvalid);
  r.headers = {{"Bad Name", "v"}};
  EXPECT_FALSE(Serialize(r).ok());
  r.headers = {{"Content-Length", "3"}};
  EXPECT_FALSE(Serialize(r).ok());
  r.headers = {{"Transfer-Encoding", "chunked"}};
  EXPECT_FALSE(Serialize(r).ok());
  r.headers = {};
  r.method = "PO ST";
  EXPECT_FALSE(Serialize(r).ok());
  r.method = "POST";
  std::string out = "keep";
  r.headers = {{"X", "a\nb"}};
  EXPECT_FALSE(SerializeTo(r, &out).ok());
  EXPECT_EQ(out, "keep");
}

TEST(RequestTest, AppendsToExistingBuffer) {
  Request r = Make("http://h/p");
  std::string out = "prefix|";
  ASSERT_TRUE(SerializeTo(r, &out).ok());
  EXPECT_EQ(out.rfind("prefix|POST /p HTTP/1.1\r\n", 0), 0u);
}

}  // namespace
}  // namespace vigil::http
