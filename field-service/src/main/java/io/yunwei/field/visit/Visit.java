package io.yunwei.field.visit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.swagger.v3.oas.annotations.media.Schema;
import io.yunwei.chassis.outbox.ChildIds;
import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.chassis.web.RuleViolation;
import io.yunwei.field.visit.VisitEvents.Outcome;

/**
 * One trip to the site. It guards the handbook's order of conduct: check in, pass the site-entry checklist before
 * any work, ask consent before touching, explain the diagnosis, let the customer choose when there are options,
 * and complete only when every step that applies to the outcome was done.
 */
public class Visit {

    private String id;
    private String dispatchId;
    private String engineerId;
    private String customerId;
    private String siteId;
    private SiteAccessRules accessRules;
    private Appointment appointment;
    private VisitStatus status;
    private Instant plannedAt;
    private Instant checkedInAt;
    private SiteChecklist checklist;
    private List<Consent> consents = new ArrayList<>();
    private Diagnosis diagnosis;
    private OptionsOffered options;
    private Decision decision;
    private List<Evidence> evidence = new ArrayList<>();
    private Inspection inspection;
    private Resolution resolution;
    private ServiceForm serviceForm;
    private Completion completion;
    /** Counts the changes to this visit: its {@code ETag}, so two devices never overwrite each other's checklist. */
    private long revision;

    protected Visit() {
    }

    Visit(String id, Planned planned, Instant plannedAt) {
        this.id = id;
        this.dispatchId = planned.dispatchId();
        this.engineerId = planned.engineerId();
        this.customerId = planned.customerId();
        this.siteId = planned.siteId();
        this.accessRules = planned.accessRules();
        this.appointment = planned.appointment();
        this.plannedAt = plannedAt;
        this.status = VisitStatus.PLANNED;
    }

    void reschedule(Appointment appointment) {
        if (status == VisitStatus.PLANNED) {
            this.appointment = appointment;
            revision++;
        }
    }

    /** A visit nobody has started yet is called off when its dispatch goes to another engineer. */
    boolean cancel() {
        if (status != VisitStatus.PLANNED) {
            return false;
        }
        status = VisitStatus.CANCELLED;
        revision++;
        return true;
    }

    void checkIn(Instant now) {
        requireStatus(VisitStatus.PLANNED, "checked in");
        checkedInAt = now;
        status = VisitStatus.ON_SITE;
    }

    /** Records the checklist as it stands; an incomplete one is kept, and work waits until it is complete. */
    void recordChecklist(SiteChecklist checklist) {
        requireStatus(VisitStatus.ON_SITE, "given a site-entry checklist");
        this.checklist = checklist;
    }

    void grant(Consent consent) {
        requireStatus(VisitStatus.ON_SITE, "given a consent");
        consents.add(consent);
    }

    void diagnose(Diagnosis diagnosis) {
        requireWork("given a diagnosis");
        this.diagnosis = diagnosis;
    }

    /** A new set of options replaces the previous one, and the customer decides again. */
    void offer(OptionsOffered offered) {
        requireWork("given options");
        if (diagnosis == null) {
            throw new RuleViolation("DIAGNOSIS_FIRST",
                    "The customer hears the diagnosis in plain words before being asked to choose.");
        }
        if (offered.options().stream().noneMatch(o -> o.title().equals(offered.recommended()))) {
            throw new RuleViolation("RECOMMENDATION_NOT_OFFERED",
                    "The recommended option must be one of the options offered.").with("recommended", offered.recommended());
        }
        options = offered;
        decision = null;
    }

    void decide(Decision decision) {
        requireStatus(VisitStatus.ON_SITE, "given a decision");
        if (options == null) {
            throw new RuleViolation("NO_OPTIONS_OFFERED", "There is no choice to decide: no options were offered.");
        }
        if (this.decision != null) {
            throw new RuleViolation("ALREADY_DECIDED", "The customer has already decided; offer new options to decide again.")
                    .with("chosen", this.decision.chosen());
        }
        if (options.options().stream().noneMatch(o -> o.title().equals(decision.chosen()))) {
            throw new RuleViolation("CHOICE_NOT_OFFERED", "The customer can only choose one of the options offered.")
                    .with("offered", options.options().stream().map(Option::title).toList());
        }
        this.decision = decision;
    }

