package io.yunwei.gateway.console;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * What the agent types for a call: the reporter, the customer, site and assets, and the 5W1H record. A form object
 * (getters and setters for binding) that becomes the intake API's request body and is filled back from its ticket.
 */
public class CallForm {

    private String idempotencyKey;
    private String etag;
    /** When the agent read the version {@code etag} names: what changed after it is someone else's change. */
    private String readAt;
    private String customerId;
    private String siteId;
    private String assetIds;
    private String reporterName;
    private String reporterPhone;
    private String occurredAt;
    private String reportedBy;
    private String affectedUsers;
    private String location;
    private String symptom;
    private String errorMessages;
    private String suspectedCause;
    private String discoveredHow;
    private String impact;
    private String urgency;

    /** The intake API's body for a new customer call. */
    Map<String, Object> newTicket(ZoneId zone) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channel", "CUSTOMER_CALL");
        body.put("customerId", blankToNull(customerId));
        body.put("siteId", blankToNull(siteId));
        body.put("assetIds", assetIdList());
        Map<String, Object> reporter = new LinkedHashMap<>();
        reporter.put("name", blankToNull(reporterName));
        reporter.put("phone", blankToNull(reporterPhone));
        body.put("reporter", reporter);
        body.putAll(fault(zone));
        return body;
    }

    /** The intake API's body for a fault the customer reports in the portal: their own system's report, so it opens once complete. */
    Map<String, Object> portalReport(ZoneId zone) {
        Map<String, Object> body = newTicket(zone);
        body.put("channel", "INTEGRATION");
        return body;
    }

    /** The intake API's body for an amendment: the whole record as the form now has it. */
    Map<String, Object> amendment(ZoneId zone) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("siteId", blankToNull(siteId));
        body.put("assetIds", assetIdList());
        body.putAll(fault(zone));
        return body;
    }

    private Map<String, Object> fault(ZoneId zone) {
        Map<String, Object> fault = new LinkedHashMap<>();
        Map<String, Object> when = new LinkedHashMap<>();
        when.put("occurredAt", occurredAt(zone));
        fault.put("when", when);
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("reportedBy", blankToNull(reportedBy));
        who.put("affectedUsers", blankToNull(affectedUsers));
        fault.put("who", who);
        Map<String, Object> where = new LinkedHashMap<>();
        where.put("location", blankToNull(location));
        fault.put("where", where);
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("symptom", blankToNull(symptom));
        what.put("errorMessages", lines(errorMessages));
        fault.put("what", what);
        Map<String, Object> why = new LinkedHashMap<>();
        why.put("suspectedCause", blankToNull(suspectedCause));
        fault.put("why", why);
        Map<String, Object> how = new LinkedHashMap<>();
        how.put("discoveredHow", blankToNull(discoveredHow));
        how.put("impact", blankToNull(impact));
        how.put("urgency", blankToNull(urgency));
        fault.put("how", how);
        return fault;
    }

    /** The form as the ticket now stands, so an agent continues from what was recorded. */
    static CallForm of(JsonNode ticket, String etag, ZoneId zone) {
        CallForm form = new CallForm();
        form.etag = etag;
        form.customerId = text(ticket, "customerId");
        form.siteId = text(ticket, "siteId");
        form.assetIds = String.join(", ", ticket.path("assetIds").valueStream().map(JsonNode::asString).toList());
        form.reporterName = text(ticket.path("reporter"), "name");
        form.reporterPhone = text(ticket.path("reporter"), "phone");
        String occurred = text(ticket.path("when"), "occurredAt");
        form.occurredAt = occurred == null ? null
                : OffsetDateTime.parse(occurred).atZoneSameInstant(zone).toLocalDateTime().truncatedTo(ChronoUnit.MINUTES)
                        .toString();
        form.reportedBy = text(ticket.path("who"), "reportedBy");
        form.affectedUsers = text(ticket.path("who"), "affectedUsers");
        form.location = text(ticket.path("where"), "location");
        form.symptom = text(ticket.path("what"), "symptom");
        form.errorMessages = String.join("\n",
                ticket.path("what").path("errorMessages").valueStream().map(JsonNode::asString).toList());
        form.suspectedCause = text(ticket.path("why"), "suspectedCause");
        form.discoveredHow = text(ticket.path("how"), "discoveredHow");
        form.impact = text(ticket.path("how"), "impact");
        form.urgency = text(ticket.path("how"), "urgency");
        return form;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asString();
    }

    /**
     * The typed local time in the desk's zone; one that cannot be read is sent as it is, so the API names the field
     * and the form keeps it.
     */
    private Object occurredAt(ZoneId zone) {
        if (occurredAt == null || occurredAt.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(occurredAt.strip()).atZone(zone).toOffsetDateTime().toString();
        } catch (DateTimeParseException e) {
            return occurredAt.strip();
        }
    }

    /** The assets the form names, one id each, as the picker marks them chosen. */
    public List<String> selectedAssets() {
        return assetIdList();
    }

    /** The record's fields as typed, by form field name, each stripped (empty when not answered). */
    Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("siteId", siteId);
        values.put("assetIds", String.join(", ", assetIdList()));
        values.put("occurredAt", occurredAt);
        values.put("reportedBy", reportedBy);
        values.put("affectedUsers", affectedUsers);
        values.put("location", location);
        values.put("symptom", symptom);
        values.put("errorMessages", String.join("\n", lines(errorMessages)));
        values.put("suspectedCause", suspectedCause);
        values.put("discoveredHow", discoveredHow);
        values.put("impact", impact);
        values.put("urgency", urgency);
        values.replaceAll((field, value) -> value == null ? "" : value.strip());
        return values;
    }

    private List<String> assetIdList() {
        return assetIds == null ? List.of()
                : Arrays.stream(assetIds.split("[,，\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> lines(String text) {
        return text == null ? List.of()
                : text.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    public String getIdempotencyKey() {
        return idempotencyKey;
    }

    public void setIdempotencyKey(String idempotencyKey) {
        this.idempotencyKey = idempotencyKey;
    }

    public String getEtag() {
        return etag;
    }

    public void setEtag(String etag) {
        this.etag = etag;
    }

    public String getReadAt() {
        return readAt;
    }

    public void setReadAt(String readAt) {
        this.readAt = readAt;
    }

    public String getCustomerId() {
        return customerId;
    }

    public void setCustomerId(String customerId) {
        this.customerId = customerId;
    }

    public String getSiteId() {
        return siteId;
    }

    public void setSiteId(String siteId) {
        this.siteId = siteId;
    }

    public String getAssetIds() {
        return assetIds;
    }

    public void setAssetIds(String assetIds) {
        this.assetIds = assetIds;
    }

    public String getReporterName() {
        return reporterName;
    }

    public void setReporterName(String reporterName) {
        this.reporterName = reporterName;
    }

    public String getReporterPhone() {
        return reporterPhone;
    }

    public void setReporterPhone(String reporterPhone) {
        this.reporterPhone = reporterPhone;
    }

    public String getOccurredAt() {
        return occurredAt;
    }

    public void setOccurredAt(String occurredAt) {
        this.occurredAt = occurredAt;
    }

    public String getReportedBy() {
        return reportedBy;
    }

    public void setReportedBy(String reportedBy) {
        this.reportedBy = reportedBy;
    }

    public String getAffectedUsers() {
        return affectedUsers;
    }

    public void setAffectedUsers(String affectedUsers) {
        this.affectedUsers = affectedUsers;
    }

    public String getLocation() {
        return location;
    }

    public void setLocation(String location) {
        this.location = location;
    }

    public String getSymptom() {
        return symptom;
    }

    public void setSymptom(String symptom) {
        this.symptom = symptom;
    }

    public String getErrorMessages() {
        return errorMessages;
    }

    public void setErrorMessages(String errorMessages) {
        this.errorMessages = errorMessages;
    }

    public String getSuspectedCause() {
        return suspectedCause;
    }

    public void setSuspectedCause(String suspectedCause) {
        this.suspectedCause = suspectedCause;
    }

    public String getDiscoveredHow() {
        return discoveredHow;
    }

    public void setDiscoveredHow(String discoveredHow) {
        this.discoveredHow = discoveredHow;
    }

    public String getImpact() {
        return impact;
    }

    public void setImpact(String impact) {
        this.impact = impact;
    }

    public String getUrgency() {
        return urgency;
    }

    public void setUrgency(String urgency) {
        this.urgency = urgency;
    }
}
