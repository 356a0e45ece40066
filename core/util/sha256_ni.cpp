// SHA-256 block compression with the x86 SHA extensions (sha256rnds2, sha256msg1/2), compiled
// for those instructions only in this file; sha256.cpp calls it only when CPUID reports them.
// The state is kept as the two vectors the instructions use, ABEF and CDGH.
#include <cstddef>
#include <cstdint>

#include "core/util/sha256.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>

namespace vigil::sha256_detail {

extern const std::uint32_t kRoundConstants[64];

bool HaveShaNi() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return false;
  bool ssse3 = c & (1u << 9), sse41 = c & (1u << 19);
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
  bool sha = b & (1u << 29);
  return ssse3 && sse41 && sha;
}

__attribute__((target("sha,sse4.1,ssse3"))) void CompressNi(std::uint32_t state[8],
                                                            const std::uint8_t* data,
                                                            std::size_t blocks) {
  const __m128i kByteSwap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
  // state[0..3] = a b c d, state[4..7] = e f g h (lane 0 first).
  __m128i dcba = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state));
  __m128i hgfe = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state + 4));
  __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
  __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
  __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);

  for (; blocks > 0; --blocks, data += 64) {
    const __m128i abef_in = abef, cdgh_in = cdgh;
    __m128i w[4];  // message schedule, four rounds per vector, rotating
    for (int j = 0; j < 16; ++j) {
      __m128i& m = w[j & 3];
      if (j < 4) {
        m = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * j)),
                             kByteSwap);
      } else {
        // W[t..t+3] from W[t-16..t-13] (m, before), W[t-12..], W[t-8..] and W[t-4..].
        __m128i x = _mm_sha256msg1_epu32(m, w[(j - 3) & 3]);
        x = _mm_add_epi32(x, _mm_alignr_epi8(w[(j - 1) & 3], w[(j - 2) & 3], 4));
        m = _mm_sha256msg2_epu32(x, w[(j - 1) & 3]);
      }
      __m128i k = _mm_add_epi32(
          m, _mm_loadu_si128(reinterpret_cast<const __m128i*>(kRoundConstants + 4 * j)));
      // Two rounds: the new ABEF lands in `cdgh`, and the old ABEF (in `abef`) is the new CDGH.
      cdgh = _mm_sha256rnds2_epu32(cdgh, abef, k);
      k = _mm_shuffle_epi32(k, 0x0E);
      abef = _mm_sha256rnds2_epu32(abef, cdgh, k);  // two more: back in place
    }
    abef = _mm_add_epi32(abef, abef_in);
    cdgh = _mm_add_epi32(cdgh, cdgh_in);
  }

  __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
  __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
  dcba = _mm_blend_epi16(feba, dchg, 0xF0);
  hgfe = _mm_alignr_epi8(dchg, feba, 8);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state), dcba);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state + 4), hgfe);
}

}  // namespace vigil::sha256_detail

#else  // not x86: the portable code always

namespace vigil::sha256_detail {
bool HaveShaNi() {
  return false;
}
void CompressNi(std::uint32_t state[8], const std::uint8_t* data, std::size_t blocks) {
  CompressPortable(state, data, blocks);
}
}  // namespace vigil::sha256_detail

#endif
