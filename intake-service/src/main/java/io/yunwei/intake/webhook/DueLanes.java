package io.yunwei.intake.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.stereotype.Component;

/**
 * The lanes this instance knows to be due, now or at a time it set itself: those it queued a message on, and those it
 * gave back to be tried again later. The sender claims them by id, so a message costs no search of the lanes; what
 * this instance was not told of (another instance's retries, a lane whose instance died, a subscription enabled
 * again) is found by the sender's periodic look at every waiting lane, which {@link #search} brings forward.
 */
@Component
class DueLanes {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Due> due = new PriorityQueue<>();
    private long told;
    private boolean searchWanted;
    private boolean poked;

    /** The lane is due at {@code at} (at once if that has passed). */
    void due(String lane, Instant at) {
        lock.lock();
        try {
            due.add(new Due(lane, at, told++));
            poke();
        } finally {
            lock.unlock();
        }
    }

    /** Lanes may have been made due without this instance being told which: look at every waiting lane soon. */
    void search() {
        lock.lock();
        try {
            searchWanted = true;
            poke();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the sender to look again (it may send more now). */
    void poke() {
        lock.lock();
        try {
            poked = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes off at most {@code max} distinct lanes due by {@code now}, soonest first, with every other time they were
     * due by now (one claim serves them all); later times stay.
     */
    List<String> take(Instant now, int max) {
        lock.lock();
        try {
            Set<String> taken = new LinkedHashSet<>();
            while (taken.size() < max && !due.isEmpty() && !due.peek().at().isAfter(now)) {
                taken.add(due.poll().lane());
            }
            if (!taken.isEmpty()) {
                due.removeIf(entry -> !entry.at().isAfter(now) && taken.contains(entry.lane()));
            }
            return new ArrayList<>(taken);
        } finally {
            lock.unlock();
        }
    }

    /** Whether a search was asked for since the last time this was answered. */
    boolean searchWanted() {
        lock.lock();
        try {
            boolean wanted = searchWanted;
            searchWanted = false;
            return wanted;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until something changed since the last wait, or {@code until}, or, if the sender could take a lane now
     * ({@code canSend}), the next lane this instance knows of is due; whichever comes first.
     */
    void await(Instant now, Instant until, boolean canSend) throws InterruptedException {
        lock.lock();
        try {
            Instant wakeAt = !canSend || due.isEmpty() || due.peek().at().isAfter(until) ? until : due.peek().at();
            long millis = Duration.between(now, wakeAt).toMillis();
            if (!poked && millis > 0) {
                changed.await(millis, TimeUnit.MILLISECONDS);
            }
            poked = false;
        } finally {
            lock.unlock();
        }
    }

    private record Due(String lane, Instant at, long order) implements Comparable<Due> {

        @Override
        public int compareTo(Due other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }
}
