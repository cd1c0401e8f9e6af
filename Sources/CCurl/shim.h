#ifndef TRELLIS_CCURL_SHIM_H
#define TRELLIS_CCURL_SHIM_H
#include <curl/curl.h>

/* curl_easy_setopt is variadic, which Swift cannot call: one wrapper per argument type. */
static inline CURLcode trellis_curl_set_long(CURL *curl, CURLoption option, long value) {
  return curl_easy_setopt(curl, option, value);
}
static inline CURLcode trellis_curl_set_string(CURL *curl, CURLoption option, const char *value) {
  return curl_easy_setopt(curl, option, value);
}
static inline CURLcode trellis_curl_set_pointer(CURL *curl, CURLoption option, void *value) {
  return curl_easy_setopt(curl, option, value);
}
static inline CURLcode trellis_curl_set_read(CURL *curl, curl_read_callback callback) {
  return curl_easy_setopt(curl, CURLOPT_READFUNCTION, callback);
}
static inline CURLcode trellis_curl_set_write(CURL *curl, curl_write_callback callback) {
  return curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, callback);
}
static inline CURLcode trellis_curl_response_code(CURL *curl, long *code) {
  return curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, code);
}
#endif
