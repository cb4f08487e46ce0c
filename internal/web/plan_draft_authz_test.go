package web_test

// planDraftAccess says who may use each strategic plan route.
var planDraftAccess = map[string]access{}
