"""The rule-based sentence splitter (mirrored by the Java runtime, see EVALUATION.md)."""

import unittest

from headstream_train.sentences import sentence_texts, split_sentences


class SentenceSplitterTest(unittest.TestCase):
    def test_simple_sentences_and_offsets(self):
        text = "  First one. Second one!  Third?"
        spans = split_sentences(text)
        self.assertEqual([text[s:e] for s, e in spans], ["First one.", "Second one!", "Third?"])
        self.assertEqual(spans[0], (2, 12))

    def test_abbreviations_do_not_split(self):
        text = "Dr. Smith met Mr. Jones at 5 p.m. today. They talked."
        self.assertEqual(sentence_texts(text), ["Dr. Smith met Mr. Jones at 5 p.m. today.", "They talked."])

    def test_dotted_acronyms_and_eg_do_not_split(self):
        self.assertEqual(sentence_texts("The U.S. Army won. Later, e.g. in 1990, it lost."),
                         ["The U.S. Army won.", "Later, e.g. in 1990, it lost."])
        # known limitation, documented: an acronym really ending a sentence does not split
        self.assertEqual(sentence_texts("He moved to the U.S. The rest followed."),
                         ["He moved to the U.S. The rest followed."])

    def test_decimals_and_initials(self):
        self.assertEqual(sentence_texts("Growth was 3.5 percent. J. K. Rowling wrote it."),
                         ["Growth was 3.5 percent.", "J. K. Rowling wrote it."])

    def test_lowercase_next_word_does_not_split(self):
        self.assertEqual(sentence_texts("He said wow! and left. Then what?"), ["He said wow! and left.", "Then what?"])

    def test_closing_quotes_stay_with_the_sentence(self):
        text = '"Is it?" she asked. "Yes." He nodded...  (Really.) Fine'
        self.assertEqual(sentence_texts(text), ['"Is it?" she asked.', '"Yes."', "He nodded...", "(Really.)", "Fine"])

    def test_line_breaks_always_split(self):
        text = "Speaker A: hello there\nSpeaker B: so , um . OK .\n \n Last line without stop"
        self.assertEqual(sentence_texts(text),
                         ["Speaker A: hello there", "Speaker B: so , um .", "OK .", "Last line without stop"])

    def test_no_whitespace_after_period_does_not_split(self):
        self.assertEqual(sentence_texts("Dail Eireann.The Second Dail ratified it."),
                         ["Dail Eireann.The Second Dail ratified it."])

    def test_empty_and_blank(self):
        self.assertEqual(split_sentences(""), [])
        self.assertEqual(split_sentences(" \n\t "), [])

    def test_spans_partition_the_non_space_text(self):
        text = "A b. C d!\nE f? g h. I (j.) K. L"
        spans = split_sentences(text)
        self.assertEqual("".join(text[s:e] for s, e in spans).replace(" ", ""),
                         text.replace(" ", "").replace("\n", ""))
        for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
            self.assertLessEqual(e1, s2)


class NonLatinBoundaryTest(unittest.TestCase):
    def test_full_width_terminators_split_without_a_space(self):
        self.assertEqual(["东京是日本的首都。", "它有很多人口！", "真的吗？", "是的"],
                         sentence_texts("东京是日本的首都。它有很多人口！真的吗？是的"))

    def test_direction_marks_after_a_terminator_do_not_hide_the_boundary(self):
        text = "ذهب أحمد إلى باريس.\u200f ثم عاد إلى البيت.\u200f هل عاد؟ نعم."
        self.assertEqual(["ذهب أحمد إلى باريس.\u200f", "ثم عاد إلى البيت.\u200f", "هل عاد؟", "نعم."],
                         sentence_texts(text))


if __name__ == "__main__":
    unittest.main()
