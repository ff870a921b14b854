package io.yunwei.bench.fault;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.yunwei.bench.Gateway.Response;

/**
 * Every call the suite's lifecycles made, one CSV row each, for finding out afterwards where a catch-up went: which
 * steps were slow, answered what, and when, against the fault's own start and end (rows of step {@code fault}).
 *
 * <p>Columns: phase, lifecycle (its number in the phase), step, started (epoch milliseconds), status (0 for no
 * answer), milliseconds (for a step waited for: the whole wait).
 */
final class CallLog implements AutoCloseable {

    private final BufferedWriter out;

    CallLog(Path file) {
        try {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            out.write("phase,lifecycle,step,started,status,millis\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void add(String phase, int lifecycle, String step, long startedEpochMillis, Response response) {
        write(phase, lifecycle, step, startedEpochMillis, response.status(), response.nanos() / 1_000_000);
    }

    /** The fault of {@code phase} ran from {@code startMillis} to {@code endMillis}. */
    void mark(String phase, long startMillis, long endMillis) {
        write(phase, -1, "fault", startMillis, 0, endMillis - startMillis);
    }

    private synchronized void write(String phase, int lifecycle, String step, long started, int status, long millis) {
        try {
            out.write('"' + phase + "\"," + lifecycle + ',' + step + ',' + started + ',' + status + ',' + millis + '\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
