package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/budgetetl/budgetetl/extract"
	"github.com/budgetetl/budgetetl/load"
	"github.com/budgetetl/budgetetl/pipelines"
	"github.com/urfave/cli/v2"
)

func enqueueCommand() *cli.Command {
	return &cli.Command{
		Name:      "enqueue",
		Usage:     "queue one job per document in PostgreSQL for budgetetl worker",
		ArgsUsage: "PATH... | --pipeline FILE | --store DIR",
		Description: `Inserts a River job per document of PATHs (files and directories, as run
   reads them, a .zip bundle's members as bundle.zip!/inner.pdf), of a
   pipeline file's sources (--pipeline FILE: with the region its metadata
   templates read from each path and its province/city/county options, which
   a worker's own flags replace), or of a fetch store's manifest (--store
   DIR, each document named by its URL), into the queue
   database: unique by the document's SHA-256, so a document already queued,
   running or done is not queued again. River's tables (and budgetetl's) are
   made or brought up to date first.

   A worker reads each document from where its job says: the path (give
   PATHs as every worker host sees them, on a shared mount), the fetch store,
   or, with --bucket, an object storage bucket the documents are copied to
   first (gocloud.dev/blob: file:///DIR, or s3://BUCKET?endpoint=http://HOST:9000&use_path_style=true&region=us-east-1
   for MinIO, credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).

   Example:
      budgetetl enqueue --queue postgres://etl@db/budget /mnt/harvest/2026/
      budgetetl enqueue --queue postgres://etl@db/budget --store harvest/
      budgetetl worker --queue postgres://etl@db/budget --exit-when-idle`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "queue", Required: true, Usage: "the queue's PostgreSQL `URL` (postgres://…)"},
			&cli.StringFlag{Name: "pipeline", Usage: "enqueue the documents of the sources of the pipeline `FILE`"},
			&cli.StringFlag{Name: "store", Usage: "enqueue the stored documents of the fetch store `DIR`"},
			&cli.StringFlag{Name: "bucket", Usage: "copy the documents to the bucket `URL` (file:///…, s3://…) and have workers read them there"},
		},
		Action: enqueueAction,
	}
}

func enqueueAction(c *cli.Context) error {
	if err := queueURL(c.String("queue")); err != nil {
		return err
	}
	if (c.NArg() > 0 || c.String("pipeline") != "") == (c.String("store") != "") {
		return usageError{errors.New("enqueue: name PATHs or --pipeline FILE, or --store DIR (see budgetetl enqueue --help)")}
	}
	ctx := context.Background()
	docs, skipped, err := locate(c)
	if err != nil {
		return err
	}
	if b := c.String("bucket"); b != "" {
		if docs, err = pipelines.Upload(ctx, b, docs, extract.Options{}); err != nil {
			return err
		}
	}
	q, err := pipelines.OpenQueue(ctx, c.String("queue"))
	if err != nil {
		return err
	}
	defer q.Close()
	sum, err := q.Enqueue(ctx, docs)
	if err != nil {
		return err
	}
	for _, s := range skipped {
		fmt.Fprintf(os.Stderr, "budgetetl: %s: %s\n", s.Path, s.Reason)
	}
	fmt.Fprintf(os.Stderr, "budgetetl: %d documents: %d queued, %d queued before; %d entries not read; queue %s\n",
		len(docs), sum.Inserted, sum.Skipped, len(skipped), load.Dest{Kind: load.DestPostgres, Target: c.String("queue")})
	return nil
}

// locate lists the documents to enqueue: PATHs and a pipeline file's, or
// the fetch store's.
func locate(c *cli.Context) ([]pipelines.DocumentArgs, []pipelines.Skipped, error) {
	if dir := c.String("store"); dir != "" {
		docs, err := pipelines.LocateStore(dir)
		if err == nil && len(docs) == 0 {
			err = usageError{fmt.Errorf("--store %s: no stored document in %s", dir, pipelines.ManifestName)}
		}
		return docs, nil, err
	}
	spec, err := pipelineFile(c)
	if err != nil {
		return nil, nil, err
	}
	cfg := pipelines.Config{Inputs: c.Args().Slice()}
	var region *pipelines.JobRegion
	if spec != nil {
		cfg.Sources, cfg.SourceDir = spec.Sources, spec.Dir
		if o := spec.Options; o.Province != "" || o.City != "" || o.County != "" {
			region = &pipelines.JobRegion{Province: o.Province, City: o.City, County: o.County}
		}
	}
	docs, skipped, err := pipelines.Locate(cfg)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, usageError{err}
	}
	if err == nil && len(docs) == 0 {
		err = usageError{pipelines.NoInputs(skipped)}
	}
	for i := range docs {
		docs[i].Region = region
	}
	return docs, skipped, err
}

// queueURL checks a --queue or worker --to value.
func queueURL(u string) error {
	if d, err := load.ParseDest(u); err != nil || d.Kind != load.DestPostgres {
		return usageError{fmt.Errorf("%q: want a postgres:// URL", strings.TrimSpace(u))}
	}
	return nil
}
