/*
 * num.c — exact rational arithmetic on reduced int64 fractions (see num.h):
 * the fast path.
 *
 * Results are multiplied out in 128 bits, reduced with the smallest gcds
 * that suffice (Knuth, TAOCP 4.5.1) and packed back into int64.  Integers
 * and equal denominators (money in cents) take short paths: the evaluator
 * does about a hundred of these per record.  A result that does not fit,
 * or an operand that is already big, goes on in num_big.c.
 */
#include "num.h"
#include "num_big.h"

#include "buf.h"
#include "compiler.h"
#include "i18n.h"

#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef unsigned __int128 u128;
typedef __int128 i128;

/* Largest magnitude of a negative numerator: |INT64_MIN| = 2^63. */
#define NUM_NEG_LIMIT ((uint64_t)INT64_MAX + 1)
/* Exponents are clamped here while reading; far beyond any that fits. */
#define NUM_EXP_CAP 1000000000000LL

static const uint64_t pow10_u64[20] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
    10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
    100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
    100000000000000000ULL, 1000000000000000000ULL,
    10000000000000000000ULL,
};

/* Powers of ten that are exact doubles (10^22 is the last one). */
static const double pow10_dbl[16] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
};

static const char digit_pairs[201] =
    "0001020304050607080910111213141516171819"
    "2021222324252627282930313233343536373839"
    "4041424344454647484950515253545556575859"
    "6061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* ---- integer helpers ---------------------------------------------------- */

static inline uint64_t num_mag64(int64_t v)
{
    return v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
}

static inline u128 num_mag128(i128 v)
{
    return v < 0 ? 0 - (u128)v : (u128)v;
}

/* Binary gcd (Stein) for two odd-or-even values of any size: shifts and
 * subtractions, branch-free inner loop (min and |difference| become
 * conditional moves).  a and b must be non-zero. */
static uint64_t num_gcd64_binary(uint64_t a, uint64_t b)
{
    int az = __builtin_ctzll(a), bz = __builtin_ctzll(b);
    int shift = az < bz ? az : bz;
    b >>= bz;
    while (a != 0) {
        a >>= az;
        uint64_t diff = b - a;
        az = __builtin_ctzll(diff | (UINT64_C(1) << 63)); /* ctz(|a - b|); 63 once a == b */
        uint64_t lo = a < b ? a : b;
        a = a > b ? a - b : b - a;
        b = lo;
    }
    return b << shift;
}

/* x * NUM_INV5 == x / 5 exactly when 5 divides x, and that is exactly when
 * the product is <= NUM_DIV5_LIMIT (5 * NUM_INV5 == 1 mod 2^64). */
#define NUM_INV5 UINT64_C(0xCCCCCCCCCCCCCCCD)
#define NUM_DIV5_LIMIT (UINT64_MAX / 5)

/* gcd(a, b) when b = 2^i 5^j, the denominator of any decimal (money): the
 * shared twos from trailing zeros and the shared fives by exact division,
 * with no division instruction.  0 when b has another prime factor. */
static inline uint64_t num_gcd_decimal(uint64_t a, uint64_t b)
{
    int az = __builtin_ctzll(a), bz = __builtin_ctzll(b);
    uint64_t odd = b >> bz, fives = 1, q;
    bool a_has_five = true;
    while ((q = odd * NUM_INV5) <= NUM_DIV5_LIMIT) {
        odd = q;
        if (a_has_five && (q = a * NUM_INV5) <= NUM_DIV5_LIMIT) {
            a = q;
            fives *= 5;
        } else {
            a_has_five = false;
        }
    }
    if (odd != 1) return 0;
    return fives << (az < bz ? az : bz);
}

/* gcd of two 64-bit values.  The usual call has a decimal denominator as
 * one operand; otherwise one remainder, then Euclid in 32 bits while the
 * values are small, and the binary loop for two large ones. */
