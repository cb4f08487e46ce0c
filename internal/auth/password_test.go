package auth_test

import (
	"strings"
	"testing"

	"coplan/internal/auth"
)

func TestHashAndCheckPassword(t *testing.T) {
	const pw = "correct horse battery staple"
	h, err := auth.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$") || strings.Contains(h, pw) {
		t.Fatalf("hash %q: want an argon2id PHC string that does not contain the password", h)
	}
	tests := []struct {
		password string
		want     bool
	}{
		{pw, true},
		{"correct horse battery stapl", false},
		{"Correct horse battery staple", false},
		{pw + " ", false},
		{"", false},
	}
	for _, tt := range tests {
		ok, err := auth.CheckPassword(h, tt.password)
		if err != nil {
			t.Fatalf("CheckPassword(%q): %v", tt.password, err)
		}
		if ok != tt.want {
			t.Errorf("CheckPassword(%q) = %v, want %v", tt.password, ok, tt.want)
		}
	}

	// Each hash has its own salt, so two accounts with the same password
	// do not share a hash.
	h2, err := auth.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if h2 == h {
		t.Error("two hashes of the same password are identical; the salt is not random")
	}
	if ok, err := auth.CheckPassword(h2, pw); !ok || err != nil {
		t.Errorf("second hash does not check: %v, %v", ok, err)
	}
}

// A stored hash that is damaged must give an error, never a match and never
// a panic (argon2 panics on zero rounds or zero threads).
func TestCheckPasswordMalformedHash(t *testing.T) {
	const salt, key = "c29tZXNhbHRzb21lc2FsdA", "6n3k8Yq1cQ3dMkq9N1n8sQyqW1mCUVvBZ1m0cQ2rV8A"
	tests := map[string]string{
		"empty":               "",
		"plain text":          "hunter2hunter2",
		"bcrypt":              "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"argon2i":             "$argon2i$v=19$m=19456,t=2,p=1$" + salt + "$" + key,
		"too few parts":       "$argon2id$v=19$m=19456,t=2,p=1$" + salt,
		"unreadable params":   "$argon2id$v=19$memory=lots$" + salt + "$" + key,
		"salt not base64":     "$argon2id$v=19$m=19456,t=2,p=1$not*base64$" + key,
		"key not base64":      "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$not*base64",
		"empty key":           "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$",
		"zero rounds":         "$argon2id$v=19$m=19456,t=0,p=1$" + salt + "$" + key,
		"zero threads":        "$argon2id$v=19$m=19456,t=2,p=0$" + salt + "$" + key,
		"unknown version":     "$argon2id$v=16$m=19456,t=2,p=1$" + salt + "$" + key,
		"absurd memory":       "$argon2id$v=19$m=4294967295,t=2,p=1$" + salt + "$" + key,
		"absurd rounds":       "$argon2id$v=19$m=19456,t=4294967295,p=1$" + salt + "$" + key,
		"threads out of byte": "$argon2id$v=19$m=19456,t=2,p=256$" + salt + "$" + key,
	}
	for name, h := range tests {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("CheckPassword panicked: %v", r)
				}
			}()
			ok, err := auth.CheckPassword(h, "any password at all")
			if err == nil || ok {
				t.Fatalf("CheckPassword(%q) = %v, %v; want false and an error", h, ok, err)
			}
		})
	}
}
