"""Text fields analysed in the workers (kbank.index.pretokens) index exactly as the writer's own analysis."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from corpora.builders import make_docx, make_pdf
from kbank.extract.model import Extracted
from kbank.index import pretokens
from kbank.index.pretokens import analyse, with_pretokens
from kbank.index.records import doc_record, split_parts
from kbank.index.schema import build_schema
from kbank.ingest.reading import describe_extracted
from kbank.ingest.run import ingest
from kbank.search.bank import Bank

PAGES = [
    [
        "Slutrapport: Missbruksvården i Norrköpinge 2014–2016",
        "Familjehemsplacerade barn och skolgången. Det är inte att vi och de ... Utvärdering 1.2.3 av e-post",
    ],
    [
        "Projektplan Bostad först",
        "Hemlöshet, vräkning & boendestöd; ÅTERFALL i missbruket. Över 45 % år 2015.",
    ],
    # decomposed ä (a + U+0308), a page of stop words only, an empty page
    ["Utva\u0308rdering av o\u0308ppenva\u030arden", "och att det som en på är", ""],
    ["x"],
]


def postings(ix) -> dict:
    """Every indexed (field, term) → sorted (doc id, weight, encoded value), every field length, stored fields."""
    out: dict = {}
    with ix.searcher() as s:
        r = s.reader()
        ids = {n: s.stored_fields(n)["id"] for n in r.all_doc_ids()}
        for fieldname, term in r.all_terms():
            m = r.postings(fieldname, term)
            items = []
            while m.is_active():
                items.append((ids[m.id()], m.weight(), m.value()))
                m.next()
            out[(fieldname, term)] = sorted(items)
        for n, doc_id in ids.items():
            for fieldname in s.schema.scorable_names():
                out[("length", doc_id, fieldname)] = r.doc_field_length(n, fieldname)
            stored = s.stored_fields(n)
            out[("stored", doc_id)] = sorted((k, repr(v)) for k, v in stored.items())
    return out


def _records() -> list[tuple[dict, pretokens.Pretokens]]:
    found = []
    for i, pages in enumerate(PAGES):
        report = describe_extracted(f"{i:016d}", f"{i:064d}", f"2014/r{i}.pdf", Extracted(pages, True))
        if i == 1:
            report = replace(report, keywords=["Bostad först", "hemlöshet"], written_summary="Ökad trygghet.")
        record = doc_record(report, pages, {"n": i}, split_parts(report, pages))
        found.append((record, analyse(report, pages)))
    return found


def _index(records: list[dict]) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        ix = whoosh_index.create_in(folder, build_schema())
        writer = ix.writer()
        for record in records:
            writer.update_document(**record)
        writer.commit()
        try:
            return postings(ix)
        finally:
            ix.close()


def test_terms_from_a_worker_give_the_same_postings_positions_weights_and_stored_values():
    records = _records()
    # the worker's terms were used (not silently dropped for every field)
    used = [with_pretokens(r, p) for r, p in records]
    assert all(isinstance(u["body"], list) and isinstance(u["title_sv"], list) for u in used)
    assert all(u["_stored_title"] == r["title"] for u, (r, _) in zip(used, records, strict=True))
    assert _index(used) == _index([r for r, _ in records])


def test_terms_are_used_only_for_the_texts_they_were_made_from():
    pages = PAGES[0]
    report = describe_extracted("a" * 16, "a" * 64, "2014/rapport.pdf", Extracted(pages, True))
    made = analyse(report, pages)
    # an editor's correction gave the report a new title after the worker analysed it
    corrected = replace(report, title="Våldsutsatta kvinnor")
    record = with_pretokens(doc_record(corrected, pages, {}), made)
    assert record["title"] == "Våldsutsatta kvinnor" and record["body"] == "\n\n".join(pages)
    assert "_stored_title" not in record


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_ingest_with_terms_from_the_workers_indexes_what_the_writer_alone_indexed(
    archive, tmp_path, monkeypatch, jobs
):
    from kbank.config import load_settings
    from kbank.ingest import run

    for i in range(12):
        folder = archive / str(2010 + i % 6) / f"SN {2010 + i % 6}-{i:04d} Projekt {i}"
        text = [f"Rapport nummer {i}: föräldrastöd och hemtjänsten i stadsdel {i}."]
        if i % 4 == 3:  # a DOCX keeps decomposed letters; fpdf's Helvetica cannot write them
            text = PAGES[2][:2] + text
            make_docx(folder / f"rapport {i}.docx", text, heading=f"Delrapport {i} om äldreomsorgen")
        else:
            text = PAGES[i % 2] + text
            make_pdf(folder / f"slutrapport {i}.pdf", text, cover_title=f"Slutrapport {i}: Våldsutsatta")
    monkeypatch.setenv("KBANK_JOBS", jobs)
    used = []

    def counting(record, made):
        out = with_pretokens(record, made)
        used.append(isinstance(out["body"], list))
        return out

    monkeypatch.setattr(run, "with_pretokens", counting)
    ingest(load_settings(index=tmp_path / "with"))
    monkeypatch.setattr(run, "with_pretokens", lambda record, made: record)  # the writer analyses, as before
    ingest(load_settings(index=tmp_path / "without"))
    assert used and all(used)

    def dump(index: Path) -> dict:
        from kbank.index.generations import open_index

        ix = open_index(index)
        try:
            found = postings(ix)
        finally:
            ix.close()
        # the time of indexing is in every doc's stored meta; it is not what is compared here
        return {k: v for k, v in found.items() if k[0] != "stored"}

    assert dump(tmp_path / "with") == dump(tmp_path / "without")
    for query in ("föräldrastöd", "missbruk", "vardering", '"bostad först"', "våldsutsatta"):
        with (
            Bank(load_settings(index=tmp_path / "with")) as a,
            Bank(load_settings(index=tmp_path / "without")) as b,
        ):
            # with two workers the documents' order (and so the order of equal scores) differs by run
            found_a = sorted((round(h.score, 6), h.path) for h in a.search(query, limit=50).hits)
            assert found_a == sorted((round(h.score, 6), h.path) for h in b.search(query, limit=50).hits)


def test_a_text_the_worker_cannot_analyse_is_still_read_and_left_to_the_writer(archive, monkeypatch):
    from kbank.ingest.reading import ReadJob, read_report

    path = make_pdf(archive / "2014" / "SN 2014-0001 Projekt" / "slutrapport.pdf", PAGES[1])

    def broken(report, pages):
        raise ValueError("an analyzer that fails")

    monkeypatch.setattr(pretokens, "analyse", broken)
    result = read_report(ReadJob(path, "b" * 16, "b" * 64, "2014/SN 2014-0001 Projekt/slutrapport.pdf"))
    assert result.pretokens is None and result.report.title  # read and described all the same
    record = with_pretokens(doc_record(result.report, PAGES[1], {}), result.pretokens)
    assert isinstance(record["body"], str)  # the writer analyses it, as before
