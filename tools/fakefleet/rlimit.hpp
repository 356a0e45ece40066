// RaiseFileLimit: lift RLIMIT_NOFILE as high as allowed (root may raise the hard limit too).
#pragma once

#include <sys/resource.h>

#include <cstdio>

namespace fakefleet {

inline rlim_t RaiseFileLimit() {
  rlimit rl{};
  getrlimit(RLIMIT_NOFILE, &rl);
  rlimit want{1 << 20, 1 << 20};  // fs.nr_open's default; only root can go above the hard limit
  if (want.rlim_max > rl.rlim_max && setrlimit(RLIMIT_NOFILE, &want) == 0) return want.rlim_cur;
  rl.rlim_cur = rl.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &rl) != 0) std::perror("setrlimit(RLIMIT_NOFILE)");
  getrlimit(RLIMIT_NOFILE, &rl);
  return rl.rlim_cur;
}

}  // namespace fakefleet
