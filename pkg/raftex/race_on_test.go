//go:build race

package raftex

const raceEnabled = true
