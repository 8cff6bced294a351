/* The one main() of the C suites (tests/api/test_*.c), as libssh's
 * tests/torture.c is of its tests: each suite only defines its tests
 * (suite_prepare, usually through TEST_SUITE in test_support.h) and this
 * runs them as one cmocka group named after the program.
 *
 *   test_SUITE [-t PATTERN] [-s PATTERN] [-l]
 *     -t PATTERN  run only the tests whose names match PATTERN
 *     -s PATTERN  skip the tests whose names match PATTERN
 *     -l          list the names of the tests that would run, run none
 * A PATTERN is cmocka's: `*` is any run of characters, `?` any one.  A -t
 * that matches no test is an error (exit 1), so that a misspelt name does
 * not pass silently.  Otherwise the exit status is cmocka's: the number of
 * failed tests. */
#include "test_support.h"

#include <unistd.h>

static void usage(FILE *to, const char *program) {
    fprintf(to,
            "usage: %s [-t PATTERN] [-s PATTERN] [-l]\n"
            "  -t PATTERN  run only the tests whose names match (cmocka glob: * and ?)\n"
            "  -s PATTERN  skip the tests whose names match\n"
            "  -l          list the tests that would run\n",
            program);
}

/* The same matching as cmocka's filters (only `*` and `?` are special), to
 * count and list what -t and -s select before cmocka runs it. */
static int matches(const char *pattern, const char *name) {
    if (*pattern == '\0') return *name == '\0';
    if (*pattern == '*') return matches(pattern + 1, name) || (*name && matches(pattern, name + 1));
    if (*name == '\0') return 0;
    return (*pattern == '?' || *pattern == *name) && matches(pattern + 1, name + 1);
}

static int selected(const char *only, const char *skip, const char *name) {
    return (!only || matches(only, name)) && (!skip || !matches(skip, name));
}

int main(int argc, char **argv) {
    const char *program = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    const char *only = NULL, *skip = NULL;
    struct test_suite suite = {NULL, 0, NULL, NULL, NULL};
    size_t i, chosen = 0;
    int list = 0, option, failures;

    while ((option = getopt(argc, argv, "t:s:lh")) != -1) {
        switch (option) {
        case 't': only = optarg; break;
        case 's': skip = optarg; break;
        case 'l': list = 1; break;
        case 'h': usage(stdout, program); return 0;
        default: usage(stderr, program); return 2;
        }
    }
    if (optind != argc) {
        usage(stderr, program);
        return 2;
    }
    if (suite_prepare(&suite) != 0) {
        fprintf(stderr, "%s: the suite could not be prepared\n", program);
        return 1;
    }
    for (i = 0; i < suite.count; ++i) {
        if (!selected(only, skip, suite.tests[i].name)) continue;
        ++chosen;
        if (list) printf("%s\n", suite.tests[i].name);
    }
    if (only && chosen == 0) {
        fprintf(stderr, "%s: no test matches -t %s (-l lists them)\n", program, only);
        failures = 1;
    } else if (list) {
        failures = 0;
    } else {
        if (only) cmocka_set_test_filter(only);
        if (skip) cmocka_set_skip_filter(skip);
        failures = _cmocka_run_group_tests(program, suite.tests, suite.count, suite.group_setup, suite.group_teardown);
    }
    if (suite.release) suite.release();
    return failures;
}
