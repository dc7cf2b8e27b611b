package meta

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
)

// Passwords are stored as PBKDF2-HMAC-SHA256 with a 16-byte random salt per
// user (and per password change), never in clear and never as a bare or
// unsalted digest. The iteration count is stored with the hash, so raising
// it (--password_hash_iterations) applies to passwords set afterwards and
// old hashes keep verifying.

// DefaultHashIterations is the PBKDF2 iteration count for new passwords.
// It makes one check cost a few tens of milliseconds: slow for a guesser,
// tolerable for a login.
const DefaultHashIterations = 100_000

const (
	saltLen = 16
	hashLen = 32
)

// hashPassword returns the stored credential of account for password.
func hashPassword(account, password string, iterations int) (*gmeta.UserAuth, error) {
	if iterations <= 0 {
		iterations = DefaultHashIterations
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return nil, fmt.Errorf("password salt: %w", err)
	}
	h, err := pbkdf2.Key(sha256.New, password, salt, iterations, hashLen)
	if err != nil {
		return nil, fmt.Errorf("hash password: %w", err)
	}
	return &gmeta.UserAuth{Account: []byte(account), Salt: salt, Hash: h, Iterations: int32(iterations)}, nil
}

// checkPassword reports whether password matches the stored credential, in
// time independent of where they differ.
func checkPassword(u *gmeta.UserAuth, password string) bool {
	if u == nil || u.Iterations <= 0 || len(u.Hash) == 0 {
		return false
	}
	h, err := pbkdf2.Key(sha256.New, password, u.Salt, int(u.Iterations), len(u.Hash))
	if err != nil {
		return false
	}
	return subtle.ConstantTimeCompare(h, u.Hash) == 1
}
