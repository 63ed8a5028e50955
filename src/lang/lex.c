/*
 * lex.c — the layout pass between the raw scanner and the parser.
 *
 * Turns line breaks into NEWLINE, indentation into INDENT/DEDENT (as Python
 * does), ignores line breaks inside brackets, joins a line to the next when
 * it ends in an operator (or the next starts with and/or/then/else), and
 * maps identifiers to keywords (English or Chinese) using the one word
 * table below.
 */
#include "lex.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "parser.h"
#include "lexer.h"
#include "vec.h"

int kh_raw_scan(void *yyscanner);

/* ---- keywords: the one table ---------------------------------------------
 *
 * Every word of the language, in both surfaces: each row gives the English
 * spelling and the Chinese one.  A Chinese word is a whole token, as an
 * English one is: it is a keyword only when it stands alone between spaces,
 * punctuation or the ends of the line (如果达标 is a name; 如果 达标 is
 * `if` then a name).  Roles:
 *   WORD_KEYWORD  a reserved word: the scanner turns it into its token in
 *                 both spellings; neither may be a name.
 *   WORD_PHRASE   two tokens in English ("at least"), one Chinese word
 *                 (至少) that the scanner turns into the same two tokens.
 *   WORD_CONTEXT  a word with a meaning only where the grammar puts it (a
 *                 type, a field option, `unless`, `ties`): an identifier
 *                 the parser turns into its English spelling there, and a
 *                 name anywhere else.
 *   WORD_FUNCTION a built-in function (builtins.c): a name the parser turns
 *                 into the English one where it is called.
 *   WORD_UNIT     a unit after a number (the scanner, grammar/lexer.l,
 *                 reads both spellings; fmt writes them).
 * A new keyword gets its Chinese form here, in its row; `make unit` checks
 * that every token and built-in has one and that no two rows share one. */

