//go:build !race

package raftex

const raceEnabled = false
