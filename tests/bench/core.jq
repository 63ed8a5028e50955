# core.jq — the per-record core of the 2014 policy in jq, for `make bench`:
#
#   jq -c -f tests/bench/core.jq roster.ndjson
#
# The same outputs as tests/bench/per-record.rules and handwritten.c (see
# their headers: no roster terms in score, commission on every paid deal, no
# dividend or bottom_flag), written the way one would in jq: money is worked
# in whole cents (exact in doubles below 2^53) and rounded half away from
# zero with round; ratios are doubles; money prints as a plain number
# (1900 rather than 1900.00).  No schema validation beyond what jq's own
# errors give.  Params are the policy's defaults.

def cents: . * 100 | round;
def at_least_pct($num; $den; $p): $num * 100 >= $den * $p;
# the smaller of two fractions [num, den] (positive denominators)
def fmin($f; $g): if $g[0] * $f[1] < $f[0] * $g[1] then $g else $f end;

. as $r
| ($r.prior // {}) as $p
| ($p.contact_strikes // 0) as $strikes
| ($p.probation_months // 0) as $pmonths
| ($p.incentive_streak // 0) as $pstreak
| ($p.recent_passes // []) as $rpass
| ($p.recent_scores // []) as $rscores

# §三.1 basic quota
| (if $r.hire_date[0:7] == $r.period then ([$r.workdays - 5, 0] | max) else $r.workdays end) as $ad
| ($r.quota.calls_per_day * $ad) as $rc
| ($r.quota.minutes_per_day * $ad) as $rm
| (if $ad == 0 then [1, 1] else fmin(fmin([1, 1]; [$r.calls, $rc]); [$r.call_minutes, $rm]) end) as $bf
| ($bf[0] == $bf[1]) as $basic_met

# §三.2, §三.3, §七.5
| ($r.members >= $r.member_target) as $inc_met
| ($r.status == "regular" and $inc_met) as $indiv
| (if at_least_pct($r.members; $r.member_target; 150) then 20000
   elif at_least_pct($r.members; $r.member_target; 120) then 16000
   elif at_least_pct($r.members; $r.member_target; 110) then 12000
   elif at_least_pct($r.members; $r.member_target; 100) then 10000
   else 0 end) as $tier
| (if $basic_met or $indiv then $tier else 0 end) as $inc_bonus
| ($r.pay.base | cents) as $base
| (if $basic_met then $base elif $indiv then $base - 10000
   else $base * $bf[0] / $bf[1] | round end) as $base_paid

# §三.4.3 contact ladder
| ($strikes + 1) as $n
| (if $n >= 3 then 0.70 elif $n == 2 then 0.65 else 0.60 end) as $thr
| (if $n == 3 then ($basic_met | not) elif $n >= 4 then ($inc_met | not) else true end) as $cond
| ($r.contact_rate < $thr and $cond) as $strike
| (if $strike then (if $n >= 4 then 5 elif $n == 3 then 3 elif $n == 2 then 2 else 1 end) else 0 end) as $cpoints
| (if ($strike | not) then "none" elif $n == 1 then "verbal_warning" elif $n == 2 then "data_paused_one_week"
   elif $n == 3 then "data_reassigned" else "pending_dismissal" end) as $action

# §四 score, per record
| ($r.incidents as $i | $r.merits as $m
   | 100 - $i.nonstandard_service - 2 * $i.forbidden_language - 3 * $i.complaint - 5 * $i.confidentiality
     - $cpoints + $m.praised + 5 * $m.hazard_reported + 2 * $m.suggestion_adopted
     + (if $r.exam_score == 100 then 3 else 0 end) + (if $m.service_star != "none" then 3 else 0 end)
     + $m.discretionary) as $score

# §五.2 allowance
| (if $r.workdays == 0 then [1, 1] else [$r.days_present, $r.workdays] end) as $att
| (if $r.level == "specialist" then (if $score < 85 then 10 elif $score < 90 then 5 else 0 end) else 0 end) as $cut
| fmin($bf; $att) as $mf
| (($r.pay.allowance | cents) * $mf[0] * (100 - $cut) / ($mf[1] * 100) | round) as $allow_paid

# §八.2 commission (every paid deal), §七 rewards
| ([$r.deals[] | select(.paid) | .profit | cents] | add // 0) as $paid_profit
| ($paid_profit * 8 / 100 | round) as $commission
| ($r.merits.suggestion_adopted * 5000) as $sugg
| ({"month": 20000, "quarter": 50000, "year": 100000}[$r.merits.service_star] // 0) as $star
| (($r.period[5:7] | tonumber) % 3 == 0) as $qend
| ($basic_met and $inc_met) as $passes
| (($rpass | map(select(.)) | length) == 2) as $two
| (if $qend and $passes and $two then 20000 else 0 end) as $qbonus
| ($base_paid + ($r.pay.position | cents) + $allow_paid + $inc_bonus + $commission + $sugg + $star + $qbonus) as $total
| (($rscores + [$score]) | add / length * 100 | round / 100) as $qscore

# §六 confirmation, §十一 promotion
| ($pmonths + 1) as $pm
| (($rpass | last) == true) as $last_passed
| ($pm == 1 and $r.merits.service_star == "month") as $early_star
| ($pm < 3 and $passes and at_least_pct($r.members; $r.member_target; 120) and $r.incidents.complaint == 0
   and $r.satisfaction >= 0.95 and $r.exam_score >= 90) as $early_merit
| (if $r.status == "regular" then "n/a"
   elif $early_star or $early_merit then "early"
   elif $pm == 2 and ($passes | not) and ($last_passed | not) then "notice"
   elif $pm >= 3 and $passes and $two then "confirm"
   elif $pm >= 6 then "advise_to_leave"
   elif $pm >= 3 then "extend"
   else "continue" end) as $confirmation
| ({"specialist": "supervisor", "supervisor": "manager", "manager": "director"}[$r.level] // "none") as $next
| ($r.telesales_years as $ty
   | if $r.level == "specialist" then $ty >= 1 and $r.team_size >= 5
     elif $r.level == "supervisor" then $ty >= 3 and $r.management_years >= 3 and $r.team_size >= 5
     elif $r.level == "manager" then $ty >= 5 and $r.team_size >= 5
     else false end) as $bar
| (if $inc_met then $pstreak + 1 else 0 end) as $streak
| ($r.status == "regular" and $r.level != "director" and $inc_met and $streak >= 2
   and $r.incidents.complaint == 0 and $r.calls > $rc and $r.call_minutes > $rm
   and $passes and $two and $bar) as $promotion

| {id: $r.id, assessed_days: $ad, required_calls: $rc, required_minutes: $rm,
   basic_ratio: ($bf[0] / $bf[1]), basic_met: $basic_met,
   incentive_ratio: ($r.members / $r.member_target), incentive_met: $inc_met,
   incentive_bonus: ($inc_bonus / 100), base_paid: ($base_paid / 100),
   contact_strike: $strike, contact_points: $cpoints, contact_action: $action,
   score: $score, attendance_ratio: ($att[0] / $att[1]), perf_cut_rate: ($cut / 100),
   allowance_paid: ($allow_paid / 100), commission: ($commission / 100),
   suggestion_reward: ($sugg / 100), star_reward: ($star / 100), quarter_bonus: ($qbonus / 100),
   total_pay: ($total / 100), quarter_score: $qscore,
   confirmation: $confirmation, next_level: $next, promotion_eligible: $promotion,
   carry: {contact_strikes: (if $strike then $n else $strikes end),
           probation_months: (if $r.status == "probation" then $pm else 0 end),
           incentive_streak: $streak,
           recent_passes: (($rpass + [$passes]) | .[-2:]),
           recent_scores: (($rscores + [$score]) | .[-2:])}}
