// HttpClient's recycling of finished requests: whatever a callback leaves in its response is
// reused for later ones, never shown in them; callbacks of any capture size and parameter kind.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "tests/support/http_receiver.hpp"
#include "tests/unit/http/client_fixture.hpp"

namespace vigil::http {
namespace {

using vigil::testing::HttpReceiver;
using vigil::testing::RecordedRequest;
using vigil::testing::Reply;

// "/many" answers 503 with three long headers and a long body, anything else 200 "ok" with one.
HttpReceiver::Handler Shapes() {
  return [](const RecordedRequest& req) {
    Reply r;
    if (req.path == "/many") {
      r.status = 503;
      r.headers = {{"Retry-After", "7"},
                   {"X-Long-A", std::string(60, 'a')},
                   {"X-Long-B", std::string(60, 'b')}};
      r.body = std::string(300, 'm');
    } else {
      r.headers = {{"X-One", "1"}};
    }
    return r;
  };
}

class ClientReuseTest : public ClientTest {
 protected:
  // Sends one request whose callback reads the response by const reference (leaving it to
  // the client) and returns a copy.
  Response SendConstRef(Request req) {
    Response out;
    bool done = false;
    client().Send(req, {}, [&](const Response& r) {
      out = r;
      done = true;
    });
    EXPECT_TRUE(RunUntil([&] { return done; }));
    return out;
  }
};

TEST_F(ClientReuseTest, LeftOverResponsesNeverLeakIntoLaterOnes) {
  HttpReceiver rx(Shapes());
  for (int i = 0; i < 3; ++i) {
    Response many = SendConstRef(Post(rx.url("/many")));
    ASSERT_TRUE(many.ok()) << many.status.message();
    EXPECT_EQ(many.code, 503);
    ASSERT_NE(many.header("retry-after"), nullptr);
    EXPECT_EQ(*many.header("x-long-b"), std::string(60, 'b'));
    EXPECT_EQ(many.body, std::string(300, 'm'));

    Response few = SendConstRef(Post(rx.url("/few")));
    ASSERT_TRUE(few.ok()) << few.status.message();
    EXPECT_EQ(few.code, 200);
    EXPECT_EQ(few.header("retry-after"), nullptr);
    EXPECT_EQ(few.header("x-long-a"), nullptr);
    ASSERT_NE(few.header("x-one"), nullptr);
    EXPECT_EQ(few.body, "ok");
  }
  // An error on a recycled request carries nothing of the responses before it.
  rx.Stop();
  Response err = SendConstRef(Post(rx.url("/few")));
  EXPECT_FALSE(err.ok());
  EXPECT_EQ(err.code, 0);
  EXPECT_TRUE(err.headers.empty());
  EXPECT_TRUE(err.body.empty());
}

TEST_F(ClientReuseTest, SameShapedResponsesReuseTheStringsOfEarlierOnes) {
  HttpReceiver rx(Shapes());
  HttpClient& c = client();
  std::vector<const char*> values;
  for (int i = 0; i < 4; ++i) {
    bool done = false;
    c.Send(Post(rx.url("/many")), {}, [&](Response&& r) {
      const std::string* v = r.header("x-long-a");
      values.push_back(v ? v->data() : nullptr);
      done = true;
    });
    ASSERT_TRUE(RunUntil([&] { return done; }));
  }
  ASSERT_NE(values[0], nullptr);
  // One connection and one recycled request: the parser and the request trade two sets of
  // strings, so the third response is parsed into the first one's.
  EXPECT_EQ(values[2], values[0]);
  EXPECT_EQ(values[3], values[1]);
}

TEST_F(ClientReuseTest, CallbacksOfAnyCaptureSizeAndParameterKind) {
  HttpReceiver rx;
  HttpClient& c = client();
  std::array<int, 64> big{};  // 256 bytes of captures: kept on the heap
  big[63] = 1;
  int seen = 0;
  c.Send(Post(rx.url("/")), {}, [&seen, big](Response r) { seen += big[63] * r.code; });
  std::string kept;
  c.Send(Post(rx.url("/")), {}, [&kept](Response&& r) { kept = std::move(r.body); });
  ASSERT_TRUE(RunUntil([&] { return seen == 200 && kept == "ok"; }));
}

}  // namespace
}  // namespace vigil::http
