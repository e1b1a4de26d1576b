#!/usr/bin/env bash
# The archive's benchmark, end to end (see bench/README.md):
#   1. builds the CLI (Release) and the bench tools (archive-bench, bench/ingest), and runs copies of
#      them and of theme/ from the work dir, so edits made meanwhile cannot change what is measured;
#   2. ingest throughput (bench/ingest): MB/s on one core and on all cores, peak memory;
#   3. bundled archive (input/): our build, search index size, search timing in Chromium;
#   4. synthetic archive of BENCH_MID reports (1,000): the same;
#   5. synthetic archive of BENCH_REPORTS reports (10,000): our build (best of up to BENCH_RUNS),
#      incremental rebuilds (nothing changed; one new compilation of BENCH_PER_FILE reports added),
#      per-step timings (one in-process SiteBuild.Run), the same Markdown built by Hugo (best of up
#      to BENCH_RUNS), search index size, search timing in Chromium;
#   6. prints one Markdown report on stdout (progress goes to stderr) and saves it, with the raw
#      JSON and logs, under bench/results/<timestamp>/ (and as bench/results/latest.md).
# Exit codes: 0 measured (targets met or not, unless BENCH_STRICT=1), 1 a build or check failed
# (a failed incremental-rebuild check still prints the report first), 4 a target was missed under
# BENCH_STRICT=1.
#
# Settings (environment): BENCH_REPORTS=10000 BENCH_MID=1000 BENCH_PER_FILE=10 BENCH_SEED=1
# BENCH_RUNS=3 (timed runs per tool at most) BENCH_BUDGET=150 (seconds: stop repeating a tool once
# its runs add up to this) BENCH_BROWSER_TIMEOUT=120 (seconds to first results before a load counts
# as failed) BENCH_WORK=<dir> (default: a new temp dir, removed afterwards unless BENCH_KEEP=1)
# BENCH_QUIET_WAIT=30 (seconds to wait, before each timed run, for other processes to drop below 0.3 core)
# BENCH_INGEST_MB=64 (ingest input, at least 50) BENCH_INGEST_RUNS=5 (ingest passes per core count, best)
# BENCH_INCR_RUNS=3 (timed incremental rebuilds of each kind at most; the same BENCH_BUDGET applies)
# BENCH_SKIP_INGEST=1 BENCH_SKIP_INCREMENTAL=1 BENCH_SKIP_HUGO=1 BENCH_SKIP_BROWSER=1 BENCH_SKIP_PROFILE=1 BENCH_STRICT=1.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
REPORTS=${BENCH_REPORTS:-10000}
MID=${BENCH_MID:-1000}
PER_FILE=${BENCH_PER_FILE:-10}
SEED=${BENCH_SEED:-1}
RUNS=${BENCH_RUNS:-3}
BUDGET=${BENCH_BUDGET:-150}
BROWSER_TIMEOUT=${BENCH_BROWSER_TIMEOUT:-120}
INGEST_MB=${BENCH_INGEST_MB:-64}
INGEST_RUNS=${BENCH_INGEST_RUNS:-5}
INCR_RUNS=${BENCH_INCR_RUNS:-3}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=$BENCH/results/$STAMP
mkdir -p "$RESULTS"
if [[ -n ${BENCH_WORK:-} ]]; then WORK=$BENCH_WORK; mkdir -p "$WORK"; else WORK=$(mktemp -d /tmp/archive-bench.XXXXXX); fi
cleanup() { if [[ -z ${BENCH_KEEP:-} && -z ${BENCH_WORK:-} ]]; then rm -rf "$WORK"; fi; }
trap cleanup EXIT
STARTED=$SECONDS

log() { printf '» %s\n' "$*" >&2; }
fail() { printf 'bench: %s\n' "$*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1; }
# Reads one value from a JSON file: json FILE 'expression over o'.
json() { node -e 'const o = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); const v = eval(process.argv[2]); console.log(v === undefined || v === null ? "" : v);' "$1" "$2"; }
fmt() { awk -v x="$1" -v p="${2:-1}" 'BEGIN { if (x == "") print "–"; else printf "%.*f\n", p, x }'; }
mib() { awk -v x="$1" 'BEGIN { printf "%.0f MiB\n", x / 1048576 }'; }
kb() { awk -v x="$1" 'BEGIN { if (x >= 1048576) printf "%.1f MB\n", x / 1048576; else printf "%.0f KB\n", x / 1024 }'; }

# --- prerequisites ---------------------------------------------------------------------------------
missing=()
need dotnet || fail "the .NET SDK (dotnet) is needed"
need hugo || missing+=(hugo)
[[ -x /usr/bin/time ]] || missing+=(time)
need gzip || missing+=(gzip)
need node || missing+=(nodejs)
need npm || missing+=(npm)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]] && need apt-get; then
    log "installing ${missing[*]} (apt-get)"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  else
    fail "missing: ${missing[*]} (install them, e.g. apt-get install ${missing[*]})"
  fi
fi

