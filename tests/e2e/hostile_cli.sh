#!/usr/bin/env bash
# A hostile command line: missing, extra and unknown arguments, --set values
# that do not fit the param, --prior files that are missing, invalid or odd.
# Each is a usage error (2) or an input error (4) with the message written
# here; valid odd values (¥ 200, 300yuan, a percentage for a decimal) work.
set -u
. tests/e2e/hostile/lib.bash
C=tests/e2e/hostile/cli
P=$C/params.rules
printf '{"id":"a"}\n' >"$T/one.ndjson"
R() { python3 tests/e2e/hostile/results.py "$T/$1.out" "${@:2}" || bad "$1: results differ (above)"; }

# ---- commands and help -------------------------------------------------------
k bare 2 10
err_has bare 'usage: kaohe COMMAND [ARGS]'
k help 0 10 help
out_has help "'kaohe help COMMAND' shows a command's options."
k dash-help 0 10 --help
out_has dash-help 'usage: kaohe COMMAND [ARGS]'
k help-eval 0 10 help eval
out_has help-eval 'kaohe eval'
k eval-help 0 10 eval --help
out_has eval-help 'kaohe eval'
k help-nosuch 2 10 help nosuch
err_has help-nosuch "kaohe: unknown command 'nosuch'"
err_has help-nosuch "try 'kaohe help'"
k nosuch 2 10 nosuch
err_has nosuch "kaohe: unknown command 'nosuch'"
k version 0 10 --version
out_has version 'kaohe '

# ---- eval and check arguments --------------------------------------------------
k eval-none 2 10 eval
err_has eval-none 'kaohe: eval needs a POLICY and an INPUT'
err_has eval-none "try 'kaohe help eval'"
k eval-one 2 10 eval $P
err_has eval-one 'kaohe: eval needs a POLICY and an INPUT'
k eval-three 2 10 eval $P "$T/one.ndjson" extra
err_has eval-three "kaohe: too many arguments ('extra')"
k eval-format 2 10 eval $P "$T/one.ndjson" --format
err_has eval-format 'kaohe: --format needs json, ndjson, csv or xlsx'
k eval-yaml 2 10 eval $P "$T/one.ndjson" --format yaml
err_has eval-yaml "kaohe: unknown format 'yaml' (json, ndjson, csv or xlsx)"
k eval-xlsx 2 10 eval $P "$T/one.ndjson" --format xlsx
err_has eval-xlsx 'kaohe: --format xlsx needs -o FILE'
for o in -o --set --prior --manifest; do
    k "eval$o" 2 10 eval $P "$T/one.ndjson" $o
    err_has "eval$o" "kaohe: $o needs"
done
k eval-option 2 10 eval $P "$T/one.ndjson" --frobnicate
err_has eval-option "kaohe: unknown option '--frobnicate'"
# one option parser for every command: '--opt=value' as well as '--opt value',
# options before, between or after the arguments, a bad number named with it
k eval-joined 0 10 eval --format=ndjson $P "$T/one.ndjson" --set=rate=10%
R eval-joined n=1 '1.f=0.1'
k eval-first 0 10 eval --format ndjson --set rate=9% $P "$T/one.ndjson"
R eval-first n=1 '1.f=0.09'
k eval-format-joined 2 10 eval $P "$T/one.ndjson" --format=yaml
err_has eval-format-joined "kaohe: unknown format 'yaml' (json, ndjson, csv or xlsx)"
k eval-jobs 2 10 eval $P "$T/one.ndjson" --jobs=many
err_has eval-jobs "kaohe: --jobs needs a number of threads (0: one per processor), not 'many'"
k eval-jobs-big 2 10 eval $P "$T/one.ndjson" -j 257
err_has eval-jobs-big "not '257'"
k eval-flag-value 2 10 eval $P "$T/one.ndjson" --strict=yes
err_has eval-flag-value "kaohe: unknown option '--strict=yes'"
k template-format 2 10 template $P -o "$T/t.csv" --format=ods
err_has template-format "kaohe: unknown format 'ods' (xlsx or csv)"
k diff-format 2 10 diff $P "$T/one.ndjson" --set rate=9% --format yaml
err_has diff-format "kaohe: unknown format 'yaml' (text, json or csv)"
k lsp-arg 2 10 lsp stray
err_has lsp-arg "kaohe: unknown argument 'stray'"
k check-none 2 10 check
err_has check-none 'kaohe: check needs a POLICY'
k check-option 2 10 check -x $P
err_has check-option "kaohe: unknown option '-x'"
k check-missing 3 10 check "$T/no-such.rules"
err_has check-missing "no-such.rules"

