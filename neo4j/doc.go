// Package neo4j is fundflow's Neo4j backend: the flow.Store contract on a
// Neo4j 5 database (single instance, cluster or Aura) through the official
// Go driver.
//
// The graph reads naturally in Cypher and in Neo4j Browser:
// (:Fund)-[:ALLOCATED_TO]->(:Programme)-[:DIVERTED_TO]->(:Programme)
// -[:PAID_TO]->(:Organisation); docs/graph-model.md describes every label,
// relationship type and property.
//
// Every statement the store sends is a Statement value registered in this
// package, so that tests can enumerate them all and check each with Neo4j's
// own Cypher front end. Parameters are always bound, never spliced into the
// text.
package neo4j
