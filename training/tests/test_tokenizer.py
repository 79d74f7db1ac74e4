import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from headstream_train.paths import BASE_TOKENIZER, ensure_base_model  # noqa: E402
from headstream_train.tokenizer import WordPieceTokenizer  # noqa: E402


class WordPieceTokenizerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        ensure_base_model()
        cls.tok = WordPieceTokenizer.from_file(BASE_TOKENIZER)

    def texts(self, s):
        return [t.text for t in self.tok.tokenize(s)]

    def test_known_ids_of_bert_uncased(self):
        # Well-known bert-base-uncased ids: [CLS]=101 hello=7592 world=2088 [SEP]=102.
        ids, types = self.tok.encode_pair("hello", "world")
        self.assertEqual([101, 7592, 102, 2088, 102], ids)
        self.assertEqual([0, 0, 0, 1, 1], types)

    def test_wordpiece_splits_with_continuation_prefix(self):
        self.assertEqual(["token", "##ization"], self.texts("tokenization"))
        # Greedy longest-match-first, as tokenizers does with this vocabulary.
        self.assertEqual(["una", "##ffa", "##ble"], self.texts("unaffable"))

    def test_punctuation_is_isolated_and_offsets_point_into_original(self):
        text = "Hello, World! (1998)"
        toks = self.tok.tokenize(text)
        self.assertEqual(["hello", ",", "world", "!", "(", "1998", ")"], [t.text for t in toks])
        self.assertEqual(["Hello", ",", "World", "!", "(", "1998", ")"],
                         [text[t.start:t.end] for t in toks])

    def test_accents_are_stripped_and_offsets_survive(self):
        text = "Café Noël in São Paulo"
        toks = self.tok.tokenize(text)
        self.assertEqual("cafe", toks[0].text)
        self.assertEqual("Café", text[toks[0].start:toks[0].end])
        for t in toks:
            piece = text[t.start:t.end]
            self.assertTrue(piece.strip(), f"empty span for {t}")

    def test_decomposed_input_maps_combining_marks_to_their_base(self):
        text = "Cafe\u0301 bar"  # e + COMBINING ACUTE ACCENT
        toks = self.tok.tokenize(text)
        self.assertEqual(["cafe", "bar"], [t.text for t in toks])
        self.assertEqual((0, 4), (toks[0].start, toks[0].end))
        self.assertEqual((6, 9), (toks[1].start, toks[1].end))

    def test_cjk_characters_become_single_tokens(self):
        toks = self.tok.tokenize("東京abc")
        self.assertEqual(["東", "京", "abc"], [t.text for t in toks])
        self.assertEqual([(0, 1), (1, 2), (2, 5)], [(t.start, t.end) for t in toks])

    def test_control_characters_dropped_and_whitespace_split(self):
        self.assertEqual(["a", "b", "c"], self.texts("a\u0000\tb\u00a0\nc\u200b"))

    def test_overlong_word_is_unknown(self):
        toks = self.tok.tokenize("x" * 101 + " ok")
        self.assertEqual(["[UNK]", "ok"], [t.text for t in toks])
        self.assertEqual((0, 101), (toks[0].start, toks[0].end))

    def test_uppercase_expanding_on_lowercase_keeps_offsets(self):
        text = "İstanbul"  # lowercases to two characters
        toks = self.tok.tokenize(text)
        self.assertEqual(0, toks[0].start)
        self.assertEqual(len(text), toks[-1].end)


if __name__ == "__main__":
    unittest.main()
