//go:build race

package discord

// raceEnabled: the test binary was built with -race.
const raceEnabled = true
