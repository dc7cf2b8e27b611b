package meta

import (
	"context"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
)

// MergeZone merges zones into one named into (MERGE ZONE).
func (c *Client) MergeZone(ctx context.Context, zones []string, into string) error {
	_, err := c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.MergeZone(ctx, &gmeta.MergeZoneReq{Zones: bytesList(zones), ZoneName: []byte(into)})
	})
	return err
}

// DivideZone splits a zone into the zones of into, which together name
// exactly its hosts ("host:port") (DIVIDE ZONE).
func (c *Client) DivideZone(ctx context.Context, zone string, into []Zone) error {
	items := make([]*gmeta.Zone, 0, len(into))
	for _, z := range into {
		addrs, err := hostAddrs(z.Hosts)
		if err != nil {
			return err
		}
		items = append(items, &gmeta.Zone{ZoneName: []byte(z.Name), Nodes: addrs})
	}
	_, err := c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.DivideZone(ctx, &gmeta.DivideZoneReq{ZoneName: []byte(zone), ZoneItems: items})
	})
	return err
}
