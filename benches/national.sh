#!/usr/bin/env bash
# National scale as the user feels it: each command as a whole process on a generated 100,000-case project, next
# to its floor (the engine or the library alone, same data, same run), with its time, peak memory and ratio.
#
#   benches/national.sh [CASES]     (default 100000; needs /usr/bin/time, from Debian's `time` package)
#
# The outputs' SHA-256 are printed too, so that two versions can be shown to give the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-100000}"
cargo build --release --quiet
cargo build --release --quiet --bench floors
# RENKEI_BIN measures another build of renkei (an older version, to compare) with the same floors.
bin="${RENKEI_BIN:-target/release/renkei}"
floors=$(ls -t target/release/deps/floors-* | grep -v '\.d$' | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
project="$work/national.renkei"
"$bin" generate "$project" --cases "$cases" > /dev/null
"$bin" export "$project" "$work/book.xlsx" > /dev/null

# Run a command; print its wall seconds and peak MB (from /usr/bin/time -v) as "S MB".
measure() {
  local log="$work/time.log"
  /usr/bin/time -v "$@" > "$work/out" 2> "$log" || true
  local wall mb
  wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  mb=$(grep "Maximum resident set size" "$log" | awk '{printf "%.0f", $NF/1024}')
  echo "$wall $mb"
}

row() { # what, command seconds/MB, floor seconds (or label)
  printf '| %s | %s s, %s MB | %s | %s |\n' "$1" "$2" "$3" "$4" "$5"
}

echo "| what the user does | whole command | floor | ratio |"
echo "| --- | --- | --- | --- |"

read -r s mb < <(measure "$bin" check "$project" --format json)
check_hash=$(sha256sum "$work/out" | cut -c1-16)
row "\`renkei check --format json\`" "$s" "$mb" "engine: \`cargo bench --bench engine -- check\`" "—"

read -r s mb < <(measure "$bin" simulate "$project" --all --format json)
simulate_hash=$(sha256sum "$work/out" | cut -c1-16)
row "\`renkei simulate --all --format json\`" "$s" "$mb" "engine: \`cargo bench --bench engine -- simulate\`" "—"

read -r s mb < <(measure "$bin" export "$project" "$work/again.xlsx")
# A book's parts but its dates of writing (docProps): what must stay the same bytes.
export_hash=$(python3 -c 'import sys,zipfile,hashlib; z=zipfile.ZipFile(sys.argv[1]); h=hashlib.sha256()
for n in sorted(z.namelist()):
    if not n.startswith("docProps/"): h.update(n.encode()); h.update(z.read(n))
print(h.hexdigest()[:16])' "$work/again.xlsx")
"$floors" write "$work/book.xlsx" "$work/floor.xlsx" > "$work/floor.out"
floor=$(awk '{print $1}' "$work/floor.out")
row "\`renkei export\` ($(awk '{print $3}' "$work/floor.out") cells)" "$s" "$mb" "rust_xlsxwriter: $floor s" "$(echo "$s / $floor" | bc -l | xargs printf '%.2f')"

"$floors" read "$work/book.xlsx" > "$work/floor.out"
floor=$(awk '{print $1}' "$work/floor.out")
"$bin" new "$work/empty.renkei" > /dev/null
read -r s mb < <(measure "$bin" import "$work/empty.renkei" "$work/book.xlsx")
row "\`renkei import\` into an empty project" "$s" "$mb" "calamine: $floor s" "$(echo "$s / $floor" | bc -l | xargs printf '%.2f')"

read -r s mb < <(measure "$bin" import "$project" "$work/book.xlsx" --dry-run)
row "\`renkei import --dry-run\` of an unchanged book" "$s" "$mb" "calamine: $floor s" "$(echo "$s / $floor" | bc -l | xargs printf '%.2f')"

echo
echo "outputs (sha256, first 16): check $check_hash, simulate $simulate_hash, export (all parts but docProps) $export_hash"
