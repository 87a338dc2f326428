package pipelines

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/load"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

// The job queue: one River job per document in PostgreSQL, worked by any
// number of processes on any number of hosts (Work). Enqueue inserts the
// jobs, unique by the document's SHA-256.

// QueueName is the River queue of the document jobs.
const QueueName = "budgetetl"

// DocumentArgs is the job of one document: where a worker reads it and
// what it is.
type DocumentArgs struct {
	// SHA256 is the hex digest of the document's bytes: a document is
	// queued once, and a worker that reads other bytes fails the job.
	SHA256 string `json:"sha256" river:"unique"`
	// Source is the document's name in the rows (documents.csv source,
	// facts.csv source): the path or URL as given.
	Source string `json:"source"`
	// Path is where a worker reads the document: an absolute path every
	// worker sees (a shared mount, the fetch store). Empty when Bucket is set.
	Path string `json:"path,omitempty"`
	// Bucket is a gocloud.dev/blob bucket URL (file:///dir, or
	// s3://bucket?endpoint=…&use_path_style=true for MinIO) and Key the
	// object in it.
	Bucket string `json:"bucket,omitempty"`
	Key    string `json:"key,omitempty"`
	// Region is the region of the pipeline file's options (province, city,
	// county), for the documents that do not say theirs; a worker's own
	// flags replace it.
	Region *JobRegion `json:"region,omitempty"`
	// PathRegion is what a source's metadata template read from the path
	// ({province}/{city}/…), combined with Region as a run does.
	PathRegion *JobRegion `json:"path_region,omitempty"`
}

// Kind is the River job kind of DocumentArgs.
func (DocumentArgs) Kind() string { return "budgetetl_document" }

// InsertOpts put the jobs on QueueName, unique by SHA256 among the jobs
// not cancelled or discarded, with 5 attempts.
func (DocumentArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueName, MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// Locate lists the documents a run of cfg would read (cfg.Inputs, then the
// sources of a pipeline file; a .zip bundle's members as
// bundle.zip!/inner.pdf) and hashes each: the jobs a worker reads from a
// shared path. The source of each is the path as given, the path it is
// read from absolute; a region a source's metadata template reads from the
// path goes with its job. The documents of a urls source are those its
// fetch store holds, named by their URLs (Locate fetches nothing). What a
// run would not read (litter, what a walk cannot open, a member that
// cannot be unpacked, a URL not fetched yet or whose fetch failed) is
// returned as skipped.
func Locate(cfg Config) (docs []DocumentArgs, skipped []Skipped, err error) {
	inputs, regions, litter, err := listInputs(cfg)
	if err != nil {
		return nil, nil, err
	}
	for _, in := range inputs {
		switch {
		case in.Skip != "":
			skipped = append(skipped, Skipped{in.name(), in.Skip})
			continue
		case in.unfetched():
			skipped = append(skipped, Skipped{in.URL, "not fetched yet (a run of the pipeline downloads it first)"})
			continue
		}
		data, err := readSource(in.Path, cfg.Extract)
		if err != nil {
			skipped = append(skipped, Skipped{in.name(), "not read: " + oneLine(err.Error())})
			continue
		}
		abs, err := filepath.Abs(in.Path)
		if err != nil {
			return nil, nil, err
		}
		d := DocumentArgs{SHA256: sha256Hex(data), Source: in.name(), Path: abs}
		if r, ok := regions[in.name()]; ok && r != (dataset.Region{}) {
			d.PathRegion = jobRegion(r)
		}
		docs = append(docs, d)
	}
	return docs, append(skipped, litter...), nil
}

// LocateStore lists the documents of a fetch store (its manifest's rows
// with stored content): each read from the store, named by its URL.
func LocateStore(dir string) ([]DocumentArgs, error) {
	rows, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	var docs []DocumentArgs
	for _, r := range rows {
		if r.Stored() {
			docs = append(docs, DocumentArgs{SHA256: r.SHA256, Source: r.URL, Path: r.Path})
		}
	}
	return docs, nil
}

// JobRegion is a region as a job carries it.
type JobRegion struct {
	Province string `json:"province,omitempty"`
	City     string `json:"city,omitempty"`
	County   string `json:"county,omitempty"`
}

func jobRegion(r dataset.Region) *JobRegion {
	return &JobRegion{Province: r.Province, City: r.City, County: r.County}
}

func (r *JobRegion) region() dataset.Region {
	if r == nil {
		return dataset.Region{}
	}
	return dataset.Region{Province: r.Province, City: r.City, County: r.County}
}

// Queue is a connection to the job queue's database.
type Queue struct {
	pool   *pgxpool.Pool
	client *river.Client[pgx.Tx]
}

// OpenQueue connects to the queue's PostgreSQL database at url and brings
// River's tables (and budgetetl's, so that a worker may load into the
// same database) up to date.
func OpenQueue(ctx context.Context, url string) (*Queue, error) {
	pool, err := openQueuePool(ctx, url)
	if err != nil {
		return nil, err
	}
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{})
	if err != nil {
		pool.Close()
		return nil, err
	}
	return &Queue{pool: pool, client: client}, nil
}

// openQueuePool connects a pool to url with both schemas migrated.
func openQueuePool(ctx context.Context, url string) (*pgxpool.Pool, error) {
	pool, err := load.OpenPostgresPool(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	if err := migrateRiver(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("queue: River's tables: %w", err)
	}
	return pool, nil
}

// riverMigrationLock is the advisory lock key under which River's
// migrations run, so that processes that start together migrate once.
const riverMigrationLock = 0x62657472697665 // "betrive"

func migrateRiver(ctx context.Context, pool *pgxpool.Pool) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", riverMigrationLock); err != nil {
		return err
	}
	defer conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", riverMigrationLock)
	m, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return err
	}
	_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	return err
}

// EnqueueSummary counts what Enqueue did.
type EnqueueSummary struct {
	Inserted int // new jobs
	Skipped  int // documents already queued (or done): a job of the same SHA-256 exists
}

// Enqueue inserts one job per document, skipping a document whose SHA-256
// has a job already (waiting, running or completed).
func (q *Queue) Enqueue(ctx context.Context, docs []DocumentArgs) (EnqueueSummary, error) {
	var sum EnqueueSummary
	const batch = 1000
	for start := 0; start < len(docs); start += batch {
		params := make([]river.InsertManyParams, 0, batch)
		for _, d := range docs[start:min(start+batch, len(docs))] {
			params = append(params, river.InsertManyParams{Args: d})
		}
		res, err := q.client.InsertMany(ctx, params)
		if err != nil {
			return sum, fmt.Errorf("queue: %w", err)
		}
		for _, r := range res {
			if r.UniqueSkippedAsDuplicate {
				sum.Skipped++
			} else {
				sum.Inserted++
			}
		}
	}
	return sum, nil
}

// Close closes the connection.
func (q *Queue) Close() { q.pool.Close() }
