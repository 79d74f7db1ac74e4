package io.headstream.inference;

import io.headstream.redact.LogText;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per JVM: coalesces the micro-batches of every stream task and thread into fused forward
 * passes bounded by an event count and a token budget, run by a few inference threads.
 *
 * <ul>
 *   <li><b>Coalescing.</b> While a pass runs, submissions pile up in the queue; the next pass
 *       takes them together (in arrival order, within {@link ExecutorSettings#maxBatchEvents()} and
 *       {@link ExecutorSettings#tokenBudget()}). At low load a pass waits at most
 *       {@link ExecutorSettings#maxQueueDelayMs()} after its first request for company.</li>
 *   <li><b>Backpressure.</b> The queue holds at most {@link ExecutorSettings#queueCapacity()}
 *       events. A submitter blocks while its batch does not fit, up to its deadline; then
 *       {@link #submit} returns null and the caller keeps its events (the stream task leaves them
 *       in its changelogged buffer and retries), so nothing is dropped and nothing grows without
 *       bound in memory.</li>
 *   <li><b>Failure isolation.</b> A pass that fails is rerun one request at a time; only the
 *       requests that fail alone are reported failed. Encoding and decoding errors touch only
 *       their own input.</li>
 *   <li><b>Threads.</b> Tokenization and windowing run on the submitting thread before the
 *       request is queued, decoding on the thread that reads the outcomes; inference threads only
 *       run the model.</li>
 * </ul>
 */
public final class SharedInferenceExecutor implements BatchSubmitter {
    private static final Logger LOG = LoggerFactory.getLogger(SharedInferenceExecutor.class);

    private final BatchStages stages;
    private final ExecutorSettings settings;
    private final RequestQueue queue;
    private final ExecutorStats stats = new ExecutorStats();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch workersStopped;
    private volatile boolean closed;

    private SharedInferenceExecutor(BatchStages stages, ExecutorSettings settings) {
        this.stages = stages;
        this.settings = settings;
        this.queue = new RequestQueue(settings.queueCapacity());
        this.workersStopped = new CountDownLatch(settings.threads());
    }

    /**
     * Starts the executor's inference threads on {@code model}. The ONNX runtime is split into
     * stages (tokenize on the caller, forward on the inference thread, decode on the caller); any
     * other model runs whole in its predictor on the inference thread.
     */
    public static SharedInferenceExecutor start(MultiHeadModel model, ExecutorSettings settings) {
        BatchStages stages = model instanceof OnnxMultiHeadModel onnx ? new OnnxBatchStages(onnx)
                : new PredictorBatchStages(model);
        SharedInferenceExecutor executor = new SharedInferenceExecutor(stages, settings);
        for (int i = 0; i < settings.threads(); i++) {
            Thread t = new Thread(executor::work, "headstream-inference-" + i);
            t.setDaemon(true);
            executor.threads.add(t);
            t.start();
        }
        return executor;
    }

    @Override
    public Submission submit(List<ModelInput> inputs, long deadlineNanos) throws InterruptedException {
        ExecutorSubmission submission = new ExecutorSubmission(this);
        long now = System.nanoTime();
        List<InferenceRequest> toRun = new ArrayList<>(inputs.size());
        for (ModelInput input : inputs) {
            InferenceRequest r = new InferenceRequest(input, submission, now);
            submission.add(r);
            try {
                stages.encode(r);
                toRun.add(r);
            } catch (RuntimeException e) {
                r.error = e instanceof InferenceException ? e
                        : new InferenceException("tokenizing the input failed: " + e.getMessage(), e);
                stats.addFailedEvent();
            }
        }
        stats.addEncode(System.nanoTime() - now);
        submission.arm(toRun.size());
        if (toRun.isEmpty()) {
            return submission;
        }
        if (closed || !queue.offerAll(toRun, deadlineNanos)) {
            return null;
        }
        return submission;
    }

    @Override
    public long maxWaitNanos() {
        return TimeUnit.MILLISECONDS.toNanos(settings.maxWaitMs());
    }

    /**
     * A view for one stream task: submits here, but closing it does not close the executor (the
     * application owns that).
     */
    public BatchSubmitter client() {
        SharedInferenceExecutor self = this;
        return new BatchSubmitter() {
            @Override
            public Submission submit(List<ModelInput> inputs, long deadlineNanos) throws InterruptedException {
                return self.submit(inputs, deadlineNanos);
            }

            @Override
            public long maxWaitNanos() {
                return self.maxWaitNanos();
            }

            @Override
            public void close() {}
        };
    }

    private void work() {
        BatchStages.Worker worker = null;
        try {
            worker = stages.newWorker();
            long tokenBudget = settings.tokenBudget();
            long delay = TimeUnit.MILLISECONDS.toNanos(settings.maxQueueDelayMs());
            while (true) {
                List<InferenceRequest> batch = queue.takeBatch(settings.maxBatchEvents(), tokenBudget, delay);
                if (batch == null) {
                    return;
                }
                runIsolating(worker, batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("inference thread {} stopped", Thread.currentThread().getName(), e);
        } finally {
            if (worker != null) {
                worker.close();
            }
            workersStopped.countDown();
        }
    }

    /** One pass for the batch; if it fails, one pass per request. Completes every request. */
    private void runIsolating(BatchStages.Worker worker, List<InferenceRequest> batch) {
        try {
            runPass(worker, batch);
        } catch (RuntimeException batchFailure) {
            stats.addFailedPass();
            if (batch.size() == 1) {
                fail(batch.get(0), batchFailure);
            } else {
                // The failure's message can quote an input's text (a tokenizer error, say).
                LOG.warn("pass of {} inputs failed ({}); retrying them one by one", batch.size(),
                        LogText.message(batchFailure));
                for (InferenceRequest r : batch) {
                    if (r.owner.cancelled()) {
                        continue;
                    }
                    try {
                        runPass(worker, List.of(r));
                    } catch (RuntimeException single) {
                        fail(r, single);
                    }
                }
            }
        }
        for (InferenceRequest r : batch) {
            r.owner.completed();
        }
    }

    private void runPass(BatchStages.Worker worker, List<InferenceRequest> batch) {
        long t0 = System.nanoTime();
        worker.run(batch);
        stats.addPass(batch.size(), System.nanoTime() - t0);
    }

    private void fail(InferenceRequest r, RuntimeException e) {
        r.error = e;
        stats.addFailedEvent();
    }

    public ExecutorSettings settings() {
        return settings;
    }

    public ExecutorStats stats() {
        return stats;
    }

    /** Events waiting for an inference thread now. */
    public int queued() {
        return queue.size();
    }

    /** The most events that ever waited at once. */
    public int queueHighWater() {
        return queue.highWater();
    }

    BatchStages stages() {
        return stages;
    }

    RequestQueue queue() {
        return queue;
    }

    /**
     * Stops accepting work, lets running passes finish (waiting at most {@code maxWaitMs}) and
     * marks what was still queued abandoned (its submitters keep those events and resubmit them
     * to whatever runs next). Does not close the model.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (InferenceRequest r : queue.close()) {
            r.abandoned = true;
            r.owner.completed();
        }
        try {
            if (!workersStopped.await(settings.maxWaitMs(), TimeUnit.MILLISECONDS)) {
                LOG.warn("inference threads still running a pass after {} ms; leaving them (daemon threads)",
                        settings.maxWaitMs());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
