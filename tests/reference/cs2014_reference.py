#!/usr/bin/env python3
"""Reference oracle for the 2014 customer-service KPI policy.

An independent implementation of /work/shared/spec/customer-service-2014.md in plain
Python 3 with exact fractions. It shares no code with the C interpreter or the shipped
rules; it exists to double-check both. Section numbers (§) are the seed's own headings.

    cs2014_reference.py INPUT [--set name=value ...] [--prior PREVIOUS_RESULTS]
    cs2014_reference.py --run-tests FILE.test.json ...

INPUT is a JSON array of records or NDJSON ('-' reads standard input). The results go
to standard output as a JSON array, one result per record in input order; roster-check
violations (§七.4 stars) go to standard error. Exit status: 0 results printed, 1 input
error (no results) or a failed test, 2 usage.
"""
import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from decimal import Decimal
from fractions import Fraction

# ---------------------------------------------------------------------------------------
# Numbers (spec "Numbers")
# ---------------------------------------------------------------------------------------


class JNum:
    """A JSON number literal, kept as its source text until a field reads it."""

    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


class JObj(dict):
    """A JSON object that remembers keys it saw more than once (spec: an error)."""

    def __init__(self):
        super().__init__()
        self.repeated = []


def _object_from_pairs(pairs):
    obj = JObj()
    for key, value in pairs:
        if key in obj:
            obj.repeated.append(key)
        obj[key] = value
    return obj


def _reject_constant(name):
    raise ValueError("not a JSON value: " + name)   # NaN / Infinity are not JSON


def parse_json(text):
    """Parses JSON text, keeping numbers as JNum and objects as JObj."""
    return json.loads(text, object_pairs_hook=_object_from_pairs, parse_float=JNum,
                      parse_int=JNum, parse_constant=_reject_constant)


def read_json_number(text):
    """Numbers: a JSON number is read exactly as written, in decimal (0.59999999999999999
    stays that number). None when its magnitude is 10^18 or more (out of range)."""
    number = Decimal(text)
    if number != 0 and number.adjusted() >= 18:
        return None
    return Fraction(number)


DECIMAL_STRING = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?\Z")


def read_decimal_string(text):
    """Numbers: a money or decimal field given as a JSON string is read exactly.
    (reading: plain decimal notation, ASCII digits, no exponent, no '+'.)"""
    if not DECIMAL_STRING.match(text):
        return None
    return Fraction(Decimal(text))


def round_half_away(value, places=2):
    """Money: rounded to 0.01, half away from zero (四舍五入)."""
    scale = 10 ** places
    scaled = abs(Fraction(value)) * scale
    whole = (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)
    return Fraction(whole if value >= 0 else -whole, scale)


def terminates(value):
    """True when the decimal expansion of a fraction ends."""
    den = Fraction(value).denominator
    for prime in (2, 5):
        while den % prime == 0:
            den //= prime
    return den == 1


def fixed_text(value, places):
    """value (already a multiple of 10**-places) as a fixed-point decimal string."""
    scaled = Fraction(value) * 10 ** places
    assert scaled.denominator == 1
    digits = str(abs(scaled.numerator)).rjust(places + 1, "0")
    sign = "-" if scaled.numerator < 0 else ""
    if places == 0:
        return sign + digits
    return sign + digits[:-places] + "." + digits[-places:]


def decimal_text(value, places=None):
    """Prints a number exactly: with `places` decimals for money; otherwise exact when it
    terminates, else 15 decimals rounded half away from zero."""
    value = Fraction(value)
    if places is not None:
        return fixed_text(round_half_away(value, places), places)
    if terminates(value):
        places = 0
        while (value * 10 ** places).denominator != 1:
            places += 1
        return fixed_text(value, places)
    return fixed_text(round_half_away(value, 15), 15)


# ---------------------------------------------------------------------------------------
# Reading the input (spec "Reading the input")
# ---------------------------------------------------------------------------------------


class InputError(Exception):
    """The input as a whole is unusable (an array that is not valid JSON)."""


class BadLine:
    """An NDJSON line that is not valid UTF-8 or not valid JSON: an error record."""

    def __init__(self, line, problem):
        self.line, self.problem = line, problem


BOM = b"\xef\xbb\xbf"
JSON_SPACE = b" \t\r\n"


def read_records(data):
    """A JSON array of records or NDJSON. Returns the parsed values (or BadLine) in
    input order; raises InputError for an array that is not valid JSON."""
    if data.startswith(BOM):
        data = data[len(BOM):]
    if data.lstrip(JSON_SPACE).startswith(b"["):
        return read_array(data)
    return read_ndjson(data)


def read_array(data):
    try:
        value = parse_json(data.decode("utf-8"))      # invalid UTF-8 is not valid JSON
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InputError("the input array is not valid JSON: %s" % exc) from None
    if not isinstance(value, list):
        raise InputError("the input is not a JSON array")
    return value


def read_ndjson(data):
    """NDJSON: lines split on \\n only; blank lines (reading: only JSON whitespace)
    skipped; a bad line is an error record in its place."""
    items = []
    for number, line in enumerate(data.split(b"\n"), 1):
        if not line.strip(JSON_SPACE):
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            items.append(BadLine(number, "not valid UTF-8"))
            continue
        try:
            items.append(parse_json(text))
        except (ValueError, RecursionError):
            items.append(BadLine(number, "not valid JSON"))
    return items


# ---------------------------------------------------------------------------------------
# The record schema (spec "Input: one JSON object per agent per month")
# ---------------------------------------------------------------------------------------


