package io.yunwei.dispatch.planner;

/** A point on the map; travel between two is the straight-line distance at a road speed, with no road data. */
public record Location(double latitude, double longitude) {

    private static final double EARTH_KM = 6371.0;

    /** Assumed when either end of a trip has no coordinates: a typical trip inside one area. */
    public static final int UNKNOWN_TRIP_MINUTES = 30;

    /** Minutes from {@code from} to {@code to}, rounded up; a missing end counts as a typical trip. */
    public static int travelMinutes(Location from, Location to, double speedKmh) {
        if (from == null || to == null) {
            return UNKNOWN_TRIP_MINUTES;
        }
        return (int) Math.ceil(from.kilometresTo(to) / speedKmh * 60.0);
    }

    /** Great-circle (haversine) distance. */
    public double kilometresTo(Location other) {
        double dLat = Math.toRadians(other.latitude - latitude);
        double dLon = Math.toRadians(other.longitude - longitude);
        double a = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(Math.toRadians(latitude))
                * Math.cos(Math.toRadians(other.latitude)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_KM * Math.asin(Math.sqrt(a));
    }
}
