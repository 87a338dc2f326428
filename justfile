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
    just bench-engines

# CPU (user+sys, its worker process included), pages/s per core and peak
# RSS of `run --workers 1` per PDF engine over the real and city PDFs of
# ../shared, against a serial `pdftotext -layout` loop (poppler-utils)
# when it is installed.
bench-engines:
    #!/usr/bin/env bash
    set -euo pipefail
    if [ ! -d ../shared/corpus/cities ]; then echo "SKIP bench-engines: ../shared/corpus not found"; exit 0; fi
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
    find ../shared/corpus/real ../shared/corpus/cities -name '*.pdf' | sort > "$tmp/files"
    go build -o "$tmp/budgetetl" ./cmd/budgetetl
    printf '%-10s %8s %12s %10s\n' engine CPU-s pages/s/core peak-MB
    for engine in auto go pdfium; do
        /usr/bin/time -f '%U %S %M' -o "$tmp/time" xargs -d '\n' -a "$tmp/files" "$tmp/budgetetl" run -q --workers 1 --pdf-engine "$engine" -o "$tmp/out" || true
        read -r u s m < "$tmp/time"
        pages=$(awk -F, 'NR > 1 { n += $4 } END { print n }' "$tmp/out/documents.csv")
        awk -v e="$engine" -v u="$u" -v s="$s" -v m="$m" -v p="$pages" 'BEGIN { printf "%-10s %8.2f %12.0f %10.0f\n", e, u + s, p / (u + s), m / 1024 }'
    done
    if command -v pdftotext > /dev/null; then
        /usr/bin/time -f '%U %S %M' -o "$tmp/time" sh -c 'while IFS= read -r f; do pdftotext -layout "$f" /dev/null 2>/dev/null; done < "$1"' sh "$tmp/files"
        read -r u s m < "$tmp/time"
        awk -v u="$u" -v s="$s" -v m="$m" -v p="$pages" 'BEGIN { printf "%-10s %8.2f %12.0f %10.0f\n", "pdftotext", u + s, p / (u + s), m / 1024 }'
    fi

# Run every Fuzz target, each for `time`, under a run's memory ceiling per
# document where prlimit is there (1 GiB of data, as --doc-memory; the
# readers' targets also fail an input that takes longer than 20 s). Each new
# input is minimized in at most 10 runs: inputs are whole documents, and the
# default minute of minimizing each left FuzzReadPDF 19 runs in 40 s (13,785
# in 30 s with the limit).
fuzz time="20s":
    #!/usr/bin/env bash
    set -euo pipefail
    limit=()
    if command -v prlimit >/dev/null; then limit=(-exec "prlimit --data=$((1 << 30))"); fi
    grep -r --include='*_test.go' -o '^func Fuzz[A-Za-z0-9_]*' . | while IFS=: read -r file decl; do
        name=${decl#func }
        echo "== $name ($(dirname "$file"))"
        go test "${limit[@]}" -run '^$' -fuzz "^${name}\$" -fuzztime {{time}} -fuzzminimizetime 10x "./$(dirname "${file#./}")"
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
