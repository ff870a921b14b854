package io.yunwei.intake.customer;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

import io.yunwei.chassis.web.RuleViolation;

/** A customer organisation with its sites and contacts. */
@Document("customers")
public class Customer {

    @Id
    private String id;
    @Version
    private Long version;
    private String name;
    private List<Site> sites = new ArrayList<>();
    private List<Contact> contacts = new ArrayList<>();
    private Instant createdAt;
    private Contract contract;

    protected Customer() {
    }

    Customer(String id, String name, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.createdAt = createdAt;
    }

    Site addSite(Site site) {
        if (site(site.id()).isPresent()) {
            throw new RuleViolation("SITE_EXISTS", "Customer " + id + " already has a site " + site.id() + ".");
        }
        sites.add(site);
        return site;
    }

    Contact addContact(Contact contact) {
        contacts.add(contact);
        return contact;
    }

    void contract(Contract contract) {
        this.contract = contract;
    }

    public Optional<Site> site(String siteId) {
        return sites.stream().filter(s -> s.id().equals(siteId)).findFirst();
    }

    public String id() { return id; }
    public String name() { return name; }
    public List<Site> sites() { return List.copyOf(sites); }
    public List<Contact> contacts() { return List.copyOf(contacts); }
    public Instant createdAt() { return createdAt; }
    public Optional<Contract> contract() { return Optional.ofNullable(contract); }

    /** A place where the customer's equipment stands, in an engineers' responsibility area. */
    public record Site(String id, String name, String address, String areaCode, AccessRules accessRules,
            SiteLocation location) {
    }

    /** What an engineer must ask about before entering the site. */
    public record AccessRules(boolean registrationRequired, boolean shoeCovers, boolean antiStatic, String notes) {
    }

    /** Where the site is (WGS 84), for planning engineers' travel; optional, sites recorded before have none. */
    public record SiteLocation(@NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude) {
    }

    public record Contact(String id, String name, String phone, String email) {
    }

    /**
     * What the customer pays us to maintain, and how fast. A customer without a contract is not filtered.
     *
     * @param businessCalendar the working-hours calendar its SLA clocks count in, or null for the default one
     */
    public record Contract(List<String> coveredCategories, String slaTier, Instant expiresAt, String businessCalendar,
            Instant updatedAt) {

        public boolean expiredAt(Instant now) {
            return expiresAt != null && !expiresAt.isAfter(now);
        }

        public boolean covers(String category) {
            return coveredCategories.contains(category);
        }
    }
}
