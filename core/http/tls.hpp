// TLS for the HTTP client over mbedTLS: a shared RNG, CA chains cached per file, one ssl
// config per TlsOptions, and a session that speaks TLS over memory buffers (no socket I/O:
// the connection moves ciphertext between the session and its uv_tcp handle).
#pragma once

#include <mbedtls/ssl.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/http/options.hpp"
#include "core/util/result.hpp"

namespace vigil::http {

struct TlsRng;
struct TlsCaChain;

// An immutable mbedtls_ssl_config shared by all sessions of one pool.
class TlsConfig {
 public:
  TlsConfig(std::shared_ptr<TlsRng> rng, std::shared_ptr<TlsCaChain> ca, bool verify);
  ~TlsConfig();
  TlsConfig(const TlsConfig&) = delete;
  TlsConfig& operator=(const TlsConfig&) = delete;
  Status Init();
  const mbedtls_ssl_config* get() const { return &conf_; }
  bool verify() const { return verify_; }

 private:
  std::shared_ptr<TlsRng> rng_;
  std::shared_ptr<TlsCaChain> ca_;
  bool verify_;
  mbedtls_ssl_config conf_;
};

// Builds and caches TlsConfigs. Loop thread only.
class TlsContext {
 public:
  explicit TlsContext(std::string default_ca_file);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  // The shared config for these options. The first call for a CA file reads and parses it
  // (a few milliseconds for the system bundle; call at start-up to keep that off the loop's
  // busy time); later calls are a map lookup. Errors (unreadable file, no certificate in it)
  // are Status::Invalid and are cached too only until the next call.
  Result<std::shared_ptr<TlsConfig>> GetConfig(const TlsOptions& options);

 private:
  Result<std::shared_ptr<TlsCaChain>> GetCa(const std::string& path);

  std::string default_ca_file_;
  std::shared_ptr<TlsRng> rng_;  // seeded on first use
  std::map<std::string, std::shared_ptr<TlsCaChain>> cas_;
  std::map<std::string, std::shared_ptr<TlsConfig>> configs_;
};

// One TLS client session over memory buffers.
class TlsSession {
 public:
  enum class Io { kOk, kWant, kEof, kError };

  TlsSession(std::shared_ptr<TlsConfig> config, const std::string& host);
  ~TlsSession();
  TlsSession(const TlsSession&) = delete;
  TlsSession& operator=(const TlsSession&) = delete;

  Status Init();
  // Ciphertext received from the socket. Kept until the session reads it.
  void Feed(const char* data, std::size_t len);
  // Advances the handshake: kOk when done, kWant when it needs more input, kError (see
  // error()) on failure, with mbedTLS's text and the certificate verification flags.
  Io Handshake();
  // Encrypts plaintext into the output buffer.
  Io Write(std::string_view plain);
  // Decrypts into buf: kOk with *n > 0 bytes, kWant when more ciphertext is needed, kEof on
  // close_notify, kError on failure.
  Io Read(char* buf, std::size_t len, std::size_t* n);
  // Ciphertext to send, moved out (empty when nothing is pending).
  std::string TakeOutput() { return std::move(out_); }
  bool has_output() const { return !out_.empty(); }
  const std::string& error() const { return error_; }

 private:
  static int BioSend(void* ctx, const unsigned char* buf, std::size_t len);
  static int BioRecv(void* ctx, unsigned char* buf, std::size_t len);
  Io SetError(std::string_view what, int rc);

  std::shared_ptr<TlsConfig> config_;
  std::string host_;
  mbedtls_ssl_context ssl_;
  std::string in_;
  std::size_t in_pos_ = 0;
  std::string out_;
  std::string error_;
};

}  // namespace vigil::http
