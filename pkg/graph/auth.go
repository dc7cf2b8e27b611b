package graph

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
)

// Authenticator checks a user's credentials. The error's text is what the
// client sees after a refused authenticate.
type Authenticator interface {
	Authenticate(ctx context.Context, user, password string) error
}

// errUserNotExist and errBadPassword carry NebulaGraph's words.
var (
	errUserNotExist = errors.New("User not exist")
	errBadPassword  = errors.New("Invalid password")
)

// StaticUsers authenticates against a fixed set of users. It keeps only
// password digests. It serves until users live in metad.
type StaticUsers struct {
	digests map[string][sha256.Size]byte
}

// NewStaticUsers returns an Authenticator for users (name -> password).
func NewStaticUsers(users map[string]string) *StaticUsers {
	s := &StaticUsers{digests: make(map[string][sha256.Size]byte, len(users))}
	for u, p := range users {
		s.digests[u] = sha256.Sum256([]byte(p))
	}
	return s
}

// Authenticate implements Authenticator.
func (s *StaticUsers) Authenticate(_ context.Context, user, password string) error {
	want, ok := s.digests[user]
	if !ok {
		return errUserNotExist
	}
	got := sha256.Sum256([]byte(password))
	if subtle.ConstantTimeCompare(want[:], got[:]) != 1 {
		return errBadPassword
	}
	return nil
}

// allowAll is the Authenticator when --enable_authorize is off: NebulaGraph
// then accepts any user name and password.
type allowAll struct{}

func (allowAll) Authenticate(context.Context, string, string) error { return nil }
