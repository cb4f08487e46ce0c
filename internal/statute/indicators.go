package statute

import (
	"slices"
	"strings"
)

// Better is which way an indicator's figure should move: up, down, or
// neither (a cost, where no direction is agreed).
type Better int

// The directions of good.
const (
	NoDirection Better = iota
	HigherIsBetter
	LowerIsBetter
)

// String says it in words, for pages: "higher is better".
func (b Better) String() string {
	switch b {
	case HigherIsBetter:
		return "higher is better"
	case LowerIsBetter:
		return "lower is better"
	}
	return "no direction agreed"
}

// NotKnown is written where the sources coplan holds do not say (a
// numerator, a denominator): shown as it is rather than guessed.
const NotKnown = "Not known: see the source"

// CoreIndicator is one of the core suite of integration indicators by which
// an integration authority's annual performance report measures progress
// towards the national outcomes (s.42; statutory guidance section 4), or one
// of the Ministerial Strategic Group's indicators reported beside them.
type CoreIndicator struct {
	// Code is "NI-1" to "NI-23", as partnerships and Public Health Scotland
	// write them, or "MSG-1" to "MSG-6".
	Code string
	// Title is the indicator's name.
	Title string
	// Reported is whether national figures are published for it. NI-10 and
	// NI-21 to NI-23 have no national data or no agreed definition, so a
	// plan that measures an arrangement by one of them can never show
	// whether the arrangement worked.
	Reported bool
	// Survey is true for the indicators from the biennial Health and Care
	// Experience Survey (NI-1 to NI-9): their figures are weighted
	// estimates with 95% confidence intervals, for survey years written
	// like "2023/24". The others come from administrative data.
	Survey bool
	// Better is the direction of good: ranks put the best first by it.
	Better Better
	// Numerator and Denominator are what is counted and what it is counted
	// out of; NotKnown where the sources coplan holds do not say.
	Numerator, Denominator string
	// Basis is how the rate is expressed: "%", "per 100,000", "per 1,000",
	// "number".
	Basis string
	// Period is the kind of year a figure covers.
	Period string
	// CheckWording marks a title whose exact published wording is still to
	// be confirmed against Public Health Scotland's background and glossary
	// document; the concept and basis are reliable.
	CheckWording bool
	// Source is where the definition comes from.
	Source Source
}

func (c CoreIndicator) code() string { return c.Code }

// Percentage reports whether the indicator's figure is a percentage.
func (c CoreIndicator) Percentage() bool { return c.Basis == "%" }

// MSG reports whether it is one of the Ministerial Strategic Group's
// indicators rather than the core suite.
func (c CoreIndicator) MSG() bool { return strings.HasPrefix(c.Code, "MSG-") }

// Kind is "survey" or "administrative", for pages and open data.
func (c CoreIndicator) Kind() string {
	if c.Survey {
		return "survey"
	}
	return "administrative"
}

// coreSource is the core suite's source: the Scottish Government's
// publication of the indicators and Public Health Scotland's releases of
// them (Management Information statistics, annually since 2016/17), whose
// background and glossary document defines each.
var coreSource = Source{Title: "Public Health Scotland, Core suite of integration indicators",
	Citation: "background and glossary document; Scottish Government, Health and Social Care Integration: core indicators",
	URL:      "https://publichealthscotland.scot/publications/core-suite-of-integration-indicators/"}

// msgSource is the source of the Ministerial Strategic Group's indicators.
// Their published definitions were not found offline: numerators,
// denominators and rate bases are NotKnown rather than guessed.
var msgSource = Source{Title: "Ministerial Strategic Group for Health and Community Care, integration indicators",
	Citation: "as published by Public Health Scotland (wording not confirmed offline)"}

const (
	hace        = "Health and Care Experience Survey respondents"
	hacePos     = "Weighted number of " + hace + " answering positively"
	haceAll     = "Weighted number of " + hace + " answering the question"
	surveyYear  = "Survey year (every two years, e.g. 2023/24)"
	finYear     = "Financial year (the latest is usually provisional)"
	calYear     = "Calendar year"
	notReported = "Not reported: no national data or no agreed definition"
)

func survey(code, title string) CoreIndicator {
	return CoreIndicator{Code: code, Title: title, Reported: true, Survey: true, Better: HigherIsBetter,
		Numerator: hacePos, Denominator: haceAll, Basis: "%", Period: surveyYear, Source: coreSource}
}

