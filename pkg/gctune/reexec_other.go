//go:build !linux

package gctune

// reexec does nothing off Linux: madvdontneed changes the runtime only
// there (elsewhere it already frees lazily or has no such choice).
func reexec(string, []string, []string) {}
