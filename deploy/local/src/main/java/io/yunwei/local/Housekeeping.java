package io.yunwei.local;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.h2.mvstore.MVStore;

/**
 * Keeps the store's file lean while it serves: rewrites the live pages of chunks that are mostly dead into new
 * chunks, so that the chunks they leave die and their space is reused, and ends the scans clients stopped reading.
 * <p>
 * Every commit writes a chunk, and a chunk stays for as long as one page of it is live: a document written once and
 * never changed again holds its whole chunk. Left alone, the fault suite's 10,000 service-desk lifecycles left a
 * 17 GB file of 202,000 chunks, 2 % of their bytes live, and opening it after a crash, which checks every chunk, took
 * 31 s; rewritten, it held 3,000 chunks and opened in 0.4 s. H2's own housekeeping would rewrite them too, but it
 * runs only beside background commits, which the store must not make ({@link GroupCommit}).
 * <p>
 * Rewriting only copies pages as they are, so it may run beside commands; the rewritten pages reach the file with a
 * commit of their own. A chunk freed by it is never one a read may still need: every command, and every scan a client
 * reads batch by batch, holds on to the version it reads ({@link DurableBackend}, {@link IdLookupBackend}).
 */
final class Housekeeping implements AutoCloseable {

    /** How often the chunks are looked at. */
    static final Duration EVERY = Duration.ofSeconds(1);

    /** Rewriting starts when the chunks old enough to rewrite are together less than this full (percent). */
    static final int FILL_RATE = 50;

    /**
     * Live bytes rewritten per round. A round holds the store's lock, and so holds up commits, for the time it takes:
     * a few milliseconds for this much.
     */
    static final int ROUND_BYTES = 256 * 1024;

    /** How long a scan may go unread before it is ended, as MongoDB times out an idle cursor. */
    static final Duration SCAN_IDLE = Duration.ofMinutes(10);

    /** What the store's log says of the rewriting: when it first rewrites, then at most this often. */
    static final Duration REPORT_EVERY = Duration.ofMinutes(10);

    /** The start of the line the store's log gets when chunks were rewritten. */
    static final String REPORT = "store housekeeping:";

    private final MVStore store;
    private final GroupCommit commits;
    private final IdLookupBackend backend;
    private ScheduledExecutorService thread;
    private int roundsSinceReport;
    private boolean reported;
    private long reportedAt;

    Housekeeping(MVStore store, GroupCommit commits, IdLookupBackend backend) {
        this.store = store;
        this.commits = commits;
        this.backend = backend;
    }

    /** Runs a round every {@code every}, on a thread of its own, until {@link #close}. */
    Housekeeping start(Duration every) {
        thread = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("store-housekeeping").daemon()
                .factory());
        thread.scheduleWithFixedDelay(this::round, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void round() {
        try {
            backend.endScansIdleSince(System.nanoTime() - SCAN_IDLE.toNanos());
            if (compactOnce()) {
                report();
            }
        } catch (RuntimeException e) {
            // the next round tries again; a store that cannot commit says so to every writer already
            System.err.println("store housekeeping: " + e);
        }
    }

    /**
     * Rewrites up to {@link #ROUND_BYTES} of live pages from the emptiest chunks, if the chunks are together less than
     * {@link #FILL_RATE} full, and commits them.
     *
     * @return whether it rewrote anything
     */
    boolean compactOnce() {
        if (rewritableFillRate() >= FILL_RATE || !store.compact(100, ROUND_BYTES)) {
            return false;
        }
        // a commit of their own, as no writer may come: it frees the chunks the pages left, once no read needs them
        commits.apply(() -> null);
        return true;
    }

    private void report() {
        long now = System.nanoTime();
        roundsSinceReport++;
        if (!reported || now - reportedAt >= REPORT_EVERY.toNanos()) {
            System.out.printf("%s %d rounds rewrote the live pages of mostly dead chunks; %d chunks, %d %% of their"
                    + " bytes live%n", REPORT, roundsSinceReport, chunks(), rewritableFillRate());
            roundsSinceReport = 0;
            reported = true;
            reportedAt = now;
        }
    }

    /** How full the chunks old enough to rewrite are, in percent of their bytes. */
    int rewritableFillRate() {
        return Integer.parseInt(info().get("info.CHUNKS_FILL_RATE_RW"));
    }

    /** How many chunks the file holds. */
    int chunks() {
        return Integer.parseInt(info().get("info.CHUNK_COUNT"));
    }

    private Map<String, String> info() {
        Map<String, String> info = new HashMap<>();
        store.populateInfo(info::put);
        return info;
    }

    /** Stops the rounds, and waits for one running to finish, so that the store can be closed. */
    @Override
    public void close() {
        if (thread != null) {
            thread.shutdown();
            try {
                thread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
