package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"coplan/internal/auth"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/partnership"
)

// coplan runs the command in-process and returns its exit code and output.
func coplan(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// eachDatabase runs fn against a new, empty database of each kind, given
// by URL as an operator would pass it to --database-url.
func eachDatabase(t *testing.T, fn func(t *testing.T, url string)) {
	t.Helper()
	for _, kind := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(kind), func(t *testing.T) { fn(t, dbtest.URL(t, kind)) })
	}
}

// open connects to the database the command used, for checking what it did.
func open(t *testing.T, url string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return d
}

func partnerships(t *testing.T, d *db.DB) []partnership.Partnership {
	t.Helper()
	ps, err := partnership.List(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		code, out, _ := coplan(t, args...)
		if code != 0 {
			t.Errorf("coplan %s: exit %d, want 0", args[0], code)
		}
		for _, cmd := range []string{"serve", "migrate", "demo", "user", "import"} {
			if !strings.Contains(out, "  "+cmd+" ") {
				t.Errorf("coplan %s does not list the %s command:\n%s", args[0], cmd, out)
			}
		}
	}
	// With no command at all, the usage is shown but it is a usage error.
	if code, out, _ := coplan(t); code != 2 || !strings.Contains(out, "Usage: coplan COMMAND") {
		t.Errorf("coplan with no command: exit %d, output %q; want 2 and the usage", code, out)
	}
}

func TestUnknownCommand(t *testing.T) {
	code, out, errOut := coplan(t, "frobnicate")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if !strings.Contains(errOut, `unknown command "frobnicate"`) || !strings.Contains(errOut, "Usage: coplan COMMAND") {
		t.Errorf("stderr %q: want the unknown command named and the usage", errOut)
	}
	if out != "" {
		t.Errorf("stdout %q, want nothing", out)
	}
}

func TestBadFlagIsAUsageError(t *testing.T) {
	if code, _, errOut := coplan(t, "migrate", "--no-such-flag"); code != 2 || !strings.Contains(errOut, "no-such-flag") {
		t.Errorf("migrate --no-such-flag: exit %d, stderr %q; want 2 naming the flag", code, errOut)
	}
	if code, _, errOut := coplan(t, "import", "accounts"); code != 2 || !strings.Contains(errOut, "coplan import partnerships") {
		t.Errorf("import accounts: exit %d, stderr %q; want 2 and the usage", code, errOut)
	}
}

func TestMigrateTwice(t *testing.T) {
	eachDatabase(t, func(t *testing.T, url string) {
		code, out, errOut := coplan(t, "migrate", "--database-url", url)
		if code != 0 {
			t.Fatalf("first migrate: exit %d\n%s", code, errOut)
		}
		if strings.Contains(out, "(0 migrations applied now)") || !strings.Contains(out, "Database is up to date") {
			t.Errorf("first migrate printed %q; want it to report the migrations it applied", out)
		}
		code, out, errOut = coplan(t, "migrate", "--database-url", url)
		if code != 0 {
			t.Fatalf("second migrate: exit %d\n%s", code, errOut)
		}
		if !strings.Contains(out, "Database is up to date (0 migrations applied now)") {
			t.Errorf("second migrate printed %q; want 0 migrations applied", out)
		}
	})
}

func TestMigrateBadDatabaseURL(t *testing.T) {
	code, _, errOut := coplan(t, "migrate", "--database-url", "mysql://localhost/coplan")
	if code != 1 || !strings.Contains(errOut, "sqlite:PATH or postgres://") {
		t.Errorf("exit %d, stderr %q; want 1 and the forms a database URL takes", code, errOut)
	}
}

const csvHeader = "code,name,model,health_board,local_authorities,localities\n"

func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "partnerships.csv")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportBadFileImportsNothing(t *testing.T) {
	file := writeFile(t, csvHeader+
		"S37000101,Glen North,ijb,NHS Glen,Glen North Council,Alpha;Beta\n"+
		"S37000102,Glen South,ijb,NHS Glen,Glen South Council,Gamma\n"+
		"S37000103,Glen East,ijb,NHS Glen,Glen East Council,Delta;Epsilon\n")
	eachDatabase(t, func(t *testing.T, url string) {
		code, out, errOut := coplan(t, "import", "partnerships", "--file", file, "--database-url", url)
		if code != 3 {
			t.Errorf("exit %d, want 3 (input rejected)", code)
		}
		if !strings.Contains(errOut, "line 3") || !strings.Contains(errOut, "localities") {
			t.Errorf("stderr %q: want the bad row's line number (3) and the column at fault", errOut)
		}
		if strings.Contains(errOut, "line 2") || strings.Contains(errOut, "line 4") {
			t.Errorf("stderr %q blames a good row", errOut)
		}
		if !strings.Contains(errOut, "nothing was imported") {
			t.Errorf("stderr %q: want it to say nothing was imported", errOut)
		}
		if strings.Contains(out, "Imported") {
			t.Errorf("stdout %q claims an import", out)
		}
		if ps := partnerships(t, open(t, url)); len(ps) != 0 {
			t.Errorf("%d partnerships stored after a rejected file, want none", len(ps))
		}
	})
}

