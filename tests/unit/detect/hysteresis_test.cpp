// Hysteresis: fire once, stay quiet while wobbling above the clear level, clear, fire again.
#include "core/detect/hysteresis.hpp"

#include <gtest/gtest.h>

namespace vigil::detect {
namespace {
using T = ThresholdLatch::Transition;

TEST(ThresholdLatch, FiresOnceWobblesClearsRefires) {
  ThresholdLatch l;
  EXPECT_EQ(l.Update(50, 90, 0.9), T::kNone);
  EXPECT_EQ(l.Update(90, 90, 0.9), T::kFired);  // reaching the threshold fires
  EXPECT_TRUE(l.firing());
  for (double v : {95.0, 82.0, 89.9, 81.0, 94.0, 81.5}) {  // wobble between 81% and 95%
    EXPECT_EQ(l.Update(v, 90, 0.9), T::kNone) << v;
  }
  EXPECT_EQ(l.Update(80.9, 90, 0.9), T::kCleared);  // below 81%
  EXPECT_FALSE(l.firing());
  EXPECT_EQ(l.Update(85, 90, 0.9), T::kNone);
  EXPECT_EQ(l.Update(91, 90, 0.9), T::kFired);
}

TEST(ThresholdLatch, FactorOneClearsJustBelowThreshold) {
  ThresholdLatch l;
  EXPECT_EQ(l.Update(90, 90, 1.0), T::kFired);
  EXPECT_EQ(l.Update(89.99, 90, 1.0), T::kCleared);
}

TEST(ThresholdLatch, RestoredStateDoesNotRefire) {
  ThresholdLatch l;
  l.set_firing(true);
  EXPECT_EQ(l.Update(95, 90, 0.9), T::kNone);
}

}  // namespace
}  // namespace vigil::detect