static inline uint64_t num_gcd64(uint64_t a, uint64_t b)
{
    if (a < b) {
        uint64_t t = a;
        a = b;
        b = t;
    }
    if (b <= 1) return b == 0 ? a : 1;
    uint64_t g = num_gcd_decimal(a, b);
    if (g != 0) return g;
    if ((b >> 32) != 0) return num_gcd64_binary(a, b);
    uint32_t x = (uint32_t)(a % b), y = (uint32_t)b;
    while (x != 0) {
        uint32_t t = y % x;
        y = x;
        x = t;
    }
    return y;
}

/* gcd of a 128-bit value and a non-zero 64-bit one: one Euclid step brings
 * the wide one down to 64 bits. */
static inline uint64_t num_gcd128_64(u128 a, uint64_t b)
{
    if ((a >> 64) == 0) return num_gcd64((uint64_t)a, b);
    return num_gcd64((uint64_t)(a % b), b);
}

/* a / g for a divisor g of a that is often 1: skips the division then. */
static inline uint64_t num_divq(uint64_t a, uint64_t g)
{
    return g == 1 ? a : a / g;
}

static inline u128 num_div128_64(u128 a, uint64_t b)
{
    if (b == 1) return a;
    if ((a >> 64) == 0) return (uint64_t)a / b;
    return a / b;
}

static inline num_status num_zero(kh_num *out)
{
    *out = num_int(0);
    return NUM_OK;
}

/* Stores (neg ? -mag : mag) / den, which must already be reduced, or reports
 * NUM_OVERFLOW.  *out is written only on success. */
static inline num_status num_pack(bool neg, u128 mag, u128 den, kh_num *out)
{
    if (mag == 0) return num_zero(out);
    if (den > INT64_MAX) return NUM_OVERFLOW;
    if (neg) {
        if (mag > NUM_NEG_LIMIT) return NUM_OVERFLOW;
        out->num = -(int64_t)(uint64_t)(mag - 1) - 1;
    } else {
        if (mag > INT64_MAX) return NUM_OVERFLOW;
        out->num = (int64_t)mag;
    }
    out->den = (int64_t)den;
    return NUM_OK;
}

/* Stores the reduced (neg ? -mag : mag) / den: small when it fits, else
 * big in A.  The fast paths below work every result out exactly in 128
 * bits, so only this last step can need the big path. */
static inline num_status num_store(arena *A, bool neg, u128 mag, u128 den, kh_num *out)
{
    if (num_pack(neg, mag, den, out) == NUM_OK) return NUM_OK;
    return num_big_from128(A, neg, mag, den, out);
}

/* Reduces t/den (den >= 1) and stores it. */
static num_status num_reduce128(arena *A, i128 t, uint64_t den, kh_num *out)
{
    if (t == 0) return num_zero(out);
    u128 mag = num_mag128(t);
    uint64_t g = num_gcd128_64(mag, den);
    return num_store(A, t < 0, num_div128_64(mag, g), num_divq(den, g), out);
}

/* Reduces t/den (den >= 1) when t already fits int64: never overflows. */
static inline num_status num_reduce64(int64_t t, int64_t den, kh_num *out)
{
    if (t == 0) return num_zero(out);
    uint64_t g = num_gcd64(num_mag64(t), (uint64_t)den);
    if (g != 1) {
        t /= (int64_t)g;
        den /= (int64_t)g;
    }
    out->num = t;
    out->den = den;
    return NUM_OK;
}

/* ---- arithmetic --------------------------------------------------------- */

/*
 * Each operation takes the usual cases first, in a few instructions.  The
 * rest are out of line (so the usual cases need no saved registers): they
 * work the exact result out in 128 bits and store it (num_store: small, or
 * big in A), or, for an operand that is already big (den < 0), go on in
 * num_big.c.
 */

num_status num_make(arena *A, int64_t num, int64_t den, kh_num *out)
{
    if (den == 0) return NUM_DIV_ZERO;
    if (num == 0) return num_zero(out);
    uint64_t n = num_mag64(num), d = num_mag64(den);
    uint64_t g = num_gcd64(n, d);
    return num_store(A, (num < 0) != (den < 0), n / g, d / g, out);
}

