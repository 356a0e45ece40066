// SHA-256: FIPS 180-4 vectors, both compression functions (portable and SHA-NI, when this CPU
// has it) against each other and against mbedTLS, and incremental updates at every split.
#include "core/util/sha256.hpp"

#include <gtest/gtest.h>
#include <mbedtls/sha256.h>

#include <random>
#include <string>
#include <vector>

#include "core/util/hmac.hpp"

namespace vigil {
namespace {

std::string Hex(const Sha256Digest& d) {
  return ToHex(d);
}

std::string Digest(std::string_view s) {
  Sha256 h;
  h.Update(s);
  return Hex(h.Finish());
}

Sha256Digest Mbed(const std::string& s) {
  Sha256Digest d;
  mbedtls_sha256_ret(reinterpret_cast<const unsigned char*>(s.data()), s.size(), d.data(), 0);
  return d;
}

std::string Random(std::mt19937& rng, std::size_t n) {
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

TEST(Sha256, Fips180Vectors) {
  EXPECT_EQ(Digest(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Digest(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, EveryLengthMatchesMbedTls) {
  std::mt19937 rng(7);
  for (std::size_t n = 0; n <= 300; ++n) {
    std::string s = Random(rng, n);
    Sha256 h;
    h.Update(s);
    ASSERT_EQ(Hex(h.Finish()), Hex(Mbed(s))) << "length " << n;
  }
}

TEST(Sha256, IncrementalUpdatesAtEverySplit) {
  std::mt19937 rng(11);
  std::string s = Random(rng, 200);
  std::string want = Hex(Mbed(s));
  for (std::size_t a = 0; a <= s.size(); a += 7) {
    for (std::size_t b = a; b <= s.size(); b += 13) {
      Sha256 h;
      h.Update(s.data(), a);
      h.Update(s.data() + a, b - a);
      h.Update(s.data() + b, s.size() - b);
      ASSERT_EQ(Hex(h.Finish()), want) << a << "/" << b;
    }
  }
}

TEST(Sha256, ResetStartsOver) {
  Sha256 h;
  h.Update("something else");
  h.Finish();
  h.Reset();
  h.Update("abc");
  EXPECT_EQ(Hex(h.Finish()), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, ShaNiAndPortableCompressionAgree) {
  if (!sha256_detail::HaveShaNi()) GTEST_SKIP() << "this CPU has no SHA extensions";
  EXPECT_STREQ(Sha256::Implementation(), "sha-ni");
  std::mt19937 rng(3);
  for (std::size_t blocks : {1u, 2u, 3u, 8u, 17u}) {
    std::string data = Random(rng, 64 * blocks);
    std::uint32_t a[8], b[8];
    for (int i = 0; i < 8; ++i) a[i] = b[i] = static_cast<std::uint32_t>(rng());
    const auto* p = reinterpret_cast<const std::uint8_t*>(data.data());
    sha256_detail::CompressPortable(a, p, blocks);
    sha256_detail::CompressNi(b, p, blocks);
    ASSERT_EQ(std::vector<std::uint32_t>(a, a + 8), std::vector<std::uint32_t>(b, b + 8))
        << blocks << " blocks";
  }
}

}  // namespace
}  // namespace vigil
