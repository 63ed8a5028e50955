/*
 * lex.h — the scanner's shared state and the layout pass.
 *
 * grammar/lexer.l turns bytes into raw tokens (no layout).  lex.c sits
 * between it and the parser: it turns line breaks and indentation into
 * NEWLINE / INDENT / DEDENT, joins continued lines (a line ending in an
 * operator, a comma or an open bracket, or a next line starting with
 * `and`, `or`, `then`, `else`), and maps keywords (one table of both surfaces, lex.c).
 */
#ifndef KH_LEX_H
#define KH_LEX_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "num.h"
#include "source.h"

/* Locations are byte offsets into the source (line/col computed on demand). */
typedef struct kh_loc {
    uint32_t start, end;
} kh_loc;

/* Units a number literal can carry. */
typedef enum lit_unit { UNIT_NONE, UNIT_PERCENT, UNIT_MONEY, UNIT_POINTS } lit_unit;

/* How the unit word of a number was written (fmt keeps or converts it). */
typedef enum lit_unit_word {
    UNIT_WORD_AS_IS, /* no word (3, 8%, ¥200) or a Chinese one joined (200元, 3分) */
    UNIT_WORD_EN,    /* an English word, spaced or not: 200 yuan, 200yuan, 3 points */
    UNIT_WORD_ZH     /* a Chinese word after a space: 200 元, 3 分 */
} lit_unit_word;

typedef struct lit_number {
    kh_num value;  /* already scaled: 8% is 2/25 */
    lit_unit unit;
    uint32_t decimals; /* digits written after the decimal point: 0 for 3,
                          1 for 3.0 (the literal is then a decimal) */
    uint32_t numeral_len; /* bytes of the digits and point as written (200.50: 6) */
    uint8_t unit_word;    /* lit_unit_word */
} lit_number;

/* A comment: from its '#' to the end of its line, trailing spaces dropped. */
typedef struct lex_comment {
    kh_loc at;
    bool own_line;  /* nothing but spaces before it on its line */
} lex_comment;

/* The comments of a source, in order (the scanner records them). */
typedef struct lex_comments {
    lex_comment *v;
    int n, cap;
} lex_comments;

#define LEX_MAX_INDENT 64
#define LEX_LOOKAHEAD 72
/* Most names refused as reserved words that one file remembers. */
#define LEX_MAX_REFUSED 16

/* One token as the layout pass keeps it. */
typedef struct lex_token {
    int kind;       /* a token code of the parser (TOK_*) */
    kh_loc loc;
    int indent;     /* raw NEWLINE: indentation width of the next line */
    uint32_t fullwidth_at; /* raw NEWLINE: 1 + offset of a full-width space
                              in that indentation (0: none) */
    const char *text; /* identifiers and strings (arena) */
    uint32_t text_len;
    lit_number num;
    int surface;      /* a keyword: the kh_surface it was spelled in */
} lex_token;

typedef struct lex_state {
    const source *src;
    arena *arena;
    diag_list *diags;
    /* raw scanner */
    void *scanner;            /* yyscan_t */
    uint32_t pos;             /* byte offset the raw scanner has reached */
    lex_token raw;            /* the raw scanner writes its token here */
    bool raw_pushed;          /* a raw token waits in `pushed` */
    lex_token pushed;
    /* layout */
    int indents[LEX_MAX_INDENT];
    bool phantom[LEX_MAX_INDENT]; /* a level opened by a misindented line: no
                                     INDENT/DEDENT, and the lines after it at
                                     the same indentation are not said again */
    int depth;                /* entries in indents (indents[0] = 0) */
    int brackets;             /* open ( [ { */
    uint32_t opened[LEX_MAX_INDENT]; /* where the innermost open brackets are */
    int line_first;           /* first token of the current line */
    bool line_block_word;     /* the current line has tier/when/ledger/input/check:
                                 indented lines after it are its block, even
                                 when its ':' is missing */
    int input_depth;          /* depth of the lines of the `input:` block, or of a table's
                                 columns (0: not in one) */
    bool skip_block;          /* the parser found the line just ended
                                 incomplete: an indented block after it is
                                 its own (skipped, not read as declarations) */
    bool unclosed_said;       /* an unclosed bracket was reported: the
                                 parser's next error follows from it */
    int last_kind;            /* last token handed to the parser */
    bool started;
    lex_token queue[LEX_LOOKAHEAD];
    int qhead, qlen;
    int errors;               /* lexical errors reported */
    bool expanded;            /* the second token of a Chinese phrase waits */
    lex_token expansion;
    int words_en, words_zh;   /* keywords read in each surface */
    bool line_has_code;       /* a token has been read on the raw scanner's line */
    lex_comments comments;    /* every comment read so far */
    kh_loc refused[LEX_MAX_REFUSED]; /* names refused as reserved words (`first = …`,
                                        a field `list: text`): where each was */
    int nrefused;
} lex_state;

