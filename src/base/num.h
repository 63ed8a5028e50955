/*
 * num.h — exact rational numbers for every value a policy computes.
 *
 * A number is a reduced fraction num/den.  Nearly every number is small: two
 * int64 values (den >= 1, gcd(|num|, den) == 1), worked on with 128-bit
 * intermediates.  When an exact result does not fit int64/int64 the
 * operation goes on exactly in arbitrary precision (GMP, num_big.c) and the
 * result is big: its digits live in an arena the caller gives, and the
 * 16-byte kh_num points to them.  So a kh_num never owns heap memory, and a
 * big number lives exactly as long as the arena it was made in (num_keep
 * copies one into a longer-lived arena).  A result that fits int64/int64 is
 * always small, so each value has one representation.
 *
 * A big number keeps its sign in num (1 or -1) and minus the address of its
 * digits in den (addresses are below 2^63, so den < 0).  Then the short
 * paths need no test for big numbers where they compare denominators: two
 * big numbers have the same den only when they are the same number, and
 * num_sign and num_is_zero read num alike for both kinds.
 *
 * The bound: a numerator or denominator of more than NUM_MAX_BITS bits is
 * NUM_OVERFLOW, an error, never a wrapped value.  Rounding happens only when
 * a policy asks for it.  No binary floating point is ever used for a result.
 */
#ifndef KH_NUM_H
#define KH_NUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

struct buf; /* buf.h */

/* Numerators and denominators have at most this many bits (2^20: about
 * 315,000 decimal digits), far beyond any roster: the mean of 100,000
 * ratios with unrelated whole-yuan targets needs about 190,000. */
#define NUM_MAX_BITS 1048576
/* Numbers read from text (input, --set, policy literals): the magnitude is
 * below 10^NUM_TEXT_MAX_DIGITS, and at most NUM_MAX_DECIMALS decimals. */
#define NUM_TEXT_MAX_DIGITS 18
#define NUM_MAX_DECIMALS 300000
/* Decimal places printed for a value whose decimal expansion does not end. */
#define NUM_REPEATING_DECIMALS 15

/* The digits of a big number (num_big.c); only num.c and num_big.c look in. */
typedef struct num_big num_big;

typedef struct kh_num {
    int64_t num; /* small: the numerator, any sign; big: the sign, 1 or -1 */
    int64_t den; /* small: the denominator, >= 1, coprime with num; big:
                    minus the address of its num_big */
} kh_num;

typedef enum num_status {
    NUM_OK = 0,
    NUM_OVERFLOW,     /* the exact result needs more than NUM_MAX_BITS bits */
    NUM_DIV_ZERO,     /* division by zero */
    NUM_SYNTAX,       /* text is not a number of the accepted form */
    NUM_OUT_OF_RANGE, /* text: the magnitude is 10^NUM_TEXT_MAX_DIGITS or more */
    NUM_TOO_SMALL,    /* text: not zero, but below 10^-NUM_MAX_DECIMALS */
    NUM_TOO_PRECISE   /* text: more than NUM_MAX_DECIMALS decimals */
} num_status;

typedef enum num_round_mode {
    ROUND_HALF_UP,   /* half away from zero (四舍五入): 2.5 -> 3, -2.5 -> -3 */
    ROUND_HALF_EVEN, /* banker's: 2.5 -> 2, 3.5 -> 4 */
    ROUND_TRUNC,     /* toward zero: 2.9 -> 2, -2.9 -> -2 */
    ROUND_FLOOR,     /* toward -infinity */
    ROUND_CEIL       /* toward +infinity */
} num_round_mode;

static inline kh_num num_int(int64_t v) { kh_num n = {.num = v, .den = 1}; return n; }
static inline bool num_is_big(kh_num a) { return a.den < 0; }
/* A big number is never 0: its num is 1 or -1. */
static inline bool num_is_zero(kh_num a) { return a.num == 0; }
static inline int num_sign(kh_num a) { return (a.num > 0) - (a.num < 0); }

bool num_big_is_int(kh_num a);
bool num_big_eq(kh_num a, kh_num b);
static inline bool num_is_int(kh_num a) { return a.den == 1 || (a.den < 0 && num_big_is_int(a)); }

/*
 * Arithmetic.  Each result that does not fit int64/int64 is made big in A;
 * with A NULL such a result is NUM_OVERFLOW instead.  *out is written only
 * on success.
 */

/* Builds num/den reduced; den may be negative (the sign moves up); den == 0
 * is NUM_DIV_ZERO. */
num_status num_make(arena *A, int64_t num, int64_t den, kh_num *out);

num_status num_add(arena *A, kh_num a, kh_num b, kh_num *out);
num_status num_sub(arena *A, kh_num a, kh_num b, kh_num *out);
num_status num_mul(arena *A, kh_num a, kh_num b, kh_num *out);
num_status num_div(arena *A, kh_num a, kh_num b, kh_num *out);
num_status num_neg(arena *A, kh_num a, kh_num *out);
num_status num_abs(arena *A, kh_num a, kh_num *out);

/* Exact comparison: <0, 0, >0.  Never fails. */
int num_cmp(kh_num a, kh_num b);
/* The same for |a| and |b|. */
int num_cmp_abs(kh_num a, kh_num b);
static inline bool num_eq(kh_num a, kh_num b)
{
    if (a.den == b.den) return a.num == b.num; /* the same big number, or two small ones */
    return (a.den & b.den) < 0 && num_big_eq(a, b);
}