/* a + b or a - b when the short path of num_add/num_sub does not apply:
 * equal denominators whose numerators overflow, unequal ones, or a big
 * operand.  For unequal small denominators, with g = gcd(a.den, b.den),
 * t = a.num*(b.den/g) +- b.num*(a.den/g) and g2 = gcd(t, g), the sum is
 * (t/g2) / ((a.den/g)*(b.den/g2)), already reduced (Knuth 4.5.1). */
static inline num_status num_addsub_rest(arena *A, kh_num a, kh_num b, bool subtract, kh_num *out)
{
    if ((a.den | b.den) < 0) return num_big_addsub(A, a, b, subtract, out);
    i128 bnum = subtract ? -(i128)b.num : (i128)b.num;
    if (a.den == b.den) return num_reduce128(A, (i128)a.num + bnum, (uint64_t)a.den, out);
    uint64_t ad = (uint64_t)a.den, bd = (uint64_t)b.den;
    uint64_t g = num_gcd64(ad, bd);
    if (g == 1) {
        i128 t = (i128)a.num * (i128)bd + bnum * (i128)ad;
        return num_store(A, t < 0, num_mag128(t), (u128)ad * bd, out);
    }
    uint64_t ad_g = ad / g, bd_g = bd / g; /* g > 1 here */
    i128 t = (i128)a.num * (i128)bd_g + bnum * (i128)ad_g;
    if (t == 0) return num_zero(out);
    u128 mag = num_mag128(t);
    uint64_t g2 = num_gcd128_64(mag, g);
    return num_store(A, t < 0, num_div128_64(mag, g2), (u128)ad_g * num_divq(bd, g2), out);
}

static KH_NOINLINE num_status num_add_rest(arena *A, kh_num a, kh_num b, kh_num *out)
{
    return num_addsub_rest(A, a, b, false, out);
}

static KH_NOINLINE num_status num_sub_rest(arena *A, kh_num a, kh_num b, kh_num *out)
{
    return num_addsub_rest(A, a, b, true, out);
}

/* t/den reduced, out of line: its gcd needs registers the short paths of
 * num_add and num_sub do not. */
static KH_NOINLINE num_status num_reduce64_call(int64_t t, int64_t den, kh_num *out)
{
    return num_reduce64(t, den, out);
}

num_status num_add(arena *A, kh_num a, kh_num b, kh_num *out)
{
    int64_t t;
    if (a.den == b.den && !__builtin_add_overflow(a.num, b.num, &t)) {
        if (a.den == 1) {
            *out = num_int(t);
            return NUM_OK;
        }
        if (a.den > 1) return num_reduce64_call(t, a.den, out);
    }
    return num_add_rest(A, a, b, out);
}

num_status num_sub(arena *A, kh_num a, kh_num b, kh_num *out)
{
    int64_t t;
    if (a.den == b.den && !__builtin_sub_overflow(a.num, b.num, &t)) {
        if (a.den == 1) {
            *out = num_int(t);
            return NUM_OK;
        }
        if (a.den > 1) return num_reduce64_call(t, a.den, out);
    }
    return num_sub_rest(A, a, b, out);
}

/* (an/ad)*(bn/bd) with g1 = gcd(an, bd), g2 = gcd(bn, ad) cancelled first:
 * the product of the cancelled parts is already reduced (and below 2^126). */
static KH_NOINLINE num_status num_mul_rest(arena *A, kh_num a, kh_num b, kh_num *out)
{
    if ((a.den | b.den) < 0) return num_big_mul(A, a, b, out);
    uint64_t an = num_mag64(a.num), bn = num_mag64(b.num);
    uint64_t ad = (uint64_t)a.den, bd = (uint64_t)b.den;
    uint64_t g1 = num_gcd64(an, bd), g2 = num_gcd64(bn, ad);
    u128 mag = (u128)num_divq(an, g1) * num_divq(bn, g2);
    u128 den = (u128)num_divq(ad, g2) * num_divq(bd, g1);
    return num_store(A, (a.num < 0) != (b.num < 0), mag, den, out);
}

