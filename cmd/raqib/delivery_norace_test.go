//go:build !race

package main

// raceBuild: see delivery_race_test.go.
const raceBuild = false
