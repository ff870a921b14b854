package io.yunwei.local;

/**
 * Lets the instruments seed a stack they started with the same demo data {@code deploy/local/run} seeds; the
 * seeding itself stays package-private in the launcher.
 */
public final class DemoDataAccess {

    private DemoDataAccess() {
    }

    public static void seed(LocalStack stack) {
        DemoData.seed(stack);
    }
}
