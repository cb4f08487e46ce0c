package bench

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"coplan/internal/db"
)

// Build compiles the coplan command into dir and returns its path: for
// tests, which have no coplan binary of their own to run (the bench
// commands run os.Executable).
func Build(dir string) (string, error) {
	bin := filepath.Join(dir, "coplan")
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		goTool = "go"
	}
	cmd := exec.Command(goTool, "build", "-o", bin, "coplan/cmd/coplan")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
}

// Process is a server the bench started as a process of its own (coplan
// serve, or a baseline), so that its CPU and memory are not the client's.
type Process struct {
	URL  string // http://127.0.0.1:PORT
	cmd  *exec.Cmd
	log  *syncBuffer
	done chan struct{}
}

// Ready is the line every server the bench starts logs once it listens,
// with url=http://ADDR in it: coplan serve's, which the baselines copy.
const Ready = "coplan is serving"

// Start runs bin with args and waits until it logs Ready.
func Start(ctx context.Context, bin string, args ...string) (*Process, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "COPLAN_SMTP_ADDR=") // no mail leaves the machine
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &Process{cmd: cmd, log: &syncBuffer{}, done: make(chan struct{})}
	serving := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			p.log.WriteString(line + "\n")
			if strings.Contains(line, Ready) {
				if _, u, ok := strings.Cut(line, "url="); ok {
					select {
					case serving <- strings.Fields(u)[0]:
					default:
					}
				}
			}
		}
		io.Copy(io.Discard, stderr)
		cmd.Wait()
		close(p.done)
	}()
	wait := time.NewTimer(2 * time.Minute) // migrations on a large database take a while
	defer wait.Stop()
	select {
	case p.URL = <-serving:
		return p, nil
	case <-wait.C:
		p.Kill()
		return nil, fmt.Errorf("%s %s did not start within two minutes:\n%s", filepath.Base(bin), args[0], p.log.String())
	case <-p.done:
		return nil, fmt.Errorf("%s %s stopped before serving:\n%s", filepath.Base(bin), args[0], p.log.String())
	case <-ctx.Done():
		p.Kill()
		return nil, fmt.Errorf("%s %s did not start in time:\n%s", filepath.Base(bin), args[0], p.log.String())
	}
}

// PID is the process's id.
func (p *Process) PID() int { return p.cmd.Process.Pid }

// Log is what the process has logged so far.
func (p *Process) Log() string { return p.log.String() }

// Kill sends SIGKILL and waits for the process to end. It is safe to call
// twice.
func (p *Process) Kill() error {
	select {
	case <-p.done:
		return nil
	default:
	}
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("kill: %w", err)
	}
	select {
	case <-p.done:
		return nil
	case <-time.After(10 * time.Second):
		return errors.New("the process did not end after SIGKILL")
	}
}

// Stop asks the process to finish (SIGTERM), as an operator would, waiting
// up to 30 s before killing it.
func (p *Process) Stop() {
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		p.Kill()
	}
}

// Memory reads the process's resident memory from /proc/PID/status:
// VmRSS now and VmHWM, the most it has held since it started or since
// ResetPeak, in bytes.
func (p *Process) Memory() (rss, peak int64, err error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(p.PID()) + "/status")
	if err != nil {
		return 0, 0, err
	}
	for line := range strings.Lines(string(b)) {
		k, v, ok := strings.Cut(line, ":")
		if !ok || (k != "VmRSS" && k != "VmHWM") {
			continue
		}
		f := strings.Fields(v) // "123456 kB"
		if len(f) != 2 || f[1] != "kB" {
			return 0, 0, fmt.Errorf("/proc status: %q", line)
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, 0, err
		}
		if k == "VmRSS" {
			rss = n << 10
		} else {
			peak = n << 10
		}
	}
	return rss, peak, nil
}

// ResetPeak makes VmHWM start again from the current resident memory
// (writing 5 to /proc/PID/clear_refs, Linux 4.0 and later).
func (p *Process) ResetPeak() error {
	return os.WriteFile("/proc/"+strconv.Itoa(p.PID())+"/clear_refs", []byte("5"), 0)
}

// syncBuffer collects a process's log.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) WriteString(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.b.WriteString(s)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// Database is a fresh, empty database for one run: a new SQLite file in a
// temporary folder, or a new schema in the PostgreSQL database named, both
// removed by Drop. Nothing already in the database named is touched.
type Database struct {
	URL     string
	Dialect db.Dialect
	// Durability says how the database waits for the disk, as it reports
	// it: "synchronous=FULL" for SQLite as coplan opens it, "fsync=on,
	// synchronous_commit=on" for PostgreSQL. A benchmark of durable
	// writes means little with fsync off.
	Durability string
	drop       func()
}

// Fresh makes the run's database. base is "" or sqlite (a temporary file)
// or a postgres:// URL (a new schema coplan_bench_XXXX in that database,
// reached through search_path).
func Fresh(ctx context.Context, base string) (*Database, error) {
	if base == "" || strings.HasPrefix(base, "sqlite") {
		dir, err := os.MkdirTemp("", "coplan-bench-")
		if err != nil {
			return nil, err
		}
		return &Database{URL: "sqlite:" + filepath.Join(dir, "coplan.db"), Dialect: db.SQLite,
			Durability: "WAL, synchronous=FULL", drop: func() { os.RemoveAll(dir) }}, nil
	}
	admin, err := db.Open(ctx, base)
	if err != nil {
		return nil, fmt.Errorf("PostgreSQL: %w", err)
	}
	var fsync, syncCommit string
	if err := admin.QueryRowContext(ctx, "SELECT current_setting('fsync'), current_setting('synchronous_commit')").Scan(&fsync, &syncCommit); err != nil {
		admin.Close()
		return nil, fmt.Errorf("PostgreSQL: %w", err)
	}
	b := make([]byte, 4)
	rand.Read(b)
	schema := "coplan_bench_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		return nil, fmt.Errorf("create the run's schema: %w", err)
	}
	u, err := url.Parse(base)
	if err != nil {
		admin.Close()
		return nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return &Database{URL: u.String(), Dialect: db.Postgres, Durability: "fsync=" + fsync + ", synchronous_commit=" + syncCommit, drop: func() {
		admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	}}, nil
}

// Drop removes the run's database.
func (d *Database) Drop() {
	if d != nil && d.drop != nil {
		d.drop()
	}
}
