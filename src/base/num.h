/*
 * num.h — exact rational numbers for every value a policy computes.
 *
 * A number is a reduced fraction num/den of two int64 values (den >= 1,
 * gcd(|num|, den) == 1).  Arithmetic is exact; intermediate products use
 * 128-bit integers, and a result that does not fit is reported as an
 * overflow, never wrapped.  Rounding happens only when a policy asks for it.
 * No binary floating point is ever used for a result.
 */
#ifndef KH_NUM_H
#define KH_NUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct kh_num {
    int64_t num; /* numerator, any sign */
    int64_t den; /* denominator, >= 1, coprime with num */
} kh_num;

typedef enum num_status {
    NUM_OK = 0,
    NUM_OVERFLOW,  /* the exact result does not fit the representation */
    NUM_DIV_ZERO,  /* division by zero */
    NUM_SYNTAX     /* text is not a number of the accepted form */
} num_status;

typedef enum num_round_mode {
    ROUND_HALF_UP,   /* half away from zero (四舍五入): 2.5 -> 3, -2.5 -> -3 */
    ROUND_HALF_EVEN, /* banker's: 2.5 -> 2, 3.5 -> 4 */
    ROUND_TRUNC,     /* toward zero: 2.9 -> 2, -2.9 -> -2 */
    ROUND_FLOOR,     /* toward -infinity */
    ROUND_CEIL       /* toward +infinity */
} num_round_mode;

/* Decimal places printed for a value whose decimal expansion does not end. */
#define NUM_REPEATING_DECIMALS 15
/* Room for any formatted number (sign, 19 digits, point, decimals, NUL). */
#define NUM_FMT_MAX 64

static inline kh_num num_int(int64_t v) { kh_num n = {v, 1}; return n; }
static inline bool num_is_int(kh_num a) { return a.den == 1; }
static inline bool num_is_zero(kh_num a) { return a.num == 0; }
static inline int num_sign(kh_num a) { return (a.num > 0) - (a.num < 0); }

/* Builds num/den reduced; den may be negative (sign moves up); den == 0 is
 * NUM_DIV_ZERO. */
num_status num_make(int64_t num, int64_t den, kh_num *out);

num_status num_add(kh_num a, kh_num b, kh_num *out);
num_status num_sub(kh_num a, kh_num b, kh_num *out);
num_status num_mul(kh_num a, kh_num b, kh_num *out);
num_status num_div(kh_num a, kh_num b, kh_num *out);
num_status num_neg(kh_num a, kh_num *out);
num_status num_abs(kh_num a, kh_num *out);

/* Exact comparison: <0, 0, >0. Never overflows. */
int num_cmp(kh_num a, kh_num b);
static inline bool num_eq(kh_num a, kh_num b) { return a.num == b.num && a.den == b.den; }

/* Rounds to `places` decimal places (0..18) with the given mode. */
num_status num_round(kh_num a, int places, num_round_mode mode, kh_num *out);

/* True when the decimal expansion of a terminates (den = 2^i 5^j); then
 * *places is the number of decimals it needs. */
bool num_terminates(kh_num a, int *places);

/* Parses an exact decimal: -?D+(.D+)?([eE][+-]?D+)? in ASCII, nothing else
 * (no spaces, no leading '+', no hex, no inf/nan).  Leading zeros are
 * accepted ("007").  Exact: "0.1" is 1/10. */
num_status num_parse(const char *s, size_t len, kh_num *out);

/* The value a JSON number carries through cJSON: the double printed as C's
 * "%.15g", read exactly (0.59999999999999999 -> 0.6).  Non-finite values are
 * NUM_SYNTAX; magnitudes beyond the representation are NUM_OVERFLOW. */
num_status num_from_double15(double d, kh_num *out);

/* Writes a in decimal into buf (at least NUM_FMT_MAX bytes), NUL-terminated,
 * returning the length.  A terminating value is written exactly, padded with
 * zeros to at least min_decimals places ("200.00" for min_decimals 2).  A
 * non-terminating one is rounded half away from zero to
 * NUM_REPEATING_DECIMALS places.  No printf, no floating point. */
int num_format(kh_num a, int min_decimals, char *buf);

/* Integer value when a is an integer. */
static inline bool num_to_int64(kh_num a, int64_t *out)
{
    if (a.den != 1) return false;
    *out = a.num;
    return true;
}

/* A double approximation, for charts and sorting displays only — never for a
 * result. */
double num_to_double(kh_num a);

#endif
