package web_test

// meetingAccess says who may use each meetings route.
var meetingAccess = map[string]access{}
