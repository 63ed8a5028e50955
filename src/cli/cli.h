/*
 * cli.h — shared pieces of the kaohe command-line tool: the subcommand
 * table, option helpers, diagnostics on stderr, atomic output files.
 */
#ifndef KH_CLI_H
#define KH_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "kaohe.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
    const char *usage;
} command;

const command *cli_commands(int *n);

/* Colour on stderr only for a terminal, and never with NO_COLOR. */
bool cli_color(FILE *f);
/* "kaohe: <message>" on stderr; returns code. */
int cli_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A usage error: the message and "try 'kaohe help CMD'"; returns 2. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Loads a policy and prints its diagnostics; NULL on errors. */
kh_policy *cli_load_policy(const char *path, bool quiet_warnings);
/* Applies "name=value" to p; false (after printing) on error. */
bool cli_set_param(kh_policy *p, const char *assignment);

/* Output to a file, atomically: written to a temporary file in the same
 * directory and renamed into place only on success.  SIGINT/SIGTERM remove
 * the temporary file.  With path NULL or "-", stdout. */
typedef struct cli_output {
    FILE *f;
    char *path;
    char *tmp;
    FILE *target;     /* spooled (--strict): where f's bytes go at close */
} cli_output;

bool cli_output_open(cli_output *o, const char *path);
/* ok: rename into place (true on success); !ok: remove the temporary. */
bool cli_output_close(cli_output *o, bool ok);
/* --strict: standard output (or a device) is kept in a temporary file and
 * copied out by cli_output_close only when ok (a file output already is
 * renamed into place only then); false when no temporary file can be made. */
bool cli_output_spool(cli_output *o);

/* --manifest FILE (cli_manifest.c): the time of the run (SOURCE_DATE_EPOCH
 * when set), a manifest when path is not NULL, writing it atomically (true
 * when there is nothing to write; false after printing why). */
long long cli_run_time(void);
kh_manifest *cli_manifest_new(const kh_policy *p, const char *path);
bool cli_manifest_write(const kh_manifest *m, const char *path);

/* The number of processors (for --jobs 0). */
int cli_cpus(void);

/* Loads POLICY, applies the NAME=VALUE assignments and opens INPUT ("-":
 * stdin).  Returns KH_OK, or the exit status after saying why (then *p and
 * *in are NULL). */
int cli_open_run(const char *policy, const char *const *sets, int nsets, const char *input, kh_policy **p, FILE **in);

/* Opens INPUT ("-" for stdin). */
FILE *cli_open_input(const char *path);

/* What a run says on stderr (cli_log.c): failed roster checks as they come,
 * record errors grouped by reason at the end (a reason shared by several
 * records once, with the count and the first ids), --prior's notes, and one
 * summary line: records, evaluated, refused, roster checks failed, and
 * which outputs of the others may change once the refused are fixed. */
typedef struct cli_log cli_log;
cli_log *cli_log_new(const char *input);
/* Callbacks for the kh_*_options (ud: the log). */
void cli_record_error(void *ud, size_t index, const char *id, const char *message);
void cli_check_failed(void *ud, const char *label, const char *roster, const char *const *ids, int nids);
/* Prints the grouped errors, and the notes and summary line of sum when
 * `print` (a run that did not fail as a whole); frees the log (NULL ok). */
void cli_log_finish(cli_log *l, const kh_eval_summary *sum, bool print);
/* The companion file a CSV output's failed roster checks go to:
 * june.csv -> june.checks.csv (malloc'd); NULL for standard output. */
char *cli_checks_path(const char *output);
/* --prior's notes and the summary line alone (explain, diff). */
void cli_print_summary(const char *input, const kh_eval_summary *sum);
/* --strict: a run with refused records or failed checks writes nothing;
 * says so and returns true then. */
bool cli_strict_failed(bool strict, const kh_eval_summary *sum);

/* INPUT given as an XLSX workbook or a CSV file (cli_roster.c). */
#define CLI_MAX_LISTS 16
typedef struct cli_roster {
    kh_roster_list lists[CLI_MAX_LISTS]; /* --list NAME=FILE.csv */
    int nlists;
    kh_roster *roster;     /* the input was a spreadsheet */
    FILE *original;        /* the input as opened */
} cli_roster;
/* --list NAME=FILE: false after saying why (a usage error). */
bool cli_roster_list_arg(cli_roster *cr, const char *cmd, const char *arg);
/* After cli_open_run: a spreadsheet's records replace *in (notes printed).
 * Returns KH_OK, or the exit status after saying why. */
int cli_roster_open(cli_roster *cr, const kh_policy *p, const char *input_name, FILE **in);
/* kh_eval_options.locate for a spreadsheet roster (ud: the kh_roster). */
void cli_roster_locate(void *ud, size_t index, const char *message, char *out, size_t cap);
/* The run's manifest (m, or one made when m is NULL and the input is a
 * spreadsheet: the outputs that show it name the file's own SHA-256). */
kh_manifest *cli_roster_manifest(const cli_roster *cr, const kh_policy *p, kh_manifest *m);
/* Closes the input (in: what cli_roster_open gave) and frees the roster. */
void cli_roster_close(cli_roster *cr, FILE *in);
/* Where `slip --all` writes (cli_slips.c): a folder (files named by id and
 * period; refused when not empty unless --replace, which then removes this
 * period's slips the run did not write) or one HTML file, a page per agent. */
typedef struct cli_slips {
    const char *dir;       /* the folder, or NULL for one file */
    bool html, replace, is_book, book_started, failed;
    cli_output book;
    size_t written;
    char **names, **kinds; /* names written; ".2014-06.txt" endings seen */
    size_t nnames, nkinds;
} cli_slips;
int cli_slips_begin(cli_slips *s, const char *output, bool html, bool replace);
bool cli_slips_put(cli_slips *s, const char *input, const char *id, const char *period, const char *text, size_t len);
/* Finishes (ok: the run is to be kept); false when the output failed. */
bool cli_slips_end(cli_slips *s, bool ok);
/* Record errors on stderr name the sheet and cell of every field. */
void cli_log_set_roster(cli_log *l, const kh_roster *r);

int cmd_eval(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_slip(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_template(int argc, char **argv);

#endif
