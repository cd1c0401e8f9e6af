#ifndef TRELLIS_CCRYPTO_SHIM_H
#define TRELLIS_CCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/pem.h>
#include <openssl/err.h>
#include <openssl/ecdsa.h>
#include <openssl/bn.h>
#include <openssl/hmac.h>
#endif
