package web_test

// expenseAccess says who may use each expenses route.
var expenseAccess = map[string]access{}
