/*
 * handwritten.c — the benchmark's 1.00x baseline: the per-record core of the
 * 2014 policy (shared/spec/customer-service-2014.md) written directly in C
 * with cJSON, as a competent programmer would for one fixed policy.
 *
 *   handwritten [FILE]      NDJSON in (stdin without FILE), NDJSON out
 *
 * It computes exactly what tests/bench/per-record.rules computes: every
 * output of the full policy except the roster's, in the same order —
 *   assessed_days required_calls required_minutes basic_ratio basic_met
 *   incentive_ratio incentive_met incentive_bonus base_paid contact_strike
 *   contact_points contact_action score attendance_ratio perf_cut_rate
 *   allowance_paid commission suggestion_reward star_reward quarter_bonus
 *   total_pay quarter_score confirmation next_level promotion_eligible carry
 * where `score` has no "fewest"/"most calls or minutes" terms (roster min/max)
 * and so perf_cut_rate, allowance_paid, quarter_score and carry.recent_scores
 * follow the per-record score; `commission` is 8% of every paid deal (no
 * crediting); `dividend` and `bottom_flag` are left out and total_pay has no
 * dividend line.  Params are the policy's defaults.  Each result line is
 * {"id": ..., outputs...}.
 *
 * How: money is int64 cents (input doubles from cJSON -> cents with llround,
 * refused unless within 1e-6 cent of a whole cent; strings such as "1738.64"
 * are read exactly); ratios are int64 fractions compared by cross
 * multiplication; money times a ratio is rounded half away from zero with a
 * 128-bit intermediate; rates and years (contact_rate, satisfaction,
 * *_years) are only compared with fixed thresholds, as doubles, which is
 * exact for inputs of at most 15 significant digits; prior.recent_scores are
 * int64 millionths (more decimals are refused).  Every field of the schema is
 * validated (presence, type, range, dates); a bad record gets
 * {"id": ..., "record": N, "error": "..."} and the others go on.  Output is
 * formatted by hand into a 1 MiB buffer (no printf for numbers, no
 * cJSON_Print).  Ratios print exactly when their decimals end, otherwise with
 * 15 decimals rounded half away from zero, as kaohe prints them.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lines.h"

typedef __int128 i128;

/* ---- output buffer -------------------------------------------------------- */

typedef struct out {
    char *buf;
    size_t len, cap;
    FILE *f;
    bool failed;
} out;

static void out_flush(out *o)
{
    if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len) o->failed = true;
    o->len = 0;
}

/* Room for n more bytes (n is small: one field at a time). */
static inline char *out_room(out *o, size_t n)
{
    if (o->cap - o->len < n) out_flush(o);
    return o->buf + o->len;
}

static inline void out_raw(out *o, const char *s, size_t n)
{
    if (n > o->cap / 2) { /* a huge string: write it through */
        out_flush(o);
        if (fwrite(s, 1, n, o->f) != n) o->failed = true;
        return;
    }
    memcpy(out_room(o, n), s, n);
    o->len += n;
}

#define OUT_LIT(o, s) out_raw((o), (s), sizeof(s) - 1)

static void out_u64(out *o, uint64_t v)
{
    char tmp[24];
    int i = 24;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    out_raw(o, tmp + i, (size_t)(24 - i));
}

static void out_i64(out *o, int64_t v)
{
    if (v < 0) {
        OUT_LIT(o, "-");
        out_u64(o, 0 - (uint64_t)v);
    } else {
        out_u64(o, (uint64_t)v);
    }
}

/* v hundredths with exactly two decimals ("12.30", "-0.05"). */
static void out_cents(out *o, int64_t v)
{
    uint64_t m = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    if (v < 0) OUT_LIT(o, "-");
    out_u64(o, m / 100);
    char frac[3] = {'.', (char)('0' + m % 100 / 10), (char)('0' + m % 10)};
    out_raw(o, frac, 3);
}

/* v / 10^scale_digits, trailing zeros dropped ("84.67", "100", "78.5"). */
static void out_scaled(out *o, int64_t v, int scale_digits, int64_t scale)
{
    uint64_t m = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    if (v < 0) OUT_LIT(o, "-");
    out_u64(o, m / (uint64_t)scale);
    uint64_t f = m % (uint64_t)scale;
    if (!f) return;
    char tmp[24];
    int n = scale_digits;
    tmp[0] = '.';
    for (int i = n; i >= 1; i--) {
        tmp[i] = (char)('0' + f % 10);
        f /= 10;
    }
    while (tmp[n] == '0') n--;
    out_raw(o, tmp, (size_t)n + 1);
}

