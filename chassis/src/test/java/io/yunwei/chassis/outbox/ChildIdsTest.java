package io.yunwei.chassis.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChildIdsTest {

    @Test
    void findsTheParentOfAChildEvenWhenTheParentIdHasDashes() {
        String child = ChildIds.of("0b6f7c1e-7a53-4c55-9a8e-2f4f3c1d9a10", 'V', 12);

        assertThat(child).isEqualTo("0b6f7c1e-7a53-4c55-9a8e-2f4f3c1d9a10-V12");
        assertThat(ChildIds.parentOf(child, 'V', Object.class)).isEqualTo("0b6f7c1e-7a53-4c55-9a8e-2f4f3c1d9a10");
    }

    @Test
    void treatsAnIdOfAnotherKindAsNotFound() {
        assertThatThrownBy(() -> ChildIds.parentOf("abc-D1", 'V', Object.class))
                .isInstanceOf(DocumentNotFoundException.class);
        assertThatThrownBy(() -> ChildIds.parentOf("abc-Vx", 'V', Object.class))
                .isInstanceOf(DocumentNotFoundException.class);
    }

    @Test
    void leavesOutFieldsWithoutAValue() {
        assertThat(ChildIds.withItem("visits", "engineerId", "eng-li", "status", null).getQueryObject().toJson())
                .isEqualTo("{\"visits\": {\"$elemMatch\": {\"engineerId\": \"eng-li\"}}}");
        assertThat(ChildIds.withItem("visits", "engineerId", null).getQueryObject().isEmpty()).isTrue();
    }
}
