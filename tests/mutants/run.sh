#!/usr/bin/env bash
# Mutation testing (`make mutants`): plants each bug of tests/mutants/mutants.txt, one at a time, in
# a scratch copy of the tree, rebuilds it and runs CTest; a mutant is caught when a test fails.
#
#   tests/mutants/run.sh                 every mutant (about an hour on a busy two-core machine)
#   MUTANTS="relu-at-zero crc-check" tests/mutants/run.sh   only these
#   MUTANTS_EXCLUDE=REGEX                CTest names to leave out besides `mutants` (default: none)
#   MUTANTS_JOBS=N                       CTest and build jobs (default 2)
#
# The worktree is never modified: the tree is copied to build/mutants/tree (the build directory
# build/mutants/tree/build/cmake is kept between runs, so each mutant recompiles one file and relinks).
# Exit status: 0 when every mutant was caught, 1 when one survived, was stale (its old text is no
# longer in its file), did not compile, or when the unmutated tree fails a test.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
list=$root/tests/mutants/mutants.txt
scratch=$root/build/mutants
tree=$scratch/tree
bdir=$tree/build/cmake
jobs=${MUTANTS_JOBS:-2}
# CTest `mutants` checks that each mutant's old text is in its file: a planted mutant always fails it,
# so it would count as a catch of every mutant. It is always left out.
exclude="^mutants\$${MUTANTS_EXCLUDE:+|$MUTANTS_EXCLUDE}"
log=$scratch/log
report=$scratch/report.md
start_all=$(date +%s)

# ---- The list: records of "mutant ID", "file PATH", "about TEXT", then "old TEXT" / "new TEXT" pairs.
ids=(); files=(); abouts=(); edits=()   # edits[i]: pairs joined by the unit separator \x1f
sep=$'\x1f'
while IFS= read -r line || [ -n "$line" ]; do
    case $line in
        '#'*|'') continue ;;
    esac
    key=${line%%[[:space:]]*}
    value=${line#"$key"}
    value=${value#"${value%%[![:space:]]*}"}   # strip the blanks after the key
    case $key in
        mutant) ids+=("$value"); files+=(""); abouts+=(""); edits+=("") ;;
        file)   files[${#ids[@]}-1]=$value ;;
        about)  abouts[${#ids[@]}-1]=$value ;;
        old|new) edits[${#ids[@]}-1]+="$value$sep" ;;
        *) echo "mutants.txt: unknown key '$key' in line: $line" >&2; exit 1 ;;
    esac
done < "$list"

selected() {  # is mutant $1 in $MUTANTS (or is $MUTANTS empty)?
    [ -z "${MUTANTS:-}" ] && return 0
    for m in $MUTANTS; do [ "$m" = "$1" ] && return 0; done
    return 1
}

read_file() { content=$(cat "$1"; printf x); content=${content%x}; }  # keeps trailing newlines

# Applies mutant $1 to file content (in $content); sets $problem to STALE or AMBIGUOUS on failure.
mutate() {
    local IFS=$sep pairs=() k old new rest
    read -r -a pairs <<< "${edits[$1]}"
    problem=""
    for ((k = 0; k < ${#pairs[@]}; k += 2)); do
        old=${pairs[k]}; new=${pairs[k+1]:-}
        rest=${content#*"$old"}
        if [ -z "$old" ] || [ "$rest" = "$content" ]; then problem="STALE (old text not found: $old)"; return; fi
        case $rest in *"$old"*) problem="AMBIGUOUS (old text found twice: $old)"; return ;; esac
        content=${content/"$old"/"$new"}
    done
}

# ---- The scratch copy: the worktree's files (not build/, .git or data/), data/ as a link.
mkdir -p "$tree"
find "$tree" -mindepth 1 -maxdepth 1 ! -name build -exec rm -rf {} +
(cd "$root" && tar --exclude=./build --exclude=./.git --exclude=./data -cf - .) | (cd "$tree" && tar -xf -)
ln -s "$root/data" "$tree/data"
: > "$log"

# ---- Every mutant must still apply: a stale one means the code moved and the list must follow.
status=0
declare -A bad
for i in "${!ids[@]}"; do
    selected "${ids[i]}" || continue
    if [ ! -f "$tree/${files[i]}" ]; then bad[$i]="STALE (no file ${files[i]})"; continue; fi
    read_file "$tree/${files[i]}"
    mutate "$i"
    [ -n "$problem" ] && bad[$i]=$problem
done

build() { cmake --build "$bdir" -j "$jobs" >> "$log" 2>&1; }
# Runs CTest; sets $failed to the names of the tests that did not pass (space-separated).
run_tests() {
    local out
    out=$(ctest --test-dir "$bdir" -j "$jobs" --timeout "${MUTANTS_TIMEOUT:-600}" ${exclude:+-E "$exclude"} 2>&1)
    echo "$out" >> "$log"
    failed=$(echo "$out" | sed -n 's/^.*Test *#[0-9]*: \([^ ]*\) .*\*\*\*\([A-Za-z]*\).*$/\1 \2/p' |
             awk '$2 != "Skipped" {print $1}' | sort | tr '\n' ' ')
    failed=${failed% }
}

echo "mutants: building the unmutated tree in $bdir" >&2
cmake -S "$tree" -B "$bdir" -DCMAKE_BUILD_TYPE=Release >> "$log" 2>&1 && build || {
    echo "mutants: the unmutated tree does not build; see $log" >&2; exit 1; }
t0=$(date +%s)
run_tests
baseline_seconds=$(( $(date +%s) - t0 ))
if [ -n "$failed" ]; then
    echo "mutants: the unmutated tree fails $failed: fix that first (see $log)" >&2
    exit 1
fi
echo "mutants: unmutated tree passes every test (CTest ${baseline_seconds} s)" >&2

{
    echo "| mutant | file | what it plants | caught by |"
    echo "|---|---|---|---|"
} > "$report"
count=0; caught=0
for i in "${!ids[@]}"; do
    selected "${ids[i]}" || continue
    count=$((count + 1))
    id=${ids[i]}; path=$tree/${files[i]}
    t0=$(date +%s)
    if [ -n "${bad[$i]:-}" ]; then
        result=${bad[$i]}; status=1
    else
        read_file "$path"; original=$content
        mutate "$i"
        printf '%s' "$content" > "$path"
        echo "=== mutant $id" >> "$log"
        if ! build; then
            result="DOES NOT COMPILE"; status=1
        else
            run_tests
            if [ -n "$failed" ]; then result=$failed; caught=$((caught + 1)); else result="SURVIVED"; status=1; fi
        fi
        # Restore with a new modification time, so that the next build recompiles the file.
        printf '%s' "$original" > "$path"
    fi
    line="| $id | ${files[i]} | ${abouts[i]} | $result |"
    echo "$line" >> "$report"
    echo "$line  ($(( $(date +%s) - t0 )) s)" >&2
done
build || status=1   # leave the scratch build unmutated

total=$(( $(date +%s) - start_all ))
{
    echo
    echo "Caught $caught of $count mutants ($(( count ? 100 * caught / count : 0 )) %) in $((total / 60)) min $((total % 60)) s" \
         "(CTest on the unmutated tree: ${baseline_seconds} s${exclude:+; tests left out: $exclude})."
} >> "$report"
echo
cat "$report"
exit $status