static int64_t gcd64(int64_t a, int64_t b)
{
    if (a < 0) a = -a;
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* The fraction num/den (den > 0): exact when its decimals end, else 15
 * decimals rounded half away from zero. */
static void out_ratio(out *o, int64_t num, int64_t den)
{
    int64_t g = gcd64(num, den);
    if (g > 1) {
        num /= g;
        den /= g;
    }
    uint64_t m = num < 0 ? 0 - (uint64_t)num : (uint64_t)num, d = (uint64_t)den;
    if (num < 0) OUT_LIT(o, "-");
    if (d == 1) {
        out_u64(o, m);
        return;
    }
    uint64_t r = d;
    while (r % 2 == 0) r /= 2;
    while (r % 5 == 0) r /= 5;
    uint64_t ip = m / d, rem = m % d;
    if (r == 1) { /* terminates: long division to the end */
        out_u64(o, ip);
        char tmp[80];
        int n = 0;
        tmp[n++] = '.';
        while (rem && n < (int)sizeof tmp) {
            unsigned __int128 x = (unsigned __int128)rem * 10;
            tmp[n++] = (char)('0' + (int)(x / d));
            rem = (uint64_t)(x % d);
        }
        out_raw(o, tmp, (size_t)n);
        return;
    }
    const uint64_t scale = 1000000000000000ULL; /* 10^15 */
    unsigned __int128 x = (unsigned __int128)rem * scale;
    uint64_t frac = (uint64_t)(x / d), rr = (uint64_t)(x % d);
    if (rr >= d - rr && ++frac == scale) {
        frac = 0;
        ip++;
    }
    out_u64(o, ip);
    char tmp[16];
    tmp[0] = '.';
    for (int i = 15; i >= 1; i--) {
        tmp[i] = (char)('0' + frac % 10);
        frac /= 10;
    }
    out_raw(o, tmp, 16);
}

/* A JSON string (quotes, escapes for '"', '\\' and control characters). */
static void out_str(out *o, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    OUT_LIT(o, "\"");
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out_raw(o, run, (size_t)(s - run));
        char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        if (c == '"' || c == '\\') {
            e[1] = (char)c;
            out_raw(o, e, 2);
        } else if (c == '\n') {
            out_raw(o, "\\n", 2);
        } else {
            out_raw(o, e, 6);
        }
        run = s + 1;
    }
    out_raw(o, run, (size_t)(s - run));
    OUT_LIT(o, "\"");
}

static void out_bool(out *o, bool b)
{
    if (b) OUT_LIT(o, "true");
    else OUT_LIT(o, "false");
}

/* ---- reading fields --------------------------------------------------------- */

/* A record being read: the first error stops it. */
typedef struct rd {
    const char *err_field;
    const char *err_what;
} rd;

static bool fail(rd *r, const char *field, const char *what)
{
    if (!r->err_field) {
        r->err_field = field;
        r->err_what = what;
    }
    return false;
}

/* The member, or NULL when absent or null. */
static const cJSON *member(const cJSON *obj, const char *name)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, name);
    return j && !cJSON_IsNull(j) ? j : NULL;
}

static bool get_int(rd *r, const cJSON *obj, const char *name, const char *field, int64_t lo, int64_t hi,
                    int64_t *v)
{
    const cJSON *j = member(obj, name);
    if (!j) return fail(r, field, "is missing");
    if (!cJSON_IsNumber(j)) return fail(r, field, "is not a number");
    double d = j->valuedouble;
    if (!(d >= -9007199254740992.0 && d <= 9007199254740992.0) || d != floor(d))
        return fail(r, field, "is not an integer");
    *v = (int64_t)d;
    if (*v < lo || *v > hi) return fail(r, field, "is out of range");
    return true;
}

/* A decimal string "-123.45" with at most `places` decimals, scaled by
 * 10^places; false when malformed or too long. */
static bool parse_scaled(const char *s, int places, int64_t *v)
{
    bool neg = *s == '-';
    if (neg) s++;
    int64_t m = 0;
    int digits = 0, dec = -1;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            if (++digits > 17) return false;
            m = m * 10 + (*s - '0');
            if (dec >= 0 && ++dec > places) return false;
        } else if (*s == '.' && dec < 0 && digits > 0) {
            dec = 0;
        } else {
            return false;
        }
    }
    if (digits == 0 || dec == 0) return false;
    for (int i = dec < 0 ? 0 : dec; i < places; i++) m *= 10;
    *v = neg ? -m : m;
    return true;
}

