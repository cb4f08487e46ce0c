// Package e2e holds coplan's browser tests: they start coplan in-process on
// the demo data, drive Debian's Chromium with chromedp and check what a
// person gets from every page — axe-core's WCAG 2.2 AA rules with zero
// violations, the Nu Html Checker with zero errors, and forms that work with
// JavaScript switched off.
//
// The tests need /usr/bin/chromium (apt-get install chromium), Java (apt-get
// install default-jre-headless) and the repository's npm devDependencies
// (npm ci at the repository root, for node_modules/axe-core and
// node_modules/vnu-jar). Without them the tests skip on a developer's machine
// and fail when the environment variable CI is set.
//
// Set COPLAN_SCREENSHOTS to a folder to get a full-page PNG of every page the
// tests check, for looking at what a person sees.
package e2e
