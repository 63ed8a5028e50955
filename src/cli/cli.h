/*
 * cli.h — shared pieces of the kaohe command-line tool: the subcommand
 * table, option helpers, diagnostics on stderr, atomic output files.
 */
#ifndef KH_CLI_H
#define KH_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "i18n.h"
#include "kaohe_tools.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
    const char *usage;
} command;


/* Colour on stderr only for a terminal, and never with NO_COLOR. */
bool cli_color(FILE *f);
/* "kaohe: <message>" on stderr; returns code. */
int cli_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A usage error: the message and "try 'kaohe help CMD'"; returns 2. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Takes every --include-path DIR (or --include-path=DIR) out of argv (a
 * directory includes may also read from, for every command that loads a
 * policy); KH_OK, or the usage error after saying why. */
int cli_take_include_paths(int *argc, char **argv);
/* How policies are loaded (the --include-path directories). */
const kh_load_options *cli_load_options(void);

/* Loads a policy and prints its diagnostics; NULL on errors. */
kh_policy *cli_load_policy(const char *path, bool quiet_warnings);
/* Applies "name=value" to p; false (after printing) on error. */
bool cli_set_param(kh_policy *p, const char *assignment);

/* A growable list of option values (--set, output names...); a command
 * keeps its lists static, so that an early return leaves nothing unfreed. */
typedef struct cli_list {
    const char **v;
    int n, cap;
} cli_list;
void cli_list_add(cli_list *l, const char *s);
void cli_list_free(cli_list *l);
/* An option that may be given once: stores value in *slot, or says that
 * it was given twice.  Returns KH_OK or the usage error's status. */
int cli_option_once(const char *cmd, const char *option, const char **slot, const char *value);

/* ---- options (cli_args.c) ---------------------------------------------------
 * A command's options as a table, ended by an entry without a name. */
typedef enum cli_arg_kind {
    ARG_FLAG,        /* bool *slot: set when given */
    ARG_TEXT,        /* const char **slot: the value (the last one given) */
    ARG_ONCE,        /* const char **slot: the value; given twice is an error */
    ARG_LIST,        /* cli_list *slot: every value, in order */
    ARG_CHOICE,      /* int *slot: the index of the value among choices */
    ARG_NUMBER,      /* int *slot: a whole number from min to max */
    ARG_ROSTER_LIST, /* cli_roster *slot: --list NAME=FILE.csv */
} cli_arg_kind;
typedef struct cli_arg {
    const char *name;           /* "--format" */
    const char *alias;          /* "-f", or NULL */
    cli_arg_kind kind;
    void *slot;
    const char *needs;          /* the value, for "--format needs <needs>";
                                   ARG_CHOICE: the choices, said again after
                                   an unknown one */
    const char *const *choices; /* ARG_CHOICE: NULL-terminated */
    int min, max;               /* ARG_NUMBER */
    const char *bad;            /* ARG_NUMBER (or a choice's own message): the
                                   usage error for a bad value, its %s the value */
} cli_arg;
#define CLI_FLAG(name, slot) {name, NULL, ARG_FLAG, slot, NULL, NULL, 0, 0, NULL}
#define CLI_VALUE(name, alias, kind, slot, needs) {name, alias, kind, slot, needs, NULL, 0, 0, NULL}
#define CLI_CHOICE(name, alias, slot, needs, choices, bad) {name, alias, ARG_CHOICE, slot, needs, choices, 0, 0, bad}
#define CLI_NUMBER(name, alias, slot, needs, min, max, bad) {name, alias, ARG_NUMBER, slot, needs, NULL, min, max, bad}
#define CLI_END {NULL, NULL, ARG_FLAG, NULL, NULL, NULL, 0, 0, NULL}
/* Reads argv[1..] against the table args: options wherever they stand; the
 * other arguments fill pos[0..npos-1] (NULL where missing), then go to
 * *rest in order (rest NULL: one more is "too many arguments").  Returns
 * KH_OK or the usage error's status after saying why. */
int cli_args(const char *cmd, int argc, char **argv, const cli_arg *args, const char **pos, int npos, cli_list *rest);

/* ---- outputs (cli_output.c) ------------------------------------------------
 * The files a run reads (policies and their includes, the input, the prior)
 * and the outputs it declares, so that no output replaces an input or
 * another output: a usage error (2) before anything is written.  Files
 * compare by device and inode (a symbolic or hard link to an input is that
 * input); outputs that do not exist yet, by resolved directory and name. */
typedef struct cli_files cli_files; /* the cli_files_* functions take one, never NULL */
cli_files *cli_files_new(const char *cmd);
void cli_files_free(cli_files *fs);
/* A file the run reads ("-": standard input, when it is a regular file);
 * what: "the input", "--prior"... (only regular files are kept). */
void cli_files_input(cli_files *fs, const char *path, const char *what);
/* The policy's file (called what) and every file it includes. */
void cli_files_policy(cli_files *fs, const kh_policy *p, const char *what);
/* The files a run of cmd reads: the policy and its includes, the input
 * and the prior results (NULL: none). */
cli_files *cli_files_run(const char *cmd, const kh_policy *p, const char *input, const char *prior);
/* Whether path is one of the files the run reads (slip --replace never
 * removes one). */
bool cli_files_reads(const cli_files *fs, const char *path);
/* Declares an output given by option (NULL: none; "-": standard output,
 * which one output may have): refused when it is an input or another
 * output, a loop of links, a directory or read-only.  Returns KH_OK or the
 * exit status after saying why. */
