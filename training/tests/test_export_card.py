import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import torch  # noqa: E402

import export  # noqa: E402


def _summary(steps, seconds, counts, commands):
    return {"step": steps, "total_steps": steps, "train_seconds": seconds, "examples_seen": steps * 16,
            "examples_by_task": {"answer": steps * 16}, "stopped": "completed all steps",
            "device": "cpu", "date": "2026-11-26", "commands": commands,
            "command": " && ".join(commands), "final_loss_ema": {"answer": 1.0},
            "data_counts": {k: {"items": 1, "windows": 2} for k in counts}}


class TrainingStagesCardTest(unittest.TestCase):
    def test_a_continuation_run_lists_its_parent_stage_first_and_sums_the_totals(self):
        with tempfile.TemporaryDirectory() as d:
            first, second = os.path.join(d, "first"), os.path.join(d, "second")
            os.makedirs(first)
            os.makedirs(second)
            with open(os.path.join(first, "summary.json"), "w") as f:
                json.dump(_summary(100, 600, ["squad_answer", "scitldr_summary"],
                                   ["train.py --out first", "train.py --out first --resume"]), f)
            torch.save({"args": {"lr": 1e-4, "seed": 13}}, os.path.join(first, "final.pt"))
            cont = _summary(50, 300, ["squad_answer", "qmsum_train_general_summary",
                                      "squad_negative_answer"], ["train.py --out second"])
            cont_args = {"lr": 5e-5, "init_from": os.path.join(first, "final.pt"), "squad_offset": 32500}

            stages = export.training_stages(cont, cont_args, second)
            self.assertEqual([first, second], [run_dir for _, _, run_dir in stages])
            self.assertEqual([1e-4, 5e-5], [a["lr"] for _, a, _ in stages])

            path = os.path.join(d, "MODEL_CARD.md")
            man = {"heads": []}
            export.write_card(path, man, stages, "int8.")
            with open(path, encoding="utf-8") as f:
                card = " ".join(f.read().split())  # wrapping does not matter
        self.assertIn("2 stage(s), 900 s (15.0 min) of training in all, 2400 examples seen", card)
        self.assertLess(card.index("### Stage 1 of 2"), card.index("### Stage 2 of 2"))
        self.assertIn("This stage ran in 2 legs", card)
        self.assertIn("from the weights of stage 1", card)
        self.assertIn("SQuAD questions 32,500 onwards", card)
        self.assertIn("QMSum **train**", card)           # the data bullets follow what was used
        self.assertIn("Unanswerable pairs", card)
        self.assertNotIn("QMSum/SQuALITY train were not used", card)
        self.assertIn("QMSum (MIT", card)                # and so do the licences
        self.assertNotIn("SQuALITY (summaries", card)    # (no SQuALITY in these stages)

    def test_a_single_run_says_which_long_summary_sources_it_did_not_use(self):
        stages = [(_summary(10, 60, ["scitldr_summary"], ["train.py"]), {}, None)]
        notes = " ".join(export.data_notes(stages).split())
        self.assertIn("(QMSum/SQuALITY train were not used.)", notes)
        self.assertNotIn("Unanswerable", notes)


if __name__ == "__main__":
    unittest.main()
