#ifndef TRELLIS_CLIBPQ_SHIM_H
#define TRELLIS_CLIBPQ_SHIM_H
#include <libpq-fe.h>

/* PG_DIAG_SQLSTATE is a character macro; expose it as a function. */
static inline const char *trellis_pq_sqlstate(const PGresult *result) {
  return PQresultErrorField(result, 'C');
}
#endif