class FieldError(Exception):
    """A record breaks the schema at `field`."""

    def __init__(self, field, problem):
        super().__init__(field, problem)
        self.field, self.problem = field, problem


STATUSES = ("probation", "regular")
LEVELS = ("specialist", "supervisor", "manager", "director")
STARS = ("none", "month", "quarter", "year")
DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
TIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})\Z")
PERIOD = re.compile(r"([0-9]{4})-([0-9]{2})\Z")


def days_in_month(year, month):
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def is_real_date(year, month, day):
    return 1 <= month <= 12 and 1 <= day <= days_in_month(year, month)


def field_value(obj, key, path, optional=False):
    """A field's value; null counts as absent. A missing required field is an error."""
    value = obj.get(key)
    if value is None and not optional:
        raise FieldError(path, "missing")
    return value


def check_object(value, path):
    if not isinstance(value, dict):
        raise FieldError(path, "expected an object")
    return value


def check_text(value, path, non_empty=False):
    if not isinstance(value, str):
        raise FieldError(path, "expected text")
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        raise FieldError(path, "text is not valid UTF-8")
    if non_empty and value == "":
        raise FieldError(path, "must not be empty")
    return value


def check_number(value, path, string_allowed):
    if isinstance(value, JNum):
        number = read_json_number(value.text)
        if number is None:
            raise FieldError(path, "out of range (magnitude 10^18 or more)")
        return number
    if string_allowed and isinstance(value, str):
        number = read_decimal_string(value)
        if number is None:
            raise FieldError(path, "not a decimal number: %r" % value)
        return number
    raise FieldError(path, "expected a number")


def check_range(number, path, low=None, high=None):
    if (low is not None and number < low) or (high is not None and number > high):
        bounds = "%s..%s" % ("" if low is None else decimal_text(low),
                             "" if high is None else decimal_text(high))
        raise FieldError(path, "%s is out of range %s" % (decimal_text(number), bounds))
    return number


def check_integer(value, path, low=None, high=None):
    """An integer field accepts any JSON number with no fractional part (20 and 20.0)."""
    number = check_number(value, path, string_allowed=False)
    if number.denominator != 1:
        raise FieldError(path, "expected an integer, got %s" % decimal_text(number))
    return int(check_range(number, path, low, high))


def check_decimal(value, path, low=None, high=None):
    return check_range(check_number(value, path, string_allowed=True), path, low, high)


def check_money(value, path, low=None):
    """money = a decimal with at most 2 decimal places (reading: of its value, so
    trailing zeros do not count)."""
    number = check_number(value, path, string_allowed=True)
    if (number * 100).denominator != 1:
        raise FieldError(path, "more than 2 decimal places: %s" % decimal_text(number))
    return check_range(number, path, low)


def check_boolean(value, path):
    if not isinstance(value, bool):
        raise FieldError(path, "expected true or false")
    return value


def check_enum(value, path, choices):
    check_text(value, path)
    if value not in choices:
        raise FieldError(path, "unknown value %r (expected one of %s)"
                         % (value, ", ".join(choices)))
    return value


def check_date(value, path):
    """A real date with exactly the digits YYYY-MM-DD."""
    match = DATE.match(check_text(value, path))
    if not match:
        raise FieldError(path, "expected a date YYYY-MM-DD, got %r" % value)
    if not is_real_date(*map(int, match.groups())):
        raise FieldError(path, "not a real date: %r" % value)
    return value


def check_time(value, path):
    """A real time with exactly the digits YYYY-MM-DDThh:mm:ss."""
    match = TIME.match(check_text(value, path))
    if not match:
        raise FieldError(path, "expected a time YYYY-MM-DDThh:mm:ss, got %r" % value)
    year, month, day, hour, minute, second = map(int, match.groups())
    if not (is_real_date(year, month, day) and hour < 24 and minute < 60 and second < 60):
        raise FieldError(path, "not a real time: %r" % value)
    return value


def check_period(value, path):
    match = PERIOD.match(check_text(value, path))
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise FieldError(path, "expected a month YYYY-MM, got %r" % value)
    return value


def find_repeated_key(value, path):
    """Within a record, a repeated key in one object is an error: its path, or None."""
    if isinstance(value, JObj):
        if value.repeated:
            return join_path(path, value.repeated[0])
        for key, item in value.items():
            found = find_repeated_key(item, join_path(path, key))
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = find_repeated_key(item, "%s[%d]" % (path, index))
            if found:
                return found
    return None


def join_path(path, key):
    return key if not path else path + "." + key


def validate_counts(obj, path, names, low=0):
    section = check_object(field_value(obj, path, path), path)
    return {name: check_integer(field_value(section, name, path + "." + name),
                                path + "." + name, low)
            for name in names}


def validate_merits(obj):
    merits = check_object(field_value(obj, "merits", "merits"), "merits")
    out = {name: check_integer(field_value(merits, name, "merits." + name),
                               "merits." + name, 0)
           for name in ("praised", "hazard_reported", "suggestion_adopted")}
    out["service_star"] = check_enum(field_value(merits, "service_star", "merits.service_star"),
                                     "merits.service_star", STARS)
    out["discretionary"] = check_integer(field_value(merits, "discretionary",
                                                     "merits.discretionary"),
                                         "merits.discretionary")
    return out


def validate_pay(obj):
    pay = check_object(field_value(obj, "pay", "pay"), "pay")
    return {name: check_money(field_value(pay, name, "pay." + name), "pay." + name, 0)
            for name in ("base", "position", "allowance")}


