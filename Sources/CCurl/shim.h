#ifndef TICKETD_CCURL_SHIM_H
#define TICKETD_CCURL_SHIM_H

/* Typed wrappers around libcurl's variadic setopt/getinfo and the macros Swift cannot see.
   Nothing outside TicketdMail touches these. */

#include <curl/curl.h>
#include <poll.h>
#include <stddef.h>

typedef size_t (*ticketd_curl_write_fn)(char *data, size_t size, size_t count, void *context);
typedef size_t (*ticketd_curl_read_fn)(char *buffer, size_t size, size_t count, void *context);

static inline CURLcode ticketd_curl_global_init(void) { return curl_global_init(CURL_GLOBAL_DEFAULT); }

static inline CURLcode ticketd_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ticketd_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ticketd_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ticketd_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ticketd_setopt_write_fn(CURL *h, CURLoption o, ticketd_curl_write_fn v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ticketd_setopt_read_fn(CURL *h, CURLoption o, ticketd_curl_read_fn v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ticketd_setopt_offt(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ticketd_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }

/* A connection left open by CURLOPT_CONNECT_ONLY (greeting, STARTTLS and login done by libcurl),
   spoken over with curl_easy_send/recv: IMAP IDLE, which libcurl has no command for. */
static inline CURLcode ticketd_easy_send(CURL *h, const void *data, size_t length, size_t *sent) {
    return curl_easy_send(h, data, length, sent);
}
static inline CURLcode ticketd_easy_recv(CURL *h, void *buffer, size_t length, size_t *received) {
    return curl_easy_recv(h, buffer, length, received);
}
/* Waits until the connection has something to read: 1 readable, 0 timed out, -1 failed. */
static inline int ticketd_wait_readable(CURL *h, int milliseconds) {
    curl_socket_t socket = CURL_SOCKET_BAD;
    if (curl_easy_getinfo(h, CURLINFO_ACTIVESOCKET, &socket) != CURLE_OK || socket == CURL_SOCKET_BAD) return -1;
    struct pollfd entry = { socket, POLLIN, 0 };
    int ready = poll(&entry, 1, milliseconds);
    return ready < 0 ? -1 : (ready > 0 ? 1 : 0);
}
static const int TICKETD_CURLE_AGAIN = CURLE_AGAIN;

/* Options and infos by name, so Swift never depends on the enum spelling of a given libcurl. */
static const CURLoption TICKETD_OPT_URL = CURLOPT_URL;
static const CURLoption TICKETD_OPT_USERNAME = CURLOPT_USERNAME;
static const CURLoption TICKETD_OPT_PASSWORD = CURLOPT_PASSWORD;
static const CURLoption TICKETD_OPT_CAINFO = CURLOPT_CAINFO;
static const CURLoption TICKETD_OPT_USE_SSL = CURLOPT_USE_SSL;
static const CURLoption TICKETD_OPT_SSL_VERIFYPEER = CURLOPT_SSL_VERIFYPEER;
static const CURLoption TICKETD_OPT_SSL_VERIFYHOST = CURLOPT_SSL_VERIFYHOST;
static const CURLoption TICKETD_OPT_CUSTOMREQUEST = CURLOPT_CUSTOMREQUEST;
static const CURLoption TICKETD_OPT_NOBODY = CURLOPT_NOBODY;
static const CURLoption TICKETD_OPT_WRITEFUNCTION = CURLOPT_WRITEFUNCTION;
static const CURLoption TICKETD_OPT_WRITEDATA = CURLOPT_WRITEDATA;
static const CURLoption TICKETD_OPT_HEADERFUNCTION = CURLOPT_HEADERFUNCTION;
static const CURLoption TICKETD_OPT_HEADERDATA = CURLOPT_HEADERDATA;
static const CURLoption TICKETD_OPT_READFUNCTION = CURLOPT_READFUNCTION;
static const CURLoption TICKETD_OPT_READDATA = CURLOPT_READDATA;
static const CURLoption TICKETD_OPT_UPLOAD = CURLOPT_UPLOAD;
static const CURLoption TICKETD_OPT_ERRORBUFFER = CURLOPT_ERRORBUFFER;
static const CURLoption TICKETD_OPT_CONNECTTIMEOUT = CURLOPT_CONNECTTIMEOUT;
static const CURLoption TICKETD_OPT_TIMEOUT = CURLOPT_TIMEOUT;
static const CURLoption TICKETD_OPT_MAIL_FROM = CURLOPT_MAIL_FROM;
static const CURLoption TICKETD_OPT_MAIL_RCPT = CURLOPT_MAIL_RCPT;
static const CURLoption TICKETD_OPT_MAIL_RCPT_ALLOWFAILS = CURLOPT_MAIL_RCPT_ALLLOWFAILS;
static const CURLoption TICKETD_OPT_NOSIGNAL = CURLOPT_NOSIGNAL;
static const CURLoption TICKETD_OPT_VERBOSE = CURLOPT_VERBOSE;
static const CURLoption TICKETD_OPT_INFILESIZE_LARGE = CURLOPT_INFILESIZE_LARGE;
static const CURLoption TICKETD_OPT_BUFFERSIZE = CURLOPT_BUFFERSIZE;
static const CURLoption TICKETD_OPT_CONNECT_ONLY = CURLOPT_CONNECT_ONLY;
static const CURLINFO TICKETD_INFO_RESPONSE_CODE = CURLINFO_RESPONSE_CODE;
static const long TICKETD_USESSL_NONE = CURLUSESSL_NONE;
static const long TICKETD_USESSL_ALL = CURLUSESSL_ALL;
static const size_t TICKETD_ERROR_SIZE = CURL_ERROR_SIZE;

#endif