num_status num_mul(arena *A, kh_num a, kh_num b, kh_num *out)
{
    if (a.den == 1 && b.den == 1) {
        int64_t t;
        if (!__builtin_mul_overflow(a.num, b.num, &t)) {
            *out = num_int(t);
            return NUM_OK;
        }
    } else if (a.num == 0 || b.num == 0) { /* a big number is never 0 */
        return num_zero(out);
    }
    return num_mul_rest(A, a, b, out);
}

/* (an/ad)/(bn/bd) = (an*bd)/(ad*bn), cancelling gcd(an, bn) and gcd(ad, bd).
 * Works on magnitudes so that a divisor of INT64_MIN needs no reciprocal. */
num_status num_div(arena *A, kh_num a, kh_num b, kh_num *out)
{
    if (b.num == 0) return NUM_DIV_ZERO; /* a big number is never 0 */
    if (a.num == 0) return num_zero(out);
    if ((a.den | b.den) < 0) return num_big_div(A, a, b, out);
    uint64_t an = num_mag64(a.num), bn = num_mag64(b.num);
    uint64_t ad = (uint64_t)a.den, bd = (uint64_t)b.den;
    uint64_t g1 = num_gcd64(an, bn), g2 = num_gcd64(ad, bd);
    u128 mag = (u128)num_divq(an, g1) * num_divq(bd, g2);
    u128 den = (u128)num_divq(ad, g2) * num_divq(bn, g1);
    return num_store(A, (a.num < 0) != (b.num < 0), mag, den, out);
}

num_status num_neg(arena *A, kh_num a, kh_num *out)
{
    if (a.den < 0) return num_big_neg(A, a, false, out);
    if (a.num == INT64_MIN) return num_store(A, false, NUM_NEG_LIMIT, (u128)a.den, out);
    out->num = -a.num;
    out->den = a.den;
    return NUM_OK;
}

num_status num_abs(arena *A, kh_num a, kh_num *out)
{
    if (a.den < 0) return num_big_neg(A, a, true, out);
    if (a.num == INT64_MIN) return num_store(A, false, NUM_NEG_LIMIT, (u128)a.den, out);
    out->num = a.num < 0 ? -a.num : a.num;
    out->den = a.den;
    return NUM_OK;
}

int num_cmp(kh_num a, kh_num b)
{
    if (a.den == b.den) return (a.num > b.num) - (a.num < b.num); /* big: the same number */
    if ((a.den | b.den) < 0) return num_big_cmp(a, b);
    i128 l = (i128)a.num * b.den, r = (i128)b.num * a.den;
    return (l > r) - (l < r);
}

int num_cmp_abs(kh_num a, kh_num b)
{
    if ((a.den | b.den) < 0) return num_big_cmp_abs(a, b);
    u128 l = (u128)num_mag64(a.num) * (uint64_t)b.den, r = (u128)num_mag64(b.num) * (uint64_t)a.den;
    return (l > r) - (l < r);
}

/* ---- rounding ----------------------------------------------------------- */

/* Whether a magnitude truncated to q with remainder r (of den) moves one
 * unit away from zero under mode. */
static bool num_round_away(num_round_mode mode, bool neg, u128 q, uint64_t r, uint64_t den)
{
    if (r == 0) return false;
    uint64_t half = den - r; /* 2r vs den without overflow: r vs den - r */
    switch (mode) {
    case ROUND_HALF_UP:   return r >= half;
    case ROUND_HALF_EVEN: return r > half || (r == half && (q & 1) != 0);
    case ROUND_TRUNC:     return false;
    case ROUND_FLOOR:     return neg;
    case ROUND_CEIL:      return !neg;
    }
    return false;
}

