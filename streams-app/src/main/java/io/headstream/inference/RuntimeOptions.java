package io.headstream.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * How the runtime runs a bundle: device, batching bounds, the window cap and the summary budget.
 * The application's config maps its keys onto this record; {@link #defaults()} is what tests
 * and the CLI use unless told otherwise.
 *
 * @param device {@code cpu} or {@code gpu} (CUDA execution provider)
 * @param gpuDeviceId CUDA device ordinal when {@code device} is {@code gpu}
 * @param intraOpThreads ONNX Runtime intra-op threads; 0 leaves ONNX Runtime's default
 * @param maxWindowsPerInput windows read per context; the rest of a longer context is not read and
 *     the output says {@code windowsCapped}
 * @param tokenBudget most padded tokens (windows x longest window) in one forward pass
 * @param maxBatchWindows most windows in one forward pass
 * @param summaryMaxSentences most sentences in a summary (0: no count limit)
 * @param summaryMaxChars most characters of selected sentences (0: no character limit)
 * @param allowNoAnswer whether the answer head may answer "no answer" (off for SQuAD v1.1-style
 *     evaluation, where every question has an answer)
 */
public record RuntimeOptions(
        String device,
        int gpuDeviceId,
        int intraOpThreads,
        int maxWindowsPerInput,
        int tokenBudget,
        int maxBatchWindows,
        int summaryMaxSentences,
        int summaryMaxChars,
        boolean allowNoAnswer) {

    public RuntimeOptions {
        List<String> problems = new ArrayList<>();
        if (!"cpu".equals(device) && !"gpu".equals(device)) {
            problems.add("device must be cpu or gpu, is " + device);
        }
        if (gpuDeviceId < 0) {
            problems.add("gpuDeviceId must be >= 0, is " + gpuDeviceId);
        }
        if (intraOpThreads < 0) {
            problems.add("intraOpThreads must be >= 0, is " + intraOpThreads);
        }
        if (maxWindowsPerInput < 1) {
            problems.add("maxWindowsPerInput must be >= 1, is " + maxWindowsPerInput);
        }
        if (tokenBudget < 1) {
            problems.add("tokenBudget must be >= 1, is " + tokenBudget);
        }
        if (maxBatchWindows < 1) {
            problems.add("maxBatchWindows must be >= 1, is " + maxBatchWindows);
        }
        if (summaryMaxSentences < 0 || summaryMaxChars < 0) {
            problems.add("summary budgets must be >= 0, are " + summaryMaxSentences + " sentences / "
                    + summaryMaxChars + " chars");
        }
        if (summaryMaxSentences == 0 && summaryMaxChars == 0) {
            problems.add("at least one summary budget (sentences or chars) must be set");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid runtime options: " + String.join("; ", problems));
        }
    }

    /**
     * CPU, 16 windows per input, 16384 padded tokens / 64 windows per pass, 3-sentence summaries,
     * no-answer allowed.
     */
    public static RuntimeOptions defaults() {
        return new RuntimeOptions("cpu", 0, 0, 16, 16_384, 64, 3, 0, true);
    }

    public boolean gpu() {
        return "gpu".equals(device);
    }

    public RuntimeOptions withDevice(String newDevice) {
        return new RuntimeOptions(newDevice, gpuDeviceId, intraOpThreads, maxWindowsPerInput, tokenBudget,
                maxBatchWindows, summaryMaxSentences, summaryMaxChars, allowNoAnswer);
    }

    public RuntimeOptions withMaxWindowsPerInput(int n) {
        return new RuntimeOptions(device, gpuDeviceId, intraOpThreads, n, tokenBudget, maxBatchWindows,
                summaryMaxSentences, summaryMaxChars, allowNoAnswer);
    }

    public RuntimeOptions withBatching(int newTokenBudget, int newMaxBatchWindows) {
        return new RuntimeOptions(device, gpuDeviceId, intraOpThreads, maxWindowsPerInput, newTokenBudget,
                newMaxBatchWindows, summaryMaxSentences, summaryMaxChars, allowNoAnswer);
    }

    public RuntimeOptions withSummaryBudget(int maxSentences, int maxChars) {
        return new RuntimeOptions(device, gpuDeviceId, intraOpThreads, maxWindowsPerInput, tokenBudget,
                maxBatchWindows, maxSentences, maxChars, allowNoAnswer);
    }

    public RuntimeOptions withAllowNoAnswer(boolean allow) {
        return new RuntimeOptions(device, gpuDeviceId, intraOpThreads, maxWindowsPerInput, tokenBudget, maxBatchWindows,
                summaryMaxSentences, summaryMaxChars, allow);
    }

    public RuntimeOptions withIntraOpThreads(int n) {
        return new RuntimeOptions(device, gpuDeviceId, n, maxWindowsPerInput, tokenBudget, maxBatchWindows,
                summaryMaxSentences, summaryMaxChars, allowNoAnswer);
    }
}
