package graph

import (
	"context"
	"testing"
	"time"
)

// TestLoginLock follows tck/admin/Authentication.feature's first scenario
// on a fake clock: five wrong passwords lock the user for five seconds,
// the right one is refused while locked, and a success resets the count.
func TestLoginLock(t *testing.T) {
	clock := time.Unix(1000, 0)
	users := NewStaticUsers(map[string]string{"user1": "nebula1", "user2": "nebula2"})
	auth := withLoginLock(users, 5, 5, func() time.Time { return clock })
	ctx := context.Background()
	type step struct {
		user, password string
		advance        time.Duration // the clock moves this much first
		want           string        // "" for success
	}
	locked := "5 times consecutive incorrect passwords has been input, user name: user1 has been locked, try again in "
	for i, s := range []step{
		{user: "user1", password: "wrong", want: "Invalid password, remaining attempts: 4"},
		{user: "user1", password: "wrong", want: "Invalid password, remaining attempts: 3"},
		// Another user's count is its own.
		{user: "user2", password: "wrong", want: "Invalid password, remaining attempts: 4"},
		{user: "user1", password: "wrong", want: "Invalid password, remaining attempts: 2"},
		{user: "user1", password: "wrong", want: "Invalid password, remaining attempts: 1"},
		{user: "user1", password: "wrong", want: locked + "5 seconds"},
		{user: "user1", password: "nebula1", advance: 2 * time.Second, want: locked + "3 seconds"},
		{user: "user1", password: "wrong", want: locked + "3 seconds"},
		// An unknown user is refused as such, never counted.
		{user: "nobody", password: "x", want: "User not exist"},
		{user: "user1", password: "wrong", advance: 4 * time.Second, want: "Invalid password, remaining attempts: 4"},
		{user: "user1", password: "wrong", want: "Invalid password, remaining attempts: 3"},
		{user: "user1", password: "nebula1"},
		{user: "user1", password: "wrong", want: "Invalid password, remaining attempts: 4"},
		{user: "user2", password: "nebula2"},
	} {
		clock = clock.Add(s.advance)
		err := auth.Authenticate(ctx, s.user, s.password)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != s.want {
			t.Fatalf("step %d (%s/%s): got %q, want %q", i, s.user, s.password, got, s.want)
		}
	}
}

func TestLoginLockOff(t *testing.T) {
	users := NewStaticUsers(map[string]string{"root": "nebula"})
	for _, c := range []struct{ attempts, secs int }{{0, 5}, {5, 0}, {0, 0}} {
		auth := withLoginLock(users, c.attempts, int64(c.secs), time.Now)
		for range 10 {
			if err := auth.Authenticate(context.Background(), "root", "bad"); err == nil || err.Error() != "Invalid password" {
				t.Fatalf("attempts %d, lock %d s: %v, want plain Invalid password", c.attempts, c.secs, err)
			}
		}
	}
}
