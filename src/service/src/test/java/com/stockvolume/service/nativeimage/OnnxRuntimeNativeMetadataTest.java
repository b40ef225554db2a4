package com.stockvolume.service.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The native-image JNI metadata for ONNX Runtime matches what the JNI library of the ONNX Runtime
 * jar on the classpath really looks up: every class name and every constructor signature its
 * native code passes to FindClass and GetMethodID (read from the library's own strings) is
 * registered, and nothing registered is stale. Upgrading onnxruntime breaks this test until the
 * metadata is brought in line.
 */
class OnnxRuntimeNativeMetadataTest {

    private static final String METADATA = "META-INF/native-image/com.stockvolume/stock-volume-service/reachability-metadata.json";
    private static final String NATIVE = "ai/onnxruntime/native/linux-x64/";

    @Test
    void registersExactlyTheClassesAndConstructorsTheJniLibraryUses() throws Exception {
        JsonNode jni = new ObjectMapper().readTree(resource(METADATA)).get("jni");
        Set<String> registeredClasses = new TreeSet<>();
        Set<String> registeredConstructors = new TreeSet<>();
        for (JsonNode type : jni) {
            Class<?> owner = Class.forName(type.get("type").asText());
            registeredClasses.add(owner.getName().replace('.', '/'));
            for (JsonNode method : type.path("methods")) {
                assertEquals("<init>", method.get("name").asText(), "the JNI library only calls constructors");
                List<Class<?>> parameters = new ArrayList<>();
                for (JsonNode parameter : method.get("parameterTypes")) {
                    parameters.add(classOf(parameter.asText()));
                }
                Constructor<?> constructor = owner.getDeclaredConstructor(parameters.toArray(Class<?>[]::new));
                registeredConstructors.add(descriptor(constructor));
            }
        }

        Set<String> usedClasses = new TreeSet<>();
        Set<String> usedDescriptors = new TreeSet<>();
        for (String s : strings(resource(NATIVE + "libonnxruntime4j_jni.so").readAllBytes())) {
            if (s.matches("(ai/onnxruntime|java/lang)/[A-Za-z$]+")) {
                usedClasses.add(s);
            } else if (s.matches("\\((\\[*([ZBCSIJFD]|L[A-Za-z/$]+;))*\\)V")) {
                usedDescriptors.add(s);
            }
        }
        assertEquals(usedClasses, registeredClasses, "classes the JNI library looks up by name");
        assertEquals(usedDescriptors, new TreeSet<>(registeredConstructors.stream()
                .map(d -> d.substring(d.indexOf('('))).toList()), "constructor signatures the JNI library uses");
    }

    @Test
    void includesBothNativeLibrariesAsResources() throws IOException {
        JsonNode resources = new ObjectMapper().readTree(resource(METADATA)).get("resources");
        assertEquals(NATIVE + "*", resources.get(0).get("glob").asText());
        for (String library : new String[]{"libonnxruntime.so", "libonnxruntime4j_jni.so"}) {
            try (InputStream in = resource(NATIVE + library)) {
                assertNotNull(in, library);
            }
        }
    }

    private static InputStream resource(String name) {
        InputStream in = OnnxRuntimeNativeMetadataTest.class.getClassLoader().getResourceAsStream(name);
        assertNotNull(in, name + " on the classpath");
        return in;
    }

    /** Printable ASCII runs of 3 or more characters, as the strings(1) tool finds them. */
    private static List<String> strings(byte[] bytes) {
        List<String> found = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= bytes.length; i++) {
            boolean printable = i < bytes.length && bytes[i] >= 0x20 && bytes[i] < 0x7f;
            if (printable && start < 0) {
                start = i;
            } else if (!printable && start >= 0) {
                if (i - start >= 3) {
                    found.add(new String(bytes, start, i - start, StandardCharsets.US_ASCII));
                }
                start = -1;
            }
        }
        return found;
    }

    private static final Map<String, Class<?>> PRIMITIVES = Map.of("int", int.class, "long", long.class,
            "boolean", boolean.class, "float", float.class, "double", double.class, "byte", byte.class,
            "short", short.class, "char", char.class);

    private static Class<?> classOf(String name) throws ClassNotFoundException {
        if (name.endsWith("[]")) {
            return classOf(name.substring(0, name.length() - 2)).arrayType();
        }
        return PRIMITIVES.containsKey(name) ? PRIMITIVES.get(name) : Class.forName(name);
    }

    /** A constructor as JNI names it: owner plus (parameters)V. */
    private static String descriptor(Constructor<?> constructor) {
        StringBuilder d = new StringBuilder(constructor.getDeclaringClass().getName()).append('(');
        for (Class<?> parameter : constructor.getParameterTypes()) {
            d.append(parameter.descriptorString());
        }
        return d.append(")V").toString();
    }
}