num_status num_round(arena *A, kh_num a, int places, num_round_mode mode, kh_num *out)
{
    if (places < 0 || places > 18) return NUM_OVERFLOW;
    if (a.den == 1) {
        *out = a;
        return NUM_OK;
    }
    if (a.den < 0) return num_big_round(A, a, places, mode, out);
    uint64_t scale = pow10_u64[places], den = (uint64_t)a.den;
    bool neg = a.num < 0;
    uint64_t mag = num_mag64(a.num), r;
    u128 q;
    if (mag <= UINT64_MAX / scale) { /* the usual case: all in 64 bits */
        uint64_t x = mag * scale;
        q = x / den;
        r = x % den;
    } else {
        u128 x = (u128)mag * scale; /* < 2^63 * 10^18 < 2^123 */
        q = x / den;
        r = (uint64_t)(x - q * den);
    }
    if (num_round_away(mode, neg, q, r, den)) q++;
    if (q == 0) return num_zero(out);
    uint64_t g = num_gcd128_64(q, scale);
    return num_store(A, neg, num_div128_64(q, g), num_divq(scale, g), out);
}

/* 2^twos 5^fives = den: the decimals a fraction over den needs. */
static bool num_terminates64(uint64_t d, int *places)
{
    int twos = __builtin_ctzll(d), fives = 0;
    d >>= twos;
    while (d % 5 == 0) {
        d /= 5;
        fives++;
    }
    if (d != 1) return false;
    if (places) *places = twos > fives ? twos : fives;
    return true;
}

bool num_terminates(kh_num a, int *places)
{
    if (a.den < 0) return num_big_terminates(a, places);
    if (a.den < 1) return false;
    return num_terminates64((uint64_t)a.den, places);
}

/* ---- parsing ------------------------------------------------------------ */

static inline bool num_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads the exponent digits of s[*i..len) (after 'e' and its sign), clamping
 * the value at NUM_EXP_CAP.  False when there are none. */
static bool num_parse_exponent(const char *s, size_t len, size_t *i, int64_t *exp)
{
    bool eneg = false;
    if (*i < len && (s[*i] == '+' || s[*i] == '-')) {
        eneg = s[*i] == '-';
        (*i)++;
    }
    size_t start = *i;
    int64_t e = 0;
    while (*i < len && num_is_digit(s[*i])) {
        if (e < NUM_EXP_CAP) e = e * 10 + (s[*i] - '0');
        (*i)++;
    }
    *exp = eneg ? -e : e;
    return *i > start;
}

size_t num_parse_prefix(const char *s, size_t len, kh_num *out)
{
    size_t i = 0;
    bool neg = len > 0 && s[0] == '-';
    if (neg) i++;
    int64_t m = 0;
    int digits = 0;
    size_t int_start = i;
    for (; i < len && num_is_digit(s[i]); i++) {
        if (++digits > NUM_TEXT_MAX_DIGITS) return 0;
        m = m * 10 + (s[i] - '0');
    }
    if (i == int_start) return 0;
    int decimals = 0;
    if (i < len && s[i] == '.') {
        size_t frac_start = ++i;
        for (; i < len && num_is_digit(s[i]); i++) {
            if (++digits > NUM_TEXT_MAX_DIGITS) return 0;
            m = m * 10 + (s[i] - '0');
        }
        decimals = (int)(i - frac_start);
        if (decimals == 0) return 0;
    }
    if (i < len && (s[i] == '.' || s[i] == 'e' || s[i] == 'E')) return 0;
    /* at most 18 digits: below 10^18, and 10^decimals fits int64 */
    if (neg) m = -m;
    if (decimals == 0) *out = num_int(m);
    else num_reduce64(m, (int64_t)pow10_u64[decimals], out);
    return i;
}

