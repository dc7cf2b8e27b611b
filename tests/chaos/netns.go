package chaos

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// Network is the test network: one network namespace per host, each with
// two links, one on the cluster segment (metad and storaged talk over it,
// raft included) and one on the client segment (graphd listens there, and
// the test's clients reach it from the root namespace). Cutting a host's
// cluster link isolates its metad, storaged and graphd from the other
// hosts while the test can still talk to its graphd: the minority side of
// a partition stays observable.
//
// A segment is a set of macvlan interfaces in bridge mode on one parent (a
// veth pair kept up for its carrier), one per namespace plus one in the
// root namespace. NB: not a Linux bridge: with br_netfilter loaded, frames
// crossing a bridge go through the host's iptables FORWARD chain, whose
// policy Docker sets to DROP; macvlan switches frames itself. There are no
// firewall rules here at all; isolation is a link set down, which drops
// packets silently as a pulled cable does (dials time out, no resets).
type Network struct {
	id     string
	hosts  int
	nsList []string
	// parents[0] is the cluster segment's parent, parents[1] the client
	// segment's.
	parents [2]string
	subnets [2]string // "10.213.7" without the last octet
}

// Link selects a host's veth.
type Link int

// The two links of a host.
const (
	ClusterLink Link = iota
	ClientLink
)

// nsLinkName is the veth's name inside the host's namespace.
func (l Link) nsLinkName() string {
	if l == ClusterLink {
		return "vcl"
	}
	return "vgr"
}

// NewNetwork creates the segments and namespaces of hosts hosts. id tells
// concurrent runs apart (a few characters: interface names are at most
// 15 bytes) and picks the subnets 10.213.<n>.0/24 and 10.214.<n>.0/24,
// n in 0..255. On error everything created so far is removed.
func NewNetwork(id string, n, hosts int) (*Network, error) {
	if n < 0 || n > 255 {
		return nil, fmt.Errorf("network %s: subnet index %d out of 0..255", id, n)
	}
	net := &Network{
		id:      id,
		hosts:   hosts,
		parents: [2]string{"ngc" + id + "c", "ngc" + id + "g"},
		subnets: [2]string{fmt.Sprintf("10.213.%d", n), fmt.Sprintf("10.214.%d", n)},
	}
	if err := net.create(); err != nil {
		return nil, errors.Join(err, net.Close())
	}
	return net, nil
}

func (n *Network) create() error {
	for i, parent := range n.parents {
		// The parent and its peer (parent + "p") are up so that the
		// macvlans on the parent have a carrier.
		if err := ip("link", "add", parent, "type", "veth", "peer", "name", parent+"p"); err != nil {
			return err
		}
		for _, dev := range []string{parent, parent + "p"} {
			if err := ip("link", "set", dev, "up"); err != nil {
				return err
			}
		}
		root := parent + "r"
		if err := ip("link", "add", root, "link", parent, "type", "macvlan", "mode", "bridge"); err != nil {
			return err
		}
		if err := ip("addr", "add", n.subnets[i]+".1/24", "dev", root); err != nil {
			return err
		}
		if err := ip("link", "set", root, "up"); err != nil {
			return err
		}
	}
	for h := range n.hosts {
		ns := n.Namespace(h)
		if err := ip("netns", "add", ns); err != nil {
			return err
		}
		n.nsList = append(n.nsList, ns)
		if err := ip("-n", ns, "link", "set", "lo", "up"); err != nil {
			return err
		}
		for l, parent := range n.parents {
			link := Link(l)
			tmp := fmt.Sprintf("%s%d", parent, h)
			if err := ip("link", "add", tmp, "link", parent, "type", "macvlan", "mode", "bridge"); err != nil {
				return err
			}
			if err := ip("link", "set", tmp, "netns", ns); err != nil {
				return errors.Join(err, ip("link", "del", tmp))
			}
			if err := ip("-n", ns, "link", "set", tmp, "name", link.nsLinkName()); err != nil {
				return err
			}
			addr := n.addr(link, h) + "/24"
			if err := ip("-n", ns, "addr", "add", addr, "dev", link.nsLinkName()); err != nil {
				return err
			}
			if err := ip("-n", ns, "link", "set", link.nsLinkName(), "up"); err != nil {
				return err
			}
		}
	}
	return nil
}

// Namespace is host h's network namespace.
func (n *Network) Namespace(h int) string { return fmt.Sprintf("ngc%s-h%d", n.id, h) }

// ClusterIP is host h's address on the cluster segment (metad, storaged).
func (n *Network) ClusterIP(h int) string { return n.addr(ClusterLink, h) }

// ClientIP is host h's address on the client segment (graphd).
func (n *Network) ClientIP(h int) string { return n.addr(ClientLink, h) }

func (n *Network) addr(l Link, h int) string { return fmt.Sprintf("%s.%d", n.subnets[l], 11+h) }

// SetLink brings host h's link up or down.
func (n *Network) SetLink(h int, l Link, up bool) error {
	state := "down"
	if up {
		state = "up"
	}
	return ip("-n", n.Namespace(h), "link", "set", l.nsLinkName(), state)
}

// Close removes the namespaces (their macvlans go with them) and the
// segments' parents (the root macvlans and veth peers go with those). It
// tolerates parts that were never created.
func (n *Network) Close() error {
	var errs []error
	for _, ns := range n.nsList {
		if err := ip("netns", "del", ns); err != nil {
			errs = append(errs, err)
		}
	}
	n.nsList = nil
	for _, parent := range n.parents {
		if exists("link", "show", parent) {
			if err := ip("link", "del", parent); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

func ip(args ...string) error {
	out, err := exec.Command("ip", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("ip %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}

func exists(args ...string) bool { return exec.Command("ip", args...).Run() == nil }