# ---- --set ---------------------------------------------------------------------
# params: flag = true, label = "x", rate = 8%, amt: money = 0 yuan, cnt = 3
k set-ok 0 10 eval $P "$T/one.ndjson" --format ndjson --set flag=false --set label=hello \
    --set rate=10% '--set=amt=¥ 200' --set cnt=7
R set-ok n=1 '1.a=false' '1.b="hello"' '1.f=0.1' '1.g=200.00' '1.h=7'
k set-amounts 0 10 eval $P "$T/one.ndjson" --format ndjson --set amt=300yuan --set rate=0.25
R set-amounts n=1 '1.g=300.00' '1.f=0.25'
k set-yuan 0 10 eval $P "$T/one.ndjson" --format ndjson --set 'amt=12元'
R set-yuan n=1 '1.g=12.00'
k set-fullwidth 0 10 eval $P "$T/one.ndjson" --format ndjson --set 'amt=￥7'
R set-fullwidth n=1 '1.g=7.00'
k set-spaces 0 10 eval $P "$T/one.ndjson" --format ndjson --set 'amt= 5 '
R set-spaces n=1 '1.g=5.00'
k set-bool 2 10 eval $P "$T/one.ndjson" --set flag=maybe
err_has set-bool 'kaohe: --set flag: "maybe" is not true or false (flag is boolean)'
k set-number 2 10 eval $P "$T/one.ndjson" --set rate=abc
err_has set-number 'kaohe: --set rate: "abc" is not a number'
k set-whole 2 10 eval $P "$T/one.ndjson" --set cnt=2.5
err_has set-whole 'kaohe: --set cnt: "2.5" is not a whole number (cnt is integer)'
k set-typo 2 10 eval $P "$T/one.ndjson" --set cnnt=1
err_has set-typo "kaohe: --set cnnt: the policy has no param 'cnnt'; did you mean 'cnt'?"
k set-unknown 2 10 eval $P "$T/one.ndjson" --set zzzzzz=1
err_has set-unknown "kaohe: --set zzzzzz: the policy has no param 'zzzzzz'"
k set-noname 2 10 eval $P "$T/one.ndjson" --set =3
err_has set-noname "kaohe: --set needs name=value, not '=3'"
k set-noeq 2 10 eval $P "$T/one.ndjson" --set nothing
err_has set-noeq "kaohe: --set needs name=value, not 'nothing'"

# ---- --prior --------------------------------------------------------------------
# 1,500 carries (the table grows), an error result for P1500 and a failed
# roster check (skipped).  carry.n = prior.n + x.  P7 and P1499 read their
# carries; Q has no result and P1500 an error one (both refused); R has no
# result but its record gives its own prior (4 + 2, and a note).
python3 - "$T/prior.ndjson" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(1500):
        f.write(json.dumps({"id": "P%d" % i, "carry": {"n": i}}) + "\n")
    f.write(json.dumps({"id": "P1500", "record": 1501, "error": "field 'x': missing"}) + "\n")
    f.write(json.dumps({"check_failed": "c", "roster": None, "ids": ["P1"]}) + "\n")
PY
printf '{"id":"P7","x":1}\n{"id":"P1499","x":0}\n{"id":"Q","x":5}\n{"id":"P1500","x":2}\n{"id":"R","x":2,"prior":{"n":4}}\n' >"$T/cur.ndjson"
k prior 1 30 eval $C/chain.rules "$T/cur.ndjson" --prior "$T/prior.ndjson" --format ndjson
R prior n=5 '1.carry={"n":8}' '2.carry={"n":1499}' "3=err:no carry from last month: --prior $T/prior.ndjson has no result for this agent" \
    "4=err:no carry from last month: this agent's result in --prior $T/prior.ndjson is an error" '5.carry={"n":6}'
