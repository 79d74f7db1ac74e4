"""evaluate_bundle.py: limit overrides, aggregate parsing and the card section replacement."""
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import evaluate_bundle as eb  # noqa: E402


class LimitsTest(unittest.TestCase):
    def test_override_and_all(self):
        limits = eb.limits_from(["squad=200", "tatqa=0"])
        self.assertEqual(limits["squad"], 200)
        self.assertIsNone(limits["tatqa"])
        self.assertEqual(limits["qmsum"], eb.LIMITS["qmsum"])

    def test_bad_override_names_the_item(self):
        with self.assertRaises(SystemExit) as e:
            eb.limits_from(["sqad=5"])
        self.assertIn("sqad=5", str(e.exception))
        with self.assertRaises(SystemExit):
            eb.limits_from(["squad=five"])


class AggregateLineTest(unittest.TestCase):
    def test_last_aggregate_line_wins_over_logs(self):
        out = "\n".join(["12:00:00 INFO loaded", json.dumps({"kind": "example", "id": 1}),
                         json.dumps({"kind": "aggregate", "task": "squad", "metrics": {"f1": 50.0}})])
        self.assertEqual(eb.aggregate_line(out, "x")["metrics"]["f1"], 50.0)

    def test_missing_aggregate_is_an_error(self):
        with self.assertRaises(RuntimeError):
            eb.aggregate_line("no json here", "cmd")


class CardTest(unittest.TestCase):
    def test_replaces_only_the_evaluation_section(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "MODEL_CARD.md")
            with open(path, "w") as f:
                f.write("# card\n\n## Evaluation\n\nold table\n\n## Licences\n\nApache\n")
            eb.write_card(path, "## Evaluation\n\nnew table\n\n")
            with open(path) as f:
                text = f.read()
        self.assertEqual(text, "# card\n\n## Evaluation\n\nnew table\n\n## Licences\n\nApache\n")

    def test_card_without_section_is_refused(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "MODEL_CARD.md")
            with open(path, "w") as f:
                f.write("# card\n")
            with self.assertRaises(SystemExit):
                eb.write_card(path, "x")

    def test_section_holds_the_served_rows(self):
        agg = {"task": "squad", "examples": 3, "windows": 3, "seconds": 1.0,
               "metrics": {"exact_match": 33.3333, "f1": 60.0}, "notes": ["runtime=java m 1 abc device=cpu"]}
        text = eb.card_section([agg], [], {"squad": 3})
        self.assertIn("| squad | 3 | F1 | 60.0 |", text)
        self.assertIn("java m 1 abc device=cpu", text)


if __name__ == "__main__":
    unittest.main()
