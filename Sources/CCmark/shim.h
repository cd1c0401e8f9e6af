#ifndef TRELLIS_CCMARK_SHIM_H
#define TRELLIS_CCMARK_SHIM_H
#include <cmark.h>
#endif
