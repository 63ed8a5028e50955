#!/usr/bin/env bash
# Where kaohe writes (issue 12 item 6, issue 20 item 12).
#
# Outputs never replace inputs: -o, --manifest and slip files or
# directories that are — by name, through a symbolic link, a hard link or
# standard input — the policy, a file it includes, the input, the prior or
# the other policy are a usage error (2) before anything is written, and
# the input is untouched.  Two outputs of one run may not be one file (nor
# both standard output); an option that writes may be given once.
#
# -o itself: a read-only file is refused ("is read-only", 4), even for root;
# a dangling symbolic link is written through (its target is made, the link
# stays); a loop of links is refused (4); a 250-byte name works (the
# temporary name does not grow with it); a run killed outright (kill -9)
# leaves a temporary file ".NAME.kaohe-HASH-XXXXXX" that the next run of the
# same output removes once it is two seconds old and its lock is free, while
# a live run's temporary file and another output's are left alone; an XLSX
# run killed outright leaves nothing in TMPDIR; a directory that cannot be
# written is named as the cause.
set -u
. tests/e2e/hostile/lib.bash
W=$T/w
mkdir -p "$W/rules"
cp -r rules/customer-service-2014 rules/customer-service-2014.rules "$W/rules/"
cp tests/golden/_shared/pay.rules tests/golden/_shared/ok.json "$W/"
cp examples/roster-2014-06.json "$W/june.json"
cd "$W" || exit 1
CS=rules/customer-service-2014.rules
INC=rules/customer-service-2014/input.rules
for f in $CS $INC pay.rules ok.json june.json; do cp "$f" "$T/$(basename "$f").orig"; done
intact() { # NAME: every input is as it was, and nothing else was written
    local f
    for f in $CS $INC pay.rules ok.json june.json; do
        cmp -s "$f" "$T/$(basename "$f").orig" || bad "$1: $f was changed"
    done
    [ -z "$(ls -A | grep -v -e '^rules$' -e '^pay.rules$' -e '^ok.json$' -e '^june.json$' -e '^keep$')" ] \
        || bad "$1: left behind: $(ls -A | tr '\n' ' ')"
}
usage() { # NAME TEXT: exit 2 (k checked it), the message, the inputs intact
    err_has "$1" "$2"
    intact "$1"
}

# ---- an output that is an input: usage error, nothing written -----------------
SAME="an output never replaces a file the run reads; write it elsewhere"
k o-input 2 30 eval pay.rules ok.json -o ok.json
usage o-input "-o 'ok.json' is the same file as the input 'ok.json': $SAME"
k manifest-input 2 30 eval pay.rules ok.json --manifest ok.json
usage manifest-input "--manifest 'ok.json' is the same file as the input 'ok.json': $SAME"
k o-policy 2 30 eval pay.rules ok.json -o pay.rules
usage o-policy "-o 'pay.rules' is the same file as the policy 'pay.rules': $SAME"
k o-include 2 60 eval $CS june.json -o $INC
usage o-include "-o '$INC' is the same file as the included file '$INC': $SAME"
k o-prior 2 30 eval pay.rules ok.json --prior june.json -o june.json
usage o-prior "-o 'june.json' is the same file as the prior results (--prior) 'june.json': $SAME"
ln -s ok.json keep; k o-symlink 2 30 eval pay.rules ok.json -o keep
usage o-symlink "-o 'keep' is the same file as the input 'ok.json': $SAME"
[ -L keep ] || bad "o-symlink: the link was replaced"
rm keep; ln ok.json keep; k o-hardlink 2 30 eval pay.rules ok.json -o keep
usage o-hardlink "-o 'keep' is the same file as the input 'ok.json': $SAME"
rm keep
checks=$((checks + 1))
"$K" eval pay.rules - -o ok.json <ok.json >"$T/o-stdin.out" 2>"$T/o-stdin.err"; rc=$?
[ $rc = 2 ] || bad "o-stdin: exit status $rc"
usage o-stdin "-o 'ok.json' is the same file as the input 'standard input': $SAME"
k slip-o 2 30 slip pay.rules ok.json --id A-1 -o ok.json
usage slip-o "-o 'ok.json' is the same file as the input 'ok.json': $SAME"
k slip-dir 2 30 slip pay.rules ok.json --all -o ok.json
usage slip-dir "-o 'ok.json' is the same file as the input 'ok.json': an output never replaces a file the run reads; give a directory for the slips"
k slip-manifest 2 30 slip pay.rules ok.json --id A-1 --manifest pay.rules
usage slip-manifest "--manifest 'pay.rules' is the same file as the policy 'pay.rules': $SAME"
k report-o 2 30 report pay.rules ok.json -o ok.json
usage report-o "-o 'ok.json' is the same file as the input 'ok.json': $SAME"
cp pay.rules "$T/other.rules"
k report-vs 2 30 report pay.rules ok.json --vs "$T/other.rules" -o "$T/other.rules"
err_has report-vs "-o '$T/other.rules' is the same file as the what-if policy (--vs) '$T/other.rules': $SAME"
cmp -s pay.rules "$T/other.rules" || bad "report-vs: the other policy was changed"
k diff-o 2 30 diff pay.rules "$T/other.rules" ok.json -o "$T/other.rules"
err_has diff-o "-o '$T/other.rules' is the same file as the new policy '$T/other.rules': $SAME"
cmp -s pay.rules "$T/other.rules" || bad "diff-o: the new policy was changed"
# a slip file that would be the input: that slip is not written (2), the others are
# (the folder holds a file, so it takes --replace: issue 18, slip folders)
mkdir keep; ln ok.json keep/A-2.txt
k slip-file 2 30 slip pay.rules ok.json --all -o keep --replace
err_has slip-file "the slip 'keep/A-2.txt' is the same file as the input 'ok.json': $SAME"
[ -s keep/A-1.txt ] && [ -s keep/A-3.txt ] || bad "slip-file: the other slips were not written"
rm -r keep
intact slip-file

