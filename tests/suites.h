/* suites.h — one Check suite per module; run_checks.c adds them all. */
#ifndef TW_TEST_SUITES_H
#define TW_TEST_SUITES_H

#include <check.h>

Suite *prf_suite(void);
Suite *wire_suite(void);
Suite *keysched_suite(void);
Suite *options_suite(void);
Suite *lesson_suite(void);
Suite *tcp_suite(void);
Suite *json_suite(void);
Suite *dissect_suite(void);
Suite *ui_suite(void);
Suite *crypto_suite(void);
Suite *creds_suite(void);
Suite *suites_suite(void);
Suite *capture_suite(void);
Suite *knows_suite(void);
Suite *quiz_suite(void);
Suite *derive_suite(void);

#endif