bool lex_init(lex_state *lx, const source *src, arena *a, diag_list *diags);
void lex_destroy(lex_state *lx);
/* The next token for the parser (fills *out). */
int lex_next(lex_state *lx, lex_token *out);

/* The two surfaces of the language: English and Chinese keywords. */
typedef enum kh_surface { SURFACE_SAME, SURFACE_EN, SURFACE_ZH } kh_surface;

/* One row of the word table (lex.c): a word of the language in both
 * surfaces. */
typedef enum kh_word_role { WORD_KEYWORD, WORD_PHRASE, WORD_CONTEXT, WORD_FUNCTION, WORD_UNIT } kh_word_role;
typedef struct kh_word {
    const char *en;     /* "at least" for a phrase */
    const char *zh;     /* NULL: a token with no Chinese word of its own
                           (it is part of a phrase) */
    kh_word_role role;
    int token, token2;  /* keyword: its token; phrase: its two tokens;
                           unit: its lit_unit */
    const char *quoted; /* keyword: "'then'", for messages */
    const char *zh_quoted; /* keyword: "'那么'" */
} kh_word;

/* The table, for tests and documentation. */
const kh_word *kh_words(int *n);
/* Keywords: the token code of a keyword spelled `word` in either surface
 * (a phrase: its first token), or 0 when `word` is not a keyword. */
int keyword_lookup(const char *word, uint32_t len);
/* The row of the reserved word (keyword or phrase) spelled `text`, or NULL. */
const kh_word *word_reserved(const char *text, uint32_t len);
/* The English spelling of the Chinese word `text` of this role, or NULL
 * when it is not one (an English word is returned as NULL too). */
const char *word_canonical(const char *text, uint32_t len, kh_word_role role);
/* The spelling of the English word `en` of this role in a surface (itself
 * when it has no Chinese form or the surface is not SURFACE_ZH). */
const char *word_spelling(const char *en, kh_word_role role, kh_surface surface);
/* The spelling of keyword `tok` (tok2 = 0), or of the phrase tok tok2, in a
 * surface. */
const char *keyword_spelling(int tok, int tok2, kh_surface surface);
/* Reports the innermost open bracket as never closed (at the bracket) and
 * reads on as if every bracket were closed. */
void lex_unclosed_bracket(lex_state *lx);
/* A reserved word where a name was wanted (a field called `first`, 其他;
 * a definition `first = …`): the error at `at`, naming the English keyword
 * of a Chinese one, and the way out (field: a field of the input or of a
 * table, renamed in the data too). */
void reserved_name_error(diag_list *d, span at, bool field);
/* The same, and the word remembered: its uses, which fail on the keyword,
 * are not reported again (one mistake, one message). */
void lex_refuse_name(lex_state *lx, uint32_t start, uint32_t end, bool field);
/* Is the text at [start, end) a name refused so far? */
bool lex_refused(const lex_state *lx, uint32_t start, uint32_t end);
/* Can code point cp be part of a name?  The scanner's LETTER and digits:
 * the ASCII letters, digits and '_', and what lies beyond ASCII but the
 * operators × ÷, general punctuation and symbols (U+2000-U+2BFF: quotes,
 * arrows, ≥ ≤ ≠ −), CJK punctuation (U+3000-U+303F: the full-width space,
 * 、。) and the full-width forms (U+FF00-U+FFEF: ，：（）). */
bool lex_name_char(long cp);
/* Does the token that ends at or before `at`, on the same line, spell a
 * name refused so far? */
bool lex_refused_before(const lex_state *lx, uint32_t at);
/* The i-th reserved word's English spelling, or NULL past the last (for
 * "did you mean"). */
const char *keyword_at(int i);
/* The spelling of a token code, for messages ("'then'", "a name"). */
const char *token_describe(int kind);
/* The same, a keyword spelled in a surface ("'那么'" in SURFACE_ZH). */
const char *token_describe_in(int kind, kh_surface surface);

/* Called by the raw scanner for the comment `text` (len bytes, from '#' to
 * the end of the line) it has just read. */
void lex_comment_read(lex_state *lx, const char *text, size_t len);

/* Called by the raw scanner for a lexical error at [start,end). */
void lex_error(lex_state *lx, uint32_t start, uint32_t end, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
