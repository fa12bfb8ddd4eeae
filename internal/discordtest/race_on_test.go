//go:build race

package discordtest

// raceEnabled: the test binary was built with -race.
const raceEnabled = true
