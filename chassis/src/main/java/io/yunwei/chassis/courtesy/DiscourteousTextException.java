package io.yunwei.chassis.courtesy;

import java.util.List;

import org.springframework.http.HttpStatus;

import io.yunwei.chassis.web.ApiProblem;

/** A customer-facing text was refused; the problem lists what to rephrase and how. */
public class DiscourteousTextException extends ApiProblem {

    public DiscourteousTextException(String field, List<CourtesyFinding> findings) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, "DISCOURTEOUS_TEXT",
                "The text in " + field + " would not be courteous to the customer; rephrase the phrases listed.");
        with("field", field).with("findings", findings);
    }
}
