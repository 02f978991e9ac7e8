package graph

// intOr is *n, or def when the argument is null.
func intOr(n *int, def int) int {
	if n == nil {
		return def
	}
	return *n
}
