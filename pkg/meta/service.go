package meta

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
)

// service implements gmeta.MetaService on one replica. Every method answers
// E_LEADER_CHANGED (with the leader's address when known) unless this
// replica is the ready leader; writes run as txns on the node, reads on a
// snapshot of the applied state. The service_*.go files hold the methods,
// grouped by what they manage.
type service struct {
	cfg     *Config
	node    *node
	log     *slog.Logger
	metrics *metrics
	now     func() time.Time
	jobs    *jobManager
}

var _ gmeta.MetaService = (*service)(nil)

// status turns a method's error into the response's code and leader. An
// error without a code is a storage failure.
func (s *service) status(err error) (common.ErrorCode, *common.HostAddr) {
	code := CodeOf(err)
	if code == common.ErrorCode_E_UNKNOWN {
		s.log.Error("meta: request failed", "err", err)
		code = common.ErrorCode_E_STORE_FAILURE
	}
	leader := &common.HostAddr{}
	if code == common.ErrorCode_E_LEADER_CHANGED {
		if l := s.node.leader(); l != "" {
			if h, perr := parseAddr(l); perr == nil {
				leader = h
			}
		}
	}
	if s.metrics != nil && code != common.ErrorCode_SUCCEEDED {
		s.metrics.errors.WithLabelValues(code.String()).Inc()
	}
	return code, leader
}

// exec builds the answer of a write.
func (s *service) exec(err error, id *gmeta.ID) *gmeta.ExecResp {
	code, leader := s.status(err)
	if id == nil {
		id = &gmeta.ID{}
	}
	return &gmeta.ExecResp{Code: code, ID: id, Leader: leader}
}

// reply fills the required struct fields of resp before the generated
// writer dereferences them.
func reply[T any](resp T) (T, error) {
	fillRequired(resp)
	return resp, nil
}

func (s *service) update(ctx context.Context, fn func(*txn) error) error {
	return s.node.update(ctx, fn)
}

func (s *service) view(fn func(view) error) error { return s.node.view(fn) }

// nowMs and nowUs are wall-clock times as NebulaGraph stores them.
func (s *service) nowMs() int64 { return s.now().UnixMilli() }
func (s *service) nowUs() int64 { return s.now().UnixMicro() }

// alive reports whether a host's last heartbeat is recent enough.
func (s *service) alive(hi *gmeta.HostInfo) bool {
	if hi == nil {
		return false
	}
	return s.nowMs()-hi.LastHbMs <= s.cfg.expiry().Milliseconds()
}

// VerifyClientVersion checks a client's version against the white list
// (--client_white_list), as NebulaGraph's metad does for its own SDKs.
func (s *service) VerifyClientVersion(_ context.Context, req *gmeta.VerifyClientVersionReq) (*gmeta.VerifyClientVersionResp, error) {
	resp := &gmeta.VerifyClientVersionResp{}
	err := s.view(func(view) error { return nil })
	resp.Code, resp.Leader = s.status(err)
	if err == nil && s.cfg.EnableClientWhiteList && !slices.Contains(s.cfg.clientWhiteList(), string(req.ClientVersion)) {
		resp.Code = common.ErrorCode_E_CLIENT_SERVER_INCOMPATIBLE
		resp.ErrorMsg = fmt.Appendf(nil, "Meta client version(%s) is not accepted, current meta client white list: %s.",
			req.ClientVersion, s.cfg.ClientWhiteList)
	}
	return reply(resp)
}

// randomID returns a random positive int64 (session ids, the cluster id).
func randomID() (int64, error) {
	var b [8]byte
	for {
		if _, err := rand.Read(b[:]); err != nil {
			return 0, fmt.Errorf("random id: %w", err)
		}
		if id := int64(binary.LittleEndian.Uint64(b[:]) >> 1); id != 0 {
			return id, nil
		}
	}
}

// GitInfoSHA is the short commit NovaGraph was built from, or seven zeros
// when the build carries none (as in tests): SHOW HOSTS shows it.
func GitInfoSHA() string {
	gitSHAOnce.Do(func() {
		gitSHA = "0000000"
		if bi, ok := debug.ReadBuildInfo(); ok {
			for _, s := range bi.Settings {
				if s.Key == "vcs.revision" && len(s.Value) >= 7 {
					gitSHA = s.Value[:7]
				}
			}
		}
	})
	return gitSHA
}

var (
	gitSHAOnce sync.Once
	gitSHA     string
)
