"""bench/figures_audit.py: a fixed-seed draw for reading by hand, its table, whole-store counts."""

from __future__ import annotations

import csv

import figures_audit


def test_a_draw_is_the_same_for_the_same_seed_and_its_table_counts_the_verdicts(
    sample_kb, tmp_path, monkeypatch, capsys
):
    home = sample_kb.settings.home
    first, second = tmp_path / "a.tsv", tmp_path / "b.tsv"
    figures_audit.draw(home, 6, 7, first)
    figures_audit.draw(home, 6, 7, second)
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    with open(first, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert len(rows) == 6 and all(f"【{r['raw']}】" in r["context"] for r in rows)
    for i, row in enumerate(rows):  # every other figure is judged not a quantity
        row.update(real="y" if i % 2 else "n", value_ok="y", unit_ok="y", period_stated="n",
                   period_ok="-", entity_named="n", entity_ok="-", metric_ok="-")  # fmt: skip
    with open(first, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)
    capsys.readouterr()
    figures_audit.table(first)
    printed = capsys.readouterr().out
    assert "real quantities                                          3   50.0% of 6" in printed
    assert "value right                                              3  100.0% of 3" in printed


def test_counts_print_every_count_even_a_zero(sample_kb, capsys):
    figures_audit.counts(sample_kb.settings.home)
    lines = capsys.readouterr().out.splitlines()
    assert [line[:72].rstrip() for line in lines] == list(figures_audit.COUNT_LABELS)
    assert int(lines[0].split()[1]) == sample_kb.store.count("figures")
    years = next(line for line in lines if line.startswith("years in Chinese numerals"))
    assert years.split()[-2] == "0"
