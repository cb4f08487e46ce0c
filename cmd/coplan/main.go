// Command coplan runs a health and social care partnership's strategic
// planning with the people it serves. Run `coplan help` for the commands.
package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"coplan/internal/audit"
	"coplan/internal/auth"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/demo"
	"coplan/internal/mail"
	"coplan/internal/partnership"
	"coplan/internal/progress"
	"coplan/internal/refdata"
	"coplan/internal/valid"
	"coplan/internal/web"
)

const usage = `coplan: strategic planning with people, for Scotland's health and social care partnerships.

Usage: coplan COMMAND [options]

Commands:
  serve     serve the web site and open data API
  migrate   bring the database's tables up to date
  demo      load (or reset) the Glenmorven demo partnership and Scotland's 31 partnerships
  user      create a staff account, change its role, or reset its password
  import    load reference data: coplan import partnerships [--file FILE.csv]
  bench     measure coplan beside a baseline: coplan bench page|submit|export|crash

Every command takes --database-url (env COPLAN_DATABASE_URL): sqlite:PATH or
postgres://..., default sqlite:coplan.db. Run "coplan COMMAND --help" for more.
`

// exit codes
const (
	exitOK    = 0
	exitError = 1 // something failed
	exitUsage = 2 // the command line was wrong
	exitInput = 3 // the input (an import file, an account's details) was rejected
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	cmds := map[string]func(context.Context, []string, io.Writer, io.Writer) int{
		"serve": serve, "migrate": migrate, "demo": demoCmd, "user": user, "import": importCmd, "bench": benchCmd,
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "coplan: unknown command %q\n\n%s", args[0], usage)
		return exitUsage
	}
	return cmd(ctx, args[1:], stdout, stderr)
}

// common are the settings every command takes.
type common struct {
	databaseURL string
	logLevel    string
}

