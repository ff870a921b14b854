package io.yunwei.intake.courtesy;

import java.util.List;
import java.util.Locale;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.yunwei.chassis.courtesy.CourtesyChecker;
import io.yunwei.chassis.courtesy.CourtesyFinding;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

@RestController
class CourtesyController {

    private final CourtesyChecker checker;

    CourtesyController(CourtesyChecker checker) {
        this.checker = checker;
    }

    /** Checks a text before it is said or sent to a customer; without a locale every lexicon applies. */
    @PostMapping("/api/v1/courtesy/checks")
    @PreAuthorize("hasAnyRole('AGENT', 'DISPATCHER', 'ENGINEER', 'SUPERVISOR', 'ADMIN')")
    CourtesyReport check(@Valid @RequestBody CourtesyCheck request) {
        Locale locale = request.locale() == null ? null : Locale.forLanguageTag(request.locale());
        return new CourtesyReport(checker.check(request.text(), locale));
    }

    record CourtesyCheck(@NotBlank @Size(max = 10_000) String text,
            @Pattern(regexp = "^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$") String locale) {
    }

    record CourtesyReport(List<CourtesyFinding> findings) {
    }
}
