/* Test harness: runs extapi-emulator (tests/emulator) as a child process and
 * talks to its /_emu control endpoints.  Test code only. */
#ifndef EXTAPI_EMULATOR_HARNESS_H
#define EXTAPI_EMULATOR_HARNESS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct emu emu;

/* Starts the emulator (EXTAPI_EMULATOR_PATH) with stdin/stdout pipes;
 * tls != 0 serves HTTPS with a certificate generated in a fresh temporary
 * directory.  Waits at most 10 s for its "PORT n" line.  NULL on failure. */
emu *emu_start(int tls);
/* SIGTERM, wait, remove the TLS directory.  NULL is fine. */
void emu_stop(emu *e);

const char *emu_base_url(const emu *e); /* "http(s)://127.0.0.1:PORT" */
int emu_port(const emu *e);
const char *emu_ca_file(const emu *e); /* DIR/cert.pem with TLS, else NULL */

/* GET /_emu/counters: the counter's value, 0 if absent, -1 on error. */
long emu_counter(emu *e, const char *name);
/* GET /_emu/connections: the client connections open (the asking one left
 * out; one just closed may linger a moment), -1 on error. */
long emu_open_connections(emu *e);
/* POST /_emu/config, /_emu/fault, /_emu/reset: 0 on success. */
int emu_configure(emu *e, const char *json);
int emu_fault(emu *e, const char *json);
int emu_reset(emu *e);
/* GET /_emu/last_request?name=...: malloc'ed JSON, or NULL if none/error. */
char *emu_last_request(emu *e, const char *name);

#ifdef __cplusplus
}
#endif

#endif
