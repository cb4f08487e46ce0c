package sample

// The wording below is made up for this generator. Slots in braces are
// filled from slots; a slot missing from slots is left as written.

var themes = []Theme{
	{
		Key: "appointments", Label: "Getting an appointment",
		Description: "Waiting to see a GP, nurse or specialist; the morning phone queue.",
		templates: []string{
			"it is {hard} to get {appt} at the {gp}",
			"I had to wait {weeks} to see {someone}",
			"the {gp} phone line is {busy} every morning at eight",
			"you ring at 8am and by 8.15 there is not {appt} left",
			"waiting lists for {specialist} are far too long",
			"we need more appointments in the evenings and at weekends",
			"my {relative} waited {weeks} for a referral to {specialist}",
			"getting seen by {someone} should not take {weeks}",
		},
		gaelic: []string{
			"Tha e ro dhoirbh coinneamh fhaighinn aig an dotair.",
			"Dh'fheith mi trì seachdainean airson an dotair fhaicinn.",
			"Tha an loidhne fòn an-còmhnaidh trang sa mhadainn.",
		},
	},
	{
		Key: "carers", Label: "Care at home and unpaid carers",
		Description: "Care packages, carers' visits at home, respite and support for unpaid carers.",
		templates: []string{
			"unpaid carers like me need {respite} more than anything",
			"I care for my {relative} and I am {exhausted}",
			"the {carers} who come to the house are {rushed} and never the same person twice",
			"my {relative} was stuck in hospital for {weeks} waiting for a care package",
			"there is no {respite} for {carers} in this area",
			"{carers} get fifteen minutes which is not enough to wash and dress someone",
			"please support family {carers}, we save the system a fortune",
			"care at home should let people stay in their own homes for longer",
		},
		gaelic: []string{
			"Tha mi a' coimhead às dèidh mo mhàthar agus tha mi sgìth.",
			"Feumaidh luchd-cùraim barrachd taic agus fois.",
		},
	},
	{
		Key: "transport", Label: "Travel to services",
		Description: "Distance, buses and the cost of getting to hospital and clinics, especially in rural areas.",
		templates: []string{
			"there is no {bus} to the {hospital} from our {village}",
			"it is a {distance} round trip to the {hospital} for a short appointment",
			"without a car you cannot get to the {hospital}",
			"the last {bus} back leaves before the clinic finishes",
			"petrol and parking at the {hospital} cost a fortune",
			"rural places are forgotten when services move to the town",
			"community transport is the only way my {relative} gets to the {hospital}",
			"please hold more clinics locally so people do not have to travel so far",
		},
		gaelic: []string{
			"Chan eil bus ann don ospadal bhon bhaile againn.",
			"Tha an t-ospadal ro fhada air falbh.",
		},
	},
	{
		Key: "mentalhealth", Label: "Mental health support",
		Description: "Help for anxiety and depression, waiting for counselling, young people's mental health.",
		templates: []string{
			"there is nowhere to turn when you are {struggling} with your mental health",
			"waiting {weeks} for {counselling} is far too long when you are {struggling}",
			"young people need {counselling} in schools",
			"my {relative} has {anxiety} and got no help until it was a crisis",
			"mental health should matter as much as physical health",
			"a drop-in service for people with {anxiety} would help",
			"the crisis team never answered the phone when my {relative} was {struggling}",
		},
		gaelic: []string{
			"Chan eil taic ann do shlàinte inntinn.",
			"Feumaidh daoine òga cuideachadh le slàinte inntinn.",
		},
	},
	{
		Key: "staffing", Label: "Staff shortages",
		Description: "Too few staff, staff under pressure, recruitment and retention, agency staff.",
		templates: []string{
			"there are simply not enough {staff}",
			"the {staff} are {rushed} off their feet and burning out",
			"you cannot recruit {staff} when there is no housing for them",
			"pay {staff} properly and they might stay",
			"too much money goes on agency {staff}",
			"the {staff} we have are wonderful but there are far too few of them",
			"we lost our district nurse and nobody has replaced her",
		},
		gaelic: []string{
			"Feumaidh sinn barrachd luchd-obrach.",
			"Tha an luchd-obrach fo cus cuideam.",
		},
	},
	{
		Key: "digital", Label: "Online and phone services",
		Description: "Online booking, video appointments, broadband, people who cannot use computers.",
		templates: []string{
			"not everyone can use {online} services, especially older people",
			"{video} appointments are fine for some things but not for everything",
			"the broadband here is too poor for {video} calls",
			"I was told to book {online} but I do not have a computer",
			"please keep a phone number and paper forms for people who are not {online}",
			"an app for booking and repeat prescriptions would save everyone time",
			"{online} forms are confusing and keep crashing",
		},
		gaelic: []string{
			"Chan urrainn do h-uile duine an t-eadar-lìon a chleachdadh.",
		},
	},
	{
		Key: "listening", Label: "Being listened to",
		Description: "Whether the partnership listens, involves people and says what it did with their views.",
		templates: []string{
			"nobody {listens} to what local people say",
			"decisions are made before the consultation even starts",
			"we are {asked} for our views and then we never hear what happened",
			"people who use services should be involved in planning them from the start",
			"the partnership should come to the {village} and {listen} us face to face",
			"this consultation is too long and full of jargon",
			"tell us what you changed because of what we said",
		},
		gaelic: []string{
			"Chan eil duine ag èisteachd ris na daoine ionadail.",
			"Bu toil leam seirbheisean ann an Gàidhlig.",
		},
	},
	{
		Key: "money", Label: "Money and cuts",
		Description: "Funding, budget cuts, charges for care, spending priorities.",
		templates: []string{
			"the {budget} is being {cut} every year and services suffer",
			"day centres should not lose their {budget}",
			"charges for care at home are {unfair}",
			"money is wasted on managers instead of front line services",
			"fund the voluntary sector properly, they do the work for less",
			"it is {unfair} that people here pay the same council tax for fewer services",
			"the {budget} should follow the patient, not the building",
		},
		gaelic: []string{
			"Tha am buidseat ga ghearradh a h-uile bliadhna.",
		},
	},
}

