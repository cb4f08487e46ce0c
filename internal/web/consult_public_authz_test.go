package web_test

// consultPublicAccess says who may use each consultation route (public).
var consultPublicAccess = map[string]access{}
