package web

import "net/http"

// Explorer returns the flow explorer page at /explore: a Sankey diagram of
// where money came from and went, drawn from the public GraphQL API at
// endpoint. Its figures link to the query that produced them, opened in
// GraphiQL at playground; an empty playground (production mode) hides the
// links.
func Explorer(endpoint, playground string) (http.Handler, error) {
	return page("/explore", "flow explorer", "explore", map[string]any{
		"endpoint":   endpoint,
		"playground": playground,
	})
}
