package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

func testFlows(t *testing.T, open Opener) {
	ctx := context.Background()
	st := Loaded(t, open)

	t.Run("DiversionsToCyberSecurity2017-18", func(t *testing.T) {
		page, err := st.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{ToIDs: []string{"cyber-security"}, Kinds: []flow.FlowKind{flow.Diversion}, Year: "2017-18"}})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := flowIDs(page.Items), []string{"provider-digitisation-to-cyber-security-2017-18", "wifi-to-cyber-security-2017-18"}; !reflect.DeepEqual(got, want) {
			t.Fatalf("got %v, want %v", got, want)
		}
		pd, wifi := page.Items[0], page.Items[1]
		wantPD := flow.Money{Amount: gbp(t, "£81m"), Currency: "GBP", Qualifier: flow.MajorityOf, Low: ptr(gbp(t, "£40.5m")), High: ptr(gbp(t, "£81m"))}
		if !reflect.DeepEqual(pd.Amount, wantPD) || pd.Status != flow.Reported || pd.FromID != "provider-digitisation" {
			t.Errorf("provider digitisation diversion: got %v %v from %s, want %v REPORTED", pd.Amount, pd.Status, pd.FromID, wantPD)
		}
		wantWifi := flow.Money{Amount: gbp(t, "£13.7m"), Currency: "GBP", Qualifier: flow.MajorityOf, Low: ptr(gbp(t, "£6.85m")), High: ptr(gbp(t, "£13.7m"))}
		if !reflect.DeepEqual(wifi.Amount, wantWifi) || wifi.Status != flow.Confirmed {
			t.Errorf("Wi-Fi diversion: got %v %v, want %v CONFIRMED", wifi.Amount, wifi.Status, wantWifi)
		}
		if len(wifi.Citations) != 2 || wifi.Citations[1].Quote != "A DHSC spokesman confirmed most of this money had been diverted to pay for cyber security, in response to the WannaCry ransomware attack." {
			t.Errorf("Wi-Fi citations: got %q", wifi.Citations)
		}
	})

	t.Run("FiltersCombine", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			f    flow.FlowFilter
			want int
		}{
			{"all, budget lines' figures included", flow.FlowFilter{}, len(NHS(t).Flows) + len(NHS(t).BudgetFlows())},
			{"proposed", flow.FlowFilter{Statuses: []flow.Status{flow.Proposed}}, 2},
			{"edges from the fund", flow.FlowFilter{FromIDs: []string{"phc-2020"}, Kinds: flow.EdgeKinds}, 6},
			{"budget figures", flow.FlowFilter{Kinds: []flow.FlowKind{flow.BudgetSpend}}, 9},
			{"requests and requirements", flow.FlowFilter{Kinds: []flow.FlowKind{flow.Request, flow.Requirement}}, 4},
			{"payments in 2016-17", flow.FlowFilter{Kinds: []flow.FlowKind{flow.Payment}, Year: "2016-17"}, 0},
		} {
			page, err := st.Flows(ctx, flow.FlowQuery{Filter: tc.f})
			if err != nil {
				t.Fatal(err)
			}
			if page.TotalCount != tc.want || len(page.Items) != tc.want {
				t.Errorf("%s: got %d (total %d), want %d", tc.name, len(page.Items), page.TotalCount, tc.want)
			}
		}
	})

	t.Run("PagingTwoAtATime", func(t *testing.T) {
		var got []string
		p := flow.PageArgs{First: 2}
		for {
			page, err := st.Flows(ctx, flow.FlowQuery{Page: p})
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, flowIDs(page.Items)...)
			if !page.HasNextPage {
				break
			}
			p.After = page.Cursors[len(page.Cursors)-1]
		}
		all, err := st.Flows(ctx, flow.FlowQuery{Page: flow.PageArgs{First: flow.MaxPageSize}})
		if err != nil {
			t.Fatal(err)
		}
		if want := flowIDs(all.Items); !reflect.DeepEqual(got, want) {
			t.Errorf("two at a time: got %v, want %v", got, want)
		}
	})
}
