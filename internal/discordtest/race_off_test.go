//go:build !race

package discordtest

const raceEnabled = false
