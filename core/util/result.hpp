// The one checked result type of vigil: Status (ok or an error code with a message) and
// Result<T> (a value or a Status). Both are [[nodiscard]], so an error cannot be dropped silently.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace vigil {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk,
    kInvalid,
    kNotFound,
    kConflict,
    kIo,
    kProtocol,
    kTimeout,
    kUnavailable,
    kInternal
  };

  Status() = default;
  static Status Ok() { return {}; }
  static Status Invalid(std::string msg) { return {Code::kInvalid, std::move(msg)}; }
  static Status NotFound(std::string msg) { return {Code::kNotFound, std::move(msg)}; }
  static Status Conflict(std::string msg) { return {Code::kConflict, std::move(msg)}; }
  static Status Io(std::string msg) { return {Code::kIo, std::move(msg)}; }
  static Status Protocol(std::string msg) { return {Code::kProtocol, std::move(msg)}; }
  static Status Timeout(std::string msg) { return {Code::kTimeout, std::move(msg)}; }
  static Status Unavailable(std::string msg) { return {Code::kUnavailable, std::move(msg)}; }
  static Status Internal(std::string msg) { return {Code::kInternal, std::move(msg)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // Explicitly ignore a status whose failure does not matter (the call site says so).
  void ignore() const {}

 private:
  Status(Code c, std::string m) : code_(c), message_(std::move(m)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) { assert(!status_.ok()); }  // NOLINT

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace vigil
