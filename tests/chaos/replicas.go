package chaos

import (
	"errors"
	"fmt"
	"hash/fnv"
	"path/filepath"

	"github.com/novagraph/novagraph/pkg/kvstore"
)

// PartDigest summarises one replica of one part: its data keys (tags,
// vertices, edges, index entries; not the per-part bookkeeping, which
// legitimately differs) and a hash of keys and values.
type PartDigest struct {
	Keys int
	Hash uint64
}

// ReplicaDigests opens every storaged's engines of the test space offline
// (the cluster must be stopped) and digests each part it holds. The result
// is indexed by host, then part.
func (c *Cluster) ReplicaDigests() ([]map[int]PartDigest, error) {
	codec, err := kvstore.NewKeyCodec(kvstore.VIDInt64, 8)
	if err != nil {
		return nil, err
	}
	out := make([]map[int]PartDigest, len(c.Hosts))
	for i, h := range c.Hosts {
		dirs, err := filepath.Glob(filepath.Join(h.dataPath, "nebula", "*", "data"))
		if err != nil || len(dirs) == 0 {
			return nil, errors.Join(fmt.Errorf("host %d: no engine under %s", i, h.dataPath), err)
		}
		out[i] = map[int]PartDigest{}
		for _, dir := range dirs {
			if err := digestEngine(dir, codec, c.cfg.Parts, out[i]); err != nil {
				return nil, fmt.Errorf("host %d: %w", i, err)
			}
		}
	}
	return out, nil
}

func digestEngine(dir string, codec kvstore.KeyCodec, parts int, into map[int]PartDigest) error {
	e, err := kvstore.Open(dir, kvstore.Options{Prefix: codec.PrefixExtractor(), BlockCacheSize: 8 << 20})
	if err != nil {
		return err
	}
	defer e.Close()
	for p := 1; p <= parts; p++ {
		d := PartDigest{}
		h := fnv.New64a()
		for _, prefix := range kvstore.PartPrefixes(uint32(p)) {
			if kvstore.KeyType(prefix[0]) == kvstore.KeySystem {
				continue
			}
			it, err := e.NewIter(kvstore.IterOptions{Prefix: prefix})
			if err != nil {
				return err
			}
			for ok := it.First(); ok; ok = it.Next() {
				d.Keys++
				h.Write(it.Key())
				h.Write([]byte{0})
				h.Write(it.Value())
				h.Write([]byte{0})
			}
			err = it.Err()
			it.Close()
			if err != nil {
				return fmt.Errorf("scan part %d: %w", p, err)
			}
		}
		if d.Keys > 0 {
			d.Hash = h.Sum64()
			into[p] = d
		}
	}
	return nil
}

// DivergentParts compares the digests of every part across hosts and
// describes each part whose replicas differ. Every host holds every part
// (replica_factor equals the host count in these tests).
func DivergentParts(d []map[int]PartDigest, parts int) []string {
	var out []string
	for p := 1; p <= parts; p++ {
		for i := 1; i < len(d); i++ {
			if d[i][p] != d[0][p] {
				out = append(out, fmt.Sprintf("part %d: host 0 has %d keys (%x), host %d has %d keys (%x)",
					p, d[0][p].Keys, d[0][p].Hash, i, d[i][p].Keys, d[i][p].Hash))
			}
		}
	}
	return out
}
