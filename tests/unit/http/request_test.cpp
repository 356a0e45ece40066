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

TEST(RequestTest, FindsCrLfNulAtEveryPositionOfLongValues) {
  Request r = Make("http://h/");
  for (std::size_t len : {1u, 7u, 8u, 9u, 16u, 23u}) {
    for (std::size_t at = 0; at < len; ++at) {
      for (char bad : {'\r', '\n', '\0'}) {
        std::string value(len, 'v');
        value[at] = bad;
        r.headers = {{"X-Value", value}};
        EXPECT_FALSE(Validate(r).ok()) << "len " << len << " at " << at << " byte " << int(bad);
      }
    }
  }
  // Other bytes below 14 (tab), DEL and non-ASCII bytes are not line breaks.
  r.headers = {{"X-Value", "a\tb\x0b\x0c\x0e\x7f\xc3\xa9\x80\xff-and-more-than-eight"}};
  EXPECT_TRUE(Validate(r).ok());
}

TEST(RequestTest, OwnedHeadersInAnyCaseAndExplicitPorts) {
  Request r = Make("http://h/");
  for (const char* name : {"connection", "CONTENT-LENGTH", "Transfer-encoding"}) {
    r.headers = {{name, "x"}};
    EXPECT_FALSE(Validate(r).ok()) << name;
  }
  r.headers = {{"HOST", "other:81"}, {"Hostx", "y"}};
  EXPECT_EQ(*Serialize(r),
            "POST / HTTP/1.1\r\nHOST: other:81\r\nHostx: y\r\nContent-Length: 0\r\n"
            "Connection: keep-alive\r\n\r\n");
  r = Make("http://[fe80::1]:8443/x");
  EXPECT_EQ(*Serialize(r),
            "POST /x HTTP/1.1\r\nHost: [fe80::1]:8443\r\nContent-Length: 0\r\n"
            "Connection: keep-alive\r\n\r\n");
  r = Make("https://h:443/");
  EXPECT_EQ(Serialize(r)->rfind("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n", 0), 0u);
}

}  // namespace
}  // namespace vigil::http