log "building the CLI and the bench tools (Release)"
dotnet build -c Release "$ROOT/src/Archive.Cli" -nologo -v q >"$RESULTS/dotnet-build.log" 2>&1 || { cat "$RESULTS/dotnet-build.log" >&2; fail "dotnet build src/Archive.Cli failed"; }
dotnet build -c Release "$BENCH/Archive.Bench" -nologo -v q >>"$RESULTS/dotnet-build.log" 2>&1 || { cat "$RESULTS/dotnet-build.log" >&2; fail "dotnet build bench/Archive.Bench failed"; }
if [[ -z ${BENCH_SKIP_INGEST:-} ]]; then
  dotnet build -c Release "$BENCH/ingest" -nologo -v q >>"$RESULTS/dotnet-build.log" 2>&1 || { cat "$RESULTS/dotnet-build.log" >&2; fail "dotnet build bench/ingest failed"; }
fi
# Snapshots: the measured binaries and theme are copies in the work dir, so a rebuild of src/ or an
# edit of theme/ by someone else during the run changes neither the figures nor the build cache's
# validity (the cache is keyed by the tool's assemblies and the theme's bytes).
rm -rf "$WORK/bin" "$WORK/theme"
mkdir -p "$WORK/bin"
cp -r "$ROOT/src/Archive.Cli/bin/Release/net10.0" "$WORK/bin/cli"
cp -r "$BENCH/Archive.Bench/bin/Release/net10.0" "$WORK/bin/tool"
if [[ -z ${BENCH_SKIP_INGEST:-} ]]; then cp -r "$BENCH/ingest/bin/Release/net10.0" "$WORK/bin/ingest"; fi
cp -r "$ROOT/theme" "$WORK/theme"
CLI=$WORK/bin/cli/archive.dll
TOOL=$WORK/bin/tool/archive-bench.dll
INGEST=$WORK/bin/ingest/Archive.Bench.Ingest.dll
THEME=$WORK/theme
if [[ -z ${BENCH_SKIP_BROWSER:-} && ! -d $BENCH/node_modules/playwright-core ]]; then
  log "installing playwright-core (npm ci in bench/)"
  (cd "$BENCH" && npm ci --no-audit --no-fund >&2)
fi

# --- machine -----------------------------------------------------------------------------------------
CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
OS=$(. /etc/os-release && echo "$PRETTY_NAME")
DOTNET_V=$(dotnet --version)
HUGO_V=$(hugo version 2>/dev/null | awk '{ print $2 }')
CHROMIUM_V=$(/usr/bin/chromium --version 2>/dev/null | awk '{ print $2 }')
NODE_V=$(node --version)

# --- helpers -----------------------------------------------------------------------------------------
HZ=$(getconf CLK_TCK)
QUIET_WAIT=${BENCH_QUIET_WAIT:-30}
# Busy CPU time of the whole machine so far, in clock ticks (user, nice, system, irq, softirq, steal).
cpu_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
# Waits (at most $QUIET_WAIT s) until other processes use less than 0.3 core, so a timed run starts on a quiet machine.
wait_quiet() {
  local waited=0 b0 b1 busy
  while :; do
    b0=$(cpu_busy); sleep 1; b1=$(cpu_busy)
    busy=$(awk -v a="$b0" -v b="$b1" -v hz="$HZ" 'BEGIN { printf "%.2f", (b - a) / hz }')
    if awk -v x="$busy" 'BEGIN { exit !(x < 0.3) }' || ((waited >= QUIET_WAIT)); then break; fi
    ((waited == 0)) && log "machine busy (${busy} cores used by other processes): waiting up to ${QUIET_WAIT} s"
    waited=$((waited + 1))
  done
}
# timed LOG COMMAND…: runs COMMAND under /usr/bin/time; sets WALL (s), RSS_KB (max resident set),
# CPU_S (user + system of the command) and OTHERS_S (CPU time the rest of the machine used meanwhile).
timed() {
  local log=$1 b0 b1 user sys
  shift
  wait_quiet
  sync
  b0=$(cpu_busy)
  /usr/bin/time -f '%e %M %U %S' -o "$log.time" "$@" >"$log" 2>&1 || return 1
  b1=$(cpu_busy)
  read -r WALL RSS_KB user sys < <(tail -1 "$log.time")
  CPU_S=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
  OTHERS_S=$(awk -v a="$b0" -v b="$b1" -v hz="$HZ" -v c="$CPU_S" 'BEGIN { x = (b - a) / hz - c; print (x < 0 ? 0 : x) }')
}

# our_build NAME INPUT: one clean CLI build into $WORK/NAME/{out,cache,content}.
our_build() {
  local dest=$WORK/$1
  rm -rf "$dest"
  mkdir -p "$dest"
  if ! timed "$dest.log" dotnet "$CLI" build --input "$2" --output "$dest/out" --cache "$dest/cache" \
      --content "$dest/content" --theme "$THEME" --clean; then
    tail -20 "$dest.log" >&2
    fail "our build of $2 failed (log: $dest.log)"
  fi
}

