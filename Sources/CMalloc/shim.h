#ifndef TRELLIS_CMALLOC_SHIM_H
#define TRELLIS_CMALLOC_SHIM_H
/* glibc's malloc tuning (arenas, giving freed memory back), which Glibc's module leaves out. */
#include <malloc.h>
#endif
