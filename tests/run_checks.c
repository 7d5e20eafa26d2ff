/*
 * run_checks.c — the unit-test runner: every module's suite, one report.
 * CK_FORK is left to Check's default (fork), so a crash fails one test.
 */
#include "config.h"
#include <stdlib.h>
#include "suites.h"

int
main(void)
{
	SRunner *sr = srunner_create(prf_suite());
	int failed;

	srunner_add_suite(sr, wire_suite());
	srunner_add_suite(sr, keysched_suite());
	srunner_add_suite(sr, options_suite());
	srunner_add_suite(sr, lesson_suite());
	srunner_add_suite(sr, tcp_suite());
	srunner_add_suite(sr, json_suite());
	srunner_add_suite(sr, capture_suite());
	srunner_add_suite(sr, dissect_suite());
	srunner_add_suite(sr, ui_suite());
	srunner_add_suite(sr, crypto_suite());
	srunner_add_suite(sr, creds_suite());
	srunner_add_suite(sr, suites_suite());
	srunner_add_suite(sr, knows_suite());
	srunner_add_suite(sr, quiz_suite());
	srunner_add_suite(sr, derive_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
