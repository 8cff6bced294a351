/* libFuzzer target: any bytes as a configuration, and as the arguments of
 * a call on a session whose server (a closed loopback port) never answers.
 * Must never crash, hang or leak; no address but 127.0.0.1 is contacted. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <extapi.h>

static ext_session *closed_port_session(void) {
    static ext_session *s;
    if (!s)
        s = ext_session_new(
            "{\"profile\":\"bearer\",\"base_url\":\"http://127.0.0.1:9\",\"token\":\"fuzz-token\","
            "\"retries\":0,\"connect_timeout_ms\":200}");
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *text = malloc(size + 1);
    ext_session *s;
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    s = ext_session_new(text);
    ext_string_free(ext_session_info(s));
    ext_session_free(s);
    ext_string_free(ext_request(closed_port_session(), "GET", text, NULL));
    ext_string_free(ext_graphql(closed_port_session(), text, text));
    free(text);
    return 0;
}
