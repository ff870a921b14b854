package io.yunwei.intake.ticket;

import io.yunwei.intake.ticket.FaultRecord.Level;

/** ITIL-style priority from impact and urgency. */
public enum Priority {
    P1, P2, P3, P4;

    public static Priority of(Level impact, Level urgency) {
        if (impact == null || urgency == null) {
            return P3;
        }
        int weight = impact.ordinal() + urgency.ordinal();
        return switch (weight) {
            case 0 -> P1;
            case 1 -> P2;
            case 2 -> P3;
            default -> P4;
        };
    }
}
