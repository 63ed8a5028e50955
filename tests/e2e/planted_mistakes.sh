#!/usr/bin/env bash
# Each class of policy mistake, planted into a copy of the shipped policy, is
# caught by `kaohe check` with a message saying where (file:line:col) and what.
set -u
K=$(realpath "${KAOHE:-./kaohe}")
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fails=0

# plant NAME SED-SCRIPT EXPECTED-STATUS PATTERN-TO-FIND-THE-LINE MESSAGE...
plant() {
    local name=$1 script=$2 want_rc=$3 find=$4; shift 4
    rm -rf "$T/p"; mkdir -p "$T/p"; cp -r rules/customer-service-2014.rules rules/customer-service-2014 "$T/p/"
    local f="$T/p/customer-service-2014.rules"
    sed -i -e "$script" "$f"
    local line; line=$(grep -n -- "$find" "$f" | head -1 | cut -d: -f1)
    [ -n "$line" ] || { echo "FAIL $name: the planted mistake is not in the file"; fails=$((fails+1)); return; }
    local out; out=$(cd "$T/p" && NO_COLOR=1 "$K" check customer-service-2014.rules 2>&1); local rc=$?
    local ok=1
    [ "$rc" = "$want_rc" ] || { echo "FAIL $name: exit status $rc, expected $want_rc"; ok=0; }
    for msg in "$@"; do
        echo "$out" | grep -qF -- "customer-service-2014.rules:$line:" || { echo "FAIL $name: nothing reported at line $line"; ok=0; }
        echo "$out" | grep -qF -- "$msg" || { echo "FAIL $name: missing message: $msg"; ok=0; }
    done
    if [ $ok = 1 ]; then echo "ok   $name"; else echo "$out" | head -12; fails=$((fails+1)); fi
}

plant "money plus a boolean" \
    's/= round(base_pay_due, 2)/= round(base_pay_due + basic_met, 2)/' 3 'base_pay_due + basic_met' \
    "error: '+' needs numbers, not money and boolean"
plant "a date compared with a number" \
    's/^hired_this_month = month_of(hire_date) = period/hired_this_month = hire_date > 5/' 3 'hire_date > 5' \
    "error: cannot compare date with integer"
plant "a percent where money is required" \
    's/"§五.1 岗位工资 position pay"  *+pay.position/"§五.1 岗位工资 position pay" +8%/' 3 '+8%' \
    "error: this entry is decimal but the ledger adds up money"
plant "an unknown name" \
    's|members / member_target$|members / member_targt|' 3 'member_targt' \
    "error: unknown name 'member_targt'" "did you mean 'member_target'?"
plant "a misordered tier" \
    's/^    150% or more -> 200 yuan/    100% or more -> 200 yuan/' 3 '^    100% or more -> 100 yuan' \
    "error: this row can never match"
plant "a when branch that can never be taken" \
    's/^    individual_standard -> pay.base - base_penalty/    basic_met           -> pay.base - base_penalty/' 3 '^    basic_met           -> pay.base - base_penalty' \
    "error: this branch can never be taken: the same condition is tested at line"
plant "a when without otherwise" \
    '/^    otherwise           -> pay.base \* basic_ratio/d' 0 '^base_pay_due = when:' \
    "warning: this 'when' has no 'otherwise' branch"
plant "an unused param" \
    's/^param first_week_days/param unused_rate = 5%\nparam first_week_days/' 0 '^param unused_rate' \
    "warning: the param 'unused_rate' is never used"
plant "an unused definition" \
    's/^passes = basic_met and incentive_met/spare = calls + 1\npasses = basic_met and incentive_met/' 0 '^spare = ' \
    "warning: 'spare' is defined but never used"
plant "a division the input allows to be zero" \
    's|^    if workdays = 0 then 1 else days_present / workdays|    days_present / workdays|' 0 '^    days_present / workdays' \
    "warning: this divisor may be zero: the input allows workdays to be 0"
plant "an enum compared with a value it does not have" \
    's/^individual_standard = status = "regular"/individual_standard = status = "regualr"/' 3 '"regualr"' \
    "error: \"regualr\" is not a value status can have" 'did you mean "regular"?'
plant "a dependency cycle" \
    's/^passes = basic_met and incentive_met/passes = basic_met and incentive_met and not promotion_eligible/' 3 '^passes = ' \
    "depends on itself: passes → promotion_eligible → passes"

# an unused input field (in the included schema file)
rm -rf "$T/p"; mkdir -p "$T/p"; cp -r rules/customer-service-2014.rules rules/customer-service-2014 "$T/p/"
sed -i 's/^    team_size /    bonus_code "奖励代码": text\n    team_size /' "$T/p/customer-service-2014/input.rules"
out=$(cd "$T/p" && NO_COLOR=1 "$K" check customer-service-2014.rules 2>&1); rc=$?
[ $rc = 0 ] || { echo "FAIL an unused input field: exit status $rc, expected 0 (a warning only)"; fails=$((fails+1)); }
line=$(grep -n bonus_code "$T/p/customer-service-2014/input.rules" | cut -d: -f1)
if echo "$out" | grep -qF "input.rules:$line:5: warning: the input field 'bonus_code' is never used"; then echo "ok   an unused input field"
else echo "FAIL an unused input field"; echo "$out" | head -5; fails=$((fails+1)); fi

[ $fails = 0 ] || { echo "planted mistakes: $fails not caught"; exit 1; }
echo "planted mistakes: all caught"
