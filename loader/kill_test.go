package loader_test

import (
	"context"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/fundflow/fundflow/data"
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/loader"
	"github.com/fundflow/fundflow/sqlite"
	"github.com/fundflow/fundflow/storetest"
)

// versions are two versions of the bundled dataset that differ in every
// kind of record: the second drops a flow and an organisation, and corrects
// an amount. Both are checked, ready to load.
func versions() (v1, v2 *ledger.Dataset, err error) {
	if v1, err = loader.ParseFS(data.FS, data.NHSTech); err != nil {
		return nil, nil, err
	}
	parsed, err := loader.ParseFS(data.FS, data.NHSTech)
	if err != nil {
		return nil, nil, err
	}
	ds := parsed.Data()
	ds.Flows = ds.Flows[1:]
	ds.Flows[0].Amount = flow.GBP(*ds.Flows[0].Amount.Amount + 100)
	ds.Organisations = ds.Organisations[:len(ds.Organisations)-1]
	ds.BudgetLines[0].Note = "corrected"
	v2, ps := ledger.Check(ds, flow.Today(time.Now()))
	if len(ps) > 0 {
		return nil, nil, flow.Invalid("second version", ps)
	}
	return v1, v2, nil
}

// TestMain lets the test binary act as the loading process that
// TestKilledLoadLeavesOneVersion kills.
func TestMain(m *testing.M) {
	if db := os.Getenv("FUNDFLOW_KILL_TEST_DB"); db != "" {
		loadForever(db)
		return
	}
	os.Exit(m.Run())
}

// loadForever loads the two versions in turn until it is killed.
func loadForever(db string) {
	v1, v2, err := versions()
	if err != nil {
		os.Exit(2)
	}
	st, err := sqlite.Open(context.Background(), db, time.Now)
	if err != nil {
		os.Exit(3)
	}
	svc := service(st)
	for i := 0; ; i++ {
		ds := v1
		if i%2 == 0 {
			ds = v2
		}
		if _, err := svc.Load(context.Background(), ds); err != nil {
			os.Exit(4)
		}
	}
}

// TestKilledLoadLeavesOneVersion kills a process that keeps reloading the
// dataset, at random moments, and checks that the store then holds exactly
// the old version or exactly the new one, never a mix.
func TestKilledLoadLeavesOneVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	v1, v2, err := versions()
	if err != nil {
		t.Fatal(err)
	}
	snapshot := func(ds *ledger.Dataset) string {
		st := openStore(t)
		defer st.Close()
		svc := service(st)
		if _, err := svc.Load(context.Background(), ds); err != nil {
			t.Fatal(err)
		}
		return storetest.Snapshot(t, svc)
	}
	want1, want2 := snapshot(v1), snapshot(v2)
	if want1 == want2 {
		t.Fatal("the two versions must differ")
	}
	rng := rand.New(rand.NewSource(1))
	seen := map[string]int{}
	for round := 0; round < 8; round++ {
		db := filepath.Join(t.TempDir(), "fundflow.db")
		st, err := sqlite.Open(context.Background(), db, time.Now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := service(st).Load(context.Background(), v1); err != nil {
			t.Fatal(err)
		}
		st.Close()

		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "FUNDFLOW_KILL_TEST_DB="+db)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(50+rng.Intn(400)) * time.Millisecond)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()

		st, err = sqlite.Open(context.Background(), db, time.Now)
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		got := storetest.Snapshot(t, service(st))
		st.Close()
		switch got {
		case want1:
			seen["old"]++
		case want2:
			seen["new"]++
		default:
			t.Fatalf("round %d: the store holds neither version:\n%s", round, got)
		}
	}
	t.Logf("after 8 kills: %v", seen)
}
