package fields

// Opt holds a value that the library computes unless the user sets it:
// Scapy's None. The zero Opt is unset. Decoding marks wire values as set so
// that re-encoding a dissected packet reproduces it byte for byte.
type Opt[T any] struct {
	Value T
	Valid bool
}

// Some returns a set Opt holding v.
func Some[T any](v T) Opt[T] { return Opt[T]{Value: v, Valid: true} }

// Or returns the value when set, def otherwise.
func (o Opt[T]) Or(def T) T {
	if o.Valid {
		return o.Value
	}
	return def
}

// Unset is Scapy's "None": the library computes the value when building.
func (o *Opt[T]) Unset() { var z T; o.Value, o.Valid = z, false }

// Put sets the value.
func (o *Opt[T]) Put(v T) { o.Value, o.Valid = v, true }
