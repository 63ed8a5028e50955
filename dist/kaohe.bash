# kaohe.bash — bash completion for kaohe: the commands, each command's
# options, the values of --format, .rules files where a policy goes, JSON
# files where an input goes, and the params of the policy on the line after
# --set.  Installed as share/bash-completion/completions/kaohe; it needs
# nothing from the bash-completion package (source it to try it).

# Files ending in one of the extensions given (and directories, to descend).
_kaohe_files()
{
    local cur=$1 ext
    shift
    compopt -o filenames 2>/dev/null
    local IFS=$'\n'
    COMPREPLY+=($(compgen -d -- "$cur"))
    for ext in "$@"; do
        COMPREPLY+=($(compgen -f -X "!*.$ext" -- "$cur"))
    done
}

# NAME= for each `param NAME` of the first .rules file on the line.
_kaohe_params()
{
    local cur=$1 w policy=""
    for w in "${COMP_WORDS[@]:2}"; do
        if [[ $w == *.rules && -f $w ]]; then policy=$w; break; fi
    done
    [[ -n $policy ]] || return
    local names
    names=$(sed -n 's/^param[[:space:]]\{1,\}\([^[:space:]:=]\{1,\}\).*/\1=/p' -- "$policy" 2>/dev/null)
    compopt -o nospace 2>/dev/null
    local IFS=$'\n'
    COMPREPLY+=($(compgen -W "$names" -- "$cur"))
}

_kaohe()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    local commands="eval explain diff check fmt test slip report template lsp help version"
    COMPREPLY=()
    if ((COMP_CWORD == 1)); then
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return
    fi
    local cmd=${COMP_WORDS[1]} opts=""
    case $cmd in
    eval) opts="--format -o --output --set --prior --strict --csv-no-bom --excel-text --list --no-ledgers --manifest --jobs --explain --help" ;;
    explain) opts="--id --all --depth --private --format --set --prior --help" ;;
    diff) opts="--set --set-old --format --summary --top --prior -o --help" ;;
    check) opts="--werror --help" ;;
    fmt) opts="--check --stdout --lang --help" ;;
    test) opts="--help" ;;
    lsp) opts="--stdio --help" ;;
    slip) opts="--id --all -o --output --html --set --prior --manifest --strict --replace --help" ;;
    report) opts="-o --output --vs --set --set-base --by --prior --manifest --strict --help" ;;
    template) opts="-o --output --format --help" ;;
    help)
        ((COMP_CWORD == 2)) && COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        return
        ;;
    *) return ;;
    esac
    opts="$opts --include-path"

    # the value of the option before
    case $prev in
    --format | -f)
        case $cmd in
        eval) COMPREPLY=($(compgen -W "json ndjson csv xlsx" -- "$cur")) ;;
        template) COMPREPLY=($(compgen -W "xlsx csv" -- "$cur")) ;;
        explain) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
        diff) COMPREPLY=($(compgen -W "text json csv" -- "$cur")) ;;
        esac
        return
        ;;
    --set | --set-old | --set-base)
        _kaohe_params "$cur"
        return
        ;;
    --include-path)
        COMPREPLY=($(compgen -d -- "$cur"))
        return
        ;;
    --vs)
        _kaohe_files "$cur" rules
        return
        ;;
    --prior)
        _kaohe_files "$cur" json
        return
        ;;
    -o | --output | --manifest)
        compopt -o filenames 2>/dev/null
        local IFS=$'\n'
        COMPREPLY=($(compgen -f -- "$cur"))
        return
        ;;
    --id | --depth | --top | --jobs | -j | --by)
        return
        ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi

    # positional arguments: which one is this (options and their values skipped)
    local i n=0 w
    for ((i = 2; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        case $w in
        --format | -f | --set | --set-old | --set-base | --vs | --prior | -o | --output | --manifest | \
            --id | --depth | --top | --jobs | -j | --by)
            ((i++))
            ;;
        -*) ;;
        *) ((n++)) ;;
        esac
    done
    case $cmd in
    check | fmt) _kaohe_files "$cur" rules ;;
    test) _kaohe_files "$cur" test.json ;;
    diff)
        # OLD.rules NEW.rules INPUT, or POLICY INPUT: the second is either
        if ((n == 0)); then
            _kaohe_files "$cur" rules
        elif ((n == 1)); then
            _kaohe_files "$cur" rules json ndjson jsonl
        else
            _kaohe_files "$cur" json ndjson jsonl
        fi
        ;;
    *)
        if ((n == 0)); then
            _kaohe_files "$cur" rules
        elif ((n == 1)); then
            _kaohe_files "$cur" json ndjson jsonl
        fi
        ;;
    esac
}

complete -F _kaohe kaohe
