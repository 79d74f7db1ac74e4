package io.headstream.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Any ONNX graph run exactly as the product runs its fused graph: DJL's ONNX Runtime engine, all
 * graph optimisations, the same intra-op thread setting, windows padded to the longest of the
 * pass. Used for the comparison graphs (encoder alone, single-head graphs, the MatMul peak).
 */
final class GraphRunner implements AutoCloseable {

    static {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    private final Model model;
    private final OrtSession.SessionOptions options;

    private GraphRunner(Model model, OrtSession.SessionOptions options) {
        this.model = model;
        this.options = options;
    }

    static GraphRunner load(Path file, int intraOpThreads) {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            Model model = Model.newInstance(file.getFileName().toString(), Device.cpu(), "OnnxRuntime");
            model.load(file, null, Map.of("sessionOptions", options));
            return new GraphRunner(model, options);
        } catch (Exception e) {
            options.close();
            throw new IllegalStateException(file + ": cannot load the graph: " + e.getMessage(), e);
        }
    }

    /**
     * One pass over {@code windows} ({ids, typeIds} each), padded to the longest.
     *
     * @param copyOut copy every output back into Java arrays (what a caller must do to use them)
     * @return values copied back (0 when not copying)
     */
    long run(List<long[][]> windows, boolean copyOut) {
        float[] first = forward(windows, copyOut);
        return first == null ? 0 : copied;
    }

    private long copied;

    private float[] forward(List<long[][]> windows, boolean copyOut) {
        int rows = windows.size();
        int seq = 0;
        for (long[][] w : windows) {
            seq = Math.max(seq, w[0].length);
        }
        long[] ids = new long[rows * seq];
        long[] mask = new long[rows * seq];
        long[] types = new long[rows * seq];
        for (int r = 0; r < rows; r++) {
            long[][] w = windows.get(r);
            System.arraycopy(w[0], 0, ids, r * seq, w[0].length);
            System.arraycopy(w[1], 0, types, r * seq, w[1].length);
            Arrays.fill(mask, r * seq, r * seq + w[0].length, 1L);
        }
        Shape shape = new Shape(rows, seq);
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList in = new NDList(named(manager, ids, shape, "input_ids"), named(manager, mask, shape, "attention_mask"),
                    named(manager, types, shape, "token_type_ids"));
            NDList out = model.getBlock().forward(new ParameterStore(manager, false), in, false);
            out.attach(manager);
            if (!copyOut) {
                return null;
            }
            float[] first = null;
            long n = 0;
            for (NDArray a : out) {
                float[] v = a.toFloatArray();
                n += v.length;
                if (first == null) {
                    first = v;
                }
            }
            copied = n;
            return first;
        }
    }

    /** One pass (as {@link #run}) returning the graph's first output, copied back. */
    float[] runFirstOutput(List<long[][]> windows) {
        return forward(windows, true);
    }

    /** One {@code C = A B} of the MatMul graph; returns a checksum so the work cannot be skipped. */
    float matMul(float[] a, float[] b, int n) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray x = manager.create(FloatBuffer.wrap(a), new Shape(n, n), DataType.FLOAT32);
            x.setName("A");
            NDArray y = manager.create(FloatBuffer.wrap(b), new Shape(n, n), DataType.FLOAT32);
            y.setName("B");
            NDList out = model.getBlock().forward(new ParameterStore(manager, false), new NDList(x, y), false);
            out.attach(manager);
            return out.get(0).toFloatArray()[n + 1];
        }
    }

    /** One {@code C = A B} of the MatMulInteger graph (A uint8, B int8); returns a checksum. */
    int matMulInteger(byte[] a, byte[] b, int n) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray x = manager.create(java.nio.ByteBuffer.wrap(a), new Shape(n, n), DataType.UINT8);
            x.setName("A");
            NDArray y = manager.create(java.nio.ByteBuffer.wrap(b), new Shape(n, n), DataType.INT8);
            y.setName("B");
            NDList out = model.getBlock().forward(new ParameterStore(manager, false), new NDList(x, y), false);
            out.attach(manager);
            return out.get(0).toIntArray()[n + 1];
        }
    }

    private static NDArray named(NDManager manager, long[] data, Shape shape, String name) {
        NDArray a = manager.create(LongBuffer.wrap(data), shape, DataType.INT64);
        a.setName(name);
        return a;
    }

    @Override
    public void close() {
        model.close();
        options.close();
    }
}
