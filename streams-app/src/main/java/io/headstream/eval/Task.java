package io.headstream.eval;

import java.util.Locale;

/** The evaluation tasks of EVALUATION.md, by their command-line names. */
enum Task {
    SQUAD, SQUAD2, SQUAD_LONG, QMSUM, SQUALITY, TATQA, HOTPOTQA, DROP;

    String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the runtime may answer "no answer". Never: SQuAD v1.1, HotpotQA, DROP and TAT-QA
     * take the best span, and SQuAD 2.0 makes the null decision from the best span's scores itself
     * (the oracle threshold sweep needs the best span behind every abstention).
     */
    boolean allowsNoAnswer() {
        return false;
    }

    boolean isSummary() {
        return this == QMSUM || this == SQUALITY;
    }
}