#define KW(en, zh, tok) {en, zh, WORD_KEYWORD, tok, 0, "'" en "'", "'" zh "'"}
#define KW_PART(en, tok) {en, NULL, WORD_KEYWORD, tok, 0, "'" en "'", NULL}
#define PHRASE(en, zh, tok1, tok2) {en, zh, WORD_PHRASE, tok1, tok2, NULL, NULL}
#define CTX(en, zh) {en, zh, WORD_CONTEXT, 0, 0, NULL, NULL}
#define FN(en, zh) {en, zh, WORD_FUNCTION, 0, 0, NULL, NULL}
#define UNIT(en, zh, unit) {en, zh, WORD_UNIT, unit, 0, NULL, NULL}
static const kh_word words[] = {
    KW("above", "高于", TOK_ABOVE),
    KW("and", "并且", TOK_AND),
    KW_PART("at", TOK_AT),       /* only in at least / at most */
    KW("below", "低于", TOK_BELOW),
    KW("by", "按", TOK_BY),
    KW("chain", "结转", TOK_CHAIN),
    KW("check", "核对", TOK_CHECK),
    KW("each", "每个", TOK_EACH),
    KW("else", "否则", TOK_ELSE),
    KW("false", "否", TOK_FALSE),
    KW("first", "首个", TOK_FIRST),
    KW("for", "对于", TOK_FOR),
    KW("from", "从", TOK_FROM),
    KW("if", "如果", TOK_IF),
    KW("in", "属于", TOK_IN),
    KW("include", "引用", TOK_INCLUDE),
    KW("input", "输入", TOK_INPUT),
    KW_PART("least", TOK_LEAST), /* only in at least */
    KW("ledger", "台账", TOK_LEDGER),
    KW_PART("less", TOK_LESS),   /* only in less than / or less */
    KW_PART("list", TOK_LIST),   /* only in list of */
    KW_PART("more", TOK_MORE),   /* only in more than / or more */
    KW_PART("most", TOK_MOST),   /* only in at most */
    KW("not", "非", TOK_NOT),
    KW_PART("of", TOK_OF),       /* only in one of / list of */
    KW_PART("one", TOK_ONE),     /* only in one of */
    KW("or", "或者", TOK_OR),
    KW("otherwise", "其他", TOK_OTHERWISE),
    KW("output", "输出", TOK_OUTPUT),
    KW("over", "遍历", TOK_OVER),
    KW("param", "参数", TOK_PARAM),
    KW("per", "每", TOK_PER),
    KW("policy", "制度", TOK_POLICY),
    KW("roster", "名册", TOK_ROSTER),
    KW_PART("than", TOK_THAN),   /* only in more than / less than */
    KW("then", "那么", TOK_THEN),
    KW("tier", "档位", TOK_TIER),
    KW("true", "是", TOK_TRUE),
    KW("when", "当", TOK_WHEN),
    KW("where", "其中", TOK_WHERE),
    KW("within", "介于", TOK_WITHIN),

    KW("table", "表格", TOK_TABLE),
    KW("this", "本人", TOK_THIS),
    KW("until", "截至", TOK_UNTIL),
    PHRASE("at least", "至少", TOK_AT, TOK_LEAST),
    PHRASE("at most", "至多", TOK_AT, TOK_MOST),
    PHRASE("more than", "多于", TOK_MORE, TOK_THAN),
    PHRASE("less than", "少于", TOK_LESS, TOK_THAN),
    PHRASE("or more", "及以上", TOK_OR, TOK_MORE),
    PHRASE("or less", "及以下", TOK_OR, TOK_LESS),
    PHRASE("one of", "取值", TOK_ONE, TOK_OF),
    PHRASE("list of", "列表", TOK_LIST, TOK_OF),

    CTX("text", "文本"),
    CTX("integer", "整数"),
    CTX("decimal", "小数"),
    CTX("money", "金额"),
    CTX("boolean", "是否"),
    CTX("date", "日期"),
    CTX("datetime", "日期时间"),
    CTX("month", "月份"),
    CTX("record", "记录"),
    CTX("percent", "百分比"),
    CTX("key", "唯一"),
    CTX("optional", "可选"),
    CTX("nonempty", "非空"),
    CTX("empty", "空"),
    CTX("display", "显示"),
    CTX("default", "默认"),
    CTX("entries", "条"),
    CTX("unless", "除非"),
    CTX("ties", "并列"),

    FN("round", "四舍五入"),
    FN("round_half_even", "银行家舍入"),
    FN("truncate", "截断"),
    FN("floor", "向下取整"),
    FN("ceil", "向上取整"),
    FN("abs", "绝对值"),
    FN("min", "最小"),
    FN("max", "最大"),
    FN("sum", "合计"),
    FN("count", "计数"),
    FN("mean", "平均"),
    FN("any", "任一"),
    FN("all", "全部"),
    FN("last", "最后"),
    FN("append", "追加"),
    FN("month_of", "所在月份"),
    FN("date_of", "所在日期"),
    FN("days_between", "相隔天数"),
    FN("months_between", "相隔月数"),
    FN("date", "日期"),
    FN("month", "月份"),
    FN("apportion", "分摊"),
    FN("days_in_month", "当月天数"),
    FN("first_day", "月初"),
    FN("last_day", "月末"),
    FN("mod", "取余"),

    UNIT("yuan", "元", UNIT_MONEY),
    UNIT("points", "分", UNIT_POINTS),
};
#undef KW
#undef KW_PART
#undef PHRASE
#undef CTX
#undef FN
#undef UNIT

#define NWORDS (sizeof words / sizeof words[0])

const kh_word *kh_words(int *n)
{
    *n = (int)NWORDS;
    return words;
}

static bool same_word(const char *w, const char *text, uint32_t len)
{
    return w && strncmp(w, text, len) == 0 && w[len] == '\0';
}

/* The row of a keyword or phrase spelled `text` (either surface), or NULL. */
static const kh_word *token_word(const char *text, uint32_t len)
{
    bool ascii = (unsigned char)text[0] < 0x80;
    for (size_t i = 0; i < NWORDS; i++) {
        const kh_word *w = &words[i];
        if (w->role != WORD_KEYWORD && w->role != WORD_PHRASE) continue;
        if (ascii ? w->role == WORD_KEYWORD && same_word(w->en, text, len) : same_word(w->zh, text, len)) return w;
    }
    return NULL;
}

int keyword_lookup(const char *word, uint32_t len)
{
    const kh_word *w = token_word(word, len);
    return w ? w->token : 0;
}

const kh_word *word_reserved(const char *text, uint32_t len)
{
    return token_word(text, len);
}

const char *word_canonical(const char *text, uint32_t len, kh_word_role role)
{
    if ((unsigned char)text[0] < 0x80) return NULL;
    for (size_t i = 0; i < NWORDS; i++)
        if (words[i].role == role && same_word(words[i].zh, text, len)) return words[i].en;
    return NULL;
}