var slots = map[string][]string{
	"hard":       {"hard", "very difficult", "almost impossible", "a nightmare", "a real struggle"},
	"appt":       {"an appointment", "a slot", "a booking", "an appointment"},
	"gp":         {"GP", "doctor's", "surgery", "health centre", "medical practice"},
	"weeks":      {"three weeks", "six weeks", "two months", "over a month", "nearly a year", "weeks and weeks"},
	"someone":    {"a doctor", "the GP", "a nurse", "anyone", "a consultant"},
	"busy":       {"always engaged", "constantly busy", "jammed", "impossible"},
	"specialist": {"a specialist", "physio", "the hospital consultant", "orthopaedics", "dermatology"},
	"relative":   {"mother", "father", "husband", "wife", "son", "daughter", "neighbour", "gran"},
	"respite":    {"respite", "breaks", "respite care", "short breaks", "time off"},
	"exhausted":  {"exhausted", "worn out", "at breaking point", "shattered"},
	"carers":     {"carers", "care workers", "home carers", "support workers"},
	"rushed":     {"rushed", "run ragged", "overstretched", "so pressed for time"},
	"bus":        {"bus", "public transport", "train", "bus service"},
	"hospital":   {"hospital", "infirmary", "outpatient clinic", "clinic in town", "general hospital"},
	"village":    {"village", "island", "glen", "community", "township"},
	"distance":   {"ninety mile", "three hour", "long", "two hour", "hundred mile"},
	"struggling": {"struggling", "in a bad way", "not coping", "at rock bottom"},
	"counselling": {"counselling", "talking therapy", "CAMHS", "a psychologist",
		"mental health support"},
	"anxiety": {"anxiety", "depression", "panic attacks", "low mood"},
	"staff":   {"staff", "nurses", "doctors", "care staff", "health visitors", "social workers"},
	"online":  {"online", "internet", "digital", "web"},
	"video":   {"video", "Near Me", "Zoom", "online"},
	"listens": {"listens", "pays any attention", "takes any notice", "cares"},
	"listen":  {"listen", "hear from", "talk"},
	"asked":   {"asked", "consulted", "surveyed"},
	"budget":  {"budget", "funding", "money", "grant"},
	"cut":     {"cut", "slash", "squeeze", "trim"},
	"unfair":  {"unfair", "not right", "a disgrace", "wrong"},
}

var openers = []string{
	"I think", "Honestly,", "In my opinion", "For me", "Speaking as a local resident,",
	"As someone who has lived here all my life,", "Well,", "Simply put,", "My view is that",
}

var closers = []string{
	"Thanks for asking.", "Hope this helps.", "That is all.", "Please do something about it.",
	"Thank you.", "Nothing else to add.",
}

var offTopic = []string{
	"the roads are full of potholes",
	"the weather this year has been terrible",
	"the new housing estate has no shop",
	"my dog enjoyed the walk down to the harbour",
	"the ferry timetable changed again",
	"the library opening hours are good",
}
