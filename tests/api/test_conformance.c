/* Runs the shared conformance cases (cases.json, format in README.md)
 * against the emulator: the same file every binding runs. */
#define _GNU_SOURCE
#include "test_support.h"

static emu *emulator;

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    long size;
    char *text;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    rewind(f);
    text = malloc((size_t)size + 1);
    if (text && fread(text, 1, (size_t)size, f) != (size_t)size) {
        free(text);
        text = NULL;
    }
    if (text) text[size] = '\0';
    fclose(f);
    return text;
}

/* Replaces every ${BASE_URL} in the strings of `node`, recursively. */
static void substitute_base_url(cJSON *node, const char *base_url) {
    for (; node; node = node->next) {
        const char *found;
        if (cJSON_IsString(node) && (found = strstr(node->valuestring, "${BASE_URL}")) != NULL) {
            char replaced[1024];
            snprintf(replaced, sizeof replaced, "%.*s%s%s", (int)(found - node->valuestring), node->valuestring,
                     base_url, found + strlen("${BASE_URL}"));
            cJSON_SetValuestring(node, replaced);
        }
        substitute_base_url(node->child, base_url);
    }
}

static char *printed(const cJSON *json) { return json ? cJSON_PrintUnformatted(json) : NULL; }

/* The step's body: a JSON string is sent as its text when the options give
 * a content_type, any other value serialised. */
static char *step_body(const cJSON *step, const cJSON *options) {
    const cJSON *body = cJSON_GetObjectItem(step, "body");
    if (cJSON_IsString(body) && cJSON_GetObjectItem(options, "content_type")) return strdup(body->valuestring);
    return printed(body);
}

/* login, graphql and request go through the 1.1 _ex functions: with the
 * step's "options" (NULL when absent) and, for "cancel": "fired", a cancel
 * handle fired before the call. */
static char *run_step(ext_session *s, const cJSON *step) {
    const char *call = cJSON_GetObjectItem(step, "call")->valuestring;
    const cJSON *options_json = cJSON_GetObjectItem(step, "options");
    const cJSON *cancel_json = cJSON_GetObjectItem(step, "cancel");
    char *options = printed(options_json), *doc = NULL;
    ext_cancel *cancel = NULL;
    if (cancel_json) {
        assert_string_equal(cancel_json->valuestring, "fired");
        cancel = ext_cancel_new();
        ext_cancel_fire(cancel);
    }
    if (strcmp(call, "login") == 0)
        doc = ext_login_ex(s, options, cancel);
    else if (strcmp(call, "token_refresh") == 0)
        doc = ext_token_refresh(s);
    else if (strcmp(call, "logout") == 0)
        doc = ext_logout(s);
    else if (strcmp(call, "info") == 0)
        doc = ext_session_info(s);
    else if (strcmp(call, "graphql") == 0) {
        char *variables = printed(cJSON_GetObjectItem(step, "variables"));
        doc = ext_graphql_ex(s, cJSON_GetObjectItem(step, "query")->valuestring, variables, options, cancel);
        free(variables);
    } else if (strcmp(call, "request") == 0) {
        char *body = step_body(step, options_json);
        doc = ext_request_ex(s, cJSON_GetObjectItem(step, "method")->valuestring,
                             cJSON_GetObjectItem(step, "path")->valuestring, body, options, cancel);
        free(body);
    } else {
        fail_msg("unknown call %s", call);
    }
    ext_cancel_free(cancel);
    free(options);
    return doc;
}

/* 1 when the document as returned lacks one of expect.raw_contains. */
static int lacks_raw(const char *raw, const cJSON *expect) {
    const cJSON *item;
    cJSON_ArrayForEach(item, cJSON_GetObjectItem(expect, "raw_contains")) {
        if (!raw || !strstr(raw, item->valuestring)) return 1;
    }
    return 0;
}

static void check_expectation(const char *where, const cJSON *doc, const cJSON *expect, int failed) {
    const cJSON *item, *want;
    char *text = printed(doc);
    if ((want = cJSON_GetObjectItem(expect, "ok")) && cJSON_IsTrue(want) != cJSON_IsTrue(at(doc, "ok"))) failed = 1;
    if ((want = cJSON_GetObjectItem(expect, "code")) &&
        (!cJSON_IsString(at(doc, "error.code")) || strcmp(at(doc, "error.code")->valuestring, want->valuestring) != 0))
        failed = 1;
    if ((want = cJSON_GetObjectItem(expect, "status")) && !cJSON_Compare(want, at(doc, "status"), 1)) failed = 1;
    cJSON_ArrayForEach(item, cJSON_GetObjectItem(expect, "fields")) {
        if (!cJSON_Compare(item, at(doc, item->string), 1)) failed = 1;
    }
    cJSON_ArrayForEach(item, cJSON_GetObjectItem(expect, "present")) {
        const cJSON *value = at(doc, item->valuestring);
        if (!value || cJSON_IsNull(value)) failed = 1;
    }
    cJSON_ArrayForEach(item, cJSON_GetObjectItem(expect, "absent")) {
        if (at(doc, item->valuestring)) failed = 1;
    }
    if (failed) {
        char *expected = printed(expect);
        print_error("%s: got %s, expected %s\n", where, text, expected);
        free(expected);
    }
    free(text);
    if (failed) fail();
}

