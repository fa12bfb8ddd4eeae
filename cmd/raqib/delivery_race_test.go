//go:build race

package main

// raceBuild: the test binary was built with -race, and so is the raqib
// binary the delivery tests run, so that it reuses the packages just built.
const raceBuild = true
