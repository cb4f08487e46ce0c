// Package bench is the engine of coplan bench: it measures coplan, served
// by the coplan binary as a process of its own on loopback, beside a
// baseline served the same way and measured in the same run, so that the
// figures are ratios that mean something on a shared, noisy machine.
//
//   - Page: the public pages and the partnership list API against a bare
//     net/http handler serving as many bytes (ServePages).
//   - Submit: durable submissions through the real submit route against a
//     bare durable handler with the same database, durability and group
//     commit (ServeSubmissions).
//   - Export: the exports, APIs and lists over a consultation loaded with
//     many responses, with the server's peak memory growth during each.
//   - Crash: SIGKILL at random moments while respondents submit; every
//     acknowledged response must survive (internal/crashtest runs it too).
//
// Each runs on a fresh database (Fresh): a temporary SQLite file, or a new
// schema in a PostgreSQL database, dropped afterwards. The package reads
// the clock only through the civil.Clock it is given.
package bench
