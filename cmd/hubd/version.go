package main

import "runtime/debug"

// version is set at build time: go build -ldflags "-X main.version=v1.2.3" ./cmd/hubd.
var version = "dev"

const versionUsage = `usage: hubd version

Prints "hubd <version>": the version stamped at build time with -ldflags "-X main.version=…",
else the module version or VCS revision Go recorded in the binary, else "dev".
`

func runVersion(args []string, out streams) int {
	fs := flagSet("version")
	if code, done := out.parseNoArgs(fs, versionUsage, args); done {
		return code
	}
	return out.printf("hubd %s\n", resolveVersion())
}

// resolveVersion prefers the stamped version, then what `go install module@version` or a
// build inside a Git checkout recorded, so an unstamped binary still says where it came from.
func resolveVersion() string {
	if version != "dev" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return version
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var revision, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if revision == "" {
		return version
	}
	if len(revision) > 12 {
		revision = revision[:12]
	}
	if modified == "true" {
		revision += "-dirty"
	}
	return revision
}
