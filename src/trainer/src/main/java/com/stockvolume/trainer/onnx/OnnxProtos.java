package com.stockvolume.trainer.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.List;

/** Small builders of ONNX protobuf messages: attributes, constant tensors, a [N, columns] double input or output. */
final class OnnxProtos {

    private OnnxProtos() {
    }

    static TensorProto int64Vector(String name, long value) {
        return TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.INT64.getNumber()).addDims(1).addInt64Data(value).build();
    }

    static ValueInfoProto doubleMatrix(String name, int columns) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(columns))
                .build();
        TypeProto type = TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.DOUBLE.getNumber())
                        .setShape(shape))
                .build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto intsAttr(String name, List<Long> values) {
        return AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.INTS).addAllInts(values).build();
    }

    static AttributeProto uint8TensorAttr(String name, List<Long> values) {
        TensorProto.Builder t = TensorProto.newBuilder()
                .setDataType(TensorProto.DataType.UINT8.getNumber()).addDims(values.size());
        for (long value : values) {
            t.addInt32Data((int) value); // ONNX keeps uint8 tensor data in int32_data
        }
        return AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.TENSOR).setT(t).build();
    }

    static AttributeProto doubleTensorAttr(String name, List<Double> values) {
        TensorProto.Builder t = TensorProto.newBuilder()
                .setDataType(TensorProto.DataType.DOUBLE.getNumber()).addDims(values.size())
                .addAllDoubleData(values);
        return AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.TENSOR).setT(t).build();
    }
}
