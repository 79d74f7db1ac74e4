import os
import re
import shlex
import sys
import unittest

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, HERE)

import train  # noqa: E402


def script_commands(path, program):
    """The argument lists of every `program` call in a shell script (continuation lines joined;
    shell variables replaced: $DEVICE by cpu, $MAX_MINUTES by 1, others by a placeholder)."""
    with open(path, encoding="utf-8") as f:
        text = f.read().replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        if program in line and not line.lstrip().startswith("#"):
            words = shlex.split(re.sub(r"\$\{?(\w+)\}?", lambda m: {"DEVICE": "cpu", "MAX_MINUTES": "1"}.get(m.group(1), "X"), line))
            out.append(words[words.index(next(w for w in words if w.endswith(program))) + 1:])
    return out


class ReproduceScriptTest(unittest.TestCase):
    def test_every_train_call_in_reproduce_sh_parses_and_stage_2_starts_from_stage_1(self):
        calls = script_commands(os.path.join(HERE, "reproduce.sh"), "train.py")
        self.assertEqual(2, len(calls))
        first, second = (train.parse_args(c) for c in calls)
        self.assertIsNone(first.init_from)
        self.assertIsNotNone(second.init_from)
        # Stage 2 takes SQuAD questions stage 1 did not see.
        self.assertGreaterEqual(second.squad_offset, first.squad_answer + first.squad_explanation)


if __name__ == "__main__":
    unittest.main()
