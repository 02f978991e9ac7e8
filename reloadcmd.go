package main

import (
	"fmt"
	"io"

	"github.com/fundflow/fundflow/flow"
)

// printConflicts writes what a load did with the records the API changed
// since the last load: each conflict with the file, and the records the
// file has caught up with. It writes nothing when there were none.
func printConflicts(w io.Writer, rep *flow.LoadReport) {
	conflicting := map[string]bool{}
	for _, c := range rep.Conflicts {
		conflicting[c.RecordID] = true
	}
	if len(rep.Conflicts) > 0 {
		action := rep.Conflicts[0].Action
		fmt.Fprintf(w, "%s changed through the API since the last load %s from the file; ", count(len(conflicting), "record", "records"),
			map[bool]string{true: "differs", false: "differ"}[len(conflicting) == 1])
		if action == flow.Kept {
			fmt.Fprint(w, "kept as the API left them (load --take-file writes the file's version):\n")
		} else {
			fmt.Fprint(w, "wrote the file's version, as asked (each record's history keeps the figures and statuses set through the API):\n")
		}
		for _, c := range rep.Conflicts {
			fmt.Fprintf(w, "  %s %s: %s: file: %s; stored: %s; set by %s by %s at %s\n",
				c.Kind, c.RecordID, c.Field, c.Loaded, c.Current, c.SetBy.Action, c.SetBy.By, c.SetBy.At)
		}
	}
	for _, rev := range rep.Revisions {
		if !conflicting[rev.RecordID] {
			fmt.Fprintf(w, "%s, changed through the API, now agrees with the file: it is the file's again\n", rev.RecordID)
		}
	}
}
