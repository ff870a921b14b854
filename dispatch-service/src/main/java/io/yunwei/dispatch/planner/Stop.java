package io.yunwei.dispatch.planner;

/**
 * One job on an engineer's route as the plan times it: leaves at {@code departure} after {@code travelMinutes}
 * arrives at {@code arrival} (minutes since the epoch). {@code offShift}: no shift or on-call window holds the
 * arrival within the horizon; {@code afterWindow}: arrives after the booked appointment window.
 */
public record Stop(Job job, String engineerId, int position, long departure, long arrival, int travelMinutes,
        boolean offShift, boolean afterWindow) {

    /** Minutes after the SLA arrival target, or zero. */
    public long lateMinutes() {
        return job.hasTarget() ? Math.max(0, arrival - job.getArrivalDue()) : 0;
    }

    /** Minutes before the SLA arrival target (negative when late). */
    public long slackMinutes() {
        return job.hasTarget() ? job.getArrivalDue() - arrival : Long.MAX_VALUE;
    }

    public long end() {
        return arrival + job.getWorkMinutes();
    }
}
