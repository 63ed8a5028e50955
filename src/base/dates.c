/*
 * dates.c — calendar values (see dates.h): strict text forms, day counts
 * in the proleptic Gregorian calendar, weekdays and formatting.
 *
 * One scanner reads all three text forms and names the first thing wrong,
 * so date_parse and dates_explain_error can never disagree.
 */
#include "dates.h"
#include "i18n.h"

#include <stdio.h>
#include <string.h>

#define SECONDS_PER_DAY 86400
#define DAYS_PER_ERA 146097 /* 400 Gregorian years */
/* Days from 0000-03-01 (start of era 0, in a March-based year) to 1970-01-01. */
#define EPOCH_SHIFT 719468

static const char *const month_names[12] = {
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
};

static const unsigned char month_lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

/* ---- calendar arithmetic ------------------------------------------------ */

static bool dates_is_leap(int y)
{
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

int date_days_in_month(int y, int m)
{
    if (m < 1 || m > 12) return 0;
    return m == 2 && dates_is_leap(y) ? 29 : month_lengths[m - 1];
}

bool date_valid_ymd(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= date_days_in_month(y, m);
}

/* Floor division for a positive divisor. */
static int64_t dates_floor_div(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/*
 * Counting years from March puts the leap day last, so the day of the year
 * follows from the month alone (153 days per 5 months, from March) and
 * leap days come from the year of the era: yoe/4 - yoe/100.  After H.
 * Hinnant, "chrono-Compatible Low-Level Date Algorithms".
 */
int32_t date_from_ymd(int y, int m, int d)
{
    int64_t year = (int64_t)y - (m <= 2);
    int64_t era = dates_floor_div(year, 400);
    int64_t yoe = year - era * 400;                           /* 0..399 */
    int64_t mp = m > 2 ? m - 3 : m + 9;                       /* March = 0 */
    int64_t doy = (153 * mp + 2) / 5 + d - 1;                 /* 0..365 */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;      /* 0..146096 */
    return (int32_t)(era * DAYS_PER_ERA + doe - EPOCH_SHIFT);
}

void date_to_ymd(int32_t days, int *y, int *m, int *d)
{
    int64_t z = (int64_t)days + EPOCH_SHIFT;
    int64_t era = dates_floor_div(z, DAYS_PER_ERA);
    int64_t doe = z - era * DAYS_PER_ERA;                               /* 0..146096 */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* 0..399 */
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);              /* 0..365 */
    int64_t mp = (5 * doy + 2) / 153;                                   /* March = 0 */
    int month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = month;
    *y = (int)(yoe + era * 400 + (month <= 2));
}

int date_weekday(int32_t days)
{
    /* 1970-01-01 was a Thursday (ISO 4). */
    int64_t r = ((int64_t)days % 7 + 7) % 7;
    return (int)((r + 3) % 7 + 1);
}

int32_t date_month(int32_t days)
{
    int y, m, d;
    date_to_ymd(days, &y, &m, &d);
    return month_from_ym(y, m);
}

int64_t datetime_from_parts(int32_t days, int h, int mi, int s)
{
    return (int64_t)days * SECONDS_PER_DAY + (int64_t)h * 3600 + mi * 60 + s;
}

int32_t datetime_date(int64_t secs)
{
    return (int32_t)dates_floor_div(secs, SECONDS_PER_DAY);
}

void datetime_to_parts(int64_t secs, int32_t *days, int *h, int *mi, int *s)
{
    int32_t day = datetime_date(secs);
    int64_t rest = secs - (int64_t)day * SECONDS_PER_DAY; /* 0..86399 */
    *days = day;
    *h = (int)(rest / 3600);
    *mi = (int)(rest / 60 % 60);
    *s = (int)(rest % 60);
}

/* ---- scanning ----------------------------------------------------------- */

typedef enum dates_problem {
    DATES_OK,
    DATES_SHAPE,      /* not the expected pattern of digits and separators */
    DATES_YEAR,       /* year 0000 */
    DATES_MONTH,      /* month 00 or 13..99 */
    DATES_DAY,        /* day 00 or 32..99 */
    DATES_NOT_IN_MONTH, /* day 29..31 the month does not have */
    DATES_HOUR,
    DATES_MINUTE,
    DATES_SECOND
} dates_problem;

typedef struct dates_fields {
    int year, month, day, hour, minute, second;
} dates_fields;

/* Reads n ASCII digits at s, or returns -1. */
static int dates_digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* The text form of each kind, 'D' for a digit. */
static const char *dates_pattern(char kind)
{
    switch (kind) {
    case 'd': return "DDDD-DD-DD";
    case 't': return "DDDD-DD-DDTDD:DD:DD";
    case 'm': return "DDDD-DD";
    default:  return NULL;
    }
}

static bool dates_matches(const char *pattern, const char *s, size_t len)
{
    if (strlen(pattern) != len) return false;
    for (size_t i = 0; i < len; i++) {
        bool digit = s[i] >= '0' && s[i] <= '9';
        if (pattern[i] == 'D' ? !digit : s[i] != pattern[i]) return false;
    }
    return true;
}

/* Checks s against the form of kind and fills f; the first problem found. */
static dates_problem dates_scan(char kind, const char *s, size_t len, dates_fields *f)
{
    const char *pattern = dates_pattern(kind);
    memset(f, 0, sizeof *f);
    if (!pattern || !dates_matches(pattern, s, len)) return DATES_SHAPE;
    f->year = dates_digits(s, 4);
    f->month = dates_digits(s + 5, 2);
    if (f->year < 1) return DATES_YEAR;
    if (f->month < 1 || f->month > 12) return DATES_MONTH;
    if (kind == 'm') return DATES_OK;
    f->day = dates_digits(s + 8, 2);
    if (f->day < 1 || f->day > 31) return DATES_DAY;
    if (f->day > date_days_in_month(f->year, f->month)) return DATES_NOT_IN_MONTH;
    if (kind == 'd') return DATES_OK;
    f->hour = dates_digits(s + 11, 2);
    f->minute = dates_digits(s + 14, 2);
    f->second = dates_digits(s + 17, 2);
    if (f->hour > 23) return DATES_HOUR;
    if (f->minute > 59) return DATES_MINUTE;
    if (f->second > 59) return DATES_SECOND;
    return DATES_OK;
}

bool date_parse(const char *s, size_t len, int32_t *days)
{
    dates_fields f;
    if (dates_scan('d', s, len, &f) != DATES_OK) return false;
    *days = date_from_ymd(f.year, f.month, f.day);
    return true;
}

bool datetime_parse(const char *s, size_t len, int64_t *secs)
{
    dates_fields f;
    if (dates_scan('t', s, len, &f) != DATES_OK) return false;
    *secs = datetime_from_parts(date_from_ymd(f.year, f.month, f.day), f.hour, f.minute, f.second);
    return true;
}

bool month_parse(const char *s, size_t len, int32_t *month)
{
    dates_fields f;
    if (dates_scan('m', s, len, &f) != DATES_OK) return false;
    *month = month_from_ym(f.year, f.month);
    return true;
}

/* ---- explaining --------------------------------------------------------- */

/* For a text of the wrong shape: the form expected, and what the text looks
 * like when it is another of the three forms. */
static void dates_explain_shape(char kind, const char *s, size_t len, char *buf, size_t cap)
{
    static const struct { char kind; const char *expected, *name; } forms[3] = {
        {'d', "YYYY-MM-DD", N_("a date")},
        {'t', "YYYY-MM-DDThh:mm:ss", N_("a date-time")},
        {'m', "YYYY-MM", N_("a month")},
    };
    const char *expected = "";
    for (int i = 0; i < 3; i++)
        if (forms[i].kind == kind) expected = forms[i].expected;
    for (int i = 0; i < 3; i++) {
        if (forms[i].kind != kind && dates_matches(dates_pattern(forms[i].kind), s, len)) {
            snprintf(buf, cap, _("expected %s, not %s"), expected, _(forms[i].name));
            return;
        }
    }
    snprintf(buf, cap, _("expected %s"), expected);
}

void dates_explain_error(char kind, const char *s, size_t len, char *buf, size_t cap)
{
    if (cap == 0) return;
    dates_fields f;
    if (!dates_pattern(kind)) {
        snprintf(buf, cap, _("unknown calendar kind '%c'"), kind);
        return;
    }
    switch (dates_scan(kind, s, len, &f)) {
    case DATES_OK:
        snprintf(buf, cap, "no error");
        break;
    case DATES_SHAPE:
        dates_explain_shape(kind, s, len, buf, cap);
        break;
    case DATES_YEAR:
        snprintf(buf, cap, _("year 0000 is out of range (0001-9999)"));
        break;
    case DATES_MONTH:
        snprintf(buf, cap, _("month %d does not exist"), f.month);
        break;
    case DATES_DAY:
        snprintf(buf, cap, _("day %d does not exist"), f.day);
        break;
    case DATES_NOT_IN_MONTH:
        if (f.month == 2 && f.day == 29)
            snprintf(buf, cap, _("%04d-02-29 is not a real date (%04d is not a leap year)"), f.year, f.year);
        else
            snprintf(buf, cap, _("%04d-%02d-%02d is not a real date (%s %04d has %d days)"), f.year, f.month,
                     f.day, month_names[f.month - 1], f.year, date_days_in_month(f.year, f.month));
        break;
    case DATES_HOUR:
        snprintf(buf, cap, _("hour %d is out of range"), f.hour);
        break;
    case DATES_MINUTE:
        snprintf(buf, cap, _("minute %d is out of range"), f.minute);
        break;
    case DATES_SECOND:
        snprintf(buf, cap, _("second %d is out of range"), f.second);
        break;
    }
}

/* ---- formatting --------------------------------------------------------- */

static void dates_put(char *out, int v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

/* Writes "YYYY-MM-DD".  A date whose year is outside 0001..9999 has no text
 * form; it is written "####-##-##" so that it never passes for a date. */
int date_format(int32_t days, char *buf)
{
    int y, m, d;
    date_to_ymd(days, &y, &m, &d);
    if (y < 1 || y > 9999) {
        memcpy(buf, "####-##-##", 11);
        return 10;
    }
    dates_put(buf, y, 4);
    buf[4] = '-';
    dates_put(buf + 5, m, 2);
    buf[7] = '-';
    dates_put(buf + 8, d, 2);
    buf[10] = '\0';
    return 10;
}

int datetime_format(int64_t secs, char *buf)
{
    int32_t days;
    int h, mi, s;
    datetime_to_parts(secs, &days, &h, &mi, &s);
    date_format(days, buf);
    buf[10] = 'T';
    dates_put(buf + 11, h, 2);
    buf[13] = ':';
    dates_put(buf + 14, mi, 2);
    buf[16] = ':';
    dates_put(buf + 17, s, 2);
    buf[19] = '\0';
    return 19;
}

/* "YYYY-MM", or "####-##" outside years 0001..9999. */
int month_format(int32_t mo, char *buf)
{
    if (mo < month_from_ym(1, 1) || mo > month_from_ym(9999, 12)) {
        memcpy(buf, "####-##", 8);
        return 7;
    }
    dates_put(buf, month_year(mo), 4);
    buf[4] = '-';
    dates_put(buf + 5, month_month(mo), 2);
    buf[7] = '\0';
    return 7;
}