    /** Checked before a file is stored, and again when it is recorded. */
    void requireEvidenceAllowed() {
        requireWork("given evidence");
        requireConsent(ConsentType.PHOTO, "take photos or screenshots");
    }

    Evidence attach(StoredEvidence file, Instant now) {
        requireEvidenceAllowed();
        Evidence item = new Evidence(ChildIds.of(id, 'E', evidence.size() + 1), file.fileId(), file.filename(),
                file.contentType(), file.size(), file.sha256(), file.caption(), now);
        evidence.add(item);
        return item;
    }

    void inspect(Inspection inspection) {
        requireWork("given an inspection");
        this.inspection = inspection;
    }

    /** Work that logs into systems, installs tools or moves devices names the consent that covers it. */
    void resolve(Resolution resolution, Set<ConsentType> actions) {
        requireWork("given a resolution");
        if (options != null && decision == null) {
            throw new RuleViolation("DECISION_PENDING", "The customer decides between the options before the work is done.");
        }
        List<Consent> relied = new ArrayList<>();
        for (ConsentType action : actions) {
            relied.add(requireConsent(action, "do " + action));
        }
        this.resolution = new Resolution(resolution.solution(), resolution.emergencyHandling(),
                resolution.maintenanceAdvice(), resolution.recordedAt(), List.copyOf(relied));
    }

    void sign(ServiceForm form) {
        requireStatus(VisitStatus.ON_SITE, "signed off");
        if (resolution == null) {
            throw new RuleViolation("RESOLUTION_FIRST",
                    "The customer signs the service form after the resolution is recorded.");
        }
        serviceForm = form;
    }

    /** Ends the visit, or refuses with every step still missing for the outcome asked for. */
    void complete(Completion completion) {
        if (status == VisitStatus.COMPLETED) {
            throw illegal("completed");
        }
        List<String> missing = missingFor(completion);
        if (!missing.isEmpty()) {
            throw new RuleViolation("VISIT_INCOMPLETE",
                    "The visit cannot be completed as " + completion.outcome() + " yet; missing: " + missing + ".")
                    .with("missingSteps", missing);
        }
        this.completion = completion;
        status = VisitStatus.COMPLETED;
    }

    List<String> missingFor(Completion completion) {
        List<String> missing = new ArrayList<>();
        if (checkedInAt == null) {
            missing.add("CHECK_IN");
        }
        if (checklist == null || !checklist.missing(accessRules).isEmpty()) {
            missing.add("SITE_CHECKLIST");
        }
        if (diagnosis == null) {
            missing.add("DIAGNOSIS");
        }
        if (options != null && decision == null) {
            missing.add("DECISION");
        }
        if (completion.outcome() == Outcome.RESOLVED) {
            if (resolution == null) {
                missing.add("RESOLUTION");
            }
            if (inspection == null) {
                missing.add("INSPECTION");
            }
        }
        if (completion.outcome() == Outcome.REVISIT_NEEDED) {
            if (completion.nextVisitReason() == null || completion.nextVisitReason().isBlank()) {
                missing.add("NEXT_VISIT_REASON");
            }
            if (completion.proposedNextVisitAt() == null) {
                missing.add("NEXT_VISIT_PROPOSAL");
            }
        }
        if (!completion.cleanupDone()) {
            missing.add("SITE_CLEANUP");
        }
        if (completion.outcome() == Outcome.RESOLVED && serviceForm == null) {
            missing.add("SERVICE_FORM");
        }
        return missing;
    }

    private void requireWork(String action) {
        requireStatus(VisitStatus.ON_SITE, action);
        List<String> missing = checklist == null ? SiteChecklist.EMPTY.missing(accessRules) : checklist.missing(accessRules);
        if (!missing.isEmpty()) {
            throw new RuleViolation("SITE_CHECKLIST_INCOMPLETE",
                    "Work on site starts only after the site-entry checklist is complete; missing: " + missing + ".")
                    .with("missing", missing);
        }
    }

