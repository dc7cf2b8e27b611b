package importer

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	nebula "github.com/vesoft-inc/nebula-go/v3"
)

// ingestSSTs serves dir over HTTP and has the cluster download and ingest
// it: SUBMIT JOB DOWNLOAD HDFS "<url>", then SUBMIT JOB INGEST, each
// waited for through SHOW JOB.
func ingestSSTs(ctx context.Context, t Target, space, dir string, o SSTOptions) error {
	ln, err := net.Listen("tcp", o.Listen)
	if err != nil {
		return fmt.Errorf("serve sstables: %w", err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir)), ReadHeaderTimeout: 10 * time.Second}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = srv.Serve(ln) // ends with Shutdown
	}()
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
		wg.Wait()
	}()
	url := o.URL
	if url == "" {
		url = "http://" + ln.Addr().String()
	}

	hosts, err := t.hosts()
	if err != nil {
		return err
	}
	pc := nebula.GetDefaultConf()
	pc.TimeOut = t.timeout()
	pc.MaxConnPoolSize = 1
	pool, err := nebula.NewConnectionPool(hosts, pc, quietLogger{})
	if err != nil {
		return fmt.Errorf("connect to graphd: %w", err)
	}
	defer pool.Close()
	sess, err := pool.GetSession(t.User, t.Password)
	if err != nil {
		return fmt.Errorf("authenticate: %w", err)
	}
	defer sess.Release()
	if _, err := execOK(sess, "USE "+quoteName(space)); err != nil {
		return err
	}
	for _, stmt := range []string{
		fmt.Sprintf("SUBMIT JOB DOWNLOAD HDFS %q", url),
		"SUBMIT JOB INGEST",
	} {
		fmt.Fprintf(o.Log, "%s\n", stmt)
		start := time.Now()
		// Both jobs can run again: a download starts each part over, and an
		// ingest removes a part's files once they are in. So a job failed
		// by a host that missed heartbeats under load is retried.
		var err error
		for attempt := 1; attempt <= jobAttempts; attempt++ {
			if err = runJob(ctx, sess, stmt, o.JobTimeout); err == nil || ctx.Err() != nil {
				break
			}
			fmt.Fprintf(o.Log, "  attempt %d: %v\n", attempt, err)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(o.Log, "  finished in %s\n", time.Since(start).Round(time.Millisecond))
	}
	return nil
}

func execOK(sess *nebula.Session, stmt string) (*nebula.ResultSet, error) {
	rs, err := sess.Execute(stmt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", stmt, err)
	}
	if !rs.IsSucceed() {
		return nil, fmt.Errorf("%s: %w", stmt, &StatementError{Code: int(rs.GetErrorCode()), Msg: rs.GetErrorMsg()})
	}
	return rs, nil
}

// runJob submits a job and polls SHOW JOB until it is finished.
func runJob(ctx context.Context, sess *nebula.Session, stmt string, timeout time.Duration) error {
	rs, err := execOK(sess, stmt)
	if err != nil {
		return err
	}
	col, err := rs.GetValuesByColName("New Job Id")
	if err != nil || len(col) == 0 {
		return fmt.Errorf("%s: no job id in the answer", stmt)
	}
	id, err := col[0].AsInt()
	if err != nil {
		return fmt.Errorf("%s: job id: %w", stmt, err)
	}
	deadline := time.Now().Add(timeout)
	for {
		rs, err := execOK(sess, fmt.Sprintf("SHOW JOB %d", id))
		if err != nil {
			return err
		}
		status, detail := jobStatus(rs)
		switch status {
		case "FINISHED":
			return nil
		case "FAILED", "STOPPED":
			return fmt.Errorf("%s: job %d %s%s", stmt, id, status, detail)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: job %d still %s after %s", stmt, id, status, timeout)
		}
		select {
		case <-ctx.Done():
			return errors.Join(fmt.Errorf("%s: job %d left %s", stmt, id, status), ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// jobStatus reads SHOW JOB's answer: the job's status (its first row) and,
// for a failure, the tasks that failed.
func jobStatus(rs *nebula.ResultSet) (status, detail string) {
	var failed []string
	for i := 0; i < rs.GetRowSize(); i++ {
		row, err := rs.GetRowValuesByIndex(i)
		if err != nil {
			continue
		}
		st, err := row.GetValueByColName("Status")
		if err != nil {
			continue
		}
		s, _ := st.AsString()
		if i == 0 {
			status = s
			continue
		}
		if s == "FAILED" {
			dest, _ := row.GetValueByColName("Command(Dest)")
			code, _ := row.GetValueByColName("Error Code")
			failed = append(failed, fmt.Sprintf("%s: %s", strings.Trim(dest.String(), `"`), strings.Trim(code.String(), `"`)))
		}
	}
	if len(failed) > 0 {
		detail = " (" + strings.Join(failed, "; ") + ")"
	}
	return status, detail
}

// jobAttempts is how often a failed DOWNLOAD or INGEST job is submitted.
const jobAttempts = 3
