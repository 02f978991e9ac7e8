// Package data bundles the curated datasets and the text of their source
// documents into the binary, so that `go run .` serves real data with no
// files beside it.
package data

import "embed"

// FS holds the bundled datasets and, under sources/, the documents they cite.
//
//go:embed *.yaml sources/*.txt
var FS embed.FS

// NHSTech is the file name, within FS, of the NHS technology funding
// 2016-2018 dataset the server loads into an empty store.
const NHSTech = "nhs-tech-2016-18.yaml"
