package com.stockvolume.service.oip;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The server's name, version and protocol extensions, as REST's GET /v2 and gRPC's ServerMetadata report them. */
@ApplicationScoped
public class ServerMetadata {

    private final String name;
    private final String version;

    public ServerMetadata(@ConfigProperty(name = "quarkus.application.name") String name,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        this.name = name;
        this.version = version;
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    public List<String> extensions() {
        return List.of(BinaryTensorData.EXTENSION);
    }
}