# ---- outputs of one run, options given once --------------------------------------
k o-manifest 2 30 eval pay.rules ok.json -o keep --manifest keep
usage o-manifest "--manifest 'keep' and -o 'keep' are the same file: one output would replace the other; give each its own name"
k manifest-stdout 2 30 eval pay.rules ok.json --manifest -
usage manifest-stdout "--manifest - and -o both write to standard output: give one of them a file"
k slip-manifest-stdout 2 30 slip pay.rules ok.json --id A-1 --manifest -
usage slip-manifest-stdout "--manifest - and -o both write to standard output: give one of them a file"
k o-twice 2 30 eval pay.rules ok.json -o a.json -o b.json
usage o-twice "-o is given twice ('a.json' and 'b.json'): give it once"
k manifest-twice 2 30 eval pay.rules ok.json --manifest a.json --manifest b.json
usage manifest-twice "--manifest is given twice ('a.json' and 'b.json'): give it once"
k slip-o-twice 2 30 slip pay.rules ok.json --id A-1 -o a -o b
usage slip-o-twice "-o is given twice ('a' and 'b'): give it once"
k report-o-twice 2 30 report pay.rules ok.json -o a -o b
usage report-o-twice "-o is given twice ('a' and 'b'): give it once"
k diff-o-twice 2 30 diff pay.rules ok.json --set rate=1% -o a -o b
usage diff-o-twice "-o is given twice ('a' and 'b'): give it once"

# ---- -o: read-only, links, long names -----------------------------------------------
mkdir keep
echo old >keep/ro.json; chmod 444 keep/ro.json
k read-only 4 30 eval pay.rules ok.json -o keep/ro.json
err_has read-only "cannot write 'keep/ro.json': it is read-only (mode 0444); make it writable (chmod u+w) or write elsewhere"
[ "$(cat keep/ro.json)" = old ] || bad "read-only: the file was replaced"
[ "$(ls -A keep)" = ro.json ] || bad "read-only: left behind: $(ls -A keep)"
rm -f keep/ro.json
# a dangling link: its target is made (as the shell's '>' does), the link stays
ln -s target.json keep/dangling.json
k dangling 0 30 eval pay.rules ok.json -o keep/dangling.json
[ -L keep/dangling.json ] && [ "$(readlink keep/dangling.json)" = target.json ] || bad "dangling: the link was replaced"
"$K" eval pay.rules ok.json >"$T/stdout.json"
cmp -s keep/target.json "$T/stdout.json" || bad "dangling: the target does not hold the results"
# a loop: refused, the links stay links
ln -s loop-b keep/loop-a; ln -s loop-a keep/loop-b
k loop 4 30 eval pay.rules ok.json -o keep/loop-a
err_has loop "cannot write 'keep/loop-a': it is a loop of symbolic links"
[ -L keep/loop-a ] && [ -L keep/loop-b ] || bad "loop: a link was replaced"
# a 250-byte name (255 is the limit of a name)
long=$(printf 'n%.0s' $(seq 245)).json
k long-name 0 30 eval pay.rules ok.json -o "keep/$long"
cmp -s "keep/$long" "$T/stdout.json" || bad "long-name: not written"
[ "$(ls -A keep | wc -l)" = 5 ] || bad "long-name: left behind: $(ls -A keep)"
rm -r keep

