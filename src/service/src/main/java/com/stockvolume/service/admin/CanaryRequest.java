package com.stockvolume.service.admin;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code PUT /admin/models/{name}/canary}'s body: {@code {"version": "3", "percent": 10}}. */
public record CanaryRequest(
        @Schema(required = true, description = "A loaded version other than the default", example = "3") String version,
        @Schema(required = true, minimum = "0", exclusiveMinimum = true, maximum = "100",
                description = "The share of the model's unversioned calls it takes, in percent",
                example = "10") Double percent) {
}
