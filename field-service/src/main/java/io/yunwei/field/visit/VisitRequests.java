package io.yunwei.field.visit;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.yunwei.field.visit.Visit.AssetStatus;
import io.yunwei.field.visit.Visit.ConsentType;
import io.yunwei.field.visit.Visit.EntryAnswer;
import io.yunwei.field.visit.Visit.EntryTopic;
import io.yunwei.field.visit.VisitEvents.Outcome;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the visit API. */
final class VisitRequests {

    private VisitRequests() {
    }

    record ChecklistBody(@NotNull Boolean uniformWorn, @NotNull Boolean badgeShown,
            @NotNull @Size(max = 10) List<@Valid @NotNull QuestionBody> questions) {
    }

    /** One question asked at the door: {@code answer} is what the customer said, {@code complied} what we did. */
    record QuestionBody(@NotNull EntryTopic topic, @NotNull Boolean asked, EntryAnswer answer, Boolean complied,
            @Size(max = 500) String note) {
    }

    /** {@code refused} true records that the customer said no; the work that needed the consent stays refused. */
    record ConsentBody(@NotNull ConsentType type, @NotBlank @Size(max = 100) String grantedBy, Boolean refused) {
    }

    record DiagnosisBody(@NotBlank @Size(max = 4000) String symptomRestated,
            @NotBlank @Size(max = 4000) String causeExplained) {
    }

    record OptionsBody(@NotNull @Size(min = 1, max = 5) List<@Valid @NotNull OptionBody> options,
            @NotBlank @Size(max = 200) String recommended) {
    }

    record OptionBody(@NotBlank @Size(max = 200) String title, @NotBlank @Size(max = 2000) String pros,
            @NotBlank @Size(max = 2000) String cons) {
    }

    record DecisionBody(@NotBlank @Size(max = 200) String chosen, @NotBlank @Size(max = 100) String decidedBy) {
    }

    record InspectionBody(@NotNull @Size(min = 1, max = 50) List<@Valid @NotNull ItemBody> items) {
    }

    /**
     * {@code info} is what was collected about the asset (model, serial number, firmware…), for the CMDB; its
     * names become stored field names, so they may not contain dots or start with a dollar sign.
     */
    record ItemBody(@NotBlank @Size(max = 100) String assetId, @NotNull AssetStatus status, @Size(max = 2000) String note,
            @Size(max = 20) Map<@NotBlank @Size(max = 50) @Pattern(regexp = "[^.$][^.]*") String,
                    @NotNull @Size(max = 500) String> info) {
    }

    /** {@code actions} names the work that needed a consent (logging in, installing tools, moving devices). */
    record ResolutionBody(@NotBlank @Size(max = 4000) String solution, @Size(max = 4000) String emergencyHandling,
            @Size(max = 4000) String maintenanceAdvice, @Size(max = 4) Set<@NotNull ConsentType> actions) {
    }

    record ServiceFormBody(@NotBlank @Size(max = 100) String signerName, @NotBlank @Size(max = 200_000) String signature,
            @NotNull @Valid EvaluationBody evaluation) {
    }

    record EvaluationBody(@Min(1) @Max(5) int score, @Size(max = 2000) String comment) {
    }

    record CompletionBody(@NotNull Outcome outcome, @NotNull Boolean cleanupDone,
            @Size(max = 2000) String nextVisitReason, OffsetDateTime proposedNextVisitAt) {
    }
}
