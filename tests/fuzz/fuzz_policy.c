/*
 * fuzz_policy.c — libFuzzer harness for the policy front end.
 *
 * Bytes are a policy's text: kh_policy_load_text parses, checks and
 * compiles it; the diagnostics are rendered (carets, columns); a policy
 * that loads is also run over a tiny fixed roster, so that random but valid
 * policies reach the evaluator too.  The text is named in a private
 * directory holding copies of the shipped include files (sandbox.h), so
 * `include` is exercised and can never read anything outside it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe.h"
#include "sandbox.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static FILE *sink;        /* diagnostics and results go nowhere */

static ssize_t discard(void *c, const char *buf, size_t n)
{
    (void)c;
    (void)buf;
    return (ssize_t)n;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    sandbox_init("fuzz_policy");
    cookie_io_functions_t io = {NULL, discard, NULL, NULL};
    sink = fopencookie(NULL, "w", io);
    return 0;
}

/* Records for policies that load: a plain one, an empty one, one with an
 * id, one that is not an object. */
static const char roster[] =
    "{\"id\":\"a\",\"period\":\"2014-06\",\"x\":1,\"pay\":{\"base\":\"1738.64\"}}\n"
    "{}\n"
    "{\"id\":\"b\",\"period\":\"2014-06\",\"x\":-2.5,\"list\":[1,2,3]}\n"
    "[1]\n";

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    sandbox_guarded = 1;
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load_text(sandbox_name, (const char *)data, size, d);
    kh_diags_print(d, sink, size % 2 == 0);
    kh_diags_free(d);
    if (p) {
        FILE *in = fmemopen((void *)roster, sizeof roster - 1, "r");
        if (in) {
            kh_eval_options o;
            memset(&o, 0, sizeof o);
            o.format = (kh_format)(size % 3);
            kh_eval_summary s;
            kh_eval(p, in, "roster", sink, &o, &s);
            fclose(in);
        }
        kh_policy_free(p);
    }
    sandbox_guarded = 0;
    return 0;
}
