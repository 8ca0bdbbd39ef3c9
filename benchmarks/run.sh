#!/usr/bin/env bash
# Runs Coffer's comparison benchmarks and regenerates docs/PERFORMANCE.md (about 12 minutes).
#
#   benchmarks/run.sh                            # full run; rewrites docs/PERFORMANCE.md
#   benchmarks/run.sh --rerun 'CofferBenchmark'  # re-measure matching benchmarks, keep the other rows
#   benchmarks/run.sh --report-only              # regenerate the doc from benchmarks/results/comparison.tsv
#
# Other options: --quick (plumbing check, meaningless numbers), --doc PATH, --results PATH.
# Run it on a quiet machine: check `uptime` first; the doc records the load average.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmarks -am package -DskipTests
command="benchmarks/run.sh"
for arg in "$@"; do
    command+=" '$arg'"
done
exec java -cp benchmarks/target/benchmarks.jar dev.coffer.benchmarks.Comparison --command "$command" "$@"
