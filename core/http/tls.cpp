// mbedTLS glue: RNG seeded once, CA chains cached per path, memory-BIO client sessions.
#include "core/http/tls.hpp"

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/x509_crt.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace vigil::http {
namespace {

std::string MbedError(int rc) {
  char buf[256];
  mbedtls_strerror(rc, buf, sizeof buf);
  return std::string(buf) + " (-0x" + [&] {
    char hex[16];
    std::snprintf(hex, sizeof hex, "%04x", static_cast<unsigned>(-rc));
    return std::string(hex);
  }() + ")";
}

}  // namespace

struct TlsRng {
  mbedtls_entropy_context entropy;
  mbedtls_ctr_drbg_context drbg;
  TlsRng() {
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
  }
  ~TlsRng() {
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
  }
  TlsRng(const TlsRng&) = delete;
  TlsRng& operator=(const TlsRng&) = delete;
};

struct TlsCaChain {
  mbedtls_x509_crt crt;
  TlsCaChain() { mbedtls_x509_crt_init(&crt); }
  ~TlsCaChain() { mbedtls_x509_crt_free(&crt); }
  TlsCaChain(const TlsCaChain&) = delete;
  TlsCaChain& operator=(const TlsCaChain&) = delete;
};

// ---- TlsConfig ----

TlsConfig::TlsConfig(std::shared_ptr<TlsRng> rng, std::shared_ptr<TlsCaChain> ca, bool verify)
    : rng_(std::move(rng)), ca_(std::move(ca)), verify_(verify) {
  mbedtls_ssl_config_init(&conf_);
}

TlsConfig::~TlsConfig() {
  mbedtls_ssl_config_free(&conf_);
}

Status TlsConfig::Init() {
  int rc = mbedtls_ssl_config_defaults(&conf_, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                       MBEDTLS_SSL_PRESET_DEFAULT);
  if (rc != 0) return Status::Internal("mbedtls_ssl_config_defaults: " + MbedError(rc));
  mbedtls_ssl_conf_min_version(&conf_, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
  mbedtls_ssl_conf_rng(&conf_, mbedtls_ctr_drbg_random, &rng_->drbg);
  if (verify_) {
    mbedtls_ssl_conf_authmode(&conf_, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&conf_, &ca_->crt, nullptr);
  } else {
    mbedtls_ssl_conf_authmode(&conf_, MBEDTLS_SSL_VERIFY_NONE);
  }
  return Status::Ok();
}

// ---- TlsContext ----

TlsContext::TlsContext(std::string default_ca_file)
    : default_ca_file_(std::move(default_ca_file)) {}

TlsContext::~TlsContext() = default;

Result<std::shared_ptr<TlsCaChain>> TlsContext::GetCa(const std::string& path) {
  auto it = cas_.find(path);
  if (it != cas_.end()) return it->second;
  auto ca = std::make_shared<TlsCaChain>();
  int rc = mbedtls_x509_crt_parse_file(&ca->crt, path.c_str());
  // rc > 0: that many certificates of the bundle failed to parse; fine if others did.
  if (rc < 0 || ca->crt.version == 0) {
    return Status::Invalid("cannot load CA file '" + path + "': " + MbedError(rc < 0 ? rc : -1));
  }
  cas_.emplace(path, ca);
  return ca;
}

Result<std::shared_ptr<TlsConfig>> TlsContext::GetConfig(const TlsOptions& options) {
  std::string path = options.ca_file.empty() ? default_ca_file_ : options.ca_file;
  std::string key = options.insecure_skip_verify ? std::string("insecure") : "verify:" + path;
  auto it = configs_.find(key);
  if (it != configs_.end()) return it->second;
  if (!rng_) {
    auto rng = std::make_shared<TlsRng>();
    static const char kPers[] = "vigil-http-client";
    int rc = mbedtls_ctr_drbg_seed(&rng->drbg, mbedtls_entropy_func, &rng->entropy,
                                   reinterpret_cast<const unsigned char*>(kPers), sizeof kPers - 1);
    if (rc != 0) return Status::Internal("seeding the TLS RNG failed: " + MbedError(rc));
    rng_ = std::move(rng);
  }
  std::shared_ptr<TlsCaChain> ca;
  if (!options.insecure_skip_verify) {
    auto loaded = GetCa(path);
    if (!loaded.ok()) return loaded.status();
    ca = *loaded;
  }
  auto config = std::make_shared<TlsConfig>(rng_, std::move(ca), !options.insecure_skip_verify);
  Status st = config->Init();
  if (!st.ok()) return st;
  configs_.emplace(key, config);
  return config;
}

// ---- TlsSession ----

TlsSession::TlsSession(std::shared_ptr<TlsConfig> config, const std::string& host)
    : config_(std::move(config)), host_(host) {
  mbedtls_ssl_init(&ssl_);
}

TlsSession::~TlsSession() {
  mbedtls_ssl_free(&ssl_);
}

Status TlsSession::Init() {
  int rc = mbedtls_ssl_setup(&ssl_, config_->get());
  if (rc != 0) return Status::Internal("mbedtls_ssl_setup: " + MbedError(rc));
  // Sets SNI and the name the certificate must match.
  rc = mbedtls_ssl_set_hostname(&ssl_, host_.c_str());
  if (rc != 0) return Status::Internal("mbedtls_ssl_set_hostname: " + MbedError(rc));
  mbedtls_ssl_set_bio(&ssl_, this, &TlsSession::BioSend, &TlsSession::BioRecv, nullptr);
  return Status::Ok();
}

int TlsSession::BioSend(void* ctx, const unsigned char* buf, std::size_t len) {
  auto* self = static_cast<TlsSession*>(ctx);
  self->out_.append(reinterpret_cast<const char*>(buf), len);
  return static_cast<int>(len);
}

int TlsSession::BioRecv(void* ctx, unsigned char* buf, std::size_t len) {
  auto* self = static_cast<TlsSession*>(ctx);
  std::size_t avail = self->in_.size() - self->in_pos_;
  if (avail == 0) return MBEDTLS_ERR_SSL_WANT_READ;
  std::size_t n = std::min(avail, len);
  std::memcpy(buf, self->in_.data() + self->in_pos_, n);
  self->in_pos_ += n;
  if (self->in_pos_ == self->in_.size()) {
    self->in_.clear();
    self->in_pos_ = 0;
  }
  return static_cast<int>(n);
}

void TlsSession::Feed(const char* data, std::size_t len) {
  if (in_pos_ > 0 && in_pos_ == in_.size()) {
    in_.clear();
    in_pos_ = 0;
  }
  in_.append(data, len);
}

TlsSession::Io TlsSession::SetError(std::string_view what, int rc) {
  error_ = std::string(what) + ": " + MbedError(rc);
  uint32_t flags = mbedtls_ssl_get_verify_result(&ssl_);
  if (config_->verify() && flags != 0 && flags != static_cast<uint32_t>(-1)) {
    char info[512];
    int n = mbedtls_x509_crt_verify_info(info, sizeof info, "", flags);
    std::string text = n > 0 ? std::string(info, static_cast<std::size_t>(n)) : "";
    for (char& c : text) {
      if (c == '\n') c = ';';
    }
    while (!text.empty() && (text.back() == ';' || text.back() == ' ')) text.pop_back();
    error_ += "; certificate verification: " + text;
  }
  return Io::kError;
}

TlsSession::Io TlsSession::Handshake() {
  int rc = mbedtls_ssl_handshake(&ssl_);
  if (rc == 0) return Io::kOk;
  if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) return Io::kWant;
  return SetError("TLS handshake with " + host_ + " failed", rc);
}

TlsSession::Io TlsSession::Write(std::string_view plain) {
  while (!plain.empty()) {
    int rc = mbedtls_ssl_write(&ssl_, reinterpret_cast<const unsigned char*>(plain.data()),
                               plain.size());
    if (rc > 0) {
      plain.remove_prefix(static_cast<std::size_t>(rc));
      continue;
    }
    // Our BIO accepts every byte, so WANT_WRITE cannot happen; WANT_READ would mean a
    // renegotiation, which the client config does not allow.
    return SetError("TLS write failed", rc);
  }
  return Io::kOk;
}

TlsSession::Io TlsSession::Read(char* buf, std::size_t len, std::size_t* n) {
  *n = 0;
  int rc = mbedtls_ssl_read(&ssl_, reinterpret_cast<unsigned char*>(buf), len);
  if (rc > 0) {
    *n = static_cast<std::size_t>(rc);
    return Io::kOk;
  }
  if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) return Io::kWant;
  if (rc == 0 || rc == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) return Io::kEof;
  return SetError("TLS read failed", rc);
}

}  // namespace vigil::http
