# Recipes for budgetetl. `just --list` shows them.

# Read the sample disclosures into out/{facts,documents,checks}.csv.
run:
    go run ./cmd/budgetetl run -o out samples/

# Unit, golden and CLI tests (tests that need ../shared skip without it).
test:
    go test ./...

# Benchmarks, no tests.
bench:
    go test -run '^$' -bench . -benchmem ./...

# Run every Fuzz target, each for `time`.
fuzz time="20s":
    #!/usr/bin/env bash
    set -euo pipefail
    grep -r --include='*_test.go' -o '^func Fuzz[A-Za-z0-9_]*' . | while IFS=: read -r file decl; do
        name=${decl#func }
        echo "== $name ($(dirname "$file"))"
        go test -run '^$' -fuzz "^${name}\$" -fuzztime {{time}} "./$(dirname "${file#./}")"
    done

# gofmt and go vet.
lint:
    #!/usr/bin/env bash
    set -euo pipefail
    unformatted=$(gofmt -l .)
    if [ -n "$unformatted" ]; then echo "gofmt -l:"; echo "$unformatted"; exit 1; fi
    go vet ./...

# Regenerate samples/ (the PDF needs LibreOffice's soffice) and their expected outputs.
samples:
    go run ./samples/gen
    go test ./pipelines -run TestGolden -update  # plain files (run -o would write links into a generation)

# Check the golden files after a change to transform or extract.
golden-update:
    go test ./pipelines -run TestGolden -update
