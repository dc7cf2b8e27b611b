package graph

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/novagraph/novagraph/pkg/meta"
)

// loginLock is NebulaGraph's --failed_login_attempts and
// --password_lock_time_in_secs: after that many consecutive wrong
// passwords for one user on this graphd, the user cannot log in to it for
// that long, with the right password or not. Like NebulaGraph's MetaClient
// it counts per graphd, in memory, and in whole seconds; a success resets
// the count.
type loginLock struct {
	next     Authenticator
	attempts int
	lockSecs int64
	now      func() time.Time

	mu    sync.Mutex
	users map[string]*loginState // users that gave a wrong password
}

// loginState is one user's standing: the attempts left and, while locked,
// the second the lock began.
type loginState struct {
	remaining   int
	lockedSince int64
}

// withLoginLock wraps next in a loginLock, or returns it as it is when
// either setting is 0 (NebulaGraph's default: no limit).
func withLoginLock(next Authenticator, attempts int, lockSecs int64, now func() time.Time) Authenticator {
	if attempts <= 0 || lockSecs <= 0 {
		return next
	}
	return &loginLock{next: next, attempts: attempts, lockSecs: lockSecs, now: now, users: map[string]*loginState{}}
}

// Authenticate implements Authenticator.
func (l *loginLock) Authenticate(ctx context.Context, user, password string) error {
	if err := l.checkLocked(user); err != nil {
		return err
	}
	// The check itself may ask metad (a password changed elsewhere), so it
	// runs without the lock; two concurrent failures still count twice.
	err := l.next.Authenticate(ctx, user, password)
	l.mu.Lock()
	defer l.mu.Unlock()
	if err == nil {
		delete(l.users, user)
		return nil
	}
	if !isBadPassword(err) {
		return err
	}
	st := l.users[user]
	if st == nil {
		st = &loginState{remaining: l.attempts}
		l.users[user] = st
	}
	if st.lockedSince != 0 {
		// Another attempt locked the user meanwhile.
		return l.lockedErr(user, l.lockSecs)
	}
	st.remaining--
	if st.remaining <= 0 {
		st.lockedSince = l.now().Unix()
		return l.lockedErr(user, l.lockSecs)
	}
	return fmt.Errorf("Invalid password, remaining attempts: %d", st.remaining)
}

// checkLocked refuses a locked user, and lifts a lock that has run out.
func (l *loginLock) checkLocked(user string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.users[user]
	if st == nil || st.lockedSince == 0 {
		return nil
	}
	if left := st.lockedSince + l.lockSecs - l.now().Unix(); left > 0 {
		return l.lockedErr(user, left)
	}
	delete(l.users, user)
	return nil
}

func (l *loginLock) lockedErr(user string, secs int64) error {
	return fmt.Errorf("%d times consecutive incorrect passwords has been input, user name: %s has been locked, try again in %d seconds",
		l.attempts, user, secs)
}

// isBadPassword reports whether err refused a password, not a user name
// or an unready metad.
func isBadPassword(err error) bool {
	return errors.Is(err, errBadPassword) || errors.Is(err, meta.ErrBadPassword)
}