num_status num_parse_exact(arena *A, const char *s, size_t len, kh_num *out)
{
    size_t i = 0;
    if (len && num_parse_prefix(s, len, out) == len) return NUM_OK; /* the usual number */
    num_decimal dg = {0};
    if (i < len && s[i] == '-') {
        dg.neg = true;
        i++;
    }
    dg.int_part = dg.frac_part = s + i;
    while (i < len && num_is_digit(s[i])) i++;
    dg.int_len = (size_t)(s + i - dg.int_part);
    if (dg.int_len == 0) return NUM_SYNTAX;
    if (i < len && s[i] == '.') {
        dg.frac_part = s + ++i;
        while (i < len && num_is_digit(s[i])) i++;
        dg.frac_len = (size_t)(s + i - dg.frac_part);
        if (dg.frac_len == 0) return NUM_SYNTAX;
    }
    int64_t exp = 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (!num_parse_exponent(s, len, &i, &exp)) return NUM_SYNTAX;
    }
    if (i != len) return NUM_SYNTAX;

    /* The significand without leading or trailing zeros, times 10^e10. */
    size_t total = dg.int_len + dg.frac_len;
    dg.j0 = 0;
    dg.j1 = total;
    while (dg.j0 < total && num_decimal_digit(&dg, dg.j0) == 0) dg.j0++;
    if (dg.j0 == total) return num_zero(out);
    while (num_decimal_digit(&dg, dg.j1 - 1) == 0) dg.j1--;
    size_t n = dg.j1 - dg.j0;
    dg.e10 = exp - (int64_t)dg.frac_len + (int64_t)(total - dg.j1);

    /* 10^(magnitude-1) <= |value| < 10^magnitude */
    int64_t magnitude = (int64_t)n + dg.e10;
    if (magnitude > NUM_TEXT_MAX_DIGITS) return NUM_OUT_OF_RANGE;
    if (magnitude <= -NUM_MAX_DECIMALS) return NUM_TOO_SMALL;
    if (dg.e10 < -NUM_MAX_DECIMALS) return NUM_TOO_PRECISE;

    if (n <= 19 && dg.e10 >= -19) {
        uint64_t m = 0;
        for (size_t j = dg.j0; j < dg.j1; j++) m = m * 10 + (uint64_t)num_decimal_digit(&dg, j);
        if (dg.e10 >= 0) /* below 10^18: fits */
            return num_pack(dg.neg, (u128)m * pow10_u64[dg.e10], 1, out);
        uint64_t p = pow10_u64[-dg.e10];
        uint64_t g = num_gcd64(m, p);
        return num_store(A, dg.neg, m / g, p / g, out);
    }
    return num_big_from_decimal(A, &dg, out);
}

const char *num_status_text(num_status st)
{
    switch (st) {
    case NUM_OK: return _("is a number");
    case NUM_SYNTAX: return _("is not a number");
    case NUM_DIV_ZERO: return _("divides by zero");
    case NUM_OUT_OF_RANGE: return _("is too large (kaohe reads numbers below 10^18 in magnitude)");
    case NUM_TOO_SMALL: return _("is too small to hold (kaohe reads numbers down to 10^-300000; write 0 for none)");
    case NUM_TOO_PRECISE: return _("has too many decimals (kaohe reads at most 300000)");
    case NUM_OVERFLOW: break;
    }
    return _("is too large to represent exactly (overflow)");
}

/* ---- from double -------------------------------------------------------- */

/* The %.15g route itself.  The decimal point is whatever the C locale of
 * the moment prints, so it is put back to '.' before parsing. */
static num_status num_from_double_printf(arena *A, double d, kh_num *out)
{
    char text[48];
    int n = snprintf(text, sizeof text, "%.15g", d);
    if (n <= 0 || (size_t)n >= sizeof text) return NUM_SYNTAX;
    const char *point = localeconv()->decimal_point;
    size_t plen = point ? strlen(point) : 0;
    if (plen > 0 && !(plen == 1 && point[0] == '.')) {
        char *at = strstr(text, point);
        if (at) {
            *at = '.';
            memmove(at + 1, at + plen, strlen(at + plen) + 1);
            n -= (int)plen - 1;
        }
    }
    return num_parse_exact(A, text, (size_t)n, out);
}

/*
 * Quick route, equal to %.15g without printing.  If m is an integer with
 * |m| < 10^15 and k <= 15, then m and 10^k are exact doubles and
 * (double)m / 10^k is the correctly rounded value of the decimal q = m/10^k,
 * i.e. the double nearest q.  When that double is d, q is a decimal of at
 * most 15 significant digits (in the normal range, as |q| >= 10^-15) that
 * rounds to d.  By the DBL_DIG = 15 guarantee (C11 5.2.4.2.2), a decimal of
 * at most 15 significant digits survives decimal -> double -> decimal with
 * 15 digits; so %.15g of d prints q, and so distinct such decimals never
 * share a double.  If d came from such a q, d * 10^k lies within 0.25 of m,
 * so rounding finds m.  Anything else (tiny values, 16+ significant digits,
 * x87 excess precision) goes to the printf route.
 */
