/*
 * embed.c — a program built against an installed kaohe, as an embedder
 * would (`pkg-config --cflags --libs kaohe`), by tests/install/install.sh.
 *
 *   embed POLICY INPUT   the results of POLICY for every record of INPUT, as
 *                        NDJSON on stdout; each refused record on stderr as
 *                        "refused N ID"; then "summary RECORDS ERRORS"
 *
 * Its status is kh_eval's.  It also checks, through the public API alone,
 * that a policy with a mistake comes back as diagnostics, that a param is
 * refused a value of the wrong type, and that the core refuses the XLSX
 * format (the tools write workbooks).  It defines functions named like the
 * library's internals (arena_new, value_hash): linked statically, a library
 * that exported those would fail to link with it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kaohe.h>

/* The embedder's own arena: the same name as the library's internal one. */
struct arena {
    size_t used;
};

struct arena *arena_new(size_t cap);
unsigned value_hash(const char *s);

struct arena *arena_new(size_t cap)
{
    struct arena *a = malloc(sizeof *a);
    if (a) a->used = cap;
    return a;
}

unsigned value_hash(const char *s)
{
    unsigned h = 5381;
    while (*s) h = h * 33 + (unsigned char)*s++;
    return h;
}

static void refused(void *ud, size_t index, const char *id, const char *message)
{
    (void)ud;
    (void)message;
    fprintf(stderr, "refused %zu %s\n", index, id ? id : "-");
}

static int fail(const char *what)
{
    fprintf(stderr, "embed: %s\n", what);
    return 99;
}

int main(int argc, char **argv)
{
    if (argc != 3) return fail("usage: embed POLICY INPUT");
    struct arena *mine = arena_new(7);
    if (!mine || mine->used != 7 || value_hash("kaohe") != value_hash("kaohe")) return fail("own arena_new");
    free(mine);

    /* a mistake in a policy is a diagnostic, not a crash or a print */
    kh_diags *d = kh_diags_new();
    const char bad[] = "output x = no_such_name + 1\n";
    kh_policy *none = kh_policy_load_text("bad.rules", bad, strlen(bad), d);
    if (none || kh_diags_errors(d) < 1) return fail("a policy with an unknown name loaded");
    kh_diags_free(d);

    d = kh_diags_new();
    kh_policy *p = kh_policy_load(argv[1], d);
    if (!p) {
        kh_diags_print(d, stderr, false);
        kh_diags_free(d);
        return fail("the policy did not load");
    }
    kh_diags_free(d);

    char err[256];
    if (kh_policy_set(p, "commission_rate", "a lot", err, sizeof err) || !err[0])
        return fail("commission_rate took 'a lot'");
    if (!kh_policy_set(p, "commission_rate", "8%", err, sizeof err)) return fail(err);

    FILE *in = fopen(argv[2], "rb");
    if (!in) return fail("cannot open the input");
    kh_eval_summary sum;
    kh_eval_options xlsx = {.format = KH_FORMAT_XLSX};
    if (kh_eval(p, in, argv[2], stdout, &xlsx, &sum) != KH_USAGE_ERROR || !sum.fatal[0] || ftell(in) != 0)
        return fail("kh_eval took the XLSX format");

    kh_eval_options o = {.format = KH_FORMAT_NDJSON, .record_error = refused};
    int rc = kh_eval(p, in, argv[2], stdout, &o, &sum);
    fclose(in);
    fprintf(stderr, "summary %zu %zu\n", sum.records, sum.errors);
    kh_policy_free(p);
    return rc;
}
