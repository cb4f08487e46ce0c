package web_test

// governanceAccess says who may use each governance route.
var governanceAccess = map[string]access{}
