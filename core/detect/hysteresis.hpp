// A threshold latch with hysteresis: fires once when a value reaches its threshold and re-arms
// only after the value falls below threshold x factor, so a wobbling value alerts once.
#pragma once

namespace vigil::detect {

class ThresholdLatch {
 public:
  enum class Transition { kNone, kFired, kCleared };

  // threshold: the firing level; factor in (0, 1]: the clear level is threshold * factor.
  Transition Update(double value, double threshold, double factor) {
    if (!firing_) {
      if (value >= threshold) {
        firing_ = true;
        return Transition::kFired;
      }
    } else if (value < threshold * factor) {
      firing_ = false;
      return Transition::kCleared;
    }
    return Transition::kNone;
  }
  bool firing() const { return firing_; }
  // Restores a persisted state (a restart must not re-fire an alert that is still firing).
  void set_firing(bool f) { firing_ = f; }

 private:
  bool firing_ = false;
};

}  // namespace vigil::detect