def validate_deals(obj):
    deals = field_value(obj, "deals", "deals")
    if not isinstance(deals, list):
        raise FieldError("deals", "expected an array")
    out = []
    for index, deal in enumerate(deals):
        path = "deals[%d]" % index
        check_object(deal, path)
        out.append({
            "customer": check_text(field_value(deal, "customer", path + ".customer"),
                                   path + ".customer", non_empty=True),
            "entered": check_time(field_value(deal, "entered", path + ".entered"),
                                  path + ".entered"),
            "profit": check_money(field_value(deal, "profit", path + ".profit"),
                                  path + ".profit"),
            "paid": check_boolean(field_value(deal, "paid", path + ".paid"), path + ".paid"),
        })
    return out


def validate_prior(obj):
    """prior: last month's carry; absent means a first month (all defaults)."""
    prior = field_value(obj, "prior", "prior", optional=True)
    if prior is None:
        prior = {}
    check_object(prior, "prior")
    out = {}
    for name in ("contact_strikes", "probation_months", "incentive_streak"):
        value = field_value(prior, name, "prior." + name, optional=True)
        out[name] = 0 if value is None else check_integer(value, "prior." + name, 0)
    passes = field_value(prior, "recent_passes", "prior.recent_passes", optional=True)
    scores = field_value(prior, "recent_scores", "prior.recent_scores", optional=True)
    out["recent_passes"] = check_short_list(passes, "prior.recent_passes", check_boolean)
    out["recent_scores"] = check_short_list(
        scores, "prior.recent_scores",
        lambda v, p: check_number(v, p, string_allowed=False))
    return out


def check_short_list(value, path, check_item):
    """At most 2 entries, oldest first; absent means empty."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise FieldError(path, "expected an array")
    if len(value) > 2:
        raise FieldError(path, "more than 2 entries")
    return [check_item(item, "%s[%d]" % (path, index)) for index, item in enumerate(value)]


def validate_record(obj):
    """Checks one record against the schema, in the order of the spec's table.
    Returns the record with exact values, or raises FieldError."""
    check_object(obj, "record")
    repeated = find_repeated_key(obj, "")
    if repeated:
        raise FieldError(repeated, "repeated key")
    r = {}
    r["id"] = check_text(field_value(obj, "id", "id"), "id", non_empty=True)
    r["name"] = check_text(field_value(obj, "name", "name"), "name")
    r["period"] = check_period(field_value(obj, "period", "period"), "period")
    r["status"] = check_enum(field_value(obj, "status", "status"), "status", STATUSES)
    r["level"] = check_enum(field_value(obj, "level", "level"), "level", LEVELS)
    r["hire_date"] = check_date(field_value(obj, "hire_date", "hire_date"), "hire_date")
    for name in ("telesales_years", "management_years"):
        r[name] = check_decimal(field_value(obj, name, name), name, 0)
    for name in ("team_size", "workdays"):
        r[name] = check_integer(field_value(obj, name, name), name, 0)
    r["days_present"] = check_integer(field_value(obj, "days_present", "days_present"),
                                      "days_present", 0, r["workdays"])
    for name in ("calls", "call_minutes"):
        r[name] = check_integer(field_value(obj, name, name), name, 0)
    r["quota"] = validate_counts(obj, "quota", ("calls_per_day", "minutes_per_day"), 1)
    r["members"] = check_integer(field_value(obj, "members", "members"), "members", 0)
    r["member_target"] = check_integer(field_value(obj, "member_target", "member_target"),
                                       "member_target", 1)
    r["contact_rate"] = check_decimal(field_value(obj, "contact_rate", "contact_rate"),
                                      "contact_rate", 0, 1)
    r["exam_score"] = check_integer(field_value(obj, "exam_score", "exam_score"),
                                    "exam_score", 0, 100)
    r["satisfaction"] = check_decimal(field_value(obj, "satisfaction", "satisfaction"),
                                      "satisfaction", 0, 1)
    r["incidents"] = validate_counts(obj, "incidents", ("nonstandard_service",
                                     "forbidden_language", "complaint", "confidentiality"))
    r["merits"] = validate_merits(obj)
    r["pay"] = validate_pay(obj)
    r["deals"] = validate_deals(obj)
    year_profit = field_value(obj, "year_profit", "year_profit", optional=True)
    r["year_profit"] = Fraction(0) if year_profit is None else check_money(
        year_profit, "year_profit", 0)
    r["prior"] = validate_prior(obj)
    return r


def record_id_of(obj):
    """The id to report for a record, when it has a usable one."""
    if isinstance(obj, JObj) and "id" in obj.repeated:
        return None             # which of the repeated ids is meant is unknown
    if isinstance(obj, dict) and isinstance(obj.get("id"), str) and obj["id"]:
        try:
            return check_text(obj["id"], "id", non_empty=True)
        except FieldError:
            return None
    return None


# ---------------------------------------------------------------------------------------
# Params (spec "Params")
# ---------------------------------------------------------------------------------------

DEFAULT_PARAMS = {
    "base_score": Fraction(100),
    "base_penalty": Fraction(100),
    "commission_rate": Fraction(8, 100),
    "quarter_bonus_amount": Fraction(200),
    "bottom_score": Fraction(65),
    "dividend_share": Fraction(30, 100),
    "company_profit": Fraction(0),
    "individual_standard_ratio": Fraction(100, 100),
    "early_incentive_ratio": Fraction(120, 100),
    "early_satisfaction": Fraction(95, 100),
    "early_exam_score": Fraction(90),
}
PARAM_VALUE = re.compile(r"(-?[0-9]+(?:\.[0-9]+)?)(%?)\Z")


def parse_param(text):
    """'name=value' as on the command line; value a decimal, optionally with '%'."""
    name, sep, value = text.partition("=")
    if not sep or name not in DEFAULT_PARAMS:
        raise ValueError("unknown param %r (known: %s)" % (name, ", ".join(DEFAULT_PARAMS)))
    match = PARAM_VALUE.match(value.strip())
    if not match:
        raise ValueError("param %s: not a number: %r" % (name, value))
    number = Fraction(Decimal(match.group(1)))
    return name, number / 100 if match.group(2) else number


def make_params(settings):
    params = dict(DEFAULT_PARAMS)
    for text in settings:
        name, value = parse_param(text)
        params[name] = value
    return params


# ---------------------------------------------------------------------------------------
# The clauses, one function each
# ---------------------------------------------------------------------------------------

def period_month(r):
    return int(r["period"][5:7])


def is_quarter_end(r):
    """A quarter's last month: March, June, September, December."""
    return period_month(r) % 3 == 0


