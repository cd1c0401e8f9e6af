/* The baseline for bench/run: libmicrohttpd answering "ok" with the daemon flags and thread
 * pool `trellis serve` uses, and nothing else (no routing, headers, logging or database).
 *   bare-healthz PORT THREADS */
#include <microhttpd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static enum MHD_Result answer(void *cls, struct MHD_Connection *connection, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **request_context) {
  (void)cls; (void)url; (void)method; (void)version; (void)upload_data;
  /* The first call only announces the request: answering then would close the connection. */
  static int marker;
  if (*request_context == NULL) {
    *request_context = &marker;
    return MHD_YES;
  }
  *upload_data_size = 0;
  static const char body[] = "{\"status\":\"ok\"}";
  struct MHD_Response *response =
      MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_PERSISTENT);
  MHD_add_response_header(response, "Content-Type", "application/json");
  enum MHD_Result result = MHD_queue_response(connection, MHD_HTTP_OK, response);
  MHD_destroy_response(response);
  return result;
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_TURBO;
  struct MHD_Daemon *daemon = MHD_start_daemon(
      flags, (uint16_t)atoi(argv[1]), NULL, NULL, answer, NULL,
      MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)atoi(argv[2]),
      MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
  if (daemon == NULL) return 1;
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigprocmask(SIG_BLOCK, &signals, NULL);
  int received;
  sigwait(&signals, &received);
  MHD_stop_daemon(daemon);
  return 0;
}
