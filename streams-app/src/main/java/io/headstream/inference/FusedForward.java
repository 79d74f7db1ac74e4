package io.headstream.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fused encoder+heads graph loaded once through DJL's ONNX Runtime engine. One call of
 * {@link #run} is one {@code OrtSession.run}: the windows are padded to the longest of them (not
 * to {@code max_seq_len}) and every head's output comes back from that single pass. Thread-safe
 * (ONNX Runtime sessions are); each call allocates and frees its own native tensors.
 */
final class FusedForward implements AutoCloseable {

    static {
        DjlOffline.ensure();
    }

    private final Model model;
    private final ModelBundle bundle;
    private final OrtSession.SessionOptions options;
    private final AtomicLong runs = new AtomicLong();
    private final String startName;
    private final String endName;
    private final String nullName;
    private final String salienceName;
    private final String tagsName;
    private final int labels;

    private FusedForward(Model model, ModelBundle bundle, OrtSession.SessionOptions options) {
        this.model = model;
        this.bundle = bundle;
        this.options = options;
        HeadSpec span = bundle.head(HeadSpec.SPAN);
        HeadSpec tagging = bundle.head(HeadSpec.TAGGING);
        startName = span.output("start_logits");
        endName = span.output("end_logits");
        nullName = span.output("null_logit");
        salienceName = bundle.head(HeadSpec.SALIENCE).output("token_logits");
        tagsName = tagging.output("tag_logits");
        labels = tagging.labels().size();
    }

    /** Creates the ONNX Runtime session for the bundle's graph on the configured device. */
    static FusedForward load(ModelBundle bundle, RuntimeOptions runtime) {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        Model model = null;
        try {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // Every (batch, seq) shape is new to ONNX Runtime; memory patterns are planned and
            // kept per shape, which only grows memory for inputs as dynamic as ours.
            options.setMemoryPatternOptimization(false);
            if (runtime.intraOpThreads() > 0) {
                options.setIntraOpNumThreads(runtime.intraOpThreads());
            }
            if (runtime.gpu()) {
                addCuda(options, runtime.gpuDeviceId());
            }
            // The DJL model stays on the CPU device: tensors are built on the host and ONNX
            // Runtime moves them; the CUDA provider is ours so its failure gets a clear message.
            model = Model.newInstance(bundle.identity().name(), Device.cpu(), "OnnxRuntime");
            model.load(bundle.modelFile(), null, Map.of("sessionOptions", options));
            return new FusedForward(model, bundle, options);
        } catch (OrtException | IOException | MalformedModelException | RuntimeException e) {
            if (model != null) {
                model.close();
            }
            options.close();
            if (e instanceof InferenceException ie) {
                throw ie;
            }
            throw new InferenceException(bundle.modelFile() + ": ONNX Runtime cannot load the graph: "
                    + rootMessage(e), e);
        }
    }

    private static void addCuda(OrtSession.SessionOptions options, int deviceId) {
        try {
            options.addCUDA(deviceId);
        } catch (OrtException | RuntimeException | LinkageError e) {
            throw new InferenceException("device=gpu but ONNX Runtime's CUDA execution provider is not"
                    + " available (device " + deviceId + "): " + rootMessage(e)
                    + ". Build with the gpu Maven profile (-Dgpu, onnxruntime_gpu) on a machine with"
                    + " CUDA 12 and cuDNN 9, or set device=cpu.", e);
        }
    }

    /** Output names the graph produced on a real pass, for the manifest check at load. */
    Set<String> probeOutputNames(long[][] ids, long[][] types) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList out = forward(manager, ids, types);
            Set<String> names = new LinkedHashSet<>();
            for (NDArray a : out) {
                names.add(a.getName());
            }
            return names;
        }
    }

    /** Runs the graph once on {@code windows}; returns their logits in the same order. */
    List<WindowLogits> run(List<Window> windows) {
        int rows = windows.size();
        long[][] ids = new long[rows][];
        long[][] types = new long[rows][];
        for (int r = 0; r < rows; r++) {
            ids[r] = windows.get(r).ids();
            types[r] = windows.get(r).typeIds();
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList out = forward(manager, ids, types);
            Map<String, NDArray> byName = new HashMap<>();
            for (NDArray a : out) {
                byName.put(a.getName(), a);
            }
            int seq = longest(ids);
            float[] start = floats(byName, startName, rows * seq);
            float[] end = floats(byName, endName, rows * seq);
            float[] nulls = floats(byName, nullName, rows);
            float[] salience = floats(byName, salienceName, rows * seq);
            float[] tags = floats(byName, tagsName, rows * seq * labels);
            List<WindowLogits> result = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                int len = ids[r].length;
                int from = r * seq;
                result.add(new WindowLogits(
                        slice(start, from, len), slice(end, from, len), nulls[r], slice(salience, from, len),
                        slice(tags, from * labels, len * labels), labels));
            }
            return result;
        }
    }

    private NDList forward(NDManager manager, long[][] ids, long[][] types) {
        int rows = ids.length;
        int seq = longest(ids);
        long[] flatIds = new long[rows * seq];
        long[] flatMask = new long[rows * seq];
        long[] flatTypes = new long[rows * seq];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(ids[r], 0, flatIds, r * seq, ids[r].length);
            System.arraycopy(types[r], 0, flatTypes, r * seq, types[r].length);
            java.util.Arrays.fill(flatMask, r * seq, r * seq + ids[r].length, 1L);
        }
        Shape shape = new Shape(rows, seq);
        NDList inputs = new NDList(
                named(manager, flatIds, shape, "input_ids"),
                named(manager, flatMask, shape, "attention_mask"),
                named(manager, flatTypes, shape, "token_type_ids"));
        runs.incrementAndGet();
        NDList out = model.getBlock().forward(new ParameterStore(manager, false), inputs, false);
        out.attach(manager);
        return out;
    }

    private static NDArray named(NDManager manager, long[] data, Shape shape, String name) {
        NDArray a = manager.create(LongBuffer.wrap(data), shape, DataType.INT64);
        a.setName(name);
        return a;
    }

    private float[] floats(Map<String, NDArray> byName, String name, int expected) {
        NDArray a = byName.get(name);
        if (a == null) {
            throw new InferenceException(bundle.modelFile() + ": the graph returned no output " + name);
        }
        float[] v = a.toFloatArray();
        if (v.length != expected) {
            throw new InferenceException(bundle.modelFile() + ": output " + name + " has shape " + a.getShape()
                    + ", expected " + expected + " values for this batch");
        }
        return v;
    }

    private static float[] slice(float[] a, int from, int len) {
        float[] out = new float[len];
        System.arraycopy(a, from, out, 0, len);
        return out;
    }

    private static int longest(long[][] rows) {
        int max = 0;
        for (long[] r : rows) {
            max = Math.max(max, r.length);
        }
        return max;
    }

    /** Forward passes run so far (one per {@link #run} call), for tests and metrics. */
    long runs() {
        return runs.get();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
    }

    @Override
    public void close() {
        model.close();
        options.close();
    }
}
