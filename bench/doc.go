// Package bench holds fundflow's benchmarks: loading a generated dataset
// (fundflow gen, internal/gen) into the embedded store, and every
// docs/questions.md query, a deep cursor page, totals over everything, a
// 4-hop trace and search through the real GraphQL handler, each beside a
// baseline measured in the same run — a prepared-statement insert of the
// same rows (sqlite.Store.RawInsert) for loads, {__typename} through the
// same handler for queries — with the ratio reported as a metric, since
// only ratios from one run mean anything on a shared machine.
//
//	go test ./bench -run '^$' -bench . -benchtime 20x            # 10k flows
//	go test ./bench -run '^$' -bench . -bench.flows 100000       # larger
//	bench/run.sh 10000 100000                                    # the table in docs/performance.md
//
// Plain "go test ./..." runs only this package's tests, which are small.
package bench
