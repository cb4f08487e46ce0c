// Package partnershipweb is the pages of the partnership itself and of the
// site around it: the home page with every partnership, a partnership's
// public page, the law coplan follows and the accessibility statement; the
// staff home ("Your work"), a partnership's dashboard, its details,
// delegated functions, audit log and staff accounts; and the partnerships
// in the open data API.
package partnershipweb

import (
	"embed"
	"html/template"
	"net/http"

	"coplan/internal/auth"
	"coplan/internal/governance/governanceweb"
	"coplan/internal/partnership"
	"coplan/internal/web/kit"
)

//go:embed templates
var templateFiles embed.FS

// Handlers serves the partnership's pages.
type Handlers struct {
	k     *kit.Kit
	pages *kit.Pages
}

// New parses the pages' templates and registers their notices.
func New(k *kit.Kit) (*Handlers, error) {
	// The dashboard shows the SPG's composition panel, whose markup the
	// governance room owns.
	pages, err := k.Pages(templateFiles, template.FuncMap{"compositionPanel": governanceweb.CompositionPanel})
	if err != nil {
		return nil, err
	}
	k.AddNotices(map[string]string{
		"created":           "The partnership has been created.",
		"function-added":    "The delegated function has been added.",
		"function-removed":  "The delegated function has been removed.",
		"account-created":   "The account has been created.",
		"privacy-saved":     "The privacy notice has been saved.",
		"populations-saved": "The localities' populations have been saved.",
	})
	return &Handlers{k: k, pages: pages}, nil
}

// Routes are the partnership's addresses, each with the permission it needs.
func (h *Handlers) Routes() []kit.Route {
	return []kit.Route{
		// Public pages.
		{Pattern: "GET /{$}", Perm: auth.Public, Handle: h.home, Cache: true},
		{Pattern: "GET /partnerships/{slug}", Perm: auth.Public, Handle: h.publicPartnership, Cache: true},
		{Pattern: "GET /law", Perm: auth.Public, Handle: h.law, Cache: true},
		{Pattern: "GET /accessibility", Perm: auth.Public, Handle: h.accessibility, Cache: true},
		{Pattern: "GET /privacy", Perm: auth.Public, Handle: h.sitePrivacy, Cache: true},
		{Pattern: "GET /partnerships/{slug}/privacy", Perm: auth.Public, Handle: h.publicPrivacy, Cache: true},

		// Staff pages.
		{Pattern: "GET /staff", Perm: auth.SignedIn, Handle: h.staffHome},
		{Pattern: "GET /staff/partnerships/new", Perm: auth.ManageInstance, Handle: h.newPartnershipForm},
		{Pattern: "POST /staff/partnerships", Perm: auth.ManageInstance, Handle: h.createPartnership},
		{Pattern: "GET /staff/partnerships/{slug}", Perm: auth.ReadPlanning, Handle: h.dashboard},
		{Pattern: "GET /staff/partnerships/{slug}/edit", Perm: auth.EditPlanning, Handle: h.editPartnershipForm},
		{Pattern: "POST /staff/partnerships/{slug}/edit", Perm: auth.EditPlanning, Handle: h.updatePartnership},
		{Pattern: "GET /staff/partnerships/{slug}/functions", Perm: auth.ReadPlanning, Handle: h.functions},
		{Pattern: "POST /staff/partnerships/{slug}/functions", Perm: auth.EditPlanning, Handle: h.addFunction},
		{Pattern: "POST /staff/partnerships/{slug}/functions/{id}/remove", Perm: auth.EditPlanning, Handle: h.removeFunction},
		{Pattern: "GET /staff/partnerships/{slug}/privacy", Perm: auth.EditPlanning, Handle: h.privacyForm},
		{Pattern: "GET /staff/partnerships/{slug}/populations", Perm: auth.EditPlanning, Handle: h.populationsForm},
		{Pattern: "POST /staff/partnerships/{slug}/populations", Perm: auth.EditPlanning, Handle: h.setPopulations},
		{Pattern: "POST /staff/partnerships/{slug}/privacy", Perm: auth.EditPlanning, Handle: h.setPrivacy},
		{Pattern: "GET /staff/partnerships/{slug}/audit", Perm: auth.ReadAudit, Handle: h.auditLog},
		{Pattern: "GET /staff/partnerships/{slug}/accounts", Perm: auth.ManageAccounts, Handle: h.accounts},
		{Pattern: "POST /staff/partnerships/{slug}/accounts", Perm: auth.ManageAccounts, Handle: h.createAccount},

		// Open data.
		{Pattern: "GET /api/v1/partnerships", Perm: auth.Public, Handle: h.apiPartnerships, Cache: true},
		{Pattern: "GET /api/v1/partnerships/{slug}", Perm: auth.Public, Handle: h.apiPartnership, Cache: true},
	}
}

// store is the store of the partnership the address names, on the kit's
// clock.
func (h *Handlers) store(r *http.Request) *partnership.Store {
	return partnership.StoreFor(h.k.DB, *kit.Current(r).Partnership, h.k.Now)
}
