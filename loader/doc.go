// Package loader reads curated dataset files and checks them completely
// with the service's rules (ledger.Check), returning a dataset the service
// can load. No date in it may lie after today by the wall clock of the
// machine reading it (the day the load happens), so a dry run checks what
// the load will.
//
// A dataset is a YAML document (see data/nhs-tech-2016-18.yaml). Parse walks
// its node tree by hand rather than unmarshalling into structs, so that every
// problem can name the file, the line and the record id, and so that all the
// problems in a file are reported together instead of stopping at the first.
// It decodes the file one record at a time where the layout allows
// (outline.go), so that a big file is never held as one tree of nodes.
package loader