# --- §三.1 basic quota -----------------------------------------------------------------

def assessed_days(r):
    """§三.1 新员工入职第一周不作考核: in the hire month the first week (reading: 5
    working days) is not assessed; floored at 0."""
    if r["hire_date"][:7] == r["period"]:
        return max(0, r["workdays"] - 5)
    return r["workdays"]


def required_calls(r, days):
    """§三.1 the basic quota over the assessed days (calls)."""
    return r["quota"]["calls_per_day"] * days


def required_minutes(r, days):
    """§三.1 the basic quota over the assessed days (talk minutes)."""
    return r["quota"]["minutes_per_day"] * days


def basic_ratio(r, days, req_calls, req_minutes):
    """§三.1 share of the basic quota reached, capped at 1; 1 when nothing is assessed."""
    if days == 0:
        return Fraction(1)
    return min(Fraction(1), Fraction(r["calls"], req_calls),
               Fraction(r["call_minutes"], req_minutes))


# --- §三.2, §三.3, §七.5 incentive quota and the individual standard -------------------

INCENTIVE_TIERS = ((Fraction(150, 100), 200), (Fraction(120, 100), 160),
                   (Fraction(110, 100), 120), (Fraction(100, 100), 100))


def incentive_ratio(r):
    """§三.2 members developed over the incentive quota."""
    return Fraction(r["members"], r["member_target"])


def meets_individual_standard(r, ratio, p):
    """§三.3 regular staff (试用期员工不享受) whose 激励奖达成比较好 (reading: ratio at
    least individual_standard_ratio)."""
    return r["status"] == "regular" and ratio >= p["individual_standard_ratio"]


def incentive_bonus(r, basic_met, ratio, p):
    """§七.5 tiers; paid when the basic quota is met, or under §三.3's standard."""
    if not (basic_met or meets_individual_standard(r, ratio, p)):
        return Fraction(0)
    for floor, amount in INCENTIVE_TIERS:
        if ratio >= floor:
            return Fraction(amount)
    return Fraction(0)


def base_paid(r, basic_met, ratio, b_ratio, p):
    """§三.1/§三.3 base pay: in full; less base_penalty under the individual standard;
    else by the share of the basic quota reached."""
    if basic_met:
        return round_half_away(r["pay"]["base"])
    if meets_individual_standard(r, ratio, p):
        return round_half_away(r["pay"]["base"] - p["base_penalty"])
    return round_half_away(r["pay"]["base"] * b_ratio)


# --- §三.4.3 contact-rate ladder -------------------------------------------------------

CONTACT_LADDER = (  # (threshold, extra condition, points, action) for n = 1, 2, 3, >= 4
    (Fraction(60, 100), lambda basic_met, incentive_met: True, 1, "verbal_warning"),
    (Fraction(65, 100), lambda basic_met, incentive_met: True, 2, "data_paused_one_week"),
    (Fraction(70, 100), lambda basic_met, incentive_met: not basic_met, 3, "data_reassigned"),
    (Fraction(70, 100), lambda basic_met, incentive_met: not incentive_met, 5,
     "pending_dismissal"),
)


def contact_rung(r):
    """§三.4.3 the rung of the n-th shortfall, n = prior.contact_strikes + 1."""
    n = r["prior"]["contact_strikes"] + 1
    return CONTACT_LADDER[min(n, 4) - 1]


def contact_outputs(r, basic_met, incentive_met):
    """§三.4.3 (contact_strike, contact_points, contact_action)."""
    threshold, extra, points, action = contact_rung(r)
    strike = r["contact_rate"] < threshold and extra(basic_met, incentive_met)
    if strike:
        return True, points, action
    return False, 0, "none"


# --- §一.3, §四 score --------------------------------------------------------------------

def fewest_and_most(roster, days_of):
    """§四 2 / 加分 4: among records with assessed_days > 0, the ids with the fewest and
    the most calls or call_minutes (either measure; ties all count)."""
    taking_part = [r for r in roster if days_of[r["id"]] > 0]
    if not taking_part:
        return set(), set()
    fewest, most = set(), set()
    for measure in ("calls", "call_minutes"):
        low = min(r[measure] for r in taking_part)
        high = max(r[measure] for r in taking_part)
        fewest |= {r["id"] for r in taking_part if r[measure] == low}
        most |= {r["id"] for r in taking_part if r[measure] == high}
    return fewest, most