// coreIndicators is the core suite of integration indicators (Scottish
// Government, "Health and Social Care Integration: core indicators"; Public
// Health Scotland's "Core suite of integration indicators" releases; shared
// data file core-indicators.md). 23 are defined; 19 are reported: NI-1 to
// NI-9 from the Health and Care Experience Survey, NI-11 to NI-20 from
// administrative data.
var coreIndicators = []CoreIndicator{
	survey("NI-1", "Percentage of adults able to look after their health very well or quite well"),
	survey("NI-2", "Percentage of adults supported at home who agree that they are supported to live as independently as possible"),
	survey("NI-3", "Percentage of adults supported at home who agree that they had a say in how their help, care or support was provided"),
	survey("NI-4", "Percentage of adults supported at home who agree that their health and social care services seemed to be well co-ordinated"),
	survey("NI-5", "Percentage of adults receiving any care or support who rate it as excellent or good"),
	survey("NI-6", "Percentage of people with positive experience of the care provided by their GP practice"),
	survey("NI-7", "Percentage of adults supported at home who agree that their services and support had an impact on improving or maintaining their quality of life"),
	survey("NI-8", "Percentage of carers who feel supported to continue in their caring role"),
	survey("NI-9", "Percentage of adults supported at home who agree they felt safe"),
	{Code: "NI-10", Title: "Percentage of staff who say they would recommend their workplace as a good place to work", Better: HigherIsBetter,
		Numerator: NotKnown, Denominator: NotKnown, Basis: "%", Period: notReported, Source: coreSource},
	{Code: "NI-11", Title: "Premature mortality rate per 100,000 persons", Reported: true, Better: LowerIsBetter,
		Numerator: "Deaths under 75 (European age-standardised)", Denominator: "Population under 75", Basis: "per 100,000",
		Period: calYear, Source: coreSource},
	{Code: "NI-12", Title: "Emergency admission rate (per 100,000 population)", Reported: true, Better: LowerIsBetter, CheckWording: true,
		Numerator: "Emergency admissions of people aged 18 and over", Denominator: "Population aged 18 and over", Basis: "per 100,000",
		Period: finYear, Source: coreSource},
	{Code: "NI-13", Title: "Emergency bed day rate (per 100,000 population)", Reported: true, Better: LowerIsBetter, CheckWording: true,
		Numerator: "Bed days of emergency admissions of people aged 18 and over", Denominator: "Population aged 18 and over", Basis: "per 100,000",
		Period: finYear, Source: coreSource},
	{Code: "NI-14", Title: "Readmission to hospital within 28 days (per 1,000 discharges)", Reported: true, Better: LowerIsBetter, CheckWording: true,
		Numerator: "Emergency readmissions within 28 days of discharge", Denominator: "Discharges (alive)", Basis: "per 1,000",
		Period: finYear, Source: coreSource},
	{Code: "NI-15", Title: "Proportion of last 6 months of life spent at home or in a community setting", Reported: true, Better: HigherIsBetter,
		Numerator: "Hospital bed days in the last 6 months of life (the figure is 100 less their share of 182.5 days a death)", Denominator: "Deaths",
		Basis: "%", Period: finYear, Source: coreSource},
	{Code: "NI-16", Title: "Falls rate per 1,000 population aged 65+", Reported: true, Better: LowerIsBetter,
		Numerator: "Emergency admissions for a fall, people aged 65 and over", Denominator: "Population aged 65 and over", Basis: "per 1,000",
		Period: finYear, Source: coreSource},
	{Code: "NI-17", Title: "Proportion of care services graded 'good' (4) or better in Care Inspectorate inspections", Reported: true, Better: HigherIsBetter, CheckWording: true,
		Numerator: "Care services graded good (4) or better", Denominator: "Care services graded", Basis: "%",
		Period: finYear, Source: coreSource},
	{Code: "NI-18", Title: "Percentage of adults with intensive care needs receiving care at home", Reported: true, Better: HigherIsBetter, CheckWording: true,
		Numerator:   "People receiving 10 or more hours a week of personal care at home",
		Denominator: "Those people, long-stay care home residents and people in NHS continuing care", Basis: "%",
		Period: calYear, Source: coreSource},
	{Code: "NI-19", Title: "Number of days people spend in hospital when they are ready to be discharged (per 1,000 population)", Reported: true, Better: LowerIsBetter,
		Numerator: "Delayed discharge bed days, people aged 75 and over", Denominator: "Population aged 75 and over", Basis: "per 1,000",
		Period: finYear, Source: coreSource},
	{Code: "NI-20", Title: "Percentage of health and care resource spent on hospital stays where the patient was admitted in an emergency", Reported: true, Better: LowerIsBetter,
		Numerator: "Cost of emergency bed days, people aged 18 and over", Denominator: "Total health and social care spend", Basis: "%",
		Period: finYear, Source: coreSource},
	{Code: "NI-21", Title: "Percentage of people admitted to hospital from home during the year, who are discharged to a care home", Better: LowerIsBetter, CheckWording: true,
		Numerator: NotKnown, Denominator: NotKnown, Basis: "%", Period: notReported, Source: coreSource},
	{Code: "NI-22", Title: "Percentage of people who are discharged from hospital within 72 hours of being ready", Better: HigherIsBetter, CheckWording: true,
		Numerator: NotKnown, Denominator: NotKnown, Basis: "%", Period: notReported, Source: coreSource},
	{Code: "NI-23", Title: "Expenditure on end of life care, cost in last 6 months per death", Better: NoDirection, CheckWording: true,
		Numerator: NotKnown, Denominator: NotKnown, Basis: NotKnown, Period: notReported, Source: coreSource},
}