# best_of NAME FUNCTION ARGS…: runs FUNCTION up to $RUNS times (stopping once the runs add up to
# $BUDGET seconds); sets BEST (lowest wall), BEST_CPU and BEST_OTHERS (of that run), PEAK_KB
# (highest max RSS), NRUNS, ALL (every wall time).
best_of() {
  local name=$1 spent=0
  shift
  BEST='' BEST_CPU='' BEST_OTHERS='' PEAK_KB=0 NRUNS=0 ALL=''
  while ((NRUNS < RUNS)); do
    "$@"
    NRUNS=$((NRUNS + 1))
    ALL="$ALL${ALL:+, }$(fmt "$WALL" 1)"
    if [[ -z $BEST ]] || awk -v a="$BEST" -v b="$WALL" 'BEGIN { exit !(b < a) }'; then
      BEST=$WALL BEST_CPU=$CPU_S BEST_OTHERS=$OTHERS_S
    fi
    PEAK_KB=$((RSS_KB > PEAK_KB ? RSS_KB : PEAK_KB))
    spent=$(awk -v s="$spent" -v w="$WALL" 'BEGIN { print s + w }')
    log "$name run $NRUNS: $(fmt "$WALL" 2) s wall, $(fmt "$CPU_S" 1) s CPU, max RSS $((RSS_KB / 1024)) MiB; other processes used $(fmt "$OTHERS_S" 1) CPU-s meanwhile"
    if awk -v s="$spent" -v b="$BUDGET" 'BEGIN { exit !(s >= b) }'; then break; fi
  done
}

# build_row LABEL HTML [TARGET]: a row of the build table from the best_of results.
build_row() {
  local runs="best of $NRUNS: $ALL"
  ((NRUNS == 1)) && runs="1 run"
  echo "| $1 | $(fmt "$BEST" 2) s ($runs) | $(fmt "$BEST_CPU" 1) s | $2 | $(fmt "$(awk -v h="$2" -v w="$BEST" 'BEGIN { print h / w }')" 0) | $((PEAK_KB / 1024)) MiB | $(fmt "$BEST_OTHERS" 1) s ($(fmt "$(awk -v o="$BEST_OTHERS" -v w="$BEST" 'BEGIN { print o / w }')" 2) cores) | ${3:-} |"
}

# target WHAT GOAL MEASURED OK: a row of the targets table at the top of the report (OK: 1 met, 0 missed).
declare -a TARGET_ROWS=()
target() {
  TARGET_ROWS+=("| $1 | $2 | $3 | $( (($4)) && echo "✓" || echo "✗ missed") |")
  (($4)) || MISSED=1
}

# search_size NAME REPORTS LABEL: sizes of the search files of $WORK/NAME/out (index shards,
# document chunks), raw and gzip -9 file by file (as a static host compresses them), summed.
declare -a SIZE_ROWS=()
search_size() {
  local out=$WORK/$1/out/search ir=0 dr=0 ig=0 dg=0 shards chunks f
  shards=$(find "$out/index" -name '*.json' | wc -l)
  chunks=$(find "$out/documents" -name '*.json' | wc -l)
  read -r ir ig < <(find "$out/index" -name '*.json' -print0 | xargs -0 -P "$(nproc)" -n 64 sh -c 'for f; do printf "%s %s\n" "$(stat -c %s "$f")" "$(gzip -9 -c "$f" | wc -c)"; done' _ | awk '{ r += $1; g += $2 } END { print r + 0, g + 0 }')
  read -r dr dg < <(find "$out/documents" -name '*.json' -print0 | xargs -0 -P "$(nproc)" -n 64 sh -c 'for f; do printf "%s %s\n" "$(stat -c %s "$f")" "$(gzip -9 -c "$f" | wc -c)"; done' _ | awk '{ r += $1; g += $2 } END { print r + 0, g + 0 }')
  local verdict=''
  if [[ $1 == bundled ]]; then
    verdict=$( ((ig <= 600 * 1024)) && echo "✓ ≤ 600 KB" || echo "✗ > 600 KB")
    target "search index of the bundled archive (gzip -9)" "≤ 600 KB" "$(kb "$ig")" "$((ig <= 600 * 1024))"
  fi
  SIZE_ROWS+=("| $3 | $2 | $(kb "$ir") | $(kb "$ig") | $shards | $(kb "$dr") | $(kb "$dg") | $chunks | $(((ir + dr) / $2)) / $(((ig + dg) / $2)) | $verdict |")
  echo "$1 $2 $ir $ig $dr $dg $shards $chunks" >>"$RESULTS/search-sizes.txt"
}