/* A number scaled by 10^places and rounded to an integer; false unless it is
 * within a millionth of one (it has at most `places` decimals). */
static bool scaled_of_double(double d, double scale, int64_t *v)
{
    if (!isfinite(d) || fabs(d) * scale > 9.0e15) return false;
    double x = d * scale, k = round(x);
    if (fabs(x - k) > 1e-6) return false;
    *v = (int64_t)k;
    return true;
}

/* money: a number or a decimal string with at most 2 decimals, in cents. */
static bool get_money(rd *r, const cJSON *obj, const char *name, const char *field, bool nonneg, int64_t *cents)
{
    const cJSON *j = member(obj, name);
    if (!j) return fail(r, field, "is missing");
    bool ok = cJSON_IsNumber(j)   ? scaled_of_double(j->valuedouble, 100.0, cents)
              : cJSON_IsString(j) ? parse_scaled(j->valuestring, 2, cents)
                                  : false;
    if (!ok) return fail(r, field, "is not money (a number with at most 2 decimals)");
    if (nonneg && *cents < 0) return fail(r, field, "is below 0");
    return true;
}

/* decimal compared only with thresholds: a double (a string is read by strtod). */
static bool get_dec(rd *r, const cJSON *obj, const char *name, const char *field, double lo, double hi, double *v)
{
    const cJSON *j = member(obj, name);
    if (!j) return fail(r, field, "is missing");
    if (cJSON_IsNumber(j)) {
        *v = j->valuedouble;
    } else if (cJSON_IsString(j)) {
        const char *t = j->valuestring;
        size_t k = t[0] == '-', nd = strspn(t + k, "0123456789");
        if (nd && t[k + nd] == '.') k += nd + 1, nd = strspn(t + k, "0123456789");
        if (!nd || t[k + nd]) return fail(r, field, "is not a decimal");
        *v = strtod(t, NULL);
    } else {
        return fail(r, field, "is not a number");
    }
    if (!isfinite(*v)) return fail(r, field, "is not a number");
    if (*v < lo || *v > hi) return fail(r, field, "is out of range");
    return true;
}

static const char *get_text(rd *r, const cJSON *obj, const char *name, const char *field)
{
    const cJSON *j = member(obj, name);
    if (!j) return fail(r, field, "is missing"), NULL;
    if (!cJSON_IsString(j)) return fail(r, field, "is not text"), NULL;
    return j->valuestring;
}

/* One of the names; the index, or -1. */
static int get_enum(rd *r, const cJSON *obj, const char *name, const char *field, const char *const *names, int n)
{
    const char *s = get_text(r, obj, name, field);
    if (!s) return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0) return i;
    fail(r, field, "is not one of the allowed values");
    return -1;
}

static bool dig2(const char *s, int *v)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9') return false;
    *v = (s[0] - '0') * 10 + (s[1] - '0');
    return true;
}

/* "YYYY-MM": year*12 + month-1 in *ym. */
static bool parse_month(const char *s, int *ym)
{
    int a, b, m;
    if (!dig2(s, &a) || !dig2(s + 2, &b) || s[4] != '-' || !dig2(s + 5, &m)) return false;
    if (m < 1 || m > 12) return false;
    *ym = (a * 100 + b) * 12 + m - 1;
    return true;
}

static int month_length(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : len[m - 1];
}

/* "YYYY-MM-DD", a real date; its month as in parse_month. */
static bool parse_date(const char *s, int *ym)
{
    int d;
    if (!parse_month(s, ym) || s[7] != '-' || !dig2(s + 8, &d)) return false;
    int y = *ym / 12, m = *ym % 12 + 1;
    return d >= 1 && d <= month_length(y, m);
}

static bool parse_datetime(const char *s)
{
    int ym, h, mi, se;
    return parse_date(s, &ym) && s[10] == 'T' && dig2(s + 11, &h) && s[13] == ':' && dig2(s + 14, &mi) &&
           s[16] == ':' && dig2(s + 17, &se) && s[19] == '\0' && h < 24 && mi < 60 && se < 60;
}

/* ---- the record --------------------------------------------------------------- */

enum { ST_PROBATION, ST_REGULAR };
enum { LV_SPECIALIST, LV_SUPERVISOR, LV_MANAGER, LV_DIRECTOR };
enum { STAR_NONE, STAR_MONTH, STAR_QUARTER, STAR_YEAR };

static const char *const status_names[] = {"probation", "regular"};
static const char *const level_names[] = {"specialist", "supervisor", "manager", "director"};
static const char *const star_names[] = {"none", "month", "quarter", "year"};

