package planweb

import (
	"fmt"
	"html/template"

	"coplan/internal/commissioning"
	"coplan/internal/consult"
	"coplan/internal/partnership"
	"coplan/internal/plan"
	"coplan/internal/statute"
	"coplan/internal/web/kit"
)

// funcs build the choices of the plan's selects and radios for the kit's
// components from the plan's own lists.
var funcs = template.FuncMap{
	// participantGroups are the groups an appraisal counts who took part
	// by: commissioning's groups, so commissioning work linked to the
	// appraisal counts them as they were entered here.
	"participantGroups": func() []commissioning.Group { return commissioning.Groups },
	// participantCounts are an appraisal's counts of who took part, by
	// group, leaving out groups with none.
	"participantCounts": participantCounts,
	// one is a single chosen value, for a select or radios ("values").
	"one": func(v any) []string { return []string{fmt.Sprint(v)} },
	// sentenceCase starts a list's words ("local carer strategy") with a
	// capital, as the first cell of a row.
	"sentenceCase": sentenceCase,
	// blank puts an empty choice, such as "None", before the others.
	"blank": func(label string, os []kit.Option) []kit.Option {
		return append([]kit.Option{{Value: "", Label: label}}, os...)
	},
	"stageOptions": func(ss []plan.Stage) []kit.Option {
		out := make([]kit.Option, len(ss))
		for i, s := range ss {
			out[i] = kit.Option{Value: string(s), Label: s.Name()}
		}
		return out
	},
	"kindOptions": func(ks []plan.RecipientKind) []kit.Option {
		out := make([]kit.Option, len(ks))
		for i, k := range ks {
			out[i] = kit.Option{Value: string(k), Label: k.Name()}
		}
		return out
	},
	"groupOptions": func(gs []statute.Group) []kit.Option {
		out := make([]kit.Option, len(gs))
		for i, g := range gs {
			out[i] = kit.Option{Value: g.Code, Label: g.Name}
		}
		return out
	},
	"sourceOptions": func(ss []plan.ViewSource) []kit.Option {
		out := make([]kit.Option, len(ss))
		for i, s := range ss {
			out[i] = kit.Option{Value: string(s), Label: s.Name()}
		}
		return out
	},
	"outcomeOptions": func(os []plan.ViewOutcome) []kit.Option {
		out := make([]kit.Option, len(os))
		for i, o := range os {
			out[i] = kit.Option{Value: string(o), Label: o.Name()}
		}
		return out
	},
	"documentKindOptions": func(ks []plan.DocumentKind) []kit.Option {
		out := make([]kit.Option, len(ks))
		for i, k := range ks {
			out[i] = kit.Option{Value: string(k), Label: k.Name()}
		}
		return out
	},
	"versionChoiceOptions": func(vs []plan.VersionChoice) []kit.Option {
		out := make([]kit.Option, len(vs))
		for i, v := range vs {
			out[i] = kit.Option{Value: fmt.Sprint(v.ID), Label: fmt.Sprintf("Version %d (%s)", v.Number, v.Stage.Name())}
		}
		return out
	},
	"versionOptions": func(vs []plan.Version) []kit.Option {
		out := make([]kit.Option, len(vs))
		for i, v := range vs {
			out[i] = kit.Option{Value: fmt.Sprint(v.Number), Label: fmt.Sprintf("Version %d: %s", v.Number, v.Stage.Name())}
		}
		return out
	},
	"sectionOptions": func(cs []plan.SectionChoice) []kit.Option {
		out := make([]kit.Option, len(cs))
		for i, c := range cs {
			out[i] = kit.Option{Value: c.Key, Label: c.Title}
		}
		return out
	},
	"consultationOptions": func(cs []consult.Consultation) []kit.Option {
		out := make([]kit.Option, len(cs))
		for i, c := range cs {
			out[i] = kit.Option{Value: fmt.Sprint(c.ID), Label: c.Title}
		}
		return out
	},
	"localityOptions": func(ls []partnership.Named) []kit.Option {
		out := make([]kit.Option, len(ls))
		for i, l := range ls {
			out[i] = kit.Option{Value: fmt.Sprint(l.ID), Label: l.Name}
		}
		return out
	},
	"otherPlanOptions": func(ps []plan.OtherPlan) []kit.Option {
		out := make([]kit.Option, len(ps))
		for i, p := range ps {
			out[i] = kit.Option{Value: fmt.Sprint(p.ID), Label: p.Partnership + ": " + p.Title}
		}
		return out
	},
	"annexCOptions": func(ls []plan.AnnexCLine) []kit.Option {
		var out []kit.Option
		for _, l := range ls {
			if l.CanTick {
				out = append(out, kit.Option{Value: l.Item.Code, Label: fmt.Sprintf("%d. %s", l.Item.Number, l.Item.Text)})
			}
		}
		return out
	},
}

// groupCount is how many of a group took part in an appraisal.
type groupCount struct {
	Name string
	N    int
}

func participantCounts(a plan.Appraisal) []groupCount {
	var out []groupCount
	for _, g := range commissioning.Groups {
		if n := a.ParticipantCounts[string(g)]; n > 0 {
			out = append(out, groupCount{g.Name(), n})
		}
	}
	return out
}