num_status num_from_double15(arena *A, double d, kh_num *out)
{
    if (!isfinite(d)) return NUM_SYNTAX;
#if FLT_EVAL_METHOD == 0
    if (fabs(d) < 1e15) {
        /* Whole numbers below 10^15 have at most 15 digits, so %.15g
         * prints them as they are (not so up to 2^53: 9007199254740991
         * prints as 9.00719925474099e+15). */
        int64_t whole = (int64_t)d;
        if ((double)whole == d) {
            *out = num_int(whole); /* -0.0 lands here as 0 */
            return NUM_OK;
        }
        for (int k = 1; k <= 15; k++) {
            double x = d * pow10_dbl[k];
            if (fabs(x) >= 1e15) break;
            int64_t m = (int64_t)(x < 0 ? x - 0.5 : x + 0.5);
            if ((double)m / pow10_dbl[k] == d) return num_reduce64(m, (int64_t)pow10_u64[k], out);
        }
    }
#endif
    return num_from_double_printf(A, d, out);
}

double num_to_double(kh_num a)
{
    if (a.den < 0) return num_big_to_double(a);
    return (double)a.num / (double)a.den;
}

uint64_t num_hash(kh_num a)
{
    if (a.den < 0) return num_big_hash(a);
    uint64_t h = 1469598103934665603ull;
    h = (h ^ (uint64_t)a.num) * 1099511628211ull;
    h = (h ^ (uint64_t)a.den) * 1099511628211ull;
    return h ^ (h >> 29);
}

/* ---- formatting --------------------------------------------------------- */

static int num_count_digits(uint64_t v)
{
    int n = 1;
    while (n < 20 && v >= pow10_u64[n]) n++;
    return n;
}

/* Writes v as exactly width digits (zero padded on the left), two at a
 * time from the right. */
static void num_write_u64_width(uint64_t v, int width, char *out)
{
    int i = width;
    while (i >= 2) {
        unsigned r = (unsigned)(v % 100);
        v /= 100;
        i -= 2;
        memcpy(out + i, digit_pairs + 2 * r, 2);
    }
    if (i == 1) out[0] = (char)('0' + v % 10);
}

/* Writes v in decimal, returning the length (1..20). */
static int num_write_u64(uint64_t v, char *out)
{
    int n = num_count_digits(v);
    num_write_u64_width(v, n, out);
    return n;
}

/* Pads with zeros from `have` decimals up to `want`; returns the length. */
static int num_finish(char *start, char *p, int have, int want)
{
    if (want > have) {
        if (have == 0) *p++ = '.';
        memset(p, '0', (size_t)(want - have));
        p += want - have;
    }
    return (int)(p - start);
}

/* Splits mag/den into integer part, fraction scaled to *places decimals and
 * the number of places, when den divides 10^18.  The usual denominators
 * come first, with constant divisors the compiler turns into multiplies. */
static bool num_split_decimal(uint64_t mag, uint64_t den, uint64_t *ip, uint64_t *frac, int *places)
{
    switch (den) {
    case 100: *ip = mag / 100; *frac = mag % 100;     *places = 2; return true;
    case 10:  *ip = mag / 10;  *frac = mag % 10;      *places = 1; return true;
    case 2:   *ip = mag / 2;   *frac = mag % 2 * 5;   *places = 1; return true;
    case 5:   *ip = mag / 5;   *frac = mag % 5 * 2;   *places = 1; return true;
    case 4:   *ip = mag / 4;   *frac = mag % 4 * 25;  *places = 2; return true;
    case 20:  *ip = mag / 20;  *frac = mag % 20 * 5;  *places = 2; return true;
    case 25:  *ip = mag / 25;  *frac = mag % 25 * 4;  *places = 2; return true;
    case 50:  *ip = mag / 50;  *frac = mag % 50 * 2;  *places = 2; return true;
    default:  break;
    }
    if (!num_terminates64(den, places) || *places > 18) return false;
    /* den divides 10^places, so the fraction scales in 64 bits. */
    *ip = mag / den;
    *frac = (mag % den) * (pow10_u64[*places] / den);
    return true;
}

