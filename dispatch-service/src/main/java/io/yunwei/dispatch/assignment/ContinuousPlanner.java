package io.yunwei.dispatch.assignment;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.dispatch.assignment.PlannedAssignments.MoveCause;
import io.yunwei.dispatch.assignment.TicketDispatch.Appointment;
import io.yunwei.dispatch.assignment.TicketDispatch.Dispatch;
import io.yunwei.dispatch.assignment.TicketDispatch.DispatchStatus;
import io.yunwei.dispatch.assignment.TicketDispatch.OnSite;
import io.yunwei.dispatch.engineer.Engineer;
import io.yunwei.dispatch.engineer.EngineerRoster;
import io.yunwei.dispatch.planner.Crew;
import io.yunwei.dispatch.planner.DispatchPlan;
import io.yunwei.dispatch.planner.Job;
import io.yunwei.dispatch.planner.Location;
import io.yunwei.dispatch.planner.PlanRequests;
import io.yunwei.dispatch.planner.Planner;
import io.yunwei.dispatch.planner.Planner.Assignment;
import io.yunwei.dispatch.planner.Planner.Explained;

/**
 * Plans an area again whenever something there changed: a ticket waits because nobody could take it, capacity came
 * back, an engineer became unavailable, a visit ran past its planned end. The greedy assignment stays the instant
 * first answer; the planner places what greedy could not, and moves unaccepted work off engineers who became
 * unavailable or whose visit overruns. Work an engineer accepted is pinned at the head of their route and never
 * moved; a visit under way is the work in hand the route starts after, at its site. One instance plans an area at a time (a lease in the
 * store); what it decides is carried out through the same reservation, conditional save and events as any
 * assignment, so a plan overtaken by events simply fails to apply and the next request plans again.
 */
@Component
class ContinuousPlanner {

    private static final Logger log = LoggerFactory.getLogger(ContinuousPlanner.class);
    private static final int MAX_WAITING = 500;
    private static final Duration HORIZON = Duration.ofDays(2);

    private final PlanRequests requests;
    private final PlannedAssignments planned;
    private final EngineerRoster roster;
    private final DocumentStore store;
    private final MongoTemplate mongo;
    private final DispatchProperties dispatchProperties;
    private final PlannerProperties properties;
    private final Clock clock;
    private final Planner planner;
    private final String owner = UUID.randomUUID().toString();

    ContinuousPlanner(PlanRequests requests, PlannedAssignments planned, EngineerRoster roster, DocumentStore store,
            MongoTemplate mongo, DispatchProperties dispatchProperties, PlannerProperties properties, Clock clock) {
        this.requests = requests;
        this.planned = planned;
        this.roster = roster;
        this.store = store;
        this.mongo = mongo;
        this.dispatchProperties = dispatchProperties;
        this.properties = properties;
        this.clock = clock;
        this.planner = new Planner(properties.solveLimit(), properties.unimprovedLimit());
    }

    @Scheduled(fixedDelayString = "${yunwei.dispatch.planner.interval:2s}", initialDelayString = "${yunwei.dispatch.planner.interval:2s}")
    void run() {
        if (!properties.enabled()) {
            return;
        }
        noticeOverruns();
        for (PlanRequests.Pending pending : requests.pending()) {
            if (!requests.claim(pending.area(), owner, properties.lease())) {
                continue;
            }
            try {
                Outcome outcome = plan(pending.area(), pending.waiting());
                requests.done(pending.area(), owner, pending.requested(), outcome.stillWaiting() == 0);
            } catch (RuntimeException e) {
                // the request stays counted, so the next round plans the area again
                log.warn("Planning area {} failed, the next round retries: {}", pending.area(), e.toString());
                requests.done(pending.area(), owner, pending.planned(), false);
            }
        }
    }

    /**
     * Visits past their planned end (check-in plus the visit length) that nobody noticed yet: each is marked, by a
     * conditional update only one instance wins, and the engineer's areas are asked to be replanned, so work the
     * engineer has not accepted can go to someone who will be on time.
     */
    void noticeOverruns() {
        Instant now = clock.instant();
        Date plannedEndBefore = Date.from(now.minus(properties.visitLength()));
        List<TicketDispatch> overrunning = mongo.find(query(where("onSite.since").lt(plannedEndBefore)
                .and("onSite.overrunNoticedAt").exists(false)).limit(MAX_WAITING), TicketDispatch.class);
        for (TicketDispatch file : overrunning) {
            OnSite visit = file.onSite().orElseThrow();
            boolean first = mongo.updateFirst(query(where("_id").is(file.id()).and("onSite.dispatchId")
                    .is(visit.dispatchId()).and("onSite.overrunNoticedAt").exists(false)),
                    new Update().set("onSite.overrunNoticedAt", Date.from(now)), TicketDispatch.class)
                    .getMatchedCount() == 1;
            if (first) {
                log.info("Visit of dispatch {} runs past its planned end; replanning engineer {}'s later work",
                        visit.dispatchId(), visit.engineerId());
                roster.engineer(visit.engineerId()).ifPresent(e -> requests.request(e.coverage()));
            }
        }
    }

