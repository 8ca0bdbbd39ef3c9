#!/usr/bin/env bash
# Cold start, Coffer vs the legacy DynamoDB Encryption Client: from JVM start to the first item
# encrypted and decrypted, what an AWS Lambda function pays on its first request.
#
#   benchmarks/cold-start.sh                    # 10 runs each, alternating; rewrites docs/PERFORMANCE.md
#   benchmarks/cold-start.sh --runs 20          # more runs
#   benchmarks/cold-start.sh --java-opts '-XX:TieredStopAtLevel=1'   # JVM options for every run
#
# Each run is a fresh `java -cp benchmarks/target/benchmarks.jar <main>` process (ColdStartCoffer or
# ColdStartLegacy; the order alternates between rounds). Each main prints the time from JVM start
# (RuntimeMXBean start time) to the S item encrypted and decrypted, with its phases; the script adds
# the process's wall time from launch to exit. One untimed run of each comes first, so neither side
# pays for reading the jar and the JDK from disk. Results: benchmarks/results/cold-start.tsv.
#
# Other options: --no-build (use the jar as it is), --no-report (do not regenerate the doc),
# --java PATH, --results PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=10
build=1
report=1
java=java
java_opts=""
results=benchmarks/results/cold-start.tsv
command="benchmarks/cold-start.sh"
for arg in "$@"; do
    command+=" '$arg'"
done
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        --no-report) report=0; shift ;;
        --java) java="$2"; shift 2 ;;
        --java-opts) java_opts="$2"; shift 2 ;;
        --results) results="$2"; shift 2 ;;
        *) echo "unknown option $1; see the comment at the top of $0" >&2; exit 2 ;;
    esac
done

if [ "$build" = 1 ]; then
    ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi
jar=benchmarks/target/benchmarks.jar
main_of() {
    case "$1" in
        coffer) echo dev.coffer.benchmarks.ColdStartCoffer ;;
        legacy) echo dev.coffer.benchmarks.ColdStartLegacy ;;
    esac
}

# One process; prints "<main's line>\t<wall ms>".
run_one() {
    local start end line
    start=$(date +%s%N)
    # shellcheck disable=SC2086
    line=$("$java" $java_opts -cp "$jar" "$(main_of "$1")")
    end=$(date +%s%N)
    printf '%s\t%s\n' "$line" "$(( (end - start) / 1000000 ))"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for library in coffer legacy; do
    run_one "$library" > /dev/null
done

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for ((i = 1; i <= runs; i++)); do
    if (( i % 2 == 1 )); then order="coffer legacy"; else order="legacy coffer"; fi
    for library in $order; do
        printf '%s\t%s\n' "$i" "$(run_one "$library")" >> "$tmp"
        tail -n 1 "$tmp" >&2
    done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

mkdir -p "$(dirname "$results")"
{
    echo "#started	$started"
    echo "#command	$command"
    echo "#runs	$runs"
    echo "#java	$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')"
    echo "#java_opts	${java_opts:-(none)}"
    echo "#load_before	$load_before"
    echo "#load_after	$load_after"
    echo "#run	library	jvm_to_main_ms	item_ms	build_ms	encrypt_ms	decrypt_ms	jvm_to_decrypted_ms	ok	process_wall_ms"
    cat "$tmp"
} > "$results"

java -cp "$jar" dev.coffer.benchmarks.ColdStart "$results"
if [ "$report" = 1 ]; then
    java -cp "$jar" dev.coffer.benchmarks.Comparison --report-only
fi