#define I64_MAX_JSON 9007199254740992LL

typedef struct agent {
    const char *id;
    int period, hire_month, status, level, star;
    double telesales_years, management_years, contact_rate, satisfaction;
    int64_t team_size, workdays, days_present, calls, call_minutes, calls_per_day, minutes_per_day;
    int64_t members, member_target, exam_score;
    int64_t nonstandard, forbidden, complaint, confidentiality;
    int64_t praised, hazard, suggestion, discretionary;
    int64_t base, position, allowance;     /* cents */
    int64_t paid_profit;                   /* cents: sum over paid deals */
    int64_t strikes, probation_months, streak;
    int npasses, nscores;
    bool passes[2];
    int64_t scores[2];                     /* millionths */
} agent;

#define SCORE_SCALE 1000000LL

static bool read_deals(rd *r, const cJSON *rec, agent *a)
{
    const cJSON *deals = member(rec, "deals");
    if (!deals) return fail(r, "deals", "is missing");
    if (!cJSON_IsArray(deals)) return fail(r, "deals", "is not a list");
    a->paid_profit = 0;
    const cJSON *d;
    cJSON_ArrayForEach(d, deals)
    {
        if (!cJSON_IsObject(d)) return fail(r, "deals", "has an entry that is not a record");
        const char *cust = get_text(r, d, "customer", "deals.customer");
        if (!cust) return false;
        if (!*cust) return fail(r, "deals.customer", "is empty");
        const char *ent = get_text(r, d, "entered", "deals.entered");
        if (!ent) return false;
        if (!parse_datetime(ent)) return fail(r, "deals.entered", "is not a date and time YYYY-MM-DDThh:mm:ss");
        int64_t profit;
        if (!get_money(r, d, "profit", "deals.profit", false, &profit)) return false;
        const cJSON *paid = member(d, "paid");
        if (!paid) return fail(r, "deals.paid", "is missing");
        if (!cJSON_IsBool(paid)) return fail(r, "deals.paid", "is not true or false");
        if (cJSON_IsTrue(paid) && __builtin_add_overflow(a->paid_profit, profit, &a->paid_profit))
            return fail(r, "deals.profit", "overflows");
    }
    return true;
}

static bool read_prior(rd *r, const cJSON *rec, agent *a)
{
    a->strikes = a->probation_months = a->streak = 0;
    a->npasses = a->nscores = 0;
    const cJSON *p = member(rec, "prior");
    if (!p) return true;
    if (!cJSON_IsObject(p)) return fail(r, "prior", "is not a record");
    if (member(p, "contact_strikes") &&
        !get_int(r, p, "contact_strikes", "prior.contact_strikes", 0, I64_MAX_JSON, &a->strikes))
        return false;
    if (member(p, "probation_months") &&
        !get_int(r, p, "probation_months", "prior.probation_months", 0, I64_MAX_JSON, &a->probation_months))
        return false;
    if (member(p, "incentive_streak") &&
        !get_int(r, p, "incentive_streak", "prior.incentive_streak", 0, I64_MAX_JSON, &a->streak))
        return false;
    const cJSON *l = member(p, "recent_passes"), *e;
    if (l) {
        if (!cJSON_IsArray(l)) return fail(r, "prior.recent_passes", "is not a list");
        cJSON_ArrayForEach(e, l)
        {
            if (a->npasses == 2) return fail(r, "prior.recent_passes", "has more than 2 entries");
            if (!cJSON_IsBool(e)) return fail(r, "prior.recent_passes", "has an entry that is not true or false");
            a->passes[a->npasses++] = cJSON_IsTrue(e);
        }
    }
    l = member(p, "recent_scores");
    if (l) {
        if (!cJSON_IsArray(l)) return fail(r, "prior.recent_scores", "is not a list");
        cJSON_ArrayForEach(e, l)
        {
            if (a->nscores == 2) return fail(r, "prior.recent_scores", "has more than 2 entries");
            bool ok = cJSON_IsNumber(e)   ? scaled_of_double(e->valuedouble, (double)SCORE_SCALE, &a->scores[a->nscores])
                      : cJSON_IsString(e) ? parse_scaled(e->valuestring, 6, &a->scores[a->nscores])
                                          : false;
            if (!ok) return fail(r, "prior.recent_scores", "has an entry that is not a decimal of at most 6 places");
            a->nscores++;
        }
    }
    return true;
}

