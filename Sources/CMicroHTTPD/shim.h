#ifndef TRELLIS_CMICROHTTPD_SHIM_H
#define TRELLIS_CMICROHTTPD_SHIM_H
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <microhttpd.h>

/* Percent-decodes a URL or query value in place, except %00: a NUL would end the C string and
   turn "/healthz%00.html" into "/healthz". It stays "%00", text that matches no route or rule. */
static inline size_t trellis_mhd_unescape(void *cls, struct MHD_Connection *connection, char *text) {
  (void)cls;
  (void)connection;
  char *read = text, *write = text;
  while (*read) {
    if (read[0] == '%' && isxdigit((unsigned char)read[1]) && isxdigit((unsigned char)read[2])) {
      char hex[3] = {read[1], read[2], 0};
      long value = strtol(hex, NULL, 16);
      if (value != 0) {
        *write++ = (char)value;
        read += 3;
        continue;
      }
    }
    *write++ = *read++;
  }
  *write = 0;
  return (size_t)(write - text);
}

/* MHD_start_daemon is variadic, which Swift cannot call: this fixes the options Trellis uses. */
static inline struct MHD_Daemon *trellis_mhd_start(
    unsigned int flags, uint16_t port, const struct sockaddr *bind_address,
    MHD_AccessHandlerCallback handler, void *handler_cls,
    MHD_RequestCompletedCallback completed, void *completed_cls,
    unsigned int thread_pool_size, unsigned int connection_timeout_seconds,
    unsigned int connection_limit, unsigned int per_address_limit, size_t connection_memory) {
  return MHD_start_daemon(
      flags, port, NULL, NULL, handler, handler_cls,
      MHD_OPTION_NOTIFY_COMPLETED, completed, completed_cls,
      MHD_OPTION_THREAD_POOL_SIZE, thread_pool_size,
      MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout_seconds,
      MHD_OPTION_CONNECTION_LIMIT, connection_limit,
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_address_limit,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, connection_memory,
      MHD_OPTION_UNESCAPE_CALLBACK, trellis_mhd_unescape, NULL,
      MHD_OPTION_SOCK_ADDR, bind_address,
      MHD_OPTION_END);
}

/* The port the daemon actually listens on (useful when started on port 0). */
static inline uint16_t trellis_mhd_bound_port(struct MHD_Daemon *daemon) {
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
  return info ? info->port : 0;
}
/* The request line and headers as received, in bytes. */
static inline size_t trellis_mhd_request_header_size(struct MHD_Connection *connection) {
  const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
  return info ? info->header_size : 0;
}
/* The client's address as text; MHD_get_connection_info is variadic too. */
static inline int trellis_mhd_client_address(struct MHD_Connection *connection, char *buffer, socklen_t size) {
  const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (!info || !info->client_addr) return 0;
  const struct sockaddr *address = info->client_addr;
  if (address->sa_family == AF_INET) {
    /* Every request asks: glibc's inet_ntop formats IPv4 through sprintf, ten times the work. */
    const unsigned char *bytes = (const unsigned char *)&((const struct sockaddr_in *)address)->sin_addr;
    if (size < INET_ADDRSTRLEN) return 0;
    for (int index = 0; index < 4; index++) {
      unsigned value = bytes[index];
      if (value >= 100) *buffer++ = (char)('0' + value / 100);
      if (value >= 10) *buffer++ = (char)('0' + value / 10 % 10);
      *buffer++ = (char)('0' + value % 10);
      *buffer++ = index < 3 ? '.' : '\0';
    }
    return 1;
  }
  if (address->sa_family == AF_INET6)
    return inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)address)->sin6_addr, buffer, size) != NULL;
  return 0;
}
#endif
