"""The bilingual lexicon: translations learned from the notes' own paragraph pairs, and the
widening of queries with them."""
