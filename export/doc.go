// Package export writes what the API's lists and totals answer as CSV
// files for spreadsheets: RFC 4180 through encoding/csv (CRLF line ends),
// UTF-8, a header row, one record (or, for flows, budget lines, facts and
// statements, one citation) a row.
//
// The same requests the GraphQL lists take are written as URL query
// parameters named like the lists' filter fields and arguments
// ("kind=DIVERSION&to=cyber-security&year=2017-18&asOf=2018-08-01");
// Parse checks them, reporting every problem at once, and Request.Write
// streams the answer: it pages through the ledger with its cursor and
// writes and flushes each page, so no answer is ever held whole.
//
// Three rules make the files safe to open in a spreadsheet:
//
//   - amounts are plain decimal pounds exactly as the API writes them
//     ("81000000", "-256000000", "5.10"), never through a float, with no £
//     or thousands separators, so spreadsheets read numbers; an
//     amount the source does not state is an empty cell, its bounds kept
//     in the low and high columns;
//   - a text cell a spreadsheet would run as a formula (one starting with
//     =, +, @, a tab or a carriage return, or with - when the cell is not
//     a number) is written with a leading apostrophe, which spreadsheets
//     show as text; amount columns are never altered;
//   - an export is bounded before its work grows: at most Options.MaxRows
//     records, refused with LIMIT_EXCEEDED before the first byte when the
//     list's count is over it.
//
// An error before the first byte is returned with nothing written. One
// after it (the store failing, the time limit passing, or more records
// arriving than the limit while the file is written) is returned too, and
// the file written so far is incomplete: the HTTP handler then aborts the
// response, so that a client sees a broken transfer rather than a file
// that looks whole, and the command line removes its output file.
package export
