"""Entities: one key per company whatever the spelling, language or misspelling."""

from __future__ import annotations

import pytest

from kb.entities import (
    EntityTable,
    episode_names,
    fold,
    glossary_aliases,
    near_duplicates,
    parse_table,
    split_name,
)

TABLE = EntityTable(
    parse_table(
        "# kind\tcanonical\taliases\n"
        "company\tNvidia\t英伟达|輝達|NVIDIA Corporation|NVDA\n"
        "company\tCoreWeave\tCore Weave\n"
        "company\tApple\t苹果公司\n"
        "company\tMeta\tMeta Platforms\n"
        "company\tFederal Reserve\t美联储|Fed\n"
    )
)


@pytest.mark.parametrize(
    "name, key",
    [("Nvidia", "nvidia"), ("NVIDIA", "nvidia"), ("nvidia", "nvidia"), ("Alphabet Inc.", "alphabet"),
     ("Coreweave", "coreweave"), ("Core Weave", "coreweave"), (" “Google” ", "google"), ("微軟", "微軟")],
)  # fmt: skip
def test_fold(name, key):
    assert fold(name) == key


def test_combined_chinese_english_names_split():
    assert split_name("英伟达 (NVIDIA)") == ["英伟达", "NVIDIA"]
    assert split_name("台积电（TSMC）") == ["台积电", "TSMC"]
    assert split_name("Nvidia") == ["Nvidia"]


@pytest.mark.parametrize(
    "name, key",
    [("英伟达", "nvidia"), ("輝達", "nvidia"), ("NVIDIA Corporation", "nvidia"), ("美联储", "federalreserve"),
     ("Corweave", "coreweave"), ("CoreWave", "coreweave"), ("Shopify", "shopify")],
)  # fmt: skip
def test_resolve_any_alias_and_safe_misspellings(name, key):
    assert TABLE.resolve(name) == key


def test_short_or_ambiguous_misspellings_do_not_merge():
    assert TABLE.resolve("Meda") == "meda"  # too short to guess
    assert TABLE.near_miss("nvidiaa") == "nvidia"
    assert TABLE.near_miss("xvidia") is None  # the first letter differs


def test_mentions_in_text():
    text = "英伟达和NVIDIA都是Nvidia；CoreWeave的客户。apple pie and meta-analysis, but Apple and Meta."
    assert TABLE.mentions(text) == {"nvidia": 3, "coreweave": 1, "apple": 1, "meta": 1}


def test_latin_aliases_match_whole_words_only():
    assert TABLE.mentions("Fedex and the Fed") == {"federalreserve": 1}


def test_glossary_teaches_aliases():
    glossary = [
        ("辉达", "Nvidia"),
        ("CoreWeave", "一家提供大规模GPU算力的云服务公司"),
        ("Pinecone", "松果"),
    ]
    assert glossary_aliases(TABLE, glossary) == {("辉达", "nvidia"), ("松果", "pinecone")}


def test_an_episodes_own_names_extend_the_table_for_it_alone():
    mentions = [
        ("nvidia", "company", "Nvidia", True, 2),
        ("yiwumarket", "company", "Yiwu Market", True, 0),
        ("义乌商城", "company", "义乌商城", True, 0),
        ("apple", "company", "Apple", False, 1),
    ]
    aliases = [("义乌小商品城", "yiwumarket"), ("老年公寓", "seniorsapartment")]
    names = episode_names(mentions, aliases)
    assert ("义乌小商品城", "yiwumarket", "company") in names
    assert not any(key == "seniorsapartment" for _, key, _ in names)  # a term, not an entity
    own = TABLE.extended(names)
    text = "义乌小商品城和Yiwu Market，还有英伟达。"
    assert own.mentions(text) == {"yiwumarket": 2, "nvidia": 1}
    assert TABLE.mentions(text) == {"nvidia": 1}
    assert own.entities["yiwumarket"].kind == "company" and "yiwumarket" not in TABLE.entities


def test_near_duplicates_are_listed_for_a_person():
    rows = [{"key": "palantir", "name": "Palantir", "episodes": 40},
            {"key": "palanteer", "name": "Palanteer", "episodes": 1},
            {"key": "shopify", "name": "Shopify", "episodes": 9}]  # fmt: skip
    assert near_duplicates(rows) == [
        {"name": "Palantir", "episodes": 40, "similar": "Palanteer", "similar_episodes": 1}
    ]


def test_packaged_table_is_bilingual():
    table = EntityTable.packaged()
    assert table.lookup("英伟达") == table.lookup("NVIDIA") == table.lookup("nvidia")
    assert table.lookup("微软") == table.lookup("Microsoft")
    assert table.lookup("台积电") == table.lookup("TSMC")
    assert table.lookup("美联储") == table.lookup("Federal Reserve")
    assert (
        table.lookup("加拿大") == table.lookup("Canada")
        and table.entities["canada"].kind == "place"
    )


def test_an_alias_written_partly_in_chinese_matches_without_case():
    table = EntityTable(parse_table("product\tRussell 2000\t罗素2000\n"))
    assert table.mentions("罗素2000下跌了0.4%。") == {"russell2000": 1}
