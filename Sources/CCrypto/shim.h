#ifndef TICKETD_CCRYPTO_SHIM_H
#define TICKETD_CCRYPTO_SHIM_H

/* SHA-256 from the system's libcrypto (OpenSSL), for content-addressed attachments and
   synthesised Message-IDs. One typed entry point; nothing else of OpenSSL is used. */

#include <openssl/sha.h>
#include <stddef.h>

static inline void ticketd_sha256(const void *data, size_t length, unsigned char *out32) {
    SHA256((const unsigned char *)data, length, out32);
}

#endif
