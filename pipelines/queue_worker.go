package pipelines

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/extract"
	"github.com/budgetetl/budgetetl/load"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
)

// WorkerConfig is one queue worker: where the jobs are, where the rows go
// and how documents are read.
type WorkerConfig struct {
	Queue string // the queue's PostgreSQL URL
	// To is the PostgreSQL URL the rows go to; empty means the queue's
	// database. In the queue's database each document's rows are loaded and
	// its job completed in one transaction: a worker killed at any moment
	// neither loses nor repeats a document. Elsewhere the rows are committed
	// first and the job completed after; a worker killed between the two
	// leaves the job to be worked again, which replaces the same rows (by
	// doc_id), so nothing is repeated there either.
	To string
	// Read is how documents are read: Workers (jobs worked at once; 0 is
	// one per CPU), Extract, Meta and Isolation, as in a run.
	Read Config
	// ExitWhenIdle ends the worker once no job is waiting, running (here or
	// on another host) or due for a retry.
	ExitWhenIdle bool
	// JobTimeout bounds one job (0: 10 minutes); a job still marked running
	// RescueAfter after it started (0: JobTimeout + 5 minutes), because its
	// worker died, is given to another worker.
	JobTimeout, RescueAfter time.Duration
	// Progress receives one line per document; nil for none.
	Progress io.Writer
	// Logger receives River's own messages; nil keeps only its errors, on
	// standard error.
	Logger *slog.Logger
	// HoldAfter, for tests of a worker killed mid-document: after loading
	// the rows of its HoldAfter-th document, the worker holds that
	// transaction open forever, saying so on Progress. 0 never holds.
	HoldAfter int
}

// WorkSummary counts what a worker did.
type WorkSummary struct {
	Documents, Failed, Facts int // documents loaded (failed ones included) and their facts
	JobErrors                int // jobs that returned an error (retried later, or cancelled)
}

// Work works the queue's document jobs until ctx ends or, with
// ExitWhenIdle, until the queue is empty; running jobs finish first.
func Work(ctx context.Context, cfg WorkerConfig) (WorkSummary, error) {
	workers := cfg.Read.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	queue, err := openQueuePool(ctx, withPoolSize(cfg.Queue, workers+4))
	if err != nil {
		return WorkSummary{}, err
	}
	defer queue.Close()
	w := &documentWorker{queue: queue, data: queue, oneTx: true, progress: cfg.Progress, holdAfter: cfg.HoldAfter,
		extract: cfg.Read.Extract, flags: dataset.Region{Province: cfg.Read.Meta.Province, City: cfg.Read.Meta.City, County: cfg.Read.Meta.County}}
	if cfg.To != "" && !sameDatabase(cfg.To, cfg.Queue) {
		if w.data, err = load.OpenPostgresPool(ctx, withPoolSize(cfg.To, workers+1)); err != nil {
			return WorkSummary{}, fmt.Errorf("output %s: %w", load.Dest{Kind: load.DestPostgres, Target: cfg.To}, err)
		}
		defer w.data.Close()
		w.oneTx = false
	}
	w.read = func(ctx context.Context, path string) dataset.Batch { return ProcessFile(ctx, path, cfg.Read) }
	if len(cfg.Read.Isolation.Worker) > 0 {
		p := newPool(cfg.Read, workers)
		defer p.close()
		w.read = p.read
	}
	client, err := newWorkerClient(queue, w, workers, cfg)
	if err != nil {
		return WorkSummary{}, err
	}
	if err := client.Start(ctx); err != nil {
		return WorkSummary{}, fmt.Errorf("queue: %w", err)
	}
	if cfg.ExitWhenIdle {
		err = waitIdle(ctx, client)
	} else {
		<-ctx.Done()
	}
	stopErr := stopClient(client, w.timeout)
	return w.summary(), firstError(err, stopErr)
}

func newWorkerClient(pool *pgxpool.Pool, w *documentWorker, workers int, cfg WorkerConfig) (*river.Client[pgx.Tx], error) {
	w.timeout = cfg.JobTimeout
	if w.timeout <= 0 {
		w.timeout = 10 * time.Minute
	}
	rescue := cfg.RescueAfter
	if rescue <= 0 {
		rescue = w.timeout + 5*time.Minute
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	}
	reg := river.NewWorkers()
	river.AddWorker(reg, w)
	host, _ := os.Hostname()
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		ID:                   fmt.Sprintf("%s_%d_%d", host, os.Getpid(), time.Now().UnixNano()),
		Queues:               map[string]river.QueueConfig{QueueName: {MaxWorkers: workers}},
		Workers:              reg,
		JobTimeout:           w.timeout,
		RescueStuckJobsAfter: max(rescue, w.timeout),
		Logger:               logger,
	})
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	return client, nil
}

// waitIdle returns once the queue holds no document job that is waiting,
// running or to be retried, twice in a row a second apart.
func waitIdle(ctx context.Context, client *river.Client[pgx.Tx]) error {
	params := river.NewJobListParams().Kinds(DocumentArgs{}.Kind()).First(1).States(
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
		rivertype.JobStateRunning, rivertype.JobStateScheduled)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	idle := 0
	for idle < 2 {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		res, err := client.JobList(ctx, params)
		if err != nil {
			return fmt.Errorf("queue: %w", err)
		}
		if idle++; len(res.Jobs) > 0 {
			idle = 0
		}
	}
	return nil
}