func TestImportGoodFile(t *testing.T) {
	file := writeFile(t, csvHeader+
		"S37000101,Glen North,ijb,NHS Glen,Glen North Council,Alpha;Beta\n"+
		"S37000102,Glen South,lead-agency,NHS Glen,Glen South Council;Glen Isles Council,Gamma;Delta;Epsilon\n")
	eachDatabase(t, func(t *testing.T, url string) {
		code, out, errOut := coplan(t, "import", "partnerships", "--file", file, "--database-url", url)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, errOut)
		}
		if !strings.Contains(out, "Imported 2 partnerships from "+file+": 2 new, 0 updated, 0 unchanged.") {
			t.Errorf("stdout %q", out)
		}
		ps := partnerships(t, open(t, url))
		if len(ps) != 2 || ps[1].Name != "Glen South" || ps[1].Model != "lead-agency" ||
			strings.Join(ps[1].LocalityNames(), ";") != "Gamma;Delta;Epsilon" || len(ps[1].LocalAuthorities) != 2 {
			t.Errorf("stored %+v, want the file's two partnerships", ps)
		}
	})
}

func TestImportMissingFile(t *testing.T) {
	url := dbtest.URL(t, db.SQLite)
	code, _, errOut := coplan(t, "import", "partnerships", "--file", filepath.Join(t.TempDir(), "missing.csv"), "--database-url", url)
	if code != 3 || !strings.Contains(errOut, "missing.csv") {
		t.Errorf("exit %d, stderr %q; want 3 naming the file", code, errOut)
	}
}

func TestImportBuiltin(t *testing.T) {
	eachDatabase(t, func(t *testing.T, url string) {
		code, out, errOut := coplan(t, "import", "partnerships", "--database-url", url)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, errOut)
		}
		if !strings.Contains(out, "Imported 31 partnerships from the built-in list: 31 new, 0 updated, 0 unchanged.") {
			t.Errorf("first import printed %q", out)
		}
		if n := len(partnerships(t, open(t, url))); n != 31 {
			t.Errorf("%d partnerships stored, want 31", n)
		}
		code, out, _ = coplan(t, "import", "partnerships", "--database-url", url)
		if code != 0 || !strings.Contains(out, "0 new, 0 updated, 31 unchanged.") {
			t.Errorf("second import: exit %d, %q; want 31 unchanged", code, out)
		}
	})
}

func TestUserCommands(t *testing.T) {
	eachDatabase(t, func(t *testing.T, url string) {
		ctx := context.Background()
		if code, _, errOut := coplan(t, "import", "partnerships", "--database-url", url); code != 0 {
			t.Fatalf("import: %s", errOut)
		}
		const email = "euan.fraser@angus.example"
		code, out, errOut := coplan(t, "user", "create", "--database-url", url, "--email", email, "--name", "Euan Fraser",
			"--role", "officer", "--partnership", "angus", "--password", "a long enough passphrase")
		if code != 0 {
			t.Fatalf("user create: exit %d\n%s", code, errOut)
		}
		if want := "Created Planning officer account for Euan Fraser <" + email + ">."; !strings.Contains(out, want) {
			t.Errorf("user create printed %q, want %q", out, want)
		}
		if strings.Contains(out, "Password:") {
			t.Errorf("user create printed a password it was given: %q", out)
		}
		d := open(t, url)
		u, err := auth.Authenticate(ctx, d, email, "a long enough passphrase", "192.0.2.1", time.Now())
		if err != nil {
			t.Fatalf("the new account cannot sign in: %v", err)
		}
		angus, err := partnership.BySlug(ctx, d, "angus")
		if err != nil {
			t.Fatal(err)
		}
		if u.PartnershipID != angus.ID || u.Role != auth.Officer {
			t.Errorf("account %+v, want an officer of Angus (%d)", u, angus.ID)
		}

		code, out, errOut = coplan(t, "user", "set-role", "--database-url", url, "--email", email, "--role", "administrator")
		if code != 0 {
			t.Fatalf("user set-role: exit %d\n%s", code, errOut)
		}
		if want := "Euan Fraser <" + email + "> is now: Administrator."; !strings.Contains(out, want) {
			t.Errorf("user set-role printed %q, want %q", out, want)
		}
		if u, _ := auth.UserByEmail(ctx, d, email); u.Role != auth.Administrator {
			t.Errorf("role after set-role: %q, want administrator", u.Role)
		}

		// Without --password, a new one is made up and printed.
		code, out, errOut = coplan(t, "user", "reset-password", "--database-url", url, "--email", email)
		if code != 0 {
			t.Fatalf("user reset-password: exit %d\n%s", code, errOut)
		}
		if !strings.Contains(out, "Password reset for <"+email+">") {
			t.Errorf("user reset-password printed %q", out)
		}
		m := regexp.MustCompile(`Password: (\S+)`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("user reset-password did not print the new password: %q", out)
		}
		if len(m[1]) < auth.MinPasswordLength {
			t.Errorf("made-up password %q is shorter than %d", m[1], auth.MinPasswordLength)
		}
		if _, err := auth.Authenticate(ctx, d, email, m[1], "192.0.2.1", time.Now()); err != nil {
			t.Errorf("the printed password does not sign in: %v", err)
		}
		if _, err := auth.Authenticate(ctx, d, email, "a long enough passphrase", "192.0.2.1", time.Now()); err == nil {
			t.Error("the old password still signs in")
		}
	})
}