# search_timing NAME LABEL LOADS ROUNDS: Chromium timing of $WORK/NAME/out.
declare -a SEARCH_ROWS=()
search_timing() {
  local file=$RESULTS/search-$1.json code=0
  if [[ -n ${BENCH_SKIP_BROWSER:-} ]]; then return; fi
  log "search timing in Chromium: $2"
  node "$BENCH/search-timing.mjs" --site "$WORK/$1/out" --loads "$3" --rounds "$4" --timeout "$BROWSER_TIMEOUT" --json "$file" --label "$1" >&2 || code=$?
  if ((code == 3)); then
    SEARCH_ROWS+=("| $2 | **failed**: $(json "$file" 'o.summary.failed') | | | | | | | | | ✗ |")
    MISSED=1
    if [[ $1 == bundled ]]; then target "search in Chromium, bundled archive: load → first results" "≤ 300 ms" "failed" 0; fi
    return
  elif ((code != 0)); then
    fail "search timing of $2 failed (exit $code)"
  fi
  local first q50 qmax verdict=''
  first=$(json "$file" 'o.summary.firstResultsMsMedian')
  q50=$(json "$file" 'o.summary.queryMsMedian')
  qmax=$(json "$file" 'o.summary.queryMsMax')
  if [[ $1 == bundled ]]; then
    verdict=$(awk -v f="$first" -v q="$q50" -v m="$qmax" 'BEGIN { printf "%s load ≤ 300 ms, %s query median ≤ 30 ms (max %s)", (f <= 300 ? "✓" : "✗"), (q <= 30 ? "✓" : "✗"), (m <= 30 ? "≤ 30 too" : "above") }')
    [[ $verdict == *✗* ]] && MISSED=1
    target "search in Chromium, bundled archive: load → first results (median of $3)" "≤ 300 ms" "$(fmt "$first" 0) ms ($(fmt "$(json "$file" 'o.summary.afterDomContentLoadedMsMedian')" 0) ms after DOMContentLoaded)" "$(awk -v f="$first" 'BEGIN { print (f <= 300) }')"
    target "search in Chromium, bundled archive: query (median of 12 queries × $4 rounds)" "≤ 30 ms" "$(fmt "$q50" 1) ms (max $(fmt "$qmax" 1) ms)" "$(awk -v q="$q50" 'BEGIN { print (q <= 30) }')"
  fi
  SEARCH_ROWS+=("| $2 | $(fmt "$first" 0) ms (median of $3) | $(fmt "$(json "$file" 'o.summary.domContentLoadedMsMedian')" 0) ms | $(fmt "$(json "$file" 'o.summary.afterDomContentLoadedMsMedian')" 0) ms | $(fmt "$(json "$file" 'o.summary.baselineDomContentLoadedMs')" 0) ms | $(json "$file" '(o.summary.fetched.shards?.files ?? 0) + " of " + o.summary.breakdown.totalShards + " shards, " + (o.summary.fetched.documents?.files ?? 0) + " of " + o.summary.breakdown.totalChunks + " chunks, " + Math.round(((o.summary.fetched.shards?.bytes ?? 0) + (o.summary.fetched.documents?.bytes ?? 0)) / 1024) + " KB"') | $(fmt "$(json "$file" 'o.summary.breakdown.shardsMs + o.summary.breakdown.mergeMs + o.summary.breakdown.lunrLoadMs + o.summary.breakdown.queryMs + o.summary.breakdown.chunksMs')" 0) ms | $(fmt "$q50" 1) ms | $(fmt "$qmax" 1) ms ($(json "$file" 'o.summary.slowestQuery')) | $(fmt "$(json "$file" 'o.summary.jsHeapMB')" 0) MiB | $verdict |")
}

declare -a BUILD_ROWS=()
MISSED=''
# Checks that failed without stopping the run (the report lists them; the script then exits 1).
declare -a FAILED=()
check_failed() { FAILED+=("$*"); log "CHECK FAILED: $*"; }

# --- 0. ingest throughput (bench/ingest) -------------------------------------------------------------
INGEST_ROW=''
if [[ -z ${BENCH_SKIP_INGEST:-} ]]; then
  log "ingest throughput (bench/ingest: ≥ $INGEST_MB MB, best of $INGEST_RUNS per core count)"
  # env -C: bench/ingest finds input/ from the working directory when its binary is outside the repository.
  if ! timed "$RESULTS/ingest.txt" env -C "$ROOT" dotnet "$INGEST" --mb "$INGEST_MB" --runs "$INGEST_RUNS" --steps; then
    cat "$RESULTS/ingest.txt" >&2
    fail "bench/ingest failed (log: bench/results/$STAMP/ingest.txt)"
  fi
  cat "$RESULTS/ingest.txt" >&2
  ING_FILES=$(sed -nE 's/^input: ([0-9]+) files, ([0-9.]+) MB.*/\1/p' "$RESULTS/ingest.txt")
  ING_MB=$(sed -nE 's/^input: ([0-9]+) files, ([0-9.]+) MB.*/\2/p' "$RESULTS/ingest.txt")
  # ingest_field CORES N: field N of the "CORES core(s): …" line (1 wall s, 2 MB/s, 3 CPU-s, 4 MB per CPU-s, 5 reports, 6 unique, 7 GB allocated).
  ingest_field() {
    sed -nE "s/^$1 core\(s\): per-file ingest ([0-9.]+) s = ([0-9.]+) MB\/s wall .*; ([0-9.]+) CPU-s = ([0-9.]+) MB per CPU-second; merge [0-9.]+ s; ([0-9]+) reports → ([0-9]+) unique; allocated ([0-9.]+) GB per run.*/\\$2/p" "$RESULTS/ingest.txt"
  }
  NCORES=$(nproc)
  ING1=$(ingest_field 1 2)
  ING1_CPU=$(ingest_field 1 4)
  INGN=$(ingest_field "$NCORES" 2)
  INGN_CPU=$(ingest_field "$NCORES" 4)
  ING_PEAK=$(sed -nE 's/^peak working set: ([0-9.]+) MB.*/\1/p' "$RESULTS/ingest.txt")
  [[ -n $ING_MB && -n $ING1 && -n $INGN && -n $ING_PEAK ]] || fail "could not read the output of bench/ingest (bench/results/$STAMP/ingest.txt)"
  verdict=$(awk -v r="$ING1" -v mb="$ING_MB" 'BEGIN { printf "%s ≥ 50 MB/s on one core%s", (r >= 50 ? "✓" : "✗"), (mb < 50 ? " (✗ input < 50 MB)" : "") }')
  [[ $verdict == *✗* ]] && MISSED=1
  target "ingest throughput, one core (bench/ingest, $ING_MB MB; all $NCORES cores: $(fmt "$INGN" 1) MB/s)" "≥ 50 MB/s" "$(fmt "$ING1" 1) MB/s" "$(awk -v r="$ING1" -v mb="$ING_MB" 'BEGIN { print (r >= 50 && mb >= 50) }')"
  INGEST_ROW="| $ING_MB MB ($ING_FILES files; $(ingest_field 1 5) reports → $(ingest_field 1 6) unique) | **$(fmt "$ING1" 1) MB/s** ($(ingest_field 1 1) s) | $(fmt "$ING1_CPU" 1) | $(fmt "$INGN" 1) MB/s ($(ingest_field "$NCORES" 1) s) | $(fmt "$INGN_CPU" 1) | $(ingest_field 1 7) GB | $(fmt "$ING_PEAK" 0) MB (max RSS $((RSS_KB / 1024)) MiB) | $(fmt "$OTHERS_S" 1) s in $(fmt "$WALL" 0) s | $verdict |"
