package io.yunwei.intake.customer;

import static io.yunwei.chassis.testkit.Callers.agent;
import static io.yunwei.chassis.testkit.Callers.customer;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import io.yunwei.chassis.testkit.IntegrationTest;

/** The desk picks a call's customer by a part of its name or id, a page at a time. */
@IntegrationTest
@AutoConfigureMockMvc
class CustomerSearchIT {

    @Autowired
    MockMvc mvc;

    String tag;

    @BeforeEach
    void threeCustomers() throws Exception {
        tag = UUID.randomUUID().toString().substring(0, 8);
        create("s" + tag + "-a", "华东 " + tag + " 制造");
        create("s" + tag + "-b", "Globex " + tag.toUpperCase() + " Trading");
        create("s" + tag + "-c", "华东 " + tag + " 物流");
        mvc.perform(post("/api/v1/customers/{id}/sites", "s" + tag + "-a").with(agent())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"id\":\"hq\",\"name\":\"总部\",\"address\":\"上海\",\"areaCode\":\"310115\"}"))
                .andExpect(status().isCreated());
    }

    @Test
    void findsCustomersByAPartOfTheirNameIgnoringCaseWithTheirSites() throws Exception {
        mvc.perform(get("/api/v1/customers").param("q", "globex " + tag).with(agent())).andExpect(status().isOk())
                .andExpect(jsonPath("$.content[*].id", contains("s" + tag + "-b")));
        mvc.perform(get("/api/v1/customers").param("q", "华东 " + tag + " 制").with(agent()))
                .andExpect(jsonPath("$.content[0].sites[0].id").value("hq"))
                .andExpect(jsonPath("$.content[0].sites[0].name").value("总部"));
    }

    @Test
    void pagesTheCustomersFound() throws Exception {
        mvc.perform(get("/api/v1/customers").param("q", tag).param("size", "2").param("page", "1").with(agent()))
                .andExpect(jsonPath("$.content[*].id", contains("s" + tag + "-c")))
                .andExpect(jsonPath("$.totalElements").value(3)).andExpect(jsonPath("$.totalPages").value(2));
    }

    @Test
    void aCustomerFindsOnlyItself() throws Exception {
        mvc.perform(get("/api/v1/customers").param("q", tag).with(customer("s" + tag + "-c")))
                .andExpect(jsonPath("$.content[*].id", contains("s" + tag + "-c")));
    }

    @Test
    void refusesAPageTooLargeWithAProblem() throws Exception {
        mvc.perform(get("/api/v1/customers").param("size", "500").with(agent())).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").exists());
    }

    private void create(String id, String name) throws Exception {
        mvc.perform(post("/api/v1/customers").with(agent()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"id\":\"%s\",\"name\":\"%s\"}".formatted(id, name))).andExpect(status().isCreated());
    }
}
