//go:build race

package extract

// raceEnabled scales the hostile-input sizes down under -race, which slows
// the code about tenfold; the plain run checks the full 1 MiB inputs.
const raceEnabled = true
