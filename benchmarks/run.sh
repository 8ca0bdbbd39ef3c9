#!/usr/bin/env bash
# Runs Coffer's comparison and regenerates docs/PERFORMANCE.md (about 14 minutes): the stored-size
# tool (StoredSize), the JMH comparison (Comparison), then the cold-start script (cold-start.sh).
#
#   benchmarks/run.sh                            # full run; rewrites docs/PERFORMANCE.md
#   benchmarks/run.sh --rerun 'CofferBenchmark'  # re-measure matching benchmarks, keep the other rows
#   benchmarks/run.sh --report-only              # regenerate the doc from benchmarks/results/*.tsv
#
# Other options: --quick (plumbing check, meaningless numbers), --doc PATH, --results PATH (passed to
# Comparison), --no-cold-start (keep the kept cold-start results). With --rerun, --quick or
# --report-only, neither the stored-size tool nor the cold-start script runs.
# Run it on a quiet machine: check `uptime` first; the doc records the load average.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmarks -am package -DskipTests
jar=benchmarks/target/benchmarks.jar
command="benchmarks/run.sh"
full=1
cold=1
args=()
for arg in "$@"; do
    command+=" '$arg'"
    case "$arg" in
        --rerun|--quick|--report-only) full=0 ;;
    esac
    if [ "$arg" = --no-cold-start ]; then
        cold=0
    else
        args+=("$arg")
    fi
done
if [ "$full" = 1 ]; then
    java -cp "$jar" dev.coffer.benchmarks.StoredSize --command "$command"
fi
java -cp "$jar" dev.coffer.benchmarks.Comparison --command "$command" "${args[@]}"
if [ "$full" = 1 ] && [ "$cold" = 1 ]; then
    benchmarks/cold-start.sh --no-build
fi
