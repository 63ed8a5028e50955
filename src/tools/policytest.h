/*
 * policytest.h — policy tests: hand-worked expectations for a policy, kept
 * in *.test.json files beside it, run by `kaohe test`.
 *
 * A test file names its policy (relative to the file), an optional `base`
 * record, and `cases`: each gives records (deep-merged over base; a null
 * removes a key), optional param overrides (`set`), and the expected values
 * of chosen outputs per id (`expect`).  Numbers compare exactly ("19/21"
 * may be written for a fraction), objects compare only the keys listed, and
 * {"error": "text"} expects the record to fail with text in its message.
 */
#ifndef KH_POLICYTEST_H
#define KH_POLICYTEST_H

#include <stdbool.h>
#include <stdio.h>

#include "kaohe.h"

typedef struct test_summary {
    int passed, failed;
} test_summary;

/* Runs every case of one test file, writing a line per case (and the
 * details of each failure) to report.  Returns false when the file itself
 * cannot be used (its problem is reported as a failed case).  The test file
 * must be a regular file; o (may be NULL) is how its policy is loaded. */
bool policytest_run_file(const char *path, const kh_load_options *o, FILE *report, bool color, test_summary *sum);

#endif
