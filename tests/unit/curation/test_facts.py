"""curation/facts.py: deployments, figures, quotes and actor roles drafted from the seeds' sentences."""

from __future__ import annotations

from drafted import check, contexts

from sahel_dataset.curation.facts import draft_deployments, draft_figures, draft_quotes, draft_roles


def test_drafted_facts_use_the_schemas_codes_and_the_seeds_words() -> None:
    drafted = {"deployments": 0, "figures": 0, "quotes": 0, "actor_roles": 0}
    for ctx, sent in contexts():
        made = {"deployments": draft_deployments(ctx, sent, None), "figures": draft_figures(ctx, sent, None),
                "quotes": draft_quotes(ctx, sent, None), "actor_roles": draft_roles(ctx, sent)}
        for table, records in made.items():
            for record in records:
                check(table, record, ctx)
                drafted[table] += 1
    assert sum(drafted.values()) > 0, drafted
