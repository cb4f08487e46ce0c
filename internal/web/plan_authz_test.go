package web_test

// planAccess says who may use each strategic plan route.
var planAccess = map[string]access{}
