#!/usr/bin/env bash
# The archive's benchmark, end to end (see bench/README.md):
#   1. builds the CLI (Release) and the bench tools;
#   2. bundled archive (input/): our build, search index size, search timing in Chromium;
#   3. synthetic archive of BENCH_MID reports (1,000): the same;
#   4. synthetic archive of BENCH_REPORTS reports (10,000): our build (best of up to BENCH_RUNS),
#      per-step timings (one in-process SiteBuild.Run), the same Markdown built by Hugo (best of up
#      to BENCH_RUNS), search index size, search timing in Chromium;
#   5. prints one Markdown report on stdout (progress goes to stderr) and saves it, with the raw
#      JSON and logs, under bench/results/<timestamp>/.
# Exit codes: 0 measured (targets met or not, unless BENCH_STRICT=1), 1 a build or check failed,
# 4 a target was missed under BENCH_STRICT=1.
#
# Settings (environment): BENCH_REPORTS=10000 BENCH_MID=1000 BENCH_PER_FILE=10 BENCH_SEED=1
# BENCH_RUNS=3 (timed runs per tool at most) BENCH_BUDGET=150 (seconds: stop repeating a tool once
# its runs add up to this) BENCH_BROWSER_TIMEOUT=120 (seconds to first results before a load counts
# as failed) BENCH_WORK=<dir> (default: a new temp dir, removed afterwards unless BENCH_KEEP=1)
# BENCH_QUIET_WAIT=30 (seconds to wait, before each timed run, for other processes to drop below 0.3 core)
# BENCH_SKIP_HUGO=1 BENCH_SKIP_BROWSER=1 BENCH_SKIP_PROFILE=1 BENCH_STRICT=1.
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
CLI=$ROOT/src/Archive.Cli/bin/Release/net10.0/archive.dll
TOOL=$BENCH/Archive.Bench/bin/Release/net10.0/archive-bench.dll
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
      --content "$dest/content" --theme "$ROOT/theme" --clean; then
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

# search_size NAME REPORTS: sizes of the search files of $WORK/NAME/out, raw and gzip -9.
declare -a SIZE_ROWS=()
search_size() {
  local out=$WORK/$1/out/search index docs ir dr ig dg
  index=$(ls "$out"/index.*.json)
  docs=$(ls "$out"/documents.*.json)
  ir=$(stat -c %s "$index")
  dr=$(stat -c %s "$docs")
  ig=$(gzip -9 -c "$index" | wc -c)
  dg=$(gzip -9 -c "$docs" | wc -c)
  local verdict=''
  if [[ $1 == bundled ]]; then verdict=$( ((ig <= 600 * 1024)) && echo "✓ ≤ 600 KB" || echo "✗ > 600 KB"); fi
  SIZE_ROWS+=("| $3 | $2 | $(kb "$ir") | $(kb "$ig") | $(kb "$dr") | $(kb "$dg") | $(kb $((ig + dg))) | $(((ir + dr) / $2)) / $(((ig + dg) / $2)) | $verdict |")
  echo "$1 $2 $ir $ig $dr $dg" >>"$RESULTS/search-sizes.txt"
}

# search_timing NAME LABEL LOADS ROUNDS: Chromium timing of $WORK/NAME/out.
declare -a SEARCH_ROWS=()
search_timing() {
  local file=$RESULTS/search-$1.json code=0
  if [[ -n ${BENCH_SKIP_BROWSER:-} ]]; then return; fi
  log "search timing in Chromium: $2"
  node "$BENCH/search-timing.mjs" --site "$WORK/$1/out" --loads "$3" --rounds "$4" --timeout "$BROWSER_TIMEOUT" --json "$file" --label "$1" >&2 || code=$?
  if ((code == 3)); then
    SEARCH_ROWS+=("| $2 | **failed**: $(json "$file" 'o.summary.failed') | | | | | | | | ✗ |")
    MISSED=1
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
  fi
  SEARCH_ROWS+=("| $2 | $(fmt "$first" 0) ms (median of $3) | $(fmt "$(json "$file" 'o.summary.domContentLoadedMsMedian')" 0) ms | $(fmt "$(json "$file" 'o.summary.breakdown.downloadMs')" 0) ms | $(fmt "$(json "$file" 'o.summary.breakdown.parseIndexMs + o.summary.breakdown.parseDocumentsMs')" 0) ms | $(fmt "$(json "$file" 'o.summary.breakdown.lunrLoadMs')" 0) ms | $(fmt "$q50" 1) ms | $(fmt "$qmax" 1) ms ($(json "$file" 'o.summary.slowestQuery')) | $(fmt "$(json "$file" 'o.summary.jsHeapMB')" 0) MiB | $verdict |")
}

declare -a BUILD_ROWS=()
MISSED=''

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

log "synthetic $REPORTS: per-step timings (one in-process SiteBuild.Run)"
rm -rf "$WORK/steps"
wait_quiet
sync
dotnet "$TOOL" build --input "$WORK/input-large" --output "$WORK/steps/out" --cache "$WORK/steps/cache" --content "$WORK/steps/content" \
  --theme "$ROOT/theme" --json "$RESULTS/steps.json" >"$RESULTS/steps.md" 2>&1 || { cat "$RESULTS/steps.md" >&2; fail "in-process build failed"; }
rm -rf "$WORK/steps"
if [[ -z ${BENCH_SKIP_PROFILE:-} ]]; then
  log "synthetic $REPORTS: the expensive pieces one by one, on one thread (archive-bench profile)"
  wait_quiet
  dotnet "$TOOL" profile --input "$WORK/input-large" --theme "$ROOT/theme" >"$RESULTS/profile.md" 2>"$RESULTS/profile.log" || { cat "$RESULTS/profile.log" >&2; fail "profile failed"; }
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
  echo "## Build (clean, Release CLI; wall time from /usr/bin/time, best run; peak = highest max RSS over the runs)"
  echo
  echo "| what | wall time | CPU (user+sys) | HTML pages | pages/s | peak RSS | other processes' CPU during that run | target |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
  printf '%s\n' "${BUILD_ROWS[@]}"
  [[ -n $HUGO_ROW ]] && printf '%s\n%s\n' "$HUGO_ROW" "$RATIO_ROW"
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
  echo "| archive | reports | index raw | index gzip -9 | documents raw | documents gzip -9 | download (gzip) | bytes/report raw / gzip | target |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
  printf '%s\n' "${SIZE_ROWS[@]}"
  if [[ -z ${BENCH_SKIP_BROWSER:-} ]]; then
    echo
    echo "## Search in headless Chromium (served uncompressed from 127.0.0.1; load = navigation start → first results for ?q=林长制)"
    echo
    echo "| archive | load → first results | DOMContentLoaded | download both files | JSON.parse | lunr.Index.load | query median | query max (slowest) | JS heap | target |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
    printf '%s\n' "${SEARCH_ROWS[@]}"
  fi
  echo
  echo "Whole run: $(((SECONDS - STARTED) / 60)) min $(((SECONDS - STARTED) % 60)) s. Raw data and logs: bench/results/$STAMP/."
} | tee "$RESULTS/summary.md"
cp "$RESULTS/summary.md" "$BENCH/results/latest.md"

if [[ -n ${BENCH_STRICT:-} && -n $MISSED ]]; then exit 4; fi
exit 0
