/*
 * dates.h — calendar values: dates, date-times and months.
 *
 * Text forms are exact: "YYYY-MM-DD", "YYYY-MM-DDThh:mm:ss" and "YYYY-MM",
 * ASCII digits only, exactly the digits shown, and a real calendar value
 * (2014-02-29 is rejected).  Years run 0001..9999 (proleptic Gregorian).
 * Values are small integers so that comparison is integer comparison.
 */
#ifndef KH_DATES_H
#define KH_DATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Date: days since 1970-01-01 (negative before). */
bool date_parse(const char *s, size_t len, int32_t *days);
/* Date-time: seconds since 1970-01-01T00:00:00 (no time zone). */
bool datetime_parse(const char *s, size_t len, int64_t *secs);
/* Month: year * 12 + (month - 1). */
bool month_parse(const char *s, size_t len, int32_t *month);

/* Why a parse failed, for a message ("month 13 does not exist"). Writes a
 * short English reason into buf (cap bytes).  kind: 'd', 't' or 'm'. */
void dates_explain_error(char kind, const char *s, size_t len, char *buf, size_t cap);

int32_t date_from_ymd(int y, int m, int d); /* no validation */
void date_to_ymd(int32_t days, int *y, int *m, int *d);
int date_weekday(int32_t days); /* 1 = Monday .. 7 = Sunday (ISO) */
bool date_valid_ymd(int y, int m, int d);
int date_days_in_month(int y, int m);

static inline int32_t month_from_ym(int y, int m) { return y * 12 + (m - 1); }
static inline int month_year(int32_t mo) { return mo / 12; }
static inline int month_month(int32_t mo) { return mo % 12 + 1; }
int32_t date_month(int32_t days); /* the month a date falls in */

int64_t datetime_from_parts(int32_t days, int h, int mi, int s);
int32_t datetime_date(int64_t secs); /* the date part */
void datetime_to_parts(int64_t secs, int32_t *days, int *h, int *mi, int *s);

/* Text forms; buf needs 11, 20 and 8 bytes.  Return the length. */
int date_format(int32_t days, char *buf);
int datetime_format(int64_t secs, char *buf);
int month_format(int32_t mo, char *buf);

#endif
