package gen

import "fmt"

// The words names are made of: English places, and what public money is
// spent on and by.
var (
	places = []string{
		"Ashdown", "Barnfield", "Castlemere", "Dunmore", "Eastleigh", "Fairhaven", "Glenbrook", "Harrowgate",
		"Ivybridge", "Kingsmead", "Longford", "Marlow Vale", "Northfield", "Oakham", "Pendle", "Queensbury",
		"Riverside", "Stanmore", "Thornbury", "Upton", "Westbury", "Yarmouth", "Alderley", "Brampton",
		"Colwyn", "Dalston", "Elmstead", "Foxton", "Greywell", "Holbeck", "Irwell", "Kelsall",
	}
	orgKinds = []struct{ suffix, kind string }{
		{"Hospitals NHS Trust", "NHS trust"},
		{"Community Health NHS Trust", "NHS trust"},
		{"Primary Care Network", "primary care network"},
		{"Borough Council", "local authority"},
		{"Digital Ltd", "company"},
		{"Consulting LLP", "company"},
		{"Health Charity", "charity"},
		{"University", "university"},
	}
	topics = []string{
		"Cyber security", "Provider digitisation", "Wi-Fi in primary care", "Apps for patients",
		"Electronic prescribing", "Digital pathology", "Shared care records", "Imaging networks",
		"Community diagnostics", "Ambulance data", "Workforce systems", "Clinical coding",
		"Genomics infrastructure", "Virtual wards", "Screening IT", "Population health analytics",
	}
	areas = []string{
		"", "north", "south", "east", "west", "midlands", "London", "national",
	}
	publishers = []string{
		"Department of Health and Social Care", "NHS England", "HM Treasury", "HSJ", "National Audit Office",
	}
)

// dept is the name of government department i, the funders.
func deptName(i int) string {
	if i == 0 {
		return "Department of Health and Social Care"
	}
	return fmt.Sprintf("Department of %s %d", places[i%len(places)], i)
}

// orgName is the name and kind of recipient organisation i.
func orgName(i int) (name, kind string) {
	k := orgKinds[(i/len(places))%len(orgKinds)]
	name = places[i%len(places)] + " " + k.suffix
	if n := i / (len(places) * len(orgKinds)); n > 0 {
		name = fmt.Sprintf("%s %d", name, n+1)
	}
	return name, k.kind
}

// programmeName is the name of programme i; programme 0 is cyber security.
func programmeName(i int) string {
	t := topics[i%len(topics)]
	a := areas[(i/len(topics))%len(areas)]
	name := t
	if a != "" {
		name += " (" + a + ")"
	}
	if n := i / (len(topics) * len(areas)); n > 0 {
		name = fmt.Sprintf("%s %d", name, n+1)
	}
	return name
}

// fundName is the name of fund i; fund 0 is the Paperless 2020 fund.
func fundName(i int) string {
	if i == 0 {
		return "Personalised Health and Care 2020 fund"
	}
	return fmt.Sprintf("%s technology fund %d", places[i%len(places)], i)
}

// year is financial year y of the dataset ("2015-16" for 0).
func year(y int) string { return fmt.Sprintf("%d-%02d", firstYear+y, (firstYear+y+1)%100) }

// pounds writes p pence the way curators do: "£1,234,567" or, with pence,
// "£1,234,567.89"; negative as "-£3,500".
func pounds(p int64) string {
	sign := ""
	if p < 0 {
		sign, p = "-", -p
	}
	whole, frac := p/100, p%100
	s := commas(whole)
	if frac != 0 {
		s += fmt.Sprintf(".%02d", frac)
	}
	return sign + "£" + s
}

func commas(n int64) string {
	s := fmt.Sprint(n)
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
