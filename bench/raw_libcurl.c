/* raw_libcurl: the floor and the reference of every ratio.  What a careful
 * hand-written libcurl program does: one client-credentials token request
 * (Basic auth), then per thread one easy handle set up once (URL, body,
 * the header list built once for the token) reused for every GraphQL POST,
 * each answer checked for HTTP 200 and parsed with cJSON (its
 * data.network.devices must be an array).
 *
 * BENCH_MODE=idle: BENCH_SESSIONS easy handles instead, resident memory
 * before they exist, after creating them and after one call each (see
 * bench_common.h for the rest of the environment). */
#include <curl/curl.h>
#include <cjson/cJSON.h>

#include "bench_common.h"

struct buffer {
    char *data;
    size_t len, cap;
};

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *userdata) {
    struct buffer *b = userdata;
    size_t n = size * nmemb;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1) cap *= 2;
        char *grown = realloc(b->data, cap);
        if (!grown) return 0;
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

struct client {
    CURL *curl;
    struct buffer answer;
};

/* The GraphQL URL and the header list, shared read-only by the handles. */
static char graphql_url[1024];
static struct curl_slist *headers;

static long perform(struct client *c) {
    long status = 0;
    c->answer.len = 0;
    if (curl_easy_perform(c->curl) != CURLE_OK) return 0;
    curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
    return status;
}

static int graphql_call(void *state) {
    struct client *c = state;
    cJSON *doc, *devices;
    int ok;
    if (perform(c) != 200) return 0;
    doc = cJSON_ParseWithLength(c->answer.data, c->answer.len);
    devices = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "data"), "network"), "devices");
    ok = cJSON_IsArray(devices);
    cJSON_Delete(doc);
    return ok;
}

/* Client credentials with Basic auth; returns the access token (malloc'd). */
static char *fetch_token(struct client *c, const char *base) {
    char url[1024];
    char *token = NULL;
    cJSON *doc, *value;
    snprintf(url, sizeof url, "%s/oauth/token/access-token?grant_type=client_credentials", base);
    curl_easy_setopt(c->curl, CURLOPT_URL, url);
    curl_easy_setopt(c->curl, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
    curl_easy_setopt(c->curl, CURLOPT_USERNAME, bench_env("BENCH_CLIENT_ID", NULL));
    curl_easy_setopt(c->curl, CURLOPT_PASSWORD, bench_env("BENCH_CLIENT_SECRET", NULL));
    curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, "");
    if (perform(c) == 200) {
        doc = cJSON_ParseWithLength(c->answer.data, c->answer.len);
        value = cJSON_GetObjectItemCaseSensitive(doc, "access_token");
        if (cJSON_IsString(value)) token = strdup(value->valuestring);
        cJSON_Delete(doc);
    }
    /* Back to a plain handle: no credentials on the API calls. */
    curl_easy_setopt(c->curl, CURLOPT_HTTPAUTH, (long)CURLAUTH_NONE);
    curl_easy_setopt(c->curl, CURLOPT_USERNAME, NULL);
    curl_easy_setopt(c->curl, CURLOPT_PASSWORD, NULL);
    return token;
}

static void client_init(struct client *c) {
    c->curl = curl_easy_init();
    if (!c->curl) exit(3);
    curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, &c->answer);
}

/* After the token request (or for a new handle): the GraphQL POST. */
static void client_set_graphql(struct client *c) {
    curl_easy_setopt(c->curl, CURLOPT_URL, graphql_url);
    curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, BENCH_BODY);
    curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE, (long)strlen(BENCH_BODY));
}

static void build_headers(const char *token) {
    char auth[4096];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    headers = curl_slist_append(NULL, auth);
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Accept: application/json");
}

static int idle_sessions(void) {
    long count = bench_env_long("BENCH_SESSIONS", 1000), ok = 0;
    long rss0, rss1, rss2;
    struct client *clients;
    rss0 = resident_kb();
    clients = calloc((size_t)count, sizeof *clients);
    if (!clients) return 3;
    for (long i = 0; i < count; i++) {
        client_init(&clients[i]);
        client_set_graphql(&clients[i]);
    }
    rss1 = resident_kb();
    for (long i = 0; i < count; i++) ok += graphql_call(&clients[i]);
    rss2 = resident_kb();
    printf("IDLE sessions=%ld ok=%ld rss_before_kb=%ld rss_new_kb=%ld rss_after_kb=%ld\n", count, ok, rss0, rss1, rss2);
    return ok == count ? 0 : 1;
}

int main(void) {
    const char *base = bench_env("BENCH_URL", NULL);
    struct bench_run run;
    struct client *clients;
    void **states;
    char *token;
    uint64_t begin, cold, loop;
    long ok_calls;
    int status;

    snprintf(graphql_url, sizeof graphql_url, "%s%s", base, bench_env("BENCH_PATH", "/nbi/graphql"));
    bench_run_init(&run);
    clients = calloc((size_t)run.threads, sizeof *clients);
    states = calloc((size_t)run.threads, sizeof *states);
    if (!clients || !states) return 3;

    /* Cold: libcurl's initialisation, the token request and the first
     * call, on thread 0's handle (libextapi's cold call includes its
     * initialisation too). */
    begin = bench_now_ns();
    curl_global_init(CURL_GLOBAL_DEFAULT);
    client_init(&clients[0]);
    token = fetch_token(&clients[0], base);
    if (!token) {
        fprintf(stderr, "raw_libcurl: token request failed\n");
        return 1;
    }
    build_headers(token);
    client_set_graphql(&clients[0]);
    if (!graphql_call(&clients[0])) {
        fprintf(stderr, "raw_libcurl: first call failed\n");
        return 1;
    }
    cold = bench_now_ns() - begin;

    if (strcmp(bench_env("BENCH_MODE", "loop"), "idle") == 0) return idle_sessions();

    for (long i = 0; i < run.threads; i++) {
        if (i > 0) {
            client_init(&clients[i]);
            client_set_graphql(&clients[i]);
        }
        states[i] = &clients[i];
    }
    loop = bench_run_threads(&run, graphql_call, states, &ok_calls);
    status = bench_report(&run, ok_calls, loop, cold);

    for (long i = 0; i < run.threads; i++) {
        curl_easy_cleanup(clients[i].curl);
        free(clients[i].answer.data);
    }
    curl_slist_free_all(headers);
    free(token);
    free(clients);
    free(states);
    free(run.latencies);
    curl_global_cleanup();
    return status;
}