static void check_counters(const char *name, const cJSON *counters) {
    const cJSON *item;
    cJSON_ArrayForEach(item, counters) {
        long actual = counter(emulator, item->string);
        if (actual != (long)item->valuedouble)
            fail_msg("%s: counter %s is %ld, expected %ld", name, item->string, actual, (long)item->valuedouble);
    }
}

static void prepare_emulator(const cJSON *c) {
    const cJSON *fault;
    const cJSON *config = cJSON_GetObjectItem(c, "emulator");
    assert_int_equal(emu_reset(emulator), 0);
    if (config) {
        char *text = printed(config);
        assert_int_equal(emu_configure(emulator, text), 0);
        free(text);
    }
    cJSON_ArrayForEach(fault, cJSON_GetObjectItem(c, "faults")) {
        char *text = printed(fault);
        assert_int_equal(emu_fault(emulator, text), 0);
        free(text);
    }
}

static void run_case(void **state) {
    cJSON *c = *state;
    const char *name = cJSON_GetObjectItem(c, "name")->valuestring;
    cJSON *config = cJSON_Duplicate(cJSON_GetObjectItem(c, "config"), 1);
    const cJSON *step;
    char *config_text;
    ext_session *s;
    int index = 0;
    prepare_emulator(c);
    substitute_base_url(config->child, emu_base_url(emulator));
    config_text = printed(config);
    s = ext_session_new(config_text);
    free(config_text);
    cJSON_Delete(config);
    assert_non_null(s);
    cJSON_ArrayForEach(step, cJSON_GetObjectItem(c, "steps")) {
        char where[256];
        const cJSON *expect = cJSON_GetObjectItem(step, "expect");
        char *raw;
        int raw_failed;
        cJSON *doc;
        ++index;
        if (strcmp(cJSON_GetObjectItem(step, "call")->valuestring, "sleep") == 0) {
            sleep_ms((long)cJSON_GetObjectItem(step, "ms")->valuedouble);
            continue;
        }
        snprintf(where, sizeof where, "%s, step %d (%s)", name, index, cJSON_GetObjectItem(step, "call")->valuestring);
        raw = run_step(s, step);
        raw_failed = lacks_raw(raw, expect);
        doc = take(raw);
        check_expectation(where, doc, expect, raw_failed);
        cJSON_Delete(doc);
    }
    ext_session_free(s);
    check_counters(name, cJSON_GetObjectItem(c, "counters"));
}

static int start(void **state) {
    (void)state;
    emulator = emu_start(0);
    return emulator ? 0 : -1;
}

static int stop(void **state) {
    (void)state;
    emu_stop(emulator);
    return 0;
}

/* The cases are cmocka tests, each run_case with its case as the state:
 * the array and the parsed file live until release_cases. */
static cJSON *cases_doc;
static struct CMUnitTest *cases;

static void release_cases(void) {
    free(cases);
    cJSON_Delete(cases_doc);
}

/* EXTAPI_CONFORMANCE_CASES names the cases (ctest sets it); by default the
 * source tree's tests/conformance/cases.json, so that the program runs
 * alone too. */
int suite_prepare(struct test_suite *suite) {
    const char *path = getenv("EXTAPI_CONFORMANCE_CASES");
    char *text;
    const cJSON *c;
    size_t count = 0;
    if (!path || !*path) path = EXTAPI_CONFORMANCE_CASES_DEFAULT;
    text = read_file(path);
    cases_doc = text ? cJSON_Parse(text) : NULL;
    free(text);
    if (!cases_doc) {
        fprintf(stderr, "cannot read the cases from %s\n", path);
        return -1;
    }
    cases = calloc((size_t)cJSON_GetArraySize(cJSON_GetObjectItem(cases_doc, "cases")) + 1, sizeof *cases);
    if (!cases) return -1;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(cases_doc, "cases")) {
        cases[count].name = cJSON_GetObjectItem(c, "name")->valuestring;
        cases[count].test_func = run_case;
        cases[count].initial_state = (void *)c;
        ++count;
    }
    suite->tests = cases;
    suite->count = count;
    suite->group_setup = start;
    suite->group_teardown = stop;
    suite->release = release_cases;
    return 0;
}