int cli_files_output(cli_files *fs, const char *option, const char *path);
/* The same for a directory of outputs (slip --all -o DIR), made when it
 * does not exist: refused when it is a file the run reads or no directory. */
int cli_files_output_dir(cli_files *fs, const char *option, const char *dir);

/* Output to a file, atomically: written to a temporary file in the target's
 * directory and renamed into place only on success (symbolic links are
 * followed; see cli_output.c for the rules).  SIGINT/SIGTERM remove the
 * temporary file.  With path NULL or "-", stdout. */
typedef struct cli_output {
    FILE *f;
    char *path;
    char *tmp;
    FILE *target;     /* spooled (--strict): where f's bytes go at close */
} cli_output;

/* Opens path for the output given by option, checked against fs (never
 * NULL: cli_output_open is the one without); returns KH_OK or the exit
 * status after saying why. */
int cli_output_begin(cli_output *o, const char *path, const char *option, const cli_files *fs);
/* How messages name the output path: the path, or "standard output" (NULL
 * or "-"), in the reader's language. */
const char *cli_output_shown(const char *path);
/* The same as cli_output_begin without fs or a message: false with errno set. */
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
bool cli_manifest_write(const kh_manifest *m, const char *path, const cli_files *fs);

/* The number of processors (for --jobs 0). */
int cli_cpus(void);

/* Loads POLICY, applies the NAME=VALUE assignments and opens INPUT ("-":
 * stdin).  Returns KH_OK, or the exit status after saying why (then *p and
 * *in are NULL). */
int cli_open_run(const char *policy, const cli_list *sets, const char *input, kh_policy **p, FILE **in);

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
/* A run's fatal message (sum->fatal, when there is one) on stderr, saying
 * what it is about: the input (named here unless the reader's message
 * starts with it), --prior's or --by's file (their messages say so), or
 * the output (output: the -o given, NULL or "-" for standard output). */
void cli_say_fatal(int rc, const char *input_name, const char *output, const kh_eval_summary *sum);
/* --prior's notes and the summary line alone (explain, diff). */
void cli_print_summary(const char *input, const kh_eval_summary *sum);
/* --strict: a run with refused records or failed checks writes nothing;
 * says so and returns true then. */
bool cli_strict_failed(bool strict, const kh_eval_summary *sum);

/* One stderr line built in memory (cli_line_start) and written in one
 * call, with a newline, by cli_line_end. */
FILE *cli_line_start(char **text, size_t *len);
/* A text made in memory by open_memstream (free(*text) after fclose). */
FILE *cli_memstream(char **text, size_t *len);
void cli_line_end(FILE *m, char **text, size_t *len);

/* INPUT given as an XLSX workbook or a CSV file (cli_roster.c); a command
 * keeps it static, like its cli_lists. */
typedef struct cli_roster {
    kh_roster_list *lists; /* --list NAME=FILE.csv */
    int nlists, cap;
    kh_roster *roster;     /* the input was a spreadsheet */
    FILE *original;        /* the input as opened */
} cli_roster;
/* --list NAME=FILE: false after saying why (a usage error). */
bool cli_roster_list_arg(cli_roster *cr, const char *cmd, const char *arg);
/* The --list files are files the run reads (no output may replace them). */
void cli_roster_inputs(const cli_roster *cr, cli_files *fs);
/* After cli_open_run: a spreadsheet's records replace *in (notes printed).
 * Returns KH_OK, or the exit status after saying why. */
int cli_roster_open(cli_roster *cr, const kh_policy *p, const char *input_name, FILE **in);
/* The run's manifest (m, or one made when m is NULL and the input is a
 * spreadsheet: the outputs that show it name the file's own SHA-256). */
kh_manifest *cli_roster_manifest(const cli_roster *cr, const kh_policy *p, kh_manifest *m);
/* Closes the input (in: what cli_roster_open gave) and frees the roster. */
void cli_roster_close(cli_roster *cr, FILE *in);
/* Where `slip --all` writes (cli_slips.c): a folder (files named by id and
 * period; refused when not empty unless --replace, which then removes this
 * period's slips the run did not write) or one HTML file, a page per agent.
 * Every file is checked against fs (no slip replaces a file the run reads). */
typedef struct cli_slips {
    const char *dir;       /* the folder, or NULL for one file */
    const char *book_name; /* the one file, as given (book.path is gone once it is closed) */
    bool html, replace, is_book, book_started, failed;
    cli_output book;
    cli_files *fs;
    size_t written;
    char **names, **kinds; /* names written; ".2014-06.txt" endings seen */
    size_t nnames, capnames, nkinds;
} cli_slips;
/* Declares the output and looks at the folder; KH_OK or the exit status
 * after saying why. */
int cli_slips_begin(cli_slips *s, const char *output, bool html, bool replace, cli_files *fs);
/* One slip: KH_OK; KH_RECORD_ERRORS when the id makes no file name (nothing
 * said: that is the record's error, for the caller to report); else the
 * exit status after saying why it was not written. */
int cli_slips_put(cli_slips *s, const char *id, const char *period, const char *text, size_t len);
/* Whether id's slip has a file name (always, in one HTML file): --strict
 * asks before it holds the slip, so that a refused name is known when the
 * run is judged. */
bool cli_slips_named(const cli_slips *s, const char *id, const char *period);
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
int cmd_lsp(int argc, char **argv);

#endif
