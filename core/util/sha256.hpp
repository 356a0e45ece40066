// SHA-256 (FIPS 180-4), incremental. Blocks are compressed with the CPU's SHA extensions when it
// has them (x86 SHA-NI: about ten times the portable code's speed) and portably otherwise; the
// choice is made once per process. The HMAC of every webhook signature runs on this.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace vigil {

using Sha256Digest = std::array<std::uint8_t, 32>;

class Sha256 {
 public:
  Sha256();
  void Update(const void* data, std::size_t n);
  void Update(std::string_view s) { Update(s.data(), s.size()); }
  // Pads, returns the digest and leaves the object to be reset before reuse.
  Sha256Digest Finish();
  void Reset();

  // Which compression runs here: "sha-ni" or "portable".
  static const char* Implementation();

 private:
  std::uint32_t state_[8];
  std::uint8_t buf_[64];
  std::size_t buffered_ = 0;
  std::uint64_t total_ = 0;  // bytes
};

namespace sha256_detail {
// Compresses `blocks` 64-byte blocks into state. Exposed so tests can check both against each
// other; CompressNi must only be called when HaveShaNi().
void CompressPortable(std::uint32_t state[8], const std::uint8_t* data, std::size_t blocks);
void CompressNi(std::uint32_t state[8], const std::uint8_t* data, std::size_t blocks);
bool HaveShaNi();
}  // namespace sha256_detail

}  // namespace vigil
