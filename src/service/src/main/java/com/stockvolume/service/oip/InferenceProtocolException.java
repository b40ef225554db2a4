package com.stockvolume.service.oip;

import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.failure.ServiceException;

/** A request the Open Inference Protocol's rules refuse (a bad tensor, parameter or header), as {@code failure}. */
public final class InferenceProtocolException extends ServiceException {

    public InferenceProtocolException(Failure failure, String message) {
        super(failure, message);
    }
}
