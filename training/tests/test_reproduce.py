import os
import re
import shlex
import sys
import unittest

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, HERE)

import train  # noqa: E402


def script_commands(path, program, values=None):
    """The argument lists of every `program` call in a shell script (continuation lines joined;
    array expansions dropped; shell variables replaced: $DEVICE by cpu, $MAX_MINUTES by 1, those
    in `values` by theirs, others by a placeholder)."""
    with open(path, encoding="utf-8") as f:
        text = f.read().replace("\\\n", " ")
    known = {"DEVICE": "cpu", "MAX_MINUTES": "1", **(values or {})}
    out = []
    for line in text.splitlines():
        if program in line and not line.lstrip().startswith("#"):
            line = re.sub(r'"?\$\{\w+\[@\]\}"?', "", line)
            words = shlex.split(re.sub(r"\$\{?(\w+)\}?", lambda m: known.get(m.group(1), "X"), line))
            out.append(words[words.index(next(w for w in words if w.endswith(program))) + 1:])
    return out


class ReproduceScriptTest(unittest.TestCase):
    def test_every_train_call_in_reproduce_sh_parses_and_stage_2_starts_from_stage_1(self):
        calls = script_commands(os.path.join(HERE, "reproduce.sh"), "train.py")
        self.assertEqual(3, len(calls))
        first, second, third = (train.parse_args(c) for c in calls)
        self.assertIsNone(first.init_from)
        self.assertIsNotNone(second.init_from)
        # Stage 2 takes SQuAD questions stage 1 did not see.
        self.assertGreaterEqual(second.squad_offset, first.squad_answer + first.squad_explanation)
        # Stage 3 starts from the stage-2 bundle and finishes the first pass over SQuAD.
        self.assertIsNotNone(third.init_from_bundle)
        self.assertEqual(second.squad_offset + second.squad_answer + second.squad_explanation,
                         third.squad_offset)
        self.assertEqual(87599, third.squad_offset + third.squad_answer)
        self.assertTrue(third.shared_norm)


class StageScriptTest(unittest.TestCase):
    def test_stage_sh_starts_from_the_shipped_bundle_with_long_contexts_and_shared_norm(self):
        values = {"BATCH": "16", "THREADS": "2", "SQUAD_OFFSET": "0", "SQUAD_ANSWER": "87599",
                  "SQUAD_LONG": "8000", "NEGATIVES": "5000"}
        calls = script_commands(os.path.join(HERE, "stage.sh"), "train.py", values)
        self.assertEqual(1, len(calls))
        a = train.parse_args(calls[0])
        self.assertEqual("models/default", a.init_from_bundle)
        self.assertIsNone(a.init_from)
        self.assertTrue(a.shared_norm)
        self.assertEqual(8000, a.squad_long)
        self.assertEqual(87599, a.squad_answer)


if __name__ == "__main__":
    unittest.main()
