package consult

import (
	"fmt"

	"coplan/internal/valid"
)

// CanPublish says whether a consultation with the questions qn can be
// published: it needs at least one question, and every page (section)
// needs one, or respondents would meet a page with nothing to answer
// (issue 10, item 17). The errors are on the field "questions".
func CanPublish(qn Questionnaire) error {
	var errs valid.Errors
	if len(qn.Questions()) == 0 {
		errs.Add("questions", "Add at least one question before publishing the consultation")
		return errs.Err()
	}
	for i, s := range qn.Sections {
		if len(s.Questions) == 0 {
			errs.Add("questions", fmt.Sprintf("Page %d, ‘%s’, has no questions: add questions to it, or delete the page, before publishing the consultation", i+1, s.Title))
		}
	}
	return errs.Err()
}