def score_terms(r, points, fewest, most, p):
    """§一.3 base score, plus §四's deductions and additions, each a labelled term."""
    inc, mer = r["incidents"], r["merits"]
    return [
        ("§一.3 基本分", p["base_score"]),
        ("§四 1 服务不规范 -1/次", -1 * inc["nonstandard_service"]),
        ("§四 3 禁用语 -2/次", -2 * inc["forbidden_language"]),
        ("§四 4 投诉 -3/次", -3 * inc["complaint"]),
        ("§四 5 保密 -5/次", -5 * inc["confidentiality"]),
        ("§四 2 通时通次量最少 -2", -2 if r["id"] in fewest else 0),
        ("§三.4.3 接触量", -points),
        ("§四 加分1 表扬 +1/次", 1 * mer["praised"]),
        ("§四 加分2 隐患 +5/次", 5 * mer["hazard_reported"]),
        ("§四 加分3 合理化建议 +2/次", 2 * mer["suggestion_adopted"]),
        ("§四 加分4 考试满分 +3", 3 if r["exam_score"] == 100 else 0),
        ("§四 加分4 服务之星 +3", 3 if mer["service_star"] != "none" else 0),
        ("§四 加分4 通时通次最多 +3", 3 if r["id"] in most else 0),
        ("§四 加分5 酌情", mer["discretionary"]),
    ]


def score(terms):
    return sum((Fraction(value) for _, value in terms), Fraction(0))


# --- §五.2 allowance ---------------------------------------------------------------------

def attendance_ratio(r):
    """§五.2 days present over working days; 1 when there are none."""
    if r["workdays"] == 0:
        return Fraction(1)
    return Fraction(r["days_present"], r["workdays"])


def perf_cut_rate(r, total_score):
    """§五.2 3) specialists (客服专员) lose 10% below 85 points, 5% below 90."""
    if r["level"] != "specialist":
        return Fraction(0)
    if total_score < 85:
        return Fraction(10, 100)
    if total_score < 90:
        return Fraction(5, 100)
    return Fraction(0)


def allowance_paid(r, b_ratio, att_ratio, cut):
    """§五.2 2)-3) allowance by the worse of quota and attendance, less the cut."""
    return round_half_away(r["pay"]["allowance"] * min(b_ratio, att_ratio) * (1 - cut))


# --- §八.2, §八.5, §十.4 commission and crediting -----------------------------------------

def customer_owners(roster):
    """§十.4 撞单: a customer belongs to whoever entered it first in the roster (earliest
    `entered`, then the smaller id in byte order)."""
    first = {}
    for r in roster:
        key_id = r["id"].encode("utf-8")
        for deal in r["deals"]:
            # fixed-width YYYY-MM-DDThh:mm:ss: text order is time order
            key = (deal["entered"], key_id)
            if deal["customer"] not in first or key < first[deal["customer"]][0]:
                first[deal["customer"]] = (key, r["id"])
    return {customer: owner for customer, (_, owner) in first.items()}


def commission(r, owners, p):
    """§八.2/§八.5 commission_rate × profit of credited, paid deals, rounded once."""
    total = sum((d["profit"] for d in r["deals"]
                 if d["paid"] and owners[d["customer"]] == r["id"]), Fraction(0))
    return round_half_away(p["commission_rate"] * total)


# --- §七 rewards ------------------------------------------------------------------------

STAR_REWARDS = {"none": 0, "month": 200, "quarter": 500, "year": 1000}


def suggestion_reward(r):
    """§七.2 50 yuan per adopted suggestion."""
    return round_half_away(Fraction(50 * r["merits"]["suggestion_adopted"]))


def star_reward(r):
    """§七.4 month / quarter / year service star."""
    return round_half_away(Fraction(STAR_REWARDS[r["merits"]["service_star"]]))


def quarter_bonus(r, passes, p):
    """§七.1 a full quarter of passes: this month and both entries of recent_passes."""
    recent = r["prior"]["recent_passes"]
    if is_quarter_end(r) and passes and len(recent) == 2 and all(recent):
        return round_half_away(p["quarter_bonus_amount"])
    return Fraction(0)


# --- §八.4 year-end dividend -----------------------------------------------------------