fi

# --- 1. bundled archive -----------------------------------------------------------------------------
log "bundled archive: our build of input/"
RUNS_SAVED=$RUNS
best_of "bundled" our_build bundled "$ROOT/input"
BUNDLED_REPORTS=$(dotnet "$TOOL" verify --output "$WORK/bundled/out" | awk '{ print $1 }')
html=$(find "$WORK/bundled/out" -name '*.html' | wc -l)
BUILD_ROWS+=("$(build_row "ours, bundled input/ ($BUNDLED_REPORTS reports)" "$html")")
search_size bundled "$BUNDLED_REPORTS" "bundled input/"

# --- 2. synthetic archives ---------------------------------------------------------------------------
generate() { # NAME COUNT
  log "generating $2 synthetic reports"
  dotnet "$TOOL" generate --reports "$2" --per-file "$PER_FILE" --seed "$SEED" --source "$ROOT/input" \
    --gold "$ROOT/tests/fixtures/gold-reports.tsv" --out "$WORK/input-$1" >&2 || fail "generating $2 reports failed"
}
verify() { # NAME COUNT
  dotnet "$TOOL" verify --output "$WORK/$1/out" --expect "$2" >&2 || fail "the archive built from $2 synthetic reports does not hold $2 reports"
}

generate mid "$MID"
log "synthetic $MID: our build"
RUNS=1
best_of "synthetic $MID" our_build mid "$WORK/input-mid"
RUNS=$RUNS_SAVED
verify mid "$MID"
html=$(find "$WORK/mid/out" -name '*.html' | wc -l)
BUILD_ROWS+=("$(build_row "ours, synthetic $MID reports" "$html")")

generate large "$REPORTS"
log "synthetic $REPORTS: our build (best of up to $RUNS, budget $BUDGET s)"
best_of "synthetic $REPORTS" our_build large "$WORK/input-large"
verify large "$REPORTS"
OUR_BEST=$BEST
OUR_CPU=$BEST_CPU
OUR_HTML=$(find "$WORK/large/out" -name '*.html' | wc -l)
OUR_PEAK_MB=$((PEAK_KB / 1024))
verdict=$(awk -v w="$OUR_BEST" -v m="$OUR_PEAK_MB" 'BEGIN { printf "%s ≤ 10 s, %s ≤ 1 GB", (w <= 10 ? "✓" : "✗"), (m <= 1024 ? "✓" : "✗") }')
[[ $verdict == *✗* ]] && MISSED=1
BUILD_ROWS+=("$(build_row "**ours, synthetic $REPORTS reports**" "$OUR_HTML" "$verdict")")
target "clean build, $REPORTS synthetic reports: wall time" "≤ 10 s" "$(fmt "$OUR_BEST" 2) s" "$(awk -v w="$OUR_BEST" 'BEGIN { print (w <= 10) }')"
target "clean build, $REPORTS synthetic reports: peak RSS" "≤ 1 GB" "$OUR_PEAK_MB MiB" "$((OUR_PEAK_MB <= 1024))"

