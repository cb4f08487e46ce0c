package web_test

// analysisQdpxAccess says who may use each page of the REFI-QDA exchange (i13-qdpx fills it).
var analysisQdpxAccess = map[string]access{}
