/* ext_paginate against the emulator's three listings: XIQ devices, MSX
 * tenants and a Link-header cursor listing. */
#include "test_support.h"

static cJSON *paginate(ext_session *s, const char *path, const char *options) {
    return expect_ok(ext_paginate(s, path, options, NULL));
}

static void test_ext_paginate_xiq_devices_every_page(void **state) {
    emu *e = *state;
    ext_session *s = xiq_session(e, "");
    cJSON *doc = paginate(s, "/devices?page=1&limit=10", NULL);
    assert_int_equal(cJSON_GetArraySize(at(doc, "data")), 25);
    assert_int_equal((int)number_at(doc, "data.24.id"), 25);
    assert_int_equal((int)number_at(doc, "pages"), 3);
    assert_string_equal(string_at(doc, "style"), "xiq");
    assert_true(cJSON_IsTrue(at(doc, "complete")));
    cJSON_Delete(doc);
    assert_int_equal(counter(e, "devices"), 3);
    ext_session_free(s);
}

static void test_ext_paginate_msx_tenants_until_has_next_is_false(void **state) {
    emu *e = *state;
    ext_session *s = xiq_session(e, "");
    cJSON *doc = paginate(s, "/tenants", "{\"query\":{\"pageSize\":\"5\"}}");
    assert_int_equal(cJSON_GetArraySize(at(doc, "data")), 23);
    assert_string_equal(string_at(doc, "data.22.id"), "t-23");
    assert_int_equal((int)number_at(doc, "pages"), 5);
    assert_string_equal(string_at(doc, "style"), "msx");
    cJSON_Delete(doc);
    assert_int_equal(counter(e, "tenants"), 5);
    ext_session_free(s);
}

static void test_ext_paginate_link_header_cursor_listing(void **state) {
    emu *e = *state;
    ext_session *s = xiq_session(e, "");
    cJSON *doc = paginate(s, "/links", NULL);
    assert_int_equal(cJSON_GetArraySize(at(doc, "data")), 10);
    assert_int_equal((int)number_at(doc, "data.9.n"), 10);
    assert_int_equal((int)number_at(doc, "pages"), 3);
    assert_string_equal(string_at(doc, "style"), "link");
    cJSON_Delete(doc);
    ext_session_free(s);
}

static void test_ext_paginate_max_pages_stops_and_says_incomplete(void **state) {
    emu *e = *state;
    ext_session *s = xiq_session(e, "");
    cJSON *doc = paginate(s, "/devices?limit=5", "{\"max_pages\":2}");
    assert_int_equal(cJSON_GetArraySize(at(doc, "data")), 10);
    assert_false(cJSON_IsTrue(at(doc, "complete")));
    cJSON_Delete(doc);
    assert_int_equal(counter(e, "devices"), 2);
    ext_session_free(s);
}

static void test_ext_paginate_failing_page_fails_the_call(void **state) {
    emu *e = *state;
    ext_session *s = xiq_session(e, ",\"retries\":0");
    cJSON *doc;
    assert_int_equal(emu_fault(e, "{\"path\":\"/devices\",\"kind\":\"status\",\"status\":500}"), 0);
    doc = expect_error(ext_paginate(s, "/devices?page=2", NULL, NULL), "http");
    assert_int_equal((int)number_at(doc, "status"), 500);
    cJSON_Delete(doc);
    expect_error_and_free(ext_paginate(s, "/api/thing", NULL, NULL), "invalid_response"); /* no list of items */
    expect_error_and_free(ext_paginate(s, "/devices", "{\"max_pages\":0}", NULL), "invalid_argument");
    expect_error_and_free(ext_paginate(s, "/devices", "{\"response\":\"text\"}", NULL), "invalid_argument");
    ext_session_free(s);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup(test_ext_paginate_xiq_devices_every_page, reset_emulator),
    cmocka_unit_test_setup(test_ext_paginate_msx_tenants_until_has_next_is_false, reset_emulator),
    cmocka_unit_test_setup(test_ext_paginate_link_header_cursor_listing, reset_emulator),
    cmocka_unit_test_setup(test_ext_paginate_max_pages_stops_and_says_incomplete, reset_emulator),
    cmocka_unit_test_setup(test_ext_paginate_failing_page_fails_the_call, reset_emulator),
};

TEST_SUITE(tests, group_start_emulator, group_stop_emulator)