static bool read_agent(rd *r, const cJSON *rec, agent *a)
{
    const int64_t MAXI = I64_MAX_JSON;
    if (!cJSON_IsObject(rec)) return fail(r, "record", "is not a JSON object");
    if (!(a->id = get_text(r, rec, "id", "id"))) return false;
    if (!get_text(r, rec, "name", "name")) return false;
    const char *s = get_text(r, rec, "period", "period");
    if (!s) return false;
    if (strlen(s) != 7 || !parse_month(s, &a->period)) return fail(r, "period", "is not a month YYYY-MM");
    if ((a->status = get_enum(r, rec, "status", "status", status_names, 2)) < 0) return false;
    if ((a->level = get_enum(r, rec, "level", "level", level_names, 4)) < 0) return false;
    if (!(s = get_text(r, rec, "hire_date", "hire_date"))) return false;
    if (strlen(s) != 10 || !parse_date(s, &a->hire_month)) return fail(r, "hire_date", "is not a date YYYY-MM-DD");
    if (!get_dec(r, rec, "telesales_years", "telesales_years", 0, INFINITY, &a->telesales_years) ||
        !get_dec(r, rec, "management_years", "management_years", 0, INFINITY, &a->management_years) ||
        !get_int(r, rec, "team_size", "team_size", 0, MAXI, &a->team_size) ||
        !get_int(r, rec, "workdays", "workdays", 0, MAXI, &a->workdays) ||
        !get_int(r, rec, "days_present", "days_present", 0, a->workdays, &a->days_present) ||
        !get_int(r, rec, "calls", "calls", 0, MAXI, &a->calls) ||
        !get_int(r, rec, "call_minutes", "call_minutes", 0, MAXI, &a->call_minutes))
        return false;
    const cJSON *q = member(rec, "quota");
    if (!q || !cJSON_IsObject(q)) return fail(r, "quota", q ? "is not a record" : "is missing");
    if (!get_int(r, q, "calls_per_day", "quota.calls_per_day", 1, MAXI, &a->calls_per_day) ||
        !get_int(r, q, "minutes_per_day", "quota.minutes_per_day", 1, MAXI, &a->minutes_per_day) ||
        !get_int(r, rec, "members", "members", 0, MAXI, &a->members) ||
        !get_int(r, rec, "member_target", "member_target", 1, MAXI, &a->member_target) ||
        !get_dec(r, rec, "contact_rate", "contact_rate", 0, 1, &a->contact_rate) ||
        !get_int(r, rec, "exam_score", "exam_score", 0, 100, &a->exam_score) ||
        !get_dec(r, rec, "satisfaction", "satisfaction", 0, 1, &a->satisfaction))
        return false;
    const cJSON *in = member(rec, "incidents");
    if (!in || !cJSON_IsObject(in)) return fail(r, "incidents", in ? "is not a record" : "is missing");
    if (!get_int(r, in, "nonstandard_service", "incidents.nonstandard_service", 0, MAXI, &a->nonstandard) ||
        !get_int(r, in, "forbidden_language", "incidents.forbidden_language", 0, MAXI, &a->forbidden) ||
        !get_int(r, in, "complaint", "incidents.complaint", 0, MAXI, &a->complaint) ||
        !get_int(r, in, "confidentiality", "incidents.confidentiality", 0, MAXI, &a->confidentiality))
        return false;
    const cJSON *me = member(rec, "merits");
    if (!me || !cJSON_IsObject(me)) return fail(r, "merits", me ? "is not a record" : "is missing");
    if (!get_int(r, me, "praised", "merits.praised", 0, MAXI, &a->praised) ||
        !get_int(r, me, "hazard_reported", "merits.hazard_reported", 0, MAXI, &a->hazard) ||
        !get_int(r, me, "suggestion_adopted", "merits.suggestion_adopted", 0, MAXI, &a->suggestion) ||
        (a->star = get_enum(r, me, "service_star", "merits.service_star", star_names, 4)) < 0 ||
        !get_int(r, me, "discretionary", "merits.discretionary", -MAXI, MAXI, &a->discretionary))
        return false;
    const cJSON *pay = member(rec, "pay");
    if (!pay || !cJSON_IsObject(pay)) return fail(r, "pay", pay ? "is not a record" : "is missing");
    if (!get_money(r, pay, "base", "pay.base", true, &a->base) ||
        !get_money(r, pay, "position", "pay.position", true, &a->position) ||
        !get_money(r, pay, "allowance", "pay.allowance", true, &a->allowance))
        return false;
    if (!read_deals(r, rec, a)) return false;
    int64_t year_profit;
    if (member(rec, "year_profit") && !get_money(r, rec, "year_profit", "year_profit", true, &year_profit))
        return false;
    return read_prior(r, rec, a);
}

