package io.headstream.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the protobuf bytes of one-node ONNX graphs, {@code C = MatMul(A, B)} with float
 * {@code [n, n]} inputs and {@code C = MatMulInteger(A uint8, B int8)} (int32 out, the op of the
 * int8 bundles), so the benchmark can measure the machine's matrix-product peak through the same
 * runtime without any ONNX tooling. Field numbers are those of {@code onnx.proto}.
 */
final class OnnxProto {
    private OnnxProto() {}

    private static final int FLOAT = 1;
    private static final int UINT8 = 2;
    private static final int INT8 = 3;
    private static final int INT32 = 6;

    static byte[] matMul(int n) {
        return graph("MatMul", n, FLOAT, FLOAT, FLOAT);
    }

    static byte[] matMulInteger(int n) {
        return graph("MatMulInteger", n, UINT8, INT8, INT32);
    }

    private static byte[] graph(String op, int n, int aType, int bType, int cType) {
        Msg graph = new Msg()
                .msg(1, new Msg().str(1, "A").str(1, "B").str(2, "C").str(3, "matmul").str(4, op))
                .str(2, "bench-matmul")
                .msg(11, tensor("A", n, aType))
                .msg(11, tensor("B", n, bType))
                .msg(12, tensor("C", n, cType));
        return new Msg()
                .varint(1, 7)
                .str(2, "headstream-bench")
                .msg(7, graph)
                .msg(8, new Msg().str(1, "").varint(2, 13))
                .bytes();
    }

    private static Msg tensor(String name, int n, int elemType) {
        Msg shape = new Msg().msg(1, new Msg().varint(1, n)).msg(1, new Msg().varint(1, n));
        Msg tensorType = new Msg().varint(1, elemType).msg(2, shape);
        return new Msg().str(1, name).msg(2, new Msg().msg(1, tensorType));
    }

    /** A protobuf message being written: varint and length-delimited fields only. */
    private static final class Msg {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Msg varint(int field, long value) {
            tag(field, 0);
            writeVarint(value);
            return this;
        }

        Msg str(int field, String s) {
            return raw(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Msg msg(int field, Msg m) {
            return raw(field, m.bytes());
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private Msg raw(int field, byte[] b) {
            tag(field, 2);
            writeVarint(b.length);
            out.writeBytes(b);
            return this;
        }

        private void tag(int field, int wireType) {
            writeVarint(((long) field << 3) | wireType);
        }

        private void writeVarint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