const char *word_spelling(const char *en, kh_word_role role, kh_surface surface)
{
    if (surface != SURFACE_ZH) return en;
    for (size_t i = 0; i < NWORDS; i++)
        if (words[i].role == role && strcmp(words[i].en, en) == 0 && words[i].zh) return words[i].zh;
    return en;
}

const char *keyword_spelling(int tok, int tok2, kh_surface surface)
{
    for (size_t i = 0; i < NWORDS; i++) {
        const kh_word *w = &words[i];
        if ((w->role == WORD_KEYWORD && !tok2 && w->token == tok) ||
            (w->role == WORD_PHRASE && w->token == tok && w->token2 == tok2))
            return surface == SURFACE_ZH && w->zh ? w->zh : w->en;
    }
    return "?";
}

const char *keyword_at(int i)
{
    for (size_t k = 0; k < NWORDS; k++)
        if (words[k].role == WORD_KEYWORD && i-- == 0) return words[k].en;
    return NULL;
}

typedef struct token_name {
    int token;
    const char *text;
} token_name;

static const token_name token_names[] = {
    {0, N_("the end of the file")},
    {TOK_IDENT, N_("a name")},
    {TOK_NUMBER, N_("a number")},
    {TOK_STRING, N_("a text in quotes")},
    {TOK_NEWLINE, N_("the end of the line")},
    {TOK_INDENT, N_("indentation")},
    {TOK_DEDENT, N_("the end of the indented block")},
    {TOK_INVALID, N_("an invalid character")},
    {TOK_ARROW, "'->'"}, {TOK_EQ, "'='"}, {TOK_NE, "'!='"}, {TOK_LE, "'<='"}, {TOK_GE, "'>='"},
    {TOK_LT, "'<'"}, {TOK_GT, "'>'"}, {TOK_PLUS, "'+'"}, {TOK_MINUS, "'-'"}, {TOK_STAR, "'*'"},
    {TOK_SLASH, "'/'"}, {TOK_LPAREN, "'('"}, {TOK_RPAREN, "')'"}, {TOK_LBRACK, "'['"},
    {TOK_RBRACK, "']'"}, {TOK_LBRACE, "'{'"}, {TOK_RBRACE, "'}'"}, {TOK_COMMA, "','"},
    {TOK_COLON, "':'"}, {TOK_DOT, "'.'"}, {TOK_DOTDOT, "'..'"},
};

const char *token_describe(int kind) { return token_describe_in(kind, SURFACE_EN); }

const char *token_describe_in(int kind, kh_surface surface)
{
    for (size_t i = 0; i < sizeof token_names / sizeof token_names[0]; i++)
        if (token_names[i].token == kind) return _(token_names[i].text);
    for (size_t i = 0; i < NWORDS; i++)
        if (words[i].role == WORD_KEYWORD && words[i].token == kind)
            return surface == SURFACE_ZH && words[i].zh_quoted ? words[i].zh_quoted : words[i].quoted;
    return _("a token");
}

/* ---- errors ------------------------------------------------------------- */

void lex_error(lex_state *lx, uint32_t start, uint32_t end, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, _(fmt), ap);
    va_end(ap);
    span at = {lx->src, start, end};
    diag_error(lx->diags, at, "%s", msg);
    lx->errors++;
}

/* ---- set-up ------------------------------------------------------------- */

bool lex_init(lex_state *lx, const source *src, arena *a, diag_list *diags)
{
    memset(lx, 0, sizeof *lx);
    lx->src = src;
    lx->arena = a;
    lx->diags = diags;
    lx->indents[0] = 0;
    lx->depth = 1;
    lx->last_kind = TOK_NEWLINE;
    yyscan_t sc;
    if (kh_rawlex_init_extra(lx, &sc) != 0) return false;
    lx->scanner = sc;
    kh_raw_scan_bytes(src->text, (int)src->len, sc);
    return true;
}

void lex_destroy(lex_state *lx)
{
    if (lx->scanner) kh_rawlex_destroy(lx->scanner);
    lx->scanner = NULL;
}

/* ---- the layout pass ---------------------------------------------------- */

