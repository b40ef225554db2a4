package com.stockvolume.service.oip;

import com.stockvolume.card.ModelCard;
import com.stockvolume.card.ModelCard.TensorSpec;
import java.util.List;

/** v2 model metadata: {"name","versions","platform","inputs","outputs"}. */
public record ModelMetadata(String name, List<String> versions, String platform, List<Tensor> inputs, List<Tensor> outputs) {

    public static final String PLATFORM = "onnxruntime_onnx";

    public record Tensor(String name, String datatype, List<Long> shape) {
    }

    public static ModelMetadata of(ModelCard card, List<String> versions) {
        return new ModelMetadata(card.name(), versions, PLATFORM,
                card.inputs().stream().map(ModelMetadata::tensor).toList(),
                card.outputs().stream().map(ModelMetadata::tensor).toList());
    }

    private static Tensor tensor(TensorSpec spec) {
        return new Tensor(spec.name(), datatype(spec.datatype()), spec.shape());
    }

    /** The card's ONNX element type as the protocol names it. */
    static String datatype(String cardType) {
        return switch (cardType) {
            case "double" -> "FP64";
            case "float" -> "FP32";
            default -> cardType.toUpperCase();
        };
    }
}
