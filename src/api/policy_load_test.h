/*
 * policy_load_test.h — how a policy test's policy is loaded (kaohe.c), for
 * the tools' policy tests.  Private to the libraries.
 */
#ifndef KH_POLICY_LOAD_TEST_H
#define KH_POLICY_LOAD_TEST_H

#include "kaohe.h"

/* Loads the policy a test file names: as an include is read — a regular
 * *.rules file, its lines not shown when it is no policy — but wherever it
 * is. */
kh_policy *kh_policy_load_test(const char *path, const kh_load_options *o, kh_diags *d);

#endif
