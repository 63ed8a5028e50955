/*
 * input_number.c — the one place where a number of the input (a JSON number,
 * or a money or decimal field written as a text) becomes a value: exactly as
 * written, never through binary floating point, and within the spec's range
 * (shared/spec/customer-service-2014.md, Numbers): a magnitude of 10^18 or
 * more is out of range.
 *
 * The exact reading is num_parse's (int64 fractions); numbers it cannot hold
 * although they are in range (more than 18 significant digits, or finer
 * than 10^-18) are said to be so.  When arbitrary precision arrives
 * (num_parse_exact), it replaces num_parse here and nowhere else.
 */
#include "input.h"

#include <limits.h>

/* Value of the exponent digits s[*i..len), clamped far beyond any range. */
static long exponent_of(const char *s, size_t len, size_t *i)
{
    bool neg = false;
    if (*i < len && (s[*i] == '+' || s[*i] == '-')) neg = s[(*i)++] == '-';
    size_t start = *i;
    long e = 0;
    for (; *i < len && s[*i] >= '0' && s[*i] <= '9'; (*i)++)
        if (e < 100000000) e = e * 10 + (s[*i] - '0');
    if (*i == start) return LONG_MIN;
    return neg ? -e : e;
}

static const int64_t pow10_i64[19] = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000, 10000000000, 100000000000,
    1000000000000, 10000000000000, 100000000000000, 1000000000000000, 10000000000000000, 100000000000000000,
    1000000000000000000};

/* The common form: -?D+(.D+)? with at most 18 digits in all, which is below
 * 10^18 and fits an int64 fraction m / 10^k.  False for anything else. */
static bool number_short(const char *s, size_t len, kh_num *out)
{
    size_t i = 0;
    bool neg = len > 0 && s[0] == '-';
    if (neg) i++;
    int64_t m = 0;
    int digits = 0, decimals = -1;
    for (; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (++digits > 18) return false;
            m = m * 10 + (c - '0');
            if (decimals >= 0) decimals++;
        } else if (c == '.' && decimals < 0 && digits > 0) {
            decimals = 0;
        } else {
            return false;
        }
    }
    if (digits == 0 || decimals == 0) return false;
    if (neg) m = -m;
    if (decimals < 0) {
        *out = num_int(m);
        return true;
    }
    return num_make(m, pow10_i64[decimals], out) == NUM_OK;
}

input_number_status input_number(arena *A, const char *s, size_t len, kh_num *out)
{
    (void)A; /* for num_parse_exact's digits */
    if (number_short(s, len, out)) return INPUT_NUMBER_OK;
    /* the grammar num_parse accepts: -?D+(.D+)?([eE][+-]?D+)? */
    size_t i = 0;
    if (i < len && s[i] == '-') i++;
    size_t int_start = i;
    while (i < len && s[i] >= '0' && s[i] <= '9') i++;
    size_t int_end = i;
    if (int_end == int_start) return INPUT_NUMBER_SYNTAX;
    size_t frac_start = i, frac_end = i;
    if (i < len && s[i] == '.') {
        frac_start = ++i;
        while (i < len && s[i] >= '0' && s[i] <= '9') i++;
        frac_end = i;
        if (frac_end == frac_start) return INPUT_NUMBER_SYNTAX;
    }
    long exp = 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        exp = exponent_of(s, len, &i);
        if (exp == LONG_MIN) return INPUT_NUMBER_SYNTAX;
    }
    if (i != len) return INPUT_NUMBER_SYNTAX;

    /* The magnitude: with the first nonzero digit at decimal position p
     * (10^p), the value lies in [10^p, 10^(p+1)); it is out of range when
     * p >= 18.  Zero is in range whatever its exponent. */
    long p = LONG_MIN;
    for (size_t k = int_start; k < int_end && p == LONG_MIN; k++)
        if (s[k] != '0') p = (long)(int_end - k) - 1;
    for (size_t k = frac_start; k < frac_end && p == LONG_MIN; k++)
        if (s[k] != '0') p = -(long)(k - frac_start) - 1;
    if (p != LONG_MIN && p + exp >= 18) return INPUT_NUMBER_OUT_OF_RANGE;

    switch (num_parse(s, len, out)) {
    case NUM_OK: return INPUT_NUMBER_OK;
    case NUM_SYNTAX: return INPUT_NUMBER_SYNTAX;
    default: return INPUT_NUMBER_TOO_PRECISE;
    }
}

const char *input_number_problem(input_number_status st)
{
    switch (st) {
    case INPUT_NUMBER_OUT_OF_RANGE: return "the number is too large for kaohe";
    case INPUT_NUMBER_TOO_PRECISE:
        return "the number has more digits than kaohe holds exactly (at most 18 significant digits, "
               "and nothing finer than 10^-18)";
    default: return NULL;
    }
}
