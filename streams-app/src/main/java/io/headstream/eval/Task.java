package io.headstream.eval;

import java.util.Locale;

/** The evaluation tasks of EVALUATION.md, by their command-line names. */
enum Task {
    SQUAD, SQUAD2, QMSUM, SQUALITY, TATQA, HOTPOTQA, DROP;

    String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether "no answer" may win: only SQuAD 2.0 has unanswerable questions. */
    boolean allowsNoAnswer() {
        return this == SQUAD2;
    }

    boolean isSummary() {
        return this == QMSUM || this == SQUALITY;
    }
}