    /** The customer's latest answer of that type counts: a refusal withdraws an earlier consent. */
    private Consent requireConsent(ConsentType type, String action) {
        return consents.stream().filter(c -> c.type() == type).reduce((first, latest) -> latest)
                .filter(latest -> !latest.refusal())
                .orElseThrow(() -> new RuleViolation("CONSENT_REQUIRED",
                        "The customer's " + type + " consent is needed to " + action + ".").with("consent", type));
    }

    private void requireStatus(VisitStatus expected, String action) {
        if (status != expected) {
            throw illegal(action);
        }
    }

    private ApiProblem illegal(String action) {
        return new RuleViolation("ILLEGAL_TRANSITION",
                "A visit that is " + status + " cannot be " + action + ".")
                .with("currentStatus", status).with("allowedNext", status.next());
    }

    void revised() {
        revision++;
    }

    public Optional<Evidence> evidence(String evidenceId) {
        return evidence.stream().filter(e -> e.id().equals(evidenceId)).findFirst();
    }

    public String id() { return id; }
    public String dispatchId() { return dispatchId; }
    public String engineerId() { return engineerId; }
    public String customerId() { return customerId; }
    public String siteId() { return siteId; }
    public SiteAccessRules accessRules() { return accessRules; }
    public Appointment appointment() { return appointment; }
    public VisitStatus status() { return status; }
    public Instant plannedAt() { return plannedAt; }
    public Instant checkedInAt() { return checkedInAt; }
    public SiteChecklist checklist() { return checklist; }
    public List<Consent> consents() { return List.copyOf(consents); }
    public Diagnosis diagnosis() { return diagnosis; }
    public OptionsOffered options() { return options; }
    public Decision decision() { return decision; }
    public List<Evidence> evidence() { return List.copyOf(evidence); }
    public Inspection inspection() { return inspection; }
    public Resolution resolution() { return resolution; }
    public ServiceForm serviceForm() { return serviceForm; }
    public Completion completion() { return completion; }
    public long revision() { return revision; }

    public enum VisitStatus {
        PLANNED, ON_SITE, COMPLETED, CANCELLED;

        List<String> next() {
            return switch (this) {
                case PLANNED -> List.of("check-in");
                case ON_SITE -> List.of("site-checklist", "consents", "diagnosis", "options", "decision", "evidence",
                        "inspection", "resolution", "service-form", "completion");
                case COMPLETED, CANCELLED -> List.of();
            };
        }
    }

    /** What a new visit is planned from: the dispatch, and the site's access rules when they are known. */
    record Planned(String dispatchId, String engineerId, String customerId, String siteId, SiteAccessRules accessRules,
            Appointment appointment) {
    }

    /** The site's entry rules; {@code null} as a whole means unknown, and then the engineer asks about everything. */
    public record SiteAccessRules(boolean registrationRequired, boolean shoeCovers, boolean antiStatic, String notes) {
    }

    /**
     * {@code revision}: which window of its dispatch this is, 1 for the first booked, counting every move. Named
     * apart from dispatch's appointment in the API's description, where the four services' schemas meet.
     */
    @Schema(name = "VisitAppointment")
    public record Appointment(Instant windowStart, Instant windowEnd, int revision) {
    }

    /** A schema of its own in the API's description, as sets of it are read: generated clients get one type. */
    @Schema(enumAsRef = true)
    public enum EntryTopic {
        SHOE_COVERS, ANTI_STATIC, REGISTRATION, OTHER_RULES
    }

    /** What the customer said about a rule: whether it applies on this site today. */
    public enum EntryAnswer {
        REQUIRED, NOT_REQUIRED
    }

    public record EntryQuestion(EntryTopic topic, boolean asked, EntryAnswer answer, boolean complied, String note) {
    }

