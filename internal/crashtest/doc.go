// Package crashtest checks that coplan never loses a response it has
// acknowledged: its test builds the coplan binary, serves a consultation
// from it, answers the consultation through the public pages from many
// respondents at once, kills the server with SIGKILL at random moments and
// restarts it, then finds every reference number a respondent was shown
// stored as a submitted response with its answers intact.
//
// It runs on SQLite, and on PostgreSQL too when COPLAN_TEST_POSTGRES_URL is
// set (the README's test command sets it). It listens on the loopback
// interface only and takes a few seconds; -short skips it. The engine is
// bench.Crash, which coplan bench crash also runs.
package crashtest
