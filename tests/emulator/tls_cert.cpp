#include "tls_cert.hpp"

#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cstdio>

namespace emu {
namespace {

const long kValiditySeconds = 24 * 60 * 60;
// Backdated a little so a client whose clock is slightly behind accepts it.
const long kBackdateSeconds = 5 * 60;

bool set_random_serial(X509 *cert) {
    BIGNUM *bn = BN_new();
    bool ok = bn && BN_rand(bn, 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
              BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) != nullptr;
    BN_free(bn);
    return ok;
}

bool set_name_and_validity(X509 *cert) {
    X509_NAME *name = X509_get_subject_name(cert);
    return X509_set_version(cert, 2) == 1 && set_random_serial(cert) &&
           X509_gmtime_adj(X509_getm_notBefore(cert), -kBackdateSeconds) &&
           X509_gmtime_adj(X509_getm_notAfter(cert), kValiditySeconds) &&
           X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("localhost"),
                                      -1, -1, 0) == 1 &&
           X509_set_issuer_name(cert, name) == 1;
}

bool add_extension(X509 *cert, int nid, const char *value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext) return false;
    bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

bool add_extensions(X509 *cert) {
    // The subject key identifier must exist before the authority key
    // identifier can refer to it.
    return add_extension(cert, NID_basic_constraints, "critical,CA:TRUE") &&
           add_extension(cert, NID_key_usage, "critical,digitalSignature,keyEncipherment,keyCertSign") &&
           add_extension(cert, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1") &&
           add_extension(cert, NID_subject_key_identifier, "hash") &&
           add_extension(cert, NID_authority_key_identifier, "keyid:always");
}

FILE *open_for_write(const std::string &path, mode_t mode) {
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) return nullptr;
    FILE *f = fdopen(fd, "w");
    if (!f) close(fd);
    return f;
}

bool write_pem_files(const std::string &dir, X509 *cert, EVP_PKEY *key) {
    FILE *kf = open_for_write(dir + "/key.pem", 0600);
    if (!kf) return false;
    bool ok = PEM_write_PrivateKey(kf, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
    ok = (std::fclose(kf) == 0) && ok;
    FILE *cf = open_for_write(dir + "/cert.pem", 0644);
    if (!ok || !cf) {
        if (cf) std::fclose(cf);
        return false;
    }
    ok = PEM_write_X509(cf, cert) == 1;
    return (std::fclose(cf) == 0) && ok;
}

}  // namespace

bool generate_tls_material(const std::string &dir, TlsMaterial &out, std::string &error) {
    out.key.reset(EVP_RSA_gen(2048));
    out.cert.reset(X509_new());
    X509 *cert = out.cert.get();
    if (!out.key || !cert) {
        error = "key generation failed";
        return false;
    }
    if (!set_name_and_validity(cert) || X509_set_pubkey(cert, out.key.get()) != 1 || !add_extensions(cert) ||
        X509_sign(cert, out.key.get(), EVP_sha256()) == 0) {
        error = "certificate construction failed";
        return false;
    }
    if (!write_pem_files(dir, cert, out.key.get())) {
        error = "cannot write cert.pem/key.pem in " + dir;
        return false;
    }
    return true;
}

}  // namespace emu
