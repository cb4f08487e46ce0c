package web_test

// consultResponseAccess says who may use each consultation route (response).
var consultResponseAccess = map[string]access{}