    /** Uniform, badge, and the questions asked at the door with the customer's answers. */
    public record SiteChecklist(boolean uniformWorn, boolean badgeShown, List<EntryQuestion> questions, Instant recordedAt) {

        static final SiteChecklist EMPTY = new SiteChecklist(false, false, List.of(), null);

        /** The questions this site needs asked: those its rules name, or all of them while the rules are unknown. */
        static Set<EntryTopic> required(SiteAccessRules rules) {
            if (rules == null) {
                return EnumSet.of(EntryTopic.SHOE_COVERS, EntryTopic.ANTI_STATIC, EntryTopic.REGISTRATION);
            }
            Set<EntryTopic> topics = EnumSet.noneOf(EntryTopic.class);
            if (rules.shoeCovers()) {
                topics.add(EntryTopic.SHOE_COVERS);
            }
            if (rules.antiStatic()) {
                topics.add(EntryTopic.ANTI_STATIC);
            }
            if (rules.registrationRequired()) {
                topics.add(EntryTopic.REGISTRATION);
            }
            if (rules.notes() != null && !rules.notes().isBlank()) {
                topics.add(EntryTopic.OTHER_RULES);
            }
            return topics;
        }

        /** Every item still open, e.g. {@code ASK_SHOE_COVERS} or {@code COMPLY_REGISTRATION}. */
        List<String> missing(SiteAccessRules rules) {
            List<String> missing = new ArrayList<>();
            if (!uniformWorn) {
                missing.add("UNIFORM");
            }
            if (!badgeShown) {
                missing.add("BADGE");
            }
            for (EntryTopic topic : required(rules)) {
                Optional<EntryQuestion> asked = questions.stream().filter(q -> q.topic() == topic).findFirst();
                if (asked.isEmpty() || !asked.get().asked() || asked.get().answer() == null) {
                    missing.add("ASK_" + topic);
                }
            }
            for (EntryQuestion question : questions) {
                if (question.answer() == EntryAnswer.REQUIRED && !question.complied()) {
                    missing.add("COMPLY_" + question.topic());
                }
            }
            return missing;
        }
    }

    /** A schema of its own in the API's description, as sets of it are read: generated clients get one type. */
    @Schema(enumAsRef = true)
    public enum ConsentType {
        SYSTEM_LOGIN, TOOL_INSTALL, PHOTO, DEVICE_MOVE
    }

    /**
     * The customer's answer to a request for consent; {@code refused} true records a refusal (by {@code grantedBy},
     * the person who answered), null or false a consent, as before refusals were recorded.
     */
    public record Consent(ConsentType type, String grantedBy, Instant grantedAt, Boolean refused) {

        boolean refusal() {
            return Boolean.TRUE.equals(refused);
        }
    }

    public record Diagnosis(String symptomRestated, String causeExplained, Instant recordedAt) {
    }

    public record Option(String title, String pros, String cons) {
    }

    public record OptionsOffered(List<Option> options, String recommended, Instant offeredAt) {
    }

    public record Decision(String chosen, String decidedBy, Instant decidedAt) {
    }

    /** A file's facts as stored, before the visit records it. */
    record StoredEvidence(String fileId, String filename, String contentType, long size, String sha256, String caption) {
    }

    public record Evidence(String id, String fileId, String filename, String contentType, long size, String sha256,
            String caption, Instant uploadedAt) {
    }

    public enum AssetStatus {
        OK, NEEDS_ATTENTION, FAULTY
    }

    public record InspectionItem(String assetId, AssetStatus status, String note, Map<String, String> info) {
    }

    public record Inspection(List<InspectionItem> items, Instant inspectedAt) {
    }

    public record Resolution(String solution, String emergencyHandling, String maintenanceAdvice, Instant recordedAt,
            List<Consent> consentsRelied) {
    }

    public record ServiceForm(String signerName, String signature, Evaluation evaluation, Instant signedAt) {
    }

    public record Evaluation(int score, String comment) {
    }

    public record Completion(Outcome outcome, boolean cleanupDone, String nextVisitReason, Instant proposedNextVisitAt,
            Instant completedAt) {
    }
}
