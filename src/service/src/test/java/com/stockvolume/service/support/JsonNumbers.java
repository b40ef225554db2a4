package com.stockvolume.service.support;

import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

/** A JSON answer read with its numbers as doubles: REST Assured reads them as floats by default. */
public final class JsonNumbers {

    private JsonNumbers() {
    }

    public static JsonPath doubles(String json) {
        return JsonPath.from(json).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }
}
