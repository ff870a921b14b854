package io.yunwei.chassis.courtesy;

import java.util.List;

/**
 * Told of every text said to a customer that was refused for its wording, before the refusal is answered. Checks
 * that only show findings (while a person types) are not refusals and are not told.
 */
@FunctionalInterface
public interface CourtesyRefusals {

    /** Tells no one: for a checker used outside a service. */
    CourtesyRefusals NONE = (field, findings) -> {
    };

    void refused(String field, List<CourtesyFinding> findings);
}