err_has prior "kaohe: note: --prior $T/prior.ndjson has no carry for 1 agent whose record gives its own 'prior' (\"R\")"
# what is not last month's results: status 4, the file named
k prior-missing 4 10 eval $C/chain.rules "$T/cur.ndjson" --prior "$T/no-such.json"
err_has prior-missing "--prior $T/no-such.json: cannot read it: No such file or directory"
printf '[{"id": "P1"},' >"$T/bad-prior.json"
k prior-invalid 4 10 eval $C/chain.rules "$T/cur.ndjson" --prior "$T/bad-prior.json"
err_has prior-invalid "--prior $T/bad-prior.json: line 1, column 15 (byte 14): invalid JSON"
{ head -3 "$T/prior.ndjson"; echo '{bad json'; } >"$T/badline-prior.ndjson"
k prior-badline 4 10 eval $C/chain.rules "$T/cur.ndjson" --prior "$T/badline-prior.ndjson"
err_has prior-badline "--prior $T/badline-prior.ndjson: record 4: line 4, column 2"
{ head -8 "$T/prior.ndjson"; echo '{"id": "P7", "carry": {"n": 1000}}'; } >"$T/twice-prior.ndjson"
k prior-twice 4 10 eval $C/chain.rules "$T/cur.ndjson" --prior "$T/twice-prior.ndjson"
err_has prior-twice "--prior $T/twice-prior.ndjson: the id \"P7\" has two results (records 8 and 9)"
k prior-nochain 4 10 eval $P "$T/one.ndjson" --prior "$T/prior.ndjson"
err_has prior-nochain "--prior: the policy does not say what to chain (add e.g. 'chain prior from carry')"
# ---- diff and explain arguments ---------------------------------------------------
Q=rules/customer-service-2014.rules
J=examples/roster-2014-06.json
usage() { # NAME MESSAGE ARGS...: status 2 with the message and the hint
    local name=$1 msg=$2
    shift 2
    k "$name" 2 30 "$@"
    err_has "$name" "kaohe: $msg"
}
usage diff-none 'diff needs OLD.rules NEW.rules INPUT, or POLICY INPUT --set NAME=VALUE' diff
usage diff-self 'comparing a policy with itself needs --set NAME=VALUE (the what-if)' diff $Q $J
usage diff-format "unknown format 'yaml'" diff $Q $J --format yaml
usage diff-format-none '--format needs text, json or csv' diff $Q $J --format
usage diff-top '--top needs a number' diff $Q $J --top
usage diff-option "unknown option '--frob'" diff $Q $J --frob
usage diff-extra "too many arguments ('extra')" diff $Q $Q $J extra
usage diff-set '--set needs name=value' diff $Q $J --set
usage diff-set-old '--set-old needs name=value' diff $Q $J --set-old
usage diff-o '-o needs a file name' diff $Q $J -o
usage diff-prior "--prior needs the previous period's results" diff $Q $J --prior
usage explain-none 'explain needs a POLICY, an INPUT and --id ID' explain
usage explain-noid 'explain needs a POLICY, an INPUT and --id ID' explain $Q $J
usage explain-id '--id needs a record id' explain $Q $J --id
usage explain-format "unknown format 'yaml' (text or json)" explain $Q $J --id CS-0101 --format yaml
usage explain-depth '--depth needs a number' explain $Q $J --id CS-0101 --depth
usage explain-option "unknown option '--frob'" explain $Q $J --frob
usage explain-output "the policy defines no 'nosuch_output'" explain $Q $J --id CS-0101 nosuch_output
k explain-unknown 1 30 explain $Q $J --id NOPE
err_has explain-unknown 'kaohe: no record has the id "NOPE"'
finish hostile_cli
