#ifndef TICKETD_CCRYPTO_SHIM_H
#define TICKETD_CCRYPTO_SHIM_H

/* SHA-256 and HMAC-SHA-256 from the system's libcrypto (OpenSSL): content-addressed
   attachments, synthesised Message-IDs, and the analysts' reply tokens. Two typed entry points;
   nothing else of OpenSSL is used. */

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <stddef.h>

static inline void ticketd_sha256(const void *data, size_t length, unsigned char *out32) {
    SHA256((const unsigned char *)data, length, out32);
}

/* HMAC-SHA-256 of `data` under `key`; 1 on success. */
static inline int ticketd_hmac_sha256(const void *key, size_t keyLength, const void *data, size_t length,
                                      unsigned char *out32) {
    unsigned int written = 0;
    return HMAC(EVP_sha256(), key, (int)keyLength, (const unsigned char *)data, length, out32, &written) != NULL
        && written == 32;
}

#endif
