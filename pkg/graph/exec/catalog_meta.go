package exec

import (
	"context"
	"errors"
	"fmt"

	"github.com/novagraph/novagraph/idl/gen/common"
	"github.com/novagraph/novagraph/pkg/graph/session"
	"github.com/novagraph/novagraph/pkg/meta"
)

// MetaCatalog is the Catalog of a graphd connected to metad: it answers
// from the meta client's cache, which follows every change within a second.
type MetaCatalog struct{ Client *meta.Client }

// SpaceByName implements Catalog.
func (c MetaCatalog) SpaceByName(_ context.Context, name string) (session.Space, error) {
	sp, err := c.Client.SpaceByName(name)
	var me *meta.Error
	if errors.As(err, &me) && me.Code == common.ErrorCode_E_SPACE_NOT_FOUND {
		return session.Space{}, fmt.Errorf("%s: %w", name, ErrSpaceNotFound)
	}
	if err != nil {
		return session.Space{}, err
	}
	return session.Space{ID: sp.ID, Name: sp.Name}, nil
}

// TagExists implements Catalog.
func (c MetaCatalog) TagExists(_ context.Context, space session.Space, name string) (bool, error) {
	if space.Name == "" {
		return false, nil
	}
	_, err := c.Client.TagByName(space.ID, name)
	var me *meta.Error
	if errors.As(err, &me) && me.Code == common.ErrorCode_E_TAG_NOT_FOUND {
		return false, nil
	}
	return err == nil, err
}