func msg(code, title string, better Better) CoreIndicator {
	return CoreIndicator{Code: code, Title: title, Reported: true, Better: better, Numerator: NotKnown, Denominator: NotKnown,
		Basis: NotKnown, Period: finYear, Source: msgSource}
}

// msgIndicators are the Ministerial Strategic Group's indicators, reported
// beside the core suite (shared data file core-indicators.md, which lists
// them by subject only). Their numbering here follows the order of that
// list; how each is counted is NotKnown offline. The direction of good is
// the one the group's aims imply: fewer unplanned admissions, bed days,
// attendances and delays; more of the last six months of life, and of care,
// at home or in the community.
var msgIndicators = []CoreIndicator{
	msg("MSG-1", "Emergency admissions", LowerIsBetter),
	msg("MSG-2", "Unscheduled hospital bed days (acute, geriatric long stay, mental health)", LowerIsBetter),
	msg("MSG-3", "A&E attendances", LowerIsBetter),
	msg("MSG-4", "Delayed discharge bed days", LowerIsBetter),
	msg("MSG-5", "Last six months of life by setting: share spent at home or in the community", HigherIsBetter),
	msg("MSG-6", "Balance of care: share of the population at home", HigherIsBetter),
}

// CoreIndicators returns the core suite of integration indicators, NI-1 to
// NI-23, in order.
func CoreIndicators() []CoreIndicator { return slices.Clone(coreIndicators) }

// MSGIndicators returns the Ministerial Strategic Group's indicators.
func MSGIndicators() []CoreIndicator { return slices.Clone(msgIndicators) }

// Indicators returns every indicator coplan holds figures for: the core
// suite then the MSG indicators.
func Indicators() []CoreIndicator { return slices.Concat(coreIndicators, msgIndicators) }

// ReportedIndicators returns the indicators with national figures, in
// order: those an import may carry and a page shows.
func ReportedIndicators() []CoreIndicator {
	var out []CoreIndicator
	for _, c := range Indicators() {
		if c.Reported {
			out = append(out, c)
		}
	}
	return out
}

// CoreIndicatorByCode returns the indicator with the given code ("NI-17",
// "MSG-2"). Public Health Scotland's workbook writes codes without the
// hyphen ("NI12"); see [IndicatorCode].
func CoreIndicatorByCode(code string) (CoreIndicator, bool) {
	if c, ok := lookup(coreIndicators, code); ok {
		return c, true
	}
	return lookup(msgIndicators, code)
}

// IndicatorCode normalises a code as a workbook or a person writes it
// ("NI12", "ni-12", "NI 12", "Indicator 12" is not accepted) to coplan's
// ("NI-12"); ok is false when no indicator has it.
func IndicatorCode(s string) (string, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	for _, prefix := range []string{"NI", "MSG"} {
		if rest, found := strings.CutPrefix(s, prefix); found {
			rest = strings.TrimLeft(rest, "- ")
			if c, ok := CoreIndicatorByCode(prefix + "-" + rest); ok {
				return c.Code, true
			}
		}
	}
	return "", false
}
