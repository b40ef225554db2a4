package com.stockvolume.service.admin;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code PUT /admin/models/{name}/shadow}'s body: {@code {"version": "3", "sample": 1.0}}. */
public record ShadowRequest(
        @Schema(required = true, description = "A loaded version other than the default", example = "3") String version,
        @Schema(required = true, minimum = "0", exclusiveMinimum = true, maximum = "1",
                description = "The share of the default's unversioned calls it also scores", example = "1") Double sample) {
}