# --- incremental rebuilds of the large archive --------------------------------------------------------
# Into the output, cache and content folders the last clean build left, without --clean, whole CLI process.
declare -a INCR_ROWS=()
INCR_TIMINGS=''
if [[ -z ${BENCH_SKIP_INCREMENTAL:-} ]]; then
  incr_build() { # LOG [EXTRA ARGS…]: one incremental CLI build of the large archive, timed
    local log=$1
    shift
    timed "$log" dotnet "$CLI" build --input "$WORK/input-large" --output "$WORK/large/out" --cache "$WORK/large/cache" \
      --content "$WORK/large/content" --theme "$THEME" "$@"
  }
  # incr_row LABEL CHECK TARGET_S: a row of the incremental table from the best_of results.
  incr_row() {
    local runs="best of $NRUNS: $ALL" verdict
    ((NRUNS == 1)) && runs="1 run"
    verdict=$(awk -v w="$BEST" -v t="$3" 'BEGIN { printf "%s ≤ %s s", (w <= t ? "✓" : "✗"), t }')
    [[ $verdict == *✗* ]] && MISSED=1
    target "incremental rebuild, $REPORTS synthetic reports: $1" "≤ $3 s" "$(fmt "$BEST" 2) s ($(fmt "$(awk -v b="$BEST" -v c="$OUR_BEST" 'BEGIN { print 100 * b / c }')" 1) % of the clean build)" "$(awk -v w="$BEST" -v t="$3" 'BEGIN { print (w <= t) }')"
    INCR_ROWS+=("| $1 | **$(fmt "$BEST" 2) s** ($runs) | $(fmt "$BEST_CPU" 1) s | $((PEAK_KB / 1024)) MiB | $(fmt "$(awk -v b="$BEST" -v c="$OUR_BEST" 'BEGIN { print b / c }')" 3)× ($(fmt "$(awk -v b="$BEST" -v c="$OUR_BEST" 'BEGIN { print 100 * b / c }')" 1) %) | $2 | $(fmt "$BEST_OTHERS" 1) s | $verdict |")
  }
  RUNS_SAVED=$RUNS
  RUNS=$INCR_RUNS

  # (a) nothing changed since the clean build just done: the CLI must say so and write nothing.
  log "synthetic $REPORTS: incremental rebuild with nothing changed (best of up to $RUNS)"
  NOCHANGE_OK=0
  nochange_run() {
    local n=$((NRUNS + 1)) log touched
    log=$RESULTS/incr-nochange-$n.log
    touch "$WORK/incr-marker"
    incr_build "$log" || { tail -20 "$log" >&2; fail "the no-change rebuild failed (log: bench/results/$STAMP/incr-nochange-$n.log)"; }
    touched=$(find "$WORK/large/out" "$WORK/large/content" -newer "$WORK/incr-marker" | wc -l)
    if grep -q '^no changes since the last build' "$log" && ((touched == 0)); then
      NOCHANGE_OK=$((NOCHANGE_OK + 1))
    else
      check_failed "no-change rebuild $n of $REPORTS reports: $( (grep -q '^no changes since the last build' "$log" && echo 'said "no changes"') || echo 'did not say "no changes since the last build"'), $touched files in the output/content folders touched ($(grep '^built \|^cache: ' "$log" | head -2 | tr '\n' ' '))"
    fi
  }
  best_of "no-change rebuild" nochange_run
  check="\"no changes since the last build\", 0 files touched: $( ((NOCHANGE_OK == NRUNS)) && echo "✓ all $NRUNS runs" || echo "**✗ $((NRUNS - NOCHANGE_OK)) of $NRUNS runs did otherwise**")"
  incr_row "nothing changed, right after the clean build" "$check" 1

  # (b) one new compilation of PER_FILE reports (another seed, its own folder), copied in, rebuilt;
  # then removed and rebuilt once (untimed) to restore the state of the clean build before the next run.
  log "generating one extra compilation of $PER_FILE reports (seed $((SEED + 1)))"
  rm -rf "$WORK/input-extra"
  dotnet "$TOOL" generate --reports "$PER_FILE" --per-file "$PER_FILE" --seed "$((SEED + 1))" --source "$ROOT/input" \
    --gold "$ROOT/tests/fixtures/gold-reports.tsv" --out "$WORK/input-extra" >&2 || fail "generating the extra compilation failed"
  mapfile -t extra < <(find "$WORK/input-extra" -type f -name '*.txt')
  ((${#extra[@]} == 1)) || fail "the extra compilation is ${#extra[@]} files, not one"
  EXTRA=${extra[0]}
  EXTRA_NAME=$(basename "$EXTRA")
  EXTRA_KB=$(( $(stat -c %s "$EXTRA") / 1024 ))
  [[ -e $WORK/input-large/$EXTRA_NAME ]] && fail "$EXTRA_NAME already exists in the synthetic input"
  log "synthetic $REPORTS: incremental rebuild after adding $EXTRA_NAME (best of up to $RUNS)"
  ADD_OK=0 ADD_DETAIL='' RESTORE_ALL=''
  add_run() {
    local n=$((NRUNS + 1)) log added listed summary t0 restore
    log=$RESULTS/incr-add-$n.log
    cp "$EXTRA" "$WORK/input-large/"
    incr_build "$log" --timings || { rm -f "$WORK/input-large/$EXTRA_NAME"; tail -20 "$log" >&2; fail "the rebuild after adding one compilation failed (log: bench/results/$STAMP/incr-add-$n.log)"; }
    listed=$(grep -c '^added:' "$log" || true)
    summary=$(grep '^built ' "$log" || true)
    added=$(sed -nE 's/.*: ([0-9]+) added, ([0-9]+) changed, ([0-9]+) removed;.*/\1/p' <<<"$summary")
    ADD_DETAIL=$(sed -nE 's/.*: ([0-9]+ added, [0-9]+ changed, [0-9]+ removed); ([0-9]+ files written, [0-9]+ unchanged, [0-9]+ deleted).*/\1; \2/p' <<<"$summary")
    if [[ -n $added ]] && ((listed == added && added >= PER_FILE - 2 && added <= PER_FILE)) && [[ $summary == *"$((REPORTS + added)) reports"* ]]; then
      ADD_OK=$((ADD_OK + 1))
    else
      check_failed "rebuild $n after adding $EXTRA_NAME ($PER_FILE reports): $listed \"added:\" lines; summary: ${summary:-none}"
    fi
    # Restore: remove the file and rebuild once, so every timed run starts from the same state.
    rm -f "$WORK/input-large/$EXTRA_NAME"
    wait_quiet
    t0=$(date +%s.%N)
    dotnet "$CLI" build --input "$WORK/input-large" --output "$WORK/large/out" --cache "$WORK/large/cache" \
      --content "$WORK/large/content" --theme "$THEME" >"$RESULTS/incr-restore-$n.log" 2>&1 \
      || { tail -20 "$RESULTS/incr-restore-$n.log" >&2; fail "the rebuild after removing the extra compilation failed"; }
    restore=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
    RESTORE_ALL="$RESTORE_ALL${RESTORE_ALL:+, }$(fmt "$restore" 1)"
    grep -q "^built $REPORTS reports .* ${added:-?} removed;" "$RESULTS/incr-restore-$n.log" \
      || check_failed "rebuild $n after removing $EXTRA_NAME again: $(grep '^built ' "$RESULTS/incr-restore-$n.log" || echo 'no summary')"
    log "  restored (removed again, rebuilt) in $(fmt "$restore" 1) s"
    # Keep the step timings of the fastest run for the report.
    if [[ $BEST_RUN_CANDIDATE == '' ]] || awk -v a="$BEST_RUN_CANDIDATE" -v b="$WALL" 'BEGIN { exit !(b < a) }'; then
      BEST_RUN_CANDIDATE=$WALL
      INCR_TIMINGS=$(awk 'f && NF; /^built / { f = 1 }' "$log")
      INCR_ADDED_LINES=$(grep '^added:' "$log" || true)
    fi
  }
  BEST_RUN_CANDIDATE=''
  best_of "add-one-compilation rebuild" add_run
  check="$ADD_DETAIL: $( ((ADD_OK == NRUNS)) && echo "✓ $PER_FILE \"added:\" lines in all $NRUNS runs" || echo "**✗ $((NRUNS - ADD_OK)) of $NRUNS runs did not report $PER_FILE added**")"
  incr_row "one new compilation added ($EXTRA_NAME, $EXTRA_KB KB, $PER_FILE reports, seed $((SEED + 1)))" "$check" 2
  INCR_ROWS+=("| (then removed again and rebuilt, to restore; not a target) | $RESTORE_ALL s | | | | $PER_FILE \"removed:\" each time | | |")
  RUNS=$RUNS_SAVED
  verify large "$REPORTS"
fi

log "synthetic $REPORTS: per-step timings (one in-process SiteBuild.Run)"
rm -rf "$WORK/steps"
wait_quiet
sync
dotnet "$TOOL" build --input "$WORK/input-large" --output "$WORK/steps/out" --cache "$WORK/steps/cache" --content "$WORK/steps/content" \
  --theme "$THEME" --json "$RESULTS/steps.json" >"$RESULTS/steps.md" 2>&1 || { cat "$RESULTS/steps.md" >&2; fail "in-process build failed"; }
rm -rf "$WORK/steps"
if [[ -z ${BENCH_SKIP_PROFILE:-} ]]; then
  log "synthetic $REPORTS: the expensive pieces one by one, on one thread (archive-bench profile)"
  wait_quiet
  dotnet "$TOOL" profile --input "$WORK/input-large" --theme "$THEME" >"$RESULTS/profile.md" 2>"$RESULTS/profile.log" || { cat "$RESULTS/profile.log" >&2; fail "profile failed"; }
fi

# --- 3. Hugo on the same Markdown --------------------------------------------------------------------
HUGO_ROW=''
RATIO_ROW=''
if [[ -z ${BENCH_SKIP_HUGO:-} ]]; then
  SITE=$WORK/hugo
  rm -rf "$SITE"
  mkdir -p "$SITE"
  cp -r "$BENCH/hugo/." "$SITE/"
  dotnet "$TOOL" hugo-content --from "$WORK/large/content" --to "$SITE/content" >&2
  hugo_build() {
    rm -rf "$SITE/public" "$SITE/resources" "$WORK/hugo-cache"
    if ! timed "$SITE.log" hugo --quiet --source "$SITE" --destination "$SITE/public" --cacheDir "$WORK/hugo-cache"; then
      tail -20 "$SITE.log" >&2
      fail "hugo failed (log: $SITE.log)"
    fi
  }
  log "synthetic $REPORTS: Hugo (best of up to $RUNS)"
  best_of "hugo" hugo_build
  HUGO_HTML=$(find "$SITE/public" -name '*.html' | wc -l)
  HUGO_ROW=$(build_row "Hugo $HUGO_V, same $REPORTS reports (hugo --quiet)" "$HUGO_HTML")
  RATIO=$(awk -v a="$OUR_BEST" -v b="$BEST" 'BEGIN { printf "%.2f", a / b }')
  target "clean build, $REPORTS synthetic reports: faster than Hugo $HUGO_V" "ours ÷ Hugo ≤ 1" "$RATIO× ($(fmt "$OUR_BEST" 1) s vs $(fmt "$BEST" 1) s)" "$(awk -v r="$RATIO" 'BEGIN { print (r <= 1) }')"
  RATIO_ROW="| ratio ours / Hugo | **${RATIO}×** wall | $(awk -v a="$OUR_CPU" -v b="$BEST_CPU" 'BEGIN { printf "%.2f×", a / b }') | | | $(awk -v a="$OUR_PEAK_MB" -v b="$((PEAK_KB / 1024))" 'BEGIN { printf "%.2f×", a / b }') | | $(awk -v r="$RATIO" 'BEGIN { print (r <= 1 ? "✓ beats Hugo" : "✗ slower than Hugo") }') |"
  rm -rf "$SITE/public"
fi

# --- 4. search index size and browser timing ---------------------------------------------------------
log "search index sizes (gzip -9)"
search_size mid "$MID" "synthetic $MID"
search_size large "$REPORTS" "synthetic $REPORTS"
search_timing bundled "bundled input/ ($BUNDLED_REPORTS reports)" 5 3
search_timing mid "synthetic $MID" 3 2
search_timing large "synthetic $REPORTS" 1 1

# --- report ------------------------------------------------------------------------------------------
{
  echo "# Archive benchmark, $STAMP"
  echo
  echo "| machine | CPU | memory | OS | .NET SDK | Hugo | Chromium | Node |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  echo "| $(nproc) cores | $CPU | $MEM | $OS | $DOTNET_V | $HUGO_V | $CHROMIUM_V | $NODE_V |"
  echo
  echo "## Targets (details in the sections below)"
  echo
  echo "| what | target | measured | |"
  echo "| --- | --- | --- | --- |"
  printf '%s\n' "${TARGET_ROWS[@]}"
  echo
  echo "## Build (clean, Release CLI; wall time from /usr/bin/time, best run; peak = highest max RSS over the runs)"
  echo
  echo "| what | wall time | CPU (user+sys) | HTML pages | pages/s | peak RSS | other processes' CPU during that run | target |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
  printf '%s\n' "${BUILD_ROWS[@]}"
  [[ -n $HUGO_ROW ]] && printf '%s\n%s\n' "$HUGO_ROW" "$RATIO_ROW"
  if ((${#INCR_ROWS[@]})); then
    echo
    echo "## Incremental rebuilds of the $REPORTS synthetic reports (whole CLI process, no --clean, into the output, cache and content folders of the last clean build; wall time from /usr/bin/time, best run)"
    echo
    echo "| rebuild | wall time | CPU (user+sys) | peak RSS | ÷ clean build ($(fmt "$OUR_BEST" 2) s) | what the CLI reported | other processes' CPU during that run | target |"
    echo "| --- | ---: | ---: | ---: | ---: | --- | ---: | --- |"
    printf '%s\n' "${INCR_ROWS[@]}"
    if [[ -n $INCR_TIMINGS ]]; then
      echo
      echo "Step times of the fastest rebuild after adding the compilation (\`--timings\`; steps overlap):"
      echo
      echo '```'
      echo "$INCR_TIMINGS"
      echo '```'
    fi
  fi
  if [[ -n $INGEST_ROW ]]; then
    echo
    echo "## Ingest throughput (bench/ingest: input/*.txt repeated with variations, 10 % GB18030; per-file ingest read → … → id, best of $INGEST_RUNS; then duplicate merging)"
    echo
    echo "| input | 1 core, wall | 1 core, MB per CPU-s | all $(nproc) cores, wall | all cores, MB per CPU-s | allocated per pass | peak working set (input held in memory) | other processes' CPU during the whole process | target |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
    echo "$INGEST_ROW"
    echo
    echo '```'
    sed -n '/^steps on one core/,/^peak working set/p' "$RESULTS/ingest.txt"
    echo '```'
  fi
  echo
  echo "## Where our $REPORTS-report build spends its time (one in-process SiteBuild.Run; steps whose inputs are ready run in parallel, so times overlap)"
  echo
  cat "$RESULTS/steps.md"
  if [[ -s $RESULTS/profile.md ]]; then
    echo
    echo "### The same work piece by piece, on one thread (CPU cost without overlap; archive-bench profile)"
    echo
    cat "$RESULTS/profile.md"
  fi
  echo
  echo "## Search index size (output/search/*.json)"
  echo
  echo "| archive | reports | index raw | index gzip -9 | index shards | documents raw | documents gzip -9 | document chunks | bytes/report raw / gzip | target |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
  printf '%s\n' "${SIZE_ROWS[@]}"
  if [[ -z ${BENCH_SKIP_BROWSER:-} ]]; then
    echo
    echo "## Search in headless Chromium (served uncompressed from 127.0.0.1; load = navigation start → first results for ?q=林长制)"
    echo
    echo "| archive | load → first results | DOMContentLoaded | DOMContentLoaded → first results | DOMContentLoaded, page without search | fetched for the first results | its work on a warm page (fetch shards, merge, lunr load, query, fetch the documents of the first 20) | query median | query max (slowest) | JS heap | target |"
    echo "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |"
    printf '%s\n' "${SEARCH_ROWS[@]}"
  fi
  if ((${#FAILED[@]})); then
    echo
    echo "## Failed checks"
    echo
    printf -- '- %s\n' "${FAILED[@]}"
  fi
  echo
  echo "Whole run: $(((SECONDS - STARTED) / 60)) min $(((SECONDS - STARTED) % 60)) s. Raw data and logs: bench/results/$STAMP/."
} | tee "$RESULTS/summary.md"
cp "$RESULTS/summary.md" "$BENCH/results/latest.md"

if ((${#FAILED[@]})); then exit 1; fi
if [[ -n ${BENCH_STRICT:-} && -n $MISSED ]]; then exit 4; fi
exit 0
