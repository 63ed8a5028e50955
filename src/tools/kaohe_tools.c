/*
 * kaohe_tools.c — the tools' entry points that belong to no output module:
 * kh_eval into an XLSX workbook, and policy tests.
 */
#include "kaohe_tools.h"

#include "eval_output.h"
#include "policy.h"
#include "policytest.h"
#include "xlsx.h"

/* ---- the XLSX workbook ---------------------------------------------------- */

static void *workbook_open(const kh_policy *p, char *err, size_t cap)
{
    return xlsx_open(p->plan, p->prog->title, err, cap);
}

static result_sink workbook_sink(void *doc) { return xlsx_sink(doc); }

static void workbook_check_failed(void *doc, const failed_check *c, arena *A) { xlsx_check_failed(doc, c, A); }

static bool workbook_finish(void *doc, kh_manifest *m, FILE *out, char *err, size_t cap)
{
    return xlsx_finish(doc, m, out, err, cap);
}

int kh_eval_xlsx(const kh_policy *p, FILE *input, const char *input_name, FILE *out, const kh_eval_options *opts,
                 kh_eval_summary *summary)
{
    static const eval_output workbook = {workbook_open, workbook_sink, workbook_check_failed, workbook_finish};
    return eval_to_output(p, input, input_name, out, opts, &workbook, summary);
}

/* ---- policy tests --------------------------------------------------------- */

void kh_test_file_with(const char *path, const kh_load_options *o, FILE *report, bool color, int *passed,
                       int *failed)
{
    test_summary sum = {0, 0};
    policytest_run_file(path, o, report, color, &sum);
    *passed += sum.passed;
    *failed += sum.failed;
}

void kh_test_file(const char *path, FILE *report, bool color, int *passed, int *failed)
{
    kh_test_file_with(path, NULL, report, color, passed, failed);
}
