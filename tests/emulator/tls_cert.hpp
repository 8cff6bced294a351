// A throw-away self-signed certificate for --tls-dir.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

namespace emu {

struct X509Deleter {
    void operator()(X509 *x) const { X509_free(x); }
};
struct PkeyDeleter {
    void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};

struct TlsMaterial {
    std::unique_ptr<X509, X509Deleter> cert;
    std::unique_ptr<EVP_PKEY, PkeyDeleter> key;
};

// RSA-2048 key and a self-signed CA:TRUE certificate for CN=localhost with
// SAN DNS:localhost, IP:127.0.0.1, valid one day; written to dir/cert.pem and
// dir/key.pem (0600).
bool generate_tls_material(const std::string &dir, TlsMaterial &out, std::string &error);

}  // namespace emu