# a directory that cannot be written is named as the cause
mkdir -m 555 keep
if [ "$(id -u)" = 0 ]; then as_user="setpriv --reuid 65534 --regid 65534 --clear-groups"; else as_user=""; fi
chmod 755 "$T" "$W"; chmod 644 pay.rules ok.json
checks=$((checks + 1))
$as_user "$K" eval pay.rules ok.json -o keep/x.json >"$T/ro-dir.out" 2>"$T/ro-dir.err"; rc=$?
[ $rc = 4 ] || bad "ro-dir: exit status $rc"
err_has ro-dir "cannot write 'keep/x.json': cannot create a file in the directory 'keep': Permission denied"
rmdir keep
intact ro-dir

# ---- temporary files of runs killed outright ---------------------------------------------
# A run stalls on a FIFO with its temporary file open; kill -9 leaves it.
mkdir keep
temps() { ls -A keep | grep "^\.r\.json\.kaohe-[0-9a-f]\{8\}-......$"; }
stall() { # starts kaohe writing keep/r.json from a FIFO that never ends; sets pid, feeder
    local before
    before=$(temps | wc -l)
    rm -f "$T/fifo"; mkfifo "$T/fifo"
    "$K" eval pay.rules - -o keep/r.json <"$T/fifo" >/dev/null 2>&1 &
    pid=$!
    { printf '[{"id": "A", "sales": 1, "days": 1, "workdays": 1}'; sleep 300; } >"$T/fifo" &
    feeder=$!
    for i in $(seq 100); do [ "$(temps | wc -l)" -gt "$before" ] && break; sleep 0.1; done
}
stall
t1=$(temps)
[ -n "$t1" ] || bad "kill: no temporary file while the run is stalled"
kill -9 $pid; wait $pid 2>/dev/null; kill $feeder 2>/dev/null; wait $feeder 2>/dev/null
[ -e "keep/$t1" ] || bad "kill: the temporary file is already gone (nothing to test)"
# another output's temporary file, old and unlocked: not this run's business
echo x >"keep/.other.json.kaohe-0000abcd-AAAAAA"
touch -d '1 minute ago' "keep/$t1" "keep/.other.json.kaohe-0000abcd-AAAAAA"
# a live run's temporary file of the same output, made old: its lock is held
stall
t2=$(temps | grep -v "^$t1$")
touch -d '1 minute ago' "keep/$t2"
k after-kill 0 30 eval pay.rules ok.json -o keep/r.json
[ -e "keep/$t1" ] && bad "after-kill: the killed run's temporary file was not removed"
[ -e "keep/$t2" ] || bad "after-kill: a live run's temporary file was removed"
[ -e "keep/.other.json.kaohe-0000abcd-AAAAAA" ] || bad "after-kill: another output's temporary file was removed"
cmp -s keep/r.json "$T/stdout.json" || bad "after-kill: the results were not written"
kill -9 $pid; wait $pid 2>/dev/null; kill $feeder 2>/dev/null; wait $feeder 2>/dev/null
rm -r keep

# an XLSX run killed outright leaves nothing in TMPDIR
mkdir -p keep "$T/tmp"
rm -f "$T/fifo"; mkfifo "$T/fifo"
TMPDIR=$T/tmp "$K" eval pay.rules - --format xlsx -o keep/r.xlsx <"$T/fifo" >/dev/null 2>&1 &
pid=$!
{ printf '[{"id": "A", "sales": 1, "days": 1, "workdays": 1}'; sleep 300; } >"$T/fifo" &
feeder=$!
sleep 1
checks=$((checks + 1))
kill -0 $pid 2>/dev/null || bad "xlsx-kill: kaohe is not running"
kill -9 $pid; wait $pid 2>/dev/null; kill $feeder 2>/dev/null; wait $feeder 2>/dev/null
[ -z "$(ls -A "$T/tmp")" ] || bad "xlsx-kill: left in TMPDIR: $(ls -A "$T/tmp")"
rm -r keep
intact end

finish output_guard