func newFlags(name, summary string, stderr io.Writer) (*flag.FlagSet, *common) {
	fs := flag.NewFlagSet("coplan "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &common{}
	fs.StringVar(&c.databaseURL, "database-url", env("COPLAN_DATABASE_URL", "sqlite:coplan.db"),
		"database: sqlite:PATH or postgres://... (env COPLAN_DATABASE_URL)")
	fs.StringVar(&c.logLevel, "log-level", env("COPLAN_LOG_LEVEL", "info"), "debug, info, warn or error (env COPLAN_LOG_LEVEL)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "%s\n\nUsage: coplan %s [options]\n\nOptions:\n", summary, name)
		fs.PrintDefaults()
	}
	return fs, c
}

// envInt is env for a whole number; a value that is not one is ignored.
func envInt(key string, fallback int) int {
	if n, err := strconv.Atoi(env(key, "")); err == nil {
		return n
	}
	return fallback
}

func env(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return fallback
}

func (c *common) logger(w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.logLevel)); err != nil {
		level = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// open connects to the database and applies migrations.
func (c *common) open(ctx context.Context, log *slog.Logger) (*db.DB, error) {
	d, err := db.Open(ctx, c.databaseURL)
	if err != nil {
		return nil, err
	}
	if _, err := prepare(ctx, d, log); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// prepare brings the tables up to date and loads the national reference
// data every service needs (the question bank's equality-monitoring and
// about-you questions), returning how many migrations it applied.
func prepare(ctx context.Context, d *db.DB, log *slog.Logger) (int, error) {
	n, err := d.Migrate(ctx, log)
	if err != nil {
		return n, err
	}
	if err := consult.SeedBank(ctx, d); err != nil {
		return n, fmt.Errorf("load the national question bank: %w", err)
	}
	return n, nil
}

// parse parses flags, returning an exit code and false when the command
// should stop (help asked for, or bad flags).
func parse(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false
	}
	return 0, true
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, c := newFlags("serve", "Serve coplan's web site and open data API.", stderr)
	addr := fs.String("addr", env("COPLAN_ADDR", "localhost:8080"), "address to listen on (env COPLAN_ADDR)")
	withDemo := fs.Bool("demo", false, "load the demo partnership first if it is not there, and print its sign-in details")
	secure := fs.Bool("secure-cookies", env("COPLAN_SECURE_COOKIES", "") == "true",
		"mark cookies Secure; set when served over HTTPS (env COPLAN_SECURE_COOKIES=true)")
	messages := fs.String("messages", env("COPLAN_MESSAGES", ""),
		"folder of message catalogues (en.txt, gd.txt, ...) correcting or adding to the response form's text (env COPLAN_MESSAGES)")
	var smtp mail.Server
	fs.StringVar(&smtp.Addr, "smtp-addr", env("COPLAN_SMTP_ADDR", ""),
		"SMTP server for outgoing mail, host:port; without one, mail waits in each partnership's outbox (env COPLAN_SMTP_ADDR)")
	fs.StringVar(&smtp.From, "smtp-from", env("COPLAN_SMTP_FROM", ""), "address mail comes from (env COPLAN_SMTP_FROM)")
	fs.StringVar(&smtp.User, "smtp-user", env("COPLAN_SMTP_USER", ""), "user name for the SMTP server, if it needs one (env COPLAN_SMTP_USER)")
	fs.StringVar(&smtp.Password, "smtp-password", env("COPLAN_SMTP_PASSWORD", ""), "password for the SMTP server (env COPLAN_SMTP_PASSWORD)")
	baseURL := fs.String("base-url", env("COPLAN_BASE_URL", ""),
		"the site's address as people reach it, e.g. https://coplan.example.scot; links in emails are built from it, and https makes cookies Secure (env COPLAN_BASE_URL; default http://ADDR)")
	trusted := fs.String("trusted-proxies", env("COPLAN_TRUSTED_PROXIES", ""),
		"load balancers or proxies in front of coplan, as addresses or ranges separated by commas (10.0.0.0/8,192.0.2.10): limits then count the client address they forward in X-Forwarded-For (env COPLAN_TRUSTED_PROXIES)")
	responseLimit := fs.Int("response-limit", envInt("COPLAN_RESPONSE_LIMIT", consult.DefaultHourlyLimit),
		"responses one network address may start, and submit, per hour; high, so a community centre sharing one address is not locked out; -1 for no limit (env COPLAN_RESPONSE_LIMIT)")
	pageCacheMB := fs.Int("page-cache-mb", envInt("COPLAN_PAGE_CACHE_MB", web.DefaultPageCacheBytes>>20),
		"memory for public pages kept ready for visitors who are not signed in, in MiB; 0 for none (env COPLAN_PAGE_CACHE_MB)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	log := c.logger(stderr)
	if *pageCacheMB < 0 {
		log.Error("--page-cache-mb must be 0 or more", "page-cache-mb", *pageCacheMB)
		return exitUsage
	}
	pageCache := *pageCacheMB << 20
	if pageCache == 0 {
		pageCache = -1 // web.Config: negative for no page cache
	}
	proxies, err := web.ParseProxies(*trusted)
	if err != nil {
		log.Error("--trusted-proxies", "err", err)
		return exitUsage
	}
	if *baseURL == "" {
		*baseURL = "http://" + *addr
	}
	if u, err := url.Parse(*baseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		log.Error("--base-url must be an address such as https://coplan.example.scot", "base-url", *baseURL)
		return exitUsage
	}
	if err := smtp.Check(); err != nil {
		log.Error("mail server settings", "err", err)
		return exitUsage
	}
	d, err := c.open(ctx, log)
	if err != nil {
		log.Error("cannot open the database", "err", err)
		return exitError
	}
	defer d.Close()
	if *withDemo {
		loaded, err := demo.Loaded(ctx, d)
		if err == nil && !loaded {
			err = demo.Load(ctx, d, time.Now)
		}
		if err != nil {
			log.Error("cannot load the demo", "err", err)
			return exitError
		}
		printDemo(stdout, *addr)
	}
	s, err := web.New(web.Config{DB: d, Log: log, SecureCookies: *secure, Messages: *messages, Mail: smtp,
		ResponseLimit: *responseLimit, BaseURL: *baseURL, TrustedProxies: proxies, PageCacheBytes: pageCache})
	if err != nil {
		log.Error("cannot start", "err", err)
		return exitError
	}
	defer s.Close() // after the HTTP server has stopped: commits submissions still waiting
	if smtp.Configured() {
		sender := &mail.Sender{DB: d, Server: smtp, Log: log}
		go sender.Run(ctx, 30*time.Second)
	} else {
		log.Info("no SMTP server configured (--smtp-addr): mail waits in each partnership's outbox for staff to read")
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Error("cannot listen", "addr", *addr, "err", err)
		return exitError
	}
	if path := os.Getenv("COPLAN_CPU_PROFILE"); path != "" {
		// For finding where a benchmark's time goes (BENCHMARKS.md): a CPU
		// profile of the whole run, written when the server stops.
		f, err := os.Create(path)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			log.Error("COPLAN_CPU_PROFILE", "err", err)
			return exitError
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute}
	log.Info("coplan is serving", "url", "http://"+ln.Addr().String(), "database", d.Dialect())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		log.Error("server stopped", "err", err)
		return exitError
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		log.Error("shutdown", "err", err)
		return exitError
	}
	return exitOK
}

func printDemo(w io.Writer, addr string) {
	fmt.Fprintf(w, "\nThe demo partnership, Glenmorven, is loaded. Open http://%s\n", addr)
	fmt.Fprintf(w, "Staff sign in at http://%s/signin, password %q for every demo account:\n", addr, demo.Password)
	for _, a := range demo.Accounts {
		role := a.Role.Name()
		if a.Role == auth.Administrator && !a.Partnership {
			role = "Service administrator: every partnership"
		} else if a.Partnership {
			role += ", Glenmorven"
		}
		fmt.Fprintf(w, "  %-32s %s (%s)\n", a.Email, a.Name, role)
	}
	fmt.Fprintln(w)
}

func migrate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, c := newFlags("migrate", "Bring the database's tables up to date (serve also does this when it starts).", stderr)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	log := c.logger(stderr)
	d, err := db.Open(ctx, c.databaseURL)
	if err != nil {
		log.Error("cannot open the database", "err", err)
		return exitError
	}
	defer d.Close()
	n, err := prepare(ctx, d, log)
	if err != nil {
		log.Error("migration failed", "err", err)
		return exitError
	}
	fmt.Fprintf(stdout, "Database is up to date (%d migrations applied now).\n", n)
	return exitOK
}

func demoCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, c := newFlags("demo", "Load the Glenmorven demo partnership and Scotland's 31 partnerships. Running it again resets the demo.", stderr)
	addr := fs.String("addr", env("COPLAN_ADDR", "localhost:8080"), "address coplan serves on, for the printed links (env COPLAN_ADDR)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	log := c.logger(stderr)
	d, err := c.open(ctx, log)
	if err != nil {
		log.Error("cannot open the database", "err", err)
		return exitError
	}
	defer d.Close()
	if err := demo.Load(ctx, d, time.Now); err != nil {
		log.Error("cannot load the demo", "err", err)
		return exitError
	}
	printDemo(stdout, *addr)
	return exitOK
}

const userUsage = `Create a staff account, change its role, or reset its password.

Usage:
  coplan user create --email E --name N --role R [--partnership SLUG] [--password P]
  coplan user set-role --email E --role R
  coplan user reset-password --email E [--password P]

Roles: administrator, officer (planning officer), spg-member, board-member,
scrutiny (read-only across partnerships). An administrator with no
--partnership runs the whole service. Without --password a strong one is made
up and printed.
`

func user(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" || args[0] == "help" {
		fmt.Fprint(stdout, userUsage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	action := args[0]
	fs, c := newFlags("user "+action, "Manage a staff account.", stderr)
	fs.Usage = func() { fmt.Fprint(stderr, userUsage+"\nOptions:\n"); fs.PrintDefaults() }
	email := fs.String("email", "", "the account's email address")
	name := fs.String("name", "", "the person's name (create)")
	role := fs.String("role", "", "the role (create, set-role)")
	slug := fs.String("partnership", "", "web address name of the partnership the account belongs to (create)")
	password := fs.String("password", "", "the password; made up and printed if left out")
	if code, ok := parse(fs, args[1:]); !ok {
		return code
	}
	if *email == "" {
		fmt.Fprintln(stderr, "coplan user: --email is required")
		return exitUsage
	}
	log := c.logger(stderr)
	d, err := c.open(ctx, log)
	if err != nil {
		log.Error("cannot open the database", "err", err)
		return exitError
	}
	defer d.Close()
	generated := *password == ""
	if generated {
		*password = newPassword()
	}
	switch action {
	case "create":
		u := auth.User{Email: *email, Name: *name, Role: auth.Role(*role)}
		if *slug != "" {
			p, err := partnership.BySlug(ctx, d, *slug)
			if err != nil {
				fmt.Fprintf(stderr, "coplan user: no partnership with web address name %q\n", *slug)
				return exitInput
			}
			u.PartnershipID = p.ID
		}
		u, err = auth.CreateUser(ctx, d, u, *password, audit.System, time.Now())
		if err != nil {
			return reportInput(stderr, "user create", err)
		}
		fmt.Fprintf(stdout, "Created %s account for %s <%s>.\n", u.Role.Name(), u.Name, u.Email)
	case "set-role":
		u, err := auth.SetRole(ctx, d, *email, auth.Role(*role), audit.System, time.Now())
		if err != nil {
			return reportInput(stderr, "user set-role", err)
		}
		fmt.Fprintf(stdout, "%s <%s> is now: %s.\n", u.Name, u.Email, u.Role.Name())
		return exitOK
	case "reset-password":
		if err := auth.SetPassword(ctx, d, *email, *password, audit.System, time.Now()); err != nil {
			return reportInput(stderr, "user reset-password", err)
		}
		fmt.Fprintf(stdout, "Password reset for <%s>; their sessions have been signed out.\n", *email)
	default:
		fmt.Fprintf(stderr, "coplan user: unknown action %q\n\n%s", action, userUsage)
		return exitUsage
	}
	if generated {
		fmt.Fprintf(stdout, "Password: %s\n", *password)
	}
	return exitOK
}

func reportInput(stderr io.Writer, cmd string, err error) int {
	if errs, ok := valid.As(err); ok {
		for _, e := range errs {
			fmt.Fprintf(stderr, "coplan %s: %s\n", cmd, e.Message)
		}
		return exitInput
	}
	if errors.Is(err, valid.ErrNotFound) {
		fmt.Fprintf(stderr, "coplan %s: there is no account with that email address\n", cmd)
		return exitInput
	}
	fmt.Fprintf(stderr, "coplan %s: %v\n", cmd, err)
	return exitError
}

func newPassword() string {
	b := make([]byte, 15)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "partnerships" {
		fmt.Fprint(stderr, "Usage: coplan import partnerships [--file FILE.csv]\n\nLoads Scotland's integration authorities from the built-in list, or from a CSV file with the columns\n  "+refdata.Header+"\n(lists separated by ;). Either the whole file loads or nothing does.\n")
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
			return exitOK
		}
		return exitUsage
	}
	fs, c := newFlags("import partnerships", "Load Scotland's integration authorities: the built-in list, or a CSV file with the columns\n  "+refdata.Header+"\nLists are separated by ;. Partnerships are matched by official code; either the whole file loads or nothing does.", stderr)
	file := fs.String("file", "", "CSV file to load instead of the built-in list")
	if code, ok := parse(fs, args[1:]); !ok {
		return code
	}
	as := refdata.Builtin()
	source := "the built-in list"
	if *file != "" {
		f, err := os.Open(*file)
		if err != nil {
			fmt.Fprintf(stderr, "coplan import: %v\n", err)
			return exitInput
		}
		// A large file shows how far it has been read, on a terminal.
		var size int64
		if fi, err := f.Stat(); err == nil {
			size = fi.Size()
		}
		bar := progress.Start(stderr, "Reading "+*file+" (bytes)", size)
		as, err = refdata.Parse(progress.Reader{R: f, C: bar})
		bar.Finish()
		f.Close()
		if err != nil {
			fmt.Fprintf(stderr, "coplan import: %s\n", strings.TrimSpace(err.Error()))
			return exitInput
		}
		source = *file
	}
	log := c.logger(stderr)
	d, err := c.open(ctx, log)
	if err != nil {
		log.Error("cannot open the database", "err", err)
		return exitError
	}
	defer d.Close()
	if progress.Terminal(stderr) {
		fmt.Fprintf(stderr, "Saving %s partnerships in one transaction...\n", progress.Thousands(int64(len(as))))
	}
	res, err := partnership.Import(ctx, d, partnership.FromReference(as), audit.System, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "coplan import: nothing was imported: %v\n", err)
		return exitInput
	}
	fmt.Fprintf(stdout, "Imported %d partnerships from %s: %d new, %d updated, %d unchanged.\n",
		len(as), source, res.Created, res.Updated, res.Unchanged)
	return exitOK
}
