package kvstore

import "errors"

// Sentinel errors. Functions wrap them with context; test with errors.Is.
var (
	// ErrNotFound: the key does not exist.
	ErrNotFound = errors.New("kvstore: key not found")
	// ErrClosed: the engine, snapshot or batch was already closed.
	ErrClosed = errors.New("kvstore: closed")

	// ErrBadKey: bytes that do not parse as the expected key kind.
	ErrBadKey = errors.New("kvstore: malformed key")
	// ErrBadVID: a vertex id that does not fit the space's vid type.
	ErrBadVID = errors.New("kvstore: bad vertex id")

	// ErrBadSchema: a schema definition that is not self-consistent.
	ErrBadSchema = errors.New("kvstore: bad schema")
	// ErrBadRow: bytes that do not decode as a row of the given schema.
	ErrBadRow = errors.New("kvstore: malformed row")
	// ErrSchemaVersion: a row written with a schema version that is unknown
	// to the reader.
	ErrSchemaVersion = errors.New("kvstore: unknown schema version")
	// ErrUnknownProp: a property name or position the schema does not have.
	ErrUnknownProp = errors.New("kvstore: unknown property")
	// ErrTypeMismatch: a value whose kind the property's type cannot hold.
	ErrTypeMismatch = errors.New("kvstore: value type mismatch")
	// ErrOutOfRange: a value outside the range of the property's type.
	ErrOutOfRange = errors.New("kvstore: value out of range")
	// ErrNotNullable: NULL for a property declared NOT NULL.
	ErrNotNullable = errors.New("kvstore: not null property cannot be null")
	// ErrNoDefault: a NOT NULL property without a default was omitted.
	ErrNoDefault = errors.New("kvstore: not null property has no default value")

	// ErrNotIndexable: a property type the index value encoding cannot order.
	ErrNotIndexable = errors.New("kvstore: property type not indexable")
	// ErrBadIndexValue: bytes that do not decode as an index value.
	ErrBadIndexValue = errors.New("kvstore: malformed index value")
)
