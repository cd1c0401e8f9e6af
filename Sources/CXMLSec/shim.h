#ifndef TRELLIS_CXMLSEC_SHIM_H
#define TRELLIS_CXMLSEC_SHIM_H
/* What `pkg-config --cflags xmlsec1-openssl` defines (SwiftPM passes on only its -I): they choose
   the crypto back end and the size types, so they must match how Debian built the library. */
#ifndef XMLSEC_CRYPTO_OPENSSL
#define XMLSEC_CRYPTO_OPENSSL 1
#endif
#ifndef XMLSEC_NO_SIZE_T
#define XMLSEC_NO_SIZE_T
#endif
#ifndef XMLSEC_NO_CRYPTO_DYNAMIC_LOADING
#define XMLSEC_NO_CRYPTO_DYNAMIC_LOADING 1
#endif
#ifndef XMLSEC_NO_GOST
#define XMLSEC_NO_GOST 1
#endif
#ifndef XMLSEC_NO_GOST2012
#define XMLSEC_NO_GOST2012 1
#endif
#ifndef __XMLSEC_FUNCTION__
#define __XMLSEC_FUNCTION__ __func__
#endif
/* libxml2's headers would bring in ICU's, which clash with the toolchain's own copy of ICU; Trellis
   never touches the encoding handlers they describe, so the ICU part is left out. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <zlib.h>

/* libxml2's xmlFree is a global function pointer, which Swift treats as shared mutable state. */
static inline void trellis_xml_free(void *memory) { xmlFree(memory); }
#endif