/* Rounds to `places` decimal places (0..18) with the given mode. */
num_status num_round(arena *A, kh_num a, int places, num_round_mode mode, kh_num *out);

/* True when the decimal expansion of a terminates (den = 2^i 5^j); then
 * *places is the number of decimals it needs. */
bool num_terminates(kh_num a, int *places);
/* Whether a is a whole number of cents (money): at most 2 decimals. */
static inline bool num_is_cents(kh_num a)
{
    /* the divisors of 100 as bits (1, 2, 4, 5, 10, 20, 25, 50; 100 = 64 + 36): no division */
    const uint64_t below64 = UINT64_C(0x4000002100436), from64 = UINT64_C(1) << 36;
    int places;
    if (a.den > 0) return a.den < 64 ? (below64 >> a.den) & 1 : a.den <= 100 && ((from64 >> (a.den - 64)) & 1);
    return num_terminates(a, &places) && places <= 2;
}

/* A copy of a that lives in A (a small number is returned as it is). */
kh_num num_keep(arena *A, kh_num a);

/* A hash of the value (equal values hash alike, small or big). */
uint64_t num_hash(kh_num a);

/* The parts of a big number, to store it as bytes (pack.c): the limb
 * count of the numerator (negative for a negative number), the limb count
 * of the denominator, and the |nsize| + dsize 64-bit limbs (|numerator|
 * then denominator, least significant first). */
typedef struct num_big_parts {
    int32_t nsize, dsize;
    const uint64_t *limbs;
} num_big_parts;
num_big_parts num_big_parts_of(kh_num a);
/* The big number of those parts, made in A; limb_bytes may be unaligned. */
kh_num num_big_from_parts(arena *A, int32_t nsize, int32_t dsize, const void *limb_bytes);

/*
 * Reading text.
 */

/* Reads an exact decimal: -?D+(.D+)?([eE][+-]?D+)? in ASCII, nothing else
 * (no spaces, no leading '+', no hex, no inf/nan); leading zeros are
 * accepted ("007").  "0.1" is 1/10 and "0.59999999999999999" is not 0.6.
 * This is the one place that knows the bounds of a number written as text:
 * a magnitude of 10^NUM_TEXT_MAX_DIGITS or more is NUM_OUT_OF_RANGE; a
 * number that is not zero but below 10^-NUM_MAX_DECIMALS is NUM_TOO_SMALL;
 * one with more than NUM_MAX_DECIMALS decimals (trailing zeros do not
 * count) is NUM_TOO_PRECISE.  A result that does not fit int64/int64 is
 * made big in A (A must not be NULL then: NUM_OVERFLOW). */
num_status num_parse_exact(arena *A, const char *s, size_t len, kh_num *out);

/* The usual number, read fast where it starts a longer text: the plain
 * form -?D+(.D+)? with at most NUM_TEXT_MAX_DIGITS digits (so always in
 * range, and never big), not followed by a digit, '.', 'e' or 'E'.
 * Returns the bytes read, or 0 when the text there has another form (more
 * digits, an exponent, "1."): num_parse_exact reads that.  Where it reads
 * a number, its value is num_parse_exact's.  For a reader that finds a
 * number's end as it reads it (the JSON record reader). */
size_t num_parse_prefix(const char *s, size_t len, kh_num *out);

/* The value a JSON number carries through a double: the double printed as
 * C's "%.15g", read exactly (0.59999999999999999 -> 0.6) by
 * num_parse_exact.  Non-finite values are NUM_SYNTAX.  Exact for a number
 * written with at most 15 digits and no exponent. */
num_status num_from_double15(arena *A, double d, kh_num *out);

/* What is wrong with a number that num_parse_exact refused, to follow the
 * number in a message: "is too large (...)", "has too many decimals (...)". */
const char *num_status_text(num_status st);

/*
 * Writing.
 */

/* Appends a in decimal to b.  A terminating value is written exactly,
 * padded with zeros to at least min_decimals places ("200.00" for
 * min_decimals 2).  A non-terminating one is rounded half away from zero to
 * NUM_REPEATING_DECIMALS places.  No printf, no floating point. */
void num_write(struct buf *b, kh_num a, int min_decimals);
/* The same into buf (cap bytes, NUL-terminated), for messages: a number too
 * long for it ends in "..." (never a result: results go through num_write). */
const char *num_to_chars(kh_num a, int min_decimals, char *buf, size_t cap);

/* Integer value when a is a small integer. */
static inline bool num_to_int64(kh_num a, int64_t *out)
{
    if (a.den != 1) return false;
    *out = a.num;
    return true;
}

/* A double approximation, for charts and sorting displays only — never for a
 * result. */
double num_to_double(kh_num a);

/*
 * A running total (a roster's sum, a report's column): exact, and growing
 * in place, so that adding n values costs one number, not n.  While it is
 * big the accumulator owns heap memory: num_acc_free releases it.
 */
typedef struct num_acc {
    kh_num small;  /* the total while it fits int64/int64 */
    void *big;     /* the total once it does not (GMP), or NULL */
    bool overflow; /* the total passed NUM_MAX_BITS: it stays unknown */
} num_acc;

void num_acc_init(num_acc *s);
/* Adds x; NUM_OVERFLOW (and from then on always) past NUM_MAX_BITS. */
num_status num_acc_add(num_acc *s, kh_num x);
/* The total, made big in A when it is big. */
num_status num_acc_value(const num_acc *s, arena *A, kh_num *out);
void num_acc_free(num_acc *s);

#endif
