# bash completion for yoshiki: commands, each command's options (read from its --help, so
# they never fall behind the program), the forms for --forms, and files and directories.
_yoshiki()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion || return
    else
        cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
        words=("${COMP_WORDS[@]}") cword=$COMP_CWORD
    fi
    local prog=${words[0]}

    if [ "$cword" -eq 1 ]; then
        local cmds
        cmds=$(LC_ALL=C "$prog" help 2>/dev/null | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p')
        COMPREPLY=($(compgen -W "$cmds --help --version" -- "$cur"))
        return
    fi
    local cmd=${words[1]}
    [ "$cmd" = help ] && {
        COMPREPLY=($(compgen -W "$(LC_ALL=C "$prog" help 2>/dev/null | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p')" -- "$cur"))
        return
    }

    case $prev in
        --forms)
            # numbers and names, after any already typed: 1,<TAB>
            local done=${cur%,*} forms
            [ "$done" = "$cur" ] && done="" || done="$done,"
            forms=$("$prog" forms 2>/dev/null | tr ' ' '\n')
            COMPREPLY=($(compgen -P "$done" -W "$forms" -- "${cur##*,}"))
            compopt -o nospace 2>/dev/null
            return ;;
        --forms-dir|--fonts-dir)
            COMPREPLY=($(compgen -d -- "$cur"))
            return ;;
        -o|--output)
            COMPREPLY=($(compgen -f -- "$cur"))
            return ;;
    esac
    if [[ $cur == -* ]]; then
        local opts
        opts=$(LC_ALL=C "$prog" "$cmd" --help 2>/dev/null |
               sed -n 's/^  \(-[a-z], \)\{0,1\}\(--[a-z-]*\).*/\1\2/p' | tr -d ',')
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -f -X '!*.@(yaml|yml)' -- "$cur") $(compgen -d -- "$cur"))
}
complete -F _yoshiki yoshiki
