/* Canary secrets: every secret the C suites configure.  They must never
 * appear in a returned document: c_canary (tests/api/canary.py) reads this
 * file and scans every document the suites recorded for them.  Macros only,
 * so that programs outside the suites (tests/oom) can use the same
 * credentials without cmocka. */
#ifndef EXTAPI_TEST_CANARY_H
#define EXTAPI_TEST_CANARY_H

#define CANARY_XMC_ID         "xmc-client"
#define CANARY_XMC_SECRET     "xmc+secret/CANARY=7f3a91!"
#define CANARY_XIQ_USER       "admin@cust001.com"
#define CANARY_XIQ_PASSWORD   "xiq-password-CANARY-2b8c"
#define CANARY_OAUTH_ID       "oauth-client"
#define CANARY_OAUTH_SECRET   "oauth+secret/CANARY=c41d!"
#define CANARY_OAUTH_USER     "alice"
#define CANARY_OAUTH_PASSWORD "alice-password-CANARY-9e02"
#define CANARY_BASIC_USER     "basic-user"
#define CANARY_BASIC_PASSWORD "basic-password-CANARY-55aa"
#define CANARY_STATIC_TOKEN   "static-token-CANARY-0d6f"
#define CANARY_API_KEY        "api-key-CANARY-83be"

#endif