/* Rounds mag/den half away from zero to NUM_REPEATING_DECIMALS places. */
static int num_format_rounded(char *start, char *p, uint64_t mag, uint64_t den)
{
    const uint64_t scale = pow10_u64[NUM_REPEATING_DECIMALS];
    uint64_t ip = mag / den, rem = mag % den, frac, r;
    if (rem <= UINT64_MAX / scale) {
        uint64_t x = rem * scale;
        frac = x / den;
        r = x % den;
    } else {
        u128 x = (u128)rem * scale;
        frac = (uint64_t)(x / den);
        r = (uint64_t)(x % den);
    }
    if (r >= den - r && ++frac == scale) { /* 2r >= den: away from zero */
        frac = 0;
        ip++;
    }
    p += num_write_u64(ip, p);
    *p++ = '.';
    num_write_u64_width(frac, NUM_REPEATING_DECIMALS, p);
    p += NUM_REPEATING_DECIMALS;
    return (int)(p - start);
}

/* Exact expansion of a terminating mag/den with more than 18 places (at
 * most 63: den <= 2^63), by long division. */
static int num_format_long(char *start, char *p, uint64_t mag, uint64_t den, int places, int min_decimals)
{
    uint64_t ip = mag / den, rem = mag % den;
    p += num_write_u64(ip, p);
    *p++ = '.';
    for (int i = 0; i < places; i++) {
        u128 x = (u128)rem * 10;
        *p++ = (char)('0' + (int)(x / den));
        rem = (uint64_t)(x % den);
    }
    return num_finish(start, p, places, min_decimals);
}

/* Room for a small number: sign, 20 digits, point, 63 decimals. */
#define NUM_SMALL_TEXT_MAX 96

/* Writes small a at p (room for NUM_SMALL_TEXT_MAX + min_decimals bytes);
 * returns the length. */
static int num_format_small(kh_num a, int min_decimals, char *start)
{
    char *p = start;
    uint64_t mag = num_mag64(a.num), den = (uint64_t)a.den;
    if (a.num < 0) *p++ = '-';
    if (den == 1) {
        p += num_write_u64(mag, p);
        return num_finish(start, p, 0, min_decimals);
    }
    uint64_t ip, frac;
    int places;
    if (num_split_decimal(mag, den, &ip, &frac, &places)) {
        p += num_write_u64(ip, p);
        *p++ = '.';
        num_write_u64_width(frac, places, p);
        return num_finish(start, p + places, places, min_decimals);
    }
    if (num_terminates64(den, &places)) return num_format_long(start, p, mag, den, places, min_decimals);
    return num_format_rounded(start, p, mag, den);
}

void num_write(buf *b, kh_num a, int min_decimals)
{
    if (min_decimals < 0) min_decimals = 0;
    if (a.den < 0) {
        num_big_write(b, a, min_decimals);
        return;
    }
    size_t room = NUM_SMALL_TEXT_MAX + (size_t)min_decimals;
    if (b->len + room + 1 > b->cap) buf_grow(b, room + 1);
    b->len += (size_t)num_format_small(a, min_decimals, b->data + b->len);
    b->data[b->len] = '\0';
}

const char *num_to_chars(kh_num a, int min_decimals, char *out, size_t cap)
{
    buf b = {0};
    num_write(&b, a, min_decimals);
    if (b.len < cap) {
        memcpy(out, b.data, b.len);
        out[b.len] = '\0';
    } else if (cap > 0) {
        size_t keep = cap > 4 ? cap - 4 : 0;
        memcpy(out, b.data, keep);
        memcpy(out + keep, "...", cap - keep - 1);
        out[cap - 1] = '\0';
    }
    buf_free(&b);
    return out;
}
