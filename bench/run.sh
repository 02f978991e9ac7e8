#!/bin/sh
# bench/run.sh [flags] [SIZE...]: measure fundflow at each size (default
# 10000 100000 flows) and print docs/performance.md's tables. Flags are
# benchtable's (go run ./bench/cmd/benchtable -h): -load-benchtime,
# -query-benchtime, -count, -serve.
set -eu
cd "$(dirname "$0")/.."
exec go run ./bench/cmd/benchtable "$@"