static lex_token raw_next(lex_state *lx)
{
    if (lx->raw_pushed) {
        lx->raw_pushed = false;
        return lx->pushed;
    }
    lx->raw.text = NULL;
    lx->raw.text_len = 0;
    lx->raw.indent = 0;
    lx->raw.fullwidth_at = 0;
    lx->raw.surface = 0;
    if (lx->expanded) {
        lx->expanded = false;
        return lx->expansion;
    }
    int kind = kh_raw_scan(lx->scanner);
    lx->line_has_code = kind != TOK_NEWLINE;
    lex_token t = lx->raw;
    t.kind = kind;
    if (kind == 0) t.loc.start = t.loc.end = (uint32_t)lx->src->len;
    if (kind == TOK_IDENT) {
        /* a Chinese phrase (至少) is the two tokens of the English (at least) */
        const kh_word *w = word_reserved(t.text, t.text_len);
        if (w && w->role == WORD_PHRASE) {
            t.kind = w->token;
            t.surface = SURFACE_ZH;
            lx->expansion = t;
            lx->expansion.kind = w->token2;
            lx->expansion.surface = 0; /* one word: counted once */
            lx->expanded = true;
        }
    }
    return t;
}

void lex_comment_read(lex_state *lx, const char *text, size_t len)
{
    while (len > 1 && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\r')) len--;
    lex_comments *c = &lx->comments;
    VEC_RESERVE_IN(lx->arena, c->v, c->n, c->n + 1, c->cap);
    uint32_t start = lx->raw.loc.start;
    c->v[c->n++] = (lex_comment){{start, start + (uint32_t)len}, !lx->line_has_code};
}

static void raw_push_back(lex_state *lx, lex_token t)
{
    lx->pushed = t;
    lx->raw_pushed = true;
}

/* A line that ends in one of these goes on on the next line. */
static bool continues_line(int kind)
{
    switch (kind) {
    case TOK_AND: case TOK_OR: case TOK_NOT: case TOK_PLUS: case TOK_MINUS: case TOK_STAR:
    case TOK_SLASH: case TOK_EQ: case TOK_NE: case TOK_LT: case TOK_LE: case TOK_GT: case TOK_GE:
    case TOK_IN: case TOK_COMMA: case TOK_ARROW: case TOK_IF: case TOK_THEN: case TOK_ELSE:
    case TOK_WHERE: case TOK_OVER: case TOK_BY: case TOK_FOR: case TOK_DOT: case TOK_DOTDOT:
        return true;
    default:
        return false;
    }
}

/* A line that starts with one of these continues the line before. */
static bool continues_previous(int kind)
{
    return kind == TOK_AND || kind == TOK_OR || kind == TOK_THEN || kind == TOK_ELSE;
}

static void enqueue(lex_state *lx, lex_token t)
{
    if (lx->qlen < LEX_LOOKAHEAD) lx->queue[(lx->qhead + lx->qlen++) % LEX_LOOKAHEAD] = t;
}

static lex_token synth(int kind, uint32_t at)
{
    lex_token t;
    memset(&t, 0, sizeof t);
    t.kind = kind;
    t.loc.start = t.loc.end = at;
    return t;
}

static void map_keyword(lex_state *lx, lex_token *t, int prev_kind)
{
    if (t->kind != TOK_IDENT || prev_kind == TOK_DOT) return;
    const kh_word *w = word_reserved(t->text, t->text_len);
    if (w) {
        t->kind = w->token;
        t->surface = (unsigned char)t->text[0] < 0x80 ? SURFACE_EN : SURFACE_ZH;
    }
}

/* A full-width space (U+3000) in a line's indentation: its width is not
 * that of one space, so the block it would open or close is a guess. */
static void fullwidth_indent_error(lex_state *lx, uint32_t at)
{
    lex_error(lx, at, at + 3, "a full-width space (U+3000) in the indentation: indent with ordinary spaces");
}

/* How the line holding byte offset `at` is indented, in words: "3 spaces",
 * "a tab", "a tab and 2 spaces".  Returns whether it holds a tab. */
static bool indent_words(const source *s, uint32_t at, char *buf, size_t cap)
{
    uint32_t i = at;
    while (i > 0 && s->text[i - 1] != '\n') i--;
    int tabs = 0, spaces = 0;
    for (; i < at && (s->text[i] == '\t' || s->text[i] == ' '); i++) {
        if (s->text[i] == '\t') tabs++;
        else spaces++;
    }
    if (tabs == 0 && spaces == 1) snprintf(buf, cap, "%s", _("1 space"));
    else if (tabs == 0) snprintf(buf, cap, _("%d spaces"), spaces);
    else if (spaces == 0 && tabs == 1) snprintf(buf, cap, "%s", _("a tab"));
    else if (spaces == 0) snprintf(buf, cap, _("%d tabs"), tabs);
    else snprintf(buf, cap, _("%d tab(s) and %d space(s)"), tabs, spaces);
    return tabs > 0;
}

/* Can the line just read open an indented block?  A block opens after ':'
 * (input:, tier x:, when:, ledger ...:, check "...":) or, in the input
 * block, after a field (`pay: record` and its fields below). */
static bool may_open_block(const lex_state *lx)
{
    return lx->last_kind == TOK_COLON || lx->line_block_word || (lx->input_depth > 0 && lx->depth >= lx->input_depth);
}

/* What the line holding byte offset `at` holds outside quotes and its
 * comment: an arrow (-> or →), which only a row, an arm or an entry of a
 * block has, and an '=', which every definition of the file has. */
static void line_marks(const source *s, uint32_t at, bool *arrow, bool *eq)
{
    uint32_t i = at;
    while (i > 0 && s->text[i - 1] != '\n') i--;
    bool quoted = false, cquoted = false;
    *arrow = *eq = false;
    for (; i < s->len && s->text[i] != '\n'; i++) {
        const char *c = s->text + i;
        size_t left = s->len - i;
        if (quoted) {
            if (*c == '\\') i++;
            else if (*c == '"') quoted = false;
        } else if (cquoted) {
            if (left >= 3 && memcmp(c, "\xE2\x80\x9D", 3) == 0) cquoted = false; /* ” */
        } else if (*c == '"') {
            quoted = true;
        } else if (left >= 3 && memcmp(c, "\xE2\x80\x9C", 3) == 0) { /* “ */
            cquoted = true;
        } else if (*c == '#') {
            return;
        } else if ((left >= 2 && memcmp(c, "->", 2) == 0) || (left >= 3 && memcmp(c, "\xE2\x86\x92", 3) == 0)) {
            *arrow = true;
        } else if (*c == '=') {
            *eq = true;
        }
    }
}

/* The open blocks (levels lo..hi of lx->indents) a misindented line may
 * belong to, from its first token: a declaration only the file holds
 * (output, param, check, …) belongs to the file (level 0); a row, an arm or
 * a ledger's entry (at least, otherwise, a text first, an arrow in the
 * line), or a field of the input (a name, and no '=' in the line) to an
 * indented block, never to the file. */
static void line_levels(const lex_state *lx, const lex_token *first, int *lo, int *hi)
{
    *lo = 0;
    *hi = lx->depth - 1;
    switch (first->kind) {
    case TOK_POLICY: case TOK_INCLUDE: case TOK_CHAIN: case TOK_PARAM: case TOK_OUTPUT: case TOK_TABLE:
    case TOK_INPUT: case TOK_CHECK:
        *hi = 0;
        return;
    case TOK_IDENT: case TOK_ROSTER: case TOK_INVALID: { /* a definition of the file, or a field, a value */
        bool arrow, eq;
        line_marks(lx->src, first->loc.start, &arrow, &eq);
        if ((arrow || !eq) && *hi > 0) *lo = 1;
        return;
    }
    default:
        if (*hi > 0) *lo = 1;
        return;
    }
}

/* A line whose indentation matches no open block: one message, naming the
 * indentation (a tab as a tab) and the one to write, that of the nearest
 * block the line can belong to; the line is then read as if indented like
 * that block, so nothing follows from it. */
static int misindented(lex_state *lx, int indent, const lex_token *first)
{
    int cur = lx->indents[lx->depth - 1];
    int lo, hi;
    line_levels(lx, first, &lo, &hi);
    int best = hi; /* of two as near, the inner */
    for (int i = hi; i >= lo; i--)
        if (abs(lx->indents[i] - indent) < abs(lx->indents[best] - indent)) best = i;
    char have[64];
    bool tab = indent_words(lx->src, first->loc.start, have, sizeof have);
    int want = lx->indents[best];
    if (tab)
        lex_error(lx, first->loc.start, first->loc.end,
                  "this line is indented with %s: indent with spaces (%d, like the line above)", have, cur);
    else if (indent > cur && cur == 0)
        lex_error(lx, first->loc.start, first->loc.end,
                  "this line is indented %s, but the line above does not open a block: start it at the "
                  "beginning of the line", have);
    else if (indent > cur)
        lex_error(lx, first->loc.start, first->loc.end,
                  "this line is indented %s, more than the line above (%d), which does not open a block: "
                  "indent it %d spaces", have, cur, cur);
    else if (want == 0)
        lex_error(lx, first->loc.start, first->loc.end,
                  "this line is indented %s, which lines up with no line above: start it at the beginning of the line",
                  have);
    else
        lex_error(lx, first->loc.start, first->loc.end,
                  "this line is indented %s, which lines up with no line above: indent it %d spaces", have, want);
    return best;
}

/* Queues the DEDENTs/INDENT for a line whose first token is `first`, indented
 * by `indent`. */
static void queue_indentation(lex_state *lx, int indent, const lex_token *first)
{
    int cur = lx->indents[lx->depth - 1];
    if (indent > cur && !may_open_block(lx)) {
        misindented(lx, indent, first);
        if (lx->depth < LEX_MAX_INDENT) { /* read as part of the block it is in, as are the lines after it */
            lx->phantom[lx->depth] = true;
            lx->indents[lx->depth++] = indent;
        }
        return;
    }
    if (indent > cur) {
        if (lx->depth == LEX_MAX_INDENT) {
            lex_error(lx, first->loc.start, first->loc.end, "blocks are nested too deeply (at most %d levels)",
                      LEX_MAX_INDENT - 1);
            return;
        }
        if ((lx->line_first == TOK_INPUT || lx->line_first == TOK_TABLE) && lx->depth == 1) lx->input_depth = 2;
        lx->phantom[lx->depth] = false;
        lx->indents[lx->depth++] = indent;
        enqueue(lx, synth(TOK_INDENT, first->loc.start));
        return;
    }
    int target = lx->depth - 1;
    while (target > 0 && indent < lx->indents[target]) target--;
    if (indent != lx->indents[target]) target = misindented(lx, indent, first);
    while (lx->depth - 1 > target) {
        lx->depth--;
        if (lx->depth < lx->input_depth) lx->input_depth = 0;
        if (lx->phantom[lx->depth]) continue;
        enqueue(lx, synth(TOK_DEDENT, first->loc.start));
        if (lx->qlen >= LEX_LOOKAHEAD - 2) break;
    }
}

/* A bracket still open where a new declaration starts, or at the end of the
 * file: said once, at the bracket (the line to change). */
void lex_unclosed_bracket(lex_state *lx)
{
    int i = lx->brackets <= LEX_MAX_INDENT ? lx->brackets - 1 : LEX_MAX_INDENT - 1;
    uint32_t at = lx->opened[i];
    char open = lx->src->text[at];
    char close = open == '(' ? ')' : open == '[' ? ']' : open == '{' ? '}' : ')';
    uint32_t len = 1;
    if ((unsigned char)open >= 0x80) open = '(', close = ')', len = 3; /* the full-width （ */
    lex_error(lx, at, at + len, "this '%c' is never closed: add '%c' where what it encloses ends", open, close);
    lx->brackets = 0;
    lx->unclosed_said = true;
}

/* The same, where a new declaration starts or the file ends: the missing
 * closing brackets are read as if written at the end of the line, so the
 * declaration still counts and nothing else follows from the mistake. */
static void close_unclosed_brackets(lex_state *lx, uint32_t at)
{
    int n = lx->brackets <= LEX_MAX_INDENT ? lx->brackets : LEX_MAX_INDENT;
    int closers[LEX_MAX_INDENT];
    for (int i = n - 1, k = 0; i >= 0; i--, k++) {
        char c = lx->src->text[lx->opened[i]];
        closers[k] = c == '[' ? TOK_RBRACK : c == '{' ? TOK_RBRACE : TOK_RPAREN;
    }
    lex_unclosed_bracket(lx);
    lx->unclosed_said = false;
    for (int k = 0; k < n && lx->qlen < LEX_LOOKAHEAD - 4; k++) enqueue(lx, synth(closers[k], at));
}

/* Does a line starting with this token start a new declaration? */
static bool starts_declaration(int kind)
{
    return kind == TOK_OUTPUT || kind == TOK_PARAM || kind == TOK_INPUT || kind == TOK_INCLUDE ||
           kind == TOK_POLICY || kind == TOK_CHECK || kind == TOK_CHAIN;
}

static void queue_end(lex_state *lx)
{
    if (lx->brackets > 0) close_unclosed_brackets(lx, (uint32_t)lx->src->len);
    uint32_t end = (uint32_t)lx->src->len;
    if (lx->last_kind != TOK_NEWLINE && lx->last_kind != TOK_DEDENT) enqueue(lx, synth(TOK_NEWLINE, end));
    while (lx->depth > 1) {
        lx->depth--;
        if (lx->phantom[lx->depth]) continue;
        enqueue(lx, synth(TOK_DEDENT, end));
    }
    enqueue(lx, synth(0, end));
}

static int deliver(lex_state *lx, lex_token *out)
{
    *out = lx->queue[lx->qhead];
    lx->qhead = (lx->qhead + 1) % LEX_LOOKAHEAD;
    lx->qlen--;
    switch (out->kind) {
    case TOK_LPAREN: case TOK_LBRACK: case TOK_LBRACE:
        if (lx->brackets < LEX_MAX_INDENT) lx->opened[lx->brackets] = out->loc.start;
        lx->brackets++;
        break;
    case TOK_RPAREN: case TOK_RBRACK: case TOK_RBRACE: if (lx->brackets > 0) lx->brackets--; break;
    default: break;
    }
    if (out->surface == SURFACE_ZH) lx->words_zh++;
    else if (out->surface == SURFACE_EN) lx->words_en++;
    lx->last_kind = out->kind;
    if (out->kind == TOK_TIER || out->kind == TOK_WHEN || out->kind == TOK_LEDGER || out->kind == TOK_INPUT ||
        out->kind == TOK_CHECK)
        lx->line_block_word = true;
    return out->kind;
}

/* Indentation of the line holding byte offset `at` (tabs to multiples of
 * 8; a full-width space counts 2). */
static int line_indent(const source *s, uint32_t at)
{
    uint32_t i = at;
    while (i > 0 && s->text[i - 1] != '\n') i--;
    int w = 0;
    for (; i < at; i++) {
        if (s->text[i] == '\t') w = (w / 8 + 1) * 8;
        else if (s->text[i] == ' ') w++;
        else if (i + 3 <= at && memcmp(s->text + i, "\xE3\x80\x80", 3) == 0) {
            w += 2;
            i += 2;
        } else break;
    }
    return w;
}

/* A field of the input named like a keyword (`first: integer`): said
 * here, with the way out, and read as a name so that the fields after it
 * are still read (what uses it then fails on the keyword, as it must). */
static void reserved_field_name(lex_state *lx, lex_token *t)
{
    if (t->kind == TOK_IDENT || !t->text || lx->input_depth == 0 || lx->depth < lx->input_depth) return;
    if (!keyword_lookup(t->text, t->text_len)) return;
    lex_token peek = raw_next(lx);
    raw_push_back(lx, peek);
    if (peek.kind != TOK_COLON && peek.kind != TOK_STRING) return;
    lex_refuse_name(lx, t->loc.start, t->loc.end, true);
    lx->errors++;
    t->kind = TOK_IDENT;
}

void lex_refuse_name(lex_state *lx, uint32_t start, uint32_t end, bool field)
{
    span at = {lx->src, start, end};
    reserved_name_error(lx->diags, at, field);
    if (lx->nrefused < LEX_MAX_REFUSED && !lex_refused(lx, start, end))
        lx->refused[lx->nrefused++] = (kh_loc){start, end};
}

bool lex_refused(const lex_state *lx, uint32_t start, uint32_t end)
{
    const char *text = lx->src->text;
    for (int i = 0; i < lx->nrefused; i++) {
        uint32_t n = lx->refused[i].end - lx->refused[i].start;
        if (end - start == n && memcmp(text + start, text + lx->refused[i].start, n) == 0) return true;
    }
    return false;
}

bool lex_name_char(long cp)
{
    if (cp < 0) return false;
    if (cp < 128) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
    return !(cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
             (cp >= 0xFF00 && cp <= 0xFFEF));
}

/* Can the character that ends at byte offset `at` be part of a name? */
static bool name_char_before(const source *s, uint32_t at)
{
    if (at == 0) return false;
    long cp;
    utf8_char_before(s->text, 0, at, &cp);
    return lex_name_char(cp);
}

bool lex_refused_before(const lex_state *lx, uint32_t at)
{
    const source *s = lx->src;
    while (at > 0 && (s->text[at - 1] == ' ' || s->text[at - 1] == '\t')) at--;
    for (int i = 0; i < lx->nrefused; i++) {
        uint32_t n = lx->refused[i].end - lx->refused[i].start;
        if (n <= at && memcmp(s->text + at - n, s->text + lx->refused[i].start, n) == 0 && !name_char_before(s, at - n))
            return true;
    }
    return false;
}

void reserved_name_error(diag_list *d, span at, bool field)
{
    const char *text = at.src->text + at.start;
    int len = (int)(at.end - at.start);
    const kh_word *w = word_reserved(text, (uint32_t)len);
    int k = w && (unsigned char)text[0] >= 0x80
                ? diag_error(d, at, "'%.*s' is a reserved word of kaohe (the Chinese keyword '%s') and cannot be a name",
                             len, text, w->en)
                : diag_error(d, at, "'%.*s' is a reserved word of kaohe and cannot be a name", len, text);
    if (field)
        diag_hint(d, k, "choose another name, e.g. '%.*s_count' or '%.*s_value' (and name the field so in the input too)",
                  len, text, len, text);
    else /* its uses are not reported: they change with it */
        diag_hint(d, k, "choose another name, e.g. '%.*s_count' or '%.*s_value', and write it where this one is used too",
                  len, text, len, text);
}

static int lex_fill(lex_state *lx, lex_token *out)
{
    while (lx->qlen == 0) {
        lex_token t = raw_next(lx);
        map_keyword(lx, &t, lx->last_kind);
        if (!lx->started) {
            lx->started = true;
            while (t.kind == TOK_NEWLINE) {
                t = raw_next(lx);
                map_keyword(lx, &t, TOK_NEWLINE);
            }
            if (t.kind != 0 && line_indent(lx->src, t.loc.start) > 0)
                lex_error(lx, t.loc.start, t.loc.end, "the first line of a policy must not be indented");
        }
        if (t.kind == 0) {
            queue_end(lx);
            break;
        }
        if (t.kind != TOK_NEWLINE) {
            if (lx->last_kind == TOK_NEWLINE && lx->qlen == 0 && !lx->line_first) lx->line_first = t.kind;
            enqueue(lx, t);
            break;
        }
        if (lx->brackets > 0) { /* line breaks inside brackets are spaces */
            lex_token peek = raw_next(lx);
            raw_push_back(lx, peek);
            map_keyword(lx, &peek, TOK_NEWLINE);
            if (t.indent != 0 || !starts_declaration(peek.kind)) continue;
            close_unclosed_brackets(lx, t.loc.start); /* a new declaration: the bracket was never closed */
        }
        int indent = t.indent;
        uint32_t fullwidth_at = t.fullwidth_at;
        lex_token nl = t, next = raw_next(lx);
        while (next.kind == TOK_NEWLINE) {
            indent = next.indent;
            fullwidth_at = next.fullwidth_at;
            next = raw_next(lx);
        }
        lex_token unmapped = next;
        map_keyword(lx, &next, TOK_NEWLINE);
        if (next.kind == 0 && !continues_line(lx->last_kind)) {
            /* the last line ends here, not at the end of the file */
            raw_push_back(lx, unmapped);
            enqueue(lx, synth(TOK_NEWLINE, nl.loc.start));
            break;
        }
        if (next.kind == 0 || continues_line(lx->last_kind) || continues_previous(next.kind)) {
            raw_push_back(lx, unmapped); /* mapped again, after the right token */
            continue;
        }
        enqueue(lx, synth(TOK_NEWLINE, nl.loc.start));
        if (fullwidth_at) fullwidth_indent_error(lx, fullwidth_at - 1);
        queue_indentation(lx, indent, &next);
        reserved_field_name(lx, &next);
        lx->line_first = next.kind;
        lx->line_block_word = false;
        enqueue(lx, next);
    }
    return deliver(lx, out);
}

int lex_next(lex_state *lx, lex_token *out)
{
    int k = lex_fill(lx, out);
    if (lx->skip_block) {
        lx->skip_block = false;
        if (k == TOK_INDENT) { /* the broken line's block: one message was enough */
            int depth = 1;
            while (depth > 0 && k != 0) {
                k = lex_fill(lx, out);
                if (k == TOK_INDENT) depth++;
                else if (k == TOK_DEDENT) depth--;
            }
            if (k != 0) k = lex_fill(lx, out);
        }
    }
    return k;
}
