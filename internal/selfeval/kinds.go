package selfeval

import (
	"context"
	"fmt"
	"net/url"
	"slices"

	"coplan/internal/civil"
	"coplan/internal/commissioning"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/governance"
	"coplan/internal/meeting"
	"coplan/internal/partnership"
	"coplan/internal/plan"
)

// Record is one of the partnership's records that evidence can point to.
type Record struct {
	ID   int64
	Name string
}

// Source is what a Kind reads its records through: the database, the
// store's partnership and its clock, so each kind can use its own room's
// store and never copy that room's SQL.
type Source struct {
	DB          *db.DB
	Partnership partnership.Partnership
	Now         civil.Clock
}

// Kind is a kind of record evidence can point to: how to list the
// partnership's records of that kind (with their names) and the staff page
// that opens one. Adding a kind is one entry in kinds.
type Kind struct {
	Code    string // stored with the evidence, e.g. "consultation"
	Label   string // "Consultation"
	Records func(ctx context.Context, src Source) ([]Record, error)
	Path    func(slug string, id int64) string
}

// kinds are the records a rating's evidence can point to, in the order the
// picker offers them.
var kinds = []Kind{
	{Code: "consultation", Label: "Consultation", Records: func(ctx context.Context, s Source) ([]Record, error) {
		cs, err := consult.Consultations(ctx, s.DB, s.Partnership.ID)
		return mapRecords(cs, err, func(c consult.Consultation) Record { return Record{c.ID, c.Title} })
	}, Path: staffPath("consultations")},
	{Code: "meeting", Label: "Meeting", Records: func(ctx context.Context, s Source) ([]Record, error) {
		bs, err := governance.StoreFor(s.DB, s.Partnership, s.Now).Bodies(ctx)
		if err != nil {
			return nil, err
		}
		var out []Record
		ms := meeting.StoreFor(s.DB, s.Partnership, s.Now)
		for _, b := range bs {
			of, err := ms.OfBody(ctx, b.ID)
			if err != nil {
				return nil, err
			}
			for _, m := range of {
				out = append(out, Record{m.ID, fmt.Sprintf("%s: %s, %s", b.Name, m.Title, m.Day())})
			}
		}
		return out, nil
	}, Path: staffPath("meetings")},
	{Code: "plan", Label: "Strategic plan", Records: func(ctx context.Context, s Source) ([]Record, error) {
		ps, err := plan.StoreFor(s.DB, s.Partnership, s.Now).Plans(ctx)
		return mapRecords(ps, err, func(p plan.Plan) Record { return Record{p.ID, p.Title} })
	}, Path: staffPath("plans")},
	{Code: "decision", Label: "Significant decision (section 36)", Records: func(ctx context.Context, s Source) ([]Record, error) {
		ds, err := plan.StoreFor(s.DB, s.Partnership, s.Now).Decisions(ctx)
		return mapRecords(ds, err, func(d plan.Decision) Record { return Record{d.ID, d.Title} })
	}, Path: staffPath("decisions")},
	{Code: "appraisal", Label: "Option appraisal", Records: func(ctx context.Context, s Source) ([]Record, error) {
		as, err := plan.StoreFor(s.DB, s.Partnership, s.Now).Appraisals(ctx)
		return mapRecords(as, err, func(a plan.Appraisal) Record { return Record{a.ID, a.Title} })
	}, Path: staffPath("appraisals")},
	{Code: "commissioning", Label: "Commissioning work", Records: func(ctx context.Context, s Source) ([]Record, error) {
		its, err := commissioning.StoreFor(s.DB, s.Partnership, s.Now).Items(ctx)
		return mapRecords(its, err, func(it commissioning.Item) Record { return Record{it.ID, it.Title} })
	}, Path: staffPath("commissioning")},
	{Code: "body", Label: "Board or group", Records: func(ctx context.Context, s Source) ([]Record, error) {
		bs, err := governance.StoreFor(s.DB, s.Partnership, s.Now).Bodies(ctx)
		return mapRecords(bs, err, func(b governance.Body) Record { return Record{b.ID, b.Name} })
	}, Path: staffPath("bodies")},
}

// staffPath makes a kind's Path: the staff page of one record in the
// partnership's section, as kit.StaffPath writes it (the room knows nothing
// of the web kit).
func staffPath(section string) func(slug string, id int64) string {
	return func(slug string, id int64) string {
		return fmt.Sprintf("/staff/partnerships/%s/%s/%d", url.PathEscape(slug), section, id)
	}
}

func mapRecords[T any](list []T, err error, f func(T) Record) ([]Record, error) {
	if err != nil {
		return nil, err
	}
	out := make([]Record, 0, len(list))
	for _, x := range list {
		out = append(out, f(x))
	}
	return out, nil
}

// Kinds returns the kinds of record evidence can point to.
func Kinds() []Kind { return slices.Clone(kinds) }

// KindOf returns the kind with the given code and true, or false.
func KindOf(code string) (Kind, bool) {
	i := slices.IndexFunc(kinds, func(k Kind) bool { return k.Code == code })
	if i < 0 {
		return Kind{}, false
	}
	return kinds[i], true
}
