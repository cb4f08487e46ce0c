package statute

import "slices"

// CoreIndicator is one of the core suite of integration indicators by which
// an integration authority's annual performance report measures progress
// towards the national outcomes (s.42; statutory guidance section 4).
type CoreIndicator struct {
	// Code is "NI-1" to "NI-23", as partnerships and Public Health Scotland
	// write them.
	Code string
	// Title is the indicator's name.
	Title string
	// Reported is whether national figures are published for it. NI-10 and
	// NI-21 to NI-23 have no national data or no agreed definition, so a
	// plan that measures an arrangement by one of them can never show
	// whether the arrangement worked.
	Reported bool
}

func (c CoreIndicator) code() string { return c.Code }

// coreIndicators is the core suite of integration indicators (Scottish
// Government, "Health and Social Care Integration: core indicators"; Public
// Health Scotland's "Core suite of integration indicators" releases). 23 are
// defined; 19 are reported: NI-1 to NI-9 from the Health and Care Experience
// Survey, NI-11 to NI-20 from administrative data.
var coreIndicators = []CoreIndicator{
	{"NI-1", "Percentage of adults able to look after their health very well or quite well", true},
	{"NI-2", "Percentage of adults supported at home who agree that they are supported to live as independently as possible", true},
	{"NI-3", "Percentage of adults supported at home who agree that they had a say in how their help, care or support was provided", true},
	{"NI-4", "Percentage of adults supported at home who agree that their health and social care services seemed to be well co-ordinated", true},
	{"NI-5", "Percentage of adults receiving any care or support who rate it as excellent or good", true},
	{"NI-6", "Percentage of people with positive experience of the care provided by their GP practice", true},
	{"NI-7", "Percentage of adults supported at home who agree that their services and support had an impact on improving or maintaining their quality of life", true},
	{"NI-8", "Percentage of carers who feel supported to continue in their caring role", true},
	{"NI-9", "Percentage of adults supported at home who agree they felt safe", true},
	{"NI-10", "Percentage of staff who say they would recommend their workplace as a good place to work", false},
	{"NI-11", "Premature mortality rate per 100,000 persons", true},
	{"NI-12", "Emergency admission rate (per 100,000 population)", true},
	{"NI-13", "Emergency bed day rate (per 100,000 population)", true},
	{"NI-14", "Readmission to hospital within 28 days (per 1,000 discharges)", true},
	{"NI-15", "Proportion of last 6 months of life spent at home or in a community setting", true},
	{"NI-16", "Falls rate per 1,000 population aged 65+", true},
	{"NI-17", "Proportion of care services graded 'good' (4) or better in Care Inspectorate inspections", true},
	{"NI-18", "Percentage of adults with intensive care needs receiving care at home", true},
	{"NI-19", "Number of days people spend in hospital when they are ready to be discharged (per 1,000 population)", true},
	{"NI-20", "Percentage of health and care resource spent on hospital stays where the patient was admitted in an emergency", true},
	{"NI-21", "Percentage of people admitted to hospital from home during the year, who are discharged to a care home", false},
	{"NI-22", "Percentage of people who are discharged from hospital within 72 hours of being ready", false},
	{"NI-23", "Expenditure on end of life care, cost in last 6 months per death", false},
}

// CoreIndicators returns the core suite of integration indicators, NI-1 to
// NI-23, in order.
func CoreIndicators() []CoreIndicator { return slices.Clone(coreIndicators) }

// CoreIndicatorByCode returns the indicator with the given code ("NI-17").
func CoreIndicatorByCode(code string) (CoreIndicator, bool) { return lookup(coreIndicators, code) }
