"""The benchmark runs end to end on a small generated corpus and reports every figure.

Timings are not asserted (they depend on the machine); that each figure exists and that the
servers answered without errors is.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from archive.ops.bench import (
    COMMON_WORD,
    icontains_baseline,
    icontains_first_rows,
    search_mix,
    widest_official,
)
from archive.ops.corpus import widest_speaker
from articles.models import Article
from articles.search import SearchEntry
from articles.search.planner import drop_slice_indexes, index_names, indexed_bounds

# Committed data: gunicorn runs in another process and reads the test database.
pytestmark = pytest.mark.django_db(transaction=True)

SMALL_CORPUS = 2_000


@pytest.fixture
def slice_indexes_dropped_after():
    yield
    drop_slice_indexes()  # indexes outlive the flush that ends a transactional test


def test_bench_on_a_small_corpus_reports_every_figure(tmp_path, slice_indexes_dropped_after):
    call_command("load_seed", verbosity=0)
    call_command("generate_corpus", articles=SMALL_CORPUS, seed=7, wide_facet=5, stdout=StringIO())
    # The index was rebuilt by worker processes, with its indexes dropped and built again,
    # and the date slices were cut with their own indexes.
    assert SearchEntry.objects.filter(kind="article").count() == Article.objects.count()
    assert len(indexed_bounds(index_names())) == 3
    output, out = tmp_path / "bench.json", StringIO()
    call_command(
        "bench",
        repeats=2,
        baseline_repeats=1,
        clients=2,
        duration=1,
        workers=1,
        sample=3,
        output=str(output),
        stdout=out,
        stderr=StringIO(),
    )
    result = json.loads(output.read_text())
    assert result["corpus"]["articles"] == SMALL_CORPUS + 1
    assert result["corpus"]["database_bytes"] > 0
    assert [row["label"] for row in result["search"]] == [q.label for q in search_mix()]
    for row in result["search"]:
        assert row["statements"] >= 1
        for figure in ("http", "sql"):
            assert row[figure]["n"] == 2 and 0 < row[figure]["p50_ms"] <= row[figure]["p95_ms"]
        assert row["http_over_sql"] > 0
    with_baseline = [row for row in result["search"] if "baseline" in row]
    assert {row["label"] for row in with_baseline} >= {"common word", "phrase"}
    assert all(row["baseline_over_http"] > 0 for row in with_baseline)
    assert all(row["first_rows"]["p50_ms"] > 0 for row in with_baseline)
    # Both baselines show the same newest 20 articles; the paginated one also counted them all.
    assert icontains_baseline(COMMON_WORD) == icontains_first_rows(COMMON_WORD)
    assert len(icontains_first_rows(COMMON_WORD)) == 20
    common = next(row for row in result["search"] if row["label"] == "common word")
    assert common["hits"] > 0
    # The corpus has one official in >= 5 % of the entries, and the bench found them itself.
    official, share = widest_official()
    assert official == widest_speaker() and share >= 0.05
    wide = next(row for row in result["search"] if row["label"].startswith("wide facet"))
    assert f"person={official}" in wide["path"] and wide["hits"] > 0
    # ... and searched their name, recognised: what names them, as many as the facet holds.
    by_name = next(row for row in result["search"] if row["label"].startswith("wide name"))
    assert by_name["hits"] >= wide["hits"]
    assert [row["label"] for row in result["pages"]] == ["article", "person", "document"]
    for row in result["pages"]:
        assert row["requests"] > 0 and row["errors"] == 0 and row["rps"] > 0
    table = out.getvalue()
    assert "| common word |" in table and "| article |" in table and str(output) in table
    assert f"| wide facet ({100 * share:.1f} % of entries) |" in table
    # Meaning search (issue 16): its queries are in the mix, its costs in the figures.
    assert {"meaning, English question", "hybrid, English question"} <= {
        row["label"] for row in result["search"]
    }
    assert result["semantic"]["embedding_s_per_1000"] > 0
    assert result["semantic"]["disk_bytes_per_million"] > 1e8
    assert "GB per million vectors" in table
