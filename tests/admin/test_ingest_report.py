"""What the ingest finds of the seed article's hand-made records (fixtures/seed.json), on the
seed's source text: the floors it reaches, and the command anyone can run to see them."""

import pytest

from articles.ingest.report import seed_scores

# Reached on the seed: every kind at 100 % precision and recall, except that the fixture also
# records six photo captions as statements, which the ingest's rule leaves out (a caption says
# someone spoke, not what they said): 16 of the fixture's 22 statements, 16 of 16 from text.
FLOORS = {
    "people": (1.0, 1.0),
    "documents": (1.0, 1.0),
    "photos": (1.0, 1.0),
    "agenda items": (1.0, 1.0),
    "statements (from paragraphs)": (1.0, 1.0),
    "statements (all in fixture)": (1.0, 16 / 22),
}


@pytest.mark.parametrize("kind", FLOORS)
def test_precision_and_recall_on_the_seed_reach_their_floor(kind):
    score = next(s for s in seed_scores() if s.kind == kind)
    precision, recall = FLOORS[kind]
    assert score.precision >= precision, score
    assert score.recall >= recall, score


def test_the_report_command_prints_each_kind(run_manage):
    result = run_manage("ingest_article", "--report")
    assert result.returncode == 0, result.stderr
    lines = {line.split("  ")[0].strip(): line for line in result.stdout.splitlines()}
    assert "100%    100%" in lines["people"]
    assert "100%    100%" in lines["documents"]
    assert "100%     73%" in lines["statements (all in fixture)"]
