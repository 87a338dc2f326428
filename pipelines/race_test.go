//go:build race

package pipelines_test

// raceEnabled: the race detector's runtime needs more memory than a
// worker's ceiling in the tests would leave it.
const raceEnabled = true
