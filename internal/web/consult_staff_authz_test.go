package web_test

// consultStaffAccess says who may use each consultation route (staff).
var consultStaffAccess = map[string]access{}