def dividends(roster, p):
    """§八.4 December only: the pool (dividend_share × company_profit, to the cent) shared
    by year_profit; shares floored to the cent, the missing cents handed out by largest
    exact remainder (equal remainders: smaller id first)."""
    out = {r["id"]: Fraction(0) for r in roster}
    december = [r for r in roster if period_month(r) == 12]
    if not december:
        return out
    pool = round_half_away(p["dividend_share"] * p["company_profit"])
    total = sum((r["year_profit"] for r in december), Fraction(0))
    if pool <= 0 or total == 0:
        return out
    cents = pool * 100
    exact = {r["id"]: cents * r["year_profit"] / total for r in december}
    floors = {rid: share.numerator // share.denominator for rid, share in exact.items()}
    missing = int(cents) - sum(floors.values())
    order = sorted(exact, key=lambda rid: (-(exact[rid] - floors[rid]), rid.encode("utf-8")))
    for rid in order[:missing]:
        floors[rid] += 1
    for rid, whole_cents in floors.items():
        out[rid] = Fraction(whole_cents, 100)
    return out


# --- §四 释义 quarterly bottom rank ------------------------------------------------------

def quarter_score(r, this_score):
    """§四 释义 the mean of recent_scores and this month's score, to 0.01."""
    scores = list(r["prior"]["recent_scores"]) + [this_score]
    return round_half_away(sum(scores, Fraction(0)) / len(scores))


def bottom_flags(roster, q_scores, p):
    """§四 释义 末位管理: at a quarter's end, the specialist(s) with the lowest
    quarter_score, when it is below bottom_score (ties all count)."""
    specialists = [r for r in roster if r["level"] == "specialist"]
    flags = {r["id"]: False for r in roster}
    if not specialists:
        return flags
    lowest = min(q_scores[r["id"]] for r in specialists)
    for r in specialists:
        flags[r["id"]] = (is_quarter_end(r) and q_scores[r["id"]] < p["bottom_score"]
                          and q_scores[r["id"]] == lowest)
    return flags


# --- §六 confirmation of probation staff -------------------------------------------------

def probation_month(r):
    """§六 the month of probation this period is."""
    return r["prior"]["probation_months"] + 1


def last_pass(r):
    """The last entry of recent_passes; a missing entry counts as not passed."""
    recent = r["prior"]["recent_passes"]
    return bool(recent) and recent[-1] is True


def both_recent_pass(r):
    recent = r["prior"]["recent_passes"]
    return len(recent) == 2 and all(recent)


def qualifies_early(r, month, passes, ratio, p):
    """§六.2.4 a month star in the first month, or §六.1 特别优秀 (reading: pass with the
    early incentive ratio, no complaint, high satisfaction and exam score)."""
    if month == 1 and r["merits"]["service_star"] == "month":
        return True
    return (month < 3 and passes and ratio >= p["early_incentive_ratio"]
            and r["incidents"]["complaint"] == 0
            and r["satisfaction"] >= p["early_satisfaction"]
            and r["exam_score"] >= p["early_exam_score"])


def confirmation(r, passes, ratio, p):
    """§六 the first that applies: early, notice, confirm, advise_to_leave, extend,
    continue; n/a for regular staff."""
    if r["status"] != "probation":
        return "n/a"
    month = probation_month(r)
    if qualifies_early(r, month, passes, ratio, p):
        return "early"
    if month == 2 and not passes and not last_pass(r):
        return "notice"          # §六.2 2) 1、2两个自然月都没有达到考核标准给予提示
    if month >= 3 and both_recent_pass(r) and passes:
        return "confirm"         # §六.2 1) rolling three-month window
    if month >= 6:
        return "advise_to_leave"  # §六.2 at most 6 natural months
    if month >= 3:
        return "extend"
    return "continue"


# --- §六.1, §十一 promotion ---------------------------------------------------------------

NEXT_LEVEL = {"specialist": "supervisor", "supervisor": "manager",
              "manager": "director", "director": "none"}


def meets_level_bar(r, next_level):
    """§十一.2-3 (reading): experience for the next level, and team_size >= 5."""
    years, manage = r["telesales_years"], r["management_years"]
    bars = {
        "supervisor": years >= 1,
        "manager": years >= 3 and manage >= 3,
        "director": years >= 5,
    }
    return bars.get(next_level, False) and r["team_size"] >= 5


def promotion_eligible(r, passes, incentive_met, streak, req_calls, req_minutes):
    """§六.1 正式员工 monthly track and §十一.1 季度考核都通过, one level at a time."""
    next_level = NEXT_LEVEL[r["level"]]
    return (r["status"] == "regular" and next_level != "none"
            and incentive_met and streak >= 2
            and r["incidents"]["complaint"] == 0
            and r["calls"] > req_calls and r["call_minutes"] > req_minutes
            and both_recent_pass(r) and passes
            and meets_level_bar(r, next_level))


# --- carry --------------------------------------------------------------------------------

def carry(r, strike, incentive_met, passes, this_score):
    """What the next month needs."""
    prior = r["prior"]
    return {
        "contact_strikes": prior["contact_strikes"] + (1 if strike else 0),
        "probation_months": probation_month(r) if r["status"] == "probation" else 0,
        "incentive_streak": prior["incentive_streak"] + 1 if incentive_met else 0,
        "recent_passes": (list(prior["recent_passes"]) + [passes])[-2:],
        "recent_scores": (list(prior["recent_scores"]) + [this_score])[-2:],
    }


# --- §七.4 roster check ---------------------------------------------------------------------

def star_violations(roster):
    """§七.4 只能产生一名: at most one month, one quarter and one year star per period."""
    problems = []
    for kind in ("month", "quarter", "year"):
        ids = [r["id"] for r in roster if r["merits"]["service_star"] == kind]
        if len(ids) > 1:
            problems.append("period %s: %d %s service stars (at most one): %s"
                            % (roster[0]["period"], len(ids), kind, ", ".join(ids)))
    return problems


# ---------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------

OUTPUT_NAMES = (
    "assessed_days", "required_calls", "required_minutes", "basic_ratio", "basic_met",
    "incentive_ratio", "incentive_met", "incentive_bonus", "base_paid", "contact_strike",
    "contact_points", "contact_action", "score", "attendance_ratio", "perf_cut_rate",
    "allowance_paid", "commission", "suggestion_reward", "star_reward", "quarter_bonus",
    "dividend", "total_pay", "quarter_score", "bottom_flag", "confirmation", "next_level",
    "promotion_eligible", "carry",
)
MONEY_OUTPUTS = frozenset((
    "incentive_bonus", "base_paid", "allowance_paid", "commission", "suggestion_reward",
    "star_reward", "quarter_bonus", "dividend", "total_pay", "quarter_score",
))


def own_outputs(r, p):
    """Everything that needs only the record itself."""
    o = {}
    o["assessed_days"] = days = assessed_days(r)
    o["required_calls"] = required_calls(r, days)
    o["required_minutes"] = required_minutes(r, days)
    o["basic_ratio"] = basic_ratio(r, days, o["required_calls"], o["required_minutes"])
    o["basic_met"] = o["basic_ratio"] == 1
    o["incentive_ratio"] = ratio = incentive_ratio(r)
    o["incentive_met"] = ratio >= 1
    o["incentive_bonus"] = incentive_bonus(r, o["basic_met"], ratio, p)
    o["base_paid"] = base_paid(r, o["basic_met"], ratio, o["basic_ratio"], p)
    o["contact_strike"], o["contact_points"], o["contact_action"] = contact_outputs(
        r, o["basic_met"], o["incentive_met"])
    o["attendance_ratio"] = attendance_ratio(r)
    o["suggestion_reward"] = suggestion_reward(r)
    o["star_reward"] = star_reward(r)
    o["passes"] = o["basic_met"] and o["incentive_met"]
    o["quarter_bonus"] = quarter_bonus(r, o["passes"], p)
    o["confirmation"] = confirmation(r, o["passes"], ratio, p)
    o["next_level"] = NEXT_LEVEL[r["level"]]
    streak = r["prior"]["incentive_streak"] + 1 if o["incentive_met"] else 0
    o["promotion_eligible"] = promotion_eligible(r, o["passes"], o["incentive_met"], streak,
                                                 o["required_calls"], o["required_minutes"])
    return o


def evaluate_roster(roster, p):
    """All outputs for the valid records of one period. Returns {id: outputs}."""
    own = {r["id"]: own_outputs(r, p) for r in roster}
    fewest, most = fewest_and_most(roster, {rid: o["assessed_days"] for rid, o in own.items()})
    owners = customer_owners(roster)
    shares = dividends(roster, p)
    q_scores = {}
    for r in roster:
        o = own[r["id"]]
        o["score_terms"] = score_terms(r, o["contact_points"], fewest, most, p)
        o["score"] = score(o["score_terms"])
        o["perf_cut_rate"] = perf_cut_rate(r, o["score"])
        o["allowance_paid"] = allowance_paid(r, o["basic_ratio"], o["attendance_ratio"],
                                             o["perf_cut_rate"])
        o["commission"] = commission(r, owners, p)
        o["dividend"] = shares[r["id"]]
        o["total_pay"] = (o["base_paid"] + round_half_away(r["pay"]["position"])
                          + o["allowance_paid"] + o["incentive_bonus"] + o["commission"]
                          + o["suggestion_reward"] + o["star_reward"] + o["quarter_bonus"]
                          + o["dividend"])
        o["quarter_score"] = q_scores[r["id"]] = quarter_score(r, o["score"])
        o["carry"] = carry(r, o["contact_strike"], o["incentive_met"], o["passes"], o["score"])
    flags = bottom_flags(roster, q_scores, p)
    results = {}
    for r in roster:
        o = own[r["id"]]
        o["bottom_flag"] = flags[r["id"]]
        results[r["id"]] = {name: o[name] for name in OUTPUT_NAMES}
    return results


def apply_prior(items, previous):
    """--prior: each record's prior becomes the carry of the previous result with its id
    (reading: replacing a prior the record already has).  Chaining that cannot be right
    is refused (issue 12): an agent hired this period (hire_date in period's month) who
    has a result last month (a reused id or a wrong hire date), and an agent with no
    usable carry (absent last month, or an error then) who neither gives its own prior
    nor was hired this period.  Returns {input index: why} for the refused records."""
    refused = {}
    for index, item in enumerate(items):
        if not (isinstance(item, dict) and isinstance(item.get("id"), str)):
            continue
        period, hired = item.get("period"), item.get("hire_date")
        hired_this = isinstance(period, str) and isinstance(hired, str) and hired[:7] == period
        if item["id"] in previous:
            if hired_this:
                refused[index] = "hired this period, yet has a result last month"
            else:
                item["prior"] = previous[item["id"]]
        elif item.get("prior") is None and not hired_this:
            refused[index] = "no usable carry from last month"
    return refused


def evaluate(items, p, refused=None):
    """Results for parsed input items, in input order, and the roster-check messages.
    refused: {index: why} of records --prior refuses (they are errors, out of the roster)."""
    results = [None] * len(items)
    valid = []
    for index, item in enumerate(items):
        if refused and index in refused:
            results[index] = {"id": record_id_of(item), "error": "prior: " + refused[index]}
            continue
        if isinstance(item, BadLine):
            results[index] = {"id": None, "error": "line %d: %s" % (item.line, item.problem)}
            continue
        try:
            valid.append((index, validate_record(item)))
        except FieldError as exc:
            rid = record_id_of(item)
            results[index] = {"id": rid, "error": "record %s: %s: %s"
                              % (json.dumps(rid, ensure_ascii=False), exc.field, exc.problem)}
    # an id shared by two or more otherwise valid records of one period: each an error
    shared = Counter((r["period"], r["id"]) for _, r in valid)
    rosters = defaultdict(list)
    for index, r in valid:
        if shared[(r["period"], r["id"])] > 1:
            results[index] = {"id": r["id"], "error": "record %s: id: shared by %d records "
                              "of period %s" % (json.dumps(r["id"], ensure_ascii=False),
                                                shared[(r["period"], r["id"])], r["period"])}
        else:
            rosters[r["period"]].append((index, r))
    messages = []
    for period in sorted(rosters):
        roster = [r for _, r in rosters[period]]
        outputs = evaluate_roster(roster, p)
        for index, r in rosters[period]:
            # a chained policy's result says its period after its id (kaohe's
            # results format: the next month's --prior checks it)
            results[index] = dict({"id": r["id"], "period": r["period"]}, **outputs[r["id"]])
        messages.extend(star_violations(roster))
    return results, messages


# ---------------------------------------------------------------------------------------
# Printing
# ---------------------------------------------------------------------------------------

def value_text(name, value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (int, Fraction)):
        return decimal_text(value, 2 if name in MONEY_OUTPUTS else None)
    if isinstance(value, list):
        return "[" + ", ".join(value_text("", item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join("%s: %s" % (json.dumps(k), value_text(k, v))
                               for k, v in value.items()) + "}"
    raise TypeError(value)


def results_text(results):
    lines = [value_text("", result) for result in results]
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"


# ---------------------------------------------------------------------------------------
# --run-tests: check tests/policy/*.test.json against this oracle
# ---------------------------------------------------------------------------------------

def deep_merge(base, override):
    """Objects merge recursively, arrays and scalars replace, null deletes the key."""
    if not (isinstance(base, dict) and isinstance(override, dict)):
        return override
    merged = JObj()
    merged.update(base)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        elif key in merged:
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def raw_json(value):
    """JSON text of a parsed value, numbers as their original literals."""
    if isinstance(value, JNum):
        return value.text
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + raw_json(v)
                              for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(raw_json(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def expected_matches(actual, expected):
    """Exact comparison of an expectation (numbers as exact decimals, "a/b" fractions,
    objects by their listed keys) with an actual value."""
    actual_is_number = isinstance(actual, (int, Fraction)) and not isinstance(actual, bool)
    if isinstance(expected, JNum):
        return actual_is_number and Fraction(Decimal(expected.text)) == actual
    if isinstance(expected, str) and actual_is_number:
        try:
            return Fraction(expected) == actual
        except ValueError:
            return False
    if isinstance(expected, bool) or isinstance(expected, str):
        return type(actual) is type(expected) and actual == expected
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and expected_matches(actual[k], v) for k, v in expected.items())
    if isinstance(expected, list):
        return (isinstance(actual, list) and len(actual) == len(expected)
                and all(expected_matches(a, e) for a, e in zip(actual, expected)))
    return False


def run_case(base, case):
    """Returns a list of failure descriptions for one case."""
    records = [deep_merge(base, record) for record in case.get("records", [])]
    items = read_records(("[" + ",".join(raw_json(r) for r in records) + "]").encode())
    params = make_params("%s=%s" % (k, v) for k, v in case.get("set", {}).items())
    results, _ = evaluate(items, params)
    failures = []
    for rid, wanted in case["expect"].items():
        mine = [res for res in results if res.get("id") == rid]
        if not mine:
            failures.append("%s: no result" % rid)
        for res in mine:
            if "error" in wanted:
                if "error" not in res or wanted["error"] not in res["error"]:
                    failures.append("%s: expected an error containing %r, got %s"
                                    % (rid, wanted["error"], res.get("error", "a result")))
                continue
            if "error" in res:
                failures.append("%s: unexpected error: %s" % (rid, res["error"]))
                continue
            for name, value in wanted.items():
                if name not in res or not expected_matches(res[name], value):
                    failures.append("%s.%s: expected %s, got %s" % (
                        rid, name, raw_json(value), value_text(name, res.get(name))))
    return failures


def run_tests(paths):
    failed = total = 0
    for path in paths:
        with open(path, "rb") as f:
            suite = parse_json(f.read().decode("utf-8"))
        for case in suite["cases"]:
            total += 1
            failures = run_case(suite["base"], case)
            if failures:
                failed += 1
                print("FAIL %s: %s" % (path, case["name"]))
                for line in failures:
                    print("    " + line)
    print("%d of %d cases passed" % (total - failed, total))
    return 1 if failed else 0


# ---------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------

def previous_carries(path):
    """--prior: {id: carry} from a previous run's results (errors have no carry)."""
    with open(path, "rb") as f:
        previous = parse_json(f.read().decode("utf-8-sig"))
    return {res["id"]: res["carry"] for res in previous
            if isinstance(res, dict) and isinstance(res.get("carry"), dict)}


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input", nargs="?", help="JSON array or NDJSON of records ('-': stdin)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="change a param, e.g. commission_rate=10%%")
    ap.add_argument("--prior", metavar="PREVIOUS_RESULTS",
                    help="fill each record's prior from the carry of these results, by id")
    ap.add_argument("--run-tests", nargs="+", metavar="FILE",
                    help="check *.test.json policy tests against this oracle")
    args = ap.parse_args(argv)
    if args.run_tests:
        return run_tests(args.run_tests)
    if not args.input:
        ap.print_usage(sys.stderr)
        return 2
    try:
        params = make_params(args.set)
    except ValueError as exc:
        print("cs2014_reference: %s" % exc, file=sys.stderr)
        return 2
    try:
        if args.input == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(args.input, "rb") as f:
                data = f.read()
        items = read_records(data)
    except (OSError, InputError) as exc:
        print("cs2014_reference: %s" % exc, file=sys.stderr)
        return 1
    refused = apply_prior(items, previous_carries(args.prior)) if args.prior else None
    results, messages = evaluate(items, params, refused)
    for message in messages:
        print("cs2014_reference: %s" % message, file=sys.stderr)
    sys.stdout.write(results_text(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
