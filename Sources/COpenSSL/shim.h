#ifndef TIERLEDGER_COPENSSL_SHIM_H
#define TIERLEDGER_COPENSSL_SHIM_H

// The parts of libcrypto that LedgerCrypto calls. Macros and variadics that Swift
// cannot import are wrapped here as static inline functions.

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

static inline int tl_pkey_ed25519(void) { return EVP_PKEY_ED25519; }
static inline int tl_pkey_ec(void) { return EVP_PKEY_EC; }

static inline long tl_bio_get_mem_data(BIO *bio, char **out) {
    return BIO_get_mem_data(bio, out);
}

static inline void tl_openssl_free(void *ptr) { OPENSSL_free(ptr); }

#endif