func TestUserCommandsRejectBadInput(t *testing.T) {
	url := dbtest.URL(t, db.SQLite)
	if code, _, errOut := coplan(t, "import", "partnerships", "--database-url", url); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		inStderr string
	}{
		{"bad email", []string{"create", "--email", "not-an-email", "--name", "X", "--role", "scrutiny"}, 3, "email address"},
		{"unknown partnership", []string{"create", "--email", "x@example.org", "--name", "X", "--role", "officer", "--partnership", "atlantis"}, 3, `"atlantis"`},
		{"officer with no partnership", []string{"create", "--email", "x@example.org", "--name", "X", "--role", "officer"}, 3, "partnership"},
		{"short password", []string{"create", "--email", "x@example.org", "--name", "X", "--role", "scrutiny", "--password", "short"}, 3, "at least 12 characters"},
		{"no email", []string{"create", "--name", "X", "--role", "scrutiny"}, 2, "--email is required"},
		{"unknown account for set-role", []string{"set-role", "--email", "nobody@example.org", "--role", "officer"}, 3, "no account"},
		{"unknown role", []string{"set-role", "--email", "nobody@example.org", "--role", "king"}, 3, "Select a role"},
		{"unknown account for reset-password", []string{"reset-password", "--email", "nobody@example.org"}, 3, "no account"},
		{"unknown action", []string{"delete", "--email", "x@example.org"}, 2, `unknown action "delete"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"user"}, tt.args...)
			args = append(args, "--database-url", url)
			code, out, errOut := coplan(t, args...)
			if code != tt.code || !strings.Contains(errOut, tt.inStderr) {
				t.Errorf("coplan %s: exit %d, stderr %q; want %d and %q", strings.Join(tt.args, " "), code, errOut, tt.code, tt.inStderr)
			}
			if strings.Contains(out, "Password:") {
				t.Errorf("printed a password for a command that failed: %q", out)
			}
		})
	}
	var n int
	if err := open(t, url).QueryRowContext(context.Background(), "SELECT COUNT(*) FROM users").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d accounts after only rejected commands, want none", n)
	}
}

func TestDemo(t *testing.T) {
	eachDatabase(t, func(t *testing.T, url string) {
		code, out, errOut := coplan(t, "demo", "--database-url", url, "--addr", "localhost:9999")
		if code != 0 {
			t.Fatalf("demo: exit %d\n%s", code, errOut)
		}
		for _, want := range []string{"Glenmorven", "http://localhost:9999/signin", `"` + demo.Password + `"`} {
			if !strings.Contains(out, want) {
				t.Errorf("demo output does not contain %q:\n%s", want, out)
			}
		}
		for _, a := range demo.Accounts {
			if !strings.Contains(out, a.Email) || !strings.Contains(out, a.Role.Name()) {
				t.Errorf("demo output does not list %s (%s):\n%s", a.Email, a.Role.Name(), out)
			}
		}
		d := open(t, url)
		if n := len(partnerships(t, d)); n != 32 {
			t.Errorf("%d partnerships after demo, want 32", n)
		}
		if _, err := auth.Authenticate(context.Background(), d, demo.Accounts[0].Email, demo.Password, "192.0.2.1", time.Now()); err != nil {
			t.Errorf("printed sign-in does not work: %v", err)
		}
	})
}
