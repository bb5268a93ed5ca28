-- Actors by type, with how many events each takes part in (DuckDB SQL).
-- Run: python examples/duckdb_query.py examples/duckdb_actors.sql
SELECT a.actor_type, a.name, count(DISTINCT ea.event_id) AS events
FROM actors a
LEFT JOIN event_actors ea USING (actor_id)
GROUP BY a.actor_type, a.name
ORDER BY a.actor_type, events DESC, a.name;
