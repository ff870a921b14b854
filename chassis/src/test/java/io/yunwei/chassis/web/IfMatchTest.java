package io.yunwei.chassis.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class IfMatchTest {

    @Test
    void matchesTheVersionATagNamesStrongly() {
        assertThat(IfMatch.of("\"7\"").allows(7)).isTrue();
        assertThat(IfMatch.of("\"7\"").allows(8)).isFalse();
        // a weak tag never matches strongly, nor does a bare number or anything else that is no tag
        assertThat(IfMatch.of("W/\"7\"").allows(7)).isFalse();
        assertThat(IfMatch.of("7").allows(7)).isFalse();
        assertThat(IfMatch.of("\"seven\"").allows(7)).isFalse();
    }

    @Test
    void matchesAListWhenOneOfItsTagsDoesAndAStarAlways() {
        assertThat(IfMatch.of("\"5\", \"7\"").allows(7)).isTrue();
        assertThat(IfMatch.of("\"5\",\"6\"").allows(7)).isFalse();
        assertThat(IfMatch.of("*").allows(7)).isTrue();
        assertThat(IfMatch.of("*").unconditional()).isTrue();
        assertThat(IfMatch.of(null).unconditional()).isTrue();
        assertThat(IfMatch.of(" ").allows(7)).isTrue();
        assertThat(IfMatch.of("\"7\"").unconditional()).isFalse();
    }

    @Test
    void answers412WithTheCurrentETagAnd428WhenAPreconditionIsRequiredAndMissing() {
        assertThatThrownBy(() -> IfMatch.of("\"6\"").check(7, "ticket")).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
            assertThat(p.code()).isEqualTo("PRECONDITION_FAILED");
            assertThat(p.properties()).containsEntry("currentETag", "\"7\"");
        });
        assertThatThrownBy(() -> IfMatch.of(null).required("ticket")).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.status()).isEqualTo(HttpStatus.PRECONDITION_REQUIRED));
        IfMatch.of("\"7\"").required("ticket").check(7, "ticket");
    }
}