// stopClient lets running jobs finish, cancelling them after timeout.
func stopClient(client *river.Client[pgx.Tx], timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := client.Stop(ctx); err == nil {
		return nil
	}
	hard, cancel2 := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel2()
	return client.StopAndCancel(hard)
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// documentWorker is the River worker of DocumentArgs jobs.
type documentWorker struct {
	river.WorkerDefaults[DocumentArgs]
	queue, data *pgxpool.Pool
	oneTx       bool // data is the queue's database
	read        readFunc
	extract     extract.Options
	flags       dataset.Region // the worker's --province, --city, --county
	timeout     time.Duration
	progress    io.Writer
	holdAfter   int

	mu  sync.Mutex
	sum WorkSummary
}

// Work reads the job's document and loads its rows, completing the job in
// the same transaction (or right after, into another database).
func (w *documentWorker) Work(ctx context.Context, job *river.Job[DocumentArgs]) error {
	err := w.work(ctx, job)
	if err != nil {
		w.mu.Lock()
		w.sum.JobErrors++
		w.mu.Unlock()
		w.say("%s: job %d attempt %d: %v", job.Args.Source, job.ID, job.Attempt, err)
		if permanentJobError(err) {
			return river.JobCancel(err)
		}
	}
	return err
}

func (w *documentWorker) work(ctx context.Context, job *river.Job[DocumentArgs]) error {
	file, done, err := materialize(ctx, job.Args, os.TempDir(), w.extract)
	if err != nil {
		return err
	}
	defer done()
	b := w.read(ctx, file)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("not read: %w", err)
	}
	w.applyRegion(&b, job.Args)
	relabel(&b, file, job.Args.Source)
	if b.Document.DocID == "" {
		return fmt.Errorf("not read: %s", b.Document.Error)
	}
	if err := w.load(ctx, job, b); err != nil {
		return err
	}
	w.done(b, job)
	return nil
}

// load writes the rows and completes the job.
func (w *documentWorker) load(ctx context.Context, job *river.Job[DocumentArgs], b dataset.Batch) error {
	err := pgx.BeginFunc(ctx, w.data, func(tx pgx.Tx) error {
		if err := load.WritePostgresTx(ctx, tx, b); err != nil {
			return err
		}
		if w.oneTx {
			if _, err := river.JobCompleteTx[*riverpgxv5.Driver](ctx, tx, job); err != nil {
				return fmt.Errorf("completing job %d: %w", job.ID, err)
			}
		}
		w.hold(job)
		return nil
	})
	if err != nil || w.oneTx {
		return err
	}
	return pgx.BeginFunc(ctx, w.queue, func(tx pgx.Tx) error {
		_, err := river.JobCompleteTx[*riverpgxv5.Driver](ctx, tx, job)
		return err
	})
}

// applyRegion gives the document its job's region as a run does: the
// worker's flags, or the pipeline's options the job carries, under what a
// metadata template read from the path.
func (w *documentWorker) applyRegion(b *dataset.Batch, d DocumentArgs) {
	flags := w.flags
	if flags == (dataset.Region{}) {
		flags = d.Region.region()
	}
	claim, err := pathRegion(d.PathRegion.region(), flags)
	if err != nil {
		regionWarning(b, err)
	}
	applyRegion(b, claim)
}

// hold holds the transaction forever after the HoldAfter-th document.
func (w *documentWorker) hold(job *river.Job[DocumentArgs]) {
	w.mu.Lock()
	n := w.sum.Documents + 1
	w.mu.Unlock()
	if w.holdAfter > 0 && n == w.holdAfter {
		w.say("holding the transaction of job %d (%s) open", job.ID, job.Args.Source)
		select {}
	}
}

func (w *documentWorker) done(b dataset.Batch, job *river.Job[DocumentArgs]) {
	w.mu.Lock()
	w.sum.Documents++
	w.sum.Facts += len(b.Facts)
	if b.Document.Status == dataset.StatusFailed {
		w.sum.Failed++
	}
	n := w.sum.Documents
	w.mu.Unlock()
	msg := fmt.Sprintf("%d facts", len(b.Facts))
	if b.Document.Status == dataset.StatusFailed {
		msg = "FAILED: " + b.Document.Error
	}
	w.say("[%d] %s: %s (job %d, attempt %d)", n, job.Args.Source, msg, job.ID, job.Attempt)
}

func (w *documentWorker) say(format string, args ...any) {
	if w.progress == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	fmt.Fprintf(w.progress, "worker: "+format+"\n", args...)
}

func (w *documentWorker) summary() WorkSummary {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.sum
}

// relabel names the rows of a document read from file by its source.
func relabel(b *dataset.Batch, file, source string) {
	if file == source {
		return
	}
	b.Document.Source = source
	b.Document.Error = strings.ReplaceAll(b.Document.Error, file, source)
	for i := range b.Facts {
		b.Facts[i].Source = source
	}
	for i := range b.Checks {
		b.Checks[i].Source = source
		b.Checks[i].Detail = strings.ReplaceAll(b.Checks[i].Detail, file, source)
	}
}

// withPoolSize sets a pool of n connections on a postgres:// URL that
// names no pool_max_conns: one per job worked at once, and River's own.
func withPoolSize(u string, n int) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	q := p.Query()
	if q.Has("pool_max_conns") {
		return u
	}
	q.Set("pool_max_conns", strconv.Itoa(n))
	p.RawQuery = q.Encode()
	return p.String()
}

// sameDatabase reports whether two PostgreSQL URLs name one database.
func sameDatabase(a, b string) bool {
	ca, errA := pgx.ParseConfig(a)
	cb, errB := pgx.ParseConfig(b)
	if errA != nil || errB != nil {
		return a == b
	}
	return ca.Host == cb.Host && ca.Port == cb.Port && ca.Database == cb.Database
}