/* ---- the policy --------------------------------------------------------------- */

/* round(cents * num / den) half away from zero; false on overflow. */
static bool mul_ratio_round(int64_t cents, i128 num, i128 den, int64_t *res)
{
    i128 x = (i128)cents * num;
    i128 q = x / den, r = x % den;
    if (r < 0) r = -r;
    if (2 * r >= den) q += x < 0 ? -1 : 1;
    if (q > INT64_MAX || q < INT64_MIN) return false;
    *res = (int64_t)q;
    return true;
}

/* a/b < c/d for positive denominators */
static inline bool frac_lt(int64_t a, int64_t b, int64_t c, int64_t d)
{
    return (i128)a * d < (i128)c * b;
}

static bool evaluate(out *o, const agent *a, rd *r)
{
    /* §三.1 basic quota */
    bool hired_this_month = a->hire_month == a->period;
    int64_t assessed = hired_this_month ? (a->workdays > 5 ? a->workdays - 5 : 0) : a->workdays;
    int64_t req_calls, req_minutes;
    if (__builtin_mul_overflow(a->calls_per_day, assessed, &req_calls) ||
        __builtin_mul_overflow(a->minutes_per_day, assessed, &req_minutes))
        return fail(r, "quota", "overflows");
    int64_t bn = 1, bd = 1; /* basic_ratio */
    if (assessed > 0) {
        if (frac_lt(a->calls, req_calls, bn, bd)) bn = a->calls, bd = req_calls;
        if (frac_lt(a->call_minutes, req_minutes, bn, bd)) bn = a->call_minutes, bd = req_minutes;
    }
    bool basic_met = bn == bd;

    /* §三.2, §三.3, §七.5 */
    int64_t members = a->members, target = a->member_target;
    bool incentive_met = members >= target;
    bool individual = a->status == ST_REGULAR && members >= target; /* 100% */
    i128 m100 = (i128)members * 100;
    int64_t tier = m100 >= (i128)target * 150   ? 20000
                   : m100 >= (i128)target * 120 ? 16000
                   : m100 >= (i128)target * 110 ? 12000
                   : m100 >= (i128)target * 100 ? 10000
                                                : 0;
    int64_t incentive_bonus = basic_met || individual ? tier : 0;
    int64_t base_paid;
    if (basic_met) base_paid = a->base;
    else if (individual) base_paid = a->base - 10000;
    else if (!mul_ratio_round(a->base, bn, bd, &base_paid)) return fail(r, "pay.base", "overflows");

    /* §三.4.3 contact ladder */
    int64_t strike_no = a->strikes + 1;
    double threshold = strike_no >= 3 ? 0.70 : strike_no == 2 ? 0.65 : 0.60;
    bool cond = strike_no == 3 ? !basic_met : strike_no >= 4 ? !incentive_met : true;
    int64_t ladder_points = strike_no >= 4 ? 5 : strike_no == 3 ? 3 : strike_no == 2 ? 2 : 1;
    bool strike = a->contact_rate < threshold && cond;
    int64_t contact_points = strike ? ladder_points : 0;
    const char *action = !strike         ? "none"
                         : strike_no == 1 ? "verbal_warning"
                         : strike_no == 2 ? "data_paused_one_week"
                         : strike_no == 3 ? "data_reassigned"
                                          : "pending_dismissal";

    /* §四 score (per record) */
    i128 sc = (i128)100 - a->nonstandard - 2 * (i128)a->forbidden - 3 * (i128)a->complaint -
              5 * (i128)a->confidentiality - contact_points + a->praised + 5 * (i128)a->hazard +
              2 * (i128)a->suggestion + (a->exam_score == 100 ? 3 : 0) + (a->star != STAR_NONE ? 3 : 0) +
              a->discretionary;
    if (sc > I64_MAX_JSON || sc < -I64_MAX_JSON) return fail(r, "incidents", "overflows the score");
    int64_t score = (int64_t)sc;

    /* §五.2 allowance */
    int64_t an = a->workdays ? a->days_present : 1, ad = a->workdays ? a->workdays : 1;
    int64_t cut = a->level == LV_SPECIALIST ? (score < 85 ? 10 : score < 90 ? 5 : 0) : 0; /* percent */
    int64_t mn = bn, md = bd;
    if (frac_lt(an, ad, mn, md)) mn = an, md = ad;
    int64_t allowance_paid;
    if (!mul_ratio_round(a->allowance, (i128)mn * (100 - cut), (i128)md * 100, &allowance_paid))
        return fail(r, "pay.allowance", "overflows");

    /* §八.2 commission, every paid deal */
    int64_t commission;
    if (!mul_ratio_round(a->paid_profit, 8, 100, &commission)) return fail(r, "deals.profit", "overflows");

    /* §七 rewards */
    int64_t suggestion_reward;
    if (__builtin_mul_overflow(a->suggestion, (int64_t)5000, &suggestion_reward))
        return fail(r, "merits.suggestion_adopted", "overflows");
    static const int64_t star_cents[4] = {0, 20000, 50000, 100000};
    int64_t star_reward = star_cents[a->star];
    int month = a->period % 12 + 1;
    bool quarter_end = month % 3 == 0;
    bool passes = basic_met && incentive_met;
    bool two_prior = a->npasses == 2 && a->passes[0] && a->passes[1];
    int64_t quarter_bonus = quarter_end && passes && two_prior ? 20000 : 0;

    /* §五.1 total, without the dividend */
    int64_t total = 0;
    const int64_t items[8] = {base_paid,         a->position,  allowance_paid, incentive_bonus,
                              commission, suggestion_reward, star_reward,    quarter_bonus};
    for (int i = 0; i < 8; i++)
        if (__builtin_add_overflow(total, items[i], &total)) return fail(r, "pay", "overflows the total");

    /* §四 释义 quarter score: mean of prior scores and this one, to 0.01 */
    i128 ssum = (i128)score * SCORE_SCALE;
    for (int i = 0; i < a->nscores; i++) ssum += a->scores[i];
    i128 qd = (i128)(a->nscores + 1) * (SCORE_SCALE / 100);
    i128 qs = ssum / qd, qr = ssum % qd;
    if (qr < 0) qr = -qr;
    if (2 * qr >= qd) qs += ssum < 0 ? -1 : 1;
    int64_t quarter_score = (int64_t)qs; /* hundredths */

    /* §六 confirmation */
    int64_t pm = a->probation_months + 1;
    bool last_passed = a->npasses > 0 && a->passes[a->npasses - 1];
    bool early_star = pm == 1 && a->star == STAR_MONTH;
    bool early_merit = pm < 3 && passes && m100 >= (i128)target * 120 && a->complaint == 0 &&
                       a->satisfaction >= 0.95 && a->exam_score >= 90;
    const char *confirmation = a->status == ST_REGULAR          ? "n/a"
                               : early_star || early_merit       ? "early"
                               : pm == 2 && !passes && !last_passed ? "notice"
                               : pm >= 3 && passes && two_prior  ? "confirm"
                               : pm >= 6                         ? "advise_to_leave"
                               : pm >= 3                         ? "extend"
                                                                 : "continue";

    /* §六.1, §十一 promotion */
    static const char *const next_names[4] = {"supervisor", "manager", "director", "none"};
    bool bar = a->level == LV_SPECIALIST   ? a->telesales_years >= 1 && a->team_size >= 5
               : a->level == LV_SUPERVISOR ? a->telesales_years >= 3 && a->management_years >= 3 && a->team_size >= 5
               : a->level == LV_MANAGER    ? a->telesales_years >= 5 && a->team_size >= 5
                                           : false;
    int64_t streak = incentive_met ? a->streak + 1 : 0;
    bool promotion = a->status == ST_REGULAR && a->level != LV_DIRECTOR && incentive_met && streak >= 2 &&
                     a->complaint == 0 && a->calls > req_calls && a->call_minutes > req_minutes && passes &&
                     two_prior && bar;

    /* the result line */
    OUT_LIT(o, "{\"id\":");
    out_str(o, a->id);
    OUT_LIT(o, ",\"assessed_days\":");
    out_i64(o, assessed);
    OUT_LIT(o, ",\"required_calls\":");
    out_i64(o, req_calls);
    OUT_LIT(o, ",\"required_minutes\":");
    out_i64(o, req_minutes);
    OUT_LIT(o, ",\"basic_ratio\":");
    out_ratio(o, bn, bd);
    OUT_LIT(o, ",\"basic_met\":");
    out_bool(o, basic_met);
    OUT_LIT(o, ",\"incentive_ratio\":");
    out_ratio(o, members, target);
    OUT_LIT(o, ",\"incentive_met\":");
    out_bool(o, incentive_met);
    OUT_LIT(o, ",\"incentive_bonus\":");
    out_cents(o, incentive_bonus);
    OUT_LIT(o, ",\"base_paid\":");
    out_cents(o, base_paid);
    OUT_LIT(o, ",\"contact_strike\":");
    out_bool(o, strike);
    OUT_LIT(o, ",\"contact_points\":");
    out_i64(o, contact_points);
    OUT_LIT(o, ",\"contact_action\":");
    out_str(o, action);
    OUT_LIT(o, ",\"score\":");
    out_i64(o, score);
    OUT_LIT(o, ",\"attendance_ratio\":");
    out_ratio(o, an, ad);
    OUT_LIT(o, ",\"perf_cut_rate\":");
    out_ratio(o, cut, 100);
    OUT_LIT(o, ",\"allowance_paid\":");
    out_cents(o, allowance_paid);
    OUT_LIT(o, ",\"commission\":");
    out_cents(o, commission);
    OUT_LIT(o, ",\"suggestion_reward\":");
    out_cents(o, suggestion_reward);
    OUT_LIT(o, ",\"star_reward\":");
    out_cents(o, star_reward);
    OUT_LIT(o, ",\"quarter_bonus\":");
    out_cents(o, quarter_bonus);
    OUT_LIT(o, ",\"total_pay\":");
    out_cents(o, total);
    OUT_LIT(o, ",\"quarter_score\":");
    out_scaled(o, quarter_score, 2, 100);
    OUT_LIT(o, ",\"confirmation\":");
    out_str(o, confirmation);
    OUT_LIT(o, ",\"next_level\":");
    out_str(o, next_names[a->level]);
    OUT_LIT(o, ",\"promotion_eligible\":");
    out_bool(o, promotion);
    OUT_LIT(o, ",\"carry\":{\"contact_strikes\":");
    out_i64(o, strike ? strike_no : a->strikes);
    OUT_LIT(o, ",\"probation_months\":");
    out_i64(o, a->status == ST_PROBATION ? pm : 0);
    OUT_LIT(o, ",\"incentive_streak\":");
    out_i64(o, streak);
    OUT_LIT(o, ",\"recent_passes\":[");
    if (a->npasses == 2) {
        out_bool(o, a->passes[1]);
        OUT_LIT(o, ",");
    } else if (a->npasses == 1) {
        out_bool(o, a->passes[0]);
        OUT_LIT(o, ",");
    }
    out_bool(o, passes);
    OUT_LIT(o, "],\"recent_scores\":[");
    if (a->nscores >= 1) {
        out_scaled(o, a->scores[a->nscores - 1], 6, SCORE_SCALE);
        OUT_LIT(o, ",");
    }
    out_i64(o, score);
    OUT_LIT(o, "]}}\n");
    return true;
}

