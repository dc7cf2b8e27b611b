package main

import (
	"embed"
	"io/fs"
)

// demos are the graphs ":play NAME" loads, one NAME.ngql script each.
//
//go:embed demo/*.ngql
var demos embed.FS

func demoFS() (fs.FS, error) { return fs.Sub(demos, "demo") }