    /**
     * Plans one area and carries the plan out. Waiting tickets are looked for only when one may wait
     * ({@code waiting}); otherwise only unaccepted work of unavailable or overrunning engineers is moved.
     */
    Outcome plan(String area, boolean waiting) {
        Instant now = clock.instant();
        List<Engineer> engineers = roster.all().stream().filter(e -> e.coverage().contains(area)).toList();
        Map<String, Job> movable = new LinkedHashMap<>();
        Map<String, String> movableDispatch = new LinkedHashMap<>();
        List<TicketDispatch> escalated = waiting ? mongo.find(query(where("escalated").is(true)
                .and("areaCode").is(area)).limit(MAX_WAITING), TicketDispatch.class) : List.of();
        for (TicketDispatch file : escalated) {
            if (!file.cancelled() && file.failures() < dispatchProperties.maxFailures()) {
                movable.put(file.id(), job(file, now).refusedBy(file.triedThisCycle()));
            }
        }
        Map<String, MoveCause> causes = new LinkedHashMap<>();
        List<Crew> crews = new ArrayList<>();
        for (Engineer engineer : engineers) {
            List<Held> held = engineer.active().stream().map(this::held).flatMap(Optional::stream).toList();
            Optional<Held> inHand = held.stream().filter(h -> h.file().onSite()
                    .filter(v -> v.dispatchId().equals(h.dispatch().id())).isPresent()).findFirst();
            Instant freeAt = now;
            Location freeFrom = null;
            boolean overrunning = false;
            if (inHand.isPresent()) {
                Instant plannedEnd = inHand.get().file().onSite().orElseThrow().since().plus(properties.visitLength());
                overrunning = !plannedEnd.isAfter(now);
                freeAt = overrunning ? now.plus(properties.overrunAllowance()) : plannedEnd;
                freeFrom = inHand.get().file().siteLocation();
            }
            MoveCause cause = !engineer.available() ? MoveCause.ENGINEER_UNAVAILABLE
                    : overrunning ? MoveCause.VISIT_OVERRUN : null;
            int inHandCount = inHand.isPresent() ? 1 : 0;
            // the day's tally counts the dispatches held now too; those on the route are counted by the route
            int doneToday = Math.max(0, engineer.dispatchesOn(now.atZone(dispatchProperties.zone()).toLocalDate())
                    - (held.size() - inHandCount));
            Crew crew = Crew.of(engineer, engineer.capacity() - inHandCount, engineer.available(), doneToday,
                    home(engineer), freeAt, freeFrom, now, now.plus(HORIZON), properties.speedKmh());
            for (Held h : held) {
                if (inHand.isPresent() && h == inHand.get()) {
                    continue;
                }
                boolean moveOff = cause != null && h.dispatch().status() == DispatchStatus.ASSIGNED
                        && area.equals(h.file().areaCode());
                // the engineer holding it is among those tried this cycle, but has not refused it
                Job job = job(h.file(), now).dispatchedTo(engineer.id()).refusedBy(h.file().refusedThisCycle());
                if (moveOff) {
                    movable.put(h.file().id(), job);
                    movableDispatch.put(h.file().id(), h.dispatch().id());
                    causes.put(h.file().id(), cause);
                } else {
                    h.dispatch().appointments().stream().reduce((a, b) -> b).ifPresent(a -> booked(job, a));
                    crew.pin(job);
                }
            }
            crews.add(crew);
        }
        if (movable.isEmpty()) {
            return new Outcome(0, 0);
        }
        List<Job> jobs = new ArrayList<>(movable.values());
        crews.forEach(c -> jobs.addAll(c.getJobs()));
        long started = System.nanoTime();
        DispatchPlan plan = planner.solve(new DispatchPlan(crews, jobs));
        Explained explained = planner.explain(plan);
        int made = 0;
        for (Assignment assignment : explained.assignments().values()) {
            String ticketId = assignment.ticketId();
            if (!movable.containsKey(ticketId) || explained.breakingRules().contains(ticketId)) {
                continue;
            }
            if (assignment.engineerId().equals(movable.get(ticketId).getDispatchedTo())) {
                // the plan keeps it where it is: its engineer will still be on time
                made++;
                continue;
            }
            boolean applied = movableDispatch.containsKey(ticketId)
                    ? planned.move(ticketId, movableDispatch.get(ticketId), assignment.engineerId(),
                            causes.get(ticketId), assignment.reason(), explained.broken())
                    : planned.place(ticketId, assignment.engineerId(), assignment.reason(),
                            explained.broken());
            made += applied ? 1 : 0;
        }
        log.info("Planned area {} in {} ms: {} of {} waiting tickets placed, score {}, broken rules {}", area,
                (System.nanoTime() - started) / 1_000_000, made, movable.size(), explained.score(),
                explained.broken());
        return new Outcome(made, movable.size() - made);
    }

    /** Dispatches a plan made, and tickets it left waiting. */
    record Outcome(int made, int stillWaiting) {
    }

    private Job job(TicketDispatch file, Instant now) {
        return new Job(file.id(), file.areaCode(), file.assetCategories(), file.priority(), Planner.minutes(now),
                file.arrivalDue() == null ? Job.NO_TARGET : Planner.minutes(file.arrivalDue()),
                (int) properties.visitLength().toMinutes(), file.siteLocation())
                .workedBefore(file.previousEngineerId());
    }

    private static Location home(Engineer engineer) {
        return engineer.homeLocation() == null ? null
                : new Location(engineer.homeLocation().latitude(), engineer.homeLocation().longitude());
    }

    private static void booked(Job job, Appointment appointment) {
        job.booked(Planner.minutes(appointment.windowStart()), Planner.minutes(appointment.windowEnd()));
    }

    /** The dispatch a capacity token stands for, read by the ticket's id; empty when it no longer holds capacity. */
    private Optional<Held> held(String token) {
        int at = token.indexOf('@');
        String dispatchId = at < 0 ? token : token.substring(0, at);
        try {
            String ticketId = TicketDispatch.ticketOf(dispatchId);
            return store.find(TicketDispatch.class, ticketId).flatMap(file -> file.dispatch(dispatchId)
                    .filter(d -> d.status().holdsCapacity()).map(d -> new Held(file, d)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private record Held(TicketDispatch file, Dispatch dispatch) {
    }
}
