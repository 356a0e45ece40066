// InlineFunction<R(Args...), Bytes>: a move-only std::function whose callable lives inside the
// object when it fits in Bytes (and moves without throwing), so wrapping a lambda with a few
// captures allocates nothing. Larger callables go to the heap, as with std::function (whose
// inline room is 16 bytes in libstdc++). For callbacks made once per request on hot paths.
#pragma once

#include <cstddef>
#include <functional>
#include <new>
#include <type_traits>
#include <utility>

namespace vigil {

template <typename Signature, std::size_t Bytes = 64>
class InlineFunction;

namespace inline_function_detail {
template <typename T>
struct IsStdFunction : std::false_type {};
template <typename S>
struct IsStdFunction<std::function<S>> : std::true_type {};
}  // namespace inline_function_detail

template <typename R, typename... Args, std::size_t Bytes>
class InlineFunction<R(Args...), Bytes> {
 public:
  InlineFunction() = default;
  InlineFunction(std::nullptr_t) {}  // NOLINT: implicit, like std::function

  template <typename F, typename D = std::decay_t<F>,
            typename = std::enable_if_t<!std::is_same_v<D, InlineFunction> &&
                                        std::is_invocable_r_v<R, D&, Args...>>>
  InlineFunction(F&& f) {  // NOLINT: implicit, like std::function
    if constexpr (std::is_pointer_v<D> || std::is_member_pointer_v<D> ||
                  inline_function_detail::IsStdFunction<D>::value) {
      if (!f) return;  // an empty callable makes an empty InlineFunction
    }
    if constexpr (kInline<D>) {
      ::new (static_cast<void*>(buf_)) D(std::forward<F>(f));
      ops_ = &kInlineOps<D>;
    } else {
      *reinterpret_cast<D**>(buf_) = new D(std::forward<F>(f));
      ops_ = &kHeapOps<D>;
    }
  }

  InlineFunction(InlineFunction&& o) noexcept { MoveFrom(o); }
  InlineFunction& operator=(InlineFunction&& o) noexcept {
    if (this != &o) {
      Reset();
      MoveFrom(o);
    }
    return *this;
  }
  InlineFunction& operator=(std::nullptr_t) noexcept {
    Reset();
    return *this;
  }
  ~InlineFunction() { Reset(); }

  explicit operator bool() const { return ops_ != nullptr; }
  // Calls the callable; it must not be empty.
  R operator()(Args... args) { return ops_->call(buf_, std::forward<Args>(args)...); }

 private:
  struct Ops {
    R (*call)(void* self, Args&&... args);
    void (*move)(void* from, void* to) noexcept;  // move-constructs at to, destroys from
    void (*destroy)(void* self) noexcept;
  };

  template <typename D>
  static constexpr bool kInline =
      sizeof(D) <= Bytes &&
      alignof(D) <= alignof(std::max_align_t) && std::is_nothrow_move_constructible_v<D>;

  template <typename D>
  static constexpr Ops kInlineOps = {[](void* self, Args&&... args) -> R {
                                       return std::invoke(*static_cast<D*>(self),
                                                          std::forward<Args>(args)...);
                                     },
                                     [](void* from, void* to) noexcept {
                                       ::new (to) D(std::move(*static_cast<D*>(from)));
                                       static_cast<D*>(from)->~D();
                                     },
                                     [](void* self) noexcept { static_cast<D*>(self)->~D(); }};

  template <typename D>
  static constexpr Ops kHeapOps = {
      [](void* self, Args&&... args) -> R {
        return std::invoke(**static_cast<D**>(self), std::forward<Args>(args)...);
      },
      [](void* from, void* to) noexcept { *static_cast<D**>(to) = *static_cast<D**>(from); },
      [](void* self) noexcept { delete *static_cast<D**>(self); }};

  void MoveFrom(InlineFunction& o) noexcept {
    if (!o.ops_) return;
    o.ops_->move(o.buf_, buf_);
    ops_ = o.ops_;
    o.ops_ = nullptr;
  }
  void Reset() noexcept {
    if (!ops_) return;
    const Ops* ops = std::exchange(ops_, nullptr);
    ops->destroy(buf_);
  }

  alignas(std::max_align_t) unsigned char buf_[Bytes];
  const Ops* ops_ = nullptr;
};

}  // namespace vigil