static void error_line(out *o, const char *id, long index, const char *msg1, const char *msg2)
{
    OUT_LIT(o, "{\"id\":");
    if (id) out_str(o, id);
    else OUT_LIT(o, "null");
    OUT_LIT(o, ",\"record\":");
    out_i64(o, index);
    OUT_LIT(o, ",\"error\":\"");
    out_raw(o, msg1, strlen(msg1));
    if (msg2) {
        OUT_LIT(o, " ");
        out_raw(o, msg2, strlen(msg2));
    }
    OUT_LIT(o, "\"}\n");
}

int main(int argc, char **argv)
{
    FILE *f = argc > 1 ? fopen(argv[1], "rb") : stdin;
    if (!f) {
        perror(argv[1]);
        return 4;
    }
    lines L;
    out o = {malloc(1 << 20), 0, 1 << 20, stdout, false};
    if (!o.buf || !lines_open(&L, f)) return 4;
    const char *s;
    size_t n;
    long index = 0, errors = 0;
    int rc;
    while ((rc = lines_next(&L, &s, &n)) > 0) {
        index++;
        cJSON *rec = cJSON_ParseWithLength(s, n);
        rd r = {NULL, NULL};
        agent a;
        a.id = NULL;
        if (!rec) {
            error_line(&o, NULL, index, "the line is not valid JSON", NULL);
            errors++;
            continue;
        }
        /* evaluate() fails only before it writes anything */
        if (!read_agent(&r, rec, &a) || !evaluate(&o, &a, &r)) {
            error_line(&o, a.id, index, r.err_field, r.err_what);
            fprintf(stderr, "record %ld: %s %s\n", index, r.err_field, r.err_what);
            errors++;
        }
        cJSON_Delete(rec);
    }
    out_flush(&o);
    lines_close(&L);
    free(o.buf);
    if (f != stdin) fclose(f);
    if (rc < 0 || o.failed || fflush(stdout) != 0) return 4;
    return errors ? 1 : 0;
}
